#pragma once
// The Backend: clock + drivers. The control plane is handed one and never knows whether it is the
// simulated datacenter (sim/backend) or real hosts (live/).

#include <string>
#include <string_view>
#include <vector>

#include "core/runtime/backend_event.hpp"
#include "core/runtime/executor.hpp"
#include "core/runtime/hypervisor_driver.hpp"
#include "core/runtime/network_driver.hpp"
#include "core/runtime/storage_driver.hpp"

namespace stacksim::runtime {

class Backend {
 public:
  Backend() = default;
  Backend(const Backend&) = delete;
  Backend& operator=(const Backend&) = delete;
  virtual ~Backend() = default;

  [[nodiscard]] virtual Executor& executor() noexcept = 0;
  /// Compute host names, in a stable order.
  [[nodiscard]] virtual std::vector<std::string> hosts() const = 0;
  /// The hypervisor driver of one host; throws std::out_of_range naming an unknown host.
  virtual HypervisorDriver& hypervisor(std::string_view host) = 0;
  virtual NetworkDriver& network() = 0;
  virtual StorageDriver& storage() = 0;
  /// Registers a sink for backend events (host down, instance crashed, ...).
  virtual void subscribe(BackendEventSink sink) = 0;
};

}  // namespace stacksim::runtime
