#pragma once
// Nova for stacksim: the compute API (servers and their actions, flavors, keypairs, aggregates and
// availability zones, server groups, compute services) over one ComputeCell, with the conductor
// running builds and moves as coroutines on the backend's executor. Every call takes the caller's
// RequestContext; policy rules "os_compute_api:*" decide who may do what, quotas (instances, cores,
// ram) are reserved at request time, and bad requests get Nova's error type and message.
//
// Calls return as the REST API would (202: accepted, work in progress); run the executor to let
// the conductor finish. The executor must not run after the ComputeApi is gone.

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/compute/compute_cell.hpp"
#include "core/compute/conductor.hpp"
#include "core/identity/request_context.hpp"

namespace stacksim::compute {

struct ServerCreate {
  std::string name;
  std::string flavor_id;
  std::string image_id;
  std::optional<std::string> availability_zone;
  std::optional<std::string> key_name;
  std::optional<std::string> server_group;  // scheduler hint "group": a server group uuid
  int min_count = 1;
  int max_count = 1;
  std::vector<std::string> same_host;        // scheduler hint: instance uuids
  std::vector<std::string> different_host;   // scheduler hint: instance uuids
  NetworkRequest networks;                   // "networks": auto (default), none, or a list
  std::vector<std::string> security_groups;  // names or ids; empty: the project's default
  std::vector<BlockDeviceMapping> block_device_mapping_v2;  // volumes attached at boot
};

struct ServerCreateResult {
  std::string reservation_id;
  std::vector<Instance> instances;
};

/// A compute service as `openstack compute service list` shows it.
struct ServiceStatus {
  ComputeService service;
  std::string zone;
  bool up = false;
  runtime::TimePoint last_seen_up{};
};

struct AvailabilityZone {
  std::string name;
  std::vector<std::string> hosts;
};

class ComputeApi {
 public:
  /// `hooks`: network/volume integration (nullptr: none). Reopening an existing database rebuilds
  /// the scheduler's state and settles operations a restart interrupted (see docs/compute.md).
  ComputeApi(store::Database& db, runtime::Backend& backend, identity::IdentityService& identity,
             image::ImageService& images, image::ImageCache& image_cache, ComputeConfig config = {},
             BuildHooks* hooks = nullptr);
  ComputeApi(const ComputeApi&) = delete;
  ComputeApi& operator=(const ComputeApi&) = delete;

  /// Registers every backend host as a compute node and starts its nova-compute service.
  runtime::Task<void> register_hosts();
  /// The same for some of the backend's hosts (the others - controllers, network and storage
  /// nodes - run no nova-compute).
  runtime::Task<void> register_hosts(std::vector<std::string> hosts);

  // Servers.
  ServerCreateResult create_servers(const identity::RequestContext& ctx,
                                    const ServerCreate& request);
  [[nodiscard]] Instance get_server(const identity::RequestContext& ctx, const std::string& uuid);
  /// The caller's project's servers; admins may ask for every project's.
  [[nodiscard]] std::vector<Instance> list_servers(const identity::RequestContext& ctx,
                                                   bool all_projects = false);
  /// The policy check of list_servers alone: the project whose servers the caller lists (nullopt:
  /// every project's), or PolicyNotAuthorized.
  [[nodiscard]] std::optional<std::string> authorize_list_servers(
      const identity::RequestContext& ctx, bool all_projects = false);
  /// Moves whenever any server record is created or changed (see Instances::generation).
  [[nodiscard]] std::uint64_t servers_generation() const noexcept {
    return cell_.instances.generation();
  }
  [[nodiscard]] std::optional<InstanceFault> server_fault(const identity::RequestContext& ctx,
                                                          const std::string& uuid);
  void delete_server(const identity::RequestContext& ctx, const std::string& uuid);
  void stop_server(const identity::RequestContext& ctx, const std::string& uuid);
  void start_server(const identity::RequestContext& ctx, const std::string& uuid);
  void reboot_server(const identity::RequestContext& ctx, const std::string& uuid,
                     runtime::RebootType type);
  void resize_server(const identity::RequestContext& ctx, const std::string& uuid,
                     const std::string& flavor_id);
  void confirm_resize(const identity::RequestContext& ctx, const std::string& uuid);
  void revert_resize(const identity::RequestContext& ctx, const std::string& uuid);
  /// Cold migration (admin); ends in VERIFY_RESIZE (vm_state resized) like a resize.
  void migrate_server(const identity::RequestContext& ctx, const std::string& uuid,
                      std::optional<std::string> host = std::nullopt);
  void live_migrate_server(const identity::RequestContext& ctx, const std::string& uuid,
                           std::optional<std::string> host = std::nullopt);
  /// Rebuilds the server of a host whose compute service is down on another host (admin).
  void evacuate_server(const identity::RequestContext& ctx, const std::string& uuid,
                       std::optional<std::string> host = std::nullopt);
  [[nodiscard]] std::vector<Migration> list_migrations(const identity::RequestContext& ctx,
                                                       std::optional<std::string> uuid = {});

