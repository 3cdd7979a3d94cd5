#pragma once
// Where the network and block-storage services join a build (Nova's allocate_for_instance and
// block device mapping) and a delete. The defaults contribute nothing - servers boot without NICs
// or volumes - so compute works on its own until core/network and core/volume plug in
// (composite_build_hooks.hpp joins the two). An evacuation calls allocate_network and
// prepare_block_devices again on the new host for an instance that already has its ports and
// volumes: implementations rebind what exists.

#include <string>
#include <vector>

#include "core/compute/block_device_mapping.hpp"
#include "core/compute/instance.hpp"
#include "core/identity/request_context.hpp"
#include "core/runtime/hypervisor_driver.hpp"
#include "core/runtime/service_error.hpp"
#include "core/runtime/task.hpp"

namespace stacksim::compute {

class BuildHooks {
 public:
  BuildHooks() = default;
  BuildHooks(const BuildHooks&) = delete;
  BuildHooks& operator=(const BuildHooks&) = delete;
  virtual ~BuildHooks() = default;

  /// Validates a boot request's block device mappings and records them for `instance`, inside the
  /// create request's transaction (Nova's _validate_bdm and BDM creation in the API): a bad
  /// mapping fails the request. Without a block storage service any mapping is refused.
  virtual void accept_block_devices(const identity::RequestContext& ctx, const Instance& instance,
                                    const std::vector<BlockDeviceMapping>& mappings) {
    (void)ctx;
    (void)instance;
    if (!mappings.empty()) {
      throw runtime::ServiceError("InvalidBDM", 400,
                                  "Block Device Mapping is Invalid: no block storage service.");
    }
  }
  /// Ports for the instance on `host` (task_state networking).
  // Parameters are named and marked unused: GCC 12 mishandles unnamed coroutine parameters.
  virtual runtime::Task<std::vector<runtime::NicSpec>> allocate_network(Instance instance,
                                                                        std::string host) {
    (void)instance;
    (void)host;
    co_return std::vector<runtime::NicSpec>{};
  }
  /// Volumes attached at boot (task_state block_device_mapping).
  virtual runtime::Task<std::vector<runtime::VolumeConnection>> prepare_block_devices(
      Instance instance, std::string host) {
    (void)instance;
    (void)host;
    co_return std::vector<runtime::VolumeConnection>{};
  }
  /// The instance now runs on `host` after a move (resize, cold or live migration, or their
  /// revert): what follows the instance is bound there (Nova's migrate_instance_finish).
  virtual runtime::Task<void> bind_to_host(Instance instance, std::string host) {
    (void)instance;
    (void)host;
    co_return;
  }
  /// Gives back what the calls above set up (a failed build, or a delete).
  virtual runtime::Task<void> release(Instance instance, std::string host) {
    (void)instance;
    (void)host;
    co_return;
  }
};

}  // namespace stacksim::compute
