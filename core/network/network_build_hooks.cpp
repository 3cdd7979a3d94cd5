#include "core/network/network_build_hooks.hpp"

#include <algorithm>

#include "core/network/flow_layout.hpp"
#include "core/network/topology_snapshot.hpp"
#include "core/runtime/executor.hpp"
#include "core/runtime/service_error.hpp"

namespace stacksim::network {
namespace {

std::vector<runtime::NicSpec> nics_of(const std::vector<Port>& ports) {
  std::vector<runtime::NicSpec> out;
  for (const Port& p : ports)
    out.push_back({p.id, p.mac_address, p.network_id, layout::integration_bridge});
  return out;
}

}  // namespace

std::vector<InstancePortRequest> NetworkBuildHooks::port_requests(
    const compute::Instance& instance) {
  using Mode = compute::NetworkRequest::Mode;
  const compute::NetworkRequest& requested = instance.requested_networks;
  std::vector<InstancePortRequest> out;
  if (requested.mode == Mode::none) return out;
  if (requested.mode == Mode::listed) {
    for (const compute::RequestedNetwork& r : requested.entries)
      out.push_back({r.network_id, r.port_id, r.fixed_ip});
    return out;
  }
  // "auto": the project's own and shared networks, not external ones (Nova's
  // _get_available_networks); exactly one may be used.
  std::vector<std::string> candidates;
  for (const Network& n : service_.list_networks(instance.project_id))
    if (!n.router_external) candidates.push_back(n.id);
  if (candidates.empty()) {
    // Neutron's auto-allocated topology needs a default external network and subnet pool, which
    // this model does not provide.
    throw runtime::ServiceError(
        "UnableToAutoAllocateNetwork", 400,
        "Unable to automatically allocate a network for project " + instance.project_id);
  }
  if (candidates.size() > 1) {
    throw runtime::ServiceError("NetworkAmbiguous", 409,
                                "Multiple possible networks found, use a Network ID to be more "
                                "specific.");
  }
  out.push_back({candidates.front(), "", ""});
  return out;
}

std::vector<std::string> NetworkBuildHooks::security_group_ids(const compute::Instance& instance) {
  std::vector<std::string> out;
  if (instance.security_groups.empty()) return out;  // Neutron applies the project's default
  service_.ensure_default_security_group(instance.project_id);
  const std::vector<SecurityGroup> groups = service_.list_security_groups(instance.project_id);
  for (const std::string& wanted : instance.security_groups) {
    const auto by_id = std::find_if(groups.begin(), groups.end(),
                                    [&](const SecurityGroup& g) { return g.id == wanted; });
    if (by_id != groups.end()) {
      out.push_back(by_id->id);
      continue;
    }
    const auto named = std::count_if(groups.begin(), groups.end(),
                                     [&](const SecurityGroup& g) { return g.name == wanted; });
    if (named > 1) {
      throw runtime::ServiceError("NoUniqueMatch", 409,
                                  "Multiple security groups found matching '" + wanted +
                                      "'. Use an ID to be more specific.");
    }
    const auto by_name = std::find_if(groups.begin(), groups.end(),
                                      [&](const SecurityGroup& g) { return g.name == wanted; });
    if (by_name == groups.end()) {
      throw runtime::ServiceError("SecurityGroupNotFound", 400,
                                  "Security group " + wanted + " not found.");
    }
    out.push_back(by_name->id);
  }
  return out;
}

runtime::Task<std::vector<runtime::NicSpec>> NetworkBuildHooks::allocate_network(
    compute::Instance instance, std::string host) {
  std::vector<Port> ports = service_.instance_ports(instance.uuid);
  if (!ports.empty()) {
    ports = service_.bind_instance_ports(instance.uuid, host);
  } else {
    const std::string zone =
        instance.availability_zone.empty() ? "nova" : instance.availability_zone;
    ports =
        service_.allocate_for_instance(instance.project_id, instance.uuid, port_requests(instance),
                                       host, security_group_ids(instance), zone);
  }
  co_await wire(host);
  co_return nics_of(ports);
}

runtime::Task<void> NetworkBuildHooks::bind_to_host(compute::Instance instance, std::string host) {
  if (service_.instance_ports(instance.uuid).empty()) co_return;
  service_.bind_instance_ports(instance.uuid, host);
  co_await wire(host);
}

runtime::Task<void> NetworkBuildHooks::release(compute::Instance instance, std::string host) {
  (void)host;  // every binding of the instance goes, wherever it is
  service_.deallocate_for_instance(instance.uuid);
  // A host that is down keeps its stale wiring until a later rewire reaches it.
  (void)co_await rewire();
}

runtime::Task<void> NetworkBuildHooks::wire(std::string host) {
  const WiringFailures failures = co_await rewire();
  const auto failed = failures.find(host);
  if (failed != failures.end()) {
    throw runtime::ServiceError("VirtualInterfaceCreateException", 500,
                                "Virtual Interface creation failed: " + failed->second);
  }
}

std::vector<runtime::PortSpec> expected_vif_ports(NetworkService& service,
                                                  const std::string& host) {
  const HostPlan plan = compile_host(take_snapshot(service), host);
  std::vector<runtime::PortSpec> out;
  if (const BridgePlan* br_int = plan.bridge(layout::integration_bridge)) {
    for (const runtime::PortSpec& p : br_int->ports)
      if (!p.port_id.empty()) out.push_back(p);
  }
  return out;
}

runtime::Task<WiringFailures> NetworkBuildHooks::rewire() {
  const std::uint64_t generation = ++changes_;
  if (syncing_) {
    SyncAwaiter wait{*this, generation};
    co_return co_await wait;
  }
  runtime::Executor& executor = co_await runtime::this_task::executor();
  // Resumes (from the executor, not from inside this loop) the waiters `covered` satisfies.
  auto release = [&](std::uint64_t covered, const WiringFailures& failures,
                     std::exception_ptr error) {
    std::erase_if(waiters_, [&](SyncAwaiter* w) {
      if (w->generation > covered) return false;
      w->failures = failures;
      w->error = error;
      executor.post([h = w->handle] { h.resume(); });
      return true;
    });
  };
  syncing_ = true;
  WiringFailures failures;
  std::exception_ptr error;
  while (!error && synced_ < changes_) {
    // Every change requested so far is in the state this sync compiles.
    const std::uint64_t covered = changes_;
    try {
      failures = co_await wiring_.sync(driver_, compile_all(take_snapshot(service_)));
    } catch (...) {
      error = std::current_exception();
    }
    synced_ = error ? changes_ : covered;
    release(synced_, failures, error);
  }
  syncing_ = false;
  if (error) std::rethrow_exception(error);
  co_return failures;
}

}  // namespace stacksim::network
