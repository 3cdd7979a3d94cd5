#include "core/identity/token_provider.hpp"

#include <algorithm>

#include "core/identity/identity_error.hpp"
#include "core/identity/identity_schema.hpp"
#include "core/identity/secure_random.hpp"
#include "core/store/savepoint.hpp"

namespace stacksim::identity {
namespace {

std::string join(const std::vector<std::string>& parts) {
  std::string out;
  for (const std::string& p : parts)
    out += (out.empty() ? "" : ",") + p;
  return out;
}

std::vector<std::string> split(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size() && !text.empty()) {
    const std::size_t comma = text.find(',', start);
    out.push_back(text.substr(start, comma - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

ServiceError token_not_found(const std::string& id) {
  return not_found("TokenNotFound", "token", id);
}

}  // namespace

TokenProvider::TokenProvider(store::Database& db, Directory& directory, Catalog& catalog,
                             const runtime::Executor& clock, runtime::Duration expiration)
    : db_((ensure_identity_schema(db), db)),
      directory_(directory),
      catalog_(catalog),
      clock_(clock),
      expiration_(expiration) {
  if (expiration <= runtime::Duration::zero()) {
    throw std::invalid_argument("token expiration must be positive");
  }
}

Token TokenProvider::build(const std::string& id, const std::string& audit_id,
                           std::vector<std::string> methods, const std::string& user_id,
                           const TokenScope& scope, runtime::TimePoint issued_at,
                           runtime::TimePoint expires_at) {
  Token t;
  t.id = id;
  t.audit_id = audit_id;
  t.methods = std::move(methods);
  t.issued_at = issued_at;
  t.expires_at = expires_at;
  t.user = directory_.get_user(user_id);
  if (!t.user.enabled) throw unauthorized("User " + user_id + " is disabled.");
  if (!directory_.get_domain(t.user.domain_id).enabled) {
    throw unauthorized("Domain " + t.user.domain_id + " is disabled.");
  }
  if (scope.project_id) {
    t.project = directory_.get_project(*scope.project_id);
    if (!t.project->enabled) throw unauthorized("Project " + t.project->id + " is disabled.");
    if (!directory_.get_domain(t.project->domain_id).enabled) {
      throw unauthorized("Domain " + t.project->domain_id + " is disabled.");
    }
    t.roles = directory_.project_roles(user_id, t.project->id);
    if (t.roles.empty()) {
      throw unauthorized("User " + user_id + " has no access to project " + t.project->id);
    }
  } else if (scope.domain_id) {
    t.domain = directory_.get_domain(*scope.domain_id);
    if (!t.domain->enabled) throw unauthorized("Domain " + t.domain->id + " is disabled.");
    t.roles = directory_.domain_roles(user_id, t.domain->id);
    if (t.roles.empty()) {
      throw unauthorized("User " + user_id + " has no access to domain " + t.domain->id);
    }
  }
  if (scope.project_id || scope.domain_id)
    t.catalog = catalog_.catalog_for(scope.project_id, user_id);
  return t;
}

Token TokenProvider::store_new(std::vector<std::string> methods, const std::string& user_id,
                               const TokenScope& scope, runtime::TimePoint expires_at) {
  if (scope.project_id && scope.domain_id) {
    throw validation_error("Specify either a project or a domain scope, not both.");
  }
  const runtime::TimePoint now = clock_.now();
  Token t = build(secure_random_hex(32), secure_random_urlsafe(16), std::move(methods), user_id,
                  scope, now, expires_at);
  db_.cached(
         "INSERT INTO identity_tokens(id, user_id, project_id, domain_id, methods, issued_at, "
         "expires_at, audit_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")
      .bind_all(t.id, user_id, scope.project_id.value_or(""), scope.domain_id.value_or(""),
                join(t.methods), now.time_since_epoch().count(),
                expires_at.time_since_epoch().count(), t.audit_id)
      .execute();
  return t;
}

Token TokenProvider::issue(const PasswordCredentials& credentials, const TokenScope& scope) {
  std::string user_id = credentials.user_id;
  try {
    if (user_id.empty()) {
      if (credentials.user_name.empty()) throw missing_attribute("user", "password");
      user_id = directory_.find_user(credentials.user_name, credentials.user_domain_id).id;
    }
    if (!directory_.check_password(user_id, credentials.password)) throw unauthorized();
  } catch (const ServiceError& e) {
    // Like Keystone, never reveal whether the user exists.
    if (e.type() == "UserNotFound") throw unauthorized();
    throw;
  }
  return store_new({"password"}, user_id, scope, clock_.now() + expiration_);
}

Token TokenProvider::rescope(const std::string& token_id, const TokenScope& scope) {
  const Token original = validate(token_id);
  std::vector<std::string> methods = original.methods;
  if (std::find(methods.begin(), methods.end(), "token") == methods.end()) {
    methods.push_back("token");
  }
  return store_new(std::move(methods), original.user.id, scope, original.expires_at);
}

Token TokenProvider::validate(const std::string& token_id) {
  store::Statement& s = db_.cached(
      "SELECT serial, user_id, project_id, domain_id, methods, issued_at, expires_at, audit_id "
      "FROM identity_tokens WHERE id = ?1");
  s.bind(1, token_id);
  if (!s.step()) throw token_not_found(token_id);
  const std::int64_t serial = s.column_int64(0);
  const std::string user_id = s.column_text(1);
  const std::string project_id = s.column_text(2);
  const std::string domain_id = s.column_text(3);
  const std::vector<std::string> methods = split(s.column_text(4));
  const runtime::TimePoint issued_at{runtime::Duration(s.column_int64(5))};
  const runtime::TimePoint expires_at{runtime::Duration(s.column_int64(6))};
  const std::string audit_id = s.column_text(7);
  s.reset();

  if (clock_.now() >= expires_at) throw token_not_found(token_id);
  store::Statement& revoked = db_.cached(
      "SELECT 1 FROM identity_revocation_events WHERE last_serial >= ?1 AND "
      "(audit_id = ?2 OR user_id = ?3 OR project_id = ?4) LIMIT 1");
  revoked.bind(1, serial).bind(2, audit_id).bind(3, user_id).bind(4, project_id);
  const bool is_revoked = revoked.step();
  revoked.reset();
  if (is_revoked) throw token_not_found(token_id);

  TokenScope scope;
  if (!project_id.empty()) scope.project_id = project_id;
  if (!domain_id.empty()) scope.domain_id = domain_id;
  try {
    return build(token_id, audit_id, methods, user_id, scope, issued_at, expires_at);
  } catch (const ServiceError&) {
    // The user, project or domain is gone or disabled, or the roles were taken away.
    throw token_not_found(token_id);
  }
}

void TokenProvider::add_revocation_event(const char* column, const std::string& value) {
  store::Savepoint tx(db_);
  store::Statement& last = db_.cached("SELECT coalesce(max(serial), 0) FROM identity_tokens");
  last.step();
  const std::int64_t last_serial = last.column_int64(0);
  last.reset();
  db_.prepare(std::string("INSERT INTO identity_revocation_events(") + column +
              ", revoked_at, last_serial) VALUES (?1, ?2, ?3)")
      .bind_all(value, clock_.now().time_since_epoch().count(), last_serial)
      .execute();
  tx.commit();
}

void TokenProvider::revoke(const std::string& token_id) {
  const Token t = validate(token_id);
  add_revocation_event("audit_id", t.audit_id);
}

void TokenProvider::revoke_user(const std::string& user_id) {
  add_revocation_event("user_id", user_id);
}

void TokenProvider::revoke_project(const std::string& project_id) {
  add_revocation_event("project_id", project_id);
}

int TokenProvider::flush_expired() {
  return db_.cached("DELETE FROM identity_tokens WHERE expires_at <= ?1")
      .bind(1, clock_.now().time_since_epoch().count())
      .execute();
}

}  // namespace stacksim::identity
