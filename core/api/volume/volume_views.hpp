#pragma once
// Cinder's v3 view builders: the volume, snapshot, attachment and volume type dicts exactly as the
// Block Storage API returns them, including the fields that depend on the caller (admin-only
// attributes such as os-vol-host-attr:host) and on the microversion (group_id from 3.13,
// service_uuid and shared_targets from 3.48, volume_type_id from 3.63, consumes_quota from 3.65).

#include <string>

#include <nlohmann/json.hpp>

#include "core/api/api_application.hpp"
#include "core/volume/volume.hpp"
#include "core/volume/volume_type.hpp"

namespace stacksim::api {

/// Who asks and in which microversion: what the views show depends on both.
struct VolumeViewer {
  bool admin = false;
  int minor = 0;
};

class VolumeViews {
 public:
  /// `base` is where the v3 API is served (<public_url>/volume/v3).
  VolumeViews(const ApiApplication& app, std::string base) : app_(app), base_(std::move(base)) {}

  [[nodiscard]] nlohmann::json links(const std::string& collection, const std::string& id) const;
  /// The summary (id, name, links) or the detail view.
  [[nodiscard]] nlohmann::json volume(const volume::Volume& v, const VolumeViewer& viewer,
                                      bool detail) const;
  [[nodiscard]] nlohmann::json snapshot(const volume::Snapshot& s, const VolumeViewer& viewer,
                                        bool detail) const;
  /// An attachment of the 3.27+ attachments API (summary: id, status, instance, volume_id).
  [[nodiscard]] nlohmann::json attachment(const volume::VolumeAttachment& a, bool detail) const;
  [[nodiscard]] nlohmann::json volume_type(const volume::VolumeType& t, bool admin) const;

  /// The attachment's status as Cinder names it: "reserved" until a connector is given.
  [[nodiscard]] static std::string attachment_status(const volume::VolumeAttachment& a);

 private:
  [[nodiscard]] std::string time(runtime::TimePoint t) const;

  const ApiApplication& app_;
  std::string base_;
};

}  // namespace stacksim::api
