#include "scenarios/runner/host_pool.hpp"

#include <algorithm>
#include <cstdio>
#include <stdexcept>

namespace stacksim::scenarios {

std::string describe(const Demand& d) {
  char text[96];
  if (d.vcpu_milli % 1000 == 0) {
    std::snprintf(text, sizeof text, "%lld vCPU, %lld MB",
                  static_cast<long long>(d.vcpu_milli / 1000), static_cast<long long>(d.memory_mb));
  } else {
    std::snprintf(text, sizeof text, "%.3f vCPU, %lld MB", static_cast<double>(d.vcpu_milli) / 1000,
                  static_cast<long long>(d.memory_mb));
  }
  std::string out = text;
  if (d.disk_gb > 0) out += ", " + std::to_string(d.disk_gb) + " GB disk";
  return out;
}

int HostPool::add(HostInfo info, std::int64_t physical_vcpus, Demand capacity, Power power) {
  const int h = size();
  if (!by_name_.emplace(info.name, h).second) {
    throw std::invalid_argument("host " + info.name + " added twice");
  }
  info_.push_back(std::move(info));
  State s;
  s.capacity = capacity;
  s.physical_vcpus = physical_vcpus;
  s.load_per_vcpu_milli = 1.0 / (1000.0 * static_cast<double>(physical_vcpus));
  s.idle_w = power.idle_w;
  s.span_w = power.max_w - power.idle_w;
  state_.push_back(s);
  return h;
}

double HostPool::power_of(const State& s) {
  if (!s.up) return 0.0;
  return s.idle_w +
         s.span_w * std::min(1.0, static_cast<double>(s.used.vcpu_milli) * s.load_per_vcpu_milli);
}

double HostPool::power_w(int h) const {
  return power_of(state_[idx(h)]);
}

void HostPool::advance(int h, double now) {
  State& s = state_[idx(h)];
  const double dt = now - s.last_t;
  if (dt <= 0) return;
  s.vcpu_seconds += static_cast<double>(s.used.vcpu_milli) * 1e-3 * dt;
  s.memory_seconds += static_cast<double>(s.used.memory_mb) * dt;
  s.energy_j += power_of(s) * dt;
  s.last_t = now;
}

void HostPool::claim(int h, const Demand& d, double now) {
  advance(h, now);
  State& s = state_[idx(h)];
  s.used.vcpu_milli += d.vcpu_milli;
  s.used.memory_mb += d.memory_mb;
  s.used.disk_gb += d.disk_gb;
  ++s.instances;
  ++s.placements;
}

void HostPool::release(int h, const Demand& d, double now) {
  advance(h, now);
  State& s = state_[idx(h)];
  s.used.vcpu_milli -= d.vcpu_milli;
  s.used.memory_mb -= d.memory_mb;
  s.used.disk_gb -= d.disk_gb;
  --s.instances;
}

void HostPool::set_up(int h, bool up, double now) {
  advance(h, now);
  State& s = state_[idx(h)];
  if (s.up && !up) ++s.failures;
  s.up = up;
}

int HostPool::find(const std::string& name) const {
  const auto it = by_name_.find(name);
  return it == by_name_.end() ? -1 : it->second;
}

}  // namespace stacksim::scenarios
