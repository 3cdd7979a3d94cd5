#include "scenarios/report/terminal_summary.hpp"

#include <cstdarg>
#include <cstdio>

namespace stacksim::scenarios {
namespace {

void appendf(std::string& out, const char* format, ...) __attribute__((format(printf, 2, 3)));
void appendf(std::string& out, const char* format, ...) {
  char buffer[512];
  va_list args;
  va_start(args, format);
  std::vsnprintf(buffer, sizeof buffer, format, args);
  va_end(args);
  out += buffer;
}

double percent(std::int64_t part, std::int64_t whole) {
  return whole > 0 ? 100.0 * static_cast<double>(part) / static_cast<double>(whole) : 0.0;
}

}  // namespace

std::string describe_hosts(const std::vector<HostRow>& hosts) {
  std::string out;
  std::size_t i = 0;
  while (i < hosts.size()) {
    // Consecutive hosts of one class with one size form a group.
    std::size_t j = i;
    while (j < hosts.size() && hosts[j].host_class == hosts[i].host_class &&
           hosts[j].vcpus == hosts[i].vcpus && hosts[j].memory_mb == hosts[i].memory_mb) {
      ++j;
    }
    if (!out.empty()) out += "; ";
    appendf(out, "%s: %zu x %lld vCPU / %lld MB", hosts[i].host_class.c_str(), j - i,
            static_cast<long long>(hosts[i].vcpus), static_cast<long long>(hosts[i].memory_mb));
    i = j;
    if (out.size() > 200) {
      appendf(out, "; ... (%zu hosts in all)", hosts.size());
      break;
    }
  }
  return out;
}

std::string format_summary(const RunSummary& s, const std::string& hosts_line) {
  std::string out;
  appendf(out, "scenario    %s (seed %llu)%s\n", s.scenario.c_str(),
          static_cast<unsigned long long>(s.seed), s.interrupted ? "  [interrupted]" : "");
  appendf(out, "hosts       %s, %s placement\n", hosts_line.c_str(), s.placement_policy.c_str());
  appendf(out, "simulated   %.1f s (%.2f h), %llu events in %.3f s wall (%.2f M events/s)\n",
          s.sim_time_s, s.sim_time_s / 3600, static_cast<unsigned long long>(s.model_events),
          s.wall_s, s.wall_s > 0 ? static_cast<double>(s.model_events) / s.wall_s / 1e6 : 0.0);
  appendf(out, "arrivals    %lld placed, %lld rejected (%.2f%%", static_cast<long long>(s.placed),
          static_cast<long long>(s.rejected), percent(s.rejected, s.arrivals));
  if (s.reject_frac_2h) appendf(out, "; second half %.2f%%", 100 * *s.reject_frac_2h);
  out += ")\n";
  for (const auto& [flavor, n] : s.rejected_by_flavor) {
    appendf(out, "            %-12s %lld rejected\n", flavor.c_str(), static_cast<long long>(n));
  }
  appendf(out, "utilisation vCPU %.1f%%, RAM %.1f%%", 100 * s.util_vcpu, 100 * s.util_ram);
  if (s.util_vcpu_2h && s.util_ram_2h) {
    appendf(out, " (second half: %.1f%%, %.1f%%)", 100 * *s.util_vcpu_2h, 100 * *s.util_ram_2h);
  }
  out += "\n";
  appendf(out, "active      %lld instances at the end\n", static_cast<long long>(s.active_end));
  if (s.host_failures > 0) {
    appendf(out, "faults      %lld host failures, %lld evacuated, %lld lost\n",
            static_cast<long long>(s.host_failures), static_cast<long long>(s.evacuations),
            static_cast<long long>(s.lost));
  }
  appendf(out, "energy      %.1f kWh\n", s.energy_kwh);
  if (s.trace_rows > 0 || s.trace_bad_rows > 0) {
    appendf(out, "trace       %lld rows, %lld ignored, %lld filtered out, %lld malformed skipped\n",
            static_cast<long long>(s.trace_rows), static_cast<long long>(s.trace_ignored_rows),
            static_cast<long long>(s.trace_filtered), static_cast<long long>(s.trace_bad_rows));
    for (const auto& e : s.trace_bad_row_examples)
      appendf(out, "            %s\n", e.c_str());
  }
  if (s.ring_events > 0) {
    appendf(out, "rings       %lld events, %lld rebalances, %.2f GB replicated, ",
            static_cast<long long>(s.ring_events), static_cast<long long>(s.ring_rebalances),
            static_cast<double>(s.ring_bytes_moved) / 1e9);
    if (s.ring_time_to_full_replication_s) {
      appendf(out, "full replication %.1f s after the first event\n",
              *s.ring_time_to_full_replication_s);
    } else {
      out += "not fully replicated by the end of the run\n";
    }
  }
  return out;
}

std::string format_autoscaling(const AutoscalingTotals& t) {
  std::string out;
  appendf(out, "autoscaling %lld scale-outs, %lld scale-ins, group %d-%d (mean %.2f) over %.2f h\n",
          static_cast<long long>(t.scale_outs), static_cast<long long>(t.scale_ins),
          t.min_group_size, t.max_group_size, t.mean_group_size, t.duration_s / 3600);
  appendf(out, "            SLA violations %lld of %lld samples (%.2f%%), %.2f kWh\n",
          static_cast<long long>(t.sla_violations), static_cast<long long>(t.samples),
          percent(t.sla_violations, t.samples), t.energy_joules / 3.6e6);
  return out;
}

}  // namespace stacksim::scenarios
