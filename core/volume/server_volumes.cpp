#include "core/volume/server_volumes.hpp"

#include <algorithm>

#include "core/compute/instance_states.hpp"
#include "core/runtime/spawn.hpp"
#include "core/volume/volume_error.hpp"

namespace stacksim::volume {

compute::Instance ServerVolumes::attachable_server(const identity::RequestContext& ctx,
                                                   const std::string& server_id,
                                                   const std::string& method) {
  compute::Instance server = compute_.get_server(ctx, server_id);
  // nova/compute/api.py attach_volume / detach_volume: a server that has a host and no task.
  using compute::VmState;
  compute::StateCheck check;
  check.vm_states = std::vector<VmState>{VmState::active,  VmState::paused,  VmState::stopped,
                                         VmState::resized, VmState::shelved, VmState::suspended};
  compute::check_instance_state(server, check, method);
  return server;
}

VolumeAttachment ServerVolumes::attach_volume(const identity::RequestContext& ctx,
                                              const std::string& server_id,
                                              const std::string& volume_id) {
  const compute::Instance server = attachable_server(ctx, server_id, "attach_volume");
  VolumeAttachment attachment = volumes_.reserve_volume(ctx, volume_id, server_id);
  runtime::spawn(backend_.executor(), run_attach(ctx, attachment.id, server_id, server.host));
  return attachment;
}

runtime::Task<void> ServerVolumes::run_attach(identity::RequestContext ctx,
                                              std::string attachment_id, std::string server_id,
                                              std::string host) {
  runtime::VolumeConnection connection;
  bool exported = true;
  try {
    connection = co_await volumes_.attach(ctx, attachment_id, host);
  } catch (const std::exception&) {
    exported = false;  // VolumeService::attach already dropped the reservation
  }
  if (!exported) co_return;
  bool attached = true;
  try {
    co_await backend_.hypervisor(host).attach_volume(server_id, connection);
  } catch (const std::exception&) {
    attached = false;
  }
  if (!attached) {
    // The guest never saw the disk: take the export and the attachment back.
    volumes_.begin_detaching(ctx, attachment_id);
    co_await volumes_.detach(ctx, attachment_id);
  }
}

void ServerVolumes::detach_volume(const identity::RequestContext& ctx, const std::string& server_id,
                                  const std::string& volume_id) {
  (void)attachable_server(ctx, server_id, "detach_volume");
  const std::vector<VolumeAttachment> attachments = volumes_.server_attachments(server_id);
  auto it = std::find_if(attachments.begin(), attachments.end(),
                         [&](const VolumeAttachment& a) { return a.volume_id == volume_id; });
  if (it == attachments.end()) {
    throw ServiceError("VolumeAttachmentNotFound", 404,
                       "Volume " + volume_id + " is not attached to server " + server_id + ".");
  }
  volumes_.begin_detaching(ctx, it->id);
  runtime::spawn(backend_.executor(), run_detach(ctx, *it));
}

runtime::Task<void> ServerVolumes::run_detach(identity::RequestContext ctx,
                                              VolumeAttachment attachment) {
  bool detached = true;
  try {
    co_await backend_.hypervisor(attachment.host_name)
        .detach_volume(attachment.server_id, attachment.volume_id);
    co_await volumes_.detach(ctx, attachment.id);
  } catch (const std::exception&) {
    detached = false;
  }
  // The guest or the backend kept the disk: the volume stays in use (Nova's roll_detaching).
  if (!detached) volumes_.roll_detaching(ctx, attachment.id);
}

std::vector<VolumeAttachment> ServerVolumes::list_attachments(const identity::RequestContext& ctx,
                                                              const std::string& server_id) {
  (void)compute_.get_server(ctx, server_id);
  return volumes_.server_attachments(server_id);
}

}  // namespace stacksim::volume
