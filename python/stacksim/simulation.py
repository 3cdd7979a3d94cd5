"""Simulation: one scenario run that Python steps, runs to a time, inspects and reads results
from, as pandas DataFrames."""

from __future__ import annotations

import os
from typing import Dict, Iterable, Optional

import pandas as pd

from . import _stacksim
from ._arguments import seconds
from .results import frame
from .scenario import ScenarioLike, load_scenario

TABLES = ("hosts", "instances", "decisions", "instance_events", "samples", "host_samples",
          "faults", "host_summary")


class Simulation:
    """A scenario on the discrete-event engine.

    Simulation(scenario, overrides=(), database=None)
      scenario: a path, a dict or a stacksim.Scenario; overrides: "key.path=value" strings;
      database: also write the results database (docs/results.md) to this file.

    run(until=None) runs to the end of the run (or to `until` simulated seconds) with the GIL
    released; Ctrl-C raises KeyboardInterrupt and leaves the simulation usable (run again to go
    on, or finish() to close it early). step() runs single events. `now` is the simulated time in
    seconds. Results (samples(), instances(), ...) can be read at any time; after the run they
    view the C++ columns without copying.
    """

    def __init__(self, scenario: ScenarioLike, overrides: Iterable[str] = (),
                 database: Optional[str | os.PathLike] = None):
        self.scenario = load_scenario(scenario, overrides)
        self._sim = _stacksim._Simulation(self.scenario, os.fspath(database) if database else "")
        self._summary: Optional[dict] = None

    # Running ---------------------------------------------------------------------------------
    def run(self, until: Optional[float] = None) -> float:
        """Runs until the run ends or the clock reaches `until` (seconds); returns `now`."""
        if until is not None:
            until = seconds(until, "until")
        if not self._sim.run(until):
            self._summary = self._sim.finish()
        return self.now

    def step(self, events: int = 1) -> bool:
        """Runs `events` events; False once the run has ended."""
        going = self._sim.step(int(events))
        if not going:
            self._summary = self._sim.finish()
        return going

    def finish(self) -> dict:
        """Ends the run (early if it is still going) and returns its summary."""
        if self._summary is None:
            self._summary = self._sim.finish()
        return self._summary

    @property
    def summary(self) -> Optional[dict]:
        """The run's summary (as `stacksim run --json` prints it) once it is finished."""
        return self._summary

    @property
    def now(self) -> float:
        return self._sim.now

    @property
    def ended(self) -> bool:
        return self._sim.ended

    @property
    def finished(self) -> bool:
        return self._sim.finished

    @property
    def engine_events(self) -> int:
        return self._sim.engine_events

    # Inspection ------------------------------------------------------------------------------
    def hosts(self) -> pd.DataFrame:
        """The compute hosts as they stand now: capacity, usage, instances, up, power."""
        df = frame(self._sim.host_state())
        df["util_vcpu"] = df["vcpus_used"] / df["vcpus"].where(df["vcpus"] > 0)
        return df

    def arrays(self, table: str) -> Dict[str, object]:
        """One results table as {column: numpy array | (codes, categories)}. After the run the
        arrays are read-only views of the simulator's columns (no copy)."""
        tables = self._sim.tables()
        if table not in tables:
            raise KeyError(f"no results table {table!r}; tables: {', '.join(TABLES)}")
        return tables[table]

    def table(self, table: str) -> pd.DataFrame:
        return frame(self.arrays(table))

    def samples(self) -> pd.DataFrame:
        """Datacenter totals every telemetry interval (utilisation, power, arrivals, ...)."""
        return self.table("samples")

    def host_samples(self) -> pd.DataFrame:
        """Per-host samples (telemetry.host_samples: true)."""
        return self.table("host_samples")

    def instances(self) -> pd.DataFrame:
        """Every instance that ended (and, after the run, those still alive)."""
        return self.table("instances")

    def decisions(self) -> pd.DataFrame:
        return self.table("decisions")

    def faults(self) -> pd.DataFrame:
        return self.table("faults")

    def host_summary(self) -> pd.DataFrame:
        """Per-host utilisation and energy over the run (after the run)."""
        return self.table("host_summary")

    def __repr__(self) -> str:
        state = "finished" if self.finished else ("ended" if self.ended else "running")
        return f"<stacksim.Simulation {self.scenario.name} t={self.now:g}s {state}>"
