#include <catch2/catch.hpp>

#include "core/identity/identity_service.hpp"
#include "sim/engine/simulator.hpp"
#include "tests/identity/temp_database.hpp"

using namespace stacksim::identity;
using namespace std::chrono_literals;
using stacksim::runtime::ServiceError;
using stacksim::sim::Simulator;
using stacksim::store::Database;

namespace {

IdentityConfig fast_config() {
  IdentityConfig c;
  c.password_hash_rounds = 1000;
  return c;
}

BootstrapOptions bootstrap_options() {
  BootstrapOptions o;
  o.admin_password = "admin-pw";
  return o;
}

std::string error_type(const std::function<void()>& f) {
  try {
    f();
  } catch (const ServiceError& e) {
    return e.type();
  }
  return "no error";
}

}  // namespace

TEST_CASE("bootstrap then a project-scoped password token carries roles and catalog") {
  Simulator sim;
  Database db = Database::open_in_memory();
  IdentityService keystone(db, sim, fast_config());
  const BootstrapResult boot = keystone.bootstrap(bootstrap_options());
  CHECK(boot.domain.id == "default");
  // Bootstrap is idempotent.
  CHECK(keystone.bootstrap(bootstrap_options()).user.id == boot.user.id);

  PasswordCredentials creds;
  creds.user_name = "admin";
  creds.password = "admin-pw";
  const Token t = keystone.tokens().issue(creds, TokenScope::project(boot.project.id));
  CHECK(t.id.size() == 64);
  CHECK(t.audit_id.size() == 22);
  CHECK(t.methods == std::vector<std::string>{"password"});
  REQUIRE(t.project);
  CHECK(t.project->name == "admin");
  CHECK(t.has_role("admin"));
  REQUIRE(t.catalog.size() == 1);
  CHECK(t.catalog[0].service.type == "identity");
  CHECK(t.catalog[0].endpoints.size() == 3);
  CHECK(t.expires_at - t.issued_at == 3600s);

  const Token v = keystone.tokens().validate(t.id);
  CHECK(v.user.name == "admin");
  CHECK(v.roles.size() == 1);

  const RequestContext ctx = RequestContext::from_token(v);
  CHECK(ctx.project_id == boot.project.id);
  CHECK(keystone.policy().is_admin(ctx));
}

TEST_CASE("authentication failures are Unauthorized and never reveal the user") {
  Simulator sim;
  Database db = Database::open_in_memory();
  IdentityService keystone(db, sim, fast_config());
  const BootstrapResult boot = keystone.bootstrap(bootstrap_options());
  const User bob = keystone.directory().create_user("bob", "default", "bob-pw");

  PasswordCredentials wrong{"", "admin", "default", "bad"};
  CHECK(error_type([&] { keystone.tokens().issue(wrong, TokenScope::unscoped()); }) ==
        "Unauthorized");
  PasswordCredentials ghost{"", "ghost", "default", "x"};
  try {
    keystone.tokens().issue(ghost, TokenScope::unscoped());
    FAIL("ghost authenticated");
  } catch (const ServiceError& e) {
    CHECK(e.type() == "Unauthorized");
    CHECK(e.http_status() == 401);
    CHECK(std::string(e.what()) == "The request you have made requires authentication.");
  }
  // Right password, but no role on the project.
  PasswordCredentials bob_creds{bob.id, "", "default", "bob-pw"};
  try {
    keystone.tokens().issue(bob_creds, TokenScope::project(boot.project.id));
    FAIL("bob got a project token without a role");
  } catch (const ServiceError& e) {
    CHECK(e.type() == "Unauthorized");
    CHECK(std::string(e.what()) ==
          "User " + bob.id + " has no access to project " + boot.project.id);
  }
  // An unscoped token works and carries no roles or catalog.
  const Token unscoped = keystone.tokens().issue(bob_creds, TokenScope::unscoped());
  CHECK(unscoped.roles.empty());
  CHECK(unscoped.catalog.empty());
  // Disabled users cannot authenticate.
  keystone.set_user_enabled(bob.id, false);
  CHECK(error_type([&] { keystone.tokens().issue(bob_creds, TokenScope::unscoped()); }) ==
        "Unauthorized");
}

TEST_CASE("tokens expire on the simulated clock") {
  Simulator sim;
  Database db = Database::open_in_memory();
  IdentityConfig config = fast_config();
  config.token_expiration = 600s;
  IdentityService keystone(db, sim, config);
  const BootstrapResult boot = keystone.bootstrap(bootstrap_options());
  const Token t = keystone.tokens().issue({boot.user.id, "", "default", "admin-pw"},
                                          TokenScope::project(boot.project.id));
  sim.run_until(stacksim::runtime::TimePoint(599s));
  CHECK_NOTHROW(keystone.tokens().validate(t.id));
  sim.run_until(stacksim::runtime::TimePoint(600s));
  try {
    keystone.tokens().validate(t.id);
    FAIL("expired token validated");
  } catch (const ServiceError& e) {
    CHECK(e.type() == "TokenNotFound");
    CHECK(e.http_status() == 404);
    CHECK(std::string(e.what()) == "Could not find token: " + t.id + ".");
  }
  CHECK(keystone.tokens().flush_expired() == 1);
}

