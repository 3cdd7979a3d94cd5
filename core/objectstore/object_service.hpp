#pragma once
// Swift's accounts, containers and objects as its proxy, account, container and object servers
// keep them together: records in SQLite (metadata, content type, ETag = md5 of the bytes, size,
// last modified; the bytes themselves in the database) and every object PUT placed by the object
// ring through ObjectController: the partition and devices written are recorded, the data moves
// from the proxy host to those devices' hosts through the StorageDriver, and a PUT without a
// quorum of stored replicas fails 503 as Swift's does. GETs read from the first node that answers.
// Account and container records are placed by their rings when the cluster has them. Accounts are
// created on first use (account_autocreate, as with keystoneauth). Errors are ServiceErrors with
// Swift's status and explanation (swift_error.hpp). Callers are trusted: access control (which
// token reaches which account) belongs to the API.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/objectstore/object_cluster.hpp"
#include "core/objectstore/object_listing.hpp"
#include "core/runtime/executor.hpp"
#include "core/runtime/task.hpp"
#include "core/store/database.hpp"

namespace stacksim::objectstore {

/// User metadata by header name as Swift stores it ("X-Object-Meta-Color" -> "blue").
using Metadata = std::map<std::string, std::string>;

struct AccountInfo {
  std::string name;
  runtime::TimePoint created_at{};
  Metadata metadata;
  std::int64_t container_count = 0;
  std::int64_t object_count = 0;
  std::int64_t bytes_used = 0;
  std::optional<StoredPlacement> placement;  // by the account ring, once the account is stored
};

struct ContainerInfo {
  std::string account;
  std::string name;
  runtime::TimePoint created_at{};
  runtime::TimePoint modified_at{};
  Metadata metadata;
  std::int64_t object_count = 0;
  std::int64_t bytes_used = 0;
  std::optional<StoredPlacement> placement;  // by the container ring
};

struct ObjectInfo {
  std::string account;
  std::string container;
  std::string name;
  std::string content_type;
  std::string etag;  // md5 hex of the bytes
  std::int64_t size = 0;
  runtime::TimePoint modified_at{};
  Metadata metadata;
  StoredPlacement placement;  // by the object ring
};

struct ObjectPut {
  ObjectPath path;
  std::string content_type;
  Metadata metadata;
  std::string data;
  std::optional<std::string> expected_etag;  // ETag request header: 422 when it differs
  bool if_none_match_any = false;            // If-None-Match: *: 412 when the object exists
};

/// What a copy changes (X-Copy-From / COPY): metadata given here is added to the source's, unless
/// fresh_metadata, when it replaces it.
struct ObjectCopy {
  ObjectPath source;
  ObjectPath destination;
  std::optional<std::string> content_type;
  Metadata metadata;
  bool fresh_metadata = false;
};

/// A metadata update (POST): empty values remove keys, as Swift's X-Remove-*-Meta-* do.
using MetadataUpdate = std::map<std::string, std::string>;

class ObjectService {
 public:
  /// std::invalid_argument if the cluster has no object ring.
  ObjectService(store::Database& db, runtime::Executor& executor, ObjectCluster cluster);

  [[nodiscard]] ObjectCluster& cluster() noexcept { return cluster_; }

  // Accounts (always present: an account not stored yet shows zero counts).
  [[nodiscard]] AccountInfo account(const std::string& account) const;
  void update_account_metadata(const std::string& account, const MetadataUpdate& update);
  [[nodiscard]] std::vector<ListingEntry<ContainerInfo>> list_containers(
      const std::string& account, const ListingQuery& query) const;

  // Containers.
  /// Creates the container (true) or updates its metadata when it exists (false).
  bool put_container(const std::string& account, const std::string& container,
                     const MetadataUpdate& metadata);
  [[nodiscard]] ContainerInfo container(const std::string& account,
                                        const std::string& container) const;
  void update_container_metadata(const std::string& account, const std::string& container,
                                 const MetadataUpdate& update);
  /// 404 when missing, 409 when it still holds objects.
  void delete_container(const std::string& account, const std::string& container);
  [[nodiscard]] std::vector<ListingEntry<ObjectInfo>> list_objects(const std::string& account,
                                                                   const std::string& container,
                                                                   const ListingQuery& query) const;

  // Objects.
  runtime::Task<ObjectInfo> put_object(ObjectPut put);
  [[nodiscard]] ObjectInfo object(const ObjectPath& path) const;
  /// Bytes [offset, offset + length) of the object, read through the first object server that
  /// answers (503 when none does).
  runtime::Task<std::string> read_object(ObjectPath path, std::int64_t offset, std::int64_t length);
  /// Replaces the object's user metadata (and content type when given), as Swift's POST does.
  void post_object(const ObjectPath& path, const Metadata& metadata,
                   const std::optional<std::string>& content_type);
  void delete_object(const ObjectPath& path);
  /// The proxy reads the source and writes the destination (a PUT with its quorum).
  runtime::Task<ObjectInfo> copy_object(ObjectCopy copy);

 private:
  [[nodiscard]] std::optional<std::int64_t> container_id(const std::string& account,
                                                         const std::string& container) const;
  [[nodiscard]] std::int64_t require_container(const std::string& account,
                                               const std::string& container) const;
  void ensure_account(const std::string& account);
  runtime::Task<StoredPlacement> write_replicas(ObjectPath path, std::int64_t bytes);

  store::Database& db_;
  runtime::Executor& executor_;
  ObjectCluster cluster_;
};

}  // namespace stacksim::objectstore
