#include <catch2/catch.hpp>

#include "core/identity/directory.hpp"
#include "core/runtime/service_error.hpp"
#include "tests/identity/error_of.hpp"
#include "tests/identity/temp_database.hpp"

using namespace stacksim::identity;
using stacksim::runtime::ServiceError;
using stacksim::store::Database;
using stacksim::testing::error_of;

TEST_CASE("domains, projects, users and roles: create, find, update, delete") {
  Database db = Database::open_in_memory();
  Directory dir(db, PasswordHasher(1000), 7);
  const Domain def = dir.create_domain("Default", "", true, std::string(default_domain_id));
  CHECK(def.id == "default");
  const Domain acme = dir.create_domain("acme");
  CHECK(acme.id.size() == 32);
  const Project demo = dir.create_project("demo", acme.id, "demo project");
  CHECK(dir.get_project(demo.id).name == "demo");
  CHECK(dir.find_project("demo", acme.id).id == demo.id);
  const User alice = dir.create_user("alice", acme.id, "pw", demo.id);
  CHECK(dir.check_password(alice.id, "pw"));
  CHECK_FALSE(dir.check_password(alice.id, "nope"));
  const User robot = dir.create_user("robot", acme.id);
  CHECK_FALSE(dir.check_password(robot.id, ""));  // no password: cannot authenticate with one

  ResourceUpdate rename;
  rename.name = "demo2";
  rename.enabled = false;
  const Project renamed = dir.update_project(demo.id, rename);
  CHECK(renamed.name == "demo2");
  CHECK_FALSE(renamed.enabled);
  CHECK(dir.list_projects(acme.id).size() == 1);
  CHECK(dir.list_projects().size() == 1);

  const Role member = dir.create_role("member");
  dir.grant_project_role(member.id, alice.id, demo.id);
  dir.grant_project_role(member.id, alice.id, demo.id);  // idempotent
  dir.grant_domain_role(member.id, alice.id, acme.id);
  CHECK(dir.list_assignments(alice.id).size() == 2);
  CHECK(dir.list_assignments({}, demo.id).size() == 1);
  REQUIRE(dir.project_roles(alice.id, demo.id).size() == 1);
  CHECK(dir.project_roles(alice.id, demo.id)[0].name == "member");
  dir.revoke_project_role(member.id, alice.id, demo.id);
  CHECK(dir.project_roles(alice.id, demo.id).empty());

  const ServiceError missing =
      error_of([&] { dir.revoke_project_role(member.id, alice.id, demo.id); });
  CHECK(missing.type() == "RoleAssignmentNotFound");
  CHECK(missing.http_status() == 404);

  dir.delete_project(demo.id);
  CHECK(dir.list_assignments({}, demo.id).empty());
  dir.delete_user(robot.id);
  CHECK_THROWS_AS(dir.get_user(robot.id), ServiceError);
}

TEST_CASE("directory errors carry Keystone's types and messages") {
  Database db = Database::open_in_memory();
  Directory dir(db, PasswordHasher(1000), 7);
  const Domain d = dir.create_domain("Default", "", true, std::string(default_domain_id));
  dir.create_project("demo", d.id);

  ServiceError e = error_of([&] { (void)dir.get_project("nope"); });
  CHECK(e.type() == "ProjectNotFound");
  CHECK(e.http_status() == 404);
  CHECK(std::string(e.what()) == "Could not find project: nope.");

  e = error_of([&] { dir.create_project("demo", d.id); });
  CHECK(e.type() == "Conflict");
  CHECK(e.http_status() == 409);
  CHECK(std::string(e.what()) ==
        "Conflict occurred attempting to store project - Duplicate entry found with name demo at "
        "domain ID default.");

  e = error_of([&] { dir.create_project("x", "nodomain"); });
  CHECK(e.type() == "DomainNotFound");
  CHECK(std::string(e.what()) == "Could not find domain: nodomain.");

  e = error_of([&] { dir.create_user("", d.id); });
  CHECK(e.type() == "ValidationError");
  CHECK(e.http_status() == 400);
  CHECK_THAT(e.what(), Catch::StartsWith("Expecting to find name in user."));

  e = error_of([&] { dir.delete_domain(d.id); });
  CHECK(e.type() == "Forbidden");
  CHECK(std::string(e.what()) ==
        "Cannot delete a domain that is enabled, please disable it first.");

  e = error_of([&] { (void)dir.get_role("r"); });
  CHECK(std::string(e.what()) == "Could not find role: r.");
}

TEST_CASE("deleting a disabled domain removes its projects, users and grants") {
  Database db = Database::open_in_memory();
  Directory dir(db, PasswordHasher(1000), 7);
  const Domain d = dir.create_domain("acme");
  const Project p = dir.create_project("p", d.id);
  const User u = dir.create_user("u", d.id);
  const Role r = dir.create_role("member");
  dir.grant_project_role(r.id, u.id, p.id);
  ResourceUpdate off;
  off.enabled = false;
  dir.update_domain(d.id, off);
  dir.delete_domain(d.id);
  CHECK(dir.list_projects().empty());
  CHECK(dir.list_users().empty());
  CHECK(dir.list_assignments().empty());
  CHECK(dir.list_roles().size() == 1);
}

TEST_CASE("the directory persists across reopen and ids stay deterministic and unique") {
  const auto path = stacksim::testing::temp_database("identity", "directory.db");
  std::string project_id;
  std::string user_id;
  {
    Database db = Database::open(path);
    Directory dir(db, PasswordHasher(1000), 99);
    const Domain d = dir.create_domain("Default", "", true, std::string(default_domain_id));
    project_id = dir.create_project("demo", d.id).id;
    user_id = dir.create_user("alice", d.id, "pw").id;
  }
  Database db = Database::open(path);
  Directory dir(db, PasswordHasher(1000), 99);
  CHECK(dir.get_project(project_id).name == "demo");
  CHECK(dir.check_password(user_id, "pw"));
  // The id sequence continues: no id is handed out twice after reopen.
  const std::string next = dir.create_project("second", default_domain_id).id;
  CHECK(next != project_id);
  CHECK(next != user_id);

  // Same seed, same operations, fresh database: the same ids (reruns are bit-identical).
  Database other = Database::open_in_memory();
  Directory again(other, PasswordHasher(1000), 99);
  again.create_domain("Default", "", true, std::string(default_domain_id));
  CHECK(again.create_project("demo", default_domain_id).id == project_id);
}
