"""The ring builder from Python, checked against Swift's own RingBuilder (python3-swift)."""

import pytest

import stacksim

DEVICES = [(z, f"10.0.{z}.{s}", d, w) for z in (1, 2, 3) for s in (1, 2) for d, w in
           (("sdb", 100.0), ("sdc", 50.0))]


def ours():
    b = stacksim.RingBuilder(8, 3, 1)
    for zone, ip, device, weight in DEVICES:
        b.add_dev(region=1, zone=zone, ip=ip, port=6200, device=device, weight=weight)
    return b


def swifts():
    builder = pytest.importorskip("swift.common.ring.builder")
    b = builder.RingBuilder(8, 3, 1)
    for zone, ip, device, weight in DEVICES:
        b.add_dev({"region": 1, "zone": zone, "ip": ip, "port": 6200, "device": device,
                   "weight": weight, "meta": ""})
    return b


def test_rebalance_matches_swift():
    b, s = ours(), swifts()
    r = b.rebalance(seed=4, now=1700000000)
    s.rebalance(seed=4)
    assert b.part_table().tolist() == [list(row) for row in s._replica2part2dev]
    assert b.get_balance() == pytest.approx(s.get_balance())
    assert r.parts_moved == 3 * 256 and r.balance == pytest.approx(s.get_balance())
    assert b.dispersion() == pytest.approx(s.dispersion)


def test_lookups_save_and_load(tmp_path):
    b = ours()
    b.rebalance(seed=1, now=1700000000)
    ring = b.get_ring(hash_path_prefix="", hash_path_suffix="changeme")
    part, nodes = ring.get_nodes("AUTH_test", "c", "o")
    assert 0 <= part < 256 and len(nodes) == 3
    assert len({n["zone"] for n in nodes}) == 3  # one replica per zone
    assert [n["id"] for n in b.get_part_devices(part)] == [n["id"] for n in nodes]
    handoffs = ring.get_more_nodes(part, limit=2)
    assert len(handoffs) == 2 and not {n["id"] for n in handoffs} & {n["id"] for n in nodes}
    b.save(tmp_path / "object.builder")
    loaded = stacksim.RingBuilder.load(tmp_path / "object.builder")
    assert loaded.part_table().tolist() == b.part_table().tolist()
    md5 = b.write_ring(tmp_path / "object.ring.gz")
    assert len(md5) == 32
    again = stacksim.Ring.load(tmp_path / "object.ring.gz", hash_path_suffix="changeme")
    assert again.get_nodes("AUTH_test", "c", "o")[0] == part


def test_ring_errors_keep_swift_names(tmp_path):
    b = ours()
    with pytest.raises(stacksim.DuplicateDeviceError, match="Duplicate device id: 0"):
        b.add_dev(zone=1, ip="10.0.9.1", port=6200, device="sdz", weight=1, id=0)
    with pytest.raises(stacksim.RingBuilderError):  # the base class catches it too
        b.add_dev(zone=1, ip="10.0.9.1", port=6200, device="sdz", weight=1, id=0)
    with pytest.raises(ValueError):
        stacksim.RingBuilder(33, 3, 1)
    with pytest.raises(ValueError):
        b.add_dev(zone=1, ip="10.9.9.9", port=1, device="x", weight=-5)
    with pytest.raises(ValueError, match="never rebalanced"):
        b.get_ring()
    with pytest.raises(stacksim.RingLoadError):
        stacksim.RingBuilder.load(tmp_path / "missing.builder")
    with pytest.raises(stacksim.RingValidationError, match="requires more than 0 devices"):
        stacksim.RingBuilder(4, 3, 1).rebalance(seed=1)
    b.rebalance(seed=1)
    with pytest.raises(IndexError):
        b.get_part_devices(256)
