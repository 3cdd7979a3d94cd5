// ComputeApi: server actions - power, reboot, resize with confirm/revert, cold and live migration,
// evacuation. Each checks the instance's state as nova.compute.api does, sets the task state and
// hands the work to the conductor.

#include "core/compute/compute_api.hpp"
#include "core/compute/compute_error.hpp"
#include "core/compute/instance_states.hpp"

namespace stacksim::compute {

void ComputeApi::require_host_up(const Instance& instance) {
  // check_instance_host(check_is_up=True)
  if (instance.host.empty() || !cell_.services.is_up(instance.host, cell_.now())) {
    throw compute_service_unavailable(instance.host);
  }
}

void ComputeApi::check_target_host(const Instance& instance, const std::string& host) {
  if (!cell_.hosts.has_node(host)) throw compute_host_not_found(host);
  if (host == instance.host) {
    throw ServiceError(
        "UnableToMigrateToSelf", 400,
        "Unable to migrate instance (" + instance.uuid + ") to current host (" + host + ").");
  }
  if (!cell_.services.is_up(host, cell_.now())) throw compute_service_unavailable(host);
}

Migration ComputeApi::new_migration(const Instance& instance, MigrationType type,
                                    const std::string& status, const Flavor& new_flavor) {
  Migration m;
  m.uuid = cell_.next_migration_uuid();
  m.instance_uuid = instance.uuid;
  m.type = type;
  m.status = status;
  m.source_compute = instance.host;
  m.old_flavor_id = instance.flavor.id;
  m.new_flavor_id = new_flavor.id;
  m.created_at = m.updated_at = cell_.now();
  return cell_.migrations.create(std::move(m));
}

void ComputeApi::stop_server(const identity::RequestContext& ctx, const std::string& uuid) {
  Instance instance = visible_instance(ctx, uuid, "os_compute_api:servers:stop");
  check_instance_state(instance, stop_check(), "stop");
  instance.task_state = TaskState::powering_off;
  cell_.save(instance);
  start(conductor_.power_action(uuid, PowerAction::stop));
}

void ComputeApi::start_server(const identity::RequestContext& ctx, const std::string& uuid) {
  Instance instance = visible_instance(ctx, uuid, "os_compute_api:servers:start");
  check_instance_state(instance, start_check(), "start");
  instance.task_state = TaskState::powering_on;
  cell_.save(instance);
  start(conductor_.power_action(uuid, PowerAction::start));
}

void ComputeApi::reboot_server(const identity::RequestContext& ctx, const std::string& uuid,
                               runtime::RebootType type) {
  Instance instance = visible_instance(ctx, uuid, "os_compute_api:servers:reboot");
  const bool hard = type == runtime::RebootType::hard;
  check_instance_state(instance, hard ? hard_reboot_check() : soft_reboot_check(), "reboot");
  instance.task_state = hard ? TaskState::rebooting_hard : TaskState::rebooting;
  cell_.save(instance);
  start(conductor_.power_action(uuid, hard ? PowerAction::hard_reboot : PowerAction::soft_reboot));
}

void ComputeApi::resize_server(const identity::RequestContext& ctx, const std::string& uuid,
                               const std::string& flavor_id) {
  Instance instance = visible_instance(ctx, uuid, "os_compute_api:servers:resize");
  check_instance_state(instance, resize_check(), "resize");
  require_host_up(instance);
  Flavor new_flavor;
  try {
    new_flavor = cell_.flavors.get(flavor_id);
  } catch (const ServiceError& e) {
    throw ServiceError(e.type(), 400, e.what());
  }
  if (new_flavor.disabled || !cell_.flavors.accessible(new_flavor, instance.project_id)) {
    throw ServiceError("FlavorNotFound", 400, flavor_not_found(flavor_id).what());
  }
  if (new_flavor.id == instance.flavor.id) {
    throw ServiceError("CannotResizeToSameFlavor", 400,
                       "When resizing, instances must change flavor!");
  }
  if (new_flavor.root_gb == 0 && instance.flavor.root_gb != 0) {
    throw ServiceError("CannotResizeDisk", 400,
                       "Server disk was unable to be resized because: Resize to zero disk "
                       "flavor is not allowed.");
  }
  // An upsize takes its extra cores and ram from the quota now; a revert gives them back.
  identity::QuotaDeltas extra;
  if (new_flavor.vcpus > instance.flavor.vcpus) {
    extra["cores"] = new_flavor.vcpus - instance.flavor.vcpus;
  }
  if (new_flavor.memory_mb > instance.flavor.memory_mb) {
    extra["ram"] = new_flavor.memory_mb - instance.flavor.memory_mb;
  }
  if (!extra.empty()) {
    identity::QuotaEngine& quotas = cell_.identity.quotas();
    quotas.commit(quotas.reserve(instance.project_id, extra));
  }
  const Migration m = new_migration(instance, MigrationType::resize, "pre-migrating", new_flavor);
  instance.new_flavor = new_flavor;
  instance.task_state = TaskState::resize_prep;
  cell_.save(instance);
  start(conductor_.resize_instance(uuid, m.uuid, std::nullopt));
}

void ComputeApi::confirm_resize(const identity::RequestContext& ctx, const std::string& uuid) {
  Instance instance = visible_instance(ctx, uuid, "os_compute_api:servers:confirm_resize");
  check_instance_state(instance, confirm_resize_check(), "confirm_resize");
  std::optional<Migration> m = cell_.migrations.find(uuid, MigrationType::resize, "finished");
  if (!m) m = cell_.migrations.find(uuid, MigrationType::migration, "finished");
  if (!m) {
    throw ServiceError("MigrationNotFoundByStatus", 404,
                       "Migration not found for instance " + uuid + " with status finished.");
  }
  m->status = "confirming";
  m->updated_at = cell_.now();
  cell_.migrations.save(*m);
  start(conductor_.confirm_resize(uuid, m->uuid));
}

void ComputeApi::revert_resize(const identity::RequestContext& ctx, const std::string& uuid) {
  Instance instance = visible_instance(ctx, uuid, "os_compute_api:servers:revert_resize");
  check_instance_state(instance, revert_resize_check(), "revert_resize");
  std::optional<Migration> m = cell_.migrations.find(uuid, MigrationType::resize, "finished");
  if (!m) m = cell_.migrations.find(uuid, MigrationType::migration, "finished");
  if (!m) {
    throw ServiceError("MigrationNotFoundByStatus", 404,
                       "Migration not found for instance " + uuid + " with status finished.");
  }
  m->status = "reverting";
  m->updated_at = cell_.now();
  cell_.migrations.save(*m);
  instance.task_state = TaskState::resize_reverting;
  cell_.save(instance);
  start(conductor_.revert_resize(uuid, m->uuid));
}

void ComputeApi::migrate_server(const identity::RequestContext& ctx, const std::string& uuid,
                                std::optional<std::string> host) {
  Instance instance = visible_instance(ctx, uuid, "os_compute_api:os-migrate-server:migrate");
  check_instance_state(instance, resize_check(), "migrate");
  require_host_up(instance);
  if (host) check_target_host(instance, *host);
  const Migration m =
      new_migration(instance, MigrationType::migration, "pre-migrating", instance.flavor);
  instance.new_flavor = instance.flavor;
  instance.task_state = TaskState::resize_prep;
  cell_.save(instance);
  start(conductor_.resize_instance(uuid, m.uuid, std::move(host)));
}

void ComputeApi::live_migrate_server(const identity::RequestContext& ctx, const std::string& uuid,
                                     std::optional<std::string> host) {
  Instance instance = visible_instance(ctx, uuid, "os_compute_api:os-migrate-server:migrate_live");
  check_instance_state(instance, live_migrate_check(), "live_migrate");
  require_host_up(instance);
  if (host) check_target_host(instance, *host);
  const Migration m =
      new_migration(instance, MigrationType::live_migration, "accepted", instance.flavor);
  instance.task_state = TaskState::migrating;
  cell_.save(instance);
  start(conductor_.live_migrate(uuid, m.uuid, std::move(host)));
}

void ComputeApi::evacuate_server(const identity::RequestContext& ctx, const std::string& uuid,
                                 std::optional<std::string> host) {
  Instance instance = visible_instance(ctx, uuid, "os_compute_api:os-evacuate");
  check_instance_state(instance, evacuate_check(), "evacuate");
  if (instance.host.empty()) throw compute_host_not_found(instance.host);
  if (cell_.services.is_up(instance.host, cell_.now())) {
    throw compute_service_in_use(instance.host);
  }
  if (host) check_target_host(instance, *host);
  const Migration m =
      new_migration(instance, MigrationType::evacuation, "accepted", instance.flavor);
  instance.task_state = TaskState::rebuilding;
  cell_.save(instance);
  start(conductor_.evacuate(uuid, m.uuid, std::move(host)));
}

std::vector<Migration> ComputeApi::list_migrations(const identity::RequestContext& ctx,
                                                   std::optional<std::string> uuid) {
  cell_.identity.policy().enforce("os_compute_api:os-migrations:index", ctx);
  return cell_.migrations.list(std::move(uuid));
}

}  // namespace stacksim::compute
