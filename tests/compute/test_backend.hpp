#pragma once
// A minimal runtime::Backend for compute tests, on the simulated clock with fixed delays: hosts
// with fixed capacity whose hypervisors keep instance records, a no-op network, the fixed-rate
// storage of the image tests, and failure injection (failing spawns, hosts going down and up).
// Until sim/backend exists this is what the conductor runs against.

#include <map>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/runtime/backend.hpp"
#include "core/runtime/sleep.hpp"
#include "sim/engine/simulator.hpp"
#include "tests/image/fixed_rate_storage.hpp"

namespace stacksim::testing {

struct TestDelays {
  runtime::Duration host_info = std::chrono::milliseconds(10);
  runtime::Duration spawn = std::chrono::seconds(20);
  runtime::Duration destroy = std::chrono::seconds(2);
  runtime::Duration power = std::chrono::seconds(5);
  runtime::Duration migrate = std::chrono::seconds(30);
};

class TestHypervisor final : public runtime::HypervisorDriver {
 public:
  TestHypervisor(runtime::HostInfo info, const TestDelays& delays)
      : info_(std::move(info)), delays_(delays) {}

  [[nodiscard]] const std::string& host() const noexcept override { return info_.name; }

  runtime::Task<runtime::HostInfo> host_info() override {
    co_await runtime::sleep_for(delays_.host_info);
    co_return info_;
  }

  runtime::Task<void> spawn(runtime::InstanceSpec spec) override {
    spawned.push_back(spec);
    co_await runtime::sleep_for(delays_.spawn);
    require_up();
    if (failing_spawns > 0) {
      --failing_spawns;
      throw std::runtime_error("Build of instance " + spec.uuid + " aborted: spawn failed on " +
                               info_.name);
    }
    instances[spec.uuid] = {spec.uuid, runtime::PowerState::running, spec.vcpus, spec.memory_mb,
                            runtime::Duration(0)};
  }

  runtime::Task<void> destroy(std::string uuid) override {
    co_await runtime::sleep_for(delays_.destroy);
    require_up();
    if (instances.erase(uuid) == 0) {
      throw std::runtime_error("instance " + uuid + " not found on " + info_.name);
    }
  }

  runtime::Task<void> power_on(std::string uuid) override {
    co_await set_power(uuid, runtime::PowerState::running);
  }
  runtime::Task<void> power_off(std::string uuid) override {
    co_await set_power(uuid, runtime::PowerState::shutdown);
  }
  runtime::Task<void> reboot(std::string uuid, runtime::RebootType type) override {
    (void)type;
    co_await set_power(uuid, runtime::PowerState::running);
  }
  runtime::Task<void> suspend(std::string uuid) override {
    co_await set_power(uuid, runtime::PowerState::suspended);
  }
  runtime::Task<void> resume(std::string uuid) override {
    co_await set_power(uuid, runtime::PowerState::running);
  }

  runtime::Task<runtime::MigrationStats> migrate(std::string uuid,
                                                 runtime::HypervisorDriver& destination,
                                                 bool live) override {
    auto* dest = dynamic_cast<TestHypervisor*>(&destination);
    if (dest == nullptr) throw std::invalid_argument("destination is not a test hypervisor");
    co_await runtime::sleep_for(delays_.migrate);
    require_up();
    dest->require_up();
    if (fail_migrations) throw std::runtime_error("migration of " + uuid + " failed");
    const auto it = instances.find(uuid);
    if (it == instances.end()) {
      throw std::runtime_error("instance " + uuid + " not found on " + info_.name);
    }
    dest->instances[uuid] = it->second;
    instances.erase(it);
    co_return runtime::MigrationStats{
        delays_.migrate, live ? delays_.migrate / 100 : delays_.migrate, 0, live ? 3 : 1};
  }

  runtime::Task<std::int64_t> snapshot(std::string uuid, std::string image_id) override {
    throw std::logic_error("snapshot of " + uuid + " to " + image_id +
                           ": snapshots are not modelled by the test backend");
    co_return 0;
  }
  runtime::Task<void> attach_volume(std::string uuid,
                                    runtime::VolumeConnection connection) override {
    (void)uuid;
    (void)connection;
    co_return;
  }
  runtime::Task<void> detach_volume(std::string uuid, std::string volume_id) override {
    (void)uuid;
    (void)volume_id;
    co_return;
  }

  runtime::Task<runtime::InstanceInfo> instance_info(std::string uuid) override {
    const auto it = instances.find(uuid);
    if (it == instances.end()) throw std::runtime_error("instance " + uuid + " not found");
    co_return it->second;
  }
  runtime::Task<std::vector<runtime::InstanceInfo>> list_instances() override {
    std::vector<runtime::InstanceInfo> out;
    for (const auto& [uuid, info] : instances)
      out.push_back(info);
    co_return out;
  }

