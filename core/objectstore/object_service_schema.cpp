#include "core/objectstore/object_service_schema.hpp"

#include <vector>

#include "core/store/migrations.hpp"

namespace stacksim::objectstore {
namespace {

// Names compare with SQLite's BINARY collation (bytes), the order of Swift's listings.
const std::vector<store::Migration> migrations = {
    {1, "accounts, containers, objects",
     R"sql(
CREATE TABLE swift_accounts (
  name TEXT PRIMARY KEY, created_at INTEGER NOT NULL, metadata TEXT NOT NULL,
  partition INTEGER, devices TEXT);
CREATE TABLE swift_containers (
  id INTEGER PRIMARY KEY, account TEXT NOT NULL REFERENCES swift_accounts(name),
  name TEXT NOT NULL, created_at INTEGER NOT NULL, modified_at INTEGER NOT NULL,
  metadata TEXT NOT NULL, partition INTEGER, devices TEXT, UNIQUE (account, name));
CREATE TABLE swift_objects (
  container_id INTEGER NOT NULL REFERENCES swift_containers(id), name TEXT NOT NULL,
  content_type TEXT NOT NULL, etag TEXT NOT NULL, size INTEGER NOT NULL,
  modified_at INTEGER NOT NULL, metadata TEXT NOT NULL, data BLOB NOT NULL,
  partition INTEGER NOT NULL, devices TEXT NOT NULL, PRIMARY KEY (container_id, name));
)sql"},
};

}  // namespace

void ensure_object_service_schema(store::Database& db) {
  store::migrate(db, "objectstore", migrations);
}

}  // namespace stacksim::objectstore
