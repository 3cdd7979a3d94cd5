"""Parameter sweeps: every combination of a grid of scenario overrides, each repeated with
successive seeds, run as independent simulations in local processes or on a Dask cluster, and
gathered into one DataFrame (and optionally one SQLite file).

    df = stacksim.sweep("scenarios/examples/overcommit-sweep.json",
                        grid={"control_plane.cpu_allocation_ratio": [1, 4, 16]}, repeats=3)
    df = stacksim.sweep(..., client=dask.distributed.Client("tcp://scheduler:8786"))

Also a command: python3 -m stacksim.sweep SCENARIO --grid key=v1,v2 ... --repeats N
[--dask tcp://host:8786] [--processes N] --output sweep.db   (what `stacksim sweep` runs).
"""

from __future__ import annotations

import argparse
import concurrent.futures
import itertools
import json
import multiprocessing
import os
import sqlite3
import sys
from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence

import pandas as pd

from . import _stacksim
from .scenario import ScenarioLike, load_scenario, override


@dataclass(frozen=True)
class SweepTask:
    """One simulation of a sweep: the scenario (JSON text + the file anchoring relative paths)
    and the overrides of its grid point and repeat."""
    text: str
    file: str
    overrides: List[str]
    point: int
    repeat: int
    seed: int
    params: Dict[str, Any] = field(default_factory=dict)


def run_task(task: SweepTask) -> Dict[str, Any]:
    """Runs one sweep task (in whatever process or Dask worker gets it): one result row."""
    scenario = _stacksim.scenario_from_json(task.text, task.file, task.overrides)
    summary = _stacksim.run_scenario(scenario)
    row: Dict[str, Any] = {"point": task.point, "repeat": task.repeat, "seed": task.seed}
    row.update(task.params)
    for key, value in summary.items():
        if key in row or key == "trace_bad_row_examples":
            continue
        row[key] = json.dumps(value, sort_keys=True) if isinstance(value, (dict, list)) else value
    return row


def make_tasks(scenario: ScenarioLike, grid: Optional[Mapping[str, Sequence[Any]]] = None,
               repeats: int = 1, overrides: Iterable[str] = ()) -> List[SweepTask]:
    """The sweep's tasks, grid points in row-major order, repeats innermost. Repeat r of a point
    runs with seed + r, the seed being the point's "seed" value or the scenario's."""
    if repeats < 1:
        raise ValueError("repeats must be at least 1")
    grid = dict(grid or {})
    for key, values in grid.items():
        if isinstance(values, (str, bytes)) or not isinstance(values, Sequence) or not values:
            raise ValueError(f"grid[{key!r}] must be a non-empty list of values")
    base = load_scenario(scenario, overrides)
    keys = list(grid)
    tasks = []
    for point, values in enumerate(itertools.product(*(grid[k] for k in keys))):
        params = dict(zip(keys, values))
        point_overrides = [override(k, v) for k, v in params.items() if k != "seed"]
        # Validate each point once here, so a bad value fails before anything runs.
        checked = _stacksim.scenario_from_json(base.text, base.file, point_overrides)
        seed0 = int(params.get("seed", checked.seed))
        for repeat in range(repeats):
            seed = seed0 + repeat
            tasks.append(SweepTask(base.text, base.file, point_overrides + [override("seed", seed)],
                                   point, repeat, seed, params))
    return tasks


def sweep(scenario: ScenarioLike, grid: Optional[Mapping[str, Sequence[Any]]] = None,
          repeats: int = 1, client=None, database: Optional[str | os.PathLike] = None,
          processes: Optional[int] = None, overrides: Iterable[str] = ()) -> pd.DataFrame:
    """Runs every grid point `repeats` times; one row per run (point, repeat, seed, the grid
    values, then the run summary's metrics).

    client: a dask.distributed.Client to run on; default: local processes (`processes` of them,
    default one per CPU; 0 runs everything in this process). database: also write the rows to
    this SQLite file (tables `runs` and `sweep`)."""
    tasks = make_tasks(scenario, grid, repeats, overrides)
    if client is not None:
        futures = client.map(run_task, tasks, pure=False)
        rows = client.gather(futures)
    elif processes == 0:
        rows = [run_task(t) for t in tasks]
    else:
        workers = max(1, min(len(tasks), processes or os.cpu_count() or 1))
        # spawn: workers start clean even when the caller has threads (Jupyter, Dask clients).
        context = multiprocessing.get_context("spawn")
        with concurrent.futures.ProcessPoolExecutor(workers, mp_context=context) as pool:
            rows = list(pool.map(run_task, tasks))
    df = pd.DataFrame(rows)
    if database:
        write_database(df, database, tasks[0], dict(grid or {}), repeats)
    return df


