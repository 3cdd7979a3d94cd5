#include "core/volume/volume_build_hooks.hpp"

#include <algorithm>

#include "core/store/savepoint.hpp"
#include "core/volume/volume_error.hpp"
#include "core/volume/volume_schema.hpp"

namespace stacksim::volume {
namespace {

ServiceError invalid_bdm(const std::string& detail) {
  return {"InvalidBDM", 400, "Block Device Mapping is Invalid: " + detail};
}

/// The server's owner acting on its volumes (Nova calls Cinder with the user's token).
identity::RequestContext owner_of(const compute::Instance& instance) {
  return identity::RequestContext::for_project(instance.user_id, instance.project_id, {"member"});
}

}  // namespace

VolumeBuildHooks::VolumeBuildHooks(store::Database& db, VolumeService& volumes)
    : db_((ensure_volume_schema(db), db)), volumes_(volumes) {
}

void VolumeBuildHooks::accept_block_devices(
    const identity::RequestContext& ctx, const compute::Instance& instance,
    const std::vector<compute::BlockDeviceMapping>& mappings) {
  if (std::count_if(mappings.begin(), mappings.end(),
                    [](const auto& m) { return m.boot_index == 0; }) > 1) {
    throw invalid_bdm(
        "Boot sequence for the instance and image/block device mapping combination "
        "is not valid.");
  }
  store::Savepoint tx(db_);
  int position = 0;
  for (const compute::BlockDeviceMapping& m : mappings) {
    if (m.destination_type != "volume") {
      throw invalid_bdm("destination_type '" + m.destination_type +
                        "' is not supported: stacksim attaches volumes only.");
    }
    std::string volume_id;
    if (m.source_type == "volume") {
      try {
        (void)volumes_.get_volume(ctx, m.uuid);
      } catch (const ServiceError&) {
        throw ServiceError("InvalidBDMVolume", 400,
                           "Block Device Mapping is Invalid: failed to get volume " + m.uuid + ".");
      }
      // Nova reserves an existing volume at the API (attachment_create without a connector).
      try {
        (void)volumes_.reserve_volume(ctx, m.uuid, instance.uuid);
      } catch (const ServiceError& e) {
        throw ServiceError(e.type(), 400, e.what());
      }
      volume_id = m.uuid;
    } else if (m.source_type == "image" || m.source_type == "snapshot" ||
               m.source_type == "blank") {
      if (m.volume_size <= 0 && m.source_type != "snapshot") {
        throw invalid_bdm("You specified more local devices than the limit allows");
      }
    } else {
      throw invalid_bdm("source_type '" + m.source_type +
                        "' is not one of volume, image, "
                        "snapshot, blank.");
    }
    db_.cached(
           "INSERT INTO volume_block_device_mappings VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")
        .bind_all(instance.uuid, position++, m.source_type, m.destination_type, m.uuid,
                  m.volume_size, m.boot_index, m.delete_on_termination, volume_id)
        .execute();
  }
  tx.commit();
}

std::vector<VolumeBuildHooks::Mapping> VolumeBuildHooks::mappings(
    const std::string& instance_uuid) {
  // Nova's boot order: boot_index 0, 1, ... first, then the non-bootable (-1) ones.
  store::Statement& s = db_.cached(
      "SELECT position, source_type, destination_type, uuid, volume_size, boot_index, "
      "delete_on_termination, volume_id FROM volume_block_device_mappings WHERE instance_uuid = "
      "?1 ORDER BY boot_index < 0, boot_index, position");
  s.bind(1, instance_uuid);
  std::vector<Mapping> out;
  while (s.step()) {
    Mapping m;
    m.position = s.column_int(0);
    m.bdm.source_type = s.column_text(1);
    m.bdm.destination_type = s.column_text(2);
    m.bdm.uuid = s.column_text(3);
    m.bdm.volume_size = s.column_int64(4);
    m.bdm.boot_index = s.column_int(5);
    m.bdm.delete_on_termination = s.column_int(6) != 0;
    m.volume_id = s.column_text(7);
    out.push_back(std::move(m));
  }
  s.reset();
  return out;
}

runtime::Task<std::vector<runtime::VolumeConnection>> VolumeBuildHooks::prepare_block_devices(
    compute::Instance instance, std::string host) {
  const identity::RequestContext ctx = owner_of(instance);
  std::vector<runtime::VolumeConnection> connections;
  for (Mapping m : mappings(instance.uuid)) {
    if (m.volume_id.empty()) {
      VolumeCreate request;
      request.size = m.bdm.volume_size;
      request.name = instance.name + "-bdm-" + std::to_string(m.position);
      if (m.bdm.source_type == "image") request.image_id = m.bdm.uuid;
      if (m.bdm.source_type == "snapshot") request.snapshot_id = m.bdm.uuid;
      if (!instance.availability_zone.empty())
        request.availability_zone = instance.availability_zone;
      const Volume created = co_await volumes_.create_volume_and_wait(ctx, request);
      db_.cached(
             "UPDATE volume_block_device_mappings SET volume_id = ?3 WHERE instance_uuid = ?1 "
             "AND position = ?2")
          .bind_all(instance.uuid, m.position, created.id)
          .execute();
      if (created.status != VolumeStatus::available) {
        throw ServiceError("VolumeNotCreated", 500,
                           "Volume " + created.id +
                               " was not created for the server: its status is " +
                               std::string(to_string(created.status)) + ".");
      }
      m.volume_id = created.id;
    }
    connections.push_back(co_await connect(ctx, m.volume_id, instance.uuid, host));
  }
  co_return connections;
}

runtime::Task<runtime::VolumeConnection> VolumeBuildHooks::connect(identity::RequestContext ctx,
                                                                   std::string volume_id,
                                                                   std::string instance_uuid,
                                                                   std::string host) {
  std::vector<VolumeAttachment> mine = volumes_.server_attachments(instance_uuid);
  auto it = std::find_if(mine.begin(), mine.end(),
                         [&](const VolumeAttachment& a) { return a.volume_id == volume_id; });
  if (it != mine.end() && it->attach_status == AttachStatus::attached) {
    if (it->host_name == host) {
      co_return runtime::VolumeConnection{volume_id, it->device, it->connection_target,
                                          volumes_.get_volume(ctx, volume_id).size};
    }
    // Left on the previous host (an evacuation or a move): unexport there first.
    co_await disconnect(ctx, *it);
    it = mine.end();
  }
  std::string attachment_id =
      it != mine.end() ? it->id : volumes_.reserve_volume(ctx, volume_id, instance_uuid).id;
  co_return co_await volumes_.attach(ctx, attachment_id, host);
}

runtime::Task<void> VolumeBuildHooks::disconnect(identity::RequestContext ctx,
                                                 VolumeAttachment attachment) {
  if (attachment.attach_status == AttachStatus::attaching) {
    volumes_.unreserve_volume(ctx, attachment.id);
    co_return;
  }
  if (attachment.attach_status == AttachStatus::attached) {
    volumes_.begin_detaching(ctx, attachment.id);
  }
  co_await volumes_.detach(ctx, attachment.id);
}

runtime::Task<void> VolumeBuildHooks::bind_to_host(compute::Instance instance, std::string host) {
  const identity::RequestContext ctx = owner_of(instance);
  for (const VolumeAttachment& a : volumes_.server_attachments(instance.uuid)) {
    if (a.attach_status == AttachStatus::attached && a.host_name != host) {
      (void)co_await connect(ctx, a.volume_id, instance.uuid, host);
    }
  }
}

runtime::Task<void> VolumeBuildHooks::release(compute::Instance instance, std::string host) {
  (void)host;
  const identity::RequestContext ctx = owner_of(instance);
  for (const VolumeAttachment& a : volumes_.server_attachments(instance.uuid)) {
    try {
      co_await disconnect(ctx, a);
    } catch (const std::exception&) {
      // An unreachable host or backend: the delete goes on (Nova's local delete); the volume
      // keeps the attachment until an operator cleans it.
    }
  }
  if (instance.task_state != compute::TaskState::deleting && !instance.deleted) co_return;
  for (const Mapping& m : mappings(instance.uuid)) {
    if (m.bdm.delete_on_termination && !m.volume_id.empty()) {
      try {
        volumes_.delete_volume(ctx, m.volume_id);
      } catch (const ServiceError&) {
        // Already gone or in error: Nova logs and carries on with the delete.
      }
    }
  }
  db_.cached("DELETE FROM volume_block_device_mappings WHERE instance_uuid = ?1")
      .bind(1, instance.uuid)
      .execute();
}

}  // namespace stacksim::volume
