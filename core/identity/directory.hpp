#pragma once
// The directory: domains, projects, users (with hashed passwords), roles and role assignments, kept
// in the identity tables of a store::Database. Names are unique per domain (projects, users) or
// globally (domains, roles), as in Keystone.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/identity/password_hasher.hpp"
#include "core/identity/resources.hpp"
#include "core/store/database.hpp"
#include "core/store/sequence.hpp"

namespace stacksim::identity {

class Directory {
 public:
  /// `id_seed` seeds the deterministic ids of new entities (store::Sequence "identity.ids").
  Directory(store::Database& db, PasswordHasher hasher, std::uint64_t id_seed);

  // Domains. A domain must be disabled before it can be deleted; deleting it deletes its projects,
  // users and their role assignments.
  Domain create_domain(const std::string& name, const std::string& description = {},
                       bool enabled = true, std::optional<std::string> id = std::nullopt);
  [[nodiscard]] Domain get_domain(const std::string& id);
  [[nodiscard]] Domain find_domain(const std::string& name);
  [[nodiscard]] std::vector<Domain> list_domains();
  Domain update_domain(const std::string& id, const ResourceUpdate& update);
  void delete_domain(const std::string& id);

  // Projects.
  Project create_project(const std::string& name, const std::string& domain_id,
                         const std::string& description = {}, bool enabled = true);
  [[nodiscard]] Project get_project(const std::string& id);
  [[nodiscard]] Project find_project(const std::string& name, const std::string& domain_id);
  /// All projects, or those of one domain when `domain_id` is set.
  [[nodiscard]] std::vector<Project> list_projects(std::optional<std::string> domain_id = {});
  Project update_project(const std::string& id, const ResourceUpdate& update);
  void delete_project(const std::string& id);

  // Users. A user created without a password cannot authenticate with one.
  User create_user(const std::string& name, const std::string& domain_id,
                   std::optional<std::string> password = std::nullopt,
                   const std::string& default_project_id = {}, bool enabled = true);
  [[nodiscard]] User get_user(const std::string& id);
  [[nodiscard]] User find_user(const std::string& name, const std::string& domain_id);
  [[nodiscard]] std::vector<User> list_users(std::optional<std::string> domain_id = {});
  User update_user(const std::string& id, const ResourceUpdate& update);
  void set_password(const std::string& user_id, const std::string& password);
  /// True if the user has a password and `password` matches it.
  [[nodiscard]] bool check_password(const std::string& user_id, std::string_view password);
  void delete_user(const std::string& id);

  // Roles.
  Role create_role(const std::string& name);
  [[nodiscard]] Role get_role(const std::string& id);
  [[nodiscard]] Role find_role(const std::string& name);
  [[nodiscard]] std::vector<Role> list_roles();
  void delete_role(const std::string& id);

  // Role assignments (grants). Granting twice is a no-op, like Keystone's PUT.
  void grant_project_role(const std::string& role_id, const std::string& user_id,
                          const std::string& project_id);
  void grant_domain_role(const std::string& role_id, const std::string& user_id,
                         const std::string& domain_id);
  void revoke_project_role(const std::string& role_id, const std::string& user_id,
                           const std::string& project_id);
  void revoke_domain_role(const std::string& role_id, const std::string& user_id,
                          const std::string& domain_id);
  /// Assignments matching every given filter, in (user, target, role) order.
  [[nodiscard]] std::vector<RoleAssignment> list_assignments(
      std::optional<std::string> user_id = {}, std::optional<std::string> project_id = {},
      std::optional<std::string> domain_id = {});
  /// The user's roles on a project / domain, ordered by role name.
  [[nodiscard]] std::vector<Role> project_roles(const std::string& user_id,
                                                const std::string& project_id);
  [[nodiscard]] std::vector<Role> domain_roles(const std::string& user_id,
                                               const std::string& domain_id);

 private:
  std::string next_id();
  void revoke(const std::string& role_id, const std::string& user_id, const char* target_type,
              const std::string& target_id);
  void grant(const std::string& role_id, const std::string& user_id, const char* target_type,
             const std::string& target_id);
  std::vector<Role> roles_on(const std::string& user_id, const char* target_type,
                             const std::string& target_id);

  store::Database& db_;
  PasswordHasher hasher_;
  std::uint64_t id_seed_;
  store::Sequence ids_;
};

}  // namespace stacksim::identity
