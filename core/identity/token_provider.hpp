#pragma once
// Issues, validates and revokes tokens. Token ids are 32 random bytes from OpenSSL (64 hex digits);
// tokens are stored so they survive a reopen. Revocation follows Keystone's revocation events: an
// event (by token audit id, user or project) invalidates every token issued before it. Roles and
// catalog are derived again at every validation, as with Fernet tokens, so a token loses its roles
// when they are unassigned and stops validating when its user, project or domain is disabled.

#include <cstdint>
#include <string>

#include "core/identity/catalog.hpp"
#include "core/identity/directory.hpp"
#include "core/identity/token.hpp"
#include "core/runtime/executor.hpp"
#include "core/store/database.hpp"

namespace stacksim::identity {

class TokenProvider {
 public:
  /// `expiration`: Keystone's [token] expiration (default 3600 s), on `clock`'s time.
  TokenProvider(store::Database& db, Directory& directory, Catalog& catalog,
                const runtime::Executor& clock,
                runtime::Duration expiration = std::chrono::seconds(3600));

  /// The password method. Unknown user, wrong password or disabled user: Unauthorized (401).
  Token issue(const PasswordCredentials& credentials, const TokenScope& scope);
  /// The token method: a new token for the same user with another scope, expiring with the old one.
  Token rescope(const std::string& token_id, const TokenScope& scope);
  /// The token with current roles and catalog; TokenNotFound (404) if unknown, expired or revoked.
  Token validate(const std::string& token_id);

  void revoke(const std::string& token_id);
  /// Revokes every token of a user (password change, user disabled or deleted).
  void revoke_user(const std::string& user_id);
  /// Revokes every token scoped to a project.
  void revoke_project(const std::string& project_id);
  /// Deletes stored tokens that have expired (keystone-manage token_flush); returns how many.
  int flush_expired();

  [[nodiscard]] runtime::Duration expiration() const noexcept { return expiration_; }

 private:
  Token build(const std::string& id, const std::string& audit_id, std::vector<std::string> methods,
              const std::string& user_id, const TokenScope& scope, runtime::TimePoint issued_at,
              runtime::TimePoint expires_at);
  Token store_new(std::vector<std::string> methods, const std::string& user_id,
                  const TokenScope& scope, runtime::TimePoint expires_at);
  void add_revocation_event(const char* column, const std::string& value);

  store::Database& db_;
  Directory& directory_;
  Catalog& catalog_;
  const runtime::Executor& clock_;
  runtime::Duration expiration_;
};

}  // namespace stacksim::identity
