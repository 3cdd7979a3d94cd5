// C++ exceptions arrive in Python as exceptions of the matching kind with the same message:
// configuration and input errors are ValueErrors, ring failures keep Swift's exception names.

#include <pybind11/pybind11.h>

#include "core/objectstore/ring_errors.hpp"
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
}

}  // namespace stacksim::python
