#include <catch2/catch.hpp>

#include <vector>

#include "core/identity/policy_engine.hpp"
#include "core/runtime/service_error.hpp"
#include "tests/identity/temp_database.hpp"

using namespace stacksim::identity;
using stacksim::runtime::ServiceError;
using stacksim::store::Database;

namespace {

bool eval(const std::string& text, const PolicyCredentials& creds, const PolicyTarget& target = {},
          const std::map<std::string, std::string>& rules = {}) {
  std::map<std::string, PolicyRule> parsed;
  for (const auto& [name, rule] : rules)
    parsed.emplace(name, PolicyRule::parse(rule));
  return PolicyRule::parse(text).evaluate(creds, target, [&](const std::string& name) {
    auto it = parsed.find(name);
    return it == parsed.end() ? nullptr : &it->second;
  });
}

PolicyCredentials member_of(const std::string& project, std::vector<std::string> roles) {
  return {{{"user_id", "u1"}, {"project_id", project}, {"domain_id", ""}, {"is_admin", "False"}},
          std::move(roles)};
}

}  // namespace

TEST_CASE("policy rules: checks, operators, precedence and parentheses") {
  const PolicyCredentials alice = member_of("p1", {"member", "Reader"});
  CHECK(eval("", alice));
  CHECK(eval("@", alice));
  CHECK_FALSE(eval("!", alice));
  CHECK(eval("role:member", alice));
  CHECK(eval("role:reader", alice));  // roles compare case-insensitively
  CHECK_FALSE(eval("role:admin", alice));
  CHECK(eval("project_id:%(project_id)s", alice, {{"project_id", "p1"}}));
  CHECK_FALSE(eval("project_id:%(project_id)s", alice, {{"project_id", "p2"}}));
  CHECK_FALSE(eval("project_id:%(project_id)s", alice));  // missing target key fails
  CHECK(eval("is_admin:False", alice));
  CHECK(eval("'shared':%(visibility)s", alice, {{"visibility", "shared"}}));
  CHECK(eval("role:admin or role:member", alice));
  CHECK_FALSE(eval("role:admin and role:member", alice));
  CHECK(eval("not role:admin", alice));
  // "and" binds tighter than "or"; "not" tighter than both.
  CHECK(eval("role:member or role:admin and role:nobody", alice));
  CHECK_FALSE(eval("(role:member or role:admin) and role:nobody", alice));
  CHECK(eval("not role:admin and role:member", alice));
  CHECK(eval("((role:member))", alice));
  CHECK(
      eval("rule:owner", alice, {{"project_id", "p1"}}, {{"owner", "project_id:%(project_id)s"}}));
  CHECK_FALSE(eval("rule:undefined", alice));
  CHECK_FALSE(eval("rule:loop", alice, {}, {{"loop", "rule:loop"}}));  // self-reference ends
}

TEST_CASE("policy syntax errors name the rule and the token") {
  CHECK_THROWS_WITH(PolicyRule::parse("role:admin or"),
                    Catch::Contains("invalid policy rule \"role:admin or\": unexpected end"));
  CHECK_THROWS_WITH(PolicyRule::parse("(role:admin"), Catch::Contains("missing ')'"));
  CHECK_THROWS_WITH(PolicyRule::parse("role:admin)"), Catch::Contains("unexpected ')'"));
  CHECK_THROWS_WITH(PolicyRule::parse("admin"),
                    Catch::Contains("'admin' is not a check of the form kind:match"));
  CHECK_THROWS_AS(PolicyRule::parse("and role:x"), PolicySyntaxError);
}

TEST_CASE("the engine enforces registered rules and persists overrides") {
  const auto path = stacksim::testing::temp_database("identity", "policy.db");
  const std::vector<PolicyDefault> defaults = {
      {"compute:servers:create", "rule:admin_or_owner", ""},
      {"compute:servers:force_down", "rule:admin_required", ""}};
  const RequestContext member = RequestContext::for_project("u1", "p1", {"member"});
  const RequestContext admin = RequestContext::for_project("a", "adminp", {"admin"});
  {
    Database db = Database::open(path);
    PolicyEngine policy(db);
    policy.register_defaults(defaults);
    CHECK(policy.is_admin(admin));
    CHECK_FALSE(policy.is_admin(member));
    CHECK(policy.check("compute:servers:create", member, {{"project_id", "p1"}}));
    CHECK_FALSE(policy.check("compute:servers:create", member, {{"project_id", "p2"}}));
    CHECK(policy.check("compute:servers:create", admin, {{"project_id", "p2"}}));
    try {
      policy.enforce("compute:servers:force_down", member);
      FAIL("member allowed");
    } catch (const ServiceError& e) {
      CHECK(e.type() == "PolicyNotAuthorized");
      CHECK(e.http_status() == 403);
      CHECK(std::string(e.what()) ==
            "Policy doesn't allow compute:servers:force_down to be performed.");
    }
    try {
      (void)policy.check("compute:unknown", admin);
      FAIL("unknown action allowed");
    } catch (const ServiceError& e) {
      CHECK(e.type() == "PolicyNotRegistered");
    }
    policy.set_override("compute:servers:force_down", "role:member");
    CHECK_THROWS_AS(policy.set_override("x", "role:"), PolicySyntaxError);
  }
  Database db = Database::open(path);
  PolicyEngine policy(db);
  policy.register_defaults(defaults);
  CHECK(policy.check("compute:servers:force_down", member));
  policy.clear_override("compute:servers:force_down");
  CHECK_FALSE(policy.check("compute:servers:force_down", member));
}
