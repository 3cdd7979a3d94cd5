#pragma once
// Password hashing with PBKDF2-HMAC-SHA256 (OpenSSL), a fresh random salt per password and a
// configurable iteration count (Keystone's [identity] password_hash_rounds). Hashes are stored in
// passlib's pbkdf2_sha256 format, "$pbkdf2-sha256$<rounds>$<salt>$<digest>" (adapted base64), so
// the rounds travel with each hash and raising them later keeps old hashes verifiable.

#include <string>
#include <string_view>

namespace stacksim::identity {

class PasswordHasher {
 public:
  static constexpr int default_rounds = 29000;  // passlib's pbkdf2_sha256 default
  static constexpr int salt_bytes = 16;
  static constexpr int digest_bytes = 32;

  explicit PasswordHasher(int rounds = default_rounds);

  [[nodiscard]] int rounds() const noexcept { return rounds_; }

  /// A new hash of `password` with a fresh salt.
  [[nodiscard]] std::string hash(std::string_view password) const;

  /// True if `password` matches `encoded`; the digests are compared in constant time. A malformed
  /// `encoded` never matches.
  [[nodiscard]] static bool verify(std::string_view password, std::string_view encoded);

 private:
  int rounds_;
};

}  // namespace stacksim::identity
