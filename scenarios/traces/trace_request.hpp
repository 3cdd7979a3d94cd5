#pragma once
// The one record every trace reader converges on. A trace is a stream of TraceItems in time order:
// a TraceRequest asks for `count` identical instances at `arrival_s`; event-style traces (Google,
// Huawei) do not know a lifetime when the request arrives and send a TraceEnd for its id later.

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace stacksim::scenarios {

/// Measured demand of a request at `offset_s` after its arrival, as fractions of what it asked for
/// (NaN when the trace does not say).
struct UsageSample {
  double offset_s = 0;
  double cpu = 0;
  double memory = 0;
};

/// A placement constraint carried by the trace (Nova's server-group policies, scheduler hints and
/// aggregate extra specs are the targets they map to).
struct PlacementConstraint {
  enum class Kind {
    anti_affinity,  // at most max_per_host members of server group `key` on one host
    affinity,       // all members of server group `key` on one host
    attribute,      // host attribute `key` <relation> `value` (aggregate metadata / traits)
    host,           // exactly host `key` (the trace's own placement)
  };
  Kind kind = Kind::anti_affinity;
  std::string key;
  std::string relation;  // attribute only: ==, !=, <, >, <=, >=, present, absent
  std::string value;
  int max_per_host = 1;

  static PlacementConstraint anti_affinity_in(std::string group, int max_per_host = 1) {
    PlacementConstraint c;
    c.kind = Kind::anti_affinity;
    c.key = std::move(group);
    c.max_per_host = max_per_host;
    return c;
  }
  static PlacementConstraint attribute_is(std::string name, std::string relation,
                                          std::string value) {
    PlacementConstraint c;
    c.kind = Kind::attribute;
    c.key = std::move(name);
    c.relation = std::move(relation);
    c.value = std::move(value);
    return c;
  }

  friend bool operator==(const PlacementConstraint&, const PlacementConstraint&) = default;
};

struct TraceRequest {
  std::string id;
  std::string tenant;
  std::string group;  // deployment, job or application the request belongs to
  double arrival_s = 0;
  std::optional<double> lifetime_s;  // nullopt: ends with a TraceEnd, or runs past the trace
  double vcpus = 0;                  // may be fractional (normalised traces, containers)
  double memory_mb = 0;
  double disk_gb = 0;
  std::optional<int> priority;  // as the trace defines it (see docs/traces.md per format)
  std::int64_t count = 1;       // identical instances, like Nova's min_count = max_count
  std::vector<UsageSample> usage;
  std::vector<PlacementConstraint> constraints;
};

/// The end of an open-ended request (lifetime_s == nullopt), by id.
struct TraceEnd {
  std::string id;
  double time_s = 0;
};

using TraceItem = std::variant<TraceRequest, TraceEnd>;

[[nodiscard]] inline double item_time(const TraceItem& item) {
  if (const auto* r = std::get_if<TraceRequest>(&item)) return r->arrival_s;
  return std::get<TraceEnd>(item).time_s;
}

/// A machine a trace describes (machine_events, machine_meta), scaled to absolute units.
struct TraceMachine {
  std::string id;
  double vcpus = 0;
  double memory_mb = 0;
  std::string failure_domain;  // switch, rack or failure domain, when the trace has one
  std::string platform;        // hardware generation, when the trace has one
};

}  // namespace stacksim::scenarios
