#include "sim/models/fault_injector.hpp"

#include <stdexcept>

namespace stacksim::sim {

namespace {

runtime::BackendEventKind event_kind(ComponentKind kind, bool up) {
  switch (kind) {
    case ComponentKind::host:
      return up ? runtime::BackendEventKind::host_up : runtime::BackendEventKind::host_down;
    case ComponentKind::link:
    case ComponentKind::network_switch:  // a switch takes its links with it
      return up ? runtime::BackendEventKind::link_up : runtime::BackendEventKind::link_down;
    case ComponentKind::disk:
      return up ? runtime::BackendEventKind::disk_up : runtime::BackendEventKind::disk_down;
  }
  return runtime::BackendEventKind::host_down;
}

std::string stream_name(const Component& c) {
  static constexpr const char* kinds[] = {"host", "link", "switch", "disk"};
  return std::string("faults/") + kinds[static_cast<int>(c.kind)] + "/" + c.name;
}

void validate(const FailureDistribution& d, const char* what) {
  const bool ok = d.family == FailureDistribution::Family::exponential
                      ? d.mean_s > 0
                      : d.shape > 0 && d.scale_s > 0;
  if (!ok) {
    throw std::invalid_argument(std::string(what) +
                                ": an exponential needs mean_s > 0, a Weibull shape > 0 and "
                                "scale_s > 0");
  }
}

}  // namespace

FaultInjector::FaultInjector(Simulator& simulator, RandomStreams& streams, Apply apply)
    : simulator_(simulator), streams_(streams), apply_(std::move(apply)) {
}

void FaultInjector::deliver(const Component& component, bool up, const std::string& cause) {
  if (apply_) apply_(component, up);
  runtime::BackendEvent event{
      event_kind(component.kind, up), simulator_.now(),
      component.kind == ComponentKind::host ? component.name : component.host,
      component.kind == ComponentKind::host ? "" : component.name, cause};
  ++delivered_;
  for (const auto& sink : sinks_)
    sink(event);
}

void FaultInjector::schedule(const ScriptedFault& fault) {
  if (fault.up_at && *fault.up_at < fault.down_at) {
    throw std::invalid_argument("fault of '" + fault.component.name +
                                "': up time is before down time");
  }
  simulator_.schedule_at(fault.down_at,
                         [this, fault] { deliver(fault.component, false, fault.cause); });
  if (fault.up_at) {
    simulator_.schedule_at(*fault.up_at,
                           [this, fault] { deliver(fault.component, true, "repaired"); });
  }
}

double FaultInjector::draw(const FailureDistribution& d, runtime::Random& random) const {
  return d.family == FailureDistribution::Family::exponential ? random.exponential(d.mean_s)
                                                              : random.weibull(d.shape, d.scale_s);
}

void FaultInjector::add_stochastic(const StochasticFaults& faults) {
  validate(faults.time_to_failure, "time to failure");
  validate(faults.time_to_repair, "time to repair");
  fail_later(faults);
}

void FaultInjector::fail_later(const StochasticFaults& faults) {
  runtime::Random& random = streams_.stream(stream_name(faults.component));
  const auto up_for = runtime::from_seconds(draw(faults.time_to_failure, random));
  const auto down_for = runtime::from_seconds(draw(faults.time_to_repair, random));
  simulator_.schedule_after(up_for, [this, faults, down_for] {
    deliver(faults.component, false, "stochastic failure (MTBF)");
    simulator_.schedule_after(down_for, [this, faults] {
      deliver(faults.component, true, "repaired (MTTR)");
      fail_later(faults);
    });
  });
}

}  // namespace stacksim::sim
