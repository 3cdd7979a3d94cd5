// The conductor's moves: resize and cold migration (confirm / revert), live migration, evacuation,
// and the source host's cleanup after an evacuation.

#include <exception>
#include <stdexcept>

#include "core/compute/compute_error.hpp"
#include "core/compute/conductor.hpp"
#include "core/scheduler/invalid_request.hpp"

namespace stacksim::compute {
namespace {

std::string describe(std::exception_ptr error) {
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) {
    return e.what();
  } catch (...) {
    return "unknown error";
  }
}

/// Glance as nova-compute calls it: with the service's own credentials.
const identity::RequestContext service_context =
    identity::RequestContext::for_project("nova", "service", {"admin"});

}  // namespace

AllocationRequest Conductor::request_of(const Instance& instance, const Flavor& flavor) const {
  return {flavor, instance.image_properties, instance.server_group};
}

void Conductor::hold_source(const Instance& instance, const Flavor& flavor,
                            const std::string& migration_uuid) {
  cell_.hosts.release(instance.uuid);
  // The same amounts just freed on the same host: this claim always fits.
  if (!cell_.hosts.claim(migration_uuid, instance.host, {flavor, instance.image_properties, {}})) {
    throw std::logic_error("could not move the allocation of " + instance.uuid + " to migration " +
                           migration_uuid);
  }
}

void Conductor::restore_source(const Instance& instance, const Flavor& flavor,
                               const std::string& migration_uuid) {
  const Migration migration = cell_.migrations.get(migration_uuid);
  cell_.hosts.release(instance.uuid);
  cell_.hosts.release(migration_uuid);
  if (!cell_.hosts.claim(instance.uuid, migration.source_compute, request_of(instance, flavor))) {
    throw std::logic_error("could not give " + instance.uuid + " its allocation on " +
                           migration.source_compute + " back");
  }
}

std::optional<std::string> Conductor::place_move(Instance& instance,
                                                 const AllocationRequest& request,
                                                 const std::string& migration_uuid,
                                                 const std::optional<std::string>& target_host) {
  cell_.refresh_scheduler();
  if (target_host) {
    if (cell_.hosts.claim(instance.uuid, *target_host, request)) return target_host;
    return std::nullopt;
  }
  PlacementHints hints;
  if (!instance.availability_zone.empty()) hints.availability_zone = instance.availability_zone;
  const Migration migration = cell_.migrations.get(migration_uuid);
  const bool same_host_allowed =
      cell_.config.allow_resize_to_same_host &&
      (migration.type == MigrationType::resize || migration.type == MigrationType::migration);
  if (!same_host_allowed) hints.ignore_hosts = {migration.source_compute};
  try {
    const scheduler::Decision decision =
        cell_.hosts.select(request, {instance.uuid}, hints, cell_.now());
    if (!decision.ok()) return std::nullopt;
    return cell_.hosts.host_name(decision.selections.front().host);
  } catch (const scheduler::InvalidRequest&) {
    return std::nullopt;
  }
}

void Conductor::fail_move(Instance& instance, Migration& migration, const std::string& reason) {
  migration.status = "error";
  migration.updated_at = cell_.now();
  cell_.migrations.save(migration);
  instance.task_state = TaskState::none;
  cell_.save(instance);
  cell_.instances.add_fault(instance.uuid, {500, reason, {}, cell_.now()});
}

