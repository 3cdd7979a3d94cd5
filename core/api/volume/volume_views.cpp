#include "core/api/volume/volume_views.hpp"

#include "core/api/responses.hpp"

namespace stacksim::api {

using nlohmann::json;

std::string VolumeViews::time(runtime::TimePoint t) const {
  return app_.time().iso8601(t, TimePrecision::cinder);
}

json VolumeViews::links(const std::string& collection, const std::string& id) const {
  // Cinder's bookmark link is the self link without the version segment.
  const std::string root = base_.substr(0, base_.rfind('/'));
  return json::array({{{"href", base_ + "/" + collection + "/" + id}, {"rel", "self"}},
                      {{"href", root + "/" + collection + "/" + id}, {"rel", "bookmark"}}});
}

std::string VolumeViews::attachment_status(const volume::VolumeAttachment& a) {
  if (a.attach_status == volume::AttachStatus::attaching && a.host_name.empty()) return "reserved";
  return std::string(to_string(a.attach_status));
}

json VolumeViews::volume(const volume::Volume& v, const VolumeViewer& viewer, bool detail) const {
  json j = {{"id", v.id}, {"name", v.name}, {"links", links("volumes", v.id)}};
  if (!detail) return j;
  // cinder/api/v2/views/volumes.py _get_attachments: only completed attachments are listed.
  json attachments = json::array();
  for (const volume::VolumeAttachment& a : v.attachments) {
    if (a.attach_status != volume::AttachStatus::attached) continue;
    attachments.push_back({{"id", v.id},
                           {"attachment_id", a.id},
                           {"volume_id", v.id},
                           {"server_id", a.server_id},
                           {"host_name", string_or_null(a.host_name)},
                           {"device", a.device},
                           {"attached_at", a.attached_at ? json(time(*a.attached_at)) : json()}});
  }
  j["status"] = std::string(to_string(v.status));
  j["size"] = v.size;
  j["availability_zone"] = v.availability_zone;
  j["created_at"] = time(v.created_at);
  j["updated_at"] = time(v.updated_at);
  j["attachments"] = std::move(attachments);
  j["description"] = string_or_null(v.description);
  j["volume_type"] = v.volume_type;
  j["snapshot_id"] = string_or_null(v.snapshot_id);
  j["source_volid"] = string_or_null(v.source_volid);
  j["metadata"] = json::object();
  j["user_id"] = v.user_id;
  j["bootable"] = v.bootable ? "true" : "false";  // a string in Cinder's view
  j["encrypted"] = false;
  j["replication_status"] = nullptr;
  j["consistencygroup_id"] = nullptr;
  j["multiattach"] = v.multiattach;
  j["os-vol-tenant-attr:tenant_id"] = v.project_id;
  if (!v.image_id.empty()) j["volume_image_metadata"] = {{"image_id", v.image_id}};
  if (viewer.admin) {
    j["os-vol-host-attr:host"] = string_or_null(v.host);
    j["os-vol-mig-status-attr:migstat"] = nullptr;
    j["os-vol-mig-status-attr:name_id"] = nullptr;
  }
  if (viewer.minor >= 13) j["group_id"] = nullptr;
  if (viewer.minor >= 21 && viewer.admin) j["provider_id"] = nullptr;
  if (viewer.minor >= 48) {
    j["service_uuid"] = nullptr;
    j["shared_targets"] = true;
  }
  if (viewer.minor >= 61 && viewer.admin) j["cluster_name"] = nullptr;
  if (viewer.minor >= 63) j["volume_type_id"] = v.volume_type_id;
  if (viewer.minor >= 65) j["consumes_quota"] = true;
  return j;
}

json VolumeViews::snapshot(const volume::Snapshot& s, const VolumeViewer& viewer,
                           bool detail) const {
  json j = {{"id", s.id},
            {"created_at", time(s.created_at)},
            {"updated_at", time(s.updated_at)},
            {"name", s.name},
            {"description", string_or_null(s.description)},
            {"volume_id", s.volume_id},
            {"status", std::string(to_string(s.status))},
            {"size", s.size},
            {"metadata", json::object()}};
  if (detail) {
    // The extended snapshot attributes (admin_or_owner, so always the caller's to see).
    j["os-extended-snapshot-attributes:project_id"] = s.project_id;
    j["os-extended-snapshot-attributes:progress"] =
        s.status == volume::SnapshotStatus::available ? "100%" : "0%";
  }
  if (viewer.minor >= 14) j["group_snapshot_id"] = nullptr;
  if (viewer.minor >= 41) j["user_id"] = s.user_id;
  if (viewer.minor >= 65) j["consumes_quota"] = true;
  return j;
}

json VolumeViews::attachment(const volume::VolumeAttachment& a, bool detail) const {
  json j = {{"id", a.id},
            {"status", attachment_status(a)},
            {"instance", a.server_id},
            {"volume_id", a.volume_id}};
  if (!detail) return j;
  j["attached_at"] = a.attached_at ? json(time(*a.attached_at)) : json();
  j["detached_at"] = nullptr;
  j["attach_mode"] = a.attach_mode;
  if (a.host_name.empty()) {
    j["connection_info"] = json::object();
  } else {
    j["connection_info"] = {{"attachment_id", a.id},         {"volume_id", a.volume_id},
                            {"target", a.connection_target}, {"device", a.device},
                            {"host", a.host_name},           {"access_mode", a.attach_mode}};
  }
  return j;
}

json VolumeViews::volume_type(const volume::VolumeType& t, bool admin) const {
  json j = {{"id", t.id},
            {"name", t.name},
            {"description", string_or_null(t.description)},
            {"is_public", t.is_public},
            {"os-volume-type-access:is_public", t.is_public},
            {"qos_specs_id", nullptr}};
  // volume_extension:access_types_extra_specs is admin-only by default.
  if (admin) j["extra_specs"] = t.extra_specs;
  return j;
}

}  // namespace stacksim::api
