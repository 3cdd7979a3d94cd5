#include "core/compute/compute_api.hpp"

#include <algorithm>
#include <limits>

#include "core/compute/compute_error.hpp"
#include "core/compute/compute_policies.hpp"
#include "core/compute/instance_states.hpp"
#include "core/runtime/spawn.hpp"
#include "core/store/savepoint.hpp"

namespace stacksim::compute {
namespace {

constexpr std::int64_t gib = std::int64_t{1} << 30;

/// A create-time lookup failure is a 400 in the servers API, whatever the lookup's own status.
ServiceError bad_request_from(const ServiceError& e) {
  return {e.type(), 400, e.what()};
}

std::string display_name(const std::string& tmpl, const std::string& name, int count,
                         const std::string& uuid) {
  std::string out = tmpl;
  auto substitute = [&out](const std::string& key, const std::string& value) {
    for (std::size_t at = out.find(key); at != std::string::npos; at = out.find(key, at)) {
      out.replace(at, key.size(), value);
      at += value.size();
    }
  };
  substitute("%(name)s", name);
  substitute("%(count)d", std::to_string(count));
  substitute("%(uuid)s", uuid);
  return out;
}

}  // namespace

ComputeApi::ComputeApi(store::Database& db, runtime::Backend& backend,
                       identity::IdentityService& identity, image::ImageService& images,
                       image::ImageCache& image_cache, ComputeConfig config, BuildHooks* hooks)
    : default_hooks_(hooks == nullptr ? std::make_unique<BuildHooks>() : nullptr),
      cell_(db, backend, identity, images, image_cache, std::move(config),
            hooks == nullptr ? *default_hooks_ : *hooks),
      conductor_(cell_) {
  identity.policy().register_defaults(compute_policy_defaults());
  sync_aggregates();
  for (const ServerGroup& group : cell_.server_groups.list())
    cell_.hosts.add_group(group);
  recover_interrupted();
  cell_.hosts.restore_allocations();
  backend.subscribe([this](const runtime::BackendEvent& event) { on_backend_event(event); });
}

void ComputeApi::start(runtime::Task<void> task) {
  runtime::spawn(cell_.backend.executor(), std::move(task));
}

bool ComputeApi::is_admin(const identity::RequestContext& ctx) const {
  return cell_.identity.policy().is_admin(ctx);
}

void ComputeApi::sync_aggregates() {
  cell_.hosts.set_aggregates(cell_.aggregates.list());
}

void ComputeApi::recover_interrupted() {
  // What a restart of the control plane cut short (nova-compute's _init_instance).
  for (Migration m : cell_.migrations.list()) {
    static const std::vector<std::string> in_flight = {
        "accepted",  "pre-migrating", "migrating",  "post-migrating",
        "preparing", "running",       "confirming", "reverting"};
    if (std::find(in_flight.begin(), in_flight.end(), m.status) == in_flight.end()) continue;
    m.status = "error";
    m.updated_at = cell_.now();
    cell_.migrations.save(m);
  }
  for (Instance instance : cell_.instances.list()) {
    if (instance.task_state == TaskState::none) continue;
    if (instance.task_state == TaskState::deleting) {
      cell_.finish_delete(instance);
    } else if (instance.vm_state == VmState::building) {
      cell_.set_error(instance, 500,
                      "Build of instance " + instance.uuid +
                          " was interrupted by a restart of the control plane.");
    } else {
      instance.task_state = TaskState::none;
      cell_.save(instance);
    }
  }
  // Interrupted moves may have left their source allocation with the migration.
  store::Statement& orphans = cell_.db.cached(
      "SELECT a.consumer_uuid, m.instance_uuid FROM compute_allocations a JOIN "
      "compute_migrations m ON m.uuid = a.consumer_uuid WHERE m.status = 'error'");
  std::vector<std::pair<std::string, std::string>> held;
  while (orphans.step())
    held.emplace_back(orphans.column_text(0), orphans.column_text(1));
  for (const auto& [migration, instance_uuid] : held) {
    store::Statement& own = cell_.db.cached(
        "UPDATE compute_allocations SET consumer_uuid = ?2 WHERE consumer_uuid = ?1 AND NOT "
        "EXISTS (SELECT 1 FROM compute_allocations WHERE consumer_uuid = ?2)");
    if (own.bind_all(migration, instance_uuid).execute() == 0) {
      cell_.db.cached("DELETE FROM compute_allocations WHERE consumer_uuid = ?1")
          .bind(1, migration)
          .execute();
    }
  }
}

runtime::Task<void> ComputeApi::register_hosts() {
  co_await register_hosts(cell_.backend.hosts());
}

runtime::Task<void> ComputeApi::register_hosts(std::vector<std::string> hosts) {
  for (const std::string& host : hosts) {
    const runtime::HostInfo info = co_await cell_.backend.hypervisor(host).host_info();
    cell_.hosts.add_node(info);
    if (info.up) {
      cell_.services.start(host, cell_.now());
    } else {
      if (!cell_.services.exists(host)) cell_.services.start(host, cell_.now());
      cell_.services.stop(host, cell_.now());
    }
  }
  sync_aggregates();
}

void ComputeApi::on_backend_event(const runtime::BackendEvent& event) {
  using Kind = runtime::BackendEventKind;
  switch (event.kind) {
    case Kind::host_down:
      if (cell_.services.exists(event.host)) cell_.services.stop(event.host, event.time);
      break;
    case Kind::host_up:
      if (cell_.services.exists(event.host)) {
        cell_.services.start(event.host, event.time);
        start(conductor_.cleanup_evacuated(event.host));
      }
      break;
    case Kind::instance_stopped:
    case Kind::instance_crashed: {
      // _sync_power_states: an instance that stopped by itself is marked stopped.
      std::optional<Instance> instance = cell_.instances.find(event.resource);
      if (!instance || instance->deleted || instance->host != event.host ||
          instance->vm_state != VmState::active || instance->task_state != TaskState::none) {
        break;
      }
      instance->power_state =
          event.kind == Kind::instance_crashed ? PowerState::crashed : PowerState::shutdown;
      instance->vm_state = VmState::stopped;
      cell_.save(*instance);
      break;
    }
    default:
      break;
  }
}

Instance ComputeApi::visible_instance(const identity::RequestContext& ctx, const std::string& uuid,
                                      const std::string& action) {
  Instance instance = cell_.instances.get(uuid);
  if (!is_admin(ctx) && instance.project_id != ctx.project_id) throw instance_not_found(uuid);
  cell_.identity.policy().enforce(action, ctx, {{"project_id", instance.project_id}});
  return instance;
}

std::pair<int, std::string> ComputeApi::reserve_instances(const std::string& project_id,
                                                          const Flavor& flavor, int min_count,
                                                          int max_count) {
  auto deltas = [&flavor](int n) {
    return identity::QuotaDeltas{
        {"instances", n}, {"cores", std::int64_t{n} * flavor.vcpus}, {"ram", n * flavor.memory_mb}};
  };
  identity::QuotaEngine& quotas = cell_.identity.quotas();
  try {
    return {max_count, quotas.reserve(project_id, deltas(max_count))};
  } catch (const identity::QuotaExceeded& e) {
    // How many would fit: the smallest headroom in instances, cores / vcpus and ram / memory.
    std::int64_t allowed = quotas.usage(project_id, "instances").headroom();
    allowed = std::min(allowed, quotas.usage(project_id, "cores").headroom() / flavor.vcpus);
    allowed = std::min(allowed, quotas.usage(project_id, "ram").headroom() / flavor.memory_mb);
    if (allowed >= min_count && allowed < max_count) {
      const int count = static_cast<int>(allowed);
      return {count, quotas.reserve(project_id, deltas(count))};
    }
    std::vector<identity::QuotaOver> overs = e.overs();
    for (identity::QuotaOver& over : overs) {
      if (over.resource == "instances") {
        over.requested = min_count == max_count
                             ? std::to_string(max_count)
                             : std::to_string(min_count) + "-" + std::to_string(max_count);
      }
    }
    throw identity::QuotaExceeded(std::move(overs));
  }
}

ServerCreateResult ComputeApi::create_servers(const identity::RequestContext& ctx,
                                              const ServerCreate& request) {
  cell_.identity.policy().enforce("os_compute_api:servers:create", ctx,
                                  {{"project_id", ctx.project_id}});
  if (request.name.empty() || request.name.size() > 255) {
    throw ServiceError("ValidationError", 400,
                       "Invalid input for field/attribute name. Value: " + request.name +
                           ". Expected a server name of 1 to 255 characters");
  }
  if (request.min_count < 1 || request.max_count < 1) {
    throw ServiceError("ValidationError", 400, "min_count and max_count must be at least 1");
  }
  if (request.min_count > request.max_count) {
    throw ServiceError("ValidationError", 400, "min_count must be <= max_count");
  }

  Flavor flavor;
  try {
    flavor = cell_.flavors.get(request.flavor_id);
  } catch (const ServiceError& e) {
    throw bad_request_from(e);
  }
  if (flavor.disabled || !cell_.flavors.accessible(flavor, ctx.project_id)) {
    throw bad_request_from(flavor_not_found(request.flavor_id));
  }

  image::Image img;
  try {
    img = cell_.images.get(ctx, request.image_id);
  } catch (const ServiceError& e) {
    if (e.http_status() == 404) throw image_not_found();
    throw;
  }
  if (img.status != image::ImageStatus::active) throw image_not_active(img.id);
  if (flavor.memory_mb < img.min_ram) {
    throw ServiceError("FlavorMemoryTooSmall", 400,
                       "Flavor's memory is too small for requested image.");
  }
  if (flavor.root_gb > 0) {
    if (img.size && *img.size > flavor.root_gb * gib) {
      throw ServiceError("FlavorDiskSmallerThanImage", 400,
                         "Flavor's disk is too small for requested image. Flavor disk is " +
                             std::to_string(flavor.root_gb * gib) + " bytes, image is " +
                             std::to_string(*img.size) + " bytes.");
    }
    if (img.min_disk > flavor.root_gb) {
      throw ServiceError(
          "FlavorDiskSmallerThanMinDisk", 400,
          "Flavor's disk is smaller than the minimum size specified in image metadata. Flavor "
          "disk is " +
              std::to_string(flavor.root_gb * gib) + " bytes, minimum size is " +
              std::to_string(img.min_disk * gib) + " bytes.");
    }
  }

  if (request.availability_zone) {
    const std::string& zone = *request.availability_zone;
    if (zone != cell_.config.scheduler.default_availability_zone &&
        !cell_.aggregates.availability_zones().contains(zone)) {
      throw invalid_request("The requested availability zone is not available");
    }
  }
  if (request.key_name) {
    try {
      (void)cell_.keypairs.get(ctx.user_id, *request.key_name);
    } catch (const ServiceError&) {
      throw ServiceError("KeypairNotFound", 400, "Invalid key_name provided.");
    }
  }
  if (request.max_count > 1) {
    for (const RequestedNetwork& r : request.networks.entries) {
      if (!r.port_id.empty()) {
        throw invalid_request(
            "Unable to launch multiple instances with a single configured port ID. Please launch "
            "your instance one by one with different ports.");
      }
    }
  }
  if (request.server_group) {
    try {
      const ServerGroup group = cell_.server_groups.get(*request.server_group);
      if (group.project_id != ctx.project_id && !is_admin(ctx)) {
        throw instance_group_not_found(group.uuid);
      }
    } catch (const ServiceError& e) {
      throw bad_request_from(e);
    }
  }

  const auto [count, reservation] =
      reserve_instances(ctx.project_id, flavor, request.min_count, request.max_count);
  ServerCreateResult result;
  result.reservation_id = cell_.next_reservation_id();
  BuildPlan plan;
  plan.request = {flavor, img.properties, request.server_group.value_or("")};
  plan.hints.availability_zone = request.availability_zone;
  plan.hints.same_host = request.same_host;
  plan.hints.different_host = request.different_host;
  plan.image_size = img.size.value_or(0);
  plan.image_disk_format = img.disk_format;
  try {
    store::Savepoint tx(cell_.db);
    for (int i = 0; i < count; ++i) {
      Instance instance;
      instance.uuid = cell_.next_instance_uuid();
      instance.name = count == 1 ? request.name
                                 : display_name(cell_.config.multi_instance_display_name_template,
                                                request.name, i + 1, instance.uuid);
      instance.project_id = ctx.project_id;
      instance.user_id = ctx.user_id;
      instance.flavor = flavor;
      instance.image_id = img.id;
      instance.image_properties = img.properties;
      instance.key_name = request.key_name.value_or("");
      instance.server_group = request.server_group.value_or("");
      instance.availability_zone = request.availability_zone.value_or("");
      instance.created_at = instance.updated_at = cell_.now();
      instance.reservation_id = result.reservation_id;
      instance.launch_index = i;
      instance.same_host = request.same_host;
      instance.different_host = request.different_host;
      instance.requested_networks = request.networks;
      instance.security_groups = request.security_groups;
      cell_.instances.create(instance);
      cell_.hooks.accept_block_devices(ctx, instance, request.block_device_mapping_v2);
      plan.instance_uuids.push_back(instance.uuid);
      result.instances.push_back(std::move(instance));
    }
    if (request.server_group) {
      cell_.server_groups.add_members(*request.server_group, plan.instance_uuids);
    }
    tx.commit();
  } catch (...) {
    cell_.identity.quotas().rollback(reservation);
    throw;
  }
  cell_.identity.quotas().commit(reservation);
  start(conductor_.build_instances(std::move(plan)));
  return result;
}

Instance ComputeApi::get_server(const identity::RequestContext& ctx, const std::string& uuid) {
  return visible_instance(ctx, uuid, "os_compute_api:servers:show");
}

std::optional<std::string> ComputeApi::authorize_list_servers(const identity::RequestContext& ctx,
                                                              bool all_projects) {
  if (all_projects) {
    cell_.identity.policy().enforce("os_compute_api:servers:index:get_all_tenants", ctx);
    return std::nullopt;
  }
  cell_.identity.policy().enforce("os_compute_api:servers:index", ctx,
                                  {{"project_id", ctx.project_id}});
  return ctx.project_id;
}

std::vector<Instance> ComputeApi::list_servers(const identity::RequestContext& ctx,
                                               bool all_projects) {
  InstanceFilter filter;
  filter.project_id = authorize_list_servers(ctx, all_projects);
  return cell_.instances.list(filter);
}

std::optional<InstanceFault> ComputeApi::server_fault(const identity::RequestContext& ctx,
                                                      const std::string& uuid) {
  (void)visible_instance(ctx, uuid, "os_compute_api:servers:show");
  return cell_.instances.fault(uuid);
}

void ComputeApi::delete_server(const identity::RequestContext& ctx, const std::string& uuid) {
  Instance instance = visible_instance(ctx, uuid, "os_compute_api:servers:delete");
  check_instance_state(instance, delete_check(), "delete");
  if (instance.task_state == TaskState::deleting) return;
  const bool building = instance.vm_state == VmState::building;
  instance.task_state = TaskState::deleting;
  cell_.save(instance);
  // A build in flight notices the delete at its next step and cleans up itself.
  if (!building) start(conductor_.delete_instance(uuid));
}

}  // namespace stacksim::compute
