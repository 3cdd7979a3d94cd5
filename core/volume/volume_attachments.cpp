// VolumeService: attachments (Cinder's attachment API as Nova drives it). A volume is exported to
// a compute host once (StorageDriver::attach_volume), however many of its multiattach attachments
// sit on that host, and unexported when the last of them goes.

#include <algorithm>

#include "core/store/savepoint.hpp"
#include "core/volume/volume_error.hpp"
#include "core/volume/volume_service.hpp"

namespace stacksim::volume {

std::optional<VolumeAttachment> VolumeService::load_attachment(const std::string& id) {
  store::Statement& s = db_.cached(
      "SELECT id, volume_id, server_id, host_name, device, connection_target, attach_status, "
      "attach_mode, attached_at FROM volume_attachments WHERE id = ?1");
  s.bind(1, id);
  if (!s.step()) {
    s.reset();
    return std::nullopt;
  }
  VolumeAttachment a;
  a.id = s.column_text(0);
  a.volume_id = s.column_text(1);
  a.server_id = s.column_text(2);
  a.host_name = s.column_text(3);
  a.device = s.column_text(4);
  a.connection_target = s.column_text(5);
  a.attach_status = parse_attach_status(s.column_text(6));
  a.attach_mode = s.column_text(7);
  if (std::optional<std::int64_t> t = s.column_optional_int64(8)) {
    a.attached_at = runtime::TimePoint(runtime::Duration(*t));
  }
  s.reset();
  return a;
}

void VolumeService::save(const VolumeAttachment& a) {
  std::optional<std::int64_t> attached_at;
  if (a.attached_at) attached_at = a.attached_at->time_since_epoch().count();
  db_.cached(
         "INSERT INTO volume_attachments VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
         "ON CONFLICT(id) DO UPDATE SET host_name = excluded.host_name, "
         "device = excluded.device, connection_target = excluded.connection_target, "
         "attach_status = excluded.attach_status, attached_at = excluded.attached_at")
      .bind_all(a.id, a.volume_id, a.server_id, a.host_name, a.device, a.connection_target,
                to_string(a.attach_status), a.attach_mode, attached_at)
      .execute();
}

std::vector<VolumeAttachment> VolumeService::server_attachments(const std::string& server_id) {
  store::Statement& s =
      db_.cached("SELECT id FROM volume_attachments WHERE server_id = ?1 ORDER BY rowid");
  s.bind(1, server_id);
  std::vector<std::string> ids;
  while (s.step())
    ids.push_back(s.column_text(0));
  s.reset();
  std::vector<VolumeAttachment> out;
  for (const std::string& id : ids)
    out.push_back(*load_attachment(id));
  return out;
}

VolumeAttachment VolumeService::reserve_volume(const identity::RequestContext& ctx,
                                               const std::string& volume_id,
                                               const std::string& server_id) {
  Volume volume = visible_volume(ctx, volume_id, "volume:attachment_create");
  const std::string_view status = to_string(volume.status);
  if (status.find("error") != std::string_view::npos) {
    throw invalid_volume(
        "Volume attachments can not be created if the volume is in an error state. The Volume " +
        volume.id + " currently has a status of: " + std::string(status) + " ");
  }
  const bool reservable = volume.status == VolumeStatus::available ||
                          (volume.multiattach && volume.status == VolumeStatus::in_use);
  const bool same_server =
      std::any_of(volume.attachments.begin(), volume.attachments.end(),
                  [&](const VolumeAttachment& a) { return a.server_id == server_id; });
  if (!reservable || same_server) {
    throw invalid_volume("Volume " + volume.id + " status must be " +
                         (volume.multiattach ? "available or in-use" : "available") +
                         " to reserve, but the current status is " + std::string(status) + ".");
  }
  VolumeAttachment a;
  a.id = next_id();
  a.volume_id = volume.id;
  a.server_id = server_id;
  a.attach_status = AttachStatus::attaching;
  store::Savepoint tx(db_);
  save(a);
  volume.status = VolumeStatus::attaching;
  save(volume);
  tx.commit();
  return a;
}

void VolumeService::unreserve_volume(const identity::RequestContext& ctx,
                                     const std::string& attachment_id) {
  std::optional<VolumeAttachment> a = load_attachment(attachment_id);
  if (!a) throw attachment_not_found("{'id': '" + attachment_id + "'}");
  Volume volume = visible_volume(ctx, a->volume_id, "volume:attachment_delete");
  store::Savepoint tx(db_);
  db_.cached("DELETE FROM volume_attachments WHERE id = ?1").bind(1, attachment_id).execute();
  const bool others = volume.attachments.size() > 1;
  volume.status = others ? VolumeStatus::in_use : VolumeStatus::available;
  volume.attach_status = others ? AttachStatus::attached : AttachStatus::detached;
  save(volume);
  tx.commit();
}

runtime::Task<runtime::VolumeConnection> VolumeService::attach(identity::RequestContext ctx,
                                                               std::string attachment_id,
                                                               std::string host) {
  std::optional<VolumeAttachment> a = load_attachment(attachment_id);
  if (!a) throw attachment_not_found("{'id': '" + attachment_id + "'}");
  const Volume volume = visible_volume(ctx, a->volume_id, "volume:attachment_update");
  if (a->attach_status != AttachStatus::attaching) {
    throw invalid_volume("Attachment " + attachment_id + " is not reserved.");
  }
  // A host the volume is already exported to (another attachment of a multiattach volume).
  const auto exported = std::find_if(
      volume.attachments.begin(), volume.attachments.end(), [&](const VolumeAttachment& other) {
        return other.id != attachment_id && other.host_name == host &&
               other.attach_status != AttachStatus::attaching;
      });
  runtime::VolumeConnection connection;
  if (exported != volume.attachments.end()) {
    connection = {volume.id, exported->device, exported->connection_target, volume.size};
  } else {
    try {
      connection = co_await storage_.attach_volume(volume.id, host);
    } catch (const std::exception&) {
      unreserve_volume(ctx, attachment_id);
      throw;
    }
  }
  a = load_attachment(attachment_id);
  a->host_name = host;
  a->device = connection.device_name;
  a->connection_target = connection.target;
  a->attach_status = AttachStatus::attached;
  a->attached_at = executor_.now();
  Volume current = *load(a->volume_id);
  store::Savepoint tx(db_);
  save(*a);
  current.status = VolumeStatus::in_use;
  current.attach_status = AttachStatus::attached;
  save(current);
  tx.commit();
  co_return connection;
}

void VolumeService::begin_detaching(const identity::RequestContext& ctx,
                                    const std::string& attachment_id) {
  std::optional<VolumeAttachment> a = load_attachment(attachment_id);
  if (!a) throw attachment_not_found("{'id': '" + attachment_id + "'}");
  Volume volume = visible_volume(ctx, a->volume_id, "volume:attachment_delete");
  if (volume.status != VolumeStatus::in_use || a->attach_status != AttachStatus::attached) {
    throw invalid_volume(
        "Unable to detach volume. Volume status must be 'in-use' and attach_status must be "
        "'attached' to detach.");
  }
  store::Savepoint tx(db_);
  a->attach_status = AttachStatus::detaching;
  save(*a);
  volume.status = VolumeStatus::detaching;
  save(volume);
  tx.commit();
}

void VolumeService::roll_detaching(const identity::RequestContext& ctx,
                                   const std::string& attachment_id) {
  std::optional<VolumeAttachment> a = load_attachment(attachment_id);
  if (!a) throw attachment_not_found("{'id': '" + attachment_id + "'}");
  Volume volume = visible_volume(ctx, a->volume_id, "volume:attachment_delete");
  if (a->attach_status != AttachStatus::detaching) return;
  store::Savepoint tx(db_);
  a->attach_status = AttachStatus::attached;
  save(*a);
  volume.status = VolumeStatus::in_use;
  volume.attach_status = AttachStatus::attached;
  save(volume);
  tx.commit();
}

runtime::Task<void> VolumeService::detach(identity::RequestContext ctx, std::string attachment_id) {
  std::optional<VolumeAttachment> a = load_attachment(attachment_id);
  if (!a) throw attachment_not_found("{'id': '" + attachment_id + "'}");
  const Volume volume = visible_volume(ctx, a->volume_id, "volume:attachment_delete");
  const bool host_shared = std::any_of(
      volume.attachments.begin(), volume.attachments.end(), [&](const VolumeAttachment& other) {
        return other.id != attachment_id && other.host_name == a->host_name &&
               other.attach_status == AttachStatus::attached;
      });
  if (!host_shared) co_await storage_.detach_volume(volume.id, a->host_name);
  Volume current = *load(a->volume_id);
  const bool others = current.attachments.size() > 1;
  store::Savepoint tx(db_);
  db_.cached("DELETE FROM volume_attachments WHERE id = ?1").bind(1, attachment_id).execute();
  current.status = others ? VolumeStatus::in_use : VolumeStatus::available;
  current.attach_status = others ? AttachStatus::attached : AttachStatus::detached;
  save(current);
  tx.commit();
}

}  // namespace stacksim::volume
