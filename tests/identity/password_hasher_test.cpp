#include <catch2/catch.hpp>

#include "core/identity/password_hasher.hpp"

using stacksim::identity::PasswordHasher;

TEST_CASE("PBKDF2 hashes verify the right password only") {
  const PasswordHasher hasher(1000);
  const std::string hash = hasher.hash("s3cret");
  CHECK(hash.rfind("$pbkdf2-sha256$1000$", 0) == 0);
  CHECK(PasswordHasher::verify("s3cret", hash));
  CHECK_FALSE(PasswordHasher::verify("s3cret ", hash));
  CHECK_FALSE(PasswordHasher::verify("", hash));
}

TEST_CASE("every hash has its own salt") {
  const PasswordHasher hasher(1000);
  const std::string a = hasher.hash("same");
  const std::string b = hasher.hash("same");
  CHECK(a != b);
  CHECK(PasswordHasher::verify("same", a));
  CHECK(PasswordHasher::verify("same", b));
}

TEST_CASE("a PBKDF2-HMAC-SHA256 hash made elsewhere verifies") {
  // Python: hashlib.pbkdf2_hmac("sha256", b"password", b"saltsaltsaltsalt", 1000), written in
  // passlib's format (adapted base64, no padding).
  const std::string reference =
      "$pbkdf2-sha256$1000$c2FsdHNhbHRzYWx0c2FsdA$8nX7hwFEzIB8aPajJTYK8weHQc5Ngz0pFVAKvSu4jQA";
  CHECK(PasswordHasher::verify("password", reference));
  CHECK_FALSE(PasswordHasher::verify("Password", reference));
  // Rounds travel with the hash: one made with more rounds still verifies.
  CHECK(PasswordHasher::verify("password", PasswordHasher(2000).hash("password")));
}

TEST_CASE("malformed hashes never match and too few rounds are refused") {
  CHECK_FALSE(PasswordHasher::verify("x", ""));
  CHECK_FALSE(PasswordHasher::verify("x", "$pbkdf2-sha256$"));
  CHECK_FALSE(PasswordHasher::verify("x", "$pbkdf2-sha256$abc$c2FsdA$ZGlnZXN0"));
  CHECK_FALSE(PasswordHasher::verify("x", "$pbkdf2-sha256$1000$!!$ZGlnZXN0"));
  CHECK_FALSE(PasswordHasher::verify("x", "$2b$12$bcrypt.hash.is.not.supported"));
  CHECK_THROWS_WITH(PasswordHasher(10), Catch::Contains("at least 1000"));
}
