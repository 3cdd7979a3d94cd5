#include <set>

#include "scenarios/schema/sections.hpp"

namespace stacksim::scenarios {
namespace {

std::set<std::string> compute_hosts(const DatacenterSpec& dc) {
  DatacenterSpec compute;
  for (const auto& c : dc.host_classes) {
    if (c.role == "compute") compute.host_classes.push_back(c);
  }
  const auto names = host_names(compute);
  return {names.begin(), names.end()};
}

FaultSpec read_fault(const JsonFields& f, const DatacenterSpec& dc,
                     const std::set<std::string>& computes) {
  FaultSpec s;
  s.kind = f.choice("kind", {"host-down", "rack-down", "host-mtbf"});
  if (s.kind == "host-down" || s.kind == "rack-down") {
    s.at_s = f.positive("at_s", true);
    if (f.has("repair_after_s")) s.repair_after_s = f.positive("repair_after_s");
  }
  if (s.kind == "host-down") {
    if (f.has("hosts") == f.has("count")) {
      f.fail("hosts", "give either hosts (names) or count (random compute hosts)");
    }
    if (f.has("hosts")) {
      s.hosts = f.strings("hosts");
      for (const auto& h : s.hosts) {
        if (!computes.contains(h)) f.fail("hosts", "no compute host called \"" + h + "\"");
      }
    } else {
      s.count = f.integer_in("count", 1, static_cast<std::int64_t>(computes.size()));
    }
  } else if (s.kind == "rack-down") {
    if (dc.topology.kind == "none") f.fail("kind", "rack-down needs datacenter.topology");
    s.rack = f.string("rack");
  } else {
    s.host_class = f.string_or("host_class", "");
    if (!s.host_class.empty()) {
      bool found = false;
      for (const auto& c : dc.host_classes)
        found |= c.name == s.host_class && c.role == "compute";
      if (!found) f.fail("host_class", "no compute host class called \"" + s.host_class + "\"");
    }
    s.distribution = f.choice("distribution", {"exponential", "weibull"}, "exponential");
    s.mtbf_s = f.positive("mtbf_s");
    if (s.distribution == "weibull") s.shape = f.positive("shape");
    s.mttr_s = f.positive("mttr_s");
  }
  s.evacuate = f.boolean_or("evacuate", false);
  f.reject_unknown_keys();
  return s;
}

}  // namespace

std::vector<FaultSpec> read_faults(const JsonFields& scenario, const DatacenterSpec& dc) {
  std::vector<FaultSpec> faults;
  if (!scenario.has("faults")) return faults;
  const auto computes = compute_hosts(dc);
  const auto& list = scenario.array("faults");
  for (std::size_t i = 0; i < list.size(); ++i) {
    faults.push_back(read_fault(scenario.element(list, i, "faults"), dc, computes));
  }
  return faults;
}

}  // namespace stacksim::scenarios
