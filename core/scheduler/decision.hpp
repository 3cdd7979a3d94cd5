#pragma once
// The outcome of one select_destinations call: a selection per instance (host plus alternates for
// the conductor's retries) or NoValidHost, and for each instance the top of the sorted host list
// and, when asked for, an explanation (filters that removed hosts, weight breakdown).

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/scheduler/host_states.hpp"
#include "core/scheduler/no_valid_host.hpp"

namespace stacksim::scheduler {

struct Selection {
  std::string instance_uuid;
  HostId host = 0;
  /// Hosts to retry on if the build fails (up to max_attempts - 1), best first.
  std::vector<HostId> alternates;
};

struct WeighedHost {
  HostId host = 0;
  double weight = 0.0;
  /// Per weigher (or policy component) contribution; filled only when explaining.
  std::vector<double> scores;
};

struct FilterStep {
  std::string filter;
  std::size_t hosts_in = 0;
  std::size_t hosts_out = 0;
};

/// One instance of the request, in order; a request that failed has entries up to the failing one.
struct InstanceDecision {
  /// Hosts entering the filters: Placement's candidates for the first instance, the previous
  /// instance's sorted list after that.
  std::size_t hosts_considered = 0;
  std::vector<FilterStep> filters;  // explanation only
  /// The first entries of the sorted list (the chosen host first unless a claim failed).
  std::vector<WeighedHost> top;
  std::optional<HostId> host;
  /// Claims tried before one succeeded (1 when the top host took it).
  std::size_t claims_tried = 0;
};

struct Decision {
  std::vector<Selection> selections;  // one per instance when the request succeeded
  std::optional<NoValidHost> failure;
  std::vector<InstanceDecision> instances;
  /// Components of WeighedHost::scores (explanation only).
  std::vector<std::string> weight_components;

  [[nodiscard]] bool ok() const noexcept { return !failure.has_value(); }
};

struct SelectOptions {
  /// How many entries of each sorted list to report in InstanceDecision::top.
  std::size_t top_hosts = 3;
  /// Record filter steps and per-weigher scores.
  bool explain = false;
  /// Fill Selection::alternates (max_attempts - 1 each).
  bool alternates = true;
  /// Remember the placed instances (host_of, release, moves). Off when the caller tracks
  /// instances itself and reports host usage with Scheduler::report_usage.
  bool record_instances = true;
  /// When set, only hosts it accepts are candidates (constraints a caller enforces itself, such
  /// as the scenario runner's server groups and attribute constraints).
  std::function<bool(HostId)> host_allowed;
};

}  // namespace stacksim::scheduler
