#pragma once
// A whole OpenStack control plane for a scenario: identity (bootstrapped like `keystone-manage
// bootstrap`), images with their per-host cache, compute with the scenario's scheduler
// configuration, networking and block storage (ports and volumes join each build through
// compute's build hooks), on one SQLite database, driving the scenario's backend - a
// SimulatedBackend built from the datacenter section (host classes, topology) on a simulated
// clock, or a LiveBackend on real libvirt/OVS hosts (backend.type "live") on the wall clock. The
// same control-plane code runs on both. Telemetry and orchestration (Heat) sit on top. `stacksim
// run --control-plane`, `stacksim serve`, the Python package and orchestration drive this object.
//
// Simulated: only compute-role hosts run nova-compute; controllers, network and storage nodes are
// hosts of the topology (image store, network node) without instances. Host-class aggregates and
// zones become host aggregates (a zone other than "nova" is an aggregate named after the zone).
// Live: the backend section's compute hosts run nova-compute; images live on its storage host.

#include <memory>
#include <string>
#include <vector>

#include "core/compute/composite_build_hooks.hpp"
#include "core/compute/compute_api.hpp"
#include "core/identity/identity_service.hpp"
#include "core/image/image_cache.hpp"
#include "core/image/image_service.hpp"
#include "core/network/network_build_hooks.hpp"
#include "core/network/network_service.hpp"
#include "core/orchestration/orchestration_service.hpp"
#include "core/runtime/task.hpp"
#include "core/store/database.hpp"
#include "core/telemetry/telemetry_service.hpp"
#include "core/volume/volume_build_hooks.hpp"
#include "core/volume/volume_service.hpp"
#include "live/live_backend.hpp"
#include "scenarios/rings/scenario_ring.hpp"
#include "scenarios/schema/scenario.hpp"
#include "sim/backend/simulated_backend.hpp"
#include "sim/engine/simulator.hpp"

namespace stacksim::scenarios {

struct CloudOptions {
  std::string database;        // SQLite file of the control plane; empty: in memory
  std::string admin_password;  // required: bootstraps the admin user
  std::string admin_user = "admin";
  std::string admin_project = "admin";
  std::string region = "RegionOne";
  /// Base URL of the identity endpoints in the catalog (`stacksim serve` passes its address).
  std::string public_url = "http://controller:5000";
  identity::IdentityConfig identity;  // id_seed is taken from the scenario's seed
};

class Cloud {
 public:
  /// Builds the datacenter and the services, registers the compute hosts, creates the scenario's
  /// flavors and host aggregates. Throws ScenarioError for what the datacenter cannot model.
  Cloud(const Scenario& scenario, CloudOptions options);
  ~Cloud();
  Cloud(const Cloud&) = delete;
  Cloud& operator=(const Cloud&) = delete;

  [[nodiscard]] bool simulated() const noexcept { return simulator_ != nullptr; }
  [[nodiscard]] runtime::Backend& backend() noexcept { return *backend_; }
  [[nodiscard]] runtime::Executor& executor() noexcept { return backend_->executor(); }
  /// The simulated clock and datacenter; std::logic_error on a live cloud.
  [[nodiscard]] sim::Simulator& simulator();
  [[nodiscard]] sim::SimulatedBackend& simulated_backend();
  [[nodiscard]] store::Database& database() noexcept { return db_; }
  [[nodiscard]] identity::IdentityService& identity() noexcept { return *identity_; }
  [[nodiscard]] image::ImageService& images() noexcept { return *images_; }
  [[nodiscard]] image::ImageCache& image_cache() noexcept { return *image_cache_; }
  [[nodiscard]] network::NetworkService& network() noexcept { return *network_; }
  [[nodiscard]] volume::VolumeService& volumes() noexcept { return *volumes_; }
  [[nodiscard]] network::NetworkBuildHooks& network_hooks() noexcept { return *network_hooks_; }
  [[nodiscard]] compute::ComputeApi& compute() noexcept { return *compute_; }
  /// Ceilometer/Aodh: polls every telemetry.interval_s once started (not started by the cloud:
  /// its loops never end, so settle() would not return).
  [[nodiscard]] telemetry::TelemetryService& telemetry() noexcept { return *telemetry_; }
  /// Heat over this cloud's compute, image, network and telemetry services.
  [[nodiscard]] orchestration::OrchestrationService& orchestration() noexcept {
    return *orchestration_;
  }
  /// The bootstrap admin, scoped to the admin project.
  [[nodiscard]] const identity::RequestContext& admin() const noexcept { return admin_; }
  [[nodiscard]] const identity::BootstrapResult& bootstrap() const noexcept { return bootstrap_; }
  [[nodiscard]] const std::vector<std::string>& compute_hosts() const noexcept {
    return compute_hosts_;
  }
  /// The Swift rings of datacenter.storage.swift_rings, built and rebalanced with the seed.
  [[nodiscard]] std::vector<ScenarioRing>& rings() noexcept { return rings_; }
  /// The ring named `name` (account, container, object); nullptr when the scenario has none.
  [[nodiscard]] ScenarioRing* ring(const std::string& name) noexcept;
  [[nodiscard]] const objectstore::HashPathConfig& hash_path() const noexcept { return hash_path_; }
  /// The host serving images (Glance's store): the first controller, else the first host.
  [[nodiscard]] const std::string& image_store() const noexcept { return image_store_; }

  /// Runs `task` to completion on the cloud's clock (with everything else due meanwhile) and
  /// rethrows its failure.
  void run(runtime::Task<void> task);
  /// Advances the clock to `until`, running every event due by then (live: waits until then).
  void run_until(runtime::TimePoint until);
  /// Simulated: runs until no event is left (every pending operation has finished).
  void settle();

 private:
  void create_flavors(const Scenario& scenario);
  void create_aggregates(const Scenario& scenario);
  void register_volume_pools(const Scenario& scenario);

  std::unique_ptr<sim::Simulator> simulator_;  // null on a live cloud
  std::unique_ptr<runtime::Backend> backend_;
  sim::SimulatedBackend* simulated_backend_ = nullptr;
  live::LiveBackend* live_backend_ = nullptr;
  std::vector<std::string> compute_hosts_;
  std::string image_store_;
  std::vector<ScenarioRing> rings_;
  objectstore::HashPathConfig hash_path_;
  store::Database db_;
  std::unique_ptr<identity::IdentityService> identity_;
  std::unique_ptr<image::ImageService> images_;
  std::unique_ptr<image::ImageCache> image_cache_;
  std::unique_ptr<network::NetworkService> network_;
  std::unique_ptr<volume::VolumeService> volumes_;
  std::unique_ptr<network::NetworkBuildHooks> network_hooks_;
  std::unique_ptr<volume::VolumeBuildHooks> volume_hooks_;
  std::unique_ptr<compute::CompositeBuildHooks> build_hooks_;
  std::unique_ptr<compute::ComputeApi> compute_;
  std::unique_ptr<telemetry::TelemetryService> telemetry_;
  std::unique_ptr<orchestration::OrchestrationService> orchestration_;
  identity::BootstrapResult bootstrap_;
  identity::RequestContext admin_;
};

}  // namespace stacksim::scenarios