runtime::Task<void> Conductor::resize_instance(std::string uuid, std::string migration_uuid,
                                               std::optional<std::string> target_host) {
  Instance instance = cell_.instances.get(uuid);
  Migration migration = cell_.migrations.get(migration_uuid);
  const Flavor old_flavor = instance.flavor;
  const Flavor new_flavor = instance.new_flavor.value_or(old_flavor);
  hold_source(instance, old_flavor, migration_uuid);
  const std::optional<std::string> dest =
      place_move(instance, request_of(instance, new_flavor), migration_uuid, target_host);
  if (!dest) {
    // Nova returns the instance to its previous state: nothing moved.
    restore_source(instance, old_flavor, migration_uuid);
    instance.new_flavor.reset();
    fail_move(instance, migration,
              "No valid host was found. There are not enough hosts available.");
    co_return;
  }
  migration.dest_compute = *dest;
  migration.status = "migrating";
  migration.updated_at = cell_.now();
  cell_.migrations.save(migration);
  instance.task_state = TaskState::resize_migrating;
  cell_.save(instance);

  std::exception_ptr failure;
  try {
    runtime::HypervisorDriver& source = cell_.backend.hypervisor(instance.host);
    co_await source.migrate(uuid, cell_.backend.hypervisor(*dest), false);
    co_await cell_.hooks.bind_to_host(instance, *dest);
  } catch (...) {
    failure = std::current_exception();
  }
  instance = cell_.instances.get(uuid);
  if (failure) {
    restore_source(instance, old_flavor, migration_uuid);
    instance.new_flavor.reset();
    fail_move(instance, migration, describe(failure));
    cell_.set_error(instance, 500, describe(failure));
    co_return;
  }
  instance.task_state = TaskState::resize_migrated;
  cell_.save(instance);
  migration.status = "post-migrating";
  cell_.migrations.save(migration);

  // finish_resize on the destination: the instance now runs there with the new flavor; it keeps
  // its power state (a stopped instance stays stopped).
  instance.task_state = TaskState::resize_finish;
  instance.host = *dest;
  instance.old_flavor = old_flavor;
  instance.flavor = new_flavor;
  cell_.save(instance);
  instance.vm_state = VmState::resized;
  instance.task_state = TaskState::none;
  cell_.save(instance);
  migration.status = "finished";
  migration.updated_at = cell_.now();
  cell_.migrations.save(migration);
}

runtime::Task<void> Conductor::confirm_resize(std::string uuid, std::string migration_uuid) {
  Instance instance = cell_.instances.get(uuid);
  Migration migration = cell_.migrations.get(migration_uuid);
  // The source host's copy goes away with its allocation.
  cell_.hosts.release(migration_uuid);
  if (instance.old_flavor) {
    identity::QuotaDeltas freed;
    const std::int64_t cores = instance.old_flavor->vcpus - instance.flavor.vcpus;
    const std::int64_t ram = instance.old_flavor->memory_mb - instance.flavor.memory_mb;
    if (cores > 0) freed["cores"] = cores;
    if (ram > 0) freed["ram"] = ram;
    if (!freed.empty()) cell_.identity.quotas().release(instance.project_id, freed);
  }
  instance.old_flavor.reset();
  instance.new_flavor.reset();
  instance.vm_state =
      instance.power_state == PowerState::running ? VmState::active : VmState::stopped;
  instance.task_state = TaskState::none;
  cell_.save(instance);
  migration.status = "confirmed";
  migration.updated_at = cell_.now();
  cell_.migrations.save(migration);
  co_return;
}

runtime::Task<void> Conductor::revert_resize(std::string uuid, std::string migration_uuid) {
  Instance instance = cell_.instances.get(uuid);
  Migration migration = cell_.migrations.get(migration_uuid);
  std::exception_ptr failure;
  try {
    runtime::HypervisorDriver& dest = cell_.backend.hypervisor(migration.dest_compute);
    co_await dest.migrate(uuid, cell_.backend.hypervisor(migration.source_compute), false);
    co_await cell_.hooks.bind_to_host(instance, migration.source_compute);
  } catch (...) {
    failure = std::current_exception();
  }
  instance = cell_.instances.get(uuid);
  if (failure) {
    migration.status = "error";
    cell_.migrations.save(migration);
    cell_.set_error(instance, 500, describe(failure));
    co_return;
  }
  const Flavor old_flavor = instance.old_flavor.value_or(instance.flavor);
  restore_source(instance, old_flavor, migration_uuid);
  identity::QuotaDeltas freed;
  const std::int64_t cores = instance.flavor.vcpus - old_flavor.vcpus;
  const std::int64_t ram = instance.flavor.memory_mb - old_flavor.memory_mb;
  if (cores > 0) freed["cores"] = cores;
  if (ram > 0) freed["ram"] = ram;
  if (!freed.empty()) cell_.identity.quotas().release(instance.project_id, freed);
  instance.host = migration.source_compute;
  instance.flavor = old_flavor;
  instance.old_flavor.reset();
  instance.new_flavor.reset();
  instance.vm_state =
      instance.power_state == PowerState::running ? VmState::active : VmState::stopped;
  instance.task_state = TaskState::none;
  cell_.save(instance);
  migration.status = "reverted";
  migration.updated_at = cell_.now();
  cell_.migrations.save(migration);
}

