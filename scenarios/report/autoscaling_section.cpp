#include "scenarios/report/autoscaling_section.hpp"

#include <algorithm>
#include <vector>

#include "scenarios/report/svg_chart.hpp"
#include "scenarios/report/terminal_summary.hpp"

namespace stacksim::scenarios {
namespace {

bool has_autoscaling(const store::Database& db) {
  store::Statement q =
      db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'autoscaling_runs'");
  return q.step();
}

struct Series {
  std::vector<double> t, group_size, demand, capacity, unserved, violations, power_kw, energy_kwh;
};

Series read_series(const store::Database& db, const std::string& run, double time_unit) {
  Series s;
  store::Statement q = db.prepare(
      "SELECT time_s, group_size, demand_vcpus, capacity_vcpus, unserved_vcpus, sla_violation, "
      "power_watts, energy_joules FROM autoscaling_samples WHERE run = ?1 ORDER BY time_s");
  q.bind_all(run);
  double violations = 0;
  while (q.step()) {
    s.t.push_back(q.column_double(0) / time_unit);
    s.group_size.push_back(q.column_double(1));
    s.demand.push_back(q.column_double(2));
    s.capacity.push_back(q.column_double(3));
    s.unserved.push_back(q.column_double(4));
    violations += q.column_double(5);
    s.violations.push_back(violations);
    s.power_kw.push_back(q.column_double(6) / 1000.0);
    s.energy_kwh.push_back(q.column_double(7) / 3.6e6);
  }
  return s;
}

}  // namespace

AutoscalingTotals autoscaling_totals(const std::string& run,
                                     const orchestration::AutoscalingResult& result) {
  AutoscalingTotals t;
  t.run = run;
  t.samples = static_cast<std::int64_t>(result.samples.size());
  t.scale_outs = result.scale_outs;
  t.scale_ins = result.scale_ins;
  t.sla_violations = result.sla_violations;
  t.mean_group_size = result.mean_group_size;
  t.energy_joules = result.energy_joules;
  if (!result.samples.empty()) {
    const auto [lo, hi] = std::minmax_element(
        result.samples.begin(), result.samples.end(),
        [](const auto& a, const auto& b) { return a.group_size < b.group_size; });
    t.min_group_size = lo->group_size;
    t.max_group_size = hi->group_size;
    t.duration_s = result.samples.back().time_s;
  }
  return t;
}

std::optional<AutoscalingTotals> read_autoscaling_totals(const store::Database& db) {
  if (!has_autoscaling(db)) return std::nullopt;
  store::Statement q = db.prepare(
      "SELECT r.run, r.samples, r.scale_outs, r.scale_ins, r.sla_violations, r.mean_group_size, "
      "r.energy_joules, min(s.group_size), max(s.group_size), max(s.time_s) "
      "FROM autoscaling_runs r JOIN autoscaling_samples s ON s.run = r.run "
      "GROUP BY r.run ORDER BY r.rowid LIMIT 1");
  if (!q.step()) return std::nullopt;
  AutoscalingTotals t;
  t.run = q.column_text(0);
  t.samples = q.column_int64(1);
  t.scale_outs = q.column_int64(2);
  t.scale_ins = q.column_int64(3);
  t.sla_violations = q.column_int64(4);
  t.mean_group_size = q.column_double(5);
  t.energy_joules = q.column_double(6);
  t.min_group_size = q.column_int(7);
  t.max_group_size = q.column_int(8);
  t.duration_s = q.column_double(9);
  return t;
}

std::string autoscaling_report_section(const store::Database& db) {
  const std::optional<AutoscalingTotals> totals = read_autoscaling_totals(db);
  if (!totals) return {};
  const double unit = totals->duration_s > 7200 ? 3600.0 : 1.0;
  const std::string time_label = unit > 1 ? "experiment time (h)" : "experiment time (s)";
  const Series s = read_series(db, totals->run, unit);
  std::string body = "<pre class=\"summary\">" + xml_escape(format_autoscaling(*totals)) + "</pre>";
  body += svg_line_chart({"Group size", time_label, "servers"}, {{"members", s.t, s.group_size}});
  body += svg_line_chart(
      {"Demand against the group's capacity", time_label, "vCPUs"},
      {{"demand", s.t, s.demand}, {"capacity", s.t, s.capacity}, {"unserved", s.t, s.unserved}});
  body += svg_line_chart({"SLA violations (samples with unserved demand)", time_label, "samples"},
                         {{"violations so far", s.t, s.violations}});
  body += svg_line_chart({"Power", time_label, "kW"}, {{"power", s.t, s.power_kw}});
  body += svg_line_chart({"Energy used", time_label, "kWh"}, {{"energy", s.t, s.energy_kwh}});
  return "<section><h2>Autoscaling</h2>" + body + "</section>\n";
}

}  // namespace stacksim::scenarios
