#include "core/image/image_service.hpp"

#include <algorithm>
#include <array>

#include "core/image/image_error.hpp"
#include "core/image/image_formats.hpp"
#include "core/image/image_lifecycle.hpp"
#include "core/image/image_schema.hpp"
#include "core/runtime/blocking.hpp"
#include "core/runtime/uuid.hpp"
#include "core/store/savepoint.hpp"

namespace stacksim::image {
namespace {

const std::vector<identity::PolicyDefault> image_rules = {
    {"image:add_image", "rule:admin_or_owner", "Create an image owned by the target project."},
    {"image:modify_image", "rule:admin_or_owner", "Change an image's attributes, tags or data."},
    {"image:delete_image", "rule:admin_or_owner", "Delete an image."},
    {"image:upload_image", "rule:admin_or_owner", "Upload image data."},
    {"image:publicize_image", "rule:admin_required", "Make an image public."},
    {"image:communitize_image", "rule:admin_or_owner", "Make an image community."},
    {"image:deactivate", "rule:admin_required", "Deactivate an image."},
    {"image:reactivate", "rule:admin_required", "Reactivate an image."},
    {"image:set_image_location", "rule:admin_required", "Register data already in a store."},
    {"image:add_member", "rule:admin_or_owner", "Share an image with a project."},
    {"image:delete_member", "rule:admin_or_owner", "Stop sharing an image with a project."},
    {"image:modify_member", "is_admin:True or project_id:%(member_id)s",
     "Accept or reject an image shared with the caller's project."},
};

// Attributes that are columns, not free-form properties (Glance: "Attribute '<x>' is reserved.").
constexpr std::array<std::string_view, 23> reserved_attributes = {"id",
                                                                  "name",
                                                                  "status",
                                                                  "visibility",
                                                                  "protected",
                                                                  "owner",
                                                                  "disk_format",
                                                                  "container_format",
                                                                  "size",
                                                                  "virtual_size",
                                                                  "checksum",
                                                                  "os_hash_algo",
                                                                  "os_hash_value",
                                                                  "min_disk",
                                                                  "min_ram",
                                                                  "tags",
                                                                  "locations",
                                                                  "location",
                                                                  "direct_url",
                                                                  "created_at",
                                                                  "updated_at",
                                                                  "file",
                                                                  "schema"};

void check_property_name(const std::string& name) {
  if (std::find(reserved_attributes.begin(), reserved_attributes.end(), name) !=
      reserved_attributes.end()) {
    throw forbidden("Attribute '" + name + "' is reserved.");
  }
}

void check_minimum(std::int64_t value, const char* field) {
  if (value < 0) {
    throw bad_request("Invalid value '" + std::to_string(value) + "' for parameter '" + field +
                      "': Cannot be a negative value");
  }
}

std::int64_t ticks(runtime::TimePoint t) {
  return t.time_since_epoch().count();
}

}  // namespace

ImageService::ImageService(store::Database& db, const runtime::Executor& clock,
                           identity::PolicyEngine& policy, runtime::StorageDriver& storage,
                           ImageConfig config)
    : db_((ensure_image_schema(db), db)),
      clock_(clock),
      policy_(policy),
      storage_(storage),
      config_(std::move(config)),
      ids_(db, "image.ids") {
  policy_.register_defaults(image_rules);
}

std::optional<Image> ImageService::load(const std::string& id) {
  store::Statement& s = db_.cached(
      "SELECT id, name, owner, status, visibility, protected, disk_format, container_format, "
      "size, checksum, os_hash_algo, os_hash_value, min_disk, min_ram, location, created_at, "
      "updated_at FROM image_images WHERE id = ?1");
  s.bind(1, id);
  if (!s.step()) return std::nullopt;
  Image img;
  img.id = s.column_text(0);
  img.name = s.column_text(1);
  img.owner = s.column_text(2);
  img.status = parse_image_status(s.column_text(3));
  img.visibility = parse_visibility(s.column_text(4));
  img.is_protected = s.column_int(5) != 0;
  img.disk_format = s.column_text(6);
  img.container_format = s.column_text(7);
  img.size = s.column_optional_int64(8);
  img.checksum = s.column_text(9);
  img.os_hash_algo = s.column_text(10);
  img.os_hash_value = s.column_text(11);
  img.min_disk = s.column_int64(12);
  img.min_ram = s.column_int64(13);
  img.location = s.column_text(14);
  img.created_at = runtime::TimePoint(runtime::Duration(s.column_int64(15)));
  img.updated_at = runtime::TimePoint(runtime::Duration(s.column_int64(16)));
  s.reset();
  store::Statement& tags = db_.cached("SELECT tag FROM image_tags WHERE image_id = ?1");
  tags.bind(1, id);
  while (tags.step())
    img.tags.insert(tags.column_text(0));
  store::Statement& props =
      db_.cached("SELECT name, value FROM image_properties WHERE image_id = ?1");
  props.bind(1, id);
  while (props.step())
    img.properties.emplace(props.column_text(0), props.column_text(1));
  return img;
}

void ImageService::save(Image& image) {
  image.updated_at = clock_.now();
  store::Savepoint tx(db_);
  db_.cached(
         "INSERT INTO image_images VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, "
         "?13, ?14, ?15, ?16, ?17) ON CONFLICT(id) DO UPDATE SET name = excluded.name, "
         "owner = excluded.owner, status = excluded.status, visibility = excluded.visibility, "
         "protected = excluded.protected, disk_format = excluded.disk_format, "
         "container_format = excluded.container_format, size = excluded.size, "
         "checksum = excluded.checksum, os_hash_algo = excluded.os_hash_algo, "
         "os_hash_value = excluded.os_hash_value, min_disk = excluded.min_disk, "
         "min_ram = excluded.min_ram, location = excluded.location, "
         "updated_at = excluded.updated_at")
      .bind_all(image.id, image.name, image.owner, to_string(image.status),
                to_string(image.visibility), image.is_protected, image.disk_format,
                image.container_format, image.size, image.checksum, image.os_hash_algo,
                image.os_hash_value, image.min_disk, image.min_ram, image.location,
                ticks(image.created_at), ticks(image.updated_at))
      .execute();
  db_.cached("DELETE FROM image_tags WHERE image_id = ?1").bind(1, image.id).execute();
  for (const std::string& tag : image.tags) {
    db_.cached("INSERT INTO image_tags VALUES (?1, ?2)").bind_all(image.id, tag).execute();
  }
  db_.cached("DELETE FROM image_properties WHERE image_id = ?1").bind(1, image.id).execute();
  for (const auto& [name, value] : image.properties) {
    db_.cached("INSERT INTO image_properties VALUES (?1, ?2, ?3)")
        .bind_all(image.id, name, value)
        .execute();
  }
  tx.commit();
}

void ImageService::set_status(Image& image, ImageStatus status) {
  check_transition(image.status, status);
  if (image.status == ImageStatus::queued &&
      (status == ImageStatus::saving || status == ImageStatus::active)) {
    std::vector<std::string> missing;
    if (image.disk_format.empty()) missing.emplace_back("disk_format");
    if (image.container_format.empty()) missing.emplace_back("container_format");
    if (missing.size() == 1) {
      throw bad_request("Property " + missing[0] + " must be set prior to saving data.");
    }
    if (missing.size() == 2) {
      throw bad_request(
          "Properties disk_format, container_format must be set prior to saving "
          "data.");
    }
  }
  if (status == ImageStatus::queued) image.size.reset();
  image.status = status;
}

std::optional<MemberStatus> ImageService::membership(const std::string& image_id,
                                                     const std::string& project_id) {
  store::Statement& s =
      db_.cached("SELECT status FROM image_members WHERE image_id = ?1 AND member_id = ?2");
  s.bind(1, image_id).bind(2, project_id);
  std::optional<MemberStatus> status;
  if (s.step()) status = parse_member_status(s.column_text(0));
  s.reset();
  return status;
}

bool ImageService::can_see(const identity::RequestContext& ctx, const Image& image) {
  if (image.status == ImageStatus::deleted) return false;
  if (policy_.is_admin(ctx) || image.owner == ctx.project_id) return true;
  switch (image.visibility) {
    case Visibility::public_:
    case Visibility::community:
      return true;
    case Visibility::shared:
      return membership(image.id, ctx.project_id).has_value();
    case Visibility::private_:
      return false;
  }
  return false;
}

void ImageService::enforce(const std::string& action, const identity::RequestContext& ctx,
                           const Image& image) {
  policy_.enforce(action, ctx, {{"project_id", image.owner}, {"image_id", image.id}});
}

Image ImageService::create(const identity::RequestContext& ctx, const ImageCreate& request) {
  Image img;
  img.owner = request.owner.value_or(ctx.project_id);
  policy_.enforce("image:add_image", ctx, {{"project_id", img.owner}});
  if (request.visibility == Visibility::public_) policy_.enforce("image:publicize_image", ctx);
  if (!request.disk_format.empty()) validate_disk_format(request.disk_format);
  if (!request.container_format.empty()) validate_container_format(request.container_format);
  check_minimum(request.min_disk, "min_disk");
  check_minimum(request.min_ram, "min_ram");
  for (const auto& [name, value] : request.properties)
    check_property_name(name);
  img.id = request.id
               ? *request.id
               : runtime::Uuid::at(config_.id_seed, static_cast<std::uint64_t>(ids_.next())).str();
  if (load(img.id)) throw conflict("An image with identifier " + img.id + " already exists");
  img.name = request.name;
  img.disk_format = request.disk_format;
  img.container_format = request.container_format;
  img.visibility = request.visibility;
  img.is_protected = request.is_protected;
  img.min_disk = request.min_disk;
  img.min_ram = request.min_ram;
  img.tags = request.tags;
  img.properties = request.properties;
  img.created_at = clock_.now();
  save(img);
  return img;
}

Image ImageService::get(const identity::RequestContext& ctx, const std::string& id) {
  std::optional<Image> img = load(id);
  if (!img || !can_see(ctx, *img)) throw image_not_found(id);
  return *img;
}

std::vector<Image> ImageService::list(const identity::RequestContext& ctx,
                                      const ImageFilters& filters) {
  std::vector<std::string> ids;
  store::Statement& s =
      db_.cached("SELECT id FROM image_images WHERE status != 'deleted' ORDER BY created_at, id");
  while (s.step())
    ids.push_back(s.column_text(0));
  const bool admin = policy_.is_admin(ctx);
  std::vector<Image> out;
  for (const std::string& id : ids) {
    Image img = *load(id);
    if (filters.status && img.status != *filters.status) continue;
    if (filters.name && img.name != *filters.name) continue;
    if (filters.tag && !img.tags.contains(*filters.tag)) continue;
    if (filters.visibility && img.visibility != *filters.visibility) continue;
    if (!can_see(ctx, img)) continue;
    if (!filters.visibility && img.visibility == Visibility::community &&
        img.owner != ctx.project_id) {
      continue;  // community images are listed only on request
    }
    if (!admin && img.owner != ctx.project_id && img.visibility == Visibility::shared &&
        membership(img.id, ctx.project_id) != filters.member_status) {
      continue;
    }
    out.push_back(std::move(img));
  }
  return out;
}

Image ImageService::update(const identity::RequestContext& ctx, const std::string& id,
                           const ImageUpdate& update) {
  Image img = get(ctx, id);
  enforce("image:modify_image", ctx, img);
  if (update.visibility && *update.visibility != img.visibility) {
    if (*update.visibility == Visibility::public_) enforce("image:publicize_image", ctx, img);
    if (*update.visibility == Visibility::community) enforce("image:communitize_image", ctx, img);
    img.visibility = *update.visibility;
  }
  if (update.name) img.name = *update.name;
  if (update.is_protected) img.is_protected = *update.is_protected;
  if (update.min_disk) {
    check_minimum(*update.min_disk, "min_disk");
    img.min_disk = *update.min_disk;
  }
  if (update.min_ram) {
    check_minimum(*update.min_ram, "min_ram");
    img.min_ram = *update.min_ram;
  }
  if (update.disk_format || update.container_format) {
    if (img.status != ImageStatus::queued) {
      throw forbidden(std::string("Attribute ") +
                      (update.disk_format ? "disk_format" : "container_format") +
                      " can be only replaced for a queued image.");
    }
    if (update.disk_format) {
      validate_disk_format(*update.disk_format);
      img.disk_format = *update.disk_format;
    }
    if (update.container_format) {
      validate_container_format(*update.container_format);
      img.container_format = *update.container_format;
    }
  }
  for (const auto& [name, value] : update.set_properties) {
    check_property_name(name);
    img.properties[name] = value;
  }
  for (const std::string& name : update.remove_properties) {
    if (img.properties.erase(name) == 0) {
      throw conflict("Property " + name + " does not exist.");
    }
  }
  save(img);
  return img;
}

Image ImageService::add_tag(const identity::RequestContext& ctx, const std::string& id,
                            const std::string& tag) {
  Image img = get(ctx, id);
  enforce("image:modify_image", ctx, img);
  if (tag.empty() || tag.size() > 255) throw bad_request("Invalid tag: '" + tag + "'");
  img.tags.insert(tag);
  save(img);
  return img;
}

Image ImageService::remove_tag(const identity::RequestContext& ctx, const std::string& id,
                               const std::string& tag) {
  Image img = get(ctx, id);
  enforce("image:modify_image", ctx, img);
  if (img.tags.erase(tag) == 0) {
    throw ServiceError("NotFound", 404, "Tag " + tag + " not found on image " + id);
  }
  save(img);
  return img;
}

void ImageService::delete_image(const identity::RequestContext& ctx, const std::string& id) {
  Image img = get(ctx, id);
  enforce("image:delete_image", ctx, img);
  if (img.is_protected) {
    throw ServiceError("ProtectedImageDelete", 403,
                       "Image " + id + " is protected and cannot be deleted.");
  }
  set_status(img, ImageStatus::deleted);
  save(img);
}

Image ImageService::deactivate(const identity::RequestContext& ctx, const std::string& id) {
  Image img = get(ctx, id);
  enforce("image:deactivate", ctx, img);
  if (img.status == ImageStatus::deactivated) return img;
  if (img.status != ImageStatus::active) {
    throw forbidden("Not allowed to deactivate image in status '" +
                    std::string(to_string(img.status)) + "'");
  }
  set_status(img, ImageStatus::deactivated);
  save(img);
  return img;
}

Image ImageService::reactivate(const identity::RequestContext& ctx, const std::string& id) {
  Image img = get(ctx, id);
  enforce("image:reactivate", ctx, img);
  if (img.status == ImageStatus::active) return img;
  if (img.status != ImageStatus::deactivated) {
    throw forbidden("Not allowed to reactivate image in status '" +
                    std::string(to_string(img.status)) + "'");
  }
  set_status(img, ImageStatus::active);
  save(img);
  return img;
}

runtime::Task<Image> ImageService::upload(identity::RequestContext ctx, std::string id,
                                          ImageData data, std::string source,
                                          std::optional<std::int64_t> expected_size) {
  Image img = get(ctx, id);
  enforce("image:upload_image", ctx, img);
  set_status(img, ImageStatus::saving);
  save(img);

  try {
    // A named spec, not a temporary: GCC 12 destroys temporaries in a co_await operand twice.
    runtime::TransferSpec spec{source, config_.store_endpoint, data.size(),
                               runtime::TransferKind::image_upload, 0};
    co_await storage_.transfer(std::move(spec));
  } catch (...) {
    // Glance v2 restores the image to queued so that the upload can be retried.
    if (std::optional<Image> now = load(id); now && now->status == ImageStatus::saving) {
      set_status(*now, ImageStatus::queued);
      save(*now);
    }
    throw;
  }
  const ImageDigest digest = co_await runtime::blocking([&data] { return data.digest(); });

  std::optional<Image> now = load(id);
  if (!now || now->status != ImageStatus::saving) {
    throw conflict("Image " + id +
                   " could not be found after upload. The image may have been deleted during the "
                   "upload.");
  }
  img = *now;
  if (expected_size && *expected_size != digest.size) {
    set_status(img, ImageStatus::killed);
    save(img);
    throw bad_request("Size of uploaded data (" + std::to_string(digest.size) +
                      ") does not match the expected size (" + std::to_string(*expected_size) +
                      ")");
  }
  set_status(img, ImageStatus::active);
  img.size = digest.size;
  img.checksum = digest.md5;
  img.os_hash_algo = "sha512";
  img.os_hash_value = digest.sha512;
  img.location = config_.store_endpoint + "/" + id;
  save(img);
  co_return img;
}

Image ImageService::add_location(const identity::RequestContext& ctx, const std::string& id,
                                 const ImageLocation& location) {
  Image img = get(ctx, id);
  enforce("image:set_image_location", ctx, img);
  if (location.url.empty()) throw bad_request("Invalid location: the url is empty");
  if (location.size < 0) throw bad_request("Invalid location: negative size");
  if (location.checksum.size() != 32 || location.os_hash_value.size() != 128) {
    throw bad_request(
        "Invalid validation data: checksum must be 32 and os_hash_value 128 hex digits");
  }
  set_status(img, ImageStatus::active);
  img.size = location.size;
  img.checksum = location.checksum;
  img.os_hash_algo = "sha512";
  img.os_hash_value = location.os_hash_value;
  img.location = location.url;
  save(img);
  return img;
}

ImageMember ImageService::add_member(const identity::RequestContext& ctx,
                                     const std::string& image_id, const std::string& member_id) {
  Image img = get(ctx, image_id);
  enforce("image:add_member", ctx, img);
  if (img.visibility != Visibility::shared) throw forbidden("Only shared images have members.");
  if (membership(image_id, member_id)) {
    throw conflict("The target member " + member_id + " is already associated with image " +
                   image_id + ".");
  }
  db_.cached("INSERT INTO image_members VALUES (?1, ?2, 'pending')")
      .bind_all(image_id, member_id)
      .execute();
  return {image_id, member_id, MemberStatus::pending};
}

ImageMember ImageService::update_member(const identity::RequestContext& ctx,
                                        const std::string& image_id, const std::string& member_id,
                                        MemberStatus status) {
  Image img = get(ctx, image_id);
  if (!membership(image_id, member_id)) {
    throw ServiceError("NotFound", 404,
                       "The specified member " + member_id + " could not be found");
  }
  policy_.enforce("image:modify_member", ctx,
                  {{"project_id", img.owner}, {"member_id", member_id}});
  db_.cached("UPDATE image_members SET status = ?3 WHERE image_id = ?1 AND member_id = ?2")
      .bind_all(image_id, member_id, to_string(status))
      .execute();
  return {image_id, member_id, status};
}

void ImageService::remove_member(const identity::RequestContext& ctx, const std::string& image_id,
                                 const std::string& member_id) {
  Image img = get(ctx, image_id);
  enforce("image:delete_member", ctx, img);
  store::Statement& s =
      db_.cached("DELETE FROM image_members WHERE image_id = ?1 AND member_id = ?2");
  if (s.bind_all(image_id, member_id).execute() == 0) {
    throw ServiceError("NotFound", 404,
                       "The specified member " + member_id + " could not be found");
  }
}

std::vector<ImageMember> ImageService::list_members(const identity::RequestContext& ctx,
                                                    const std::string& image_id) {
  const Image img = get(ctx, image_id);
  if (img.visibility != Visibility::shared) throw forbidden("Only shared images have members.");
  const bool owner_view = policy_.is_admin(ctx) || img.owner == ctx.project_id;
  store::Statement& s = db_.cached(
      "SELECT member_id, status FROM image_members WHERE image_id = ?1 ORDER BY member_id");
  s.bind(1, image_id);
  std::vector<ImageMember> out;
  while (s.step()) {
    ImageMember m{image_id, s.column_text(0), parse_member_status(s.column_text(1))};
    // A member sees only its own membership.
    if (owner_view || m.member_id == ctx.project_id) out.push_back(std::move(m));
  }
  return out;
}

}  // namespace stacksim::image
