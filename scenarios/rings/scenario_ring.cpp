#include "scenarios/rings/scenario_ring.hpp"

#include "core/objectstore/device.hpp"

namespace stacksim::scenarios {

int swift_server_port(const std::string& ring_name) {
  if (ring_name == "account") return 6202;
  if (ring_name == "container") return 6201;
  return 6200;
}

std::vector<ScenarioRing> build_scenario_rings(const Scenario& scenario) {
  std::vector<ScenarioRing> rings;
  for (const SwiftRingSpec& spec : scenario.datacenter.storage.rings) {
    ScenarioRing ring{spec.name,
                      objectstore::RingBuilder(spec.part_power, spec.replicas, spec.min_part_hours),
                      {}};
    const int port = swift_server_port(spec.name);
    for (const SwiftZone& zone : spec.zones) {
      for (const SwiftDevice& dev : zone.devices) {
        ring.builder.add_dev(objectstore::make_device(zone.region, zone.zone, dev.host, port,
                                                      dev.device, dev.weight));
        ring.hosts.host_by_ip[dev.host] = dev.host;
      }
    }
    ring.builder.rebalance(scenario.seed, 0);
    rings.push_back(std::move(ring));
  }
  return rings;
}

objectstore::HashPathConfig scenario_hash_path(const Scenario& scenario) {
  return {"", "stacksim-" + std::to_string(scenario.seed)};
}

}  // namespace stacksim::scenarios
