"""Simulation: loading, stepping, running to a time, results as DataFrames, the results
database, the GIL and Ctrl-C."""

import json
import subprocess
import threading
import time

import numpy as np
import pandas as pd
import pytest

import stacksim
from conftest import EXAMPLES, small_scenario

METRICS = ["arrivals", "placed", "rejected", "departures", "util_vcpu", "util_ram", "energy_kwh",
           "model_events", "sim_time_s"]


def test_load_from_file_dict_and_overrides():
    from_file = stacksim.load_scenario(EXAMPLES / "demo.json")
    assert from_file.name == "demo"
    changed = stacksim.load_scenario(EXAMPLES / "demo.json", ["seed=42"])
    assert changed.seed == 42
    from_dict = stacksim.load_scenario(from_file.to_dict(), ["workload.max_arrivals=10"])
    assert from_dict.to_dict()["workload"]["max_arrivals"] == 10


def test_run_to_the_end_matches_the_one_shot_run(small):
    sim = stacksim.Simulation(small)
    sim.run()
    assert sim.ended and sim.finished
    once = stacksim._stacksim.run_scenario(stacksim.load_scenario(small))
    assert {k: sim.summary[k] for k in METRICS} == {k: once[k] for k in METRICS}
    assert sim.summary["arrivals"] == 3000


def test_stepping_and_running_to_times_gives_the_same_run(small):
    whole = stacksim.Simulation(small)
    whole.run()
    sim = stacksim.Simulation(small)
    assert sim.now == 0.0
    for _ in range(50):
        assert sim.step()
    assert sim.engine_events == 50
    assert sim.run(until=1000.0) == pytest.approx(1000.0, abs=1e-9)
    assert not sim.ended
    sim.run(until=2500.5)
    assert sim.now == pytest.approx(2500.5, abs=1e-9)
    sim.run()
    assert {k: sim.summary[k] for k in METRICS + ["engine_events"]} == \
        {k: whole.summary[k] for k in METRICS + ["engine_events"]}
    pd.testing.assert_frame_equal(sim.samples(), whole.samples())


def test_results_are_dataframes_viewing_the_run(small):
    sim = stacksim.Simulation(small)
    sim.run(until=3000)
    mid = sim.samples()
    assert list(mid["time_s"]) == pytest.approx([300.0 * i for i in range(11)])
    sim.run()
    samples = sim.samples()
    assert {"time_s", "vcpus_used", "power_w", "arrivals", "rejected"} <= set(samples.columns)
    assert samples["arrivals"].sum() == sim.summary["arrivals"]
    # Finished: arrays view the C++ columns (no copy), read-only.
    a, b = sim.arrays("samples")["power_w"], sim.arrays("samples")["power_w"]
    assert np.shares_memory(a, b) and not a.flags.writeable
    instances = sim.instances()
    assert len(instances) == sim.summary["arrivals"]
    assert instances["state"].dtype == "category"
    assert set(instances["state"].cat.categories) <= {"deleted", "active", "building", "rejected"}
    assert instances["host"].isna().sum() == sim.summary["rejected"]
    hs = sim.host_samples()
    assert hs["host"].nunique() == 20
    summary = sim.host_summary()
    assert summary["energy_kwh"].sum() == pytest.approx(sim.summary["energy_kwh"])


def test_host_state_mid_run(small):
    sim = stacksim.Simulation(small)
    sim.run(until=2000)
    hosts = sim.hosts()
    assert len(hosts) == 20 and hosts["up"].all()
    assert (hosts["vcpus_used"] <= hosts["vcpu_capacity"]).all()
    assert hosts["instances"].sum() > 0
    assert ((hosts["util_vcpu"] >= 0) & (hosts["util_vcpu"] <= 1)).all()


def test_results_database(tmp_path, small):
    db = tmp_path / "run.db"
    sim = stacksim.Simulation(small, database=db)
    sim.run()
    tables = stacksim.read_results(db)
    assert len(tables["instances"]) == sim.summary["arrivals"]
    with pytest.raises(FileNotFoundError):
        stacksim.read_results(tmp_path / "missing.db")


def test_errors_carry_the_loader_message(tmp_path, stacksim_bin):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(small_scenario(flavors=[{"name": "x", "vcpus": -1,
                                                       "memory_mb": 1}])))
    with pytest.raises(stacksim.ScenarioError) as err:
        stacksim.load_scenario(bad)
    cli = subprocess.run([stacksim_bin, "validate", bad], capture_output=True, text=True)
    assert cli.returncode != 0
    assert str(err.value) in cli.stderr
    assert str(bad) in str(err.value) and "/flavors/0/vcpus" in str(err.value)
    assert isinstance(err.value, ValueError)


def test_bad_arguments_raise_instead_of_crashing(small):
    with pytest.raises(TypeError):
        stacksim.Simulation(42)
    with pytest.raises(stacksim.ScenarioError):
        stacksim.Simulation(small, overrides=["seed=-3"])
    with pytest.raises(stacksim.ScenarioError):
        stacksim.load_scenario("/nonexistent/scenario.json")
    sim = stacksim.Simulation(small)
    sim.run(until=100)
    with pytest.raises(ValueError, match="clock is already at 100"):  # run(until=) before
        sim.run(until=50)
    with pytest.raises(ValueError):
        sim.run(until=float("nan"))
    with pytest.raises(TypeError):
        sim.run(until="soon")
    with pytest.raises(ValueError):
        sim.step(0)
    with pytest.raises(TypeError):
        sim.step(-1)
    with pytest.raises(KeyError):
        sim.table("nope")
    sim.finish()
    with pytest.raises(RuntimeError, match="finished"):
        sim.run()


def long_scenario():
    return stacksim.load_scenario(EXAMPLES / "demo.json", ["workload.max_arrivals=50000000"])


def test_runs_release_the_gil():
    sim = stacksim.Simulation(long_scenario())
    ticks = 0
    runner = threading.Thread(target=sim.run, kwargs={"until": 20000.0})
    runner.start()
    while runner.is_alive():
        ticks += 1
        time.sleep(0.001)
    runner.join()
    assert sim.now == pytest.approx(20000.0)
    assert ticks > 20  # this thread kept running while the simulation did


def test_ctrl_c_interrupts_a_run_and_leaves_it_usable(ctrl_c_in):
    sim = stacksim.Simulation(long_scenario())
    timer = ctrl_c_in(0.3)
    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        sim.run()
    timer.join()
    assert time.monotonic() - started < 10
    assert 0 < sim.now and not sim.ended
    at = sim.now
    sim.run(until=at + 10)
    summary = sim.finish()
    assert summary["interrupted"] and summary["sim_time_s"] == pytest.approx(at + 10)
