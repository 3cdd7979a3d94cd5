// A physical bridge (br-ex, br-provider, ... from bridge_mappings): frames from br-int leave on the
// uplink with the network's provider VLAN (or untagged for a flat network); frames from the wire
// go to br-int, which maps the provider VLAN to the local one (table 0 there).

#include "core/network/flow_emitters.hpp"
#include "core/network/flow_layout.hpp"

namespace stacksim::network {

using namespace layout;

void emit_physical_flows(const TopologySnapshot& topology, const HostLayout& host,
                         std::size_t mapping, FlowTable& table) {
  const BridgeMapping& m = topology.config.bridge_mappings.at(mapping);
  const std::string patch = std::to_string(phys_patch_ofport);
  for (const std::string& id : host.networks) {
    const Network& n = topology.network(id);
    if (is_tunnelled(n.network_type) || n.physical_network != m.physical_network) continue;
    std::vector<std::string> actions;
    if (n.network_type == NetworkType::vlan) {
      actions.push_back("mod_vlan_vid:" + std::to_string(*n.segmentation_id));
    } else {
      actions.push_back("strip_vlan");
    }
    actions.push_back(output(phys_uplink_ofport));
    table.rules.push_back(make_rule(
        phys_classify, 4, {{"in_port", patch}, {"dl_vlan", std::to_string(host.local_vlan(id))}},
        std::move(actions)));
  }
  table.rules.push_back(make_rule(phys_classify, 2, {{"in_port", patch}}, {}));
  table.rules.push_back(make_rule(phys_classify, 1,
                                  {{"in_port", std::to_string(phys_uplink_ofport)}},
                                  {output(phys_patch_ofport)}));
  table.rules.push_back(make_rule(phys_classify, 0, {}, {}));
}

}  // namespace stacksim::network
