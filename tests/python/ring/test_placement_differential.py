"""Object placement through the proxy against Swift's own proxy code: rings built by python3-swift's
RingBuilder, some devices unmounted or servers unreachable, and for each object the devices a PUT
writes and the order a GET tries, from `ring-placement` (stacksim's ObjectController) and from
swift.proxy.controllers.base.NodeIter driven the way the object controller drives it (one PUT
connection per primary, each taking the next node; a GET walks the iterator). Down nodes are
error-limited in Swift's app; sorting_method "timing" with no timings keeps ring order."""

import itertools
import json
import os
import pathlib
import random
import subprocess

import pytest
from swift.common.ring import Ring, RingBuilder
from swift.proxy.controllers.base import NodeIter

REPO = pathlib.Path(__file__).resolve().parents[3]
OBJECTS = 300


@pytest.fixture(scope="session")
def placement_bin():
    build = pathlib.Path(os.environ.get("STACKSIM_BUILD_DIR", "build"))
    if not build.is_absolute():
        build = REPO / build
    path = build / "tests/python/ring/ring-placement"
    if not path.exists():
        pytest.fail(f"{path} does not exist: build the ring-placement target first")
    return str(path)


class ErrorLimitingApp:
    """The parts of swift.proxy.server.Application that NodeIter consults."""

    log_handoffs = False

    def __init__(self, unmounted, unreachable, request_node_count=None):
        self.unmounted = set(unmounted)
        self.unreachable = set(unreachable)
        self.count = request_node_count

    def request_node_count(self, replicas):
        return self.count or 2 * replicas

    def sort_nodes(self, nodes, policy=None):
        return nodes

    def error_limited(self, node):
        return node["id"] in self.unmounted or node["ip"] in self.unreachable


def build_ring(tmp_path, name, part_power, replicas, layout, seed=1):
    """layout: [(region, zone, ip, [device names])] with weight 100 each."""
    builder = RingBuilder(part_power, replicas, 1)
    for region, zone, ip, devices in layout:
        for device in devices:
            builder.add_dev({"region": region, "zone": zone, "ip": ip, "port": 6200,
                             "device": device, "weight": 100})
    builder.rebalance(seed=seed)
    path = tmp_path / f"{name}.ring.gz"
    builder.get_ring().save(str(path))
    return path, builder


def ours(placement_bin, ring_path, unmounted, unreachable, request_node_count=None):
    cmd = [placement_bin, str(ring_path), "--prefix", "", "--suffix", "stacksim-ring-tests",
           "--objects", str(OBJECTS)]
    for dev in sorted(unmounted):
        cmd += ["--unmounted", str(dev)]
    for ip in sorted(unreachable):
        cmd += ["--unreachable", ip]
    if request_node_count:
        cmd += ["--request-node-count", str(request_node_count)]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return [json.loads(line) for line in proc.stdout.splitlines()]


def swift(ring_path, unmounted, unreachable, request_node_count=None):
    ring = Ring(str(ring_path))
    app = ErrorLimitingApp(unmounted, unreachable, request_node_count)
    out = []
    for i in range(OBJECTS):
        part = ring.get_part("AUTH_test", "c", f"o{i}")
        primaries = len(ring.get_part_nodes(part))
        put_iter = NodeIter(app, ring, part, None)
        put = [node["id"] for node in itertools.islice(put_iter, primaries)]
        get = [node["id"] for node in NodeIter(app, ring, part, None)]
        out.append({"object": f"o{i}", "part": part, "put": put, "get": get})
    return out


def compare(placement_bin, ring_path, unmounted=(), unreachable=(), request_node_count=None):
    mine = ours(placement_bin, ring_path, unmounted, unreachable, request_node_count)
    theirs = swift(ring_path, unmounted, unreachable, request_node_count)
    assert len(mine) == len(theirs) == OBJECTS
    for a, b in zip(mine, theirs):
        assert a == b
    return mine


def one_region(servers_per_zone=2, zones=4, devices=("sdb", "sdc")):
    return [(1, z, f"10.0.{z}.{s}", list(devices))
            for z in range(1, zones + 1) for s in range(servers_per_zone)]


def test_all_up_and_random_unmounted_devices(placement_bin, tmp_path):
    ring_path, builder = build_ring(tmp_path, "object", 8, 3, one_region())
    compare(placement_bin, ring_path)
    rng = random.Random(5)
    ids = [d["id"] for d in builder.devs if d]
    for _ in range(4):
        down = rng.sample(ids, 3)
        placed = compare(placement_bin, ring_path, unmounted=down)
        assert all(len(p["put"]) == 3 for p in placed)
        assert all(not set(p["put"]) & set(down) for p in placed)


def test_unreachable_servers_and_a_whole_zone(placement_bin, tmp_path):
    ring_path, _ = build_ring(tmp_path, "object", 8, 3, one_region())
    compare(placement_bin, ring_path, unreachable=["10.0.2.0"])
    compare(placement_bin, ring_path, unreachable=["10.0.3.0", "10.0.3.1"])
    compare(placement_bin, ring_path, unmounted=[0, 5], unreachable=["10.0.1.1"])


def test_two_regions(placement_bin, tmp_path):
    layout = [(r, z, f"10.{r}.{z}.{s}", ["sdb"])
              for r in (1, 2) for z in (1, 2, 3) for s in (0, 1)]
    ring_path, _ = build_ring(tmp_path, "object", 9, 3, layout, seed=3)
    compare(placement_bin, ring_path)
    compare(placement_bin, ring_path, unreachable=["10.1.1.0", "10.1.2.0", "10.1.3.0"])
    compare(placement_bin, ring_path, unmounted=[1, 2, 7], request_node_count=4)


def test_fractional_replicas_and_almost_everything_down(placement_bin, tmp_path):
    ring_path, builder = build_ring(tmp_path, "object", 7, 2.5, one_region(1, 5, ("sdb",)))
    compare(placement_bin, ring_path)
    compare(placement_bin, ring_path, unmounted=[0])
    placed = compare(placement_bin, ring_path, unmounted=[0, 1, 2])
    # Two devices left: every PUT gets at most two nodes (below quorum for 3 primaries: 2 of 3).
    assert all(len(p["put"]) <= 2 for p in placed)
    assert len(builder.devs) == 5
