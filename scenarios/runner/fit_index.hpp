#pragma once
// Finds the host a fit policy picks in O(1), kept up to date in O(log N) per host change.
//
// Every policy here is "the fitting host with the smallest key": best-fit keys hosts by free RAM
// (least first), worst-fit by the negated free RAM (most first), first-fit by index alone; ties
// go to the lowest index. For each request shape (vCPU, RAM, disk) seen, up to `max_shapes` of
// them, a tournament tree over the hosts holds at each leaf the host's (key, index) if the shape
// fits there and +inf otherwise, and at each inner node the minimum of its children: the root is
// the answer. The trees of all shapes share one layout (a node holds one value per shape, side by
// side), so a host's change walks one path to the root for all shapes at once. Shapes beyond the
// limit, and requests with constraints, fall back to a scan over all hosts.

#include <cstdint>
#include <functional>
#include <vector>

#include "scenarios/runner/demand.hpp"
#include "scenarios/runner/host_pool.hpp"

namespace stacksim::scenarios {

enum class FitRule { best_fit, worst_fit, first_fit };

class FitIndex {
 public:
  FitIndex(const HostPool& hosts, FitRule rule, std::size_t max_shapes = 32);

  /// The chosen host for `d`, or -1 when none fits.
  int select(const Demand& d);
  /// The chosen host among those `allowed` accepts (a scan), or -1.
  int select_if(const Demand& d, const std::function<bool(int)>& allowed) const;
  /// Call after a host's usage or up state changed.
  void host_changed(int h);

  [[nodiscard]] std::size_t shapes() const noexcept { return shapes_.size(); }

 private:
  static constexpr std::uint64_t kNone = ~std::uint64_t{0};

  /// (key, index) of host h, ignoring whether anything fits.
  [[nodiscard]] std::uint64_t host_key(int h) const;
  [[nodiscard]] std::uint64_t leaf_value(int h, const Demand& shape) const;
  /// The column of `d`, adding it if there is room; -1 if not.
  int shape_column(const Demand& d);
  void rebuild(std::size_t stride);
  [[nodiscard]] std::uint64_t* node(std::size_t i) { return nodes_.data() + i * stride_; }

  const HostPool& hosts_;
  FitRule rule_;
  std::size_t max_shapes_;
  std::size_t leaf_base_ = 1;
  std::size_t stride_ = 0;  // values per node (capacity for shapes)
  std::vector<Demand> shapes_;
  std::vector<std::uint64_t> nodes_;  // 1-based heap layout; leaves at [leaf_base_, 2*leaf_base_)
};

}  // namespace stacksim::scenarios
