#include "core/orchestration/stack_store.hpp"

#include <vector>

#include "core/store/migrations.hpp"

namespace stacksim::orchestration {
namespace {

using nlohmann::json;

const std::vector<store::Migration> migrations = {
    {1, "stacks, resources, events",
     R"sql(
CREATE TABLE orchestration_stacks (
  id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, owner TEXT NOT NULL, status TEXT NOT NULL,
  status_reason TEXT NOT NULL, template TEXT NOT NULL, template_source TEXT NOT NULL,
  parameters TEXT NOT NULL, rollback INTEGER NOT NULL, created_at_ns INTEGER NOT NULL,
  updated_at_ns INTEGER NOT NULL);
CREATE TABLE orchestration_resources (
  stack_id TEXT NOT NULL REFERENCES orchestration_stacks(id) ON DELETE CASCADE,
  name TEXT NOT NULL, type TEXT NOT NULL, status TEXT NOT NULL, status_reason TEXT NOT NULL,
  properties TEXT NOT NULL, physical_id TEXT NOT NULL, attributes TEXT NOT NULL,
  sequence INTEGER NOT NULL, PRIMARY KEY (stack_id, name));
CREATE TABLE orchestration_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT, stack_id TEXT NOT NULL, resource_name TEXT NOT NULL,
  physical_id TEXT NOT NULL, status TEXT NOT NULL, reason TEXT NOT NULL,
  timestamp_ns INTEGER NOT NULL);
CREATE INDEX orchestration_events_by_stack ON orchestration_events(stack_id, id);
)sql"},
};

std::int64_t ns(runtime::TimePoint t) {
  return t.time_since_epoch().count();
}
runtime::TimePoint at_ns(std::int64_t v) {
  return runtime::TimePoint(runtime::Duration(v));
}

constexpr const char* stack_columns =
    "SELECT id, name, owner, status, status_reason, template, template_source, parameters, "
    "rollback, created_at_ns, updated_at_ns FROM orchestration_stacks";

Stack stack_from(const store::Statement& s) {
  Stack st;
  st.id = s.column_text(0);
  st.name = s.column_text(1);
  const json owner = json::parse(s.column_text(2));
  st.owner.user_id = owner.at("user_id").get<std::string>();
  st.owner.project_id = owner.at("project_id").get<std::string>();
  st.owner.roles = owner.at("roles").get<std::vector<std::string>>();
  st.status = s.column_text(3);
  st.status_reason = s.column_text(4);
  st.template_text = s.column_text(5);
  st.template_source = s.column_text(6);
  st.parameters = json::parse(s.column_text(7)).get<std::map<std::string, std::string>>();
  st.rollback = s.column_int(8) != 0;
  st.created_at = at_ns(s.column_int64(9));
  st.updated_at = at_ns(s.column_int64(10));
  return st;
}

std::vector<Stack> query_stacks(const store::Database& db, const std::string& where,
                                const std::string& value) {
  store::Statement s = db.prepare(std::string(stack_columns) + where);
  if (!value.empty()) s.bind(1, value);
  std::vector<Stack> out;
  while (s.step())
    out.push_back(stack_from(s));
  return out;
}

}  // namespace

StackStore::StackStore(store::Database& db) : db_(db) {
  store::migrate(db_, "orchestration", migrations);
}

void StackStore::save_stack(const Stack& st) {
  const json owner = {{"user_id", st.owner.user_id},
                      {"project_id", st.owner.project_id},
                      {"roles", st.owner.roles}};
  db_.cached(
         "INSERT INTO orchestration_stacks(id, name, owner, status, status_reason, template, "
         "template_source, parameters, rollback, created_at_ns, updated_at_ns) VALUES "
         "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) ON CONFLICT(id) DO UPDATE SET "
         "status = ?4, status_reason = ?5, template = ?6, template_source = ?7, parameters = ?8, "
         "updated_at_ns = ?11")
      .bind_all(st.id, st.name, owner.dump(), st.status, st.status_reason, st.template_text,
                st.template_source, json(st.parameters).dump(), st.rollback, ns(st.created_at),
                ns(st.updated_at))
      .execute();
}

std::optional<Stack> StackStore::find_stack(const std::string& id) const {
  std::vector<Stack> found = query_stacks(db_, " WHERE id = ?1", id);
  if (found.empty()) return std::nullopt;
  return found.front();
}

std::optional<Stack> StackStore::find_stack_by_name(const std::string& name) const {
  std::vector<Stack> found = query_stacks(db_, " WHERE name = ?1", name);
  if (found.empty()) return std::nullopt;
  return found.front();
}

std::vector<Stack> StackStore::list_stacks() const {
  return query_stacks(db_, " ORDER BY created_at_ns, id", "");
}

void StackStore::delete_stack(const std::string& id) {
  db_.cached("DELETE FROM orchestration_resources WHERE stack_id = ?1").bind(1, id).execute();
  db_.cached("DELETE FROM orchestration_stacks WHERE id = ?1").bind(1, id).execute();
}

void StackStore::save_resource(const std::string& stack_id, const StackResource& r) {
  db_.cached(
         "INSERT INTO orchestration_resources(stack_id, name, type, status, status_reason, "
         "properties, physical_id, attributes, sequence) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
         "?9) ON CONFLICT(stack_id, name) DO UPDATE SET type = ?3, status = ?4, "
         "status_reason = ?5, properties = ?6, physical_id = ?7, attributes = ?8, sequence = ?9")
      .bind_all(stack_id, r.name, r.type, r.status, r.status_reason, r.properties.dump(),
                r.data.physical_id, r.data.attributes.dump(), r.sequence)
      .execute();
}

void StackStore::delete_resource(const std::string& stack_id, const std::string& name) {
  db_.cached("DELETE FROM orchestration_resources WHERE stack_id = ?1 AND name = ?2")
      .bind_all(stack_id, name)
      .execute();
}

std::vector<StackResource> StackStore::resources(const std::string& stack_id) const {
  store::Statement s = db_.prepare(
      "SELECT name, type, status, status_reason, properties, physical_id, attributes, sequence "
      "FROM orchestration_resources WHERE stack_id = ?1 ORDER BY sequence, name");
  s.bind(1, stack_id);
  std::vector<StackResource> out;
  while (s.step()) {
    StackResource r;
    r.name = s.column_text(0);
    r.type = s.column_text(1);
    r.status = s.column_text(2);
    r.status_reason = s.column_text(3);
    r.properties = json::parse(s.column_text(4));
    r.data.physical_id = s.column_text(5);
    r.data.attributes = json::parse(s.column_text(6));
    r.sequence = s.column_int64(7);
    out.push_back(std::move(r));
  }
  return out;
}

void StackStore::add_event(StackEvent e) {
  db_.cached(
         "INSERT INTO orchestration_events(stack_id, resource_name, physical_id, status, reason, "
         "timestamp_ns) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
      .bind_all(e.stack_id, e.resource_name, e.physical_id, e.status, e.reason, ns(e.timestamp))
      .execute();
}

std::vector<StackEvent> StackStore::events(const std::string& stack_id) const {
  store::Statement s = db_.prepare(
      "SELECT id, resource_name, physical_id, status, reason, timestamp_ns FROM "
      "orchestration_events WHERE stack_id = ?1 ORDER BY id");
  s.bind(1, stack_id);
  std::vector<StackEvent> out;
  while (s.step()) {
    out.push_back({s.column_int64(0), stack_id, s.column_text(1), s.column_text(2),
                   s.column_text(3), s.column_text(4), at_ns(s.column_int64(5))});
  }
  return out;
}

}  // namespace stacksim::orchestration
