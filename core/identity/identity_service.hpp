#pragma once
// Keystone for stacksim: one object owning the directory, catalog, tokens, policy engine and
// quotas on one database, with `keystone-manage bootstrap` and the operations that must also revoke
// tokens (password change, disabling or deleting users and projects).

#include <cstdint>
#include <string>

#include "core/identity/catalog.hpp"
#include "core/identity/directory.hpp"
#include "core/identity/policy_engine.hpp"
#include "core/identity/quota_engine.hpp"
#include "core/identity/token_provider.hpp"
#include "core/runtime/executor.hpp"
#include "core/store/database.hpp"

namespace stacksim::identity {

struct IdentityConfig {
  int password_hash_rounds = PasswordHasher::default_rounds;  // [identity] password_hash_rounds
  runtime::Duration token_expiration = std::chrono::seconds(3600);  // [token] expiration
  runtime::Duration reservation_expire = std::chrono::hours(24);    // [quota] reservation_expire
  std::uint64_t id_seed = 1;  // seeds ids of domains, projects, users, roles, services, ...
};

/// What `keystone-manage bootstrap` sets up; every part is created only if missing.
struct BootstrapOptions {
  std::string admin_password;
  std::string admin_user = "admin";
  std::string admin_project = "admin";
  std::string admin_role = "admin";
  std::string region = "RegionOne";
  std::string public_url = "http://controller:5000/v3/";
  std::string internal_url = "http://controller:5000/v3/";
  std::string admin_url = "http://controller:5000/v3/";
};

struct BootstrapResult {
  Domain domain;
  Project project;
  User user;
  Role admin_role;
  Role member_role;
  Role reader_role;
};

class IdentityService {
 public:
  IdentityService(store::Database& db, const runtime::Executor& clock, IdentityConfig config = {});

  [[nodiscard]] Directory& directory() noexcept { return directory_; }
  [[nodiscard]] Catalog& catalog() noexcept { return catalog_; }
  [[nodiscard]] TokenProvider& tokens() noexcept { return tokens_; }
  [[nodiscard]] PolicyEngine& policy() noexcept { return policy_; }
  [[nodiscard]] const PolicyEngine& policy() const noexcept { return policy_; }
  [[nodiscard]] QuotaEngine& quotas() noexcept { return quotas_; }

  /// The default domain, the admin project, user and role, the member and reader roles, the region
  /// and the identity service with its three endpoints.
  BootstrapResult bootstrap(const BootstrapOptions& options);

  /// Sets the password and revokes the user's tokens.
  void change_password(const std::string& user_id, const std::string& password);
  /// Enables or disables a user; disabling revokes the user's tokens.
  User set_user_enabled(const std::string& user_id, bool enabled);
  void delete_user(const std::string& user_id);
  /// Enables or disables a project; disabling revokes the tokens scoped to it.
  Project set_project_enabled(const std::string& project_id, bool enabled);
  void delete_project(const std::string& project_id);

 private:
  store::Database& db_;
  Directory directory_;
  Catalog catalog_;
  TokenProvider tokens_;
  PolicyEngine policy_;
  QuotaEngine quotas_;
};

}  // namespace stacksim::identity
