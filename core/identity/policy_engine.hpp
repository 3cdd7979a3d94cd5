#pragma once
// The policy engine shared by every service: named rules (actions such as
// "os_compute_api:servers:create" and helper rules such as "admin_or_owner"), each service
// registering its defaults in code, with operator overrides persisted in the database (like a
// policy.yaml). enforce() raises PolicyNotAuthorized (403) when the rule denies the caller.

#include <map>
#include <span>
#include <string>

#include "core/identity/policy_rule.hpp"
#include "core/identity/request_context.hpp"
#include "core/store/database.hpp"

namespace stacksim::identity {

struct PolicyDefault {
  std::string name;
  std::string rule;
  std::string description;
};

class PolicyEngine {
 public:
  /// Registers the base rules every service uses: context_is_admin ("role:admin"),
  /// admin_required, admin_or_owner ("is_admin:True or project_id:%(project_id)s") and
  /// admin_or_user ("is_admin:True or user_id:%(user_id)s"); loads persisted overrides.
  explicit PolicyEngine(store::Database& db);

  /// Adds defaults; a name registered twice keeps its first default. Each rule must parse.
  void register_defaults(std::span<const PolicyDefault> defaults);
  /// Persists an override of `name` (registered or not). PolicySyntaxError if `rule` does not
  /// parse.
  void set_override(const std::string& name, const std::string& rule);
  void clear_override(const std::string& name);

  [[nodiscard]] bool is_registered(const std::string& name) const;
  /// The rule in force for `name`: the override if any, else the default.
  [[nodiscard]] const PolicyRule& rule(const std::string& name) const;

  /// The caller's credentials as rules see them; is_admin comes from the context_is_admin rule.
  [[nodiscard]] PolicyCredentials credentials(const RequestContext& ctx) const;
  [[nodiscard]] bool is_admin(const RequestContext& ctx) const;

  /// True if `action` allows the caller on `target`. PolicyNotRegistered for an unknown action.
  [[nodiscard]] bool check(const std::string& action, const RequestContext& ctx,
                           const PolicyTarget& target = {}) const;
  /// Like check, but PolicyNotAuthorized (403): "Policy doesn't allow <action> to be performed."
  void enforce(const std::string& action, const RequestContext& ctx,
               const PolicyTarget& target = {}) const;

 private:
  [[nodiscard]] const PolicyRule* resolve(const std::string& name) const;

  store::Database& db_;
  std::map<std::string, PolicyRule> defaults_;
  std::map<std::string, PolicyRule> overrides_;
};

}  // namespace stacksim::identity
