#pragma once
// Unpredictable identifiers for secrets (token ids, audit ids, password salts) from OpenSSL's
// CSPRNG. These never feed simulation results, so they need not be reproducible.

#include <cstddef>
#include <string>
#include <vector>

namespace stacksim::identity {

/// `count` bytes from RAND_bytes; throws std::runtime_error if OpenSSL cannot supply them.
std::vector<unsigned char> secure_random_bytes(std::size_t count);

/// 2 * `count` lowercase hex digits of secure random bytes.
std::string secure_random_hex(std::size_t count);

/// URL-safe base64 without padding of secure random bytes (Keystone's audit ids: 16 bytes).
std::string secure_random_urlsafe(std::size_t count);

}  // namespace stacksim::identity
