"""`stacksim flows` output format and its errors on bad input (file and JSON path named,
non-zero exit)."""

import json
import subprocess

import pytest

from test_flows_differential import one_link_case


def run(stacksim_bin, path, *options):
    return subprocess.run([stacksim_bin, "flows", str(path), *options], capture_output=True,
                          text=True, timeout=60)


def test_output_is_json_lines_in_input_order_and_nothing_else(tmp_path, stacksim_bin):
    path = tmp_path / "c.json"
    path.write_text(json.dumps(one_link_case()))
    result = run(stacksim_bin, path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines == ['{"flow": 0, "end": 3}', '{"flow": 1, "end": 5}', '{"flow": 2, "end": 6}']


def broken(mutate):
    case = one_link_case()
    mutate(case)
    return case


BAD = [
    (lambda c: c["flows"][1].update(src="nowhere"), "/flows/1/src", "unknown host 'nowhere'"),
    (lambda c: c["links"][0].update(bw=-5), "/links/0/bw", "must be > 0"),
    (lambda c: c["routes"].update({"a->b": ["l", "missing"]}), "/routes/a->b/1",
     "unknown link 'missing'"),
    (lambda c: c["flows"][0].pop("bytes"), "/flows/0/bytes", "required field is missing"),
    (lambda c: c["flows"][2].update(colour="red"), "/flows/2/colour", "unknown field"),
    (lambda c: c["flows"].append({"src": "b", "dst": "a", "bytes": 1, "start": 0}), "/flows/3",
     "no route from 'b' to 'a'"),
    (lambda c: c["hosts"].append("a"), "/hosts/2", "duplicate host 'a'"),
]


@pytest.mark.parametrize("mutate,where,problem", BAD)
def test_bad_input_names_file_and_path(mutate, where, problem, tmp_path, stacksim_bin):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(broken(mutate)))
    result = run(stacksim_bin, path)
    assert result.returncode != 0
    assert result.stdout == ""
    assert f"{path}: {where}: " in result.stderr and problem in result.stderr, result.stderr


def test_invalid_json_names_line_and_column(tmp_path, stacksim_bin):
    path = tmp_path / "bad.json"
    path.write_text('{\n  "links": [,]\n}\n')
    result = run(stacksim_bin, path)
    assert result.returncode != 0
    assert f"{path}: line 2 column" in result.stderr, result.stderr


def test_check_reports_a_wrong_expectation(tmp_path, stacksim_bin):
    case = one_link_case()
    case["flows"][1]["expected_end"] = 5.000001
    path = tmp_path / "c.json"
    path.write_text(json.dumps(case))
    result = run(stacksim_bin, path, "--check")
    assert result.returncode != 0
    assert "/flows/1/expected_end" in result.stderr, result.stderr
