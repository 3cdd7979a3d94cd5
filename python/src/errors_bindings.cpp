// C++ exceptions arrive in Python as exceptions of the matching kind with the same message:
// configuration and input errors are ValueErrors, ring failures keep Swift's exception names, and
// the control plane's faults (Nova, Neutron, Cinder, Glance, Keystone) are CloudErrors carrying
// the service's exception class name (`type`, e.g. "NoValidHost") and HTTP status.

#include <pybind11/pybind11.h>

#include "core/objectstore/ring_errors.hpp"
#include "core/runtime/service_error.hpp"
#include "core/scheduler/invalid_request.hpp"
#include "core/scheduler/plugin_registry.hpp"
#include "python/src/bindings.hpp"
#include "scenarios/scenario_error.hpp"

namespace py = pybind11;

namespace stacksim::python {

void bind_errors(py::module_& m) {
  py::register_exception<scenarios::ScenarioError>(m, "ScenarioError", PyExc_ValueError);
  py::register_exception<scheduler::SchedulerConfigError>(m, "SchedulerConfigError",
                                                          PyExc_ValueError);
  py::register_exception<scheduler::InvalidRequest>(m, "InvalidRequest", PyExc_ValueError);
  // Bases first: pybind11 tries translators newest first, and a base would catch its subclasses.
  auto ring_error = py::register_exception<objectstore::RingBuilderError>(m, "RingBuilderError");
  py::register_exception<objectstore::RingValidationError>(m, "RingValidationError",
                                                           ring_error.ptr());
  py::register_exception<objectstore::DuplicateDeviceError>(m, "DuplicateDeviceError",
                                                            ring_error.ptr());
  py::register_exception<objectstore::EmptyRingError>(m, "EmptyRingError", ring_error.ptr());
  py::register_exception<objectstore::RingLoadError>(m, "RingLoadError", PyExc_OSError);
  // Held for the interpreter's lifetime, like the module that owns it.
  static const py::handle cloud_error =
      py::exception<runtime::ServiceError>(m, "CloudError", PyExc_RuntimeError).release();
  py::register_exception_translator([](std::exception_ptr thrown) {
    try {
      if (thrown) std::rethrow_exception(thrown);
    } catch (const runtime::ServiceError& e) {
      py::object error = py::reinterpret_borrow<py::object>(cloud_error)(e.what());
      error.attr("type") = e.type();
      error.attr("http_status") = e.http_status();
      PyErr_SetObject(cloud_error.ptr(), error.ptr());
    }
  });
}

}  // namespace stacksim::python
