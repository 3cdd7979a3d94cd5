#include "live/live_backend.hpp"

#include <stdexcept>

#include "core/runtime/service_error.hpp"
#include "core/runtime/sleep.hpp"
#include "core/runtime/when_all.hpp"

namespace stacksim::live {

using runtime::Task;

namespace {

std::vector<OvsHostConfig> ovs_hosts(const LiveBackendConfig& config) {
  std::vector<OvsHostConfig> out;
  for (const LiveHostConfig& h : config.hosts)
    if (h.ovs) out.push_back(*h.ovs);
  return out;
}

}  // namespace

LiveBackend::LiveBackend(LiveBackendConfig config)
    : config_(std::move(config)),
      executor_(std::make_unique<runtime::WallExecutor>(config_.blocking_threads)),
      events_(std::make_shared<EventRelay>(*executor_)) {
  for (const LiveHostConfig& h : config_.hosts) {
    if (h.compute && h.libvirt) {
      hypervisors_.emplace(h.name,
                           std::make_unique<LibvirtHypervisor>(*h.libvirt, *executor_, events_));
    }
  }
  network_ = std::make_unique<OvsNetworkDriver>(ovs_hosts(config_), *executor_, events_);
  if (config_.storage) storage_ = std::make_unique<LibvirtStorage>(*config_.storage);
}

LiveBackend::~LiveBackend() {
  events_->close();
  executor_.reset();
}

std::vector<std::string> LiveBackend::hosts() const {
  std::vector<std::string> out;
  for (const LiveHostConfig& h : config_.hosts)
    if (h.compute && h.libvirt) out.push_back(h.name);
  return out;
}

LibvirtHypervisor& LiveBackend::libvirt(std::string_view host) {
  auto it = hypervisors_.find(host);
  if (it == hypervisors_.end()) {
    throw std::out_of_range("no compute host named " + std::string(host) + " in the live backend");
  }
  return *it->second;
}

runtime::StorageDriver& LiveBackend::storage() {
  if (!storage_) {
    throw runtime::ServiceError("NotSupported", 501,
                                "the live backend has no storage section (no volume backend)");
  }
  return *storage_;
}

Task<void> LiveBackend::start() {
  std::vector<Task<bool>> connects;
  for (auto& [name, driver] : hypervisors_)
    connects.push_back(driver->connect());
  for (const std::string& host : network_->hosts())
    connects.push_back(network_->connect(host));
  if (storage_) connects.push_back(storage_->connect());
  co_await runtime::when_all(std::move(connects));
  monitor_task_ = runtime::spawn(*executor_, monitor());
}

void LiveBackend::stop_monitoring() {
  monitor_task_.cancel();
}

Task<void> LiveBackend::monitor() {
  for (;;) {
    co_await runtime::sleep_for(config_.health_interval);
    for (const std::string& host : network_->hosts()) {
      try {
        co_await network_->probe(host);
      } catch (const runtime::ServiceError&) {
        // Already reported as host_down by the driver, which is reconnecting.
      }
    }
    for (auto& [name, driver] : hypervisors_) {
      try {
        co_await driver->host_info();
      } catch (const runtime::ServiceError&) {
        // Likewise: a dead connection was reported and is being reopened.
      }
    }
  }
}

std::unique_ptr<LiveBackend> make_live_backend(const nlohmann::json& section,
                                               const std::string& file,
                                               const std::string& json_path) {
  return std::make_unique<LiveBackend>(read_live_backend_config(section, file, json_path));
}

}  // namespace stacksim::live
