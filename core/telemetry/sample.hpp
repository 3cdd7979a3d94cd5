#pragma once
// One measurement of a meter (Ceilometer's sample): what was measured, of which resource, when,
// and the value in the meter's unit.

#include <string>

#include "core/runtime/time.hpp"

namespace stacksim::telemetry {

// Meter names as Ceilometer spells them.
inline constexpr const char* meter_cpu_util = "cpu_util";                    // %
inline constexpr const char* meter_memory_usage = "memory.usage";            // MB
inline constexpr const char* meter_disk_read = "disk.read.bytes";            // B, cumulative
inline constexpr const char* meter_disk_write = "disk.write.bytes";          // B, cumulative
inline constexpr const char* meter_net_in = "network.incoming.bytes";        // B, cumulative
inline constexpr const char* meter_net_out = "network.outgoing.bytes";       // B, cumulative
inline constexpr const char* meter_host_power = "hardware.ipmi.node.power";  // W

struct Sample {
  std::string meter;
  std::string unit;
  std::string resource_id;
  runtime::TimePoint timestamp{};
  double volume = 0;
};

}  // namespace stacksim::telemetry
