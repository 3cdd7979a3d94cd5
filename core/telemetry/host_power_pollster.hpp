#pragma once
// The IPMI pollster: each host's power draw (hardware.ipmi.node.power, W) from a readout the
// caller provides - the simulated hosts' power model, or a BMC on real hosts - since the Backend
// interface has no power sensor.

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/telemetry/pollster.hpp"

namespace stacksim::telemetry {

using PowerReadout = std::function<double(std::string_view host)>;

class HostPowerPollster final : public Pollster {
 public:
  HostPowerPollster(std::vector<std::string> hosts, PowerReadout readout)
      : hosts_(std::move(hosts)), readout_(std::move(readout)) {}

  runtime::Task<std::vector<Sample>> poll(runtime::TimePoint now) override {
    std::vector<Sample> out;
    for (const std::string& host : hosts_)
      out.push_back({meter_host_power, "W", host, now, readout_(host)});
    co_return out;
  }

 private:
  std::vector<std::string> hosts_;
  PowerReadout readout_;
};

}  // namespace stacksim::telemetry
