#pragma once
// Replaces a file in one step: the bytes go to a temporary file beside it, are flushed to disk,
// and the temporary is renamed over the target, so a failure never leaves a half-written file.

#include <filesystem>
#include <string_view>

namespace stacksim::objectstore {

/// Throws std::runtime_error naming the path when the file cannot be written.
void write_file_atomically(const std::filesystem::path& path, std::string_view bytes);

}  // namespace stacksim::objectstore
