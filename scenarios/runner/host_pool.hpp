#pragma once
// The compute hosts of an experiment: allocatable capacity after allocation ratios and reserved
// amounts (Placement's inventory: (total - reserved) * ratio), usage by instances, whether the
// host is up, and its usage and energy integrated over time (a linear power model between idle
// and full power on the physical cores). Each host's state sits in one record, so an event that
// changes a host touches one or two cache lines.

#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "scenarios/runner/demand.hpp"

namespace stacksim::scenarios {

class HostPool {
 public:
  struct HostInfo {
    std::string name;
    std::size_t host_class = 0;
    std::string availability_zone;
    std::string rack;
    const std::map<std::string, std::string>* properties = nullptr;
  };
  struct Power {
    double idle_w = 0;
    double max_w = 0;
  };

  /// Disk capacity of hosts whose disk is not modelled.
  static constexpr std::int64_t kUnlimited = std::numeric_limits<std::int64_t>::max() / 4;

  /// Adds a host; capacities are allocatable amounts. Returns its index.
  int add(HostInfo info, std::int64_t physical_vcpus, Demand capacity, Power power);

  [[nodiscard]] int size() const noexcept { return static_cast<int>(info_.size()); }
  [[nodiscard]] const HostInfo& info(int h) const { return info_[idx(h)]; }
  [[nodiscard]] std::int64_t physical_vcpus(int h) const { return state_[idx(h)].physical_vcpus; }
  [[nodiscard]] const Demand& capacity(int h) const { return state_[idx(h)].capacity; }
  [[nodiscard]] const Demand& used(int h) const { return state_[idx(h)].used; }
  [[nodiscard]] bool up(int h) const { return state_[idx(h)].up; }
  [[nodiscard]] std::int64_t instances(int h) const { return state_[idx(h)].instances; }
  [[nodiscard]] std::int64_t placements(int h) const { return state_[idx(h)].placements; }
  [[nodiscard]] std::int64_t failures(int h) const { return state_[idx(h)].failures; }
  [[nodiscard]] std::int64_t free_memory_mb(int h) const {
    const State& s = state_[idx(h)];
    return s.capacity.memory_mb - s.used.memory_mb;
  }

  [[nodiscard]] bool fits(int h, const Demand& d) const {
    const State& s = state_[idx(h)];
    return s.up && s.used.vcpu_milli + d.vcpu_milli <= s.capacity.vcpu_milli &&
           s.used.memory_mb + d.memory_mb <= s.capacity.memory_mb &&
           s.used.disk_gb + d.disk_gb <= s.capacity.disk_gb;
  }

  /// Changes at simulated time `now` (seconds); the integrals advance to `now` first.
  void claim(int h, const Demand& d, double now);
  void release(int h, const Demand& d, double now);
  void set_up(int h, bool up, double now);
  void set_rack(int h, std::string rack) { info_[idx(h)].rack = std::move(rack); }

  /// Brings host h's integrals to `now` (before reading them at the end of a run).
  void advance(int h, double now);
  [[nodiscard]] double power_w(int h) const;
  [[nodiscard]] double vcpu_seconds(int h) const { return state_[idx(h)].vcpu_seconds; }
  [[nodiscard]] double memory_seconds(int h) const { return state_[idx(h)].memory_seconds; }
  [[nodiscard]] double energy_j(int h) const { return state_[idx(h)].energy_j; }

  /// The host called `name`, or -1.
  [[nodiscard]] int find(const std::string& name) const;

 private:
  struct State {
    Demand capacity;
    Demand used;
    std::int64_t instances = 0;
    std::int64_t physical_vcpus = 0;
    double load_per_vcpu_milli = 0;  // 1 / physical milli-vCPUs
    double idle_w = 0;
    double span_w = 0;  // max - idle
    double last_t = 0;
    double vcpu_seconds = 0;
    double memory_seconds = 0;
    double energy_j = 0;
    std::int64_t placements = 0;
    std::int64_t failures = 0;
    bool up = true;
  };
  static std::size_t idx(int h) { return static_cast<std::size_t>(h); }
  static double power_of(const State& s);

  std::vector<State> state_;
  std::vector<HostInfo> info_;
  std::map<std::string, int, std::less<>> by_name_;
};

}  // namespace stacksim::scenarios
