#pragma once
// Rendered GET /servers bodies (the index view: id, name, links) by the caller's scope and
// filters. Every body is dropped as soon as any server record changes (the generation that
// ComputeApi::servers_generation reports moves on every create and save), so a repeated list costs
// a lookup instead of reading and rendering each server, and never shows a stale record.

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>

namespace stacksim::api {

class ServerListCache {
 public:
  /// The body stored under `key`, if it was rendered at `generation`.
  [[nodiscard]] const std::string* find(const std::string& key, std::uint64_t generation) {
    if (generation != generation_) {
      bodies_.clear();
      generation_ = generation;
    }
    const auto it = bodies_.find(key);
    return it == bodies_.end() ? nullptr : &it->second;
  }

  /// Keeps `body` for `key` until the generation moves (find() with the same generation first).
  void store(std::string key, std::string body) {
    // Name filters are free text: bound what a generation can hold.
    if (bodies_.size() >= max_entries) bodies_.clear();
    bodies_.insert_or_assign(std::move(key), std::move(body));
  }

  static constexpr std::size_t max_entries = 256;

 private:
  std::uint64_t generation_ = 0;
  std::map<std::string, std::string> bodies_;
};

}  // namespace stacksim::api
