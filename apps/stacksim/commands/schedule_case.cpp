#include "apps/stacksim/commands/schedule_case.hpp"

#include <algorithm>
#include <set>
#include <stdexcept>

#include "core/scheduler/hv_spec.hpp"
#include "core/scheduler/invalid_request.hpp"
#include "core/scheduler/plugin_registry.hpp"
#include "core/scheduler/python_text.hpp"
#include "core/scheduler/server_groups.hpp"
#include "scenarios/json_fields.hpp"

namespace stacksim::apps {
namespace {

using nlohmann::json;
using scenarios::JsonFields;
using scenarios::ScenarioError;

/// A JSON object read through JsonFields, with access to raw values where null is meaningful.
struct Obj {
  const json& raw;
  JsonFields fields;

  Obj(const json& object, const std::string& file, const std::string& path)
      : raw(object), fields(object, file, path) {}

  [[nodiscard]] std::string path() const {
    const std::string p = fields.path_of("");
    return p.substr(0, p.size() - 1);
  }
  [[nodiscard]] bool is_null(const char* key) const {
    const bool present = fields.has(key);  // marks the key as known
    return present && raw.at(key).is_null();
  }
  [[nodiscard]] bool present(const char* key) const { return fields.has(key) && !is_null(key); }
  [[nodiscard]] Obj object(const char* key) const {
    (void)fields.object(key);  // type check with a path-naming error
    return Obj(raw.at(key), fields.file(), fields.path_of(key));
  }
  [[nodiscard]] Obj element(const char* array_key, std::size_t i) const {
    const json& array = fields.array(array_key);
    (void)fields.element(array, i, array_key);
    return Obj(array.at(i), fields.file(), fields.path_of(array_key) + "/" + std::to_string(i));
  }
  [[nodiscard]] std::optional<std::string> optional_string(const char* key) const {
    if (!present(key)) return std::nullopt;
    return fields.string(key);
  }
  [[nodiscard]] std::int64_t non_negative(const char* key, std::int64_t fallback) const {
    if (!present(key)) return fallback;
    const std::int64_t v = fields.integer(key);
    if (v < 0) fields.fail(key, "expected an integer >= 0, found " + std::to_string(v));
    return v;
  }
  [[nodiscard]] std::optional<double> optional_ratio(const char* key) const {
    if (!present(key)) return std::nullopt;
    return fields.positive(key, true);
  }
  /// An object whose values are strings (numbers are accepted and written as Python's str()).
  [[nodiscard]] std::map<std::string, std::string> string_map(const char* key) const {
    std::map<std::string, std::string> out;
    if (!present(key)) return out;
    const Obj o = object(key);
    for (auto it = o.raw.begin(); it != o.raw.end(); ++it) {
      const json& v = it.value();
      if (v.is_string()) {
        out[it.key()] = v.get<std::string>();
      } else if (v.is_number_integer()) {
        out[it.key()] = std::to_string(v.get<std::int64_t>());
      } else if (v.is_number_float()) {
        out[it.key()] = scheduler::python_float_repr(v.get<double>());
      } else {
        throw ScenarioError(fields.file(), o.fields.path_of(it.key()),
                            std::string("expected a string, found ") + v.type_name());
      }
    }
    return out;
  }
  [[nodiscard]] std::vector<std::string> string_list(const char* key) const {
    std::vector<std::string> out;
    if (!present(key)) return out;
    const json& array = fields.array(key);
    for (std::size_t i = 0; i < array.size(); ++i) {
      if (!array[i].is_string()) {
        throw ScenarioError(fields.file(), fields.path_of(key) + "/" + std::to_string(i),
                            std::string("expected a string, found ") + array[i].type_name());
      }
      out.push_back(array[i].get<std::string>());
    }
    return out;
  }
};

std::vector<std::string> names(const Obj& o, const char* key, std::vector<std::string> fallback) {
  if (!o.present(key)) return fallback;
  return o.string_list(key);
}

/// Python's json.dumps (default separators, ensure_ascii) of a JSON value.
void dump_python_json(std::string& out, const json& v) {
  if (v.is_object()) {
    out += '{';
    bool first = true;
    for (auto it = v.begin(); it != v.end(); ++it) {
      if (!first) out += ", ";
      first = false;
      scheduler::append_json_string(out, it.key());
      out += ": ";
      dump_python_json(out, it.value());
    }
    out += '}';
  } else if (v.is_array()) {
    out += '[';
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (i > 0) out += ", ";
      dump_python_json(out, v[i]);
    }
    out += ']';
  } else if (v.is_string()) {
    scheduler::append_json_string(out, v.get<std::string>());
  } else if (v.is_number_float()) {
    scheduler::append_python_float_repr(out, v.get<double>());
  } else if (v.is_boolean()) {
    out += v.get<bool>() ? "true" : "false";
  } else {
    out += v.dump();
  }
}

scheduler::SchedulerConfig read_config(const Obj& c) {
  scheduler::SchedulerConfig cfg;
  cfg.enabled_filters = names(c, "enabled_filters", cfg.enabled_filters);
  cfg.weight_classes = names(c, "weight_classes", cfg.weight_classes);
  if (c.present("weighers")) {
    const Obj w = c.object("weighers");
    for (auto it = w.raw.begin(); it != w.raw.end(); ++it) {
      cfg.weigher_multipliers[it.key()] = w.fields.number(it.key());
    }
  }
  cfg.cpu_allocation_ratio = c.optional_ratio("cpu_allocation_ratio");
  cfg.ram_allocation_ratio = c.optional_ratio("ram_allocation_ratio");
  cfg.disk_allocation_ratio = c.optional_ratio("disk_allocation_ratio");
  cfg.reserved_host_cpus = c.non_negative("reserved_host_cpus", cfg.reserved_host_cpus);
  cfg.reserved_host_memory_mb =
      c.non_negative("reserved_host_memory_mb", cfg.reserved_host_memory_mb);
  cfg.reserved_host_disk_mb = c.non_negative("reserved_host_disk_mb", cfg.reserved_host_disk_mb);
  if (c.present("host_subset_size")) {
    const std::int64_t v = c.fields.integer("host_subset_size");
    if (v < 1) c.fields.fail("host_subset_size", "expected an integer >= 1");
    cfg.host_subset_size = static_cast<int>(v);
  }
  cfg.shuffle_best_same_weighed_hosts =
      c.fields.boolean_or("shuffle_best_same_weighed_hosts", false);
  if (c.is_null("max_placement_results")) {
    cfg.max_placement_results.reset();  // null: no limit
  } else if (c.present("max_placement_results")) {
    const std::int64_t v = c.fields.integer("max_placement_results");
    if (v < 1) c.fields.fail("max_placement_results", "expected an integer >= 1 or null");
    cfg.max_placement_results = v;
  }
  cfg.query_placement_for_availability_zone =
      c.fields.boolean_or("query_placement_for_availability_zone", true);
  cfg.default_availability_zone =
      c.optional_string("default_availability_zone").value_or(cfg.default_availability_zone);
  cfg.image_properties_default_architecture =
      c.optional_string("image_properties_default_architecture");
  if (cfg.image_properties_default_architecture &&
      !scheduler::canonical_architecture(*cfg.image_properties_default_architecture)) {
    c.fields.fail(
        "image_properties_default_architecture",
        "Architecture name '" + *cfg.image_properties_default_architecture + "' is not recognised");
  }
  cfg.service_down_time_s = c.fields.positive_or("service_down_time", cfg.service_down_time_s);
  if (c.present("max_attempts")) {
    const std::int64_t v = c.fields.integer("max_attempts");
    if (v < 1) c.fields.fail("max_attempts", "expected an integer >= 1");
    cfg.max_attempts = static_cast<int>(v);
  }
  cfg.placement_policy = c.fields.choice(
      "placement_policy", {"nova", "first-fit", "best-fit", "worst-fit", "tetris"}, "nova");
  cfg.seed = static_cast<std::uint64_t>(c.non_negative("seed", 1));
  c.fields.reject_unknown_keys();
  // Unknown filter/weigher names are reported against their lists.
  const auto registry = scheduler::PluginRegistry::with_builtins();
  const auto check = [&](const char* key, const std::vector<std::string>& list, auto known) {
    const std::vector<std::string> all = known();
    for (std::size_t i = 0; i < list.size(); ++i) {
      if (std::find(all.begin(), all.end(), list[i]) == all.end()) {
        throw ScenarioError(c.fields.file(), c.fields.path_of(key) + "/" + std::to_string(i),
                            "unknown name \"" + list[i] + "\"");
      }
    }
  };
  check("enabled_filters", cfg.enabled_filters, [&] { return registry.filter_names(); });
  check("weight_classes", cfg.weight_classes, [&] { return registry.weigher_names(); });
  return cfg;
}

std::vector<scheduler::HvSpec> read_supported_instances(const Obj& h) {
  std::vector<scheduler::HvSpec> out;
  const json& list = h.fields.array("supported_instances");
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string where = h.fields.path_of("supported_instances") + "/" + std::to_string(i);
    const json& triple = list[i];
    if (!triple.is_array() || triple.size() != 3 ||
        !std::all_of(triple.begin(), triple.end(), [](const json& v) { return v.is_string(); })) {
      throw ScenarioError(h.fields.file(), where,
                          "expected [architecture, hypervisor type, VM mode] strings");
    }
    // HVSpec fields canonicalise what the compute node reports.
    const auto arch = scheduler::canonical_architecture(triple[0].get<std::string>());
    const auto hv = scheduler::canonical_hv_type(triple[1].get<std::string>());
    const auto mode = scheduler::canonical_vm_mode(triple[2].get<std::string>());
    if (!arch || !hv || !mode) {
      throw ScenarioError(h.fields.file(), where,
                          "unknown architecture, hypervisor type or VM mode");
    }
    out.push_back({*arch, *hv, *mode});
  }
  return out;
}

