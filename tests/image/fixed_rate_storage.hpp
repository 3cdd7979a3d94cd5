#pragma once
// A StorageDriver for tests on the simulated clock: every transfer takes latency + bytes / rate,
// volumes are bookkeeping only, and a transfer can be made to fail. Records what it moved.

#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/runtime/sleep.hpp"
#include "core/runtime/storage_driver.hpp"

namespace stacksim::testing {

class FixedRateStorage final : public runtime::StorageDriver {
 public:
  explicit FixedRateStorage(double bytes_per_second = 1e9,
                            runtime::Duration latency = std::chrono::milliseconds(1))
      : rate_(bytes_per_second), latency_(latency) {}

  runtime::Task<void> create_volume(runtime::VolumeSpec spec) override {
    co_await runtime::sleep_for(latency_);
    volumes_.insert(spec.id);
  }
  runtime::Task<void> delete_volume(std::string volume_id) override {
    co_await runtime::sleep_for(latency_);
    volumes_.erase(volume_id);
  }
  runtime::Task<runtime::VolumeConnection> attach_volume(std::string volume_id,
                                                         std::string host) override {
    co_await runtime::sleep_for(latency_);
    co_return runtime::VolumeConnection{volume_id, "/dev/vdb", host + ":" + volume_id, 0};
  }
  runtime::Task<void> detach_volume(std::string volume_id, std::string host) override {
    (void)volume_id;
    (void)host;
    co_await runtime::sleep_for(latency_);
  }
  runtime::Task<runtime::TransferStats> transfer(runtime::TransferSpec spec) override {
    transfers.push_back(spec);
    const runtime::Duration duration =
        latency_ + runtime::from_seconds(static_cast<double>(spec.bytes) / rate_);
    co_await runtime::sleep_for(duration);
    if (fail_to.contains(spec.destination)) {
      throw std::runtime_error("transfer to " + spec.destination + " failed: link down");
    }
    co_return runtime::TransferStats{duration, spec.bytes};
  }

  std::vector<runtime::TransferSpec> transfers;
  std::set<std::string> fail_to;  // destinations whose transfers fail at the end

 private:
  double rate_;
  runtime::Duration latency_;
  std::set<std::string> volumes_;
};

}  // namespace stacksim::testing
