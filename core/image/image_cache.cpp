#include "core/image/image_cache.hpp"

#include "core/image/image_schema.hpp"

namespace stacksim::image {
namespace {

std::int64_t ticks(runtime::TimePoint t) {
  return t.time_since_epoch().count();
}
runtime::TimePoint at(std::int64_t ticks) {
  return runtime::TimePoint(runtime::Duration(ticks));
}

}  // namespace

ImageCache::ImageCache(store::Database& db, runtime::StorageDriver& storage,
                       std::string store_endpoint)
    : db_((ensure_image_schema(db), db)),
      storage_(storage),
      store_endpoint_(std::move(store_endpoint)) {
}

void ImageCache::touch(const std::string& host, const std::string& image_id,
                       runtime::TimePoint now) {
  db_.cached(
         "UPDATE image_cache SET last_used = ?3, hits = hits + 1 WHERE host = ?1 AND "
         "image_id = ?2")
      .bind_all(host, image_id, ticks(now))
      .execute();
}

runtime::Task<CacheFetch> ImageCache::fetch(std::string host, std::string image_id,
                                            std::int64_t size) {
  runtime::Executor& executor = co_await runtime::this_task::executor();
  const runtime::TimePoint start = executor.now();
  if (contains(host, image_id)) {
    touch(host, image_id, start);
    co_return CacheFetch{CacheOutcome::hit, 0, runtime::Duration(0)};
  }
  const auto key = std::make_pair(host, image_id);
  if (auto it = downloads_.find(key); it != downloads_.end()) {
    const std::shared_ptr<Download> pending = it->second;  // keeps the download alive meanwhile
    co_await DownloadAwaiter{pending.get()};
    touch(host, image_id, executor.now());
    co_return CacheFetch{CacheOutcome::joined, 0, executor.now() - start};
  }

  auto download = std::make_shared<Download>();
  downloads_.emplace(key, download);
  runtime::TransferStats stats;
  try {
    // A named spec, not a temporary: GCC 12 destroys temporaries in a co_await operand twice.
    runtime::TransferSpec spec{store_endpoint_, host, size, runtime::TransferKind::image_download,
                               0};
    stats = co_await storage_.transfer(std::move(spec));
  } catch (...) {
    download->error = std::current_exception();
  }
  if (!download->error) {
    const runtime::TimePoint now = executor.now();
    db_.cached(
           "INSERT INTO image_cache VALUES (?1, ?2, ?3, ?4, ?4, 0) ON CONFLICT(host, image_id) "
           "DO UPDATE SET last_used = excluded.last_used")
        .bind_all(host, image_id, size, ticks(now))
        .execute();
  }
  downloads_.erase(key);
  download->done = true;
  for (std::coroutine_handle<> waiter : download->waiters) {
    executor.post([waiter] { waiter.resume(); });
  }
  if (download->error) std::rethrow_exception(download->error);
  co_return CacheFetch{CacheOutcome::fetched, stats.bytes, executor.now() - start};
}

bool ImageCache::contains(const std::string& host, const std::string& image_id) {
  store::Statement& s = db_.cached("SELECT 1 FROM image_cache WHERE host = ?1 AND image_id = ?2");
  s.bind(1, host).bind(2, image_id);
  const bool found = s.step();
  s.reset();
  return found;
}

std::vector<CachedImage> ImageCache::list(const std::string& host) {
  store::Statement& s = db_.cached(
      "SELECT host, image_id, size, fetched_at, last_used, hits FROM image_cache WHERE host = ?1 "
      "ORDER BY image_id");
  s.bind(1, host);
  std::vector<CachedImage> out;
  while (s.step()) {
    out.push_back({s.column_text(0), s.column_text(1), s.column_int64(2), at(s.column_int64(3)),
                   at(s.column_int64(4)), s.column_int64(5)});
  }
  return out;
}

std::int64_t ImageCache::cached_bytes(const std::string& host) {
  store::Statement& s =
      db_.cached("SELECT coalesce(sum(size), 0) FROM image_cache WHERE host = ?1");
  s.bind(1, host);
  s.step();
  const std::int64_t bytes = s.column_int64(0);
  s.reset();
  return bytes;
}

void ImageCache::evict(const std::string& host, const std::string& image_id) {
  db_.cached("DELETE FROM image_cache WHERE host = ?1 AND image_id = ?2")
      .bind_all(host, image_id)
      .execute();
}

std::int64_t ImageCache::remove_unused(const std::string& host, const std::set<std::string>& in_use,
                                       runtime::TimePoint unused_since) {
  std::int64_t freed = 0;
  for (const CachedImage& entry : list(host)) {
    if (in_use.contains(entry.image_id) || entry.last_used > unused_since) continue;
    evict(host, entry.image_id);
    freed += entry.size;
  }
  return freed;
}

}  // namespace stacksim::image
