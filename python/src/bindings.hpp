#pragma once
// The parts of the _stacksim extension, one binding function per area (module.cpp calls them).

#include <pybind11/pybind11.h>

namespace stacksim::python {

class ControlPlane;

void bind_errors(pybind11::module_& m);
void bind_scenarios(pybind11::module_& m);
void bind_simulation(pybind11::module_& m);
void bind_scheduler(pybind11::module_& m);
void bind_rings(pybind11::module_& m);
void bind_engine(pybind11::module_& m);
void bind_cloud(pybind11::module_& m);
/// Images, networks, volumes, projects and rings of the control plane (bind_cloud calls it).
void bind_cloud_services(pybind11::class_<ControlPlane>& plane);

/// nlohmann::json -> the equivalent Python object (through the json module).
pybind11::object json_to_python(const std::string& json_text);
/// A JSON-serialisable Python object -> its JSON text.
std::string python_to_json(const pybind11::handle& value);

}  // namespace stacksim::python
