#pragma once
// The disk and container formats Glance accepts ([image_format] disk_formats/container_formats).

#include <array>
#include <string_view>

namespace stacksim::image {

inline constexpr std::array<std::string_view, 9> disk_formats = {
    "ami", "ari", "aki", "vhd", "vmdk", "raw", "qcow2", "vdi", "iso"};
inline constexpr std::array<std::string_view, 8> container_formats = {
    "ami", "ari", "aki", "bare", "ovf", "ova", "docker", "compressed"};

/// BadRequest (400) in Glance's schema-validation wording if `value` is not a known disk format.
void validate_disk_format(std::string_view value);
void validate_container_format(std::string_view value);

}  // namespace stacksim::image
