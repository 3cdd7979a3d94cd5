// VolumeService: volume types and their extra specs.

#include "core/store/savepoint.hpp"
#include "core/volume/volume_error.hpp"
#include "core/volume/volume_service.hpp"

namespace stacksim::volume {

std::optional<VolumeType> VolumeService::find_type(const std::string& id_or_name) {
  store::Statement& s = db_.cached(
      "SELECT id, name, description, is_public FROM volume_types WHERE id = ?1 OR name = ?1 "
      "ORDER BY id = ?1 DESC LIMIT 1");
  s.bind(1, id_or_name);
  if (!s.step()) {
    s.reset();
    return std::nullopt;
  }
  VolumeType type;
  type.id = s.column_text(0);
  type.name = s.column_text(1);
  type.description = s.column_text(2);
  type.is_public = s.column_int(3) != 0;
  s.reset();
  store::Statement& specs =
      db_.cached("SELECT key, value FROM volume_type_extra_specs WHERE type_id = ?1");
  specs.bind(1, type.id);
  while (specs.step())
    type.extra_specs.emplace(specs.column_text(0), specs.column_text(1));
  return type;
}

void VolumeService::save(const VolumeType& type) {
  store::Savepoint tx(db_);
  db_.cached(
         "INSERT INTO volume_types VALUES (?1, ?2, ?3, ?4) ON CONFLICT(id) DO UPDATE SET "
         "name = excluded.name, description = excluded.description, "
         "is_public = excluded.is_public")
      .bind_all(type.id, type.name, type.description, type.is_public)
      .execute();
  db_.cached("DELETE FROM volume_type_extra_specs WHERE type_id = ?1").bind(1, type.id).execute();
  for (const auto& [key, value] : type.extra_specs) {
    db_.cached("INSERT INTO volume_type_extra_specs VALUES (?1, ?2, ?3)")
        .bind_all(type.id, key, value)
        .execute();
  }
  tx.commit();
}

VolumeType VolumeService::create_volume_type(const identity::RequestContext& ctx,
                                             const VolumeTypeCreate& request) {
  identity_.policy().enforce("volume_extension:types_manage", ctx);
  if (request.name.empty() || request.name.size() > 255) {
    throw invalid_volume_type("Volume type name can not be empty or longer than 255 characters.");
  }
  if (find_type(request.name)) throw volume_type_exists(request.name);
  VolumeType type;
  type.id = next_id();
  type.name = request.name;
  type.description = request.description;
  type.is_public = request.is_public;
  type.extra_specs = request.extra_specs;
  save(type);
  return type;
}

VolumeType VolumeService::get_volume_type(const identity::RequestContext& ctx,
                                          const std::string& id_or_name) {
  identity_.policy().enforce("volume_extension:type_get", ctx);
  std::optional<VolumeType> type = find_type(id_or_name);
  if (!type || (!type->is_public && !is_admin(ctx))) throw volume_type_not_found(id_or_name);
  return *type;
}

std::vector<VolumeType> VolumeService::list_volume_types(const identity::RequestContext& ctx) {
  identity_.policy().enforce("volume_extension:type_get_all", ctx);
  store::Statement& s = db_.cached("SELECT id FROM volume_types ORDER BY name");
  std::vector<std::string> ids;
  while (s.step())
    ids.push_back(s.column_text(0));
  s.reset();
  std::vector<VolumeType> out;
  for (const std::string& id : ids) {
    VolumeType type = *find_type(id);
    if (type.is_public || is_admin(ctx)) out.push_back(std::move(type));
  }
  return out;
}

VolumeType VolumeService::set_extra_specs(const identity::RequestContext& ctx,
                                          const std::string& type_id,
                                          const std::map<std::string, std::string>& specs) {
  identity_.policy().enforce("volume_extension:types_manage", ctx);
  std::optional<VolumeType> type = find_type(type_id);
  if (!type) throw volume_type_not_found(type_id);
  for (const auto& [key, value] : specs)
    type->extra_specs[key] = value;
  save(*type);
  return *type;
}

VolumeType VolumeService::unset_extra_spec(const identity::RequestContext& ctx,
                                           const std::string& type_id, const std::string& key) {
  identity_.policy().enforce("volume_extension:types_manage", ctx);
  std::optional<VolumeType> type = find_type(type_id);
  if (!type) throw volume_type_not_found(type_id);
  if (type->extra_specs.erase(key) == 0) {
    throw ServiceError("VolumeTypeExtraSpecsNotFound", 404,
                       "Volume Type " + type_id + " has no extra specs with key " + key + ".");
  }
  save(*type);
  return *type;
}

void VolumeService::delete_volume_type(const identity::RequestContext& ctx,
                                       const std::string& type_id) {
  identity_.policy().enforce("volume_extension:types_manage", ctx);
  std::optional<VolumeType> type = find_type(type_id);
  if (!type) throw volume_type_not_found(type_id);
  if (type->name == config_.default_volume_type) {
    throw ServiceError(
        "VolumeTypeDefaultDeletionError", 400,
        "The volume type " + type->id + " is a default volume type and cannot be deleted.");
  }
  store::Statement& used =
      db_.cached("SELECT count(*) FROM volume_volumes WHERE volume_type_id = ?1");
  used.bind(1, type->id);
  used.step();
  const bool in_use = used.column_int64(0) > 0;
  used.reset();
  if (in_use) throw volume_type_in_use(type->id);
  db_.cached("DELETE FROM volume_types WHERE id = ?1").bind(1, type->id).execute();
}

}  // namespace stacksim::volume
