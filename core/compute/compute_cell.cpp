#include "core/compute/compute_cell.hpp"

#include "core/runtime/uuid.hpp"

namespace stacksim::compute {

ComputeCell::ComputeCell(store::Database& database, runtime::Backend& backend_,
                         identity::IdentityService& identity_, image::ImageService& images_,
                         image::ImageCache& image_cache_, ComputeConfig config_, BuildHooks& hooks_)
    : db(database),
      backend(backend_),
      identity(identity_),
      images(images_),
      image_cache(image_cache_),
      config(std::move(config_)),
      hooks(hooks_),
      flavors(database),
      keypairs(database, backend_.executor()),
      aggregates(database, backend_.executor(), config.id_seed ^ 0x61676772ULL),
      server_groups(database, backend_.executor(), config.id_seed ^ 0x67726f7570ULL),
      services(database, config.report_interval, config.service_down_time()),
      instances(database),
      migrations(database),
      hosts(database, config.scheduler),
      instance_ids_(database, "compute.instance_ids"),
      migration_ids_(database, "compute.migration_ids"),
      reservation_ids_(database, "compute.reservation_ids") {
}

std::string ComputeCell::next_instance_uuid() {
  return runtime::Uuid::at(config.id_seed, static_cast<std::uint64_t>(instance_ids_.next())).str();
}

std::string ComputeCell::next_migration_uuid() {
  return runtime::Uuid::at(config.id_seed ^ 0x6d6967ULL,
                           static_cast<std::uint64_t>(migration_ids_.next()))
      .str();
}

std::string ComputeCell::next_reservation_id() {
  const std::string hex = runtime::Uuid::at(config.id_seed ^ 0x72657376ULL,
                                            static_cast<std::uint64_t>(reservation_ids_.next()))
                              .str(false);
  return "r-" + hex.substr(0, 8);
}

void ComputeCell::refresh_scheduler() {
  hosts.refresh(services, now(), instances.io_workload());
}

void ComputeCell::save(Instance& instance) {
  instance.updated_at = now();
  instances.save(instance);
}

void ComputeCell::set_error(Instance& instance, int code, const std::string& message,
                            const std::string& details) {
  instance.vm_state = VmState::error;
  instance.task_state = TaskState::none;
  save(instance);
  instances.add_fault(instance.uuid, {code, message, details, now()});
}

identity::QuotaDeltas ComputeCell::quota_of(const Flavor& flavor) {
  return {{"instances", 1}, {"cores", flavor.vcpus}, {"ram", flavor.memory_mb}};
}

void ComputeCell::finish_delete(Instance& instance) {
  hosts.release(instance.uuid);
  for (const Migration& m : migrations.list(instance.uuid))
    hosts.release(m.uuid);
  identity.quotas().release(instance.project_id, quota_of(instance.flavor));
  server_groups.remove_member(instance.uuid);
  instance.vm_state = VmState::deleted;
  instance.task_state = TaskState::none;
  instance.power_state = PowerState::no_state;
  instance.terminated_at = now();
  instance.deleted = true;
  save(instance);
}

}  // namespace stacksim::compute
