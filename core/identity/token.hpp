#pragma once
// A Keystone token: who (user), where (project or domain scope, or unscoped), the roles the user
// holds there and the service catalog, valid from issued_at until expires_at unless revoked.

#include <optional>
#include <string>
#include <vector>

#include "core/identity/catalog.hpp"
#include "core/identity/resources.hpp"
#include "core/runtime/time.hpp"

namespace stacksim::identity {

/// What a token is scoped to. Unscoped tokens carry no roles and no catalog.
struct TokenScope {
  std::optional<std::string> project_id;
  std::optional<std::string> domain_id;

  static TokenScope unscoped() { return {}; }
  static TokenScope project(std::string id) { return {std::move(id), std::nullopt}; }
  static TokenScope domain(std::string id) { return {std::nullopt, std::move(id)}; }
};

/// The password method: the user by id, or by name within a domain (default: "default").
struct PasswordCredentials {
  std::string user_id;
  std::string user_name;
  std::string user_domain_id = default_domain_id;
  std::string password;
};

struct Token {
  std::string id;                    // the secret bearer value (X-Subject-Token)
  std::string audit_id;              // a non-secret id for logs and revocation
  std::vector<std::string> methods;  // "password", "token"
  User user;
  std::optional<Project> project;
  std::optional<Domain> domain;
  std::vector<Role> roles;
  std::vector<CatalogEntry> catalog;
  runtime::TimePoint issued_at{};
  runtime::TimePoint expires_at{};

  [[nodiscard]] bool has_role(const std::string& name) const {
    for (const Role& r : roles) {
      if (r.name == name) return true;
    }
    return false;
  }
};

}  // namespace stacksim::identity
