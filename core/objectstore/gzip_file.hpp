#pragma once
// Gzip as Python's GzipFile writes it (so ring files are byte-reproducible) and a reader that,
// like Swift's RingReader, also accepts a raw zlib stream.

#include <cstdint>
#include <string>
#include <string_view>

namespace stacksim::objectstore {

/// One gzip member: level 9 deflate, the given mtime, FNAME = `name` (omitted if empty), OS 255.
std::string gzip_compress(std::string_view data, std::string_view name, std::uint32_t mtime);
/// Inflates the first gzip member or zlib stream of `data`. Throws RingLoadError naming `source`
/// when the stream is corrupt or truncated.
std::string gzip_decompress(std::string_view data, const std::string& source);

}  // namespace stacksim::objectstore
