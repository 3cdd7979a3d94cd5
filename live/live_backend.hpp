#pragma once
// The live Backend: the control plane's executor is a WallExecutor, its hypervisors are libvirt
// hosts, its network is Open vSwitch, its storage a libvirt pool. The same control-plane code that
// runs on the simulated datacenter runs here unchanged.

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/runtime/backend.hpp"
#include "core/runtime/spawn.hpp"
#include "core/runtime/wall_executor.hpp"
#include "live/event_relay.hpp"
#include "live/libvirt_hypervisor.hpp"
#include "live/libvirt_storage.hpp"
#include "live/live_backend_config.hpp"
#include "live/ovs_network.hpp"

namespace stacksim::live {

class LiveBackend final : public runtime::Backend {
 public:
  explicit LiveBackend(LiveBackendConfig config);
  ~LiveBackend() override;

  [[nodiscard]] runtime::Executor& executor() noexcept override { return *executor_; }
  [[nodiscard]] runtime::WallExecutor& wall_executor() noexcept { return *executor_; }
  /// Compute hosts in configuration order.
  [[nodiscard]] std::vector<std::string> hosts() const override;
  runtime::HypervisorDriver& hypervisor(std::string_view host) override { return libvirt(host); }
  LibvirtHypervisor& libvirt(std::string_view host);
  runtime::NetworkDriver& network() override { return *network_; }
  OvsNetworkDriver& ovs() { return *network_; }
  /// Throws runtime::ServiceError("NotSupported") when the scenario configures no storage.
  runtime::StorageDriver& storage() override;
  void subscribe(runtime::BackendEventSink sink) override { events_->subscribe(std::move(sink)); }
  [[nodiscard]] const LiveBackendConfig& config() const noexcept { return config_; }

  /// Connects every host's libvirt and OVS (unreachable ones are reported down and retried in
  /// the background) and starts the periodic health probes. Await it on the executor.
  runtime::Task<void> start();
  /// Stops the health probes, so the executor can run idle.
  void stop_monitoring();

 private:
  runtime::Task<void> monitor();

  LiveBackendConfig config_;
  // Destroyed first (see ~LiveBackend): its workers finish in-flight libvirt/OVS calls while the
  // drivers below still exist, and no queued action runs afterwards.
  std::unique_ptr<runtime::WallExecutor> executor_;
  std::shared_ptr<EventRelay> events_;
  std::map<std::string, std::unique_ptr<LibvirtHypervisor>, std::less<>> hypervisors_;
  std::unique_ptr<OvsNetworkDriver> network_;
  std::unique_ptr<LibvirtStorage> storage_;
  runtime::TaskHandle monitor_task_;
};

/// The factory the scenario runner calls for `--backend live` (or "backend": {"type": "live"}):
/// reads the section (errors name `file` and `json_path`) and builds the backend, not yet started.
std::unique_ptr<LiveBackend> make_live_backend(const nlohmann::json& section,
                                               const std::string& file,
                                               const std::string& json_path = "/backend");

}  // namespace stacksim::live
