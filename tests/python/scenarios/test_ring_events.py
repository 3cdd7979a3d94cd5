"""End-to-end tests of ring events in `stacksim run`: the results database's ring tables, the
exports and the report, both run modes, determinism, and a differential check of the run's
rebalances against python3-swift's RingBuilder doing the same operations with the same seed."""

import hashlib
import json
import sqlite3
from unittest import mock

import pytest
from swift.common.ring import builder as swift_builder

from conftest import EXAMPLES

SWIFT_PORTS = {"object": 6200, "container": 6201, "account": 6202}


def run(stacksim, scenario, db, *extra):
    result = stacksim("run", scenario, "--no-progress", "-o", db, *extra)
    assert result.returncode == 0, result.stderr
    return result


def rows(db, query):
    with sqlite3.connect(db) as conn:
        return conn.execute(query).fetchall()


def test_ring_expansion_results_exports_and_report(stacksim, tmp_path):
    db = tmp_path / "expansion.db"
    result = run(stacksim, EXAMPLES / "ring-expansion.json", db, "--json", tmp_path / "r.json",
                 "--csv", tmp_path / "csv")
    assert "rings       6 events, 2 rebalances" in result.stdout
    assert "full replication" in result.stdout

    rebalances = rows(db, "SELECT time_s, ring, parts_moved, balance, devices, new_ring"
                          " FROM ring_rebalances ORDER BY rowid")
    assert [r[0] for r in rebalances] == [0, 3600, 7200]
    assert all(r[1] == "object" and r[4] == 8 and r[5] == 1 for r in rebalances)
    assert rebalances[1][2] > 0 and rebalances[2][2] > 0
    assert rebalances[2][3] < 1  # balanced once zones 4 and 5 have their full weight

    (ring,) = rows(db, "SELECT ring, bytes_moved, transfers, fully_replicated, finished,"
                       " time_to_full_replication_s, first_event_s FROM ring_replication")
    moved = rebalances[1][2] + rebalances[2][2]
    assert ring[0] == "object"
    assert ring[2] == moved  # one copy per reassigned partition-replica
    assert ring[1] == moved * 25 * 2**20
    assert ring[3] == 1 and ring[4] == 1
    assert ring[6] == 3600
    assert 0 < ring[5] < 14400 - 3600

    samples = rows(db, "SELECT time_s, under_replicated, bytes_moved, copies_pending,"
                       " partitions_by_replicas FROM ring_replication_samples ORDER BY time_s")
    assert samples[-1][1] == 0 and samples[-1][3] == 0
    assert samples[-1][2] == ring[1]
    assert max(s[3] for s in samples) > 0
    assert sum(json.loads(samples[-1][4])) == 4096
    times = [s[0] for s in samples]
    assert times == sorted(times)

    metrics = dict(rows(db, "SELECT name, value FROM metrics"))
    assert metrics["ring_bytes_moved"] == ring[1]
    assert metrics["ring_rebalances"] == 2
    assert metrics["ring_time_to_full_replication_s"] == pytest.approx(ring[5])
    assert metrics["rings.object.bytes_moved"] == ring[1]

    exported = json.loads((tmp_path / "r.json").read_text())
    assert len(exported["ring_rebalances"]) == 3
    assert exported["ring_replication"][0]["bytes_moved"] == ring[1]
    assert len(exported["ring_replication_samples"]) == len(samples)
    csv_lines = (tmp_path / "csv" / "ring_replication_samples.csv").read_text().splitlines()
    assert csv_lines[0].startswith("time_s,ring,under_replicated")
    assert len(csv_lines) == len(samples) + 1

    report = stacksim("report", db, "-o", tmp_path / "r.html")
    assert report.returncode == 0, report.stderr
    assert "rings       6 events, 2 rebalances" in report.stdout
    html = (tmp_path / "r.html").read_text()
    assert "Replication progress" in html
    assert "Bytes moved by the replicators" in html
    assert "Balance after each rebalance" in html


