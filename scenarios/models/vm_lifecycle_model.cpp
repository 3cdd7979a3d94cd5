#include "scenarios/models/vm_lifecycle_model.hpp"

#include <chrono>
#include <set>
#include <stdexcept>
#include <utility>

#include "sim/engine/random_streams.hpp"
#include "sim/engine/simulator.hpp"

namespace stacksim::scenarios {
namespace {

class LifecycleRun {
 public:
  explicit LifecycleRun(const VmLifecycleParams& p)
      : p_(p),
        streams_(p.seed),
        arrivals_rng_(streams_.stream("workload.arrivals")),
        free_vcpu_(static_cast<std::size_t>(p.hosts), p.host_vcpus),
        free_ram_(static_cast<std::size_t>(p.hosts), p.host_memory_mb) {
    result_.rejected_per_flavor.assign(p.flavors.size(), 0);
    for (int h = 0; h < p.hosts; ++h) by_free_ram_.emplace(p.host_memory_mb, h);
  }

  VmLifecycleResult run() {
    const auto wall_start = std::chrono::steady_clock::now();
    schedule_next_arrival();
    sim_.run_until_idle();
    result_.wall_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
    const double t_end = runtime::to_seconds(sim_.now());
    const double total_vcpu = static_cast<double>(p_.hosts) * p_.host_vcpus;
    const double total_ram = static_cast<double>(p_.hosts) * static_cast<double>(p_.host_memory_mb);
    result_.sim_time_s = t_end;
    result_.events = sim_.events_processed();
    result_.util_vcpu = vcpu_seconds_ / (total_vcpu * t_end);
    result_.util_ram = ram_seconds_ / (total_ram * t_end);
    const double window = t_end - half_time_;
    result_.util_vcpu_2h = (vcpu_seconds_ - vcpu_seconds_at_half_) / (total_vcpu * window);
    result_.util_ram_2h = (ram_seconds_ - ram_seconds_at_half_) / (total_ram * window);
    const auto second_half = p_.arrivals - p_.arrivals / 2;
    result_.reject_frac_2h =
        static_cast<double>(result_.rejected - rejected_at_half_) / static_cast<double>(second_half);
    result_.active_end = active_;
    return std::move(result_);
  }

 private:
  // Time-weighted usage integrals, advanced before every change of usage.
  void accumulate() {
    const double t = runtime::to_seconds(sim_.now());
    const double dt = t - last_t_;
    vcpu_seconds_ += static_cast<double>(used_vcpu_) * dt;
    ram_seconds_ += static_cast<double>(used_ram_) * dt;
    last_t_ = t;
  }

  void schedule_next_arrival() {
    const double gap = arrivals_rng_.exponential(1.0 / p_.arrival_rate_per_s);
    sim_.schedule_after(runtime::from_seconds(gap), [this] { arrive(); });
  }

  int choose_host(const LifecycleFlavor& f) const {
    if (p_.policy == PlacementPolicy::first_fit) {
      for (int h = 0; h < p_.hosts; ++h) {
        const auto i = static_cast<std::size_t>(h);
        if (free_vcpu_[i] >= f.vcpus && free_ram_[i] >= f.memory_mb) return h;
      }
      return -1;
    }
    // Best fit: least free RAM that still fits; (free RAM, index) order breaks ties by index.
    for (auto it = by_free_ram_.lower_bound({f.memory_mb, 0}); it != by_free_ram_.end(); ++it) {
      if (free_vcpu_[static_cast<std::size_t>(it->second)] >= f.vcpus) return it->second;
    }
    return -1;
  }

  void take(int host, std::int64_t ram, int vcpus) {
    const auto i = static_cast<std::size_t>(host);
    by_free_ram_.erase({free_ram_[i], host});
    free_ram_[i] -= ram;
    free_vcpu_[i] -= vcpus;
    by_free_ram_.emplace(free_ram_[i], host);
  }

  void arrive() {
    accumulate();
    ++arrived_;
    const auto f_index = static_cast<std::size_t>(arrivals_rng_.below(p_.flavors.size()));
    const LifecycleFlavor& f = p_.flavors[f_index];
    const double lifetime = arrivals_rng_.exponential(p_.mean_lifetime_s);
    const int host = choose_host(f);
    if (host < 0) {
      ++result_.rejected;
      ++result_.rejected_per_flavor[f_index];
    } else {
      ++result_.placed;
      ++active_;
      take(host, f.memory_mb, f.vcpus);
      used_vcpu_ += f.vcpus;
      used_ram_ += f.memory_mb;
      sim_.schedule_after(runtime::from_seconds(lifetime),
                          [this, host, f_index] { depart(host, f_index); });
    }
    if (arrived_ == p_.arrivals / 2) {
      half_time_ = last_t_;
      vcpu_seconds_at_half_ = vcpu_seconds_;
      ram_seconds_at_half_ = ram_seconds_;
      rejected_at_half_ = result_.rejected;
    }
    if (arrived_ == p_.arrivals) {
      sim_.stop();  // departures after the last arrival are never processed
      return;
    }
    schedule_next_arrival();
  }

  void depart(int host, std::size_t f_index) {
    accumulate();
    const LifecycleFlavor& f = p_.flavors[f_index];
    take(host, -f.memory_mb, -f.vcpus);
    used_vcpu_ -= f.vcpus;
    used_ram_ -= f.memory_mb;
    --active_;
  }

  const VmLifecycleParams& p_;
  sim::Simulator sim_;
  sim::RandomStreams streams_;
  runtime::Random& arrivals_rng_;
  std::vector<int> free_vcpu_;
  std::vector<std::int64_t> free_ram_;
  std::set<std::pair<std::int64_t, int>> by_free_ram_;
  VmLifecycleResult result_;
  std::int64_t arrived_ = 0;
  std::int64_t active_ = 0;
  std::int64_t used_vcpu_ = 0;
  std::int64_t used_ram_ = 0;
  double last_t_ = 0;
  double vcpu_seconds_ = 0;
  double ram_seconds_ = 0;
  double half_time_ = 0;
  double vcpu_seconds_at_half_ = 0;
  double ram_seconds_at_half_ = 0;
  std::int64_t rejected_at_half_ = 0;
};

}  // namespace

VmLifecycleResult run_vm_lifecycle_model(const VmLifecycleParams& params) {
  if (params.hosts <= 0 || params.host_vcpus <= 0 || params.host_memory_mb <= 0) {
    throw std::invalid_argument("hosts, host vCPUs and host memory must be positive");
  }
  if (params.arrivals <= 0) throw std::invalid_argument("arrivals must be positive");
  if (params.flavors.empty()) throw std::invalid_argument("at least one flavor is required");
  return LifecycleRun(params).run();
}

}  // namespace stacksim::scenarios
