#include "core/scheduler/placement.hpp"

namespace stacksim::scheduler {

std::string_view resource_class_name(ResourceClass rc) noexcept {
  switch (rc) {
    case ResourceClass::vcpu:
      return "VCPU";
    case ResourceClass::memory_mb:
      return "MEMORY_MB";
    case ResourceClass::disk_gb:
      return "DISK_GB";
  }
  return "";
}

void Placement::add_provider(const std::array<Inventory, kResourceClasses>& inventory,
                             const ResourceAmounts& used) {
  for (std::size_t rc = 0; rc < kResourceClasses; ++rc) {
    const Inventory& inv = inventory[rc];
    total_[rc].push_back(inv.total);
    used_[rc].push_back(used.amount[rc]);
    capacity_[rc].push_back(static_cast<double>(inv.total - inv.reserved) * inv.allocation_ratio);
  }
}

bool Placement::claim(HostId host, const ResourceAmounts& request) noexcept {
  if (!can_allocate(host, request)) return false;
  for (std::size_t rc = 0; rc < kResourceClasses; ++rc)
    used_[rc][host] += request.amount[rc];
  return true;
}

void Placement::release(HostId host, const ResourceAmounts& request) noexcept {
  for (std::size_t rc = 0; rc < kResourceClasses; ++rc)
    used_[rc][host] -= request.amount[rc];
}

void Placement::set_used(HostId host, const ResourceAmounts& used) noexcept {
  for (std::size_t rc = 0; rc < kResourceClasses; ++rc)
    used_[rc][host] = used.amount[rc];
}

}  // namespace stacksim::scheduler