CaseHost read_host(const Obj& h, const scheduler::SchedulerConfig& cfg) {
  CaseHost host;
  host.path = h.path();
  scheduler::HostInfo& info = host.info;
  info.name = h.fields.string("name");
  if (info.name.empty()) h.fields.fail("name", "expected a non-empty host name");
  const auto required_count = [&](const char* key) {
    const std::int64_t v = h.fields.integer(key);
    if (v < 0) h.fields.fail(key, "expected an integer >= 0");
    return v;
  };
  info.vcpus = required_count("vcpus");
  info.memory_mb = required_count("memory_mb");
  info.disk_gb = required_count("disk_gb");
  info.vcpus_used = h.non_negative("vcpus_used", 0);
  info.memory_mb_used = h.non_negative("memory_mb_used", 0);
  info.disk_gb_used = h.non_negative("disk_gb_used", 0);
  if (h.present("disk_available_least"))
    info.disk_available_least = h.fields.integer("disk_available_least");
  info.cpu_allocation_ratio = h.optional_ratio("cpu_allocation_ratio");
  info.ram_allocation_ratio = h.optional_ratio("ram_allocation_ratio");
  info.disk_allocation_ratio = h.optional_ratio("disk_allocation_ratio");
  if (h.present("reserved_host_cpus"))
    info.reserved_host_cpus = h.non_negative("reserved_host_cpus", 0);
  if (h.present("reserved_host_memory_mb")) {
    info.reserved_host_memory_mb = h.non_negative("reserved_host_memory_mb", 0);
  }
  if (h.present("reserved_host_disk_mb")) {
    info.reserved_host_disk_mb = h.non_negative("reserved_host_disk_mb", 0);
  }
  info.enabled = h.fields.boolean_or("enabled", true);
  info.forced_down = h.fields.boolean_or("forced_down", false);
  // The case is decided at time 0; a down host was last heard from long ago.
  info.last_seen_up =
      h.fields.boolean_or("up", true) ? runtime::TimePoint{} : runtime::at_seconds(-1e9);
  if (h.present("supported_instances")) info.supported_instances = read_supported_instances(h);
  info.hypervisor_type = h.optional_string("hypervisor_type");
  if (h.present("hypervisor_version"))
    info.hypervisor_version = h.fields.integer("hypervisor_version");
  if (h.present("cpu_info")) {
    const Obj cpu = h.object("cpu_info");
    std::string text;
    dump_python_json(text, cpu.raw);
    info.cpu_info = text;
  }
  info.stats = h.string_map("stats");
  info.traits = h.string_list("traits");
  info.io_ops = h.non_negative("io_ops", 0);
  info.num_instances = h.non_negative("num_instances", 0);
  info.failed_builds = h.non_negative("failed_builds", 0);
  if (h.present("numa_cells")) {
    const json& cells = h.fields.array("numa_cells");
    for (std::size_t i = 0; i < cells.size(); ++i) {
      const Obj cell = h.element("numa_cells", i);
      scheduler::NumaCellInfo c;
      c.cpus = static_cast<int>(cell.non_negative("cpus", 0));
      c.memory_mb = cell.non_negative("memory_mb", 0);
      c.cpu_usage = static_cast<int>(cell.non_negative("cpu_usage", 0));
      c.memory_usage_mb = cell.non_negative("memory_usage_mb", 0);
      cell.fields.reject_unknown_keys();
      info.numa_cells.push_back(c);
    }
  }
  if (const auto zone = h.optional_string("az"); zone && *zone != cfg.default_availability_zone) {
    host.aggregates.push_back(
        {"az:" + *zone, {{"availability_zone", *zone}}, h.fields.path_of("az")});
  }
  if (h.present("aggregates")) {
    const json& aggs = h.fields.array("aggregates");
    for (std::size_t i = 0; i < aggs.size(); ++i) {
      const Obj a = h.element("aggregates", i);
      CaseAggregate agg{a.fields.string("name"), a.string_map("metadata"),
                        h.fields.path_of("aggregates") + "/" + std::to_string(i)};
      a.fields.reject_unknown_keys();
      host.aggregates.push_back(std::move(agg));
    }
  }
  (void)h.fields.has("hw_class");  // a descriptive label
  h.fields.reject_unknown_keys();
  return host;
}