def write_database(df: pd.DataFrame, path: str | os.PathLike, first: SweepTask,
                   grid: Mapping[str, Sequence[Any]], repeats: int) -> None:
    """Writes the sweep to a new SQLite file: `runs` (one row per run, grid values that are not
    numbers or strings as JSON text) and `sweep` (key/value: scenario, grid, repeats)."""
    path = os.fspath(path)
    if os.path.exists(path):
        os.remove(path)
    stored = df.copy()
    for column in stored.columns:
        if stored[column].map(lambda v: isinstance(v, (list, dict))).any():
            stored[column] = stored[column].map(json.dumps)
    with sqlite3.connect(path) as con:
        stored.to_sql("runs", con, index=False)
        meta = {"scenario_file": first.file, "scenario": first.text,
                "grid": json.dumps(grid), "repeats": str(repeats), "runs": str(len(df))}
        con.execute("CREATE TABLE sweep (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        con.executemany("INSERT INTO sweep VALUES (?, ?)", sorted(meta.items()))


def split_values(text: str) -> List[str]:
    """Splits "v1,v2,[1,2]" on the commas outside brackets, braces and quotes."""
    parts, depth, quoted, current = [], 0, False, ""
    for ch in text:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in "[{":
            depth += 1
        elif not quoted and ch in "]}":
            depth -= 1
        if ch == "," and depth == 0 and not quoted:
            parts.append(current)
            current = ""
        else:
            current += ch
    parts.append(current)
    return parts


def parse_grid(assignments: Iterable[str]) -> Dict[str, List[Any]]:
    """["key=v1,v2", ...] -> {key: [v1, v2]}; each value is JSON when it parses as JSON, else a
    string (as for --set)."""
    grid: Dict[str, List[Any]] = {}
    for assignment in assignments:
        key, eq, values = assignment.partition("=")
        if not eq or not key or not values:
            raise ValueError(f"--grid {assignment!r}: expected key.path=v1,v2,...")
        parsed = []
        for value in split_values(values):
            try:
                parsed.append(json.loads(value))
            except json.JSONDecodeError:
                parsed.append(value)
        grid[key] = parsed
    return grid


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(
        prog="stacksim sweep",
        description="Runs a scenario over a grid of overrides, each point --repeats times with "
                    "successive seeds, locally or on a Dask cluster.")
    parser.add_argument("scenario", help="scenario file")
    parser.add_argument("--grid", action="append", default=[], metavar="KEY=V1,V2",
                        help="a swept field and its values (repeatable)")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                        help="a fixed override for every run (repeatable)")
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--dask", metavar="ADDRESS", help="Dask scheduler, e.g. tcp://host:8786")
    parser.add_argument("--processes", type=int, help="local worker processes (default: CPUs)")
    parser.add_argument("--output", "-o", help="SQLite file for the results")
    args = parser.parse_args(argv)
    try:
        grid = parse_grid(args.grid)
        client = None
        if args.dask:
            from dask.distributed import Client
            client = Client(args.dask)
        try:
            df = sweep(args.scenario, grid, args.repeats, client=client, database=args.output,
                       processes=args.processes, overrides=args.set)
        finally:
            if client is not None:
                client.close()
    except (ValueError, OSError) as e:
        print(f"stacksim sweep: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("stacksim sweep: interrupted", file=sys.stderr)
        return 130
    shown = ["point", "repeat", "seed", *grid.keys(), "placed", "rejected", "reject_frac",
             "util_vcpu", "energy_kwh"]
    with pd.option_context("display.width", 160, "display.max_columns", 20):
        print(df[[c for c in dict.fromkeys(shown) if c in df]].to_string(index=False))
    if args.output:
        print(f"\n{len(df)} runs -> {args.output}")
    return 0


if __name__ == "__main__":
    # Run as the package's module, so worker processes unpickle tasks from stacksim.sweep.
    import importlib
    sys.exit(importlib.import_module("stacksim.sweep").main())
