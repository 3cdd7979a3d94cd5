#pragma once
// Nova's block device mapping on stacksim's Cinder: the volume part of compute's BuildHooks (join
// it with the network part through compute::CompositeBuildHooks). At the boot request each
// mapping is validated and recorded, and existing volumes are reserved for the server; at build
// time volumes from images, snapshots or blank are created (and awaited), every volume is
// exported to the host and the connections go to the hypervisor; a delete detaches them and
// deletes those marked delete_on_termination. A failed build releases the attachments but keeps
// the mappings and created volumes for the reschedule, as Nova does.

#include <string>
#include <vector>

#include "core/compute/build_hooks.hpp"
#include "core/volume/volume_service.hpp"

namespace stacksim::volume {

class VolumeBuildHooks final : public compute::BuildHooks {
 public:
  VolumeBuildHooks(store::Database& db, VolumeService& volumes);

  void accept_block_devices(const identity::RequestContext& ctx, const compute::Instance& instance,
                            const std::vector<compute::BlockDeviceMapping>& mappings) override;
  runtime::Task<std::vector<runtime::VolumeConnection>> prepare_block_devices(
      compute::Instance instance, std::string host) override;
  runtime::Task<void> bind_to_host(compute::Instance instance, std::string host) override;
  runtime::Task<void> release(compute::Instance instance, std::string host) override;

  /// A server's mappings in boot order, with the volume each one uses (empty until created).
  struct Mapping {
    int position = 0;
    compute::BlockDeviceMapping bdm;
    std::string volume_id;
  };
  [[nodiscard]] std::vector<Mapping> mappings(const std::string& instance_uuid);

 private:
  /// Exports `volume_id` to `host` for the server, moving an attachment left on another host.
  runtime::Task<runtime::VolumeConnection> connect(identity::RequestContext ctx,
                                                   std::string volume_id, std::string instance_uuid,
                                                   std::string host);
  runtime::Task<void> disconnect(identity::RequestContext ctx, VolumeAttachment attachment);

  store::Database& db_;
  VolumeService& volumes_;
};

}  // namespace stacksim::volume
