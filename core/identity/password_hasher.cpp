#include "core/identity/password_hasher.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <charconv>
#include <optional>
#include <stdexcept>
#include <vector>

#include "core/identity/secure_random.hpp"

namespace stacksim::identity {
namespace {

constexpr std::string_view prefix = "$pbkdf2-sha256$";
// passlib's "adapted base64": standard alphabet with '.' for '+', no padding.
constexpr char ab64_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789./";

std::string ab64_encode(const std::vector<unsigned char>& bytes) {
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char b : bytes) {
    buffer = (buffer << 8) | b;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out.push_back(ab64_alphabet[(buffer >> bits) & 0x3F]);
    }
  }
  if (bits > 0) out.push_back(ab64_alphabet[(buffer << (6 - bits)) & 0x3F]);
  return out;
}

std::optional<std::vector<unsigned char>> ab64_decode(std::string_view text) {
  std::vector<unsigned char> out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (char c : text) {
    const std::string_view alphabet(ab64_alphabet, 64);
    const std::size_t value = alphabet.find(c);
    if (value == std::string_view::npos) return std::nullopt;
    buffer = (buffer << 6) | static_cast<std::uint32_t>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<unsigned char>((buffer >> bits) & 0xFF));
    }
  }
  return out;
}

std::vector<unsigned char> derive(std::string_view password, const std::vector<unsigned char>& salt,
                                  int rounds, std::size_t length) {
  std::vector<unsigned char> digest(length);
  if (PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()), salt.data(),
                        static_cast<int>(salt.size()), rounds, EVP_sha256(),
                        static_cast<int>(length), digest.data()) != 1) {
    throw std::runtime_error("OpenSSL PKCS5_PBKDF2_HMAC failed");
  }
  return digest;
}

}  // namespace

PasswordHasher::PasswordHasher(int rounds) : rounds_(rounds) {
  if (rounds < 1000) {
    throw std::invalid_argument("password_hash_rounds must be at least 1000 (got " +
                                std::to_string(rounds) + ")");
  }
}

std::string PasswordHasher::hash(std::string_view password) const {
  const std::vector<unsigned char> salt = secure_random_bytes(salt_bytes);
  const std::vector<unsigned char> digest = derive(password, salt, rounds_, digest_bytes);
  return std::string(prefix) + std::to_string(rounds_) + "$" + ab64_encode(salt) + "$" +
         ab64_encode(digest);
}

bool PasswordHasher::verify(std::string_view password, std::string_view encoded) {
  if (!encoded.starts_with(prefix)) return false;
  std::string_view rest = encoded.substr(prefix.size());
  const std::size_t first = rest.find('$');
  if (first == std::string_view::npos) return false;
  const std::size_t second = rest.find('$', first + 1);
  if (second == std::string_view::npos) return false;
  int rounds = 0;
  const std::string_view rounds_text = rest.substr(0, first);
  const auto [end, ec] =
      std::from_chars(rounds_text.data(), rounds_text.data() + rounds_text.size(), rounds);
  if (ec != std::errc() || end != rounds_text.data() + rounds_text.size() || rounds < 1) {
    return false;
  }
  const auto salt = ab64_decode(rest.substr(first + 1, second - first - 1));
  const auto expected = ab64_decode(rest.substr(second + 1));
  if (!salt || !expected || salt->empty() || expected->empty()) return false;
  const std::vector<unsigned char> actual = derive(password, *salt, rounds, expected->size());
  return CRYPTO_memcmp(actual.data(), expected->data(), expected->size()) == 0;
}

}  // namespace stacksim::identity
