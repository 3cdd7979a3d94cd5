#include "core/identity/policy_engine.hpp"

#include <vector>

#include "core/identity/identity_schema.hpp"
#include "core/runtime/service_error.hpp"

namespace stacksim::identity {
namespace {

const std::vector<PolicyDefault> base_rules = {
    {"context_is_admin", "role:admin", "Decides whether a request runs with admin rights."},
    {"admin_required", "rule:context_is_admin", "Administrators only."},
    {"admin_or_owner", "is_admin:True or project_id:%(project_id)s",
     "Administrators, or members of the project that owns the resource."},
    {"admin_or_user", "is_admin:True or user_id:%(user_id)s",
     "Administrators, or the user the resource belongs to."},
};

}  // namespace

PolicyEngine::PolicyEngine(store::Database& db) : db_((ensure_identity_schema(db), db)) {
  register_defaults(base_rules);
  store::Statement& s = db_.cached("SELECT name, rule FROM identity_policy_rules ORDER BY name");
  while (s.step())
    overrides_.insert_or_assign(s.column_text(0), PolicyRule::parse(s.column_text(1)));
}

void PolicyEngine::register_defaults(std::span<const PolicyDefault> defaults) {
  for (const PolicyDefault& d : defaults) {
    if (!defaults_.contains(d.name)) defaults_.emplace(d.name, PolicyRule::parse(d.rule));
  }
}

void PolicyEngine::set_override(const std::string& name, const std::string& rule) {
  PolicyRule parsed = PolicyRule::parse(rule);
  db_.cached(
         "INSERT INTO identity_policy_rules(name, rule) VALUES (?1, ?2) "
         "ON CONFLICT(name) DO UPDATE SET rule = excluded.rule")
      .bind_all(name, rule)
      .execute();
  overrides_.insert_or_assign(name, std::move(parsed));
}

void PolicyEngine::clear_override(const std::string& name) {
  db_.cached("DELETE FROM identity_policy_rules WHERE name = ?1").bind(1, name).execute();
  overrides_.erase(name);
}

bool PolicyEngine::is_registered(const std::string& name) const {
  return defaults_.contains(name) || overrides_.contains(name);
}

const PolicyRule* PolicyEngine::resolve(const std::string& name) const {
  if (auto it = overrides_.find(name); it != overrides_.end()) return &it->second;
  if (auto it = defaults_.find(name); it != defaults_.end()) return &it->second;
  return nullptr;
}

const PolicyRule& PolicyEngine::rule(const std::string& name) const {
  const PolicyRule* r = resolve(name);
  if (r == nullptr) {
    throw runtime::ServiceError("PolicyNotRegistered", 500,
                                "Policy " + name + " has not been registered");
  }
  return *r;
}

PolicyCredentials PolicyEngine::credentials(const RequestContext& ctx) const {
  PolicyCredentials creds;
  creds.attributes = {{"user_id", ctx.user_id},
                      {"project_id", ctx.project_id},
                      {"domain_id", ctx.domain_id},
                      {"is_admin", "False"}};
  creds.roles = ctx.roles;
  if (const PolicyRule* admin = resolve("context_is_admin");
      admin != nullptr &&
      admin->evaluate(creds, {}, [this](const std::string& n) { return resolve(n); })) {
    creds.attributes["is_admin"] = "True";
  }
  return creds;
}

bool PolicyEngine::is_admin(const RequestContext& ctx) const {
  return credentials(ctx).attributes.at("is_admin") == "True";
}

bool PolicyEngine::check(const std::string& action, const RequestContext& ctx,
                         const PolicyTarget& target) const {
  return rule(action).evaluate(credentials(ctx), target,
                               [this](const std::string& n) { return resolve(n); });
}

void PolicyEngine::enforce(const std::string& action, const RequestContext& ctx,
                           const PolicyTarget& target) const {
  if (!check(action, ctx, target)) {
    throw runtime::ServiceError("PolicyNotAuthorized", 403,
                                "Policy doesn't allow " + action + " to be performed.");
  }
}

}  // namespace stacksim::identity