  // Flavors.
  Flavor create_flavor(const identity::RequestContext& ctx, const Flavor& flavor);
  void delete_flavor(const identity::RequestContext& ctx, const std::string& id);
  /// FlavorNotFound for a private flavor the caller's project may not use.
  [[nodiscard]] Flavor get_flavor(const identity::RequestContext& ctx, const std::string& id);
  [[nodiscard]] std::vector<Flavor> list_flavors(const identity::RequestContext& ctx);
  Flavor set_flavor_extra_spec(const identity::RequestContext& ctx, const std::string& id,
                               const std::string& key, const std::string& value);
  Flavor unset_flavor_extra_spec(const identity::RequestContext& ctx, const std::string& id,
                                 const std::string& key);
  void add_flavor_access(const identity::RequestContext& ctx, const std::string& id,
                         const std::string& project_id);
  void remove_flavor_access(const identity::RequestContext& ctx, const std::string& id,
                            const std::string& project_id);

  // Keypairs (the caller's own).
  Keypair import_keypair(const identity::RequestContext& ctx, const std::string& name,
                         const std::string& public_key, const std::string& type = "ssh");
  [[nodiscard]] Keypair get_keypair(const identity::RequestContext& ctx, const std::string& name);
  [[nodiscard]] std::vector<Keypair> list_keypairs(const identity::RequestContext& ctx);
  void delete_keypair(const identity::RequestContext& ctx, const std::string& name);

  // Host aggregates and availability zones (admin).
  HostAggregate create_aggregate(const identity::RequestContext& ctx, const std::string& name,
                                 std::optional<std::string> availability_zone = std::nullopt);
  HostAggregate set_aggregate_metadata(
      const identity::RequestContext& ctx, std::int64_t id,
      const std::map<std::string, std::optional<std::string>>& metadata);
  HostAggregate add_aggregate_host(const identity::RequestContext& ctx, std::int64_t id,
                                   const std::string& host);
  HostAggregate remove_aggregate_host(const identity::RequestContext& ctx, std::int64_t id,
                                      const std::string& host);
  void delete_aggregate(const identity::RequestContext& ctx, std::int64_t id);
  [[nodiscard]] std::vector<HostAggregate> list_aggregates(const identity::RequestContext& ctx);
  /// Zones with their compute hosts; hosts in no zone are in the default zone.
  [[nodiscard]] std::vector<AvailabilityZone> list_availability_zones(
      const identity::RequestContext& ctx);

  // Server groups.
  ServerGroup create_server_group(const identity::RequestContext& ctx, const std::string& name,
                                  const std::string& policy,
                                  std::optional<int> max_server_per_host = std::nullopt);
  [[nodiscard]] ServerGroup get_server_group(const identity::RequestContext& ctx,
                                             const std::string& uuid);
  void delete_server_group(const identity::RequestContext& ctx, const std::string& uuid);

  /// Every instance record as created or saved - Nova's instance.update notification (state
  /// changes, host, task_state) - for experiment drivers, telemetry and orchestration.
  void subscribe_instance_updates(std::function<void(const Instance&)> listener) {
    cell_.instances.subscribe(std::move(listener));
  }

  // Compute services (admin).
  [[nodiscard]] std::vector<ServiceStatus> list_services(const identity::RequestContext& ctx);
  ServiceStatus set_service_disabled(const identity::RequestContext& ctx, const std::string& host,
                                     bool disabled, const std::string& reason = {});
  ServiceStatus set_service_forced_down(const identity::RequestContext& ctx,
                                        const std::string& host, bool forced_down);
  /// Placement usage of one compute node (admin): what `openstack hypervisor show` reports.
  [[nodiscard]] HostUsage hypervisor_usage(const identity::RequestContext& ctx,
                                           const std::string& host);

  [[nodiscard]] ComputeCell& cell() noexcept { return cell_; }

 private:
  void start(runtime::Task<void> task);
  void on_backend_event(const runtime::BackendEvent& event);
  void recover_interrupted();
  [[nodiscard]] bool is_admin(const identity::RequestContext& ctx) const;
  /// The instance if the caller may see it (InstanceNotFound otherwise), after `action`'s policy.
  Instance visible_instance(const identity::RequestContext& ctx, const std::string& uuid,
                            const std::string& action);
  /// Nova's check_num_instances_quota: reserves for max_count, or for as many as fit if at least
  /// min_count do; returns the count and the reservation.
  std::pair<int, std::string> reserve_instances(const std::string& project_id, const Flavor& flavor,
                                                int min_count, int max_count);
  void require_host_up(const Instance& instance);
  void check_target_host(const Instance& instance, const std::string& host);
  Migration new_migration(const Instance& instance, MigrationType type, const std::string& status,
                          const Flavor& new_flavor);
  ServiceStatus status_of(const ComputeService& service);
  void sync_aggregates();

  std::unique_ptr<BuildHooks> default_hooks_;
  ComputeCell cell_;
  Conductor conductor_;
};

}  // namespace stacksim::compute
