#include "core/image/image.hpp"

#include <algorithm>
#include <array>

#include "core/image/image_error.hpp"
#include "core/image/image_formats.hpp"

namespace stacksim::image {
namespace {

constexpr std::array<std::string_view, 7> status_names = {
    "queued", "saving", "active", "killed", "deactivated", "pending_delete", "deleted"};
constexpr std::array<std::string_view, 4> visibility_names = {"public", "private", "shared",
                                                              "community"};
constexpr std::array<std::string_view, 3> member_status_names = {"pending", "accepted", "rejected"};

template <std::size_t N>
std::string listing(const std::array<std::string_view, N>& names) {
  std::string out = "[";
  for (std::size_t i = 0; i < N; ++i) {
    out += (i ? ", '" : "'") + std::string(names[i]) + "'";
  }
  return out + "]";
}

template <std::size_t N>
std::size_t index_of(const std::array<std::string_view, N>& names, std::string_view value,
                     const char* field) {
  const auto it = std::find(names.begin(), names.end(), value);
  if (it == names.end()) {
    throw bad_request("Provided object does not match schema 'image': '" + std::string(value) +
                      "' is not one of " + listing(names) + " (field " + field + ")");
  }
  return static_cast<std::size_t>(it - names.begin());
}

}  // namespace

std::string_view to_string(ImageStatus status) noexcept {
  return status_names[static_cast<std::size_t>(status)];
}
std::string_view to_string(Visibility visibility) noexcept {
  return visibility_names[static_cast<std::size_t>(visibility)];
}
std::string_view to_string(MemberStatus status) noexcept {
  return member_status_names[static_cast<std::size_t>(status)];
}

ImageStatus parse_image_status(std::string_view text) {
  return static_cast<ImageStatus>(index_of(status_names, text, "status"));
}
Visibility parse_visibility(std::string_view text) {
  return static_cast<Visibility>(index_of(visibility_names, text, "visibility"));
}
MemberStatus parse_member_status(std::string_view text) {
  return static_cast<MemberStatus>(index_of(member_status_names, text, "status"));
}

void validate_disk_format(std::string_view value) {
  (void)index_of(disk_formats, value, "disk_format");
}
void validate_container_format(std::string_view value) {
  (void)index_of(container_formats, value, "container_format");
}

}  // namespace stacksim::image
