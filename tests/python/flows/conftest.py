"""Locates the binaries the flow tests drive: `stacksim` (STACKSIM_BIN) and the SimGrid oracle
`simgrid-flows` (under STACKSIM_BUILD_DIR)."""

import json
import os
import pathlib
import subprocess

import pytest

REPO = pathlib.Path(__file__).resolve().parents[3]


def _binary(path):
    path = pathlib.Path(path)
    if not path.is_absolute():
        path = REPO / path
    if not path.exists():
        pytest.fail(f"{path} does not exist: build it first (see docs/models.md)")
    return str(path)


@pytest.fixture(scope="session")
def stacksim_bin():
    return _binary(os.environ.get("STACKSIM_BIN", "build/apps/stacksim"))


@pytest.fixture(scope="session")
def oracle_bin():
    build = os.environ.get("STACKSIM_BUILD_DIR", "build")
    return _binary(pathlib.Path(build) / "tests/python/flows/simgrid-flows")


def read_ends(output):
    lines = [json.loads(line) for line in output.splitlines() if line.strip()]
    assert [line["flow"] for line in lines] == list(range(len(lines)))
    return [line["end"] for line in lines]


@pytest.fixture(scope="session")
def run_ends():
    def run(binary, case_file, *options):
        command = [binary, "flows"] if binary.endswith("stacksim") else [binary]
        result = subprocess.run([*command, str(case_file), *options], capture_output=True,
                                text=True, timeout=300)
        assert result.returncode == 0, result.stderr
        return read_ends(result.stdout)
    return run
