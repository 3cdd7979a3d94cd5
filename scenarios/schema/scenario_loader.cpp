#include "scenarios/schema/scenario_loader.hpp"

#include <filesystem>

#include "scenarios/schema/overrides.hpp"
#include "scenarios/schema/sections.hpp"

namespace stacksim::scenarios {
namespace {

void check_bounded(const JsonFields& root, const Scenario& s) {
  if (s.duration_s || s.workload.max_arrivals) return;
  for (const auto& g : s.workload.generators) {
    const bool bounded = g.end_s || g.max_arrivals || (g.kind == "batch" && !g.every_s);
    if (!bounded) {
      root.fail("duration_s", "generator \"" + g.name +
                                  "\" never stops: set duration_s, workload.max_arrivals, or the "
                                  "generator's end_s or max_arrivals");
    }
  }
}

}  // namespace

Scenario parse_scenario(const nlohmann::json& document, const std::string& file) {
  const JsonFields root(document, file, "");
  const std::filesystem::path base_dir =
      std::filesystem::absolute(std::filesystem::path(file)).parent_path();
  Scenario s;
  s.file = file;
  s.text = document.dump(2);
  s.name = root.string_or("name", std::filesystem::path(file).stem().string());
  s.description = root.string_or("description", "");
  s.seed = static_cast<std::uint64_t>(
      root.has("seed") ? root.integer_in("seed", 0, std::int64_t{1} << 53) : 1);
  if (root.has("duration_s")) s.duration_s = root.positive("duration_s");
  s.backend = read_backend(root);
  const bool live = s.backend.type == "live";
  // Live hosts come from the backend section; a datacenter section is optional there.
  if (!live || root.has("datacenter")) s.datacenter = read_datacenter(root.object("datacenter"));
  if (root.has("control_plane")) s.control_plane = read_control_plane(root.object("control_plane"));
  s.flavors = read_flavors(root);
  s.images = read_images(root);
  s.servers = read_servers(root, s.flavors, s.images);
  // A scenario that only boots its servers needs no workload, nor does one that only describes the
  // cloud (`stacksim serve`: the clients are the workload).
  if (root.has("workload") || (s.servers.empty() && !root.has("datacenter"))) {
    s.workload = read_workload(root.object("workload"), s.flavors, s.datacenter, s.seed, base_dir);
  }
  s.faults = read_faults(root, s.datacenter);
  s.ring_events = read_ring_events(root, s.datacenter);
  if (root.has("ring_replication")) {
    s.ring_replication = read_ring_replication(root.object("ring_replication"));
  }
  if (root.has("telemetry")) {
    const JsonFields t = root.object("telemetry");
    s.telemetry.interval_s = t.positive_or("interval_s", s.telemetry.interval_s);
    s.telemetry.host_samples = t.boolean_or("host_samples", false);
    t.reject_unknown_keys();
  }
  if (root.has("outputs")) {
    const JsonFields o = root.object("outputs");
    s.outputs.database = o.string_or("database", "");
    s.outputs.csv_dir = o.string_or("csv_dir", "");
    s.outputs.json = o.string_or("json", "");
    s.outputs.report = o.string_or("report", "");
    if (o.has("record")) {
      const JsonFields r = o.object("record");
      s.outputs.record_decisions = r.boolean_or("decisions", true);
      s.outputs.record_instances = r.boolean_or("instances", true);
      r.reject_unknown_keys();
    }
    o.reject_unknown_keys();
  }
  if (root.has("autoscaling"))
    s.autoscaling = read_autoscaling(root.object("autoscaling"), base_dir);
  bool any_compute = false;
  for (const auto& c : s.datacenter.host_classes)
    any_compute |= c.role == "compute";
  if (!any_compute && !s.workload.machines_from_trace && !live) {
    root.fail("datacenter", "no host class with role \"compute\" to place instances on");
  }
  check_bounded(root, s);
  root.reject_unknown_keys();
  return s;
}

Scenario load_scenario(const std::string& file, const std::vector<std::string>& overrides) {
  nlohmann::json document = JsonFields::parse_file(file);
  apply_overrides(document, overrides);
  return parse_scenario(document, file);
}

}  // namespace stacksim::scenarios
