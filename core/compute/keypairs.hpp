#pragma once
// SSH key pairs, per user. Imported only: Nova's API removed server-side key generation in
// microversion 2.92. The fingerprint is Nova's: MD5 of the decoded key blob as colon-separated hex.

#include <string>
#include <vector>

#include "core/runtime/executor.hpp"
#include "core/store/database.hpp"

namespace stacksim::compute {

struct Keypair {
  std::string user_id;
  std::string name;
  std::string type = "ssh";  // ssh | x509
  std::string public_key;
  std::string fingerprint;
};

class Keypairs {
 public:
  Keypairs(store::Database& db, const runtime::Executor& clock);

  /// KeyPairExists (409) on a duplicate name; InvalidKeypair (400) for a bad name, type or key.
  Keypair import(const std::string& user_id, const std::string& name, const std::string& public_key,
                 const std::string& type = "ssh");
  /// KeypairNotFound (404).
  [[nodiscard]] Keypair get(const std::string& user_id, const std::string& name);
  [[nodiscard]] std::vector<Keypair> list(const std::string& user_id);
  void remove(const std::string& user_id, const std::string& name);

  /// "ssh-rsa AAAA... comment" -> "aa:bb:...": MD5 of the base64-decoded second field.
  [[nodiscard]] static std::string fingerprint(const std::string& public_key);

 private:
  store::Database& db_;
  const runtime::Executor& clock_;
};

}  // namespace stacksim::compute
