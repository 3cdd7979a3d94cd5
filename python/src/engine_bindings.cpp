// The discrete-event engine on its own: schedule Python callables on the simulated clock.

#include <pybind11/functional.h>
#include <pybind11/pybind11.h>

#include "python/src/bindings.hpp"
#include "sim/engine/simulator.hpp"

namespace py = pybind11;

namespace stacksim::python {
namespace {

runtime::Action python_action(py::function callable) {
  // The engine copies and destroys actions with the GIL held (every call below holds it).
  return [callable = std::move(callable)] { callable(); };
}

double non_negative(double seconds, const char* what) {
  if (!(seconds >= 0)) throw py::value_error(std::string(what) + " must be a number >= 0");
  return seconds;
}

}  // namespace

void bind_engine(py::module_& m) {
  py::class_<runtime::TimerId>(m, "EventId", "A scheduled event, for Engine.cancel().")
      .def_property_readonly("time", [](const runtime::TimerId& id) {
        return runtime::to_seconds(runtime::Duration(id.due));
      });
  py::class_<sim::Simulator>(m, "Engine",
                             "The discrete-event engine: events run in (time, insertion) order on "
                             "an integer-nanosecond simulated clock.")
      .def(py::init<>())
      .def_property_readonly("now",
                             [](const sim::Simulator& s) { return runtime::to_seconds(s.now()); })
      .def(
          "schedule_at",
          [](sim::Simulator& s, double t, py::function callable) {
            return s.schedule_at(runtime::at_seconds(non_negative(t, "time")),
                                 python_action(std::move(callable)));
          },
          py::arg("time"), py::arg("callable"), "Runs callable() at `time` seconds; returns an id.")
      .def(
          "schedule_after",
          [](sim::Simulator& s, double delay, py::function callable) {
            return s.schedule_after(runtime::from_seconds(non_negative(delay, "delay")),
                                    python_action(std::move(callable)));
          },
          py::arg("delay"), py::arg("callable"))
      .def("cancel", &sim::Simulator::cancel, py::arg("event_id"))
      .def("step", &sim::Simulator::step, "Runs the next event; False when none is pending.")
      .def(
          "run_until",
          [](sim::Simulator& s, double t) { return s.run_until(runtime::at_seconds(t)); },
          py::arg("time"))
      .def("run_until_idle", &sim::Simulator::run_until_idle)
      .def_property_readonly("events_processed", &sim::Simulator::events_processed)
      .def_property_readonly("pending", &sim::Simulator::pending);
}

}  // namespace stacksim::python
