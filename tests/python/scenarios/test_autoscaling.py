"""End-to-end tests of the autoscaling section: `stacksim run` creates the Heat stack of
scenarios/examples/autoscaling.json on the simulated control plane, telemetry and Aodh alarms
drive the AutoScalingGroup through a diurnal day, and the results database and report hold the
series (group size, demand against capacity, SLA violations, energy)."""

import json
import sqlite3

from conftest import EXAMPLES

SCENARIO = EXAMPLES / "autoscaling.json"


def run_example(stacksim, tmp_path, *extra):
    db = tmp_path / "autoscaling.db"
    result = stacksim("run", SCENARIO, "--no-progress", "-o", db, *extra)
    assert result.returncode == 0, result.stderr
    return db, result


def test_the_group_follows_the_diurnal_demand(stacksim, tmp_path):
    db, result = run_example(stacksim, tmp_path, "--report", tmp_path / "autoscaling.html")
    assert "autoscaling " in result.stdout and "scale-outs" in result.stdout
    with sqlite3.connect(db) as conn:
        samples, smallest, largest, violations = conn.execute(
            "SELECT count(*), min(group_size), max(group_size), sum(sla_violation) "
            "FROM autoscaling_samples WHERE run = 'autoscaling'").fetchone()
        # One sample every 10 minutes for a day.
        assert samples == 144
        # One server at night, most of the 10 allowed around noon (7 vCPUs of demand at 70 %).
        assert smallest <= 2
        assert 6 <= largest <= 10
        outs, ins, sla, stored_samples, energy = conn.execute(
            "SELECT scale_outs, scale_ins, sla_violations, samples, energy_joules "
            "FROM autoscaling_runs").fetchone()
        assert stored_samples == samples
        assert sla == violations
        assert outs >= 5 and ins >= 4
        # The 70 % / 30 % thresholds scale out before the group is full: few samples short.
        assert violations / samples < 0.15
        # Demand is never below the trough and capacity follows it.
        low_demand, = conn.execute("SELECT min(demand_vcpus) FROM autoscaling_samples").fetchone()
        assert low_demand >= 0.99
        # Five hosts drawing at least their idle power all day.
        assert energy > (60 + 4 * 100) * 86400 * 0.99
        growing, = conn.execute(
            "SELECT count(*) FROM autoscaling_samples a JOIN autoscaling_samples b "
            "ON b.rowid = a.rowid + 1 WHERE b.group_size > a.group_size").fetchone()
        assert growing == outs
    html = (tmp_path / "autoscaling.html").read_text()
    assert "<h2>Autoscaling</h2>" in html
    assert "Demand against the group" in html

    report = stacksim("report", db, "-o", tmp_path / "again.html")
    assert report.returncode == 0, report.stderr
    assert "SLA violations" in report.stdout
    assert f"{outs} scale-outs, {ins} scale-ins" in report.stdout


def test_same_seed_same_series(stacksim, tmp_path):
    series = []
    for attempt in ("a", "b"):
        run_dir = tmp_path / attempt
        run_dir.mkdir()
        db, _ = run_example(stacksim, run_dir, "--set", "autoscaling.duration_s=21600")
        with sqlite3.connect(db) as conn:
            series.append(conn.execute(
                "SELECT time_s, group_size, capacity_vcpus, power_watts FROM autoscaling_samples "
                "ORDER BY time_s").fetchall())
    assert len(series[0]) == 36
    assert series[0] == series[1]


def write_variant(tmp_path, change):
    scenario = json.loads(SCENARIO.read_text())
    scenario["autoscaling"]["template"] = str(EXAMPLES / "heat" / "autoscaling.yaml")
    change(scenario["autoscaling"])
    path = tmp_path / "variant.json"
    path.write_text(json.dumps(scenario))
    return path


def test_section_errors_name_the_file_and_json_path(stacksim, tmp_path):
    cases = [
        (lambda a: a.update(sample_intervals=60), "/autoscaling", "sample_intervals"),
        (lambda a: a.update(group_resource="web"), "/autoscaling/group_resource",
         "no OS::Heat::AutoScalingGroup called \"web\""),
        (lambda a: a.update(template="missing.yaml"), "/autoscaling/template", "missing.yaml"),
        (lambda a: a["parameters"].update(max_size=1000), "/autoscaling/parameters", "max_size"),
        (lambda a: a["demand"].update(amplitude=1.5), "/autoscaling/demand/amplitude",
         "at most 1"),
    ]
    for change, where, what in cases:
        path = write_variant(tmp_path, change)
        result = stacksim("validate", path)
        assert result.returncode != 0, where
        assert str(path) in result.stderr, result.stderr
        assert where in result.stderr, result.stderr
        assert what in result.stderr, result.stderr
