#pragma once
// Keystone's directory entities: domains own projects and users; roles are granted to a user on a
// project or on a domain (a role assignment).

#include <optional>
#include <string>

namespace stacksim::identity {

/// The domain `keystone-manage bootstrap` creates and every name without a domain refers to.
inline constexpr const char* default_domain_id = "default";

struct Domain {
  std::string id;
  std::string name;
  std::string description;
  bool enabled = true;
};

struct Project {
  std::string id;
  std::string name;
  std::string domain_id;
  std::string description;
  bool enabled = true;
};

struct User {
  std::string id;
  std::string name;
  std::string domain_id;
  std::string default_project_id;  // empty: none
  bool enabled = true;
};

struct Role {
  std::string id;
  std::string name;
};

/// A grant of a role to a user on exactly one target: a project or a domain.
struct RoleAssignment {
  std::string role_id;
  std::string user_id;
  std::string project_id;  // set for a project assignment
  std::string domain_id;   // set for a domain assignment
};

/// Fields of an update; unset fields keep their value.
struct ResourceUpdate {
  std::optional<std::string> name;
  std::optional<std::string> description;
  std::optional<bool> enabled;
};

}  // namespace stacksim::identity
