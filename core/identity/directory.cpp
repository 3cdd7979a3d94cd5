#include "core/identity/directory.hpp"

#include "core/identity/identity_error.hpp"
#include "core/identity/identity_schema.hpp"
#include "core/runtime/uuid.hpp"
#include "core/store/savepoint.hpp"

namespace stacksim::identity {
namespace {

constexpr const char* domain_columns =
    "SELECT id, name, description, enabled FROM identity_domains";
constexpr const char* project_columns =
    "SELECT id, name, domain_id, description, enabled FROM identity_projects";
constexpr const char* user_columns =
    "SELECT id, name, domain_id, default_project_id, enabled FROM identity_users";

Domain read_domain(const store::Statement& s) {
  return {s.column_text(0), s.column_text(1), s.column_text(2), s.column_int(3) != 0};
}
Project read_project(const store::Statement& s) {
  return {s.column_text(0), s.column_text(1), s.column_text(2), s.column_text(3),
          s.column_int(4) != 0};
}
User read_user(const store::Statement& s) {
  return {s.column_text(0), s.column_text(1), s.column_text(2), s.column_text(3),
          s.column_int(4) != 0};
}
Role read_role(const store::Statement& s) {
  return {s.column_text(0), s.column_text(1)};
}

/// Steps once and resets, so a throw that follows leaves no statement mid-read.
bool row_exists(store::Statement& s) {
  const bool found = s.step();
  s.reset();
  return found;
}

void require_name(const std::string& name, const char* target) {
  if (name.empty()) throw missing_attribute("name", target);
  if (name.size() > 255) {
    throw validation_error("Invalid input for field 'name': '" + name.substr(0, 32) +
                           "...' is too long (maximum 255 characters).");
  }
}

}  // namespace

Directory::Directory(store::Database& db, PasswordHasher hasher, std::uint64_t id_seed)
    : db_((ensure_identity_schema(db), db)),
      hasher_(hasher),
      id_seed_(id_seed),
      ids_(db, "identity.ids") {
}

std::string Directory::next_id() {
  return runtime::Uuid::at(id_seed_, static_cast<std::uint64_t>(ids_.next())).str(false);
}

// ---- domains ---------------------------------------------------------------------------------

Domain Directory::create_domain(const std::string& name, const std::string& description,
                                bool enabled, std::optional<std::string> id) {
  require_name(name, "domain");
  store::Savepoint tx(db_);
  store::Statement& dup = db_.cached("SELECT 1 FROM identity_domains WHERE name = ?1 OR id = ?2");
  dup.bind(1, name).bind(2, id.value_or(""));
  if (row_exists(dup)) throw conflict("domain", "Duplicate entry found with name " + name);
  Domain d{id ? *id : next_id(), name, description, enabled};
  db_.cached("INSERT INTO identity_domains VALUES (?1, ?2, ?3, ?4)")
      .bind_all(d.id, d.name, d.description, d.enabled)
      .execute();
  tx.commit();
  return d;
}

Domain Directory::get_domain(const std::string& id) {
  store::Statement& s = db_.cached(std::string(domain_columns) + " WHERE id = ?1");
  s.bind(1, id);
  if (!s.step()) throw not_found("DomainNotFound", "domain", id);
  Domain d = read_domain(s);
  s.reset();
  return d;
}

Domain Directory::find_domain(const std::string& name) {
  store::Statement& s = db_.cached(std::string(domain_columns) + " WHERE name = ?1");
  s.bind(1, name);
  if (!s.step()) throw not_found("DomainNotFound", "domain", name);
  Domain d = read_domain(s);
  s.reset();
  return d;
}

std::vector<Domain> Directory::list_domains() {
  store::Statement& s = db_.cached(std::string(domain_columns) + " ORDER BY name");
  std::vector<Domain> out;
  while (s.step())
    out.push_back(read_domain(s));
  return out;
}

Domain Directory::update_domain(const std::string& id, const ResourceUpdate& update) {
  store::Savepoint tx(db_);
  Domain d = get_domain(id);
  if (update.name && *update.name != d.name) {
    require_name(*update.name, "domain");
    store::Statement& dup = db_.cached("SELECT 1 FROM identity_domains WHERE name = ?1");
    dup.bind(1, *update.name);
    if (row_exists(dup))
      throw conflict("domain", "Duplicate entry found with name " + *update.name);
    d.name = *update.name;
  }
  if (update.description) d.description = *update.description;
  if (update.enabled) d.enabled = *update.enabled;
  db_.cached("UPDATE identity_domains SET name = ?2, description = ?3, enabled = ?4 WHERE id = ?1")
      .bind_all(d.id, d.name, d.description, d.enabled)
      .execute();
  tx.commit();
  return d;
}

void Directory::delete_domain(const std::string& id) {
  const Domain d = get_domain(id);
  if (d.enabled) {
    throw forbidden("Cannot delete a domain that is enabled, please disable it first.");
  }
  store::Savepoint tx(db_);
  // Grants on the domain and on its projects go with it (targets are not foreign keys).
  db_.cached(
         "DELETE FROM identity_role_assignments WHERE (target_type = 'domain' AND target_id = ?1) "
         "OR (target_type = 'project' AND target_id IN "
         "(SELECT id FROM identity_projects WHERE domain_id = ?1))")
      .bind(1, id)
      .execute();
  db_.cached("DELETE FROM identity_domains WHERE id = ?1").bind(1, id).execute();
  tx.commit();
}

// ---- projects --------------------------------------------------------------------------------

Project Directory::create_project(const std::string& name, const std::string& domain_id,
                                  const std::string& description, bool enabled) {
  require_name(name, "project");
  store::Savepoint tx(db_);
  (void)get_domain(domain_id);
  store::Statement& dup =
      db_.cached("SELECT 1 FROM identity_projects WHERE name = ?1 AND domain_id = ?2");
  dup.bind(1, name).bind(2, domain_id);
  if (row_exists(dup)) {
    throw conflict("project",
                   "Duplicate entry found with name " + name + " at domain ID " + domain_id);
  }
  Project p{next_id(), name, domain_id, description, enabled};
  db_.cached("INSERT INTO identity_projects VALUES (?1, ?2, ?3, ?4, ?5)")
      .bind_all(p.id, p.name, p.domain_id, p.description, p.enabled)
      .execute();
  tx.commit();
  return p;
}

Project Directory::get_project(const std::string& id) {
  store::Statement& s = db_.cached(std::string(project_columns) + " WHERE id = ?1");
  s.bind(1, id);
  if (!s.step()) throw not_found("ProjectNotFound", "project", id);
  Project p = read_project(s);
  s.reset();
  return p;
}

Project Directory::find_project(const std::string& name, const std::string& domain_id) {
  store::Statement& s =
      db_.cached(std::string(project_columns) + " WHERE name = ?1 AND domain_id = ?2");
  s.bind(1, name).bind(2, domain_id);
  if (!s.step()) throw not_found("ProjectNotFound", "project", name);
  Project p = read_project(s);
  s.reset();
  return p;
}

std::vector<Project> Directory::list_projects(std::optional<std::string> domain_id) {
  store::Statement& s = db_.cached(std::string(project_columns) +
                                   " WHERE ?1 IS NULL OR domain_id = ?1 ORDER BY domain_id, name");
  s.bind(1, domain_id);
  std::vector<Project> out;
  while (s.step())
    out.push_back(read_project(s));
  return out;
}

Project Directory::update_project(const std::string& id, const ResourceUpdate& update) {
  store::Savepoint tx(db_);
  Project p = get_project(id);
  if (update.name && *update.name != p.name) {
    require_name(*update.name, "project");
    store::Statement& dup =
        db_.cached("SELECT 1 FROM identity_projects WHERE name = ?1 AND domain_id = ?2");
    dup.bind(1, *update.name).bind(2, p.domain_id);
    if (row_exists(dup)) {
      throw conflict("project", "Duplicate entry found with name " + *update.name +
                                    " at domain ID " + p.domain_id);
    }
    p.name = *update.name;
  }
  if (update.description) p.description = *update.description;
  if (update.enabled) p.enabled = *update.enabled;
  db_.cached("UPDATE identity_projects SET name = ?2, description = ?3, enabled = ?4 WHERE id = ?1")
      .bind_all(p.id, p.name, p.description, p.enabled)
      .execute();
  tx.commit();
  return p;
}

void Directory::delete_project(const std::string& id) {
  store::Savepoint tx(db_);
  (void)get_project(id);
  db_.cached(
         "DELETE FROM identity_role_assignments WHERE target_type = 'project' AND target_id = ?1")
      .bind(1, id)
      .execute();
  db_.cached("DELETE FROM identity_projects WHERE id = ?1").bind(1, id).execute();
  tx.commit();
}

// ---- users -----------------------------------------------------------------------------------

User Directory::create_user(const std::string& name, const std::string& domain_id,
                            std::optional<std::string> password,
                            const std::string& default_project_id, bool enabled) {
  require_name(name, "user");
  std::optional<std::string> hash;
  if (password) hash = hasher_.hash(*password);  // outside the transaction: the KDF is slow
  store::Savepoint tx(db_);
  (void)get_domain(domain_id);
  if (!default_project_id.empty()) (void)get_project(default_project_id);
  store::Statement& dup =
      db_.cached("SELECT 1 FROM identity_users WHERE name = ?1 AND domain_id = ?2");
  dup.bind(1, name).bind(2, domain_id);
  if (row_exists(dup)) {
    throw conflict("user",
                   "Duplicate entry found with name " + name + " at domain ID " + domain_id);
  }
  User u{next_id(), name, domain_id, default_project_id, enabled};
  db_.cached("INSERT INTO identity_users VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
      .bind_all(u.id, u.name, u.domain_id, u.default_project_id, u.enabled, hash)
      .execute();
  tx.commit();
  return u;
}

User Directory::get_user(const std::string& id) {
  store::Statement& s = db_.cached(std::string(user_columns) + " WHERE id = ?1");
  s.bind(1, id);
  if (!s.step()) throw not_found("UserNotFound", "user", id);
  User u = read_user(s);
  s.reset();
  return u;
}

User Directory::find_user(const std::string& name, const std::string& domain_id) {
  store::Statement& s =
      db_.cached(std::string(user_columns) + " WHERE name = ?1 AND domain_id = ?2");
  s.bind(1, name).bind(2, domain_id);
  if (!s.step()) throw not_found("UserNotFound", "user", name);
  User u = read_user(s);
  s.reset();
  return u;
}

std::vector<User> Directory::list_users(std::optional<std::string> domain_id) {
  store::Statement& s = db_.cached(std::string(user_columns) +
                                   " WHERE ?1 IS NULL OR domain_id = ?1 ORDER BY domain_id, name");
  s.bind(1, domain_id);
  std::vector<User> out;
  while (s.step())
    out.push_back(read_user(s));
  return out;
}

User Directory::update_user(const std::string& id, const ResourceUpdate& update) {
  store::Savepoint tx(db_);
  User u = get_user(id);
  if (update.name && *update.name != u.name) {
    require_name(*update.name, "user");
    store::Statement& dup =
        db_.cached("SELECT 1 FROM identity_users WHERE name = ?1 AND domain_id = ?2");
    dup.bind(1, *update.name).bind(2, u.domain_id);
    if (row_exists(dup)) {
      throw conflict("user", "Duplicate entry found with name " + *update.name + " at domain ID " +
                                 u.domain_id);
    }
    u.name = *update.name;
  }
  if (update.enabled) u.enabled = *update.enabled;
  db_.cached("UPDATE identity_users SET name = ?2, enabled = ?3 WHERE id = ?1")
      .bind_all(u.id, u.name, u.enabled)
      .execute();
  tx.commit();
  return u;
}

void Directory::set_password(const std::string& user_id, const std::string& password) {
  const std::string hash = hasher_.hash(password);
  store::Statement& s = db_.cached("UPDATE identity_users SET password_hash = ?2 WHERE id = ?1");
  if (s.bind_all(user_id, hash).execute() == 0) throw not_found("UserNotFound", "user", user_id);
}

bool Directory::check_password(const std::string& user_id, std::string_view password) {
  store::Statement& s = db_.cached("SELECT password_hash FROM identity_users WHERE id = ?1");
  s.bind(1, user_id);
  if (!s.step()) throw not_found("UserNotFound", "user", user_id);
  const std::optional<std::string> hash = s.column_optional_text(0);
  s.reset();
  return hash && PasswordHasher::verify(password, *hash);
}

void Directory::delete_user(const std::string& id) {
  store::Statement& s = db_.cached("DELETE FROM identity_users WHERE id = ?1");
  if (s.bind(1, id).execute() == 0) throw not_found("UserNotFound", "user", id);
}

// ---- roles -----------------------------------------------------------------------------------

Role Directory::create_role(const std::string& name) {
  require_name(name, "role");
  store::Savepoint tx(db_);
  store::Statement& dup = db_.cached("SELECT 1 FROM identity_roles WHERE name = ?1");
  dup.bind(1, name);
  if (row_exists(dup)) throw conflict("role", "Duplicate entry found with name " + name);
  Role r{next_id(), name};
  db_.cached("INSERT INTO identity_roles VALUES (?1, ?2)").bind_all(r.id, r.name).execute();
  tx.commit();
  return r;
}

Role Directory::get_role(const std::string& id) {
  store::Statement& s = db_.cached("SELECT id, name FROM identity_roles WHERE id = ?1");
  s.bind(1, id);
  if (!s.step()) throw not_found("RoleNotFound", "role", id);
  Role r = read_role(s);
  s.reset();
  return r;
}

Role Directory::find_role(const std::string& name) {
  store::Statement& s = db_.cached("SELECT id, name FROM identity_roles WHERE name = ?1");
  s.bind(1, name);
  if (!s.step()) throw not_found("RoleNotFound", "role", name);
  Role r = read_role(s);
  s.reset();
  return r;
}

std::vector<Role> Directory::list_roles() {
  store::Statement& s = db_.cached("SELECT id, name FROM identity_roles ORDER BY name");
  std::vector<Role> out;
  while (s.step())
    out.push_back(read_role(s));
  return out;
}

void Directory::delete_role(const std::string& id) {
  store::Statement& s = db_.cached("DELETE FROM identity_roles WHERE id = ?1");
  if (s.bind(1, id).execute() == 0) throw not_found("RoleNotFound", "role", id);
}

// ---- role assignments ------------------------------------------------------------------------

void Directory::grant(const std::string& role_id, const std::string& user_id,
                      const char* target_type, const std::string& target_id) {
  store::Savepoint tx(db_);
  (void)get_role(role_id);
  (void)get_user(user_id);
  if (std::string_view(target_type) == "project") {
    (void)get_project(target_id);
  } else {
    (void)get_domain(target_id);
  }
  db_.cached("INSERT OR IGNORE INTO identity_role_assignments VALUES (?1, ?2, ?3, ?4)")
      .bind_all(role_id, user_id, target_type, target_id)
      .execute();
  tx.commit();
}

void Directory::revoke(const std::string& role_id, const std::string& user_id,
                       const char* target_type, const std::string& target_id) {
  store::Statement& s = db_.cached(
      "DELETE FROM identity_role_assignments WHERE role_id = ?1 AND user_id = ?2 AND "
      "target_type = ?3 AND target_id = ?4");
  if (s.bind_all(role_id, user_id, target_type, target_id).execute() == 0) {
    throw ServiceError("RoleAssignmentNotFound", 404,
                       "Could not find role assignment with role: " + role_id +
                           ", user or group: " + user_id +
                           ", project, domain, or system: " + target_id + ".");
  }
}

void Directory::grant_project_role(const std::string& role_id, const std::string& user_id,
                                   const std::string& project_id) {
  grant(role_id, user_id, "project", project_id);
}
void Directory::grant_domain_role(const std::string& role_id, const std::string& user_id,
                                  const std::string& domain_id) {
  grant(role_id, user_id, "domain", domain_id);
}
void Directory::revoke_project_role(const std::string& role_id, const std::string& user_id,
                                    const std::string& project_id) {
  revoke(role_id, user_id, "project", project_id);
}
void Directory::revoke_domain_role(const std::string& role_id, const std::string& user_id,
                                   const std::string& domain_id) {
  revoke(role_id, user_id, "domain", domain_id);
}

std::vector<RoleAssignment> Directory::list_assignments(std::optional<std::string> user_id,
                                                        std::optional<std::string> project_id,
                                                        std::optional<std::string> domain_id) {
  store::Statement& s = db_.cached(
      "SELECT role_id, user_id, target_type, target_id FROM identity_role_assignments "
      "WHERE (?1 IS NULL OR user_id = ?1) "
      "AND (?2 IS NULL OR (target_type = 'project' AND target_id = ?2)) "
      "AND (?3 IS NULL OR (target_type = 'domain' AND target_id = ?3)) "
      "ORDER BY user_id, target_type, target_id, role_id");
  s.bind(1, user_id).bind(2, project_id).bind(3, domain_id);
  std::vector<RoleAssignment> out;
  while (s.step()) {
    RoleAssignment a{s.column_text(0), s.column_text(1), {}, {}};
    (s.column_text(2) == "project" ? a.project_id : a.domain_id) = s.column_text(3);
    out.push_back(std::move(a));
  }
  return out;
}

std::vector<Role> Directory::roles_on(const std::string& user_id, const char* target_type,
                                      const std::string& target_id) {
  store::Statement& s = db_.cached(
      "SELECT r.id, r.name FROM identity_role_assignments a JOIN identity_roles r "
      "ON r.id = a.role_id WHERE a.user_id = ?1 AND a.target_type = ?2 AND a.target_id = ?3 "
      "ORDER BY r.name");
  s.bind_all(user_id, target_type, target_id);
  std::vector<Role> out;
  while (s.step())
    out.push_back(read_role(s));
  return out;
}

std::vector<Role> Directory::project_roles(const std::string& user_id,
                                           const std::string& project_id) {
  return roles_on(user_id, "project", project_id);
}
std::vector<Role> Directory::domain_roles(const std::string& user_id,
                                          const std::string& domain_id) {
  return roles_on(user_id, "domain", domain_id);
}

}  // namespace stacksim::identity
