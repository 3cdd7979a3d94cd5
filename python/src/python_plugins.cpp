#include "python/src/python_plugins.hpp"

#include <pybind11/stl.h>

namespace py = pybind11;

namespace stacksim::python {
namespace {

/// Makes a scope for one call and closes it (views go stale) however the call ends.
class ScopeGuard {
 public:
  explicit ScopeGuard(const scheduler::RequestContext& ctx)
      : scope_(std::make_shared<const scheduler::RequestContext*>(&ctx)) {}
  ~ScopeGuard() { *scope_ = nullptr; }
  ScopeGuard(const ScopeGuard&) = delete;
  ScopeGuard& operator=(const ScopeGuard&) = delete;
  [[nodiscard]] const ViewScope& scope() const { return scope_; }

 private:
  std::shared_ptr<const scheduler::RequestContext*> scope_;
};

const scheduler::RequestContext& live(const ViewScope& scope) {
  if (!scope || *scope == nullptr) {
    throw py::value_error(
        "this host/request view is only valid during the filter or weigher call that got it");
  }
  return **scope;
}

}  // namespace

const scheduler::HostStates& HostView::hosts() const {
  return live(scope).hosts;
}

const scheduler::RequestContext& RequestView::context() const {
  return live(scope);
}

PythonFilter::PythonFilter(std::string name, py::object callable, bool once_per_request)
    : name_(std::move(name)), callable_(std::move(callable)), once_(once_per_request) {
}

PythonFilter::~PythonFilter() {
  py::gil_scoped_acquire gil;
  callable_ = py::object();
}

bool PythonFilter::host_passes(const scheduler::RequestContext& ctx, scheduler::HostId host) {
  py::gil_scoped_acquire gil;
  const ScopeGuard guard(ctx);
  const py::object verdict = callable_(HostView{guard.scope(), host}, RequestView{guard.scope()});
  return verdict.cast<bool>();
}

PythonWeigher::PythonWeigher(std::string name, py::object callable, PythonWeigherOptions options)
    : name_(std::move(name)), callable_(std::move(callable)), options_(std::move(options)) {
}

PythonWeigher::~PythonWeigher() {
  py::gil_scoped_acquire gil;
  callable_ = py::object();
}

bool PythonWeigher::weigh(const scheduler::RequestContext& ctx,
                          std::span<const scheduler::HostId> hosts, std::span<double> raw) {
  py::gil_scoped_acquire gil;
  const ScopeGuard guard(ctx);
  const RequestView request{guard.scope()};
  for (std::size_t i = 0; i < hosts.size(); ++i) {
    const py::object weight = callable_(HostView{guard.scope(), hosts[i]}, request);
    raw[i] = weight.cast<double>();
  }
  return true;
}

void bind_plugin_views(py::module_& m) {
  const auto column = [](auto member) {
    return [member](const HostView& v) { return (v.hosts().*member)[v.host]; };
  };
  using S = scheduler::HostStates;
  py::class_<HostView>(m, "HostView", "A host's scheduler state (Nova's HostState), read-only.")
      .def_property_readonly("id", [](const HostView& v) { return v.host; })
      .def_property_readonly("name", column(&S::name))
      .def_property_readonly("vcpus_total", column(&S::vcpus_total))
      .def_property_readonly("vcpus_used", column(&S::vcpus_used))
      .def_property_readonly("free_ram_mb", column(&S::free_ram_mb))
      .def_property_readonly("free_disk_mb", column(&S::free_disk_mb))
      .def_property_readonly("total_usable_ram_mb", column(&S::total_usable_ram_mb))
      .def_property_readonly("total_usable_disk_gb", column(&S::total_usable_disk_gb))
      .def_property_readonly("num_instances", column(&S::num_instances))
      .def_property_readonly("num_io_ops", column(&S::num_io_ops))
      .def_property_readonly("failed_builds", column(&S::failed_builds))
      .def_property_readonly("cpu_allocation_ratio", column(&S::cpu_allocation_ratio))
      .def_property_readonly("ram_allocation_ratio", column(&S::ram_allocation_ratio))
      .def_property_readonly("disk_allocation_ratio", column(&S::disk_allocation_ratio))
      .def_property_readonly("stats", column(&S::stats))
      .def_property_readonly("traits", column(&S::traits))
      .def_property_readonly("disabled",
                             [](const HostView& v) { return v.hosts().disabled[v.host] != 0; })
      .def("__repr__",
           [](const HostView& v) { return "<HostView " + v.hosts().name[v.host] + ">"; });

  py::class_<RequestView>(m, "RequestView", "The request being scheduled (Nova's RequestSpec).")
      .def_property_readonly("flavor_name",
                             [](const RequestView& r) { return r.context().spec.flavor.name; })
      .def_property_readonly("vcpus",
                             [](const RequestView& r) { return r.context().spec.flavor.vcpus; })
      .def_property_readonly("memory_mb",
                             [](const RequestView& r) { return r.context().spec.flavor.memory_mb; })
      .def_property_readonly("root_gb",
                             [](const RequestView& r) { return r.context().spec.flavor.root_gb; })
      .def_property_readonly(
          "ephemeral_gb", [](const RequestView& r) { return r.context().spec.flavor.ephemeral_gb; })
      .def_property_readonly(
          "extra_specs", [](const RequestView& r) { return r.context().spec.flavor.extra_specs; })
      .def_property_readonly("image_properties",
                             [](const RequestView& r) { return r.context().spec.image_properties; })
      .def_property_readonly(
          "availability_zone",
          [](const RequestView& r) { return r.context().spec.availability_zone; })
      .def_property_readonly("group", [](const RequestView& r) { return r.context().spec.group; })
      .def_property_readonly(
          "num_instances",
          [](const RequestView& r) { return r.context().spec.instance_uuids.size(); })
      .def_property_readonly("instance_index",
                             [](const RequestView& r) { return r.context().instance_index; })
      .def_property_readonly(
          "instance_uuid",
          [](const RequestView& r) { return std::string(r.context().instance_uuid); })
      .def_property_readonly(
          "now", [](const RequestView& r) { return runtime::to_seconds(r.context().now); });
}

}  // namespace stacksim::python
