#include "core/compute/flavors.hpp"

#include "core/compute/compute_error.hpp"
#include "core/compute/compute_schema.hpp"
#include "core/store/savepoint.hpp"

namespace stacksim::compute {
namespace {

constexpr const char* flavor_columns =
    "SELECT id, name, vcpus, memory_mb, root_gb, ephemeral_gb, swap_mb, rxtx_factor, is_public, "
    "disabled FROM compute_flavors";

Flavor read_flavor(const store::Statement& s) {
  Flavor f;
  f.id = s.column_text(0);
  f.name = s.column_text(1);
  f.vcpus = s.column_int(2);
  f.memory_mb = s.column_int64(3);
  f.root_gb = s.column_int64(4);
  f.ephemeral_gb = s.column_int64(5);
  f.swap_mb = s.column_int64(6);
  f.rxtx_factor = s.column_double(7);
  f.is_public = s.column_int(8) != 0;
  f.disabled = s.column_int(9) != 0;
  return f;
}

void check_minimum(const char* field, std::int64_t value, std::int64_t minimum) {
  if (value < minimum) {
    throw invalid_input(std::string(field) + " must be >= " + std::to_string(minimum) + " (got " +
                        std::to_string(value) + ")");
  }
}

}  // namespace

Flavors::Flavors(store::Database& db) : db_((ensure_compute_schema(db), db)) {
}

Flavor Flavors::create(const Flavor& flavor) {
  if (flavor.id.empty()) throw invalid_input("flavor id must not be empty");
  if (flavor.name.empty() || flavor.name.size() > 255) {
    throw invalid_input("flavor name must be 1 to 255 characters");
  }
  check_minimum("vcpus", flavor.vcpus, 1);
  check_minimum("ram", flavor.memory_mb, 1);
  check_minimum("disk", flavor.root_gb, 0);
  check_minimum("OS-FLV-EXT-DATA:ephemeral", flavor.ephemeral_gb, 0);
  check_minimum("swap", flavor.swap_mb, 0);
  if (flavor.rxtx_factor <= 0) throw invalid_input("rxtx_factor must be > 0");
  store::Savepoint tx(db_);
  store::Statement& by_name = db_.cached("SELECT 1 FROM compute_flavors WHERE name = ?1");
  by_name.bind(1, flavor.name);
  const bool name_taken = by_name.step();
  by_name.reset();
  if (name_taken) throw flavor_exists(flavor.name);
  store::Statement& by_id = db_.cached("SELECT 1 FROM compute_flavors WHERE id = ?1");
  by_id.bind(1, flavor.id);
  const bool id_taken = by_id.step();
  by_id.reset();
  if (id_taken) throw flavor_id_exists(flavor.id);
  db_.cached("INSERT INTO compute_flavors VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)")
      .bind_all(flavor.id, flavor.name, flavor.vcpus, flavor.memory_mb, flavor.root_gb,
                flavor.ephemeral_gb, flavor.swap_mb, flavor.rxtx_factor, flavor.is_public,
                flavor.disabled)
      .execute();
  for (const auto& [key, value] : flavor.extra_specs) {
    db_.cached("INSERT INTO compute_flavor_extra_specs VALUES (?1, ?2, ?3)")
        .bind_all(flavor.id, key, value)
        .execute();
  }
  tx.commit();
  return flavor;
}

Flavor Flavors::get(const std::string& id) {
  store::Statement& s = db_.cached(std::string(flavor_columns) + " WHERE id = ?1");
  s.bind(1, id);
  if (!s.step()) throw flavor_not_found(id);
  Flavor f = read_flavor(s);
  s.reset();
  store::Statement& specs =
      db_.cached("SELECT key, value FROM compute_flavor_extra_specs WHERE flavor_id = ?1");
  specs.bind(1, id);
  while (specs.step())
    f.extra_specs.emplace(specs.column_text(0), specs.column_text(1));
  return f;
}

Flavor Flavors::find_by_name(const std::string& name) {
  store::Statement& s = db_.cached("SELECT id FROM compute_flavors WHERE name = ?1");
  s.bind(1, name);
  if (!s.step()) {
    throw ServiceError("FlavorNotFoundByName", 404,
                       "Flavor with name " + name + " could not be found.");
  }
  const std::string id = s.column_text(0);
  s.reset();
  return get(id);
}

std::vector<Flavor> Flavors::list(std::optional<std::string> project_id) {
  store::Statement& s = db_.cached(
      "SELECT f.id FROM compute_flavors f WHERE ?1 IS NULL OR f.is_public = 1 OR EXISTS "
      "(SELECT 1 FROM compute_flavor_projects p WHERE p.flavor_id = f.id AND p.project_id = ?1) "
      "ORDER BY f.memory_mb, f.id");
  s.bind(1, project_id);
  std::vector<std::string> ids;
  while (s.step())
    ids.push_back(s.column_text(0));
  std::vector<Flavor> out;
  for (const std::string& id : ids)
    out.push_back(get(id));
  return out;
}

void Flavors::remove(const std::string& id) {
  store::Statement& s = db_.cached("DELETE FROM compute_flavors WHERE id = ?1");
  if (s.bind(1, id).execute() == 0) throw flavor_not_found(id);
}

Flavor Flavors::set_extra_spec(const std::string& id, const std::string& key,
                               const std::string& value) {
  (void)get(id);
  if (key.empty() || key.size() > 255)
    throw invalid_input("extra spec key must be 1 to 255 characters");
  db_.cached(
         "INSERT INTO compute_flavor_extra_specs VALUES (?1, ?2, ?3) ON CONFLICT(flavor_id, key) "
         "DO UPDATE SET value = excluded.value")
      .bind_all(id, key, value)
      .execute();
  return get(id);
}

Flavor Flavors::unset_extra_spec(const std::string& id, const std::string& key) {
  (void)get(id);
  store::Statement& s =
      db_.cached("DELETE FROM compute_flavor_extra_specs WHERE flavor_id = ?1 AND key = ?2");
  if (s.bind_all(id, key).execute() == 0) {
    throw ServiceError("FlavorExtraSpecsNotFound", 404,
                       "Flavor " + id + " has no extra specs with key " + key + ".");
  }
  return get(id);
}

void Flavors::add_access(const std::string& flavor_id, const std::string& project_id) {
  const Flavor f = get(flavor_id);
  if (f.is_public) {
    throw ServiceError("FlavorAccessError", 409, "Can not add access to a public flavor.");
  }
  store::Statement& s = db_.cached("INSERT OR IGNORE INTO compute_flavor_projects VALUES (?1, ?2)");
  if (s.bind_all(flavor_id, project_id).execute() == 0) {
    throw ServiceError("FlavorAccessExists", 409,
                       "Flavor access already exists for flavor " + flavor_id + " and project " +
                           project_id + " combination.");
  }
}

void Flavors::remove_access(const std::string& flavor_id, const std::string& project_id) {
  (void)get(flavor_id);
  store::Statement& s =
      db_.cached("DELETE FROM compute_flavor_projects WHERE flavor_id = ?1 AND project_id = ?2");
  if (s.bind_all(flavor_id, project_id).execute() == 0) {
    throw ServiceError(
        "FlavorAccessNotFound", 404,
        "Flavor access not found for " + flavor_id + " / " + project_id + " combination.");
  }
}

std::vector<std::string> Flavors::access_list(const std::string& flavor_id) {
  (void)get(flavor_id);
  store::Statement& s = db_.cached(
      "SELECT project_id FROM compute_flavor_projects WHERE flavor_id = ?1 ORDER BY project_id");
  s.bind(1, flavor_id);
  std::vector<std::string> out;
  while (s.step())
    out.push_back(s.column_text(0));
  return out;
}

bool Flavors::accessible(const Flavor& flavor, const std::string& project_id) {
  if (flavor.is_public) return true;
  store::Statement& s =
      db_.cached("SELECT 1 FROM compute_flavor_projects WHERE flavor_id = ?1 AND project_id = ?2");
  s.bind(1, flavor.id).bind(2, project_id);
  const bool found = s.step();
  s.reset();
  return found;
}

}  // namespace stacksim::compute
