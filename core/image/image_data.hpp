#pragma once
// Image data as it is uploaded: either real bytes or a deterministic pseudo-random stream of a
// given size (a simulated disk image). Glance computes the MD5 checksum and the SHA-512 os_hash
// while the data streams in; digest() does the same, in 1 MiB chunks, with OpenSSL.

#include <cstdint>
#include <string>

namespace stacksim::image {

struct ImageDigest {
  std::int64_t size = 0;
  std::string md5;     // hex: Glance's `checksum`
  std::string sha512;  // hex: Glance's `os_hash_value` (os_hash_algo "sha512")
};

class ImageData {
 public:
  static ImageData from_bytes(std::string bytes);
  /// `size` bytes of xoshiro256** output seeded with `seed`: the same (size, seed), the same data.
  static ImageData pattern(std::int64_t size, std::uint64_t seed);

  [[nodiscard]] std::int64_t size() const noexcept { return size_; }
  /// Streams the data through MD5 and SHA-512.
  [[nodiscard]] ImageDigest digest() const;

 private:
  ImageData(std::string bytes, std::int64_t size, std::uint64_t seed, bool generated)
      : bytes_(std::move(bytes)), size_(size), seed_(seed), generated_(generated) {}

  std::string bytes_;
  std::int64_t size_ = 0;
  std::uint64_t seed_ = 0;
  bool generated_ = false;
};

}  // namespace stacksim::image
