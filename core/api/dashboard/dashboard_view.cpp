#include "core/api/dashboard/dashboard_view.hpp"

#include <map>

#include "core/api/compute/compute_api_routes.hpp"
#include "core/api/compute/server_addresses.hpp"
#include "core/objectstore/device.hpp"

namespace stacksim::api {
namespace {

// Nova's rule for os-hypervisors; the dashboard's host section and the host column of instances
// follow it, as `openstack hypervisor list` and `server show` do.
const char* const hypervisors_rule = "os_compute_api:os-hypervisors:show";

std::vector<HostRow> host_rows(compute::ComputeApi& nova, const identity::RequestContext& ctx,
                               const std::vector<compute::Instance>& instances) {
  std::map<std::string, compute::ServiceStatus> services;
  for (compute::ServiceStatus& s : nova.list_services(ctx))
    services.emplace(s.service.host, std::move(s));
  std::vector<HostRow> rows;
  for (const runtime::HostInfo& node : nova.cell().hosts.nodes()) {
    const compute::HostUsage used = nova.hypervisor_usage(ctx, node.name);
    HostRow row;
    row.name = node.name;
    if (const auto s = services.find(node.name); s != services.end()) {
      row.up = s->second.up;
      row.disabled = s->second.service.disabled;
    }
    row.vcpus = node.vcpus;
    row.vcpus_used = used.vcpus_used;
    row.memory_mb = node.memory_mb;
    row.memory_mb_used = used.memory_mb_used;
    row.disk_gb = node.disk_gb;
    row.disk_gb_used = used.local_gb_used;
    for (const compute::Instance& i : instances)
      row.instances += i.host == node.name ? 1 : 0;
    rows.push_back(std::move(row));
  }
  return rows;
}

/// Nova's addresses of a server as "network=ip" (floating ones marked), in Nova's order.
std::vector<std::string> address_texts(const ServerAddresses& addresses,
                                       const std::string& instance_id) {
  std::vector<std::string> out;
  const nlohmann::json by_network = addresses.of(instance_id);
  for (const auto& [network_name, entries] : by_network.items()) {
    for (const nlohmann::json& entry : entries) {
      out.push_back(network_name + "=" + entry.at("addr").get<std::string>() +
                    (entry.value("OS-EXT-IPS:type", "") == "floating" ? " (floating)" : ""));
    }
  }
  return out;
}

std::vector<NetworkRow> network_rows(network::NetworkService& neutron,
                                     const identity::RequestContext& ctx, bool admin) {
  std::vector<NetworkRow> rows;
  // NetworkService's per-project list is Neutron's get_network default: own, shared, external.
  const std::optional<std::string> project =
      admin ? std::nullopt : std::optional<std::string>(ctx.project_id);
  for (const network::Network& n : neutron.list_networks(project)) {
    NetworkRow row{n.id, n.name, n.status, n.shared, n.router_external, {}};
    for (const network::Subnet& s : neutron.list_subnets(n.id)) {
      // get_subnet: admin, the subnet's owner, or anyone on a shared network.
      if (!admin && !n.shared && s.project_id != ctx.project_id) continue;
      row.subnets.push_back({s.name, s.cidr, s.gateway_ip.value_or("")});
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

RingRow ring_row(const DashboardRing& ring) {
  const objectstore::RingBuilder& b = *ring.builder;
  RingRow row{ring.name, b.parts(), b.replicas(), b.get_balance(), b.dispersion(), {}};
  const std::vector<double> balances = b.balance_per_dev();
  for (const std::optional<objectstore::Device>& dev : b.devs()) {
    if (!dev) continue;
    const double balance =
        static_cast<std::size_t>(dev->id) < balances.size() ? balances[dev->id] : 0.0;
    row.devices.push_back({dev->id, dev->region, dev->zone,
                           dev->ip + ":" + std::to_string(dev->port), dev->device, dev->weight,
                           dev->parts, balance});
  }
  return row;
}

}  // namespace

DashboardView gather_dashboard_view(const DashboardSources& sources,
                                    const identity::PolicyEngine& policy,
                                    const identity::Token& token, runtime::TimePoint now) {
  const identity::RequestContext ctx = identity::RequestContext::from_token(token);
  DashboardView view;
  view.user = token.user.name;
  view.project = token.project ? token.project->name : "";
  view.admin = policy.is_admin(ctx);
  view.clock = now;

  const bool sees_hosts = policy.check(hypervisors_rule, ctx);
  const std::vector<compute::Instance> instances = sources.compute.list_servers(ctx, view.admin);
  const ServerAddresses addresses = ServerAddresses::for_project(
      sources.network, view.admin ? std::nullopt : std::optional<std::string>(ctx.project_id));
  for (const compute::Instance& i : instances) {
    InstanceRow row;
    row.id = i.uuid;
    row.name = i.name;
    row.status = nova_server_status(i.vm_state, i.task_state);
    if (sees_hosts) row.host = i.host;
    row.flavor = i.flavor.name;
    row.addresses = address_texts(addresses, i.uuid);
    view.instances.push_back(std::move(row));
  }
  if (sees_hosts) view.hosts = host_rows(sources.compute, ctx, instances);
  view.networks = network_rows(sources.network, ctx, view.admin);
  if (view.admin) {
    view.rings.emplace();
    for (const DashboardRing& ring : sources.rings)
      view.rings->push_back(ring_row(ring));
  }
  return view;
}

}  // namespace stacksim::api
