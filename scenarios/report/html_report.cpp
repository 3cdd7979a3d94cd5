#include "scenarios/report/html_report.hpp"

#include <cmath>
#include <fstream>
#include <map>

#include "scenarios/report/autoscaling_section.hpp"
#include "scenarios/report/replication_section.hpp"
#include "scenarios/report/svg_chart.hpp"
#include "scenarios/report/terminal_summary.hpp"
#include "scenarios/scenario_error.hpp"

namespace stacksim::scenarios {
namespace {

struct Samples {
  std::vector<double> t, vcpus, memory, power_kw, instances, placed, rejected, evacuations, lost,
      hosts_empty;
};

Samples read_samples(const store::Database& db, double time_unit) {
  Samples s;
  store::Statement q = db.prepare(
      "SELECT time_s, vcpus_used, memory_used_mb, power_w, instances, placed, rejected,"
      " evacuations, lost, hosts_empty FROM samples ORDER BY time_s");
  while (q.step()) {
    s.t.push_back(q.column_double(0) / time_unit);
    s.vcpus.push_back(q.column_double(1));
    s.memory.push_back(q.column_double(2));
    s.power_kw.push_back(q.column_double(3) / 1000.0);
    s.instances.push_back(q.column_double(4));
    s.placed.push_back(q.column_double(5));
    s.rejected.push_back(q.column_double(6));
    s.evacuations.push_back(q.column_double(7));
    s.lost.push_back(q.column_double(8));
    s.hosts_empty.push_back(q.column_double(9));
  }
  return s;
}

std::vector<HostRow> read_hosts(const store::Database& db) {
  std::vector<HostRow> hosts;
  store::Statement q = db.prepare(
      "SELECT name, host_class, availability_zone, rack, vcpus, memory_mb FROM hosts ORDER BY id");
  while (q.step()) {
    HostRow h;
    h.name = q.column_text(0);
    h.host_class = q.column_text(1);
    h.availability_zone = q.column_text(2);
    h.rack = q.column_text(3);
    h.vcpus = q.column_int64(4);
    h.memory_mb = q.column_int64(5);
    hosts.push_back(std::move(h));
  }
  return hosts;
}

RunSummary summary_from_json(const nlohmann::json& j) {
  RunSummary s;
  const auto num = [&](const char* k) { return j.contains(k) ? j[k].get<double>() : 0.0; };
  const auto opt = [&](const char* k) {
    return j.contains(k) ? std::optional<double>(j[k].get<double>()) : std::nullopt;
  };
  s.scenario = j.value("scenario", "");
  s.placement_policy = j.value("placement_policy", "");
  s.seed = j.value("seed", std::uint64_t{0});
  s.hosts = j.value("hosts", 0);
  s.arrivals = j.value("arrivals", std::int64_t{0});
  s.placed = j.value("placed", std::int64_t{0});
  s.rejected = j.value("rejected", std::int64_t{0});
  if (j.contains("rejected_by_flavor")) {
    for (auto it = j["rejected_by_flavor"].begin(); it != j["rejected_by_flavor"].end(); ++it) {
      s.rejected_by_flavor.emplace_back(it.key(), it->get<std::int64_t>());
    }
  }
  s.departures = j.value("departures", std::int64_t{0});
  s.evacuations = j.value("evacuations", std::int64_t{0});
  s.lost = j.value("lost", std::int64_t{0});
  s.host_failures = j.value("host_failures", std::int64_t{0});
  s.active_end = j.value("active_end", std::int64_t{0});
  s.model_events = j.value("model_events", std::uint64_t{0});
  s.engine_events = j.value("engine_events", std::uint64_t{0});
  s.sim_time_s = num("sim_time_s");
  s.wall_s = num("wall_s");
  s.util_vcpu = num("util_vcpu");
  s.util_ram = num("util_ram");
  s.util_vcpu_2h = opt("util_vcpu_2h");
  s.util_ram_2h = opt("util_ram_2h");
  s.reject_frac_2h = opt("reject_frac_2h");
  s.energy_kwh = num("energy_kwh");
  s.interrupted = j.value("interrupted", false);
  s.trace_rows = j.value("trace_rows", std::int64_t{0});
  s.trace_bad_rows = j.value("trace_bad_rows", std::int64_t{0});
  s.trace_ignored_rows = j.value("trace_ignored_rows", std::int64_t{0});
  s.trace_filtered = j.value("trace_filtered", std::int64_t{0});
  if (j.contains("trace_bad_row_examples")) {
    s.trace_bad_row_examples = j["trace_bad_row_examples"].get<std::vector<std::string>>();
  }
  s.ring_events = j.value("ring_events", std::int64_t{0});
  s.ring_rebalances = j.value("ring_rebalances", std::int64_t{0});
  s.ring_bytes_moved = j.value("ring_bytes_moved", std::int64_t{0});
  s.ring_time_to_full_replication_s = opt("ring_time_to_full_replication_s");
  return s;
}

std::string section(const std::string& title, const std::string& body) {
  return "<section><h2>" + xml_escape(title) + "</h2>" + body + "</section>\n";
}

}  // namespace

StoredRun read_stored_run(const store::Database& db) {
  StoredRun run;
  store::Statement q = db.prepare("SELECT status, summary FROM runs WHERE id = 1");
  if (!q.step()) throw ScenarioError(db.name(), "table runs", "no run recorded");
  run.status = q.column_text(0);
  if (!q.is_null(1)) run.summary = summary_from_json(nlohmann::json::parse(q.column_text(1)));
  run.hosts_line = describe_hosts(read_hosts(db));
  return run;
}

void write_html_report(const store::Database& db, const std::filesystem::path& file) {
  const StoredRun run = read_stored_run(db);
  std::string name, scenario_text, started;
  {
    store::Statement q = db.prepare("SELECT name, scenario, started_at FROM runs WHERE id = 1");
    q.step();
    name = q.column_text(0);
    scenario_text = q.column_text(1);
    started = q.column_text(2);
  }
  const std::vector<HostRow> hosts = read_hosts(db);
  double physical_vcpus = 0, physical_memory = 0;
  for (const auto& h : hosts) {
    physical_vcpus += static_cast<double>(h.vcpus);
    physical_memory += static_cast<double>(h.memory_mb);
  }
  const double horizon = run.summary.sim_time_s;
  const double unit = horizon > 7200 ? 3600.0 : 1.0;
  const std::string time_label = unit > 1 ? "simulated time (h)" : "simulated time (s)";
  const Samples s = read_samples(db, unit);

  std::string body;
  body += "<pre class=\"summary\">" + xml_escape(format_summary(run.summary, run.hosts_line)) +
          "</pre>\n";

  ChartSeries vcpu{"vCPU", s.t, {}}, ram{"RAM", s.t, {}};
  for (std::size_t i = 0; i < s.t.size(); ++i) {
    vcpu.y.push_back(physical_vcpus > 0 ? 100 * s.vcpus[i] / physical_vcpus : 0);
    ram.y.push_back(physical_memory > 0 ? 100 * s.memory[i] / physical_memory : 0);
  }
  body += section("Utilisation over time",
                  svg_line_chart({"Used / physical capacity", time_label, "%"}, {vcpu, ram}));

  body += section("Acceptance and rejection",
                  svg_line_chart({"Instances per sample interval", time_label, "instances"},
                                 {{"placed", s.t, s.placed}, {"rejected", s.t, s.rejected}}));
  if (!run.summary.rejected_by_flavor.empty()) {
    std::vector<std::string> labels;
    std::vector<double> values;
    for (const auto& [flavor, n] : run.summary.rejected_by_flavor) {
      labels.push_back(flavor);
      values.push_back(static_cast<double>(n));
    }
    body += svg_bar_chart({"Rejections by flavor", "", "rejected"}, labels, values);
  }

  // Placement spread: how evenly time-averaged vCPU use is spread over hosts.
  std::vector<double> bins(10, 0.0);
  {
    store::Statement q = db.prepare("SELECT util_vcpu FROM hosts WHERE util_vcpu IS NOT NULL");
    while (q.step()) {
      const double u = q.column_double(0);
      bins[static_cast<std::size_t>(std::clamp(static_cast<int>(u * 10), 0, 9))] += 1;
    }
  }
  std::vector<std::string> bin_labels;
  for (int b = 0; b < 10; ++b)
    bin_labels.push_back(std::to_string(b * 10) + "-" + std::to_string(b * 10 + 10) + "%");
  body += section(
      "Placement spread",
      svg_bar_chart({"Hosts by time-averaged vCPU use", "vCPU use", "hosts"}, bin_labels, bins) +
          svg_line_chart({"Hosts up without instances", time_label, "hosts"},
                         {{"empty hosts", s.t, s.hosts_empty}}));

  ChartSeries energy{"energy (kWh)", s.t, {}};
  double kwh = 0;
  for (std::size_t i = 0; i < s.t.size(); ++i) {
    if (i > 0) kwh += s.power_kw[i - 1] * (s.t[i] - s.t[i - 1]) * unit / 3600.0;
    energy.y.push_back(kwh);
  }
  body +=
      section("Energy", svg_line_chart({"Power", time_label, "kW"}, {{"power", s.t, s.power_kw}}) +
                            svg_line_chart({"Energy used", time_label, "kWh"}, {energy}));
  body += section("Migrations and failures",
                  svg_line_chart({"Per sample interval", time_label, "instances"},
                                 {{"evacuated", s.t, s.evacuations}, {"lost", s.t, s.lost}}));
  body += replication_report_section(db);
  body += autoscaling_report_section(db);
  body += section("Scenario", "<pre>" + xml_escape(scenario_text) + "</pre>");

  std::ofstream out(file, std::ios::binary);
  if (!out) throw ScenarioError(file.string(), "", "cannot write the report");
  out << "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>stacksim: "
      << xml_escape(name) << "</title>\n<style>body{font-family:sans-serif;max-width:780px;"
      << "margin:2em auto;color:#222}h1{font-size:1.5em}h2{font-size:1.15em;border-bottom:1px "
      << "solid #ccc}pre{background:#f6f6f6;padding:.8em;overflow-x:auto;font-size:.85em}"
      << "svg{display:block;margin:.5em 0}</style></head><body>\n<h1>stacksim run: "
      << xml_escape(name) << "</h1>\n<p>Status: " << xml_escape(run.status) << " &middot; started "
      << xml_escape(started) << "</p>\n"
      << body << "</body></html>\n";
}

}  // namespace stacksim::scenarios
