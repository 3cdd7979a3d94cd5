#include <array>
#include <stdexcept>
#include <string>
#include <utility>

#include "core/volume/volume.hpp"

namespace stacksim::volume {
namespace {

template <class Enum, std::size_t N>
std::string_view name_of(const std::array<std::pair<Enum, std::string_view>, N>& names, Enum e) {
  for (const auto& [value, name] : names) {
    if (value == e) return name;
  }
  return "unknown";
}

template <class Enum, std::size_t N>
Enum parse(const std::array<std::pair<Enum, std::string_view>, N>& names, std::string_view text,
           const char* what) {
  for (const auto& [value, name] : names) {
    if (name == text) return value;
  }
  throw std::invalid_argument(std::string("unknown ") + what + " '" + std::string(text) + "'");
}

constexpr std::array<std::pair<VolumeStatus, std::string_view>, 11> volume_statuses = {{
    {VolumeStatus::creating, "creating"},
    {VolumeStatus::downloading, "downloading"},
    {VolumeStatus::available, "available"},
    {VolumeStatus::attaching, "attaching"},
    {VolumeStatus::in_use, "in-use"},
    {VolumeStatus::detaching, "detaching"},
    {VolumeStatus::extending, "extending"},
    {VolumeStatus::deleting, "deleting"},
    {VolumeStatus::error, "error"},
    {VolumeStatus::error_deleting, "error_deleting"},
    {VolumeStatus::error_extending, "error_extending"},
}};

constexpr std::array<std::pair<AttachStatus, std::string_view>, 4> attach_statuses = {{
    {AttachStatus::detached, "detached"},
    {AttachStatus::attaching, "attaching"},
    {AttachStatus::attached, "attached"},
    {AttachStatus::detaching, "detaching"},
}};

constexpr std::array<std::pair<SnapshotStatus, std::string_view>, 5> snapshot_statuses = {{
    {SnapshotStatus::creating, "creating"},
    {SnapshotStatus::available, "available"},
    {SnapshotStatus::deleting, "deleting"},
    {SnapshotStatus::error, "error"},
    {SnapshotStatus::error_deleting, "error_deleting"},
}};

}  // namespace

std::string_view to_string(VolumeStatus status) noexcept {
  return name_of(volume_statuses, status);
}
std::string_view to_string(AttachStatus status) noexcept {
  return name_of(attach_statuses, status);
}
std::string_view to_string(SnapshotStatus status) noexcept {
  return name_of(snapshot_statuses, status);
}
VolumeStatus parse_volume_status(std::string_view text) {
  return parse(volume_statuses, text, "volume status");
}
AttachStatus parse_attach_status(std::string_view text) {
  return parse(attach_statuses, text, "attach status");
}
SnapshotStatus parse_snapshot_status(std::string_view text) {
  return parse(snapshot_statuses, text, "snapshot status");
}

}  // namespace stacksim::volume