TEST_CASE("revocation: by token, by password change, by project disable, by role removal") {
  Simulator sim;
  Database db = Database::open_in_memory();
  IdentityService keystone(db, sim, fast_config());
  const BootstrapResult boot = keystone.bootstrap(bootstrap_options());
  Directory& dir = keystone.directory();
  const Project demo = dir.create_project("demo", "default");
  const User alice = dir.create_user("alice", "default", "pw");
  dir.grant_project_role(boot.member_role.id, alice.id, demo.id);
  const PasswordCredentials creds{alice.id, "", "default", "pw"};
  auto valid = [&](const Token& t) {
    return error_type([&] { keystone.tokens().validate(t.id); });
  };

  const Token a = keystone.tokens().issue(creds, TokenScope::project(demo.id));
  const Token b = keystone.tokens().issue(creds, TokenScope::project(demo.id));
  keystone.tokens().revoke(a.id);
  CHECK(valid(a) == "TokenNotFound");
  CHECK(valid(b) == "no error");

  keystone.change_password(alice.id, "pw2");
  CHECK(valid(b) == "TokenNotFound");
  CHECK(error_type([&] { keystone.tokens().issue(creds, TokenScope::unscoped()); }) ==
        "Unauthorized");
  const PasswordCredentials new_creds{alice.id, "", "default", "pw2"};
  const Token c = keystone.tokens().issue(new_creds, TokenScope::project(demo.id));
  CHECK(valid(c) == "no error");  // issued after the event: unaffected

  keystone.set_project_enabled(demo.id, false);
  CHECK(valid(c) == "TokenNotFound");
  keystone.set_project_enabled(demo.id, true);
  CHECK(valid(c) == "TokenNotFound");  // revocation is permanent

  const Token d = keystone.tokens().issue(new_creds, TokenScope::project(demo.id));
  dir.revoke_project_role(boot.member_role.id, alice.id, demo.id);
  CHECK(valid(d) == "TokenNotFound");  // roles are derived at validation
}

TEST_CASE("domain scope and rescoping") {
  Simulator sim;
  Database db = Database::open_in_memory();
  IdentityService keystone(db, sim, fast_config());
  const BootstrapResult boot = keystone.bootstrap(bootstrap_options());
  const Token unscoped =
      keystone.tokens().issue({boot.user.id, "", "default", "admin-pw"}, TokenScope::unscoped());
  sim.run_until(stacksim::runtime::TimePoint(100s));
  const Token domain = keystone.tokens().rescope(unscoped.id, TokenScope::domain("default"));
  REQUIRE(domain.domain);
  CHECK(domain.domain->id == "default");
  CHECK(domain.has_role("admin"));
  CHECK(domain.methods == std::vector<std::string>{"password", "token"});
  CHECK(domain.expires_at == unscoped.expires_at);  // a rescoped token never outlives its source
  CHECK(RequestContext::from_token(domain).domain_id == "default");
  CHECK(error_type([&] {
          keystone.tokens().issue({boot.user.id, "", "default", "admin-pw"},
                                  TokenScope{std::string("p"), std::string("d")});
        }) == "ValidationError");
}

TEST_CASE("tokens and revocations persist across reopen") {
  const auto path = stacksim::testing::temp_database("identity", "tokens.db");
  Simulator sim;
  std::string kept, revoked;
  {
    Database db = Database::open(path);
    IdentityService keystone(db, sim, fast_config());
    const BootstrapResult boot = keystone.bootstrap(bootstrap_options());
    const PasswordCredentials creds{boot.user.id, "", "default", "admin-pw"};
    kept = keystone.tokens().issue(creds, TokenScope::project(boot.project.id)).id;
    revoked = keystone.tokens().issue(creds, TokenScope::project(boot.project.id)).id;
    keystone.tokens().revoke(revoked);
  }
  Database db = Database::open(path);
  IdentityService keystone(db, sim, fast_config());
  CHECK(keystone.tokens().validate(kept).has_role("admin"));
  CHECK(error_type([&] { keystone.tokens().validate(revoked); }) == "TokenNotFound");
}

TEST_CASE("the catalog: regions, services, endpoints and lookups") {
  Simulator sim;
  Database db = Database::open_in_memory();
  IdentityService keystone(db, sim, fast_config());
  Catalog& cat = keystone.catalog();
  cat.create_region("RegionOne");
  cat.create_region("RegionTwo");
  const CatalogService nova = cat.create_service("compute", "nova");
  cat.create_endpoint(nova.id, "public", "http://r1:8774/v2.1", "RegionOne");
  const Endpoint internal =
      cat.create_endpoint(nova.id, "internal", "http://r1-int:8774/v2.1", "RegionOne");
  cat.create_endpoint(nova.id, "public", "http://r2:8774/v2.1", "RegionTwo");
  CHECK(cat.url_for("compute") == "http://r1:8774/v2.1");
  CHECK(cat.url_for("compute", "public", std::string("RegionTwo")) == "http://r2:8774/v2.1");
  CHECK(cat.url_for("compute", "internal") == "http://r1-int:8774/v2.1");
  CHECK(error_type([&] { (void)cat.url_for("compute", "admin"); }) == "EndpointNotFound");
  try {
    cat.create_endpoint(nova.id, "private", "http://x", "RegionOne");
    FAIL("bad interface accepted");
  } catch (const ServiceError& e) {
    CHECK(e.type() == "ValidationError");
    CHECK(std::string(e.what()) ==
          "Invalid input for field 'interface': 'private' is not one of ['admin', 'internal', "
          "'public']");
  }
  CHECK(error_type([&] { cat.create_endpoint(nova.id, "admin", "http://x", "Mars"); }) ==
        "RegionNotFound");
  CHECK(error_type([&] { cat.delete_region("RegionOne"); }) == "Conflict");

  cat.set_endpoint_enabled(internal.id, false);
  CHECK(error_type([&] { (void)cat.url_for("compute", "internal"); }) == "EndpointNotFound");
  cat.set_service_enabled(nova.id, false);
  CHECK(cat.catalog().empty());
  cat.delete_service(nova.id);
  CHECK(cat.list_endpoints().empty());
  cat.delete_region("RegionOne");
  CHECK(cat.list_regions().size() == 1);
}