runtime::Task<void> Conductor::live_migrate(std::string uuid, std::string migration_uuid,
                                            std::optional<std::string> target_host) {
  Instance instance = cell_.instances.get(uuid);
  Migration migration = cell_.migrations.get(migration_uuid);
  hold_source(instance, instance.flavor, migration_uuid);
  migration.status = "preparing";
  cell_.migrations.save(migration);
  const std::optional<std::string> dest =
      place_move(instance, request_of(instance, instance.flavor), migration_uuid, target_host);
  if (!dest) {
    restore_source(instance, instance.flavor, migration_uuid);
    fail_move(instance, migration,
              "No valid host was found. There are not enough hosts available.");
    co_return;
  }
  migration.dest_compute = *dest;
  migration.status = "running";
  migration.updated_at = cell_.now();
  cell_.migrations.save(migration);

  std::exception_ptr failure;
  try {
    runtime::HypervisorDriver& source = cell_.backend.hypervisor(instance.host);
    co_await source.migrate(uuid, cell_.backend.hypervisor(*dest), true);
    co_await cell_.hooks.bind_to_host(instance, *dest);
  } catch (...) {
    failure = std::current_exception();
  }
  instance = cell_.instances.get(uuid);
  if (failure) {
    // The guest keeps running on the source (Nova's rollback_live_migration).
    restore_source(instance, instance.flavor, migration_uuid);
    fail_move(instance, migration, describe(failure));
    co_return;
  }
  cell_.hosts.release(migration_uuid);
  instance.host = *dest;
  instance.task_state = TaskState::none;
  cell_.save(instance);
  migration.status = "completed";
  migration.updated_at = cell_.now();
  cell_.migrations.save(migration);
}

runtime::Task<void> Conductor::evacuate(std::string uuid, std::string migration_uuid,
                                        std::optional<std::string> target_host) {
  Instance instance = cell_.instances.get(uuid);
  Migration migration = cell_.migrations.get(migration_uuid);
  // The failed host's allocation stays, under the migration, until that host comes back and
  // cleans up (cleanup_evacuated).
  hold_source(instance, instance.flavor, migration_uuid);
  const std::optional<std::string> dest =
      place_move(instance, request_of(instance, instance.flavor), migration_uuid, target_host);
  if (!dest) {
    restore_source(instance, instance.flavor, migration_uuid);
    fail_move(instance, migration,
              "No valid host was found. There are not enough hosts available.");
    co_return;
  }
  migration.dest_compute = *dest;
  migration.status = "pre-migrating";
  migration.updated_at = cell_.now();
  cell_.migrations.save(migration);
  const bool was_stopped = instance.vm_state == VmState::stopped;
  instance.host = *dest;
  instance.task_state = TaskState::rebuild_spawning;
  cell_.save(instance);

  std::exception_ptr failure;
  try {
    const image::Image img = cell_.images.get(service_context, instance.image_id);
    std::vector<runtime::NicSpec> nics = co_await cell_.hooks.allocate_network(instance, *dest);
    std::vector<runtime::VolumeConnection> volumes =
        co_await cell_.hooks.prepare_block_devices(instance, *dest);
    co_await spawn_on(instance, *dest, img.size.value_or(0), img.disk_format, std::move(nics),
                      std::move(volumes));
    if (was_stopped) co_await cell_.backend.hypervisor(*dest).power_off(uuid);
  } catch (...) {
    failure = std::current_exception();
  }
  instance = cell_.instances.get(uuid);
  if (failure) {
    co_await destroy_on(*dest, uuid);
    cell_.hosts.release(uuid);
    migration.status = "failed";
    migration.updated_at = cell_.now();
    cell_.migrations.save(migration);
    cell_.set_error(instance, 500, describe(failure));
    co_return;
  }
  instance.vm_state = was_stopped ? VmState::stopped : VmState::active;
  instance.power_state = was_stopped ? PowerState::shutdown : PowerState::running;
  instance.task_state = TaskState::none;
  if (!instance.launched_at) instance.launched_at = cell_.now();
  cell_.save(instance);
  migration.status = "done";
  migration.updated_at = cell_.now();
  cell_.migrations.save(migration);
}

runtime::Task<void> Conductor::cleanup_evacuated(std::string host) {
  for (Migration migration :
       cell_.migrations.from_source(host, MigrationType::evacuation, "done")) {
    co_await destroy_on(host, migration.instance_uuid);
    cell_.hosts.release(migration.uuid);
    migration.status = "completed";
    migration.updated_at = cell_.now();
    cell_.migrations.save(migration);
  }
}

}  // namespace stacksim::compute
