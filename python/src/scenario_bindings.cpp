// Scenarios: loaded from a file or a dict, with --set style overrides, validated by the same
// loader as `stacksim run` (so errors name the file and JSON path).

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <nlohmann/json.hpp>

#include "python/src/bindings.hpp"
#include "scenarios/schema/overrides.hpp"
#include "scenarios/schema/scenario_loader.hpp"

namespace py = pybind11;

namespace stacksim::python {

void bind_scenarios(py::module_& m) {
  using scenarios::Scenario;
  py::class_<Scenario>(m, "Scenario",
                       "A validated scenario (docs/scenarios.md). Create with load_scenario() or "
                       "scenario_from_dict().")
      .def_readonly("file", &Scenario::file)
      .def_readonly("name", &Scenario::name)
      .def_readonly("description", &Scenario::description)
      .def_readonly("seed", &Scenario::seed)
      .def_readonly("duration_s", &Scenario::duration_s)
      .def_readonly("text", &Scenario::text, "The scenario as run (overrides applied), JSON.")
      .def_property_readonly(
          "placement_policy",
          [](const Scenario& s) { return s.control_plane.scheduler.placement_policy; })
      .def_property_readonly("flavors",
                             [](const Scenario& s) {
                               std::vector<std::string> names;
                               for (const auto& f : s.flavors)
                                 names.push_back(f.name);
                               return names;
                             })
      .def(
          "to_dict", [](const Scenario& s) { return json_to_python(s.text); },
          "The scenario document as a dict (overrides applied).")
      .def("__repr__", [](const Scenario& s) {
        return "<stacksim.Scenario " + s.name + " from " + s.file + ">";
      });

  m.def("load_scenario", &scenarios::load_scenario, py::arg("file"),
        py::arg("overrides") = std::vector<std::string>{},
        "Loads and validates a scenario file; overrides are \"key.path=value\" strings.");
  m.def(
      "scenario_from_json",
      [](const std::string& text, const std::string& file,
         const std::vector<std::string>& overrides) {
        nlohmann::json document;
        try {
          document = nlohmann::json::parse(text);
        } catch (const nlohmann::json::parse_error& e) {
          throw scenarios::ScenarioError(file, "", std::string("not valid JSON: ") + e.what());
        }
        scenarios::apply_overrides(document, overrides);
        return scenarios::parse_scenario(document, file);
      },
      py::arg("text"), py::arg("file"), py::arg("overrides") = std::vector<std::string>{},
      "Validates a scenario given as JSON text; `file` names it in errors and anchors relative "
      "paths.");
}

}  // namespace stacksim::python
