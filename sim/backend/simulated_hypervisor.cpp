#include "sim/backend/simulated_hypervisor.hpp"

#include <algorithm>
#include <cstdlib>
#include <stdexcept>

#include "core/runtime/sleep.hpp"
#include "sim/backend/simulated_backend.hpp"
#include "sim/models/cpu_contention.hpp"
#include "sim/models/flow_transfer.hpp"
#include "sim/models/live_migration.hpp"

namespace stacksim::sim {

namespace {

constexpr double GiB = 1024.0 * 1024 * 1024;
constexpr double MiB = 1024.0 * 1024;

runtime::Duration seconds(double s) {
  return runtime::from_seconds(s);
}

constexpr const char* cpu_utilisation_spec = "stacksim:cpu_utilisation";

/// The flavor's CPU demand: extra spec stacksim:cpu_utilisation in [0, 1], default 1.
double flavor_cpu_demand(const runtime::InstanceSpec& spec) {
  const auto it = spec.extra_specs.find(cpu_utilisation_spec);
  if (it == spec.extra_specs.end()) return 1;
  char* end = nullptr;
  const double value = std::strtod(it->second.c_str(), &end);
  if (end == it->second.c_str() || *end != '\0' || !(value >= 0 && value <= 1)) {
    throw std::invalid_argument("instance " + spec.uuid + ": extra spec " + cpu_utilisation_spec +
                                " must be a number in [0, 1], got '" + it->second + "'");
  }
  return value;
}

}  // namespace

SimulatedHypervisor::SimulatedHypervisor(SimulatedBackend& backend, std::string host, NodeId node,
                                         HostCapacity capacity)
    : backend_(backend),
      host_(std::move(host)),
      node_(node),
      capacity_(capacity),
      power_(backend.datacenter().power_of(host_), PowerState::on, backend.simulator().now()),
      cpu_since_(backend.simulator().now()) {
}

void SimulatedHypervisor::require_up() const {
  if (!up_) throw std::runtime_error("host '" + host_ + "' is down");
}

SimulatedHypervisor::Instance& SimulatedHypervisor::find(const std::string& uuid) {
  return const_cast<Instance&>(std::as_const(*this).find(uuid));
}

const SimulatedHypervisor::Instance& SimulatedHypervisor::find(const std::string& uuid) const {
  auto it = instances_.find(uuid);
  if (it == instances_.end()) {
    throw std::out_of_range("instance " + uuid + " is not on host '" + host_ + "'");
  }
  return it->second;
}

double SimulatedHypervisor::instance_disk_bytes(const runtime::InstanceSpec& spec) {
  return static_cast<double>(spec.root_gb + spec.ephemeral_gb) * GiB +
         static_cast<double>(spec.swap_mb) * MiB;
}

std::string SimulatedHypervisor::disk_owner(const std::string& uuid) {
  return "instance " + uuid;
}

void SimulatedHypervisor::accrue_cpu_time() {
  const auto now = backend_.simulator().now();
  const double elapsed = runtime::to_seconds(now - cpu_since_);
  for (auto& [uuid, instance] : instances_)
    instance.cpu_seconds += instance.cpu_granted * elapsed;
  cpu_since_ = now;
}

void SimulatedHypervisor::update_utilisation() {
  accrue_cpu_time();
  std::vector<CpuDemand> demands;
  for (const auto& [uuid, instance] : instances_) {
    const bool running = instance.state == runtime::PowerState::running;
    demands.push_back({instance.spec.vcpus, running ? instance.cpu_demand : 0});
  }
  const std::vector<double> granted = cpu_shares(capacity_.vcpus, demands);
  double busy = 0;
  std::size_t i = 0;
  for (auto& [uuid, instance] : instances_) {
    instance.cpu_granted = granted[i++];
    busy += instance.cpu_granted;
  }
  const double u = capacity_.vcpus > 0 ? busy / capacity_.vcpus : 0;
  if (power_.state() == PowerState::on) power_.set_utilisation(u, backend_.simulator().now());
}

void SimulatedHypervisor::set_cpu_demand(const std::string& uuid, double utilisation) {
  if (!(utilisation >= 0 && utilisation <= 1)) {
    throw std::invalid_argument("instance " + uuid + ": CPU demand must be in [0, 1]");
  }
  find(uuid).cpu_demand = utilisation;
  update_utilisation();
}

double SimulatedHypervisor::cpu_granted(const std::string& uuid) const {
  return find(uuid).cpu_granted;
}

runtime::InstanceInfo SimulatedHypervisor::info(const std::string& uuid,
                                                const Instance& instance) const {
  // CPU time up to now: what accrued before the last change plus the current share since.
  const double elapsed = runtime::to_seconds(backend_.simulator().now() - cpu_since_);
  const double cpu_seconds = instance.cpu_seconds + instance.cpu_granted * elapsed;
  return runtime::InstanceInfo{uuid, instance.state, instance.spec.vcpus, instance.spec.memory_mb,
                               runtime::from_seconds(cpu_seconds)};
}

void SimulatedHypervisor::set_up(bool up) {
  const auto now = backend_.simulator().now();
  if (up == up_) return;
  up_ = up;
  if (!up) {
    power_.set_state(PowerState::off, now);
    Disk& disk = backend_.disk(host_);
    for (const auto& [uuid, instance] : instances_) {
      (void)disk.release(disk_owner(uuid));
      backend_.emit(
          {runtime::BackendEventKind::instance_crashed, now, host_, uuid, "host went down"});
    }
    instances_.clear();
    return;
  }
  power_.set_state(PowerState::booting, now);
  power_.set_state(PowerState::on, now);
}

runtime::Task<runtime::HostInfo> SimulatedHypervisor::host_info() {
  runtime::HostInfo info;
  info.name = host_;
  info.vcpus = capacity_.vcpus;
  info.memory_mb = capacity_.memory_mb;
  info.disk_gb = static_cast<std::int64_t>(backend_.disk(host_).spec().capacity_bytes / GiB);
  info.hypervisor_type = "stacksim";
  info.up = up_;
  co_return info;
}

runtime::Task<void> SimulatedHypervisor::spawn(runtime::InstanceSpec spec) {
  require_up();
  if (instances_.contains(spec.uuid)) {
    throw std::invalid_argument("instance " + spec.uuid + " already exists on host '" + host_ +
                                "'");
  }
  const std::string uuid = spec.uuid;
  const std::string source =
      spec.image.source_host.empty() ? backend_.datacenter().image_store : spec.image.source_host;
  const double demand = flavor_cpu_demand(spec);
  // The instance's disks are created before the image is fetched: a full disk fails at once.
  backend_.disk(host_).allocate(disk_owner(uuid), instance_disk_bytes(spec));
  instances_[uuid] = Instance{spec, runtime::PowerState::no_state, demand};
  BootRequest boot{spec.image.id, static_cast<double>(spec.image.size_bytes),
                   backend_.disk_route(source, host_)};
  try {
    (void)co_await boot_instance(backend_.flows(), cache_, backend_.datacenter().boot_delay,
                                 backend_.random().stream("boot/" + host_), std::move(boot));
  } catch (...) {
    // A host that went down meanwhile has already dropped the instance and its disks.
    if (instances_.erase(uuid) > 0) (void)backend_.disk(host_).release(disk_owner(uuid));
    throw;
  }
  require_up();  // the host may have failed while booting
  find(uuid).state = runtime::PowerState::running;
  update_utilisation();
}

runtime::Task<void> SimulatedHypervisor::destroy(std::string uuid) {
  require_up();
  find(uuid);
  co_await runtime::sleep_for(seconds(backend_.datacenter().control_latency_s));
  find(uuid);
  instances_.erase(uuid);
  (void)backend_.disk(host_).release(disk_owner(uuid));
  update_utilisation();
}

runtime::Task<void> SimulatedHypervisor::power_on(std::string uuid) {
  require_up();
  find(uuid);
  co_await runtime::sleep_for(
      seconds(backend_.datacenter().boot_delay.draw(backend_.random().stream("boot/" + host_))));
  find(uuid).state = runtime::PowerState::running;
  update_utilisation();
}

runtime::Task<void> SimulatedHypervisor::power_off(std::string uuid) {
  require_up();
  find(uuid);
  co_await runtime::sleep_for(seconds(backend_.datacenter().control_latency_s));
  find(uuid).state = runtime::PowerState::shutdown;
  update_utilisation();
}

runtime::Task<void> SimulatedHypervisor::reboot(std::string uuid, runtime::RebootType type) {
  require_up();
  find(uuid).state = runtime::PowerState::shutdown;
  update_utilisation();
  // A soft reboot lets the guest shut down first; both boot again.
  if (type == runtime::RebootType::soft) {
    co_await runtime::sleep_for(seconds(backend_.datacenter().control_latency_s));
  }
  co_await runtime::sleep_for(
      seconds(backend_.datacenter().boot_delay.draw(backend_.random().stream("boot/" + host_))));
  find(uuid).state = runtime::PowerState::running;
  update_utilisation();
}

runtime::Task<void> SimulatedHypervisor::suspend(std::string uuid) {
  require_up();
  if (find(uuid).state != runtime::PowerState::running) {
    throw std::logic_error("instance " + uuid + " is not running");
  }
  co_await runtime::sleep_for(seconds(backend_.datacenter().control_latency_s));
  find(uuid).state = runtime::PowerState::suspended;
  update_utilisation();
}

runtime::Task<void> SimulatedHypervisor::resume(std::string uuid) {
  require_up();
  if (find(uuid).state != runtime::PowerState::suspended) {
    throw std::logic_error("instance " + uuid + " is not suspended");
  }
  co_await runtime::sleep_for(seconds(backend_.datacenter().control_latency_s));
  find(uuid).state = runtime::PowerState::running;
  update_utilisation();
}

runtime::Task<runtime::MigrationStats> SimulatedHypervisor::migrate(
    std::string uuid, runtime::HypervisorDriver& destination, bool live) {
  require_up();
  auto* target = dynamic_cast<SimulatedHypervisor*>(&destination);
  if (target == nullptr) throw std::invalid_argument("migration target is not a simulated host");
  if (target == this) throw std::invalid_argument("instance " + uuid + " is already on " + host_);
  target->require_up();
  const Instance& instance = find(uuid);
  if (target->instances_.contains(uuid)) {
    throw std::invalid_argument("instance " + uuid + " already exists on " + target->host_);
  }
  std::vector<LinkId> route =
      live ? backend_.route(host_, target->host_) : backend_.disk_route(host_, target->host_);
  // The destination's disks are created first: a full destination fails before any copy.
  Disk& target_disk = backend_.disk(target->host_);
  target_disk.allocate(disk_owner(uuid), instance_disk_bytes(instance.spec));
  runtime::MigrationStats stats;
  try {
    stats = co_await copy_for_migration(uuid, instance.spec, std::move(route), live);
  } catch (...) {
    (void)target_disk.release(disk_owner(uuid));
    throw;
  }
  if (!up_ || !target->up_ || !instances_.contains(uuid)) {
    if (target_disk.holds(disk_owner(uuid))) (void)target_disk.release(disk_owner(uuid));
    throw std::runtime_error("migration of " + uuid + " from " + host_ + " to " + target->host_ +
                             ": a host went down");
  }
  // CPU time accrued here moves with the instance.
  update_utilisation();
  Instance moved = find(uuid);
  moved.cpu_granted = 0;
  instances_.erase(uuid);
  (void)backend_.disk(host_).release(disk_owner(uuid));
  update_utilisation();
  target->instances_[uuid] = std::move(moved);
  target->update_utilisation();
  co_return stats;
}

runtime::Task<runtime::MigrationStats> SimulatedHypervisor::copy_for_migration(
    std::string uuid, runtime::InstanceSpec instance, std::vector<LinkId> route, bool live) {
  runtime::MigrationStats stats;
  if (live) {
    LiveMigrationSpec spec = backend_.datacenter().migration;
    spec.memory_bytes = static_cast<double>(instance.memory_mb) * MiB;
    spec.dirty_rate_bytes_per_s = backend_.datacenter().dirty_rate_bytes_per_s;
    stats = co_await live_migrate(backend_.flows(), std::move(route), spec);
  } else {
    // Cold: the instance is stopped; its disks are copied.
    const double start = runtime::to_seconds(backend_.simulator().now());
    FlowRequest copy;
    copy.route = std::move(route);
    copy.bytes = static_cast<double>(instance.root_gb + instance.ephemeral_gb) * GiB;
    const FlowEnd end = co_await transfer(backend_.flows(), std::move(copy));
    if (end.outcome != FlowOutcome::completed) {
      throw std::runtime_error("cold migration of " + uuid + ": disk copy failed");
    }
    stats.total_time = stats.downtime = runtime::from_seconds(end.time - start);
    stats.bytes_transferred = static_cast<std::int64_t>(
        static_cast<double>(instance.root_gb + instance.ephemeral_gb) * GiB);
  }
  co_return stats;
}

runtime::Task<std::int64_t> SimulatedHypervisor::snapshot(std::string uuid, std::string image_id) {
  require_up();
  const Instance& instance = find(uuid);
  const auto bytes =
      instance.spec.root_gb > 0
          ? static_cast<std::int64_t>(static_cast<double>(instance.spec.root_gb) * GiB)
          : instance.spec.image.size_bytes;
  FlowRequest upload;
  upload.route = backend_.disk_route(host_, backend_.datacenter().image_store);
  upload.bytes = static_cast<double>(bytes);
  const FlowEnd end = co_await transfer(backend_.flows(), std::move(upload));
  if (end.outcome != FlowOutcome::completed) {
    throw std::runtime_error("snapshot " + image_id + " of " + uuid + ": upload failed");
  }
  co_return bytes;
}

runtime::Task<void> SimulatedHypervisor::attach_volume(std::string uuid,
                                                       runtime::VolumeConnection connection) {
  require_up();
  auto& volumes = find(uuid).spec.volumes;
  if (std::any_of(volumes.begin(), volumes.end(),
                  [&](const auto& v) { return v.volume_id == connection.volume_id; })) {
    throw std::invalid_argument("volume " + connection.volume_id + " is already attached to " +
                                uuid);
  }
  co_await runtime::sleep_for(seconds(backend_.datacenter().control_latency_s));
  find(uuid).spec.volumes.push_back(std::move(connection));
}

runtime::Task<void> SimulatedHypervisor::detach_volume(std::string uuid, std::string volume_id) {
  require_up();
  auto& volumes = find(uuid).spec.volumes;
  auto it = std::find_if(volumes.begin(), volumes.end(),
                         [&](const auto& v) { return v.volume_id == volume_id; });
  if (it == volumes.end()) {
    throw std::out_of_range("volume " + volume_id + " is not attached to " + uuid);
  }
  co_await runtime::sleep_for(seconds(backend_.datacenter().control_latency_s));
  auto& after = find(uuid).spec.volumes;
  after.erase(std::remove_if(after.begin(), after.end(),
                             [&](const auto& v) { return v.volume_id == volume_id; }),
              after.end());
}

runtime::Task<runtime::InstanceInfo> SimulatedHypervisor::instance_info(std::string uuid) {
  co_return info(uuid, find(uuid));
}

runtime::Task<std::vector<runtime::InstanceInfo>> SimulatedHypervisor::list_instances() {
  std::vector<runtime::InstanceInfo> out;
  for (const auto& [uuid, instance] : instances_)
    out.push_back(info(uuid, instance));
  co_return out;
}

}  // namespace stacksim::sim
