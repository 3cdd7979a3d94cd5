#include <catch2/catch.hpp>

#include <filesystem>
#include <vector>

#include "core/store/database.hpp"
#include "core/store/migrations.hpp"
#include "core/store/store_error.hpp"
#include "core/store/transaction.hpp"

using namespace stacksim::store;
namespace fs = std::filesystem;

namespace {

fs::path temp_db(const std::string& name) {
  fs::path dir = fs::temp_directory_path() / "stacksim-store-tests";
  fs::create_directories(dir);
  fs::path p = dir / name;
  for (const char* suffix : {"", "-wal", "-shm"})
    fs::remove(p.string() + suffix);
  return p;
}

const std::vector<Migration> flavor_migrations = {
    {1, "create flavors",
     "CREATE TABLE flavors (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, vcpus INTEGER NOT NULL,"
     " ram_mb INTEGER NOT NULL);"},
    {2, "add disk", "ALTER TABLE flavors ADD COLUMN disk_gb INTEGER NOT NULL DEFAULT 0;"},
};

}  // namespace

TEST_CASE("a database file is created in WAL mode and keeps data across reopen") {
  const fs::path path = temp_db("basic.db");
  {
    Database db = Database::open(path);
    CHECK(db.journal_mode() == "wal");
    db.execute_script("CREATE TABLE t (k TEXT PRIMARY KEY, v REAL, n INTEGER, b BLOB);");
    Statement& insert = db.cached("INSERT INTO t VALUES (?1, ?2, ?3, ?4)");
    const unsigned char bytes[] = {0, 1, 2, 255};
    insert.bind(1, "m1.small").bind(2, 0.5).bind(3, std::int64_t{1} << 40);
    insert.bind_blob(4, bytes, sizeof bytes);
    CHECK(insert.execute() == 1);
    db.cached("INSERT INTO t(k) VALUES (?1)").bind(1, std::string("nulls")).execute();
  }
  Database db = Database::open(path);
  Statement q = db.prepare("SELECT k, v, n, b FROM t ORDER BY k");
  REQUIRE(q.step());
  CHECK(q.column_text(0) == "m1.small");
  CHECK(q.column_double(1) == 0.5);
  CHECK(q.column_int64(2) == (std::int64_t{1} << 40));
  CHECK(q.column_blob(3) == std::vector<unsigned char>{0, 1, 2, 255});
  REQUIRE(q.step());
  CHECK(q.column_text(0) == "nulls");
  CHECK(q.is_null(1));
  CHECK_FALSE(q.column_optional_int64(2).has_value());
  CHECK_FALSE(q.step());
}

TEST_CASE("named parameters and bind_all") {
  Database db = Database::open_in_memory();
  db.execute_script("CREATE TABLE p (a INTEGER, b TEXT);");
  Statement s = db.prepare("INSERT INTO p VALUES (:a, :b)");
  s.bind(s.parameter_index(":a"), 3).bind(s.parameter_index(":b"), "x").execute();
  db.prepare("INSERT INTO p VALUES (?, ?)").bind_all(4, std::string("y")).execute();
  Statement q = db.prepare("SELECT sum(a), group_concat(b, '') FROM p");
  REQUIRE(q.step());
  CHECK(q.column_int(0) == 7);
  CHECK(q.column_text(1) == "xy");
  CHECK_THROWS_WITH(s.parameter_index(":nope"), Catch::Contains("no parameter named :nope"));
  CHECK_THROWS_WITH(s.bind(5, 1), Catch::Contains("no parameter 5"));
}

TEST_CASE("bad SQL is a StoreError naming the database, the SQL and SQLite's message") {
  const fs::path path = temp_db("bad.db");
  Database db = Database::open(path);
  try {
    (void)db.prepare("SELEC * FROM nowhere");
    FAIL("prepare should throw");
  } catch (const StoreError& e) {
    const std::string what = e.what();
    CHECK_THAT(what, Catch::Contains(path.string()));
    CHECK_THAT(what, Catch::Contains("SELEC * FROM nowhere"));
    CHECK_THAT(what, Catch::Contains("syntax error"));
  }
  CHECK_THROWS_WITH(db.prepare("SELECT * FROM missing_table"),
                    Catch::Contains("no such table: missing_table"));
  CHECK_THROWS_WITH(db.prepare("SELECT 1; SELECT 2"), Catch::Contains("more than one statement"));
}

