#pragma once
// cinder.scheduler.filters.capabilities_filter.CapabilitiesFilter: every extra spec of the volume
// type that is unscoped or scoped "capabilities:" must match the pool's capability of that name
// (capability_match.hpp); a missing capability fails the pool. Other scopes (vendor keys,
// provisioning:type, ...) are ignored. Nested scopes "capabilities:a:b" look up the key "a:b".

#include "core/volume/backend_filter.hpp"

namespace stacksim::volume {

class CapabilitiesFilter final : public BackendFilter {
 public:
  [[nodiscard]] std::string_view name() const noexcept override { return "CapabilitiesFilter"; }
  [[nodiscard]] bool backend_passes(const PoolState& pool,
                                    const RequestSpec& request) const override;
};

}  // namespace stacksim::volume
