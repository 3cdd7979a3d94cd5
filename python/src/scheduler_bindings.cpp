// The Nova filter scheduler: configure it, add hosts and aggregates, select destinations, and
// register Python callables as filters and weighers next to the built-in ones.

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "core/scheduler/scheduler.hpp"
#include "python/src/bindings.hpp"
#include "python/src/python_plugins.hpp"

namespace py = pybind11;

namespace stacksim::python {
namespace {

using scheduler::GroupPolicy;
using scheduler::HostId;
using scheduler::Scheduler;
using scheduler::SchedulerConfig;

template <class T>
T get(const py::handle& value, const std::string& key) {
  try {
    return value.cast<T>();
  } catch (const py::cast_error&) {
    throw py::type_error("scheduler option " + key + ": wrong type (" +
                         py::str(py::type::of(value)).cast<std::string>() + ")");
  }
}

SchedulerConfig config_from(const py::dict& options) {
  SchedulerConfig c;
  for (const auto& [k, v] : options) {
    const auto key = get<std::string>(k, "name");
    if (key == "enabled_filters") {
      c.enabled_filters = get<std::vector<std::string>>(v, key);
    } else if (key == "weight_classes") {
      c.weight_classes = get<std::vector<std::string>>(v, key);
    } else if (key == "weigher_multipliers") {
      c.weigher_multipliers = get<std::map<std::string, double>>(v, key);
    } else if (key == "cpu_allocation_ratio") {
      c.cpu_allocation_ratio = get<double>(v, key);
    } else if (key == "ram_allocation_ratio") {
      c.ram_allocation_ratio = get<double>(v, key);
    } else if (key == "disk_allocation_ratio") {
      c.disk_allocation_ratio = get<double>(v, key);
    } else if (key == "reserved_host_cpus") {
      c.reserved_host_cpus = get<std::int64_t>(v, key);
    } else if (key == "reserved_host_memory_mb") {
      c.reserved_host_memory_mb = get<std::int64_t>(v, key);
    } else if (key == "reserved_host_disk_mb") {
      c.reserved_host_disk_mb = get<std::int64_t>(v, key);
    } else if (key == "host_subset_size") {
      c.host_subset_size = get<int>(v, key);
    } else if (key == "shuffle_best_same_weighed_hosts") {
      c.shuffle_best_same_weighed_hosts = get<bool>(v, key);
    } else if (key == "max_attempts") {
      c.max_attempts = get<int>(v, key);
    } else if (key == "placement_policy") {
      c.placement_policy = get<std::string>(v, key);
    } else if (key == "seed") {
      c.seed = get<std::uint64_t>(v, key);
    } else if (key == "default_availability_zone") {
      c.default_availability_zone = get<std::string>(v, key);
    } else {
      throw py::value_error("unknown scheduler option \"" + key + "\"");
    }
  }
  return c;
}

GroupPolicy group_policy(const std::string& name) {
  if (name == "affinity") return GroupPolicy::affinity;
  if (name == "anti-affinity") return GroupPolicy::anti_affinity;
  if (name == "soft-affinity") return GroupPolicy::soft_affinity;
  if (name == "soft-anti-affinity") return GroupPolicy::soft_anti_affinity;
  throw py::value_error("unknown server group policy \"" + name +
                        "\"; known: affinity, anti-affinity, soft-affinity, soft-anti-affinity");
}

HostId host_id(const Scheduler& s, const std::string& name) {
  const auto id = s.find_host(name);
  if (!id) throw py::key_error("no host named \"" + name + "\"");
  return *id;
}

py::dict decision_to_python(const Scheduler& s, const scheduler::Decision& d) {
  const auto& names = s.hosts().name;
  py::dict out;
  out["ok"] = d.ok();
  py::list hosts;
  for (const auto& sel : d.selections)
    hosts.append(names[sel.host]);
  out["hosts"] = hosts;
  out["reason"] = d.failure ? py::object(py::str(d.failure->message())) : py::none();
  py::list top;
  for (const auto& inst : d.instances) {
    py::list ranked;
    for (const auto& w : inst.top)
      ranked.append(py::make_tuple(names[w.host], w.weight));
    top.append(ranked);
  }
  out["top"] = top;
  return out;
}

template <class T>
py::array column(const std::vector<T>& values) {
  return py::array_t<T>(static_cast<py::ssize_t>(values.size()), values.data());
}

}  // namespace

void bind_scheduler(py::module_& m) {
  bind_plugin_views(m);

  py::class_<scheduler::PluginRegistry>(
      m, "PluginRegistry",
      "Filters and weighers by name: Nova's built-ins plus the Python ones registered here.")
      .def(py::init([] { return scheduler::PluginRegistry::with_builtins(); }))
      .def(
          "add_filter",
          [](scheduler::PluginRegistry& r, const std::string& name, py::function callable,
             bool once_per_request) {
            r.add_filter(name, [name, callable, once_per_request] {
              py::gil_scoped_acquire gil;
              return std::make_unique<PythonFilter>(name, callable, once_per_request);
            });
          },
          py::arg("name"), py::arg("callable"), py::arg("run_filter_once_per_request") = false,
          "Registers callable(host: HostView, request: RequestView) -> bool as filter `name`.")
      .def(
          "add_weigher",
          [](scheduler::PluginRegistry& r, const std::string& name, py::function callable,
             const std::string& multiplier_option, double multiplier, std::optional<double> minval,
             std::optional<double> maxval) {
            PythonWeigherOptions options{{multiplier_option, multiplier, false}, minval, maxval};
            r.add_weigher(name, [name, callable, options] {
              py::gil_scoped_acquire gil;
              return std::make_unique<PythonWeigher>(name, callable, options);
            });
          },
          py::arg("name"), py::arg("callable"), py::arg("multiplier_option") = std::string(),
          py::arg("multiplier") = 1.0, py::arg("minval") = std::nullopt,
          py::arg("maxval") = std::nullopt,
          "Registers callable(host: HostView, request: RequestView) -> float as weigher `name`. "
          "Its scores are normalised over the hosts and multiplied by `multiplier` (or by the "
          "weigher_multipliers entry named `multiplier_option`).")
      .def_property_readonly("filters", &scheduler::PluginRegistry::filter_names)
      .def_property_readonly("weighers", &scheduler::PluginRegistry::weigher_names);

  py::class_<Scheduler>(m, "_Scheduler")
      .def(py::init([](const py::dict& options, const scheduler::PluginRegistry& registry) {
             return std::make_unique<Scheduler>(config_from(options), registry);
           }),
           py::arg("options"), py::arg("registry"))
      .def(
          "add_host",
          [](Scheduler& s, const std::string& name, std::int64_t vcpus, std::int64_t memory_mb,
             std::int64_t disk_gb, std::optional<double> cpu_ratio, std::optional<double> ram_ratio,
             std::optional<double> disk_ratio, std::vector<std::string> traits,
             std::map<std::string, std::string> stats, bool enabled) {
            scheduler::HostInfo info;
            info.name = name;
            info.vcpus = vcpus;
            info.memory_mb = memory_mb;
            info.disk_gb = disk_gb;
            info.cpu_allocation_ratio = cpu_ratio;
            info.ram_allocation_ratio = ram_ratio;
            info.disk_allocation_ratio = disk_ratio;
            info.traits = std::move(traits);
            info.stats = std::move(stats);
            info.enabled = enabled;
            return s.add_host(info);
          },
          py::arg("name"), py::arg("vcpus"), py::arg("memory_mb"), py::arg("disk_gb"),
          py::arg("cpu_allocation_ratio") = std::nullopt,
          py::arg("ram_allocation_ratio") = std::nullopt,
          py::arg("disk_allocation_ratio") = std::nullopt,
          py::arg("traits") = std::vector<std::string>{},
          py::arg("stats") = std::map<std::string, std::string>{}, py::arg("enabled") = true)
      .def("add_host_to_aggregate",
           [](Scheduler& s, const std::string& aggregate, const std::string& host) {
             s.add_host_to_aggregate(aggregate, host_id(s, host));
           })
      .def("set_aggregate_metadata", &Scheduler::set_aggregate_metadata)
      .def("set_service_enabled",
           [](Scheduler& s, const std::string& host, bool enabled) {
             s.set_service_enabled(host_id(s, host), enabled);
           })
      .def(
          "create_server_group",
          [](Scheduler& s, const std::string& name, const std::string& policy) {
            s.create_server_group(name, group_policy(policy));
          },
          py::arg("name"), py::arg("policy"))
      .def(
          "select_destinations",
          [](Scheduler& s, const std::string& flavor, int vcpus, std::int64_t memory_mb,
             std::int64_t root_gb, std::vector<std::string> instance_uuids,
             std::optional<std::string> availability_zone, std::optional<std::string> group,
             std::map<std::string, std::string> extra_specs,
             std::map<std::string, std::string> image_properties, double now) {
            scheduler::RequestSpec spec;
            spec.flavor.name = flavor;
            spec.flavor.vcpus = vcpus;
            spec.flavor.memory_mb = memory_mb;
            spec.flavor.root_gb = root_gb;
            spec.flavor.extra_specs = std::move(extra_specs);
            spec.instance_uuids = std::move(instance_uuids);
            spec.availability_zone = std::move(availability_zone);
            spec.group = std::move(group);
            spec.image_properties = std::move(image_properties);
            if (spec.instance_uuids.empty()) throw py::value_error("instance_uuids is empty");
            if (vcpus < 0 || memory_mb < 0 || root_gb < 0)
              throw py::value_error("flavor sizes must be >= 0");
            return decision_to_python(s, s.select_destinations(spec, runtime::at_seconds(now)));
          },
          py::arg("flavor"), py::arg("vcpus"), py::arg("memory_mb"), py::arg("root_gb"),
          py::arg("instance_uuids"), py::arg("availability_zone") = std::nullopt,
          py::arg("group") = std::nullopt,
          py::arg("extra_specs") = std::map<std::string, std::string>{},
          py::arg("image_properties") = std::map<std::string, std::string>{}, py::arg("now") = 0.0)
      .def("release", [](Scheduler& s, const std::string& uuid) { return s.release(uuid); })
      .def("host_of",
           [](const Scheduler& s, const std::string& uuid) -> std::optional<std::string> {
             const auto h = s.host_of(uuid);
             if (!h) return std::nullopt;
             return s.hosts().name[*h];
           })
      .def("host_count", [](const Scheduler& s) { return s.hosts().size(); })
      .def("host_columns", [](const Scheduler& s) {
        const auto& h = s.hosts();
        py::dict out;
        out["host"] = h.name;
        out["vcpus_total"] = column(h.vcpus_total);
        out["vcpus_used"] = column(h.vcpus_used);
        out["free_ram_mb"] = column(h.free_ram_mb);
        out["free_disk_mb"] = column(h.free_disk_mb);
        out["total_usable_ram_mb"] = column(h.total_usable_ram_mb);
        out["num_instances"] = column(h.num_instances);
        out["cpu_allocation_ratio"] = column(h.cpu_allocation_ratio);
        out["ram_allocation_ratio"] = column(h.ram_allocation_ratio);
        return out;
      });
}

}  // namespace stacksim::python
