#pragma once
// How ComputeCapabilitiesFilter reads a host: an extra spec "capabilities:a:b:c" walks the
// HostState attribute a (or, when that is None, stats["a"]), then parses strings as JSON and
// indexes dicts by b, c; the value found is compared as Python's str() of it. HostState
// attributes stacksim does not model (service, aggregates, limits, ...) make the host fail.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/scheduler/host_states.hpp"

namespace stacksim::scheduler {

/// hasattr(HostState, name) for an unscoped extra spec key.
bool is_host_state_attribute(std::string_view name);

/// True when the attribute changes as instances are placed (free_ram_mb, vcpus_used, ...), so a
/// looked-up value cannot be cached across decisions.
bool is_usage_attribute(std::string_view name);

/// The value of an integer attribute for which is_usage_attribute(name) holds.
std::int64_t integer_attribute(const HostStates& hosts, HostId host, std::string_view name);

/// _get_capabilities followed by str(); nullopt where Nova gets None (the host then fails).
std::optional<std::string> host_capability(const HostStates& hosts, HostId host,
                                           std::span<const std::string> scope);

}  // namespace stacksim::scheduler