def test_same_seed_same_ring_results_in_both_run_modes(stacksim, tmp_path):
    tables = ("SELECT * FROM ring_rebalances ORDER BY rowid",
              "SELECT * FROM ring_replication",
              "SELECT * FROM ring_replication_samples ORDER BY rowid")
    first, second, plane = tmp_path / "a.db", tmp_path / "b.db", tmp_path / "cp.db"
    run(stacksim, EXAMPLES / "ring-expansion.json", first)
    run(stacksim, EXAMPLES / "ring-expansion.json", second)
    for query in tables:
        assert rows(first, query) == rows(second, query)
    run(stacksim, EXAMPLES / "ring-expansion.json", plane, "--control-plane")
    assert rows(plane, tables[0]) == rows(first, tables[0])
    (replication,) = rows(plane, "SELECT bytes_moved, fully_replicated FROM ring_replication")
    assert replication == rows(first, "SELECT bytes_moved, fully_replicated FROM ring_replication")[0]


def test_a_lost_disk_is_re_replicated(stacksim, tmp_path):
    db = tmp_path / "havana.db"
    run(stacksim, EXAMPLES / "havana-swift-zones.json", db)
    samples = rows(db, "SELECT time_s, under_replicated FROM ring_replication_samples"
                       " ORDER BY time_s")
    worst = max(under for _, under in samples)
    assert worst in (614, 615)  # 3 replicas on 5 disks: 3/5 of 1024 partitions
    assert samples[-1][1] == 0
    (ring,) = rows(db, "SELECT fully_replicated, handoffs_reverted, settled_s FROM"
                       " ring_replication")
    assert ring[0] == 1 and ring[1] > 0 and ring[2] > 28800


def test_bad_ring_events_name_the_file_and_json_path(stacksim, tmp_path):
    scenario = json.loads((EXAMPLES / "ring-expansion.json").read_text())
    scenario["ring_events"][0]["device"] = "sdz"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(scenario))
    result = stacksim("validate", path)
    assert result.returncode != 0
    assert str(path) in result.stderr
    assert "/ring_events/0/device" in result.stderr


def swift_assignment_md5(builder):
    return hashlib.md5(b"".join(row.tobytes() for row in builder._replica2part2dev)).hexdigest()


def test_expansion_rebalances_match_python_swift(stacksim, tmp_path):
    """The run's rebalances give the same partition assignment as Swift's RingBuilder doing the
    same operations, with the scenario's seed, on the same (simulated) clock."""
    scenario = json.loads((EXAMPLES / "ring-expansion.json").read_text())
    db = tmp_path / "expansion.db"
    run(stacksim, EXAMPLES / "ring-expansion.json", db)
    ours = rows(db, "SELECT time_s, parts_moved, balance, dispersion, assignment_md5"
                    " FROM ring_rebalances WHERE ring = 'object' ORDER BY rowid")

    (spec,) = scenario["datacenter"]["storage"]["swift_rings"]
    seed = scenario["seed"]
    now = [0]
    with mock.patch.object(swift_builder, "time", lambda: now[0]):
        swift = swift_builder.RingBuilder(spec["part_power"], float(spec["replicas"]),
                                          spec.get("min_part_hours", 1))
        for zone in spec["zones"]:
            for dev in zone["devices"]:
                swift.add_dev({"region": zone.get("region", 1), "zone": zone["zone"],
                               "ip": dev["host"], "port": SWIFT_PORTS[spec["name"]],
                               "replication_ip": dev["host"],
                               "replication_port": SWIFT_PORTS[spec["name"]],
                               "device": dev["device"], "weight": float(dev.get("weight", 100)),
                               "meta": ""})
        moved, balance, _ = swift.rebalance(seed=seed)
        expected = [(0, None, balance, swift.dispersion, swift_assignment_md5(swift))]
        for event in sorted(scenario["ring_events"], key=lambda e: e["at_s"]):
            now[0] = int(event["at_s"])
            if event["action"] == "set_weight":
                (dev,) = swift.search_devs({"ip": event["host"], "device": event["device"]})
                swift.set_dev_weight(dev["id"], float(event["weight"]))
            elif event["action"] == "rebalance":
                moved, balance, _ = swift.rebalance(seed=seed)
                expected.append((event["at_s"], moved, balance, swift.dispersion,
                                 swift_assignment_md5(swift)))
    assert len(ours) == len(expected) == 3
    for mine, theirs in zip(ours, expected):
        assert mine[0] == theirs[0]
        if theirs[1] is not None:
            assert mine[1] == theirs[1]
        assert mine[2] == pytest.approx(theirs[2], abs=1e-9)
        assert mine[3] == pytest.approx(theirs[3], abs=1e-9)
        assert mine[4] == theirs[4]
