#pragma once
// The part of the Placement service the scheduler relies on: one resource provider per compute
// host with VCPU, MEMORY_MB and DISK_GB inventories, allocations per instance, and the capacity
// rule used + amount <= (total - reserved) * allocation_ratio with min_unit 1, max_unit = total
// and step_size 1 (what Nova's virt drivers report).

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/scheduler/host_states.hpp"

namespace stacksim::scheduler {

enum class ResourceClass : std::uint8_t { vcpu = 0, memory_mb = 1, disk_gb = 2 };
inline constexpr std::size_t kResourceClasses = 3;
std::string_view resource_class_name(ResourceClass rc) noexcept;

/// Amounts asked of one provider for one instance (0: not asked).
struct ResourceAmounts {
  std::array<std::int64_t, kResourceClasses> amount{};
  std::int64_t& operator[](ResourceClass rc) { return amount[static_cast<std::size_t>(rc)]; }
  std::int64_t operator[](ResourceClass rc) const { return amount[static_cast<std::size_t>(rc)]; }
};

struct Inventory {
  std::int64_t total = 0;
  std::int64_t reserved = 0;
  double allocation_ratio = 1.0;
};

class Placement {
 public:
  void add_provider(const std::array<Inventory, kResourceClasses>& inventory,
                    const ResourceAmounts& used);

  [[nodiscard]] bool can_allocate(HostId host, const ResourceAmounts& request) const noexcept {
    for (std::size_t rc = 0; rc < kResourceClasses; ++rc) {
      const std::int64_t amount = request.amount[rc];
      if (amount == 0) continue;
      if (amount > total_[rc][host] ||
          static_cast<double>(used_[rc][host] + amount) > capacity_[rc][host]) {
        return false;
      }
    }
    return true;
  }

  /// Claims when the capacity rule allows it (Nova's claim_resources); false otherwise.
  bool claim(HostId host, const ResourceAmounts& request) noexcept;
  void release(HostId host, const ResourceAmounts& request) noexcept;
  /// Replaces a provider's usage (its allocations as the compute node reports them).
  void set_used(HostId host, const ResourceAmounts& used) noexcept;

  [[nodiscard]] std::int64_t used(HostId host, ResourceClass rc) const {
    return used_[static_cast<std::size_t>(rc)][host];
  }
  [[nodiscard]] std::int64_t total(HostId host, ResourceClass rc) const {
    return total_[static_cast<std::size_t>(rc)][host];
  }
  /// (total - reserved) * allocation_ratio.
  [[nodiscard]] double capacity(HostId host, ResourceClass rc) const {
    return capacity_[static_cast<std::size_t>(rc)][host];
  }

 private:
  std::array<std::vector<std::int64_t>, kResourceClasses> total_;
  std::array<std::vector<std::int64_t>, kResourceClasses> used_;
  std::array<std::vector<double>, kResourceClasses> capacity_;
};

}  // namespace stacksim::scheduler
