#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

#include "scenarios/schema/sections.hpp"
#include "scenarios/traces/trace_formats.hpp"

namespace stacksim::scenarios {
namespace {

std::vector<std::pair<std::string, double>> read_flavor_weights(
    const JsonFields& g, const std::vector<FlavorSpec>& flavors) {
  std::vector<std::pair<std::string, double>> weights;
  const auto known = [&](const std::string& name) {
    return std::any_of(flavors.begin(), flavors.end(),
                       [&](const FlavorSpec& f) { return f.name == name; });
  };
  if (!g.has("flavors")) {
    for (const auto& f : flavors)
      weights.emplace_back(f.name, 1.0);  // uniform over all
    return weights;
  }
  // Either ["m1.tiny", ...] (uniform) or {"m1.tiny": 3, ...} (relative weights).
  if (g.value("flavors").is_array()) {
    for (const auto& name : g.strings("flavors")) {
      if (!known(name)) g.fail("flavors", "no flavor called \"" + name + "\"");
      weights.emplace_back(name, 1.0);
    }
  } else {
    for (const auto& [name, weight] : g.number_map("flavors")) {
      if (!known(name)) g.fail("flavors", "no flavor called \"" + name + "\"");
      if (weight < 0) g.fail("flavors", "a negative weight for " + name);
      if (weight > 0) weights.emplace_back(name, weight);
    }
  }
  if (weights.empty()) g.fail("flavors", "expected at least one flavor with a positive weight");
  return weights;
}

GeneratorSpec read_generator(const JsonFields& g, const std::vector<FlavorSpec>& flavors,
                             std::size_t index) {
  GeneratorSpec s;
  s.kind = g.choice("kind", {"poisson", "diurnal", "bursty", "batch"});
  s.name = g.string_or("name", s.kind + "-" + std::to_string(index));
  if (s.kind == "poisson") {
    s.rate_per_s = g.positive("rate_per_s");
  } else if (s.kind == "diurnal") {
    s.mean_rate_per_s = g.positive("mean_rate_per_s");
    s.amplitude = g.positive("amplitude", true);
    if (s.amplitude > 1) g.fail("amplitude", "expected 0 to 1 (the rate never goes negative)");
    s.period_s = g.positive_or("period_s", 86400);
    s.peak_s = g.number_or("peak_s", 0);
  } else if (s.kind == "bursty") {
    s.base_rate_per_s = g.positive("base_rate_per_s", true);
    s.burst_rate_per_s = g.positive("burst_rate_per_s");
    s.mean_burst_s = g.positive("mean_burst_s");
    s.mean_quiet_s = g.positive("mean_quiet_s");
  } else {
    s.size = g.integer_in("size", 1, 100'000'000);
    s.first_s = g.positive_or("first_s", 0, true);
    if (g.has("every_s")) s.every_s = g.positive("every_s");
  }
  s.flavor_weights = read_flavor_weights(g, flavors);
  if (g.has("lifetime")) {
    s.lifetime = read_lifetime(g.object("lifetime"));
  } else {
    g.fail("lifetime",
           "required field is missing (e.g. {\"distribution\": \"exponential\", "
           "\"mean_s\": 1800})");
  }
  s.tenant = g.string_or("tenant", "");
  if (g.has("server_group")) {
    const JsonFields sg = g.object("server_group");
    s.server_group = sg.string("name");
    s.server_group_policy = sg.choice("policy", {"anti-affinity", "affinity"});
    sg.reject_unknown_keys();
  }
  s.start_s = g.positive_or("start_s", 0, true);
  if (g.has("end_s")) {
    s.end_s = g.positive("end_s");
    if (*s.end_s <= s.start_s) g.fail("end_s", "expected end_s after start_s");
  }
  if (g.has("max_arrivals"))
    s.max_arrivals = g.integer_in("max_arrivals", 1, std::int64_t{1} << 50);
  g.reject_unknown_keys();
  return s;
}

TraceFilter read_filters(const JsonFields& f, std::uint64_t seed) {
  TraceFilter filter;
  filter.seed = seed;
  filter.start_s = f.positive_or("start_s", 0, true);
  if (f.has("end_s")) {
    filter.end_s = f.positive("end_s");
    if (*filter.end_s <= filter.start_s) f.fail("end_s", "expected end_s after start_s");
  }
  filter.min_vcpus = f.positive_or("min_vcpus", 0, true);
  filter.max_vcpus = f.positive_or("max_vcpus", std::numeric_limits<double>::infinity());
  if (filter.max_vcpus < filter.min_vcpus) f.fail("max_vcpus", "below min_vcpus");
  filter.min_memory_mb = f.positive_or("min_memory_mb", 0, true);
  filter.max_memory_mb = f.positive_or("max_memory_mb", std::numeric_limits<double>::infinity());
  if (filter.max_memory_mb < filter.min_memory_mb) f.fail("max_memory_mb", "below min_memory_mb");
  if (f.has("tenants")) {
    for (auto& t : f.strings("tenants"))
      filter.tenants.insert(std::move(t));
  }
  if (f.has("min_priority"))
    filter.min_priority = static_cast<int>(f.integer_in("min_priority", -(1 << 30), 1 << 30));
  if (f.has("max_priority"))
    filter.max_priority = static_cast<int>(f.integer_in("max_priority", -(1 << 30), 1 << 30));
  filter.sample_fraction = f.positive_or("sample_fraction", 1.0);
  if (filter.sample_fraction > 1) f.fail("sample_fraction", "expected a fraction in (0, 1]");
  if (f.has("max_requests"))
    filter.max_requests = f.integer_in("max_requests", 1, std::int64_t{1} << 50);
  filter.group_anti_affinity = f.boolean_or("group_anti_affinity", false);
  f.reject_unknown_keys();
  return filter;
}

TraceSpec read_trace(const JsonFields& t, const DatacenterSpec& dc, std::uint64_t seed,
                     const std::filesystem::path& base_dir) {
  TraceSpec spec;
  std::set<std::string> formats;
  for (const auto& f : trace_formats())
    formats.insert(f.name);
  spec.format = t.choice("format", formats);
  const TraceFormatInfo& info = trace_format(spec.format);
  const auto resolve = [&](const std::string& p) {
    const std::filesystem::path path(p);
    return (path.is_absolute() ? path : base_dir / path).lexically_normal().string();
  };
  spec.path = resolve(t.string("path"));
  if (!std::filesystem::exists(spec.path)) {
    t.fail("path", "no such file or directory: " + spec.path + " (" + info.path + ")");
  }
  if (t.has("files")) {
    const JsonFields files = t.object("files");
    for (const auto& role : info.files) {
      if (files.has(role)) {
        const std::string p = resolve(files.string(role));
        if (!std::filesystem::exists(p)) files.fail(role, "no such file or directory: " + p);
        spec.options.files[role] = p;
      }
    }
    files.reject_unknown_keys();
  }
  spec.options.skip_bad_rows = t.boolean_or("skip_bad_rows", false);
  spec.options.read_usage = t.boolean_or("read_usage", false);
  spec.reorder_window = static_cast<std::size_t>(
      t.has("reorder_window") ? t.integer_in("reorder_window", 1, 100'000'000) : 100000);
  // Normalised sizes default to the largest compute host class: "one machine" of the datacenter.
  for (const auto& c : dc.host_classes) {
    if (c.role != "compute") continue;
    spec.options.machine_vcpus = std::max(spec.options.machine_vcpus, static_cast<double>(c.vcpus));
    spec.options.machine_memory_mb =
        std::max(spec.options.machine_memory_mb, static_cast<double>(c.memory_mb));
    spec.options.machine_disk_gb =
        std::max(spec.options.machine_disk_gb, static_cast<double>(c.disk_gb.value_or(0)));
  }
  if (t.has("options")) {
    const JsonFields o = t.object("options");
    const auto allowed = [&](const char* key) {
      return std::find(info.options.begin(), info.options.end(), key) != info.options.end();
    };
    TraceOptions& opt = spec.options;
    if (allowed("machine_vcpus"))
      opt.machine_vcpus = o.positive_or("machine_vcpus", opt.machine_vcpus);
    if (allowed("machine_memory_mb"))
      opt.machine_memory_mb = o.positive_or("machine_memory_mb", opt.machine_memory_mb);
    if (allowed("machine_disk_gb"))
      opt.machine_disk_gb = o.positive_or("machine_disk_gb", opt.machine_disk_gb, true);
    if (allowed("machine_id") && o.has("machine_id")) opt.machine_id = o.integer("machine_id");
    if (allowed("min_lifetime_s")) opt.min_lifetime_s = o.positive_or("min_lifetime_s", 0, true);
    if (allowed("largest_vcpu_bucket"))
      opt.largest_vcpu_bucket = o.positive_or("largest_vcpu_bucket", opt.largest_vcpu_bucket);
    if (allowed("largest_memory_bucket_gb"))
      opt.largest_memory_bucket_gb =
          o.positive_or("largest_memory_bucket_gb", opt.largest_memory_bucket_gb);
    if (allowed("include_alloc_sets"))
      opt.include_alloc_sets = o.boolean_or("include_alloc_sets", false);
    if (allowed("encoding") && o.has("encoding"))
      opt.encoding = o.choice("encoding", {"json", "csv"});
    if (allowed("containers")) opt.containers = o.boolean_or("containers", true);
    if (allowed("batch")) opt.batch = o.boolean_or("batch", true);
    o.reject_unknown_keys();
  }
  if (info.normalised && !(spec.options.machine_vcpus > 0 && spec.options.machine_memory_mb > 0)) {
    t.fail("options", "sizes in " + spec.format +
                          " are fractions of a machine: set machine_vcpus and machine_memory_mb, "
                          "or give the datacenter a compute host class");
  }
  if (t.has("filters")) spec.filter = read_filters(t.object("filters"), seed);
  spec.filter.seed = seed;
  spec.filter.time_scale = t.positive_or("time_scale", 1.0);
  t.reject_unknown_keys();
  return spec;
}

}  // namespace

LifetimeSpec read_lifetime(const JsonFields& l) {
  LifetimeSpec s;
  s.distribution = l.choice("distribution",
                            {"exponential", "fixed", "uniform", "lognormal", "weibull", "forever"});
  if (s.distribution == "exponential") {
    s.mean_s = l.positive("mean_s");
  } else if (s.distribution == "fixed") {
    s.value_s = l.positive("value_s", true);
  } else if (s.distribution == "uniform") {
    s.min_s = l.positive("min_s", true);
    s.max_s = l.positive("max_s");
    if (s.max_s <= s.min_s) l.fail("max_s", "expected max_s > min_s");
  } else if (s.distribution == "lognormal") {
    s.mu = l.number("mu");
    s.sigma = l.positive("sigma");
  } else if (s.distribution == "weibull") {
    s.shape = l.positive("shape");
    s.scale_s = l.positive("scale_s");
  }
  l.reject_unknown_keys();
  return s;
}

WorkloadSpec read_workload(const JsonFields& w, const std::vector<FlavorSpec>& flavors,
                           const DatacenterSpec& dc, std::uint64_t seed,
                           const std::filesystem::path& base_dir) {
  WorkloadSpec spec;
  if (w.has("generators")) {
    const auto& list = w.array("generators");
    std::set<std::string> names;
    for (std::size_t i = 0; i < list.size(); ++i) {
      const JsonFields g = w.element(list, i, "generators");
      spec.generators.push_back(read_generator(g, flavors, i));
      if (!names.insert(spec.generators.back().name).second) {
        g.fail("name", "a second generator called " + spec.generators.back().name);
      }
    }
  }
  if (w.has("trace")) {
    const JsonFields t = w.object("trace");
    spec.trace = read_trace(t, dc, seed, base_dir);
  }
  if (spec.generators.empty() && !spec.trace) {
    w.fail("", "expected generators or a trace (or both)");
  }
  if (w.has("max_arrivals"))
    spec.max_arrivals = w.integer_in("max_arrivals", 1, std::int64_t{1} << 50);
  spec.machines_from_trace = w.boolean_or("machines_from_trace", false);
  if (spec.machines_from_trace && !spec.trace) {
    w.fail("machines_from_trace", "needs a trace");
  }
  w.reject_unknown_keys();
  return spec;
}

}  // namespace stacksim::scenarios
