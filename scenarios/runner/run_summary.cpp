#include "scenarios/runner/run_summary.hpp"

namespace stacksim::scenarios {

nlohmann::json RunSummary::to_json() const {
  nlohmann::json j;
  j["scenario"] = scenario;
  j["placement_policy"] = placement_policy;
  j["seed"] = seed;
  j["hosts"] = hosts;
  j["arrivals"] = arrivals;
  j["placed"] = placed;
  j["rejected"] = rejected;
  j["reject_frac"] = reject_frac();
  nlohmann::json by_flavor = nlohmann::json::object();
  for (const auto& [name, n] : rejected_by_flavor)
    by_flavor[name] = n;
  j["rejected_by_flavor"] = by_flavor;
  j["departures"] = departures;
  j["evacuations"] = evacuations;
  j["lost"] = lost;
  j["host_failures"] = host_failures;
  j["active_end"] = active_end;
  j["model_events"] = model_events;
  j["engine_events"] = engine_events;
  j["sim_time_s"] = sim_time_s;
  j["wall_s"] = wall_s;
  j["util_vcpu"] = util_vcpu;
  j["util_ram"] = util_ram;
  if (util_vcpu_2h) j["util_vcpu_2h"] = *util_vcpu_2h;
  if (util_ram_2h) j["util_ram_2h"] = *util_ram_2h;
  if (reject_frac_2h) j["reject_frac_2h"] = *reject_frac_2h;
  j["energy_kwh"] = energy_kwh;
  j["interrupted"] = interrupted;
  if (trace_rows > 0 || trace_bad_rows > 0) {
    j["trace_rows"] = trace_rows;
    j["trace_bad_rows"] = trace_bad_rows;
    j["trace_ignored_rows"] = trace_ignored_rows;
    j["trace_filtered"] = trace_filtered;
    j["trace_bad_row_examples"] = trace_bad_row_examples;
  }
  if (ring_events > 0) {
    j["ring_events"] = ring_events;
    j["ring_rebalances"] = ring_rebalances;
    j["ring_bytes_moved"] = ring_bytes_moved;
    if (ring_time_to_full_replication_s) {
      j["ring_time_to_full_replication_s"] = *ring_time_to_full_replication_s;
    }
  }
  return j;
}

}  // namespace stacksim::scenarios
