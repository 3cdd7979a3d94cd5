"""The flow network model (`stacksim flows`) against SimGrid 3.32 CM02 (`simgrid-flows`): every
completion time must agree within a relative 1e-9, on hand-computed cases and on generated
fat-tree and leaf-spine cases with hundreds of staggered flows."""

import json
import pathlib

import pytest

import flow_cases

CASES = pathlib.Path(__file__).parent / "cases"
TOLERANCE = 1e-9


def assert_agree(ours, reference, what):
    assert len(ours) == len(reference), what
    for i, (a, b) in enumerate(zip(ours, reference)):
        assert abs(a - b) <= TOLERANCE * abs(b), f"{what}: flow {i}: {a!r} vs {b!r}"


def write(tmp_path, case):
    path = tmp_path / f"{case['name']}.json"
    path.write_text(json.dumps(case))
    return path


def one_link_case():
    return {
        "name": "one_link_1_2_3_GB",
        "links": [{"id": "l", "bw": 1e9, "lat": 0.0}],
        "hosts": ["a", "b"],
        "routes": {"a->b": ["l"]},
        "flows": [{"src": "a", "dst": "b", "bytes": n * 10**9, "start": 0.0} for n in (1, 2, 3)],
    }


def test_one_gigabyte_per_second_link_hand_computed(tmp_path, stacksim_bin, oracle_bin, run_ends):
    path = write(tmp_path, one_link_case())
    assert_agree(run_ends(stacksim_bin, path), [3.0, 5.0, 6.0], "stacksim vs hand")
    assert_agree(run_ends(oracle_bin, path), [3.0, 5.0, 6.0], "SimGrid vs hand")


def test_shared_bottleneck_hand_computed(tmp_path, stacksim_bin, oracle_bin, run_ends):
    # f0 crosses x (10 B/s) and y (2 B/s); f1, f2 only x. Rates 2, 4, 4 until f1, f2 end at 25;
    # f0 stays at 2 (y) and ends at 50. A capped f3 (1 B/s) on x from t=30 leaves f0 unchanged.
    case = {
        "name": "shared_bottleneck",
        "links": [{"id": "x", "bw": 10, "lat": 0.0}, {"id": "y", "bw": 2, "lat": 0.0}],
        "hosts": ["a", "b", "c"],
        "routes": {"a->c": ["x", "y"], "a->b": ["x"]},
        "flows": [
            {"src": "a", "dst": "c", "bytes": 100, "start": 0.0},
            {"src": "a", "dst": "b", "bytes": 100, "start": 0.0},
            {"src": "a", "dst": "b", "bytes": 100, "start": 0.0},
            {"src": "a", "dst": "b", "bytes": 10, "start": 30.0, "rate_cap": 1.0},
        ],
    }
    path = write(tmp_path, case)
    expected = [50.0, 25.0, 25.0, 40.0]
    assert_agree(run_ends(stacksim_bin, path), expected, "stacksim vs hand")
    assert_agree(run_ends(oracle_bin, path), expected, "SimGrid vs hand")


def test_reference_example_both_modes(stacksim_bin, oracle_bin, run_ends):
    path = CASES / "s03_staggered_latency.json"
    case = json.loads(path.read_text())
    expected = [f["expected_end"] for f in case["flows"]]
    native = [f["expected_end_cm02_native"] for f in case["flows"]]
    assert_agree(run_ends(stacksim_bin, path), expected, "stacksim vs expected_end")
    assert_agree(run_ends(oracle_bin, path), expected, "SimGrid vs expected_end")
    assert_agree(run_ends(stacksim_bin, path, "--latency-weighted"), native,
                 "stacksim --latency-weighted vs expected_end_cm02_native")


GENERATED = [
    pytest.param(lambda: flow_cases.fat_tree_case(4, 300, seed=11), id="fat-tree-k4-300"),
    pytest.param(lambda: flow_cases.fat_tree_case(6, 500, seed=12), id="fat-tree-k6-500"),
    pytest.param(lambda: flow_cases.fat_tree_case(8, 1000, seed=17, window=0.3), id="fat-tree-k8-1000"),
    pytest.param(lambda: flow_cases.fat_tree_case(4, 300, seed=13, capped_fraction=0.3),
                 id="fat-tree-k4-300-capped"),
    pytest.param(lambda: flow_cases.leaf_spine_case(400, seed=14, tiers=2), id="leaf-spine-2-400"),
    pytest.param(lambda: flow_cases.leaf_spine_case(400, seed=15, tiers=3), id="leaf-spine-3-400"),
    pytest.param(lambda: flow_cases.leaf_spine_case(300, seed=16, tiers=3, capped_fraction=0.3),
                 id="leaf-spine-3-300-capped"),
]


@pytest.mark.parametrize("make", GENERATED)
def test_generated_cases_agree_with_simgrid(make, tmp_path, stacksim_bin, oracle_bin, run_ends):
    path = write(tmp_path, make())
    ours = run_ends(stacksim_bin, path)
    reference = run_ends(oracle_bin, path)
    assert_agree(ours, reference, path.name)
    # Staggered and overlapping: flows really share (not every flow alone at line rate).
    case = json.loads(path.read_text())
    alone = [f["start"] + f["bytes"] / 1.25e9 for f in case["flows"]]
    assert sum(end > a * (1 + 1e-6) for end, a in zip(ours, alone)) > len(alone) // 4


@pytest.mark.parametrize("seed", [21, 22])
def test_latency_weighted_mode_agrees_with_simgrid_native(seed, tmp_path, stacksim_bin, oracle_bin,
                                                          run_ends):
    # Latencies inside SimGrid (CM02 native). No rate caps: SimGrid 3.32 ignores them there.
    path = write(tmp_path, flow_cases.leaf_spine_case(300, seed=seed, tiers=3))
    assert_agree(run_ends(stacksim_bin, path, "--latency-weighted"),
                 run_ends(oracle_bin, path, "--latency-weighted"), path.name)
