"""Differential tests: `stacksim ring` against python3-swift's RingBuilder on generated device
sets. With the same seed and clock our rebalances reproduce Swift's assignments exactly, so balance,
dispersion, partitions moved and target parts per device all agree; Swift loads every ring file
we write, byte-identical to its own, and gives the same primaries and handoffs."""

import pytest

from swift.common.ring import Ring
from swift.common.ring import RingData

from ring_pair import RingPair, check_step


def devices(regions, zones, servers, disks, weight=lambda r, z, s, d: 100.0, port=6200):
    out = []
    for r in range(1, regions + 1):
        for z in range(1, zones + 1):
            for s in range(servers):
                for d in range(disks):
                    value = f"r{r}z{z}-10.{r}.{z}.{s}:{port}/sd{chr(97 + d)}"
                    out.append((value, weight(r, z, s, d)))
    return out


def mixed_tb(r, z, s, d):
    return [4000.0, 8000.0, 12000.0][(z + s + d) % 3]


def compare_rings(pair, tmp_path):
    """Swift's Ring loads our file; it equals Swift's own file byte for byte."""
    swift_file = tmp_path / "swift" / "object.ring.gz"
    swift_file.parent.mkdir(exist_ok=True)
    pair.swift.get_ring().save(str(swift_file))
    assert swift_file.read_bytes() == pair.ring_file.read_bytes()
    ours, theirs = Ring(str(pair.ring_file)), Ring(str(swift_file))
    for i in range(200):
        a, c, o = f"AUTH_{i % 7}", f"c{i % 13}", f"obj-{i}"
        part, nodes = ours.get_nodes(a, c, o)
        assert (part, nodes) == theirs.get_nodes(a, c, o)
        assert list(ours.get_more_nodes(part)) == list(theirs.get_more_nodes(part))


@pytest.fixture
def pair_factory(stacksim_bin, tmp_path):
    def make(part_power, replicas=3, min_part_hours=1):
        return RingPair(stacksim_bin, tmp_path, part_power, replicas, min_part_hours)
    return make


def test_equal_weights(pair_factory, tmp_path):
    pair = pair_factory(10)
    pair.add(devices(1, 4, 2, 3))
    ours, swift = pair.rebalance("1")
    check_step(ours, swift, pair.swift)
    assert ours["moved"] == 3 * 1024
    compare_rings(pair, tmp_path)


def test_mixed_4t_8t_12t(pair_factory, tmp_path):
    pair = pair_factory(12)
    pair.add(devices(1, 5, 2, 4, weight=mixed_tb))
    check_step(*pair.rebalance("mixed"), pair.swift)
    compare_rings(pair, tmp_path)


def test_multi_region_then_add_a_zone(pair_factory, tmp_path):
    pair = pair_factory(11)
    pair.add(devices(2, 3, 2, 2))
    check_step(*pair.rebalance("regions"), pair.swift)
    pair.add([(f"r2z4-10.2.4.{s}:6200/sd{d}", 100.0) for s in range(2) for d in "ab"])
    ours, swift = pair.rebalance("zone", advance_hours=2)
    check_step(ours, swift, pair.swift)
    assert 0 < ours["moved"] <= 2048  # at most one replica of each partition
    compare_rings(pair, tmp_path)


def test_remove_a_device(pair_factory, tmp_path):
    pair = pair_factory(10, min_part_hours=24)
    pair.add(devices(1, 4, 2, 2, weight=mixed_tb))
    check_step(*pair.rebalance("a"), pair.swift)
    held = pair.ours()["parts"][5]
    pair.remove("d5")
    ours, swift = pair.rebalance("b", advance_hours=1)  # young parts: only dev 5's move
    check_step(ours, swift, pair.swift)
    assert ours["moved"] == held
    assert swift["removed"] == 1
    compare_rings(pair, tmp_path)


def test_drain_to_weight_zero(pair_factory, tmp_path):
    pair = pair_factory(10, min_part_hours=0)
    pair.add(devices(1, 3, 2, 2))
    check_step(*pair.rebalance("a"), pair.swift)
    pair.set_weight("d3", 0)
    ours, swift = pair.rebalance("b")
    check_step(ours, swift, pair.swift)
    assert ours["parts"][3] == 0
    compare_rings(pair, tmp_path)


def test_overload(pair_factory, tmp_path):
    # One heavy zone: full dispersion needs overload; try none, some, and plenty.
    pair = pair_factory(10, min_part_hours=0)
    pair.add(devices(1, 3, 1, 2, weight=lambda r, z, s, d: 400.0 if z == 1 else 100.0))
    check_step(*pair.rebalance("none"), pair.swift)
    for overload, seed in [(0.1, "some"), (2.0, "plenty")]:
        pair.set_overload(overload)
        check_step(*pair.rebalance(seed), pair.swift)
    compare_rings(pair, tmp_path)


def test_min_part_hours_not_yet_passed(pair_factory, tmp_path):
    pair = pair_factory(10, min_part_hours=6)
    pair.add(devices(1, 4, 1, 2))
    check_step(*pair.rebalance("a"), pair.swift)
    pair.add([(f"r1z5-10.1.5.0:6200/sd{d}", 100.0) for d in "ab"])
    ours, swift = pair.rebalance("b", advance_hours=1)
    check_step(ours, swift, pair.swift)
    assert ours["moved"] == 0
    ours, swift = pair.rebalance("c", advance_hours=6)
    check_step(ours, swift, pair.swift)
    assert ours["moved"] > 0
    compare_rings(pair, tmp_path)


def test_fractional_replicas(pair_factory, tmp_path):
    pair = pair_factory(9, replicas=2.5, min_part_hours=0)
    pair.add(devices(1, 4, 1, 2))
    check_step(*pair.rebalance("frac"), pair.swift)
    compare_rings(pair, tmp_path)
    assert RingData.load(str(pair.ring_file)).replica_count == 2.5
