#pragma once
// Cinder's exception classes (cinder.exception) with their HTTP statuses and message texts.

#include <cstdint>
#include <string>

#include "core/runtime/service_error.hpp"

namespace stacksim::volume {

using runtime::ServiceError;

inline ServiceError volume_not_found(const std::string& id) {
  return {"VolumeNotFound", 404, "Volume " + id + " could not be found."};
}
inline ServiceError snapshot_not_found(const std::string& id) {
  return {"SnapshotNotFound", 404, "Snapshot " + id + " could not be found."};
}
inline ServiceError volume_type_not_found(const std::string& id) {
  return {"VolumeTypeNotFound", 404, "Volume type " + id + " could not be found."};
}
inline ServiceError volume_type_not_found_by_name(const std::string& name) {
  return {"VolumeTypeNotFoundByName", 404,
          "Volume type with name " + name + " could not be found."};
}
inline ServiceError volume_type_exists(const std::string& id) {
  return {"VolumeTypeExists", 409, "Volume Type " + id + " already exists."};
}
inline ServiceError volume_type_in_use(const std::string& id) {
  return {"VolumeTypeInUse", 400,
          "Volume Type " + id + " deletion is not allowed with volumes present with the type."};
}
inline ServiceError attachment_not_found(const std::string& filter) {
  return {"VolumeAttachmentNotFound", 404,
          "Volume attachment could not be found with filter: " + filter + "."};
}
inline ServiceError invalid_volume(const std::string& reason) {
  return {"InvalidVolume", 400, "Invalid volume: " + reason};
}
inline ServiceError invalid_snapshot(const std::string& reason) {
  return {"InvalidSnapshot", 400, "Invalid snapshot: " + reason};
}
inline ServiceError invalid_input(const std::string& reason) {
  return {"InvalidInput", 400, "Invalid input received: " + reason};
}
inline ServiceError invalid_volume_type(const std::string& reason) {
  return {"InvalidVolumeType", 400, "Invalid volume type: " + reason};
}
inline ServiceError image_not_found(const std::string& id) {
  return {"ImageNotFound", 404, "Image " + id + " could not be found."};
}
inline ServiceError no_valid_backend(const std::string& reason) {
  return {"NoValidBackend", 500, "No valid backend was found. " + reason};
}
inline ServiceError volume_size_exceeds_available_quota(const std::string& name,
                                                        std::int64_t requested, std::int64_t quota,
                                                        std::int64_t consumed) {
  return {"VolumeSizeExceedsAvailableQuota", 413,
          "Requested volume or snapshot exceeds allowed " + name + " quota. Requested " +
              std::to_string(requested) + "G, quota is " + std::to_string(quota) + "G and " +
              std::to_string(consumed) + "G has been consumed."};
}
inline ServiceError volume_limit_exceeded(std::int64_t allowed) {
  return {"VolumeLimitExceeded", 413,
          "Maximum number of volumes allowed (" + std::to_string(allowed) +
              ") exceeded for quota 'volumes'."};
}
inline ServiceError snapshot_limit_exceeded(std::int64_t allowed) {
  return {"SnapshotLimitExceeded", 413,
          "Maximum number of snapshots allowed (" + std::to_string(allowed) + ") exceeded"};
}

}  // namespace stacksim::volume
