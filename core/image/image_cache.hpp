#pragma once
// The per-host image cache of compute hosts (Nova's _base directory): the first boot of an image on
// a host downloads it from the image store through the StorageDriver; later boots find it cached
// and skip the transfer. Concurrent boots of the same image on one host share one download, as
// Nova's per-image lock makes them. Entries persist, and remove_unused() is Nova's image cache
// manager (remove base images unused by instances for a minimum age).

#include <coroutine>
#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/runtime/storage_driver.hpp"
#include "core/runtime/task.hpp"
#include "core/runtime/time.hpp"
#include "core/store/database.hpp"

namespace stacksim::image {

struct CachedImage {
  std::string host;
  std::string image_id;
  std::int64_t size = 0;
  runtime::TimePoint fetched_at{};
  runtime::TimePoint last_used{};
  std::int64_t hits = 0;
};

enum class CacheOutcome {
  hit,      // already on the host
  fetched,  // this request downloaded it
  joined,   // another request was downloading it; this one waited for that download
};

struct CacheFetch {
  CacheOutcome outcome = CacheOutcome::hit;
  std::int64_t bytes_transferred = 0;
  runtime::Duration waited{0};
};

class ImageCache {
 public:
  /// `store_endpoint`: where images are downloaded from (ImageConfig::store_endpoint).
  ImageCache(store::Database& db, runtime::StorageDriver& storage, std::string store_endpoint);
  ImageCache(const ImageCache&) = delete;
  ImageCache& operator=(const ImageCache&) = delete;

  /// Makes `image_id` (of `size` bytes) present on `host`. A failed download caches nothing and
  /// fails every request that was waiting for it.
  runtime::Task<CacheFetch> fetch(std::string host, std::string image_id, std::int64_t size);

  [[nodiscard]] bool contains(const std::string& host, const std::string& image_id);
  [[nodiscard]] std::vector<CachedImage> list(const std::string& host);
  [[nodiscard]] std::int64_t cached_bytes(const std::string& host);
  void evict(const std::string& host, const std::string& image_id);
  /// Removes the host's images that no instance there uses (`in_use`) and that were last used at or
  /// before `unused_since`; returns the bytes freed.
  std::int64_t remove_unused(const std::string& host, const std::set<std::string>& in_use,
                             runtime::TimePoint unused_since);

 private:
  struct Download {
    bool done = false;
    std::exception_ptr error;
    std::vector<std::coroutine_handle<>> waiters;
  };
  // Trivially destructible on purpose: GCC 12 may destroy a co_await operand's temporaries twice.
  struct DownloadAwaiter {
    Download* download;
    bool await_ready() const noexcept { return download->done; }
    void await_suspend(std::coroutine_handle<> waiter) { download->waiters.push_back(waiter); }
    void await_resume() const {
      if (download->error) std::rethrow_exception(download->error);
    }
  };

  void touch(const std::string& host, const std::string& image_id, runtime::TimePoint now);

  store::Database& db_;
  runtime::StorageDriver& storage_;
  std::string store_endpoint_;
  std::map<std::pair<std::string, std::string>, std::shared_ptr<Download>> downloads_;
};

}  // namespace stacksim::image