CaseRequest read_request(const Obj& r, std::size_t index) {
  CaseRequest req;
  req.path = r.path();
  scheduler::RequestSpec& spec = req.spec;
  const Obj f = r.object("flavor");
  scheduler::Flavor& flavor = spec.flavor;
  flavor.name = f.optional_string("name").value_or("");
  const auto positive_int = [&](const Obj& o, const char* key) {
    const std::int64_t v = o.fields.integer(key);
    if (v < 1) o.fields.fail(key, "expected an integer >= 1");
    return v;
  };
  flavor.vcpus = static_cast<int>(positive_int(f, "vcpus"));
  flavor.memory_mb = positive_int(f, "memory_mb");
  flavor.root_gb = f.non_negative("root_gb", 0);
  flavor.ephemeral_gb = f.non_negative("ephemeral_gb", 0);
  flavor.swap_mb = f.non_negative("swap", 0);
  flavor.extra_specs = f.string_map("extra_specs");
  f.fields.reject_unknown_keys();
  const std::int64_t count = r.present("num_instances") ? positive_int(r, "num_instances") : 1;
  for (std::int64_t k = 0; k < count; ++k) {
    spec.instance_uuids.push_back(std::to_string(index) + "-" + std::to_string(k));
  }
  spec.availability_zone = r.optional_string("az");
  if (r.present("group")) {
    const Obj g = r.object("group");
    CaseGroup group;
    group.name = g.fields.string("name");
    const std::string policy = g.fields.choice(
        "policy", {"affinity", "anti-affinity", "soft-affinity", "soft-anti-affinity"});
    group.policy = *scheduler::parse_group_policy(policy);
    if (g.present("rules")) {
      const Obj rules = g.object("rules");
      if (rules.present("max_server_per_host")) {
        group.max_server_per_host = static_cast<int>(positive_int(rules, "max_server_per_host"));
      }
      rules.fields.reject_unknown_keys();
    }
    g.fields.reject_unknown_keys();
    spec.group = group.name;
    req.group = group;
  }
  spec.image_properties = r.string_map("image_props");
  if (r.present("hints")) {
    const Obj hints = r.object("hints");
    spec.same_host = hints.string_list("same_host");
    spec.different_host = hints.string_list("different_host");
    hints.fields.reject_unknown_keys();
  }
  r.fields.reject_unknown_keys();
  return req;
}

}  // namespace

