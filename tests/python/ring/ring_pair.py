"""Drives the same ring operations through `stacksim ring` (the swift-ring-builder syntax) and
through python3-swift's RingBuilder, with the same string seeds and the same clock, so every step
can be compared."""

import json
import math
import pathlib
import subprocess
from unittest import mock

from swift.common.ring import RingData
from swift.common.ring import builder as swift_builder
from swift.common.ring.utils import parse_add_value, parse_search_value

EPOCH = 1_700_000_000


class RingPair:
    def __init__(self, stacksim_bin, workdir, part_power, replicas, min_part_hours):
        self.bin = stacksim_bin
        self.dir = pathlib.Path(workdir)
        self.builder_file = self.dir / "object.builder"
        self.ring_file = self.dir / "object.ring.gz"
        self.now = EPOCH
        self.run("create", str(part_power), str(replicas), str(min_part_hours))
        self.swift = swift_builder.RingBuilder(part_power, float(replicas), min_part_hours)

    def run(self, *args, expect=(0,)):
        cmd = [self.bin, "ring", str(self.builder_file), *args, "--now", str(self.now)]
        proc = subprocess.run(cmd, capture_output=True, text=True)
        assert proc.returncode in expect, (cmd, proc.returncode, proc.stdout, proc.stderr)
        return proc

    def add(self, devices):
        """devices: [(add_value, weight)]"""
        args = []
        for value, weight in devices:
            args += [value, str(weight)]
            dev = parse_add_value(value)
            dev["region"] = 1 if dev["region"] is None else dev["region"]
            dev["replication_ip"] = dev["replication_ip"] or dev["ip"]
            dev["replication_port"] = dev["replication_port"] or dev["port"]
            dev["weight"] = float(weight)
            self.swift.add_dev(dev)
        self.run("add", *args)

    def set_weight(self, search, weight):
        for dev in self.swift.search_devs(parse_search_value(search)):
            self.swift.set_dev_weight(dev["id"], float(weight))
        self.run("set_weight", search, str(weight), "--yes")

    def remove(self, search):
        for dev in self.swift.search_devs(parse_search_value(search)):
            self.swift.remove_dev(dev["id"])
        self.run("remove", search, "--yes")

    def set_overload(self, overload):
        self.swift.set_overload(overload)
        self.run("set_overload", repr(overload), expect=(0, 1))  # 1: warns above 100%

    def pretend_min_part_hours_passed(self):
        self.swift.pretend_min_part_hours_passed()
        self.run("pretend_min_part_hours_passed")

    def rebalance(self, seed, advance_hours=0):
        """Rebalances both with seed string `seed`; returns (ours, swift) summaries."""
        self.now += advance_hours * 3600
        with mock.patch.object(swift_builder, "time", lambda: self.now):
            moved, balance, removed = self.swift.rebalance(seed=seed)
        proc = self.run("rebalance", "--seed", seed, "--force", expect=(0, 1))
        self.run("write_ring")
        ours = self.ours()
        reassigned = [line for line in proc.stdout.splitlines() if line.startswith("Reassigned ")]
        assert reassigned, proc.stdout
        ours["moved"] = int(reassigned[0].split()[1])
        swift = {
            "moved": moved,
            "balance": balance,
            "dispersion": self.swift.dispersion,
            "removed": removed,
            "rows": [list(row) for row in self.swift._replica2part2dev],
            "parts": {d["id"]: d["parts"] for d in self.swift.devs if d},
            "target": {d["id"]: d["parts"] + d["parts_wanted"] for d in self.swift.devs if d},
        }
        return ours, swift

    def ours(self):
        state = json.loads(self.builder_file.read_text())
        ring = RingData.load(str(self.ring_file))
        devs = [d for d in state["devs"] if d]
        total_weight = sum(d["weight"] for d in devs)
        parts = state["parts"]
        wop = parts * state["replicas"] / total_weight
        balance = 0.0
        for d in devs:
            if d["weight"] == 0:
                balance = max(balance, 999.99 if d["parts"] else 0.0)
            else:
                balance = max(balance, abs(100.0 * d["parts"] / (d["weight"] * wop) - 100.0))
        return {
            "balance": balance,
            "dispersion": state["dispersion"],
            "rows": [list(row) for row in ring._replica2part2dev_id],
            "parts": {d["id"]: d["parts"] for d in devs},
            "target": {d["id"]: d["parts"] + d["parts_wanted"] for d in devs},
            "ring_md5": ring.md5,
        }


def check_step(ours, swift, builder):
    """Our result is at least as good as Swift's, and with CPython's random replayed, identical."""
    assert ours["target"] == swift["target"], "target parts per device differ"
    assert ours["balance"] <= swift["balance"] + 1e-9
    assert ours["dispersion"] <= swift["dispersion"] + 1e-9
    assert ours["moved"] <= swift["moved"]
    assert ours["rows"] == swift["rows"], "partition assignment differs from Swift's"
    assert ours["parts"] == swift["parts"]
    builder.validate()  # Swift's own invariants, on Swift's side of the identical assignment
    assert math.isfinite(ours["balance"])
