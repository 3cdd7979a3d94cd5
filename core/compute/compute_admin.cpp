// ComputeApi: flavors, keypairs, host aggregates and availability zones, server groups and compute
// services.

#include <map>

#include "core/compute/compute_api.hpp"
#include "core/compute/compute_error.hpp"

namespace stacksim::compute {

Flavor ComputeApi::create_flavor(const identity::RequestContext& ctx, const Flavor& flavor) {
  cell_.identity.policy().enforce("os_compute_api:os-flavor-manage:create", ctx);
  return cell_.flavors.create(flavor);
}

void ComputeApi::delete_flavor(const identity::RequestContext& ctx, const std::string& id) {
  cell_.identity.policy().enforce("os_compute_api:os-flavor-manage:delete", ctx);
  cell_.flavors.remove(id);  // servers keep their copy of the flavor
}

Flavor ComputeApi::get_flavor(const identity::RequestContext& ctx, const std::string& id) {
  Flavor flavor = cell_.flavors.get(id);
  if (!is_admin(ctx) && !cell_.flavors.accessible(flavor, ctx.project_id)) {
    throw flavor_not_found(id);
  }
  return flavor;
}

std::vector<Flavor> ComputeApi::list_flavors(const identity::RequestContext& ctx) {
  return cell_.flavors.list(is_admin(ctx) ? std::nullopt
                                          : std::optional<std::string>(ctx.project_id));
}

Flavor ComputeApi::set_flavor_extra_spec(const identity::RequestContext& ctx, const std::string& id,
                                         const std::string& key, const std::string& value) {
  cell_.identity.policy().enforce("os_compute_api:os-flavor-extra-specs:create", ctx);
  return cell_.flavors.set_extra_spec(id, key, value);
}

Flavor ComputeApi::unset_flavor_extra_spec(const identity::RequestContext& ctx,
                                           const std::string& id, const std::string& key) {
  cell_.identity.policy().enforce("os_compute_api:os-flavor-extra-specs:delete", ctx);
  return cell_.flavors.unset_extra_spec(id, key);
}

void ComputeApi::add_flavor_access(const identity::RequestContext& ctx, const std::string& id,
                                   const std::string& project_id) {
  cell_.identity.policy().enforce("os_compute_api:os-flavor-access:add_tenant_access", ctx);
  cell_.flavors.add_access(id, project_id);
}

void ComputeApi::remove_flavor_access(const identity::RequestContext& ctx, const std::string& id,
                                      const std::string& project_id) {
  cell_.identity.policy().enforce("os_compute_api:os-flavor-access:remove_tenant_access", ctx);
  cell_.flavors.remove_access(id, project_id);
}

Keypair ComputeApi::import_keypair(const identity::RequestContext& ctx, const std::string& name,
                                   const std::string& public_key, const std::string& type) {
  cell_.identity.policy().enforce("os_compute_api:os-keypairs:create", ctx,
                                  {{"user_id", ctx.user_id}});
  return cell_.keypairs.import(ctx.user_id, name, public_key, type);
}

Keypair ComputeApi::get_keypair(const identity::RequestContext& ctx, const std::string& name) {
  cell_.identity.policy().enforce("os_compute_api:os-keypairs:show", ctx,
                                  {{"user_id", ctx.user_id}});
  return cell_.keypairs.get(ctx.user_id, name);
}

std::vector<Keypair> ComputeApi::list_keypairs(const identity::RequestContext& ctx) {
  cell_.identity.policy().enforce("os_compute_api:os-keypairs:index", ctx,
                                  {{"user_id", ctx.user_id}});
  return cell_.keypairs.list(ctx.user_id);
}

void ComputeApi::delete_keypair(const identity::RequestContext& ctx, const std::string& name) {
  cell_.identity.policy().enforce("os_compute_api:os-keypairs:delete", ctx,
                                  {{"user_id", ctx.user_id}});
  cell_.keypairs.remove(ctx.user_id, name);
}

HostAggregate ComputeApi::create_aggregate(const identity::RequestContext& ctx,
                                           const std::string& name,
                                           std::optional<std::string> availability_zone) {
  cell_.identity.policy().enforce("os_compute_api:os-aggregates:create", ctx);
  HostAggregate a = cell_.aggregates.create(name, std::move(availability_zone));
  sync_aggregates();
  return a;
}

HostAggregate ComputeApi::set_aggregate_metadata(
    const identity::RequestContext& ctx, std::int64_t id,
    const std::map<std::string, std::optional<std::string>>& metadata) {
  cell_.identity.policy().enforce("os_compute_api:os-aggregates:set_metadata", ctx);
  HostAggregate a = cell_.aggregates.set_metadata(id, metadata);
  sync_aggregates();
  return a;
}

HostAggregate ComputeApi::add_aggregate_host(const identity::RequestContext& ctx, std::int64_t id,
                                             const std::string& host) {
  cell_.identity.policy().enforce("os_compute_api:os-aggregates:add_host", ctx);
  if (!cell_.hosts.has_node(host)) throw compute_host_not_found(host);
  HostAggregate a = cell_.aggregates.add_host(id, host);
  sync_aggregates();
  return a;
}

HostAggregate ComputeApi::remove_aggregate_host(const identity::RequestContext& ctx,
                                                std::int64_t id, const std::string& host) {
  cell_.identity.policy().enforce("os_compute_api:os-aggregates:remove_host", ctx);
  HostAggregate a = cell_.aggregates.remove_host(id, host);
  sync_aggregates();
  return a;
}

void ComputeApi::delete_aggregate(const identity::RequestContext& ctx, std::int64_t id) {
  cell_.identity.policy().enforce("os_compute_api:os-aggregates:delete", ctx);
  cell_.aggregates.remove(id);
  sync_aggregates();
}

std::vector<HostAggregate> ComputeApi::list_aggregates(const identity::RequestContext& ctx) {
  cell_.identity.policy().enforce("os_compute_api:os-aggregates:index", ctx);
  return cell_.aggregates.list();
}

std::vector<AvailabilityZone> ComputeApi::list_availability_zones(
    const identity::RequestContext& ctx) {
  cell_.identity.policy().enforce("os_compute_api:os-availability-zone:list", ctx);
  const std::string& fallback = cell_.config.scheduler.default_availability_zone;
  std::map<std::string, std::vector<std::string>> zones;
  for (const std::string& zone : cell_.aggregates.availability_zones())
    zones[zone];
  for (const runtime::HostInfo& node : cell_.hosts.nodes()) {
    zones[cell_.aggregates.availability_zone_of(node.name, fallback)].push_back(node.name);
  }
  std::vector<AvailabilityZone> out;
  for (auto& [name, hosts] : zones)
    out.push_back({name, std::move(hosts)});
  return out;
}

ServerGroup ComputeApi::create_server_group(const identity::RequestContext& ctx,
                                            const std::string& name, const std::string& policy,
                                            std::optional<int> max_server_per_host) {
  cell_.identity.policy().enforce("os_compute_api:os-server-groups:create", ctx,
                                  {{"project_id", ctx.project_id}});
  ServerGroup group =
      cell_.server_groups.create(ctx.project_id, ctx.user_id, name, policy, max_server_per_host);
  cell_.hosts.add_group(group);
  return group;
}

ServerGroup ComputeApi::get_server_group(const identity::RequestContext& ctx,
                                         const std::string& uuid) {
  ServerGroup group = cell_.server_groups.get(uuid);
  if (!is_admin(ctx) && group.project_id != ctx.project_id) throw instance_group_not_found(uuid);
  cell_.identity.policy().enforce("os_compute_api:os-server-groups:show", ctx,
                                  {{"project_id", group.project_id}});
  return group;
}

void ComputeApi::delete_server_group(const identity::RequestContext& ctx, const std::string& uuid) {
  const ServerGroup group = get_server_group(ctx, uuid);
  cell_.identity.policy().enforce("os_compute_api:os-server-groups:delete", ctx,
                                  {{"project_id", group.project_id}});
  cell_.server_groups.remove(uuid);
}

ServiceStatus ComputeApi::status_of(const ComputeService& service) {
  const runtime::TimePoint now = cell_.now();
  return {service,
          cell_.aggregates.availability_zone_of(service.host,
                                                cell_.config.scheduler.default_availability_zone),
          cell_.services.is_up(service, now), cell_.services.last_seen_up(service, now)};
}

std::vector<ServiceStatus> ComputeApi::list_services(const identity::RequestContext& ctx) {
  cell_.identity.policy().enforce("os_compute_api:os-services:list", ctx);
  std::vector<ServiceStatus> out;
  for (const ComputeService& service : cell_.services.list())
    out.push_back(status_of(service));
  return out;
}

ServiceStatus ComputeApi::set_service_disabled(const identity::RequestContext& ctx,
                                               const std::string& host, bool disabled,
                                               const std::string& reason) {
  cell_.identity.policy().enforce("os_compute_api:os-services:update", ctx);
  return status_of(cell_.services.set_disabled(host, disabled, reason));
}

ServiceStatus ComputeApi::set_service_forced_down(const identity::RequestContext& ctx,
                                                  const std::string& host, bool forced_down) {
  cell_.identity.policy().enforce("os_compute_api:os-services:update", ctx);
  return status_of(cell_.services.set_forced_down(host, forced_down));
}

HostUsage ComputeApi::hypervisor_usage(const identity::RequestContext& ctx,
                                       const std::string& host) {
  cell_.identity.policy().enforce("os_compute_api:os-hypervisors:show", ctx);
  if (!cell_.hosts.has_node(host)) throw compute_host_not_found(host);
  return cell_.hosts.usage(host);
}

}  // namespace stacksim::compute
