#pragma once
// A Glance image record: formats, size and hashes of its data, boot requirements (min_disk GB,
// min_ram MB), who may see it (visibility, members), tags, free-form properties and its status.

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "core/runtime/time.hpp"

namespace stacksim::image {

enum class ImageStatus { queued, saving, active, killed, deactivated, pending_delete, deleted };
enum class Visibility { public_, private_, shared, community };
enum class MemberStatus { pending, accepted, rejected };

std::string_view to_string(ImageStatus status) noexcept;
std::string_view to_string(Visibility visibility) noexcept;
std::string_view to_string(MemberStatus status) noexcept;
/// Parsers; BadRequest (400) naming the field and the allowed values for anything else.
ImageStatus parse_image_status(std::string_view text);
Visibility parse_visibility(std::string_view text);
MemberStatus parse_member_status(std::string_view text);

struct Image {
  std::string id;
  std::string name;
  std::string owner;  // project id
  ImageStatus status = ImageStatus::queued;
  Visibility visibility = Visibility::shared;  // Glance v2's default
  bool is_protected = false;
  std::string disk_format;           // empty until set
  std::string container_format;      // empty until set
  std::optional<std::int64_t> size;  // bytes, once data is present
  std::string checksum;              // MD5 of the data, hex
  std::string os_hash_algo;          // "sha512" once data is present
  std::string os_hash_value;         // hex
  std::int64_t min_disk = 0;         // GB
  std::int64_t min_ram = 0;          // MB
  std::set<std::string> tags;
  std::map<std::string, std::string> properties;  // e.g. hw_architecture, img_hv_type
  std::string location;                           // where the data lives once active
  runtime::TimePoint created_at{};
  runtime::TimePoint updated_at{};
};

struct ImageMember {
  std::string image_id;
  std::string member_id;  // project id
  MemberStatus status = MemberStatus::pending;
};

}  // namespace stacksim::image
