#include "core/objectstore/object_service.hpp"

#include <stdexcept>
#include <utility>

#include <nlohmann/json.hpp>

#include "core/objectstore/digest.hpp"
#include "core/objectstore/object_service_schema.hpp"
#include "core/objectstore/swift_error.hpp"
#include "core/store/transaction.hpp"

namespace stacksim::objectstore {
namespace {

std::string metadata_text(const Metadata& metadata) {
  return nlohmann::json(metadata).dump();
}

Metadata parse_metadata(const std::string& text) {
  return nlohmann::json::parse(text).get<Metadata>();
}

void apply(Metadata& metadata, const MetadataUpdate& update) {
  for (const auto& [key, value] : update) {
    if (value.empty()) {
      metadata.erase(key);
    } else {
      metadata[key] = value;
    }
  }
}

std::string devices_text(const std::vector<int>& devices) {
  std::string out;
  for (int id : devices) {
    if (!out.empty()) out.push_back(',');
    out += std::to_string(id);
  }
  return out;
}

StoredPlacement read_placement(const store::Statement& s, int partition_column) {
  StoredPlacement p;
  p.partition = static_cast<std::uint32_t>(s.column_int64(partition_column));
  const std::string devices = s.column_text(partition_column + 1);
  std::size_t start = 0;
  while (start < devices.size()) {
    std::size_t comma = devices.find(',', start);
    if (comma == std::string::npos) comma = devices.size();
    p.devices.push_back(std::stoi(devices.substr(start, comma - start)));
    start = comma + 1;
  }
  return p;
}

std::optional<StoredPlacement> read_optional_placement(const store::Statement& s, int column) {
  if (s.is_null(column)) return std::nullopt;
  return read_placement(s, column);
}

void bind_placement(store::Statement& s, int column, const std::optional<StoredPlacement>& p) {
  if (p) {
    s.bind(column, static_cast<std::int64_t>(p->partition));
    s.bind(column + 1, devices_text(p->devices));
  } else {
    s.bind(column, std::nullopt);
    s.bind(column + 1, std::nullopt);
  }
}

runtime::TimePoint time_at(const store::Statement& s, int column) {
  return runtime::TimePoint{runtime::Duration{s.column_int64(column)}};
}

std::int64_t ns(runtime::TimePoint t) {
  return t.time_since_epoch().count();
}

void bind_scan(store::Statement& s, int first, const ListingScan& scan) {
  s.bind(first, scan.after);
  s.bind(first + 1, scan.inclusive);
  s.bind(first + 2, scan.before);
  s.bind(first + 3, static_cast<std::int64_t>(scan.limit));
}

}  // namespace

ObjectService::ObjectService(store::Database& db, runtime::Executor& executor,
                             ObjectCluster cluster)
    : db_(db), executor_(executor), cluster_(std::move(cluster)) {
  if (cluster_.ring("object") == nullptr) {
    throw std::invalid_argument("the object service needs an object ring");
  }
  ensure_object_service_schema(db_);
}

// ---- accounts ----

void ObjectService::ensure_account(const std::string& account) {
  store::Statement& exists = db_.cached("SELECT 1 FROM swift_accounts WHERE name = ?");
  exists.bind(1, account);
  if (exists.step()) return;
  const std::optional<StoredPlacement> placement =
      cluster_.place_record("account", {account, {}, {}});
  store::Statement& insert = db_.cached(
      "INSERT INTO swift_accounts (name, created_at, metadata, partition, devices) "
      "VALUES (?, ?, '{}', ?, ?)");
  insert.bind(1, account).bind(2, ns(executor_.now()));
  bind_placement(insert, 3, placement);
  insert.execute();
}

AccountInfo ObjectService::account(const std::string& account) const {
  AccountInfo info;
  info.name = account;
  info.created_at = executor_.now();
  store::Statement& row = db_.cached(
      "SELECT created_at, metadata, partition, devices FROM swift_accounts WHERE name = ?");
  row.bind(1, account);
  if (row.step()) {
    info.created_at = time_at(row, 0);
    info.metadata = parse_metadata(row.column_text(1));
    info.placement = read_optional_placement(row, 2);
  }
  store::Statement& containers =
      db_.cached("SELECT COUNT(*) FROM swift_containers WHERE account = ?");
  containers.bind(1, account);
  containers.step();
  info.container_count = containers.column_int64(0);
  store::Statement& objects = db_.cached(
      "SELECT COUNT(*), COALESCE(SUM(o.size), 0) FROM swift_objects o "
      "JOIN swift_containers c ON o.container_id = c.id WHERE c.account = ?");
  objects.bind(1, account);
  objects.step();
  info.object_count = objects.column_int64(0);
  info.bytes_used = objects.column_int64(1);
  return info;
}

void ObjectService::update_account_metadata(const std::string& account,
                                            const MetadataUpdate& update) {
  store::Transaction tx(db_);
  ensure_account(account);
  AccountInfo info = this->account(account);
  apply(info.metadata, update);
  db_.cached("UPDATE swift_accounts SET metadata = ? WHERE name = ?")
      .bind_all(metadata_text(info.metadata), account)
      .execute();
  tx.commit();
}

std::vector<ListingEntry<ContainerInfo>> ObjectService::list_containers(
    const std::string& account, const ListingQuery& query) const {
  auto fetch = [&](const ListingScan& scan) {
    store::Statement& s = db_.cached(
        "SELECT c.name, c.created_at, c.modified_at, "
        "(SELECT COUNT(*) FROM swift_objects o WHERE o.container_id = c.id), "
        "(SELECT COALESCE(SUM(o.size), 0) FROM swift_objects o WHERE o.container_id = c.id) "
        "FROM swift_containers c WHERE c.account = ?1 AND c.name >= ?2 AND (?3 OR c.name <> ?2) "
        "AND (?4 = '' OR c.name < ?4) ORDER BY c.name LIMIT ?5");
    s.bind(1, account);
    bind_scan(s, 2, scan);
    std::vector<ContainerInfo> rows;
    while (s.step()) {
      ContainerInfo c;
      c.account = account;
      c.name = s.column_text(0);
      c.created_at = time_at(s, 1);
      c.modified_at = time_at(s, 2);
      c.object_count = s.column_int64(3);
      c.bytes_used = s.column_int64(4);
      rows.push_back(std::move(c));
    }
    return rows;
  };
  return list_with_delimiter<ContainerInfo>(query, fetch);
}

// ---- containers ----

std::optional<std::int64_t> ObjectService::container_id(const std::string& account,
                                                        const std::string& container) const {
  store::Statement& s =
      db_.cached("SELECT id FROM swift_containers WHERE account = ? AND name = ?");
  s.bind(1, account).bind(2, container);
  if (!s.step()) return std::nullopt;
  return s.column_int64(0);
}

std::int64_t ObjectService::require_container(const std::string& account,
                                              const std::string& container) const {
  const std::optional<std::int64_t> id = container_id(account, container);
  if (!id) throw swift_error(404);
  return *id;
}

bool ObjectService::put_container(const std::string& account, const std::string& container,
                                  const MetadataUpdate& metadata) {
  if (container_id(account, container)) {
    update_container_metadata(account, container, metadata);
    return false;
  }
  const std::optional<StoredPlacement> placement =
      cluster_.place_record("container", {account, container, {}});
  store::Transaction tx(db_);
  ensure_account(account);
  Metadata stored;
  apply(stored, metadata);
  const std::int64_t now = ns(executor_.now());
  store::Statement& insert = db_.cached(
      "INSERT INTO swift_containers (account, name, created_at, modified_at, metadata, partition, "
      "devices) VALUES (?, ?, ?, ?, ?, ?, ?)");
  insert.bind_all(account, container, now, now, metadata_text(stored));
  bind_placement(insert, 6, placement);
  insert.execute();
  tx.commit();
  return true;
}

ContainerInfo ObjectService::container(const std::string& account,
                                       const std::string& container) const {
  store::Statement& s = db_.cached(
      "SELECT id, created_at, modified_at, metadata, partition, devices FROM swift_containers "
      "WHERE account = ? AND name = ?");
  s.bind(1, account).bind(2, container);
  if (!s.step()) throw swift_error(404);
  ContainerInfo info;
  info.account = account;
  info.name = container;
  const std::int64_t id = s.column_int64(0);
  info.created_at = time_at(s, 1);
  info.modified_at = time_at(s, 2);
  info.metadata = parse_metadata(s.column_text(3));
  info.placement = read_optional_placement(s, 4);
  store::Statement& stats = db_.cached(
      "SELECT COUNT(*), COALESCE(SUM(size), 0) FROM swift_objects WHERE container_id = ?");
  stats.bind(1, id);
  stats.step();
  info.object_count = stats.column_int64(0);
  info.bytes_used = stats.column_int64(1);
  return info;
}

void ObjectService::update_container_metadata(const std::string& account,
                                              const std::string& container,
                                              const MetadataUpdate& update) {
  ContainerInfo info = this->container(account, container);
  apply(info.metadata, update);
  db_.cached(
         "UPDATE swift_containers SET metadata = ?, modified_at = ? WHERE account = ? AND name = ?")
      .bind_all(metadata_text(info.metadata), ns(executor_.now()), account, container)
      .execute();
}

void ObjectService::delete_container(const std::string& account, const std::string& container) {
  const std::int64_t id = require_container(account, container);
  store::Statement& any = db_.cached("SELECT 1 FROM swift_objects WHERE container_id = ? LIMIT 1");
  any.bind(1, id);
  if (any.step()) throw swift_error(409);
  db_.cached("DELETE FROM swift_containers WHERE id = ?").bind(1, id).execute();
}

std::vector<ListingEntry<ObjectInfo>> ObjectService::list_objects(const std::string& account,
                                                                  const std::string& container,
                                                                  const ListingQuery& query) const {
  const std::int64_t id = require_container(account, container);
  auto fetch = [&](const ListingScan& scan) {
    store::Statement& s = db_.cached(
        "SELECT name, content_type, etag, size, modified_at, partition, devices FROM swift_objects "
        "WHERE container_id = ?1 AND name >= ?2 AND (?3 OR name <> ?2) AND (?4 = '' OR name < ?4) "
        "ORDER BY name LIMIT ?5");
    s.bind(1, id);
    bind_scan(s, 2, scan);
    std::vector<ObjectInfo> rows;
    while (s.step()) {
      ObjectInfo o;
      o.account = account;
      o.container = container;
      o.name = s.column_text(0);
      o.content_type = s.column_text(1);
      o.etag = s.column_text(2);
      o.size = s.column_int64(3);
      o.modified_at = time_at(s, 4);
      o.placement = read_placement(s, 5);
      rows.push_back(std::move(o));
    }
    return rows;
  };
  return list_with_delimiter<ObjectInfo>(query, fetch);
}

// ---- objects ----

runtime::Task<StoredPlacement> ObjectService::write_replicas(ObjectPath path, std::int64_t bytes) {
  const ObjectController controller = cluster_.controller("object");
  runtime::StorageDriver* storage = cluster_.storage();
  if (storage == nullptr) {
    // No backend to move bytes through: the placement alone decides the quorum.
    co_return *cluster_.place_record("object", path);
  }
  std::string proxy = cluster_.proxy_host();
  const PutResult result = co_await controller.put(*storage, std::move(proxy), path, bytes);
  if (result.status != 201) throw swift_error(503);
  co_return StoredPlacement{result.placement.partition, device_ids(result.placement.nodes)};
}

runtime::Task<ObjectInfo> ObjectService::put_object(ObjectPut put) {
  const ObjectPath path = put.path;
  const std::int64_t existing_id = require_container(path.account, path.container);
  if (put.if_none_match_any) {
    store::Statement& exists =
        db_.cached("SELECT 1 FROM swift_objects WHERE container_id = ? AND name = ?");
    exists.bind(1, existing_id).bind(2, path.object);
    if (exists.step()) throw swift_error(412);
  }
  ObjectInfo info;
  info.account = path.account;
  info.container = path.container;
  info.name = path.object;
  info.content_type = std::move(put.content_type);
  info.metadata = std::move(put.metadata);
  info.etag = md5_hex(put.data);
  info.size = static_cast<std::int64_t>(put.data.size());
  if (put.expected_etag && *put.expected_etag != info.etag) throw swift_error(422);

  info.placement = co_await write_replicas(path, info.size);
  // The container may have gone while the replicas were written.
  const std::int64_t id = require_container(path.account, path.container);
  info.modified_at = executor_.now();
  store::Statement& insert = db_.cached(
      "INSERT OR REPLACE INTO swift_objects (container_id, name, content_type, etag, size, "
      "modified_at, metadata, data, partition, devices) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  insert.bind_all(id, info.name, info.content_type, info.etag, info.size, ns(info.modified_at),
                  metadata_text(info.metadata));
  insert.bind_blob(8, put.data.data(), put.data.size());
  bind_placement(insert, 9, info.placement);
  insert.execute();
  co_return info;
}

ObjectInfo ObjectService::object(const ObjectPath& path) const {
  const std::int64_t id = require_container(path.account, path.container);
  store::Statement& s = db_.cached(
      "SELECT content_type, etag, size, modified_at, metadata, partition, devices "
      "FROM swift_objects WHERE container_id = ? AND name = ?");
  s.bind(1, id).bind(2, path.object);
  if (!s.step()) throw swift_error(404);
  ObjectInfo info;
  info.account = path.account;
  info.container = path.container;
  info.name = path.object;
  info.content_type = s.column_text(0);
  info.etag = s.column_text(1);
  info.size = s.column_int64(2);
  info.modified_at = time_at(s, 3);
  info.metadata = parse_metadata(s.column_text(4));
  info.placement = read_placement(s, 5);
  return info;
}

runtime::Task<std::string> ObjectService::read_object(ObjectPath path, std::int64_t offset,
                                                      std::int64_t length) {
  const ObjectInfo info = object(path);
  if (offset < 0 || length < 0 || offset + length > info.size) {
    throw std::out_of_range("read_object: range outside the object");
  }
  if (runtime::StorageDriver* storage = cluster_.storage()) {
    const ObjectController controller = cluster_.controller("object");
    std::string proxy = cluster_.proxy_host();
    const GetResult read = co_await controller.get(*storage, std::move(proxy), path, length);
    if (read.status != 200) throw swift_error(503);
  }
  // The object may have been replaced or deleted while it was read: serve what is stored now.
  const std::int64_t id = require_container(path.account, path.container);
  store::Statement& s = db_.cached(
      "SELECT substr(data, ?, ?) FROM swift_objects WHERE container_id = ? AND name = ?");
  s.bind_all(offset + 1, length, id, path.object);
  if (!s.step()) throw swift_error(404);
  const std::vector<unsigned char> bytes = s.column_blob(0);
  co_return std::string(bytes.begin(), bytes.end());
}

void ObjectService::post_object(const ObjectPath& path, const Metadata& metadata,
                                const std::optional<std::string>& content_type) {
  const ObjectInfo info = object(path);
  const std::int64_t id = require_container(path.account, path.container);
  db_.cached(
         "UPDATE swift_objects SET metadata = ?, content_type = ?, modified_at = ? "
         "WHERE container_id = ? AND name = ?")
      .bind_all(metadata_text(metadata), content_type.value_or(info.content_type),
                ns(executor_.now()), id, path.object)
      .execute();
}

void ObjectService::delete_object(const ObjectPath& path) {
  const std::int64_t id = require_container(path.account, path.container);
  db_.cached("DELETE FROM swift_objects WHERE container_id = ? AND name = ?")
      .bind_all(id, path.object)
      .execute();
  if (db_.changes() == 0) throw swift_error(404);
}

runtime::Task<ObjectInfo> ObjectService::copy_object(ObjectCopy copy) {
  const ObjectInfo source = object(copy.source);
  ObjectPut put;
  put.path = copy.destination;
  put.content_type = copy.content_type.value_or(source.content_type);
  put.metadata = copy.fresh_metadata ? Metadata{} : source.metadata;
  for (auto& [key, value] : copy.metadata)
    put.metadata[key] = value;
  ObjectPath from = copy.source;
  put.data = co_await read_object(std::move(from), 0, source.size);
  ObjectInfo written = co_await put_object(std::move(put));
  co_return written;
}

}  // namespace stacksim::objectstore
