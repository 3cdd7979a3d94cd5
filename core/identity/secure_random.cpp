#include "core/identity/secure_random.hpp"

#include <openssl/err.h>
#include <openssl/rand.h>

#include <limits>
#include <stdexcept>

namespace stacksim::identity {

std::vector<unsigned char> secure_random_bytes(std::size_t count) {
  if (count > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
    throw std::length_error("secure_random_bytes: too many bytes requested");
  }
  std::vector<unsigned char> bytes(count);
  if (count > 0 && RAND_bytes(bytes.data(), static_cast<int>(count)) != 1) {
    throw std::runtime_error("OpenSSL RAND_bytes failed: error " + std::to_string(ERR_get_error()));
  }
  return bytes;
}

std::string secure_random_hex(std::size_t count) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * count);
  for (unsigned char b : secure_random_bytes(count)) {
    out.push_back(digits[b >> 4]);
    out.push_back(digits[b & 0xF]);
  }
  return out;
}

std::string secure_random_urlsafe(std::size_t count) {
  static constexpr char alphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  const std::vector<unsigned char> bytes = secure_random_bytes(count);
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char b : bytes) {
    buffer = (buffer << 8) | b;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out.push_back(alphabet[(buffer >> bits) & 0x3F]);
    }
  }
  if (bits > 0) out.push_back(alphabet[(buffer << (6 - bits)) & 0x3F]);
  return out;
}

}  // namespace stacksim::identity
