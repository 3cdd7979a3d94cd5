"""End-to-end tests of `stacksim run / validate / replay / report`: what a user types, the exit
codes, the error messages (file and JSON path), and what ends up in the results database."""

import json
import signal
import sqlite3
import subprocess
import time

import pytest

from conftest import EXAMPLES


def test_every_example_validates(stacksim):
    files = sorted(EXAMPLES.glob("*.json"))
    assert len(files) >= 8
    result = stacksim("validate", *files)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count(": valid:") == len(files)


def test_a_typo_names_the_file_and_json_path(stacksim, tmp_path):
    scenario = json.loads((EXAMPLES / "train-3-node-lab.json").read_text())
    scenario["datacenter"]["host_classes"][1]["vcpu"] = 4  # typo of vcpus
    path = tmp_path / "typo.json"
    path.write_text(json.dumps(scenario))
    result = stacksim("validate", path)
    assert result.returncode != 0
    assert str(path) in result.stderr
    assert "/datacenter/host_classes/1" in result.stderr
    assert "vcpu" in result.stderr


def test_set_overrides_and_bad_values(stacksim, tmp_path):
    db = tmp_path / "lab.db"
    ok = stacksim("run", EXAMPLES / "train-3-node-lab.json", "--set", "duration_s=7200",
                  "--no-progress", "-o", db)
    assert ok.returncode == 0, ok.stderr
    with sqlite3.connect(db) as conn:
        (sim_time,) = conn.execute("SELECT sim_time_s FROM runs").fetchone()
    assert sim_time == pytest.approx(7200)
    bad = stacksim("run", EXAMPLES / "train-3-node-lab.json", "--set", "duration_s=-5",
                   "--no-progress")
    assert bad.returncode != 0
    assert "/duration_s" in bad.stderr


def test_run_writes_database_csv_json_and_report(stacksim, tmp_path):
    db = tmp_path / "demo.db"
    result = stacksim("run", EXAMPLES / "demo.json", "--set", "workload.max_arrivals=5000",
                      "--no-progress", "-o", db, "--csv", tmp_path / "csv", "--json",
                      tmp_path / "demo.json", "--report", tmp_path / "demo.html")
    assert result.returncode == 0, result.stderr
    assert "arrivals" in result.stdout
    with sqlite3.connect(db) as conn:
        (instances,) = conn.execute("SELECT COUNT(*) FROM instances").fetchone()
        (status,) = conn.execute("SELECT status FROM runs").fetchone()
    assert instances == 5000
    assert status == "completed"
    assert (tmp_path / "csv" / "instances.csv").exists()
    assert json.loads((tmp_path / "demo.json").read_text())
    assert "<svg" in (tmp_path / "demo.html").read_text()
    report = stacksim("report", db, "-o", tmp_path / "again.html")
    assert report.returncode == 0, report.stderr
    assert "<svg" in (tmp_path / "again.html").read_text()


def test_ctrl_c_keeps_partial_results(stacksim_bin, tmp_path):
    db = tmp_path / "interrupted.db"
    proc = subprocess.Popen([stacksim_bin, "run", str(EXAMPLES / "demo.json"), "--set",
                             "workload.max_arrivals=100000000", "--no-progress", "-o", str(db)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(2.0)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert "interrupted" in err
    with sqlite3.connect(db) as conn:
        (status,) = conn.execute("SELECT status FROM runs").fetchone()
        (instances,) = conn.execute("SELECT COUNT(*) FROM instances").fetchone()
    assert status == "interrupted"
    assert instances > 0


def test_replay_of_the_shipped_azure_sample(stacksim, tmp_path):
    db = tmp_path / "replay.db"
    result = stacksim("replay", EXAMPLES / "traces" / "azure2017-sample.csv", "--format",
                      "azure-2017", "--datacenter", EXAMPLES / "trace-replay-azure-sample.json",
                      "--no-progress", "-o", db)
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(db) as conn:
        (requests,) = conn.execute("SELECT COUNT(*) FROM instances").fetchone()
    assert requests == 2000


def test_a_malformed_trace_row_names_file_and_line(stacksim, tmp_path):
    trace = tmp_path / "bad.csv"
    lines = (EXAMPLES / "traces" / "azure2017-sample.csv").read_text().splitlines()[:10]
    lines[6] = "vm00006,sub1,dep1,notanumber,600,1,1,1,Unknown,2,4"
    trace.write_text("\n".join(lines) + "\n")
    result = stacksim("replay", trace, "--format", "azure-2017", "--datacenter",
                      EXAMPLES / "trace-replay-azure-sample.json", "--no-progress")
    assert result.returncode != 0
    assert f"{trace}:7" in result.stderr
    skipped = stacksim("replay", trace, "--format", "azure-2017", "--datacenter",
                       EXAMPLES / "trace-replay-azure-sample.json", "--skip-bad-rows",
                       "--no-progress")
    assert skipped.returncode == 0, skipped.stderr


def test_control_plane_run_rejects_with_novas_fault(stacksim, tmp_path):
    db = tmp_path / "cp.db"
    result = stacksim("run", EXAMPLES / "train-3-node-lab.json", "--control-plane", "--set",
                      "duration_s=21600", "--no-progress", "-o", db)
    assert result.returncode == 0, result.stderr
    assert "control plane, simulated" in result.stdout
    with sqlite3.connect(db) as conn:
        reasons = {r for (r,) in conn.execute("SELECT reason FROM decisions WHERE reason != ''")}
    assert reasons == {"No valid host was found. "}


def test_the_live_lab_boots_through_the_control_plane(stacksim, tmp_path):
    db = tmp_path / "live.db"
    result = stacksim("run", EXAMPLES / "live-3node-lab.json", "--no-progress", "-o", db)
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(db) as conn:
        states = conn.execute("SELECT state, COUNT(*) FROM instances GROUP BY state").fetchall()
        hosts = [h for (h,) in conn.execute("SELECT name FROM hosts ORDER BY name")]
    assert states == [("active", 4)]
    assert hosts == ["compute1", "compute2"]


def test_same_seed_same_results(stacksim, tmp_path):
    rows = []
    for i in range(2):
        db = tmp_path / f"run{i}.db"
        result = stacksim("run", EXAMPLES / "spread.json", "--set", "duration_s=20000",
                          "--no-progress", "-o", db)
        assert result.returncode == 0, result.stderr
        with sqlite3.connect(db) as conn:
            rows.append(conn.execute("SELECT * FROM decisions ORDER BY rowid").fetchall())
    assert rows[0] == rows[1]
    assert rows[0]
