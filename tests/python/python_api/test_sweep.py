"""Sweeps: local processes, in-process, a Dask LocalCluster, the SQLite output and the CLI."""

import json
import sqlite3
import subprocess

import pandas as pd
import pytest

import stacksim
from stacksim.sweep import parse_grid
from conftest import small_scenario

GRID = {"control_plane.allocation_ratios.cpu": [1.0, 2.0]}


def check(df):
    assert len(df) == 4
    assert list(df["point"]) == [0, 0, 1, 1] and list(df["repeat"]) == [0, 1, 0, 1]
    assert list(df["seed"]) == [7, 8, 7, 8]
    # More overcommit, fewer rejections (same seeds, same arrivals).
    by_ratio = df.groupby("control_plane.allocation_ratios.cpu")["rejected"].sum()
    assert by_ratio[2.0] < by_ratio[1.0]


def test_local_processes_and_in_process_agree(tmp_path):
    db = tmp_path / "sweep.db"
    local = stacksim.sweep(small_scenario(), GRID, repeats=2, processes=2, database=db)
    check(local)
    inline = stacksim.sweep(small_scenario(), GRID, repeats=2, processes=0)
    cols = ["point", "repeat", "seed", "placed", "rejected", "util_vcpu", "energy_kwh"]
    pd.testing.assert_frame_equal(local[cols], inline[cols])
    with sqlite3.connect(db) as con:
        stored = pd.read_sql_query("SELECT * FROM runs ORDER BY point, repeat", con)
        meta = dict(con.execute("SELECT key, value FROM sweep").fetchall())
    pd.testing.assert_frame_equal(stored[cols], local[cols])
    assert meta["repeats"] == "2" and meta["runs"] == "4"


def test_dask_local_cluster():
    distributed = pytest.importorskip("dask.distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        df = stacksim.sweep(small_scenario(), GRID, repeats=2, client=client)
    check(df)
    inline = stacksim.sweep(small_scenario(), GRID, repeats=2, processes=0)
    assert list(df["placed"]) == list(inline["placed"])


def test_bad_grids_fail_before_running():
    with pytest.raises(ValueError, match="non-empty list"):
        stacksim.sweep(small_scenario(), {"seed": []})
    with pytest.raises(ValueError, match="repeats"):
        stacksim.sweep(small_scenario(), GRID, repeats=0)
    with pytest.raises(stacksim.ScenarioError, match="allocation_ratios"):
        stacksim.sweep(small_scenario(), {"control_plane.allocation_ratios.cpu": [-1]})


def test_grid_values_parse_like_set():
    assert parse_grid(["a.b=1,2.5,x", 'c=[1,2],"q,r"']) == {"a.b": [1, 2.5, "x"],
                                                            "c": [[1, 2], "q,r"]}
    with pytest.raises(ValueError):
        parse_grid(["novalues"])


def test_cli(tmp_path, stacksim_bin):
    scenario = tmp_path / "s.json"
    scenario.write_text(json.dumps(small_scenario()))
    out = tmp_path / "cli.db"
    run = subprocess.run([stacksim_bin, "sweep", scenario, "--grid",
                          "control_plane.allocation_ratios.cpu=1,2", "--repeats", "2",
                          "--processes", "2", "--output", out],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    with sqlite3.connect(out) as con:
        check(pd.read_sql_query("SELECT * FROM runs ORDER BY point, repeat", con))
    bad = subprocess.run([stacksim_bin, "sweep", scenario, "--set", "seed=-1"],
                         capture_output=True, text=True)
    assert bad.returncode != 0 and "seed" in bad.stderr
