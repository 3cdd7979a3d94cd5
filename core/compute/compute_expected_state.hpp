#pragma once
// What the compute database says about each host, for a backend that reconciles it with what the
// hypervisors and switches report (the live backend's Reconciler: Nova's init_host and
// _sync_power_states). Instances come from the cell's database, and corrections go back into it;
// ports come from the network side through a function, since core/compute does not know the
// network service (core/network's expected_vif_ports fits), and are none without one.

#include <functional>
#include <string>
#include <vector>

#include "core/compute/compute_cell.hpp"
#include "core/runtime/expected_state.hpp"

namespace stacksim::compute {

class ComputeExpectedState final : public runtime::ExpectedState {
 public:
  using PortsOnHost = std::function<std::vector<runtime::PortSpec>(const std::string& host)>;

  /// `cell` (and whatever `ports` refers to) must outlive this object.
  explicit ComputeExpectedState(ComputeCell& cell, PortsOnHost ports = {})
      : cell_(cell), ports_(std::move(ports)) {}

  runtime::Task<std::vector<runtime::ExpectedInstance>> instances_on(std::string host) override;
  runtime::Task<std::vector<runtime::PortSpec>> ports_on(std::string host) override;
  runtime::Task<void> record_power_state(std::string uuid, runtime::PowerState observed) override;
  runtime::Task<void> mark_stopped(std::string uuid) override;
  runtime::Task<void> mark_error(std::string uuid, std::string reason) override;

 private:
  ComputeCell& cell_;
  PortsOnHost ports_;
};

/// The reconciler's vm_state for a compute vm_state: shelved (powered off, not offloaded) reads
/// as stopped, soft-deleted as deleted.
[[nodiscard]] runtime::VmState expected_vm_state(VmState state) noexcept;

}  // namespace stacksim::compute
