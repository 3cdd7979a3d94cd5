#include "scenarios/cloud/cloud.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "core/runtime/spawn.hpp"
#include "scenarios/datacenter/simulated_datacenter.hpp"
#include "scenarios/scenario_error.hpp"
#include "sim/engine/random_streams.hpp"
#include "sim/engine/run_to_completion.hpp"

namespace stacksim::scenarios {
namespace {

/// Each service's identifiers come from its own seeded sequence: one seed for all would give the
/// first project, network, server and stack the same UUID.
std::uint64_t service_id_seed(const Scenario& scenario, std::string_view service) {
  return sim::RandomStreams(scenario.seed).stream_seed(service);
}

// Nova 26 takes ratios from each compute node's nova.conf into Placement; the control plane here
// has one [DEFAULT] section, so per-class ratios would be silently lost.
void reject_per_class_ratios(const Scenario& scenario) {
  for (std::size_t ci = 0; ci < scenario.datacenter.host_classes.size(); ++ci) {
    const HostClass& c = scenario.datacenter.host_classes[ci];
    if (c.cpu_allocation_ratio || c.ram_allocation_ratio || c.disk_allocation_ratio) {
      throw ScenarioError(scenario.file, "/datacenter/host_classes/" + std::to_string(ci),
                          "per-host-class allocation ratios are supported by the experiment "
                          "runner only; the control plane uses control_plane's ratios");
    }
  }
}

compute::ComputeConfig compute_config(const Scenario& scenario) {
  const ControlPlaneSpec& cp = scenario.control_plane;
  const SchedulerSpec& s = cp.scheduler;
  compute::ComputeConfig config;
  scheduler::SchedulerConfig& sc = config.scheduler;
  if (!s.enabled_filters.empty()) sc.enabled_filters = s.enabled_filters;
  if (!s.weight_classes.empty()) sc.weight_classes = s.weight_classes;
  sc.weigher_multipliers = s.weigher_multipliers;
  sc.host_subset_size = s.host_subset_size;
  sc.shuffle_best_same_weighed_hosts = s.shuffle_best_same_weighed_hosts;
  sc.max_attempts = s.max_attempts;
  sc.placement_policy = s.placement_policy;
  sc.cpu_allocation_ratio = cp.cpu_allocation_ratio;
  sc.ram_allocation_ratio = cp.ram_allocation_ratio;
  sc.disk_allocation_ratio = cp.disk_allocation_ratio;
  sc.reserved_host_cpus = cp.reserved_host_cpus;
  sc.reserved_host_memory_mb = cp.reserved_host_memory_mb;
  sc.reserved_host_disk_mb = cp.reserved_host_disk_gb * 1024;
  sc.seed = scenario.seed;
  config.id_seed = service_id_seed(scenario, "compute");
  return config;
}

network::NetworkConfig network_config(const Scenario& scenario, const std::string& image_store) {
  network::NetworkConfig config;
  // Routers and DHCP live on the first network node, else where the controller services run.
  config.network_node = image_store;
  for (const HostClass& c : scenario.datacenter.host_classes) {
    if (c.role == "network" && c.count > 0) {
      config.network_node = c.host_name(0);
      break;
    }
  }
  return config;
}

}  // namespace

Cloud::Cloud(const Scenario& scenario, CloudOptions options)
    : rings_(build_scenario_rings(scenario)),
      hash_path_(scenario_hash_path(scenario)),
      db_(options.database.empty() ? store::Database::open_in_memory()
                                   : store::Database::open(options.database)) {
  if (scenario.backend.type == "live") {
    auto live = live::make_live_backend(nlohmann::json::parse(scenario.backend.live_config),
                                        scenario.file, "/backend");
    live_backend_ = live.get();
    compute_hosts_ = live->hosts();
    image_store_ = live->config().storage ? live->config().storage->host : compute_hosts_.front();
    backend_ = std::move(live);
  } else {
    reject_per_class_ratios(scenario);
    image_store_ = choose_image_store(scenario);
    simulator_ = std::make_unique<sim::Simulator>();
    auto simulated = std::make_unique<sim::SimulatedBackend>(
        *simulator_, simulated_datacenter(scenario, image_store_));
    simulated_backend_ = simulated.get();
    backend_ = std::move(simulated);
    for (const HostClass& c : scenario.datacenter.host_classes) {
      if (c.role != "compute") continue;
      for (std::int64_t i = 0; i < c.count; ++i)
        compute_hosts_.push_back(c.host_name(i));
    }
  }
  runtime::Executor& clock = backend_->executor();
  options.identity.id_seed = service_id_seed(scenario, "identity");
  identity_ = std::make_unique<identity::IdentityService>(db_, clock, options.identity);
  image::ImageConfig image_config;
  image_config.store_endpoint = image_store_;
  image_config.id_seed = service_id_seed(scenario, "image");
  images_ = std::make_unique<image::ImageService>(db_, clock, identity_->policy(),
                                                  backend_->storage(), image_config);
  image_cache_ = std::make_unique<image::ImageCache>(db_, backend_->storage(), image_store_);
  network_ = std::make_unique<network::NetworkService>(db_, network_config(scenario, image_store_),
                                                       service_id_seed(scenario, "network"));
  volume::VolumeConfig volume_config;
  volume_config.id_seed = service_id_seed(scenario, "volume");
  volumes_ = std::make_unique<volume::VolumeService>(db_, clock, backend_->storage(), *identity_,
                                                     *images_, volume_config);
  network_hooks_ = std::make_unique<network::NetworkBuildHooks>(*network_, backend_->network());
  volume_hooks_ = std::make_unique<volume::VolumeBuildHooks>(db_, *volumes_);
  build_hooks_ = std::make_unique<compute::CompositeBuildHooks>(*network_hooks_, *volume_hooks_);
  compute_ =
      std::make_unique<compute::ComputeApi>(db_, *backend_, *identity_, *images_, *image_cache_,
                                            compute_config(scenario), build_hooks_.get());
  telemetry::TelemetryConfig telemetry_config;
  telemetry_config.polling_interval = telemetry_config.evaluation_interval =
      runtime::from_seconds(scenario.telemetry.interval_s);
  telemetry_ = std::make_unique<telemetry::TelemetryService>(
      db_, clock, telemetry_config, service_id_seed(scenario, "telemetry"));
  orchestration_ = std::make_unique<orchestration::OrchestrationService>(
      db_, clock,
      orchestration::OrchestrationServices{compute_.get(), images_.get(), network_.get(),
                                           telemetry_.get(), volumes_.get(), backend_.get()},
      orchestration::OrchestrationConfig{}, service_id_seed(scenario, "orchestration"));

  identity::BootstrapOptions boot;
  boot.admin_password = options.admin_password;
  boot.admin_user = options.admin_user;
  boot.admin_project = options.admin_project;
  boot.region = options.region;
  boot.public_url = boot.internal_url = boot.admin_url = options.public_url + "/v3";
  bootstrap_ = identity_->bootstrap(boot);
  admin_ = identity::RequestContext::for_project(bootstrap_.user.id, bootstrap_.project.id,
                                                 {bootstrap_.admin_role.name});
  if (live_backend_ != nullptr) run(live_backend_->start());
  run(compute_->register_hosts(compute_hosts_));
  register_volume_pools(scenario);
  // A reopened database already holds the flavors and aggregates.
  if (compute_->list_flavors(admin_).empty()) {
    create_flavors(scenario);
    create_aggregates(scenario);
  }
}

Cloud::~Cloud() {
  // The health probes would keep the live executor busy while the services go away.
  if (live_backend_ != nullptr) live_backend_->stop_monitoring();
}

ScenarioRing* Cloud::ring(const std::string& name) noexcept {
  for (ScenarioRing& r : rings_) {
    if (r.name == name) return &r;
  }
  return nullptr;
}

sim::Simulator& Cloud::simulator() {
  if (!simulator_) throw std::logic_error("a live cloud runs on the wall clock, not a simulator");
  return *simulator_;
}

sim::SimulatedBackend& Cloud::simulated_backend() {
  if (simulated_backend_ == nullptr) throw std::logic_error("the cloud's backend is live");
  return *simulated_backend_;
}

void Cloud::create_flavors(const Scenario& scenario) {
  for (const FlavorSpec& spec : scenario.flavors) {
    compute::Flavor flavor;
    flavor.id = spec.name;
    flavor.name = spec.name;
    flavor.vcpus = static_cast<int>(spec.vcpus);
    flavor.memory_mb = spec.memory_mb;
    flavor.root_gb = spec.disk_gb;
    compute_->create_flavor(admin_, flavor);
  }
}

void Cloud::create_aggregates(const Scenario& scenario) {
  // Aggregates in first-mention order, so their ids do not depend on map ordering.
  std::vector<std::string> order;
  std::map<std::string, std::vector<std::string>> members;
  std::map<std::string, std::optional<std::string>> zone_of;
  std::map<std::string, std::map<std::string, std::optional<std::string>>> metadata;
  const auto join = [&](const std::string& aggregate, const HostClass& c) {
    if (!members.contains(aggregate)) order.push_back(aggregate);
    for (std::int64_t i = 0; i < c.count; ++i)
      members[aggregate].push_back(c.host_name(i));
  };
  for (const HostClass& c : scenario.datacenter.host_classes) {
    if (c.role != "compute") continue;
    if (c.availability_zone != "nova") {
      join(c.availability_zone, c);
      zone_of[c.availability_zone] = c.availability_zone;
    }
    for (const std::string& aggregate : c.aggregates) {
      join(aggregate, c);
      for (const auto& [key, value] : c.properties)
        metadata[aggregate][key] = value;
    }
  }
  for (const std::string& name : order) {
    const compute::HostAggregate created = compute_->create_aggregate(
        admin_, name, zone_of.contains(name) ? zone_of[name] : std::nullopt);
    if (!metadata[name].empty())
      compute_->set_aggregate_metadata(admin_, created.id, metadata[name]);
    for (const std::string& host : members[name])
      compute_->add_aggregate_host(admin_, created.id, host);
  }
}

void Cloud::register_volume_pools(const Scenario& scenario) {
  // One pool per block backend, addressed like Cinder's host@backend#pool.
  for (const BlockBackend& backend : scenario.datacenter.storage.block_backends) {
    volume::PoolState pool;
    pool.name = backend.host + "@" + backend.name + "#" + backend.name;
    pool.volume_backend_name = backend.name;
    pool.storage_endpoint = backend.host;
    pool.total_capacity_gb = pool.free_capacity_gb = backend.capacity_gb;
    volumes_->register_pool(pool);
  }
}

void Cloud::run(runtime::Task<void> task) {
  if (simulator_) {
    sim::run_to_completion(*simulator_, std::move(task));
    return;
  }
  runtime::TaskHandle handle = runtime::spawn(backend_->executor(), std::move(task));
  while (!handle.done())
    live_backend_->wall_executor().run_for(std::chrono::milliseconds(20));
  handle.rethrow_if_failed();
}

void Cloud::run_until(runtime::TimePoint until) {
  if (simulator_) {
    simulator_->run_until(until);
    return;
  }
  runtime::WallExecutor& wall = live_backend_->wall_executor();
  while (wall.now() < until)
    wall.run_for(std::min<runtime::Duration>(until - wall.now(), std::chrono::milliseconds(50)));
}

void Cloud::settle() {
  simulator().run_until_idle();
}

}  // namespace stacksim::scenarios
