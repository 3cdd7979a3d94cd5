#pragma once
// Cinder's records with Cinder's field names, as the Block Storage v3 API shows them: volumes
// (status, attach_status, host "backend@pool", bootable, multiattach, attachments), snapshots and
// volume attachments.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/runtime/time.hpp"

namespace stacksim::volume {

/// cinder.objects.fields.VolumeStatus (the subset stacksim's operations go through).
enum class VolumeStatus {
  creating,
  downloading,  // creating from an image: the image is being copied onto the volume
  available,
  attaching,
  in_use,
  detaching,
  extending,
  deleting,
  error,
  error_deleting,
  error_extending,
};

enum class AttachStatus { detached, attaching, attached, detaching };

enum class SnapshotStatus { creating, available, deleting, error, error_deleting };

/// Cinder's spellings ("in-use", "error_deleting", ...).
std::string_view to_string(VolumeStatus status) noexcept;
std::string_view to_string(AttachStatus status) noexcept;
std::string_view to_string(SnapshotStatus status) noexcept;
VolumeStatus parse_volume_status(std::string_view text);
AttachStatus parse_attach_status(std::string_view text);
SnapshotStatus parse_snapshot_status(std::string_view text);

struct VolumeAttachment {
  std::string id;  // attachment_id
  std::string volume_id;
  std::string server_id;  // instance_uuid
  std::string host_name;  // the compute host the volume is exported to
  std::string device;     // mountpoint, e.g. /dev/vdb
  std::string connection_target;
  AttachStatus attach_status = AttachStatus::attaching;
  std::string attach_mode = "rw";
  std::optional<runtime::TimePoint> attached_at;
};

struct Volume {
  std::string id;
  std::string name;
  std::string description;
  VolumeStatus status = VolumeStatus::creating;
  AttachStatus attach_status = AttachStatus::detached;
  std::int64_t size = 0;  // GiB
  std::string availability_zone;
  std::string volume_type;     // the type's name
  std::string volume_type_id;  // the type's id
  std::string host;            // os-vol-host-attr:host, the pool; empty until scheduled
  bool bootable = false;
  bool multiattach = false;
  std::string snapshot_id;   // created from this snapshot, or empty
  std::string source_volid;  // cloned from this volume, or empty
  std::string image_id;      // volume_image_metadata.image_id, or empty
  std::string project_id;    // os-vol-tenant-attr:tenant_id
  std::string user_id;
  std::vector<VolumeAttachment> attachments;
  runtime::TimePoint created_at{};
  runtime::TimePoint updated_at{};
};

struct Snapshot {
  std::string id;
  std::string volume_id;
  std::string name;
  std::string description;
  SnapshotStatus status = SnapshotStatus::creating;
  std::int64_t size = 0;
  std::string project_id;
  std::string user_id;
  runtime::TimePoint created_at{};
  runtime::TimePoint updated_at{};
};

}  // namespace stacksim::volume
