#pragma once
// A binary min-heap of (key, id) pairs that knows where each id sits, so a key can be changed or
// removed in O(log n). The flow network keeps one completion time per transferring flow in it.
// Ties on the key are broken by id, which keeps pop order deterministic.

#include <cstdint>
#include <limits>
#include <vector>

namespace stacksim::sim {

class IndexedMinHeap {
 public:
  static constexpr std::uint32_t npos = std::numeric_limits<std::uint32_t>::max();

  [[nodiscard]] bool empty() const noexcept { return heap_.empty(); }
  [[nodiscard]] std::size_t size() const noexcept { return heap_.size(); }
  [[nodiscard]] bool contains(std::uint32_t id) const noexcept {
    return id < position_.size() && position_[id] != npos;
  }
  [[nodiscard]] double top_key() const noexcept { return heap_.front().key; }
  [[nodiscard]] std::uint32_t top_id() const noexcept { return heap_.front().id; }

  /// Inserts `id` with `key`, or moves it to `key` if present.
  void set(std::uint32_t id, double key) {
    if (id >= position_.size()) position_.resize(id + 1, npos);
    std::uint32_t at = position_[id];
    if (at == npos) {
      at = static_cast<std::uint32_t>(heap_.size());
      heap_.push_back({key, id});
      position_[id] = at;
      sift_up(at);
      return;
    }
    const double old = heap_[at].key;
    heap_[at].key = key;
    if (key < old) {
      sift_up(at);
    } else {
      sift_down(at);
    }
  }

  void erase(std::uint32_t id) noexcept {
    if (!contains(id)) return;
    const std::uint32_t at = position_[id];
    position_[id] = npos;
    const Entry last = heap_.back();
    heap_.pop_back();
    if (at == heap_.size()) return;
    heap_[at] = last;
    position_[last.id] = at;
    if (at > 0 && less(heap_[at], heap_[(at - 1) / 2])) {
      sift_up(at);
    } else {
      sift_down(at);
    }
  }

  void pop() noexcept { erase(top_id()); }

 private:
  struct Entry {
    double key;
    std::uint32_t id;
  };

  static bool less(const Entry& a, const Entry& b) noexcept {
    return a.key < b.key || (a.key == b.key && a.id < b.id);
  }

  void sift_up(std::uint32_t at) noexcept {
    const Entry moving = heap_[at];
    while (at > 0) {
      const std::uint32_t parent = (at - 1) / 2;
      if (!less(moving, heap_[parent])) break;
      heap_[at] = heap_[parent];
      position_[heap_[at].id] = at;
      at = parent;
    }
    heap_[at] = moving;
    position_[moving.id] = at;
  }

  void sift_down(std::uint32_t at) noexcept {
    const Entry moving = heap_[at];
    const auto n = static_cast<std::uint32_t>(heap_.size());
    while (true) {
      std::uint32_t child = 2 * at + 1;
      if (child >= n) break;
      if (child + 1 < n && less(heap_[child + 1], heap_[child])) ++child;
      if (!less(heap_[child], moving)) break;
      heap_[at] = heap_[child];
      position_[heap_[at].id] = at;
      at = child;
    }
    heap_[at] = moving;
    position_[moving.id] = at;
  }

  std::vector<Entry> heap_;
  std::vector<std::uint32_t> position_;
};

}  // namespace stacksim::sim
