#include "core/image/image_schema.hpp"

#include <vector>

#include "core/store/migrations.hpp"

namespace stacksim::image {
namespace {

const std::vector<store::Migration> migrations = {
    {1, "images, tags, properties, members",
     R"sql(
CREATE TABLE image_images (
  id TEXT PRIMARY KEY, name TEXT NOT NULL, owner TEXT NOT NULL, status TEXT NOT NULL,
  visibility TEXT NOT NULL, protected INTEGER NOT NULL, disk_format TEXT NOT NULL,
  container_format TEXT NOT NULL, size INTEGER, checksum TEXT NOT NULL,
  os_hash_algo TEXT NOT NULL, os_hash_value TEXT NOT NULL, min_disk INTEGER NOT NULL,
  min_ram INTEGER NOT NULL, location TEXT NOT NULL, created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL);
CREATE TABLE image_tags (
  image_id TEXT NOT NULL REFERENCES image_images(id) ON DELETE CASCADE, tag TEXT NOT NULL,
  PRIMARY KEY (image_id, tag));
CREATE TABLE image_properties (
  image_id TEXT NOT NULL REFERENCES image_images(id) ON DELETE CASCADE, name TEXT NOT NULL,
  value TEXT NOT NULL, PRIMARY KEY (image_id, name));
CREATE TABLE image_members (
  image_id TEXT NOT NULL REFERENCES image_images(id) ON DELETE CASCADE,
  member_id TEXT NOT NULL, status TEXT NOT NULL, PRIMARY KEY (image_id, member_id));
CREATE INDEX image_members_member ON image_members(member_id);
)sql"},
    {2, "per-host image cache",
     R"sql(
CREATE TABLE image_cache (
  host TEXT NOT NULL, image_id TEXT NOT NULL, size INTEGER NOT NULL, fetched_at INTEGER NOT NULL,
  last_used INTEGER NOT NULL, hits INTEGER NOT NULL, PRIMARY KEY (host, image_id));
)sql"},
};

}  // namespace

void ensure_image_schema(store::Database& db) {
  store::migrate(db, "image", migrations);
}

}  // namespace stacksim::image
