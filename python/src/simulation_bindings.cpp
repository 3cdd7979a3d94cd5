// Simulation: a scenario run that Python can step, run to a time, interrupt with Ctrl-C and read
// results from while it goes. Runs release the GIL; every few thousand events the run takes it
// back briefly to let Python's signal handlers run.

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "python/src/bindings.hpp"
#include "python/src/column_arrays.hpp"
#include "python/src/simulation.hpp"

namespace py = pybind11;

namespace stacksim::python {
namespace {

using scenarios::Experiment;

/// Runs with the GIL released; raises KeyboardInterrupt (or whatever a signal handler raised)
/// when a signal interrupted the run.
Experiment::Advance advance_released(Simulation& sim, std::optional<double> until_s,
                                     std::uint64_t max_events) {
  scenarios::RunControl control;
  control.interrupted = [] {
    py::gil_scoped_acquire gil;
    return PyErr_CheckSignals() != 0;
  };
  Experiment::Advance outcome{};
  {
    py::gil_scoped_release released;
    outcome = sim.advance(control, until_s, max_events);
  }
  if (PyErr_Occurred() != nullptr) throw py::error_already_set();
  return outcome;
}

/// The compute hosts as they stand now (a copy: the run changes them).
py::dict host_state(const Simulation& sim) {
  const auto& pool = sim.experiment().hosts();
  const auto n = static_cast<std::size_t>(pool.size());
  std::vector<std::string> name(n), zone(n), rack(n);
  std::vector<double> vcpus_used(n), vcpu_capacity(n), power_w(n);
  std::vector<std::int64_t> physical_vcpus(n), memory_used(n), memory_capacity(n), instances(n),
      placements(n), failures(n);
  std::vector<bool> up(n);
  for (int h = 0; h < pool.size(); ++h) {
    const auto i = static_cast<std::size_t>(h);
    name[i] = pool.info(h).name;
    zone[i] = pool.info(h).availability_zone;
    rack[i] = pool.info(h).rack;
    physical_vcpus[i] = pool.physical_vcpus(h);
    vcpus_used[i] = static_cast<double>(pool.used(h).vcpu_milli) / 1000.0;
    vcpu_capacity[i] = static_cast<double>(pool.capacity(h).vcpu_milli) / 1000.0;
    memory_used[i] = pool.used(h).memory_mb;
    memory_capacity[i] = pool.capacity(h).memory_mb;
    instances[i] = pool.instances(h);
    placements[i] = pool.placements(h);
    failures[i] = pool.failures(h);
    up[i] = pool.up(h);
    power_w[i] = pool.power_w(h);
  }
  py::dict out;
  out["host"] = name;
  out["availability_zone"] = zone;
  out["rack"] = rack;
  out["vcpus"] = py::array_t<std::int64_t>(static_cast<py::ssize_t>(n), physical_vcpus.data());
  out["vcpus_used"] = py::array_t<double>(static_cast<py::ssize_t>(n), vcpus_used.data());
  out["vcpu_capacity"] = py::array_t<double>(static_cast<py::ssize_t>(n), vcpu_capacity.data());
  out["memory_used_mb"] =
      py::array_t<std::int64_t>(static_cast<py::ssize_t>(n), memory_used.data());
  out["memory_capacity_mb"] =
      py::array_t<std::int64_t>(static_cast<py::ssize_t>(n), memory_capacity.data());
  out["instances"] = py::array_t<std::int64_t>(static_cast<py::ssize_t>(n), instances.data());
  out["placements"] = py::array_t<std::int64_t>(static_cast<py::ssize_t>(n), placements.data());
  out["failures"] = py::array_t<std::int64_t>(static_cast<py::ssize_t>(n), failures.data());
  out["up"] = up;
  out["power_w"] = py::array_t<double>(static_cast<py::ssize_t>(n), power_w.data());
  return out;
}

}  // namespace

void bind_simulation(py::module_& m) {
  m.def(
      "run_scenario",
      [](const scenarios::Scenario& scenario) {
        scenarios::RunControl control;
        control.interrupted = [] {
          py::gil_scoped_acquire gil;
          return PyErr_CheckSignals() != 0;
        };
        scenarios::RunSummary summary;
        {
          py::gil_scoped_release released;
          scenarios::Experiment experiment(scenario);
          summary = experiment.run(control);
        }
        if (PyErr_Occurred() != nullptr) throw py::error_already_set();
        return json_to_python(summary.to_json().dump());
      },
      py::arg("scenario"),
      "Runs a scenario to the end without keeping results (sweeps); returns its summary.");
  py::class_<Simulation>(m, "_Simulation")
      .def(py::init<scenarios::Scenario, std::string>(), py::arg("scenario"),
           py::arg("database") = std::string())
      .def(
          "run",
          [](Simulation& sim, std::optional<double> until) {
            return advance_released(sim, until, 0) != Experiment::Advance::ended;
          },
          py::arg("until") = std::nullopt,
          "Runs to the end or to `until` seconds; True while the run goes on.")
      .def(
          "step",
          [](Simulation& sim, std::uint64_t events) {
            if (events == 0) throw py::value_error("events must be at least 1");
            return advance_released(sim, std::nullopt, events) != Experiment::Advance::ended;
          },
          py::arg("events") = 1, "Runs `events` events; True while the run goes on.")
      .def("finish", [](Simulation& sim) { return json_to_python(sim.finish().to_json().dump()); })
      .def_property_readonly("now", &Simulation::now)
      .def_property_readonly("ended", &Simulation::ended)
      .def_property_readonly("finished", &Simulation::finished)
      .def_property_readonly("engine_events", &Simulation::engine_events)
      .def_property_readonly("scenario", &Simulation::scenario, py::return_value_policy::copy)
      .def("host_state", &host_state)
      .def(
          "tables",
          [](py::object self) {
            const auto& sim = self.cast<const Simulation&>();
            py::dict out;
            // Finished runs never change their tables again: hand out views, not copies.
            for (const auto& [name, table] : sim.results().tables())
              out[py::str(name)] = table_columns(*table, self, !sim.finished());
            return out;
          },
          "Every results table as {name: {column: array or (codes, categories)}}.");
}

}  // namespace stacksim::python
