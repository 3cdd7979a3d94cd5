#pragma once
// The soft server-group policies (nova/scheduler/weights/affinity.py): with policy soft-affinity
// a host weighs the number of group members on it, with soft-anti-affinity minus that number;
// for any other request every host weighs 0.

#include "core/scheduler/weigher.hpp"

namespace stacksim::scheduler {

class ServerGroupSoftAffinityWeigher final : public Weigher {
 public:
  [[nodiscard]] std::string_view name() const override;
  [[nodiscard]] MultiplierOption multiplier_option() const override;
  bool weigh(const RequestContext& ctx, std::span<const HostId> hosts,
             std::span<double> raw) override;
};

class ServerGroupSoftAntiAffinityWeigher final : public Weigher {
 public:
  [[nodiscard]] std::string_view name() const override;
  [[nodiscard]] MultiplierOption multiplier_option() const override;
  bool weigh(const RequestContext& ctx, std::span<const HostId> hosts,
             std::span<double> raw) override;
};

}  // namespace stacksim::scheduler
