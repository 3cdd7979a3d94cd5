// The compiled half of the `stacksim` package; the pure-Python modules next to it build the
// Pythonic API (DataFrames, plots, sweeps) on top.

#include <pybind11/pybind11.h>

#include "python/src/bindings.hpp"

namespace stacksim::python {

pybind11::object json_to_python(const std::string& json_text) {
  return pybind11::module_::import("json").attr("loads")(json_text);
}

std::string python_to_json(const pybind11::handle& value) {
  return pybind11::module_::import("json").attr("dumps")(value).cast<std::string>();
}

}  // namespace stacksim::python

PYBIND11_MODULE(_stacksim, m) {
  m.doc() = "stacksim's C++ core: scenarios, runs, the Nova scheduler, Swift rings, the engine";
  stacksim::python::bind_errors(m);
  stacksim::python::bind_scenarios(m);
  stacksim::python::bind_simulation(m);
  stacksim::python::bind_scheduler(m);
  stacksim::python::bind_rings(m);
  stacksim::python::bind_engine(m);
  stacksim::python::bind_cloud(m);
}
