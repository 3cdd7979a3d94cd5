#include "core/objectstore/digest.hpp"

#include <openssl/evp.h>

#include <stdexcept>

namespace stacksim::objectstore {

namespace {
template <std::size_t N>
std::array<std::uint8_t, N> evp_digest(const EVP_MD* md, std::string_view data) {
  std::array<std::uint8_t, N> out{};
  unsigned int len = 0;
  if (EVP_Digest(data.data(), data.size(), out.data(), &len, md, nullptr) != 1 || len != N) {
    throw std::runtime_error("OpenSSL digest failed");
  }
  return out;
}
}  // namespace

std::array<std::uint8_t, 16> md5(std::string_view data) {
  return evp_digest<16>(EVP_md5(), data);
}

std::string md5_hex(std::string_view data) {
  static const char* const hex = "0123456789abcdef";
  std::string out;
  for (std::uint8_t b : md5(data)) {
    out += hex[b >> 4];
    out += hex[b & 15];
  }
  return out;
}

std::array<std::uint8_t, 64> sha512(std::string_view data) {
  return evp_digest<64>(EVP_sha512(), data);
}

}  // namespace stacksim::objectstore
