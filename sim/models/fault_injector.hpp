#pragma once
// Faults of hosts, links, switches and disks, delivered as runtime::BackendEvents (what the
// control plane subscribes to) and to a model hook that applies them (e.g. a link down fails the
// flows crossing it). Scripted faults happen at given times; stochastic ones alternate up-times
// drawn from an MTBF distribution and repair times drawn from an MTTR distribution, from one random
// stream per component so that runs are reproducible and independent of other components.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/runtime/backend_event.hpp"
#include "sim/engine/random_streams.hpp"
#include "sim/engine/simulator.hpp"

namespace stacksim::sim {

enum class ComponentKind { host, link, network_switch, disk };

struct Component {
  ComponentKind kind = ComponentKind::host;
  std::string name;
  std::string host;  // the host a disk belongs to (disks), or empty
};

struct ScriptedFault {
  Component component;
  runtime::TimePoint down_at;
  std::optional<runtime::TimePoint> up_at;  // none: stays down
  std::string cause = "scripted fault";
};

/// Time between failures (or to repair): exponential with a mean, or Weibull(shape, scale).
struct FailureDistribution {
  enum class Family { exponential, weibull } family = Family::exponential;
  double mean_s = 0;   // exponential
  double shape = 1;    // Weibull
  double scale_s = 0;  // Weibull
};

struct StochasticFaults {
  Component component;
  FailureDistribution time_to_failure;  // MTBF
  FailureDistribution time_to_repair;   // MTTR
};

class FaultInjector {
 public:
  /// `apply` is called with (component, up) before the event reaches the sinks.
  using Apply = std::function<void(const Component&, bool up)>;

  FaultInjector(Simulator& simulator, RandomStreams& streams, Apply apply = {});

  void subscribe(runtime::BackendEventSink sink) { sinks_.push_back(std::move(sink)); }
  void schedule(const ScriptedFault& fault);
  /// Failures and repairs of one component, alternating until the simulation ends.
  void add_stochastic(const StochasticFaults& faults);

  [[nodiscard]] std::size_t delivered() const noexcept { return delivered_; }

 private:
  void deliver(const Component& component, bool up, const std::string& cause);
  void fail_later(const StochasticFaults& faults);
  double draw(const FailureDistribution& d, runtime::Random& random) const;

  Simulator& simulator_;
  RandomStreams& streams_;
  Apply apply_;
  std::vector<runtime::BackendEventSink> sinks_;
  std::size_t delivered_ = 0;
};

}  // namespace stacksim::sim
