#pragma once
// Glance for stacksim: image records and their data. Every call takes the caller's RequestContext:
// images the caller may not see are "not found", changes need the owner or an admin (policy rules
// "image:*"). Uploading moves the data to the image store with the backend's StorageDriver
// (a data transfer of `size` bytes) and hashes it (MD5 checksum, SHA-512 os_hash).

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/identity/policy_engine.hpp"
#include "core/identity/request_context.hpp"
#include "core/image/image.hpp"
#include "core/image/image_data.hpp"
#include "core/runtime/executor.hpp"
#include "core/runtime/storage_driver.hpp"
#include "core/runtime/task.hpp"
#include "core/store/database.hpp"
#include "core/store/sequence.hpp"

namespace stacksim::image {

struct ImageConfig {
  /// The StorageDriver endpoint of the image store (Glance's default backend).
  std::string store_endpoint = "glance-store";
  std::uint64_t id_seed = 2;
};

struct ImageCreate {
  std::string name;
  std::optional<std::string> id;     // a caller-chosen UUID, as Glance allows
  std::optional<std::string> owner;  // admins may create for another project
  std::string disk_format;           // may stay empty until the upload
  std::string container_format;
  Visibility visibility = Visibility::shared;
  bool is_protected = false;
  std::int64_t min_disk = 0;
  std::int64_t min_ram = 0;
  std::set<std::string> tags;
  std::map<std::string, std::string> properties;
};

struct ImageUpdate {
  std::optional<std::string> name;
  std::optional<Visibility> visibility;
  std::optional<bool> is_protected;
  std::optional<std::int64_t> min_disk;
  std::optional<std::int64_t> min_ram;
  std::optional<std::string> disk_format;       // only while queued
  std::optional<std::string> container_format;  // only while queued
  std::map<std::string, std::string> set_properties;
  std::vector<std::string> remove_properties;
};

/// List filters. Without `visibility` the list is Glance's default: public images, the caller's
/// own, and shared images the caller's project accepted (`member_status`); community images only
/// when asked for. Admins see every image except community ones by default.
struct ImageFilters {
  std::optional<Visibility> visibility;
  std::optional<ImageStatus> status;
  std::optional<std::string> name;
  std::optional<std::string> tag;
  MemberStatus member_status = MemberStatus::accepted;
};

/// Data already in a store, registered with its validation data (Glance's add-location with
/// validation_data): the image goes straight from queued to active without an upload.
struct ImageLocation {
  std::string url;
  std::int64_t size = 0;
  std::string checksum;       // MD5 hex
  std::string os_hash_value;  // SHA-512 hex
};

class ImageService {
 public:
  ImageService(store::Database& db, const runtime::Executor& clock, identity::PolicyEngine& policy,
               runtime::StorageDriver& storage, ImageConfig config = {});

  Image create(const identity::RequestContext& ctx, const ImageCreate& request);
  /// The image if the caller may see it; ImageNotFound otherwise (also once deleted).
  [[nodiscard]] Image get(const identity::RequestContext& ctx, const std::string& id);
  [[nodiscard]] std::vector<Image> list(const identity::RequestContext& ctx,
                                        const ImageFilters& filters = {});
  Image update(const identity::RequestContext& ctx, const std::string& id,
               const ImageUpdate& update);
  Image add_tag(const identity::RequestContext& ctx, const std::string& id, const std::string& tag);
  Image remove_tag(const identity::RequestContext& ctx, const std::string& id,
                   const std::string& tag);
  /// Protected images cannot be deleted (ProtectedImageDelete, 403).
  void delete_image(const identity::RequestContext& ctx, const std::string& id);
  /// Admin only: active <-> deactivated (a deactivated image cannot be booted).
  Image deactivate(const identity::RequestContext& ctx, const std::string& id);
  Image reactivate(const identity::RequestContext& ctx, const std::string& id);

  /// queued -> saving -> active: transfers data.size() bytes from `source` to the image store and
  /// hashes the data. A failed transfer restores the image to queued (Glance v2), so the upload can
  /// be retried; data whose size differs from `expected_size` kills the image.
  runtime::Task<Image> upload(identity::RequestContext ctx, std::string id, ImageData data,
                              std::string source,
                              std::optional<std::int64_t> expected_size = std::nullopt);
  /// queued -> active for data already in a store (see ImageLocation).
  Image add_location(const identity::RequestContext& ctx, const std::string& id,
                     const ImageLocation& location);

  // Members of shared images: the owner adds and removes them, each member accepts or rejects.
  ImageMember add_member(const identity::RequestContext& ctx, const std::string& image_id,
                         const std::string& member_id);
  ImageMember update_member(const identity::RequestContext& ctx, const std::string& image_id,
                            const std::string& member_id, MemberStatus status);
  void remove_member(const identity::RequestContext& ctx, const std::string& image_id,
                     const std::string& member_id);
  [[nodiscard]] std::vector<ImageMember> list_members(const identity::RequestContext& ctx,
                                                      const std::string& image_id);

  [[nodiscard]] const ImageConfig& config() const noexcept { return config_; }

 private:
  [[nodiscard]] std::optional<Image> load(const std::string& id);
  void save(Image& image);
  void set_status(Image& image, ImageStatus status);
  [[nodiscard]] bool can_see(const identity::RequestContext& ctx, const Image& image);
  void enforce(const std::string& action, const identity::RequestContext& ctx, const Image& image);
  [[nodiscard]] std::optional<MemberStatus> membership(const std::string& image_id,
                                                       const std::string& project_id);

  store::Database& db_;
  const runtime::Executor& clock_;
  identity::PolicyEngine& policy_;
  runtime::StorageDriver& storage_;
  ImageConfig config_;
  store::Sequence ids_;
};

}  // namespace stacksim::image