  void set_up(bool up) { info_.up = up; }
  [[nodiscard]] bool up() const { return info_.up; }

  std::map<std::string, runtime::InstanceInfo> instances;
  std::vector<runtime::InstanceSpec> spawned;
  int failing_spawns = 0;  // the next N spawns fail
  bool fail_migrations = false;

 private:
  void require_up() const {
    if (!info_.up) throw std::runtime_error("host " + info_.name + " is down");
  }
  runtime::Task<void> set_power(std::string uuid, runtime::PowerState state) {
    co_await runtime::sleep_for(delays_.power);
    require_up();
    const auto it = instances.find(uuid);
    if (it == instances.end()) throw std::runtime_error("instance " + uuid + " not found");
    it->second.power_state = state;
  }

  runtime::HostInfo info_;
  const TestDelays& delays_;
};

class TestNetwork final : public runtime::NetworkDriver {
 public:
  // Named parameters throughout: GCC 12 mishandles unnamed parameters of coroutines.
  runtime::Task<void> ensure_bridge(std::string host, std::string bridge) override {
    bridges.insert(host + "/" + bridge);
    co_return;
  }
  runtime::Task<void> delete_bridge(std::string host, std::string bridge) override {
    bridges.erase(host + "/" + bridge);
    co_return;
  }
  runtime::Task<void> add_port(std::string host, runtime::PortSpec port) override {
    ports.insert(host + "/" + port.name);
    co_return;
  }
  runtime::Task<void> remove_port(std::string host, std::string bridge, std::string name) override {
    (void)bridge;
    ports.erase(host + "/" + name);
    co_return;
  }
  runtime::Task<void> ensure_tunnel(runtime::TunnelSpec tunnel) override {
    (void)tunnel;
    co_return;
  }
  runtime::Task<void> apply_flow_table(std::string host, runtime::FlowTable table) override {
    (void)host;
    (void)table;
    co_return;
  }
  runtime::Task<void> create_namespace(std::string host, std::string name) override {
    (void)host;
    (void)name;
    co_return;
  }
  runtime::Task<void> delete_namespace(std::string host, std::string name) override {
    (void)host;
    (void)name;
    co_return;
  }

  std::set<std::string> bridges;
  std::set<std::string> ports;
};

class TestBackend final : public runtime::Backend {
 public:
  TestBackend(sim::Simulator& sim, TestDelays delays = {})
      : sim_(sim), delays_(delays), storage_(1e9, std::chrono::milliseconds(1)) {}

  TestHypervisor& add_host(const std::string& name, int vcpus, std::int64_t memory_mb,
                           std::int64_t disk_gb) {
    runtime::HostInfo info;
    info.name = name;
    info.vcpus = vcpus;
    info.memory_mb = memory_mb;
    info.disk_gb = disk_gb;
    info.hypervisor_version = 6002000;
    order_.push_back(name);
    return *(hypervisors_[name] = std::make_unique<TestHypervisor>(info, delays_));
  }

  runtime::Executor& executor() noexcept override { return sim_; }
  [[nodiscard]] std::vector<std::string> hosts() const override { return order_; }
  runtime::HypervisorDriver& hypervisor(std::string_view host) override {
    return test_hypervisor(host);
  }
  TestHypervisor& test_hypervisor(std::string_view host) {
    const auto it = hypervisors_.find(std::string(host));
    if (it == hypervisors_.end()) throw std::out_of_range("unknown host " + std::string(host));
    return *it->second;
  }
  runtime::NetworkDriver& network() override { return network_; }
  runtime::StorageDriver& storage() override { return storage_; }
  FixedRateStorage& fixed_storage() { return storage_; }
  void subscribe(runtime::BackendEventSink sink) override { sinks_.push_back(std::move(sink)); }

  /// The host fails: its hypervisor stops answering and the control plane is told.
  void fail_host(const std::string& host) {
    test_hypervisor(host).set_up(false);
    emit({runtime::BackendEventKind::host_down, sim_.now(), host, {}, "power failure"});
  }
  /// The host comes back with whatever domains it had defined.
  void recover_host(const std::string& host) {
    test_hypervisor(host).set_up(true);
    emit({runtime::BackendEventKind::host_up, sim_.now(), host, {}, "power restored"});
  }
  void emit(const runtime::BackendEvent& event) {
    for (const auto& sink : sinks_)
      sink(event);
  }

  TestDelays& delays() { return delays_; }

 private:
  sim::Simulator& sim_;
  TestDelays delays_;
  std::map<std::string, std::unique_ptr<TestHypervisor>> hypervisors_;
  std::vector<std::string> order_;
  TestNetwork network_;
  FixedRateStorage storage_;
  std::vector<runtime::BackendEventSink> sinks_;
};

}  // namespace stacksim::testing