ScheduleCase read_schedule_case(const std::string& file) {
  const json doc = JsonFields::parse_file(file);
  const Obj root(doc, file, "");
  ScheduleCase c;
  c.file = file;
  (void)root.fields.has("meta");  // free-form
  c.config =
      root.present("config") ? read_config(root.object("config")) : scheduler::SchedulerConfig{};
  const json& hosts = root.fields.array("hosts");
  std::set<std::string> host_names;
  for (std::size_t i = 0; i < hosts.size(); ++i) {
    CaseHost host = read_host(root.element("hosts", i), c.config);
    if (!host_names.insert(host.info.name).second) {
      throw ScenarioError(file, "/hosts/" + std::to_string(i) + "/name",
                          "duplicate host name \"" + host.info.name + "\"");
    }
    c.hosts.push_back(std::move(host));
  }
  const json& requests = root.fields.array("requests");
  for (std::size_t i = 0; i < requests.size(); ++i) {
    c.requests.push_back(read_request(root.element("requests", i), i));
  }
  root.fields.reject_unknown_keys();
  return c;
}

std::unique_ptr<scheduler::Scheduler> build_case_scheduler(const ScheduleCase& c) {
  auto s = std::make_unique<scheduler::Scheduler>(c.config);
  // Aggregates with the same name are one aggregate, so their metadata must agree.
  std::map<std::string, const CaseAggregate*> seen;
  for (const CaseHost& host : c.hosts) {
    scheduler::HostId id = 0;
    try {
      id = s->add_host(host.info);
    } catch (const std::invalid_argument& e) {
      throw ScenarioError(c.file, host.path, e.what());
    }
    for (const CaseAggregate& agg : host.aggregates) {
      auto [it, inserted] = seen.try_emplace(agg.name, &agg);
      if (inserted) {
        s->set_aggregate_metadata(agg.name, agg.metadata);
      } else if (it->second->metadata != agg.metadata) {
        throw ScenarioError(
            c.file, agg.path,
            "aggregate \"" + agg.name + "\" has different metadata at " + it->second->path);
      }
      s->add_host_to_aggregate(agg.name, id);
    }
  }
  return s;
}

}  // namespace stacksim::apps
