#pragma once
// Small rings and datacenters for the proxy and replicator tests: one object server per host,
// hosts joined by full-duplex cables (a line a - b - c ... or a star), every disk fast unless set.

#include <cstdint>
#include <string>
#include <vector>

#include "core/objectstore/ring_builder.hpp"
#include "core/runtime/spawn.hpp"
#include "core/runtime/task.hpp"
#include "sim/backend/simulated_backend.hpp"

namespace stacksim::objectstore::testing {

/// An object server's one device: ip = host name, port 6200, sdb, weight 100.
inline Device object_server(int zone, const std::string& host) {
  return make_device(1, zone, host, 6200, "sdb", 100);
}

/// One device per host, host i in zone i + 1.
inline RingBuilder one_device_per_host(int part_power, double replicas,
                                       const std::vector<std::string>& hosts) {
  RingBuilder builder(part_power, replicas, 0);
  for (std::size_t i = 0; i < hosts.size(); ++i)
    builder.add_dev(object_server(static_cast<int>(i) + 1, hosts[i]));
  builder.rebalance(7, 1'700'000'000);
  return builder;
}

/// Hosts joined in a line (hosts[0] - hosts[1] - ...) by cables of `bandwidth` bytes/s, no
/// latency; every host disk reads and writes at `disk_bandwidth`.
inline sim::SimulatedDatacenter line_datacenter(const std::vector<std::string>& hosts,
                                                double bandwidth, double disk_bandwidth) {
  sim::SimulatedDatacenter dc;
  std::vector<sim::NodeId> nodes;
  for (const std::string& host : hosts)
    nodes.push_back(dc.topology.add_node(host, sim::NodeKind::host));
  for (std::size_t i = 1; i < nodes.size(); ++i)
    dc.topology.add_cable(nodes[i - 1], nodes[i], bandwidth, 0);
  dc.host_disk.read_bytes_per_s = disk_bandwidth;
  dc.host_disk.write_bytes_per_s = disk_bandwidth;
  dc.control_latency_s = 0;
  return dc;
}

/// Runs `task` to completion on the simulator and returns its result.
template <class T>
T run_to_end(sim::Simulator& simulator, runtime::Task<T> task) {
  T result{};
  auto body = [&result](runtime::Task<T> inner) -> runtime::Task<void> {
    result = co_await std::move(inner);
  };
  auto handle = runtime::spawn(simulator, body(std::move(task)));
  simulator.run_until_idle();
  if (!handle.done()) throw std::logic_error("the task did not finish");
  handle.rethrow_if_failed();
  return result;
}

}  // namespace stacksim::objectstore::testing
