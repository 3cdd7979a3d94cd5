#pragma once
// stacksim's builder file: the RingBuilder state as one JSON document (format
// "stacksim-ring-builder", version 1; docs/rings.md describes every field). The partition table
// and the part ages are base64 of little-endian uint16 / uint8 arrays. Saving writes a temporary
// file and renames it into place, so a failed command never leaves a damaged builder.

#include <filesystem>
#include <string>

#include "core/objectstore/ring_builder.hpp"

namespace stacksim::objectstore {

inline constexpr const char* kBuilderFormat = "stacksim-ring-builder";
inline constexpr int kBuilderFormatVersion = 1;

std::string builder_to_json(const RingBuilder& builder);
/// Throws RingLoadError naming `source` and the offending field.
RingBuilder builder_from_json(const std::string& text, const std::string& source);

void save_builder(const RingBuilder& builder, const std::filesystem::path& path);
/// Throws RingLoadError("Ring Builder file does not exist: ...") when missing.
RingBuilder load_builder(const std::filesystem::path& path);

}  // namespace stacksim::objectstore