TEST_CASE("constraint violations surface as StoreError at step") {
  Database db = Database::open_in_memory();
  db.execute_script("CREATE TABLE u (name TEXT UNIQUE);");
  db.prepare("INSERT INTO u VALUES ('a')").execute();
  CHECK_THROWS_WITH(db.prepare("INSERT INTO u VALUES ('a')").execute(),
                    Catch::Contains("UNIQUE constraint failed: u.name"));
}

TEST_CASE("transactions roll back unless committed") {
  Database db = Database::open_in_memory();
  db.execute_script("CREATE TABLE c (n INTEGER);");
  {
    Transaction tx(db);
    db.prepare("INSERT INTO c VALUES (1)").execute();
    // destroyed without commit
  }
  try {
    Transaction tx(db);
    db.prepare("INSERT INTO c VALUES (2)").execute();
    throw std::runtime_error("quota exceeded");
  } catch (const std::runtime_error&) {
  }
  {
    Transaction tx(db);
    db.prepare("INSERT INTO c VALUES (3)").execute();
    tx.commit();
  }
  Statement q = db.prepare("SELECT group_concat(n) FROM c");
  REQUIRE(q.step());
  CHECK(q.column_text(0) == "3");
}

TEST_CASE("migrations apply in order, once, and record the version per component") {
  const fs::path path = temp_db("migrate.db");
  {
    Database db = Database::open(path);
    CHECK(schema_version(db, "compute") == 0);
    CHECK(migrate(db, "compute", std::span(flavor_migrations).first(1)) == 1);
    db.prepare("INSERT INTO flavors VALUES ('1', 'm1.tiny', 1, 512)").execute();
  }
  Database db = Database::open(path);
  CHECK(schema_version(db, "compute") == 1);
  CHECK(migrate(db, "compute", flavor_migrations) == 2);
  CHECK(migrate(db, "compute", flavor_migrations) == 2);  // idempotent
  Statement q = db.prepare("SELECT name, disk_gb FROM flavors");
  REQUIRE(q.step());
  CHECK(q.column_text(0) == "m1.tiny");  // data kept across the migration
  CHECK(q.column_int(1) == 0);
  CHECK(schema_version(db, "identity") == 0);  // components are independent
}

TEST_CASE("a failing migration rolls back and names itself; earlier ones stay") {
  Database db = Database::open_in_memory();
  const std::vector<Migration> broken = {
      {1, "create a", "CREATE TABLE a (x INTEGER);"},
      {2, "bad step", "CREATE TABLE b (y INTEGER); INSERT INTO nonexistent VALUES (1);"},
  };
  CHECK_THROWS_WITH(migrate(db, "svc", broken),
                    Catch::Contains("migration 2 (bad step) of svc failed") &&
                        Catch::Contains("no such table: nonexistent"));
  CHECK(schema_version(db, "svc") == 1);
  CHECK_THROWS_WITH(db.prepare("SELECT * FROM b"), Catch::Contains("no such table: b"));
  CHECK_NOTHROW(db.prepare("SELECT * FROM a"));
}

TEST_CASE("a database newer than the code is refused; gaps in numbering are refused") {
  Database db = Database::open_in_memory();
  migrate(db, "compute", flavor_migrations);
  CHECK_THROWS_WITH(migrate(db, "compute", std::span(flavor_migrations).first(1)),
                    Catch::Contains("newer database"));
  const std::vector<Migration> gap = {{1, "a", "SELECT 1;"}, {3, "c", "SELECT 1;"}};
  CHECK_THROWS_WITH(migrate(db, "other", gap), Catch::Contains("must be numbered 1, 2, 3"));
}

TEST_CASE("opening a missing file without create fails with the path") {
  const fs::path path = temp_db("absent.db");
  CHECK_THROWS_WITH(Database::open(path, OpenOptions{.create = false}),
                    Catch::Contains(path.string()) && Catch::Contains("cannot open"));
}
