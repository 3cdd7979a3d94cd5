#include "core/network/host_wiring.hpp"

#include <exception>
#include <set>

#include "core/network/flow_text.hpp"

namespace stacksim::network {

const HostPlan* HostWiring::applied(const std::string& host) const {
  const auto it = applied_.find(host);
  return it == applied_.end() ? nullptr : &it->second;
}

runtime::Task<WiringFailures> HostWiring::sync(runtime::NetworkDriver& driver,
                                               std::vector<HostPlan> plans) {
  std::set<std::string> planned;
  for (const HostPlan& p : plans)
    planned.insert(p.host);
  for (const auto& [host, previous] : applied_) {
    if (planned.count(host) == 0) {
      HostPlan empty;  // sync_host empties the bridges it had
      empty.host = host;
      plans.push_back(std::move(empty));
    }
  }
  WiringFailures failures;
  for (HostPlan& plan : plans) {
    const std::string host = plan.host;
    std::string error;
    try {
      co_await sync_host(driver, std::move(plan));
    } catch (const std::exception& e) {
      error = e.what();
    }
    if (!error.empty()) failures[host] = error;
  }
  co_return failures;
}

runtime::Task<void> HostWiring::sync_host(runtime::NetworkDriver& driver, HostPlan plan) {
  const HostPlan* before = applied(plan.host);
  if (before != nullptr) {
    // A bridge no longer planned (no tunnelled or physical network left here) keeps existing but
    // loses its ports and flows.
    for (const BridgePlan& b : before->bridges)
      if (plan.bridge(b.name) == nullptr) plan.bridges.push_back({b.name, {}, {b.name, {}}});
  }
  for (const BridgePlan& bridge : plan.bridges) {
    const BridgePlan* old = before ? before->bridge(bridge.name) : nullptr;
    if (old == nullptr) co_await driver.ensure_bridge(plan.host, bridge.name);
    std::set<std::string> wanted;
    for (const runtime::PortSpec& p : bridge.ports) {
      wanted.insert(p.name);
      bool present = false;
      if (old != nullptr)
        for (const runtime::PortSpec& q : old->ports)
          present = present || (q.name == p.name && q.ofport == p.ofport);
      if (!present) co_await driver.add_port(plan.host, p);
    }
    if (old != nullptr) {
      for (const runtime::PortSpec& q : old->ports)
        if (wanted.count(q.name) == 0) co_await driver.remove_port(plan.host, bridge.name, q.name);
    }
    if (old == nullptr || to_ofctl(old->flows) != to_ofctl(bridge.flows))
      co_await driver.apply_flow_table(plan.host, bridge.flows);
  }
  std::set<std::string> tunnels;
  for (const runtime::TunnelSpec& t : plan.tunnels) {
    tunnels.insert(t.name);
    bool present = false;
    if (before != nullptr)
      for (const runtime::TunnelSpec& u : before->tunnels)
        present = present || (u.name == t.name && u.remote_host == t.remote_host);
    if (!present) co_await driver.ensure_tunnel(t);
  }
  // A tunnel is a port of br-tun: the last port of the networks it carried left one of its ends.
  if (before != nullptr) {
    for (const runtime::TunnelSpec& u : before->tunnels)
      if (tunnels.count(u.name) == 0) co_await driver.remove_port(plan.host, u.bridge, u.name);
  }
  applied_[plan.host] = std::move(plan);
}

}  // namespace stacksim::network
