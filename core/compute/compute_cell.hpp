#pragma once
// One compute cell: the compute database (flavors, keypairs, aggregates, server groups, services,
// instances, migrations, allocations), the scheduler's host state, and the services compute talks
// to (identity for policy and quotas, images, the image cache, the backend). The API and the
// conductor both work on it.

#include <cstdint>
#include <map>
#include <string>

#include "core/compute/build_hooks.hpp"
#include "core/compute/compute_config.hpp"
#include "core/compute/compute_services.hpp"
#include "core/compute/flavors.hpp"
#include "core/compute/host_aggregates.hpp"
#include "core/compute/host_manager.hpp"
#include "core/compute/instances.hpp"
#include "core/compute/keypairs.hpp"
#include "core/compute/migrations.hpp"
#include "core/compute/server_groups.hpp"
#include "core/identity/identity_service.hpp"
#include "core/image/image_cache.hpp"
#include "core/image/image_service.hpp"
#include "core/runtime/backend.hpp"
#include "core/store/database.hpp"
#include "core/store/sequence.hpp"

namespace stacksim::compute {

struct ComputeCell {
  ComputeCell(store::Database& database, runtime::Backend& backend_,
              identity::IdentityService& identity_, image::ImageService& images_,
              image::ImageCache& image_cache_, ComputeConfig config_, BuildHooks& hooks_);

  store::Database& db;
  runtime::Backend& backend;
  identity::IdentityService& identity;
  image::ImageService& images;
  image::ImageCache& image_cache;
  const ComputeConfig config;
  BuildHooks& hooks;

  Flavors flavors;
  Keypairs keypairs;
  HostAggregates aggregates;
  ServerGroups server_groups;
  ComputeServices services;
  Instances instances;
  Migrations migrations;
  HostManager hosts;

  [[nodiscard]] runtime::TimePoint now() const noexcept { return backend.executor().now(); }
  std::string next_instance_uuid();
  std::string next_migration_uuid();
  std::string next_reservation_id();

  /// Service state, heartbeats and io_ops/failed_builds into the scheduler, before it decides.
  void refresh_scheduler();
  /// Stamps updated_at and saves.
  void save(Instance& instance);
  /// vm_state ERROR, no task, and the fault recorded.
  void set_error(Instance& instance, int code, const std::string& message,
                 const std::string& details = {});
  /// The end of a delete: allocations and quota given back, group membership dropped, record
  /// soft-deleted.
  void finish_delete(Instance& instance);
  /// Quota usage of one instance of `flavor` (instances, cores, ram).
  [[nodiscard]] static identity::QuotaDeltas quota_of(const Flavor& flavor);

 private:
  store::Sequence instance_ids_;
  store::Sequence migration_ids_;
  store::Sequence reservation_ids_;
};

}  // namespace stacksim::compute
