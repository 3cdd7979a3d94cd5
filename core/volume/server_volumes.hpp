#pragma once
// Nova's os-volume_attachments on stacksim's compute and Cinder: attaching a volume to a running
// (or stopped) server reserves it in Cinder, then - as a coroutine on the executor - exports it to
// the server's host and hands the connection to the host's hypervisor; detaching does the reverse.
// Calls return the attachment at once, as Nova's API does; run the executor to let them finish.

#include <string>
#include <vector>

#include "core/compute/compute_api.hpp"
#include "core/runtime/backend.hpp"
#include "core/volume/volume_service.hpp"

namespace stacksim::volume {

class ServerVolumes {
 public:
  ServerVolumes(compute::ComputeApi& compute, VolumeService& volumes, runtime::Backend& backend)
      : compute_(compute), volumes_(volumes), backend_(backend) {}

  /// POST /servers/{id}/os-volume_attachments.
  VolumeAttachment attach_volume(const identity::RequestContext& ctx, const std::string& server_id,
                                 const std::string& volume_id);
  /// DELETE /servers/{id}/os-volume_attachments/{volume_id}.
  void detach_volume(const identity::RequestContext& ctx, const std::string& server_id,
                     const std::string& volume_id);
  /// GET /servers/{id}/os-volume_attachments.
  [[nodiscard]] std::vector<VolumeAttachment> list_attachments(const identity::RequestContext& ctx,
                                                               const std::string& server_id);

 private:
  runtime::Task<void> run_attach(identity::RequestContext ctx, std::string attachment_id,
                                 std::string server_id, std::string host);
  runtime::Task<void> run_detach(identity::RequestContext ctx, VolumeAttachment attachment);
  compute::Instance attachable_server(const identity::RequestContext& ctx,
                                      const std::string& server_id, const std::string& method);

  compute::ComputeApi& compute_;
  VolumeService& volumes_;
  runtime::Backend& backend_;
};

}  // namespace stacksim::volume
