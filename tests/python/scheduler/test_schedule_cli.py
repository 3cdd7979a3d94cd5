"""`stacksim schedule`: the reference example byte for byte, determinism, explanations, and
clear errors (file and JSON path, non-zero exit) on bad input."""

import json
import pathlib

import pytest

CASES = pathlib.Path(__file__).parent / "cases"


def test_reproduces_novas_decisions_on_the_reference_example_byte_for_byte(schedule):
    result = schedule(CASES / "example.json")
    assert result.returncode == 0, result.stderr
    assert result.stdout == (CASES / "example.expected.jsonl").read_text()
    assert result.stderr == ""


def example():
    return json.loads((CASES / "example.json").read_text())


def run_case(tmp_path, schedule, case, *options):
    path = tmp_path / "case.json"
    path.write_text(json.dumps(case))
    return schedule(path, *options)


def test_timing_goes_to_stderr_and_repeats_do_not_change_the_output(tmp_path, schedule):
    result = run_case(tmp_path, schedule, example(), "--timing", "--repeat", "3")
    assert result.returncode == 0, result.stderr
    assert result.stdout == (CASES / "example.expected.jsonl").read_text()
    assert "101 instance decisions" in result.stderr


def test_explain_adds_filter_counts_and_weigher_scores(tmp_path, schedule):
    result = run_case(tmp_path, schedule, example(), "--explain")
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    first = lines[1]  # request 1: several hosts weighed
    explain = first["explain"]
    assert explain["weighers"][0] == "RAMWeigher" and len(explain["weighers"]) == 7
    assert [f[0] for f in explain["filters"]][:2] == ["ComputeFilter", "AvailabilityZoneFilter"]
    assert explain["filters"][0][1] >= explain["filters"][0][2]
    host, weight, scores = first["weights"][0]
    assert weight == pytest.approx(sum(scores), abs=1e-12)
    failed = [line for line in lines if line["host"] is None]
    assert failed and "No valid host was found." in failed[0]["explain"]["reason"]


@pytest.mark.parametrize("policy", ["first-fit", "best-fit", "worst-fit", "tetris"])
def test_packing_policies_are_deterministic_and_differ_from_nova(tmp_path, schedule, policy):
    case = example()
    case["config"]["placement_policy"] = policy
    first = run_case(tmp_path, schedule, case)
    second = run_case(tmp_path, schedule, case)
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    assert first.stdout != (CASES / "example.expected.jsonl").read_text()


def test_host_subset_size_and_shuffle_are_deterministic_per_seed(tmp_path, schedule):
    case = example()
    case["config"].update(host_subset_size=3, shuffle_best_same_weighed_hosts=True, seed=7)
    runs = {run_case(tmp_path, schedule, case).stdout for _ in range(2)}
    assert len(runs) == 1
    case["config"]["seed"] = 8
    assert run_case(tmp_path, schedule, case).stdout not in runs


def broken(mutate):
    case = example()
    mutate(case)
    return case


BAD = [
    (lambda c: c["config"]["enabled_filters"].append("NoSuchFilter"),
     "/config/enabled_filters/7", 'unknown name "NoSuchFilter"'),
    (lambda c: c["config"].update(placement_policy="random"), "/config/placement_policy",
     'unknown value "random"'),
    (lambda c: c["hosts"][3].update(vcpus=-4), "/hosts/3/vcpus", "expected an integer >= 0"),
    (lambda c: c["hosts"][2].pop("memory_mb"), "/hosts/2/memory_mb", "required field is missing"),
    (lambda c: c["hosts"][1].update(colour="red"), "/hosts/1/colour", "unknown field"),
    (lambda c: c["hosts"][4].update(name="c00002"), "/hosts/4/name", "duplicate host name"),
    (lambda c: c["hosts"][5]["aggregates"].append({"name": "ssd", "metadata": {"ssd": "no"}}),
     "/hosts/5/aggregates/1", 'aggregate "ssd" has different metadata'),
    (lambda c: c["hosts"][0].update(supported_instances=[["x86_64", "kvm"]]),
     "/hosts/0/supported_instances/0", "expected [architecture, hypervisor type, VM mode]"),
    (lambda c: c["requests"][2]["flavor"].update(vcpus=0), "/requests/2/flavor/vcpus",
     "expected an integer >= 1"),
    (lambda c: c["requests"][4].update(group={"name": "g", "policy": "sometimes"}),
     "/requests/4/group/policy", 'unknown value "sometimes"'),
    (lambda c: c["requests"][6].update(image_props={"hw_architecture": "z80"}), "/requests/6",
     "Architecture name 'z80' is not recognised"),
    (lambda c: c["requests"][7]["flavor"]["extra_specs"].update({"hw:numa_nodes": "3"}),
     "/requests/7", "cannot be evenly distributed across instance NUMA nodes"),
    (lambda c: c["requests"][13].update(group={"name": "g0", "policy": "anti-affinity"}),
     "/requests/13", "server group 'g0' already exists with policy affinity"),
    (lambda c: c["requests"][1]["flavor"]["extra_specs"].update({"k": ["list"]}),
     "/requests/1/flavor/extra_specs/k", "expected a string, found array"),
]


@pytest.mark.parametrize("mutate,where,message", BAD, ids=[b[1] for b in BAD])
def test_bad_input_names_file_and_json_path(tmp_path, schedule, mutate, where, message):
    result = run_case(tmp_path, schedule, broken(mutate))
    assert result.returncode != 0
    assert result.stdout == ""
    assert str(tmp_path / "case.json") in result.stderr
    assert where in result.stderr, result.stderr
    assert message in result.stderr, result.stderr


def test_invalid_json_names_line_and_column(tmp_path, schedule):
    path = tmp_path / "case.json"
    path.write_text('{"hosts": [\n  {"name": "a",}\n]}')
    result = schedule(path)
    assert result.returncode != 0
    assert "line 2" in result.stderr and "invalid JSON" in result.stderr
