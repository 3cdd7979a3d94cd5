#include "core/compute/keypairs.hpp"

#include <openssl/evp.h>

#include <cctype>
#include <sstream>
#include <vector>

#include "core/compute/compute_error.hpp"
#include "core/compute/compute_schema.hpp"

namespace stacksim::compute {
namespace {

ServiceError invalid_keypair(const std::string& reason) {
  return {"InvalidKeypair", 400, "Keypair data is invalid: " + reason};
}

std::vector<unsigned char> base64_decode(const std::string& text) {
  if (text.empty() || text.size() % 4 != 0) throw invalid_keypair("failed to generate fingerprint");
  std::vector<unsigned char> out(text.size() / 4 * 3);
  const int n = EVP_DecodeBlock(out.data(), reinterpret_cast<const unsigned char*>(text.data()),
                                static_cast<int>(text.size()));
  if (n < 0) throw invalid_keypair("failed to generate fingerprint");
  std::size_t size = static_cast<std::size_t>(n);
  // EVP_DecodeBlock counts padding bytes as data.
  for (std::size_t i = text.size(); i > 0 && text[i - 1] == '='; --i)
    --size;
  out.resize(size);
  return out;
}

}  // namespace

Keypairs::Keypairs(store::Database& db, const runtime::Executor& clock)
    : db_((ensure_compute_schema(db), db)), clock_(clock) {
}

std::string Keypairs::fingerprint(const std::string& public_key) {
  std::istringstream fields(public_key);
  std::string kind, blob;
  fields >> kind >> blob;
  if (kind.rfind("ssh-", 0) != 0 && kind.rfind("ecdsa-", 0) != 0) {
    throw invalid_keypair("failed to generate fingerprint");
  }
  const std::vector<unsigned char> raw = base64_decode(blob);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(raw.data(), raw.size(), digest, &length, EVP_md5(), nullptr) != 1) {
    throw invalid_keypair("failed to generate fingerprint");
  }
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < length; ++i) {
    if (i) out.push_back(':');
    out.push_back(digits[digest[i] >> 4]);
    out.push_back(digits[digest[i] & 0xF]);
  }
  return out;
}

Keypair Keypairs::import(const std::string& user_id, const std::string& name,
                         const std::string& public_key, const std::string& type) {
  if (name.empty() || name.size() > 255) {
    throw ServiceError("InvalidKeypair", 400,
                       "Keypair data is invalid: Keypair name must be string and between 1 and "
                       "255 characters long");
  }
  for (char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != ' ' &&
        c != '.' && c != '@') {
      throw ServiceError("InvalidKeypair", 400,
                         "Keypair data is invalid: Keypair name contains unsafe characters");
    }
  }
  if (type != "ssh" && type != "x509") {
    throw invalid_input("key type must be ssh or x509 (got '" + type + "')");
  }
  Keypair kp{user_id, name, type, public_key, fingerprint(public_key)};
  store::Statement& s =
      db_.cached("INSERT OR IGNORE INTO compute_keypairs VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  if (s.bind_all(user_id, name, type, public_key, kp.fingerprint,
                 clock_.now().time_since_epoch().count())
          .execute() == 0) {
    throw ServiceError("KeyPairExists", 409, "Key pair '" + name + "' already exists.");
  }
  return kp;
}

Keypair Keypairs::get(const std::string& user_id, const std::string& name) {
  store::Statement& s = db_.cached(
      "SELECT type, public_key, fingerprint FROM compute_keypairs WHERE user_id = ?1 AND "
      "name = ?2");
  s.bind(1, user_id).bind(2, name);
  if (!s.step()) throw keypair_not_found(name, user_id);
  Keypair kp{user_id, name, s.column_text(0), s.column_text(1), s.column_text(2)};
  s.reset();
  return kp;
}

std::vector<Keypair> Keypairs::list(const std::string& user_id) {
  store::Statement& s = db_.cached(
      "SELECT name, type, public_key, fingerprint FROM compute_keypairs WHERE user_id = ?1 "
      "ORDER BY name");
  s.bind(1, user_id);
  std::vector<Keypair> out;
  while (s.step()) {
    out.push_back(
        {user_id, s.column_text(0), s.column_text(1), s.column_text(2), s.column_text(3)});
  }
  return out;
}

void Keypairs::remove(const std::string& user_id, const std::string& name) {
  store::Statement& s = db_.cached("DELETE FROM compute_keypairs WHERE user_id = ?1 AND name = ?2");
  if (s.bind_all(user_id, name).execute() == 0) throw keypair_not_found(name, user_id);
}

}  // namespace stacksim::compute
