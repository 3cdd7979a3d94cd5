"""Locates `stacksim` (STACKSIM_BIN, default build/apps/stacksim) for the scheduler tests."""

import os
import pathlib
import subprocess

import pytest

REPO = pathlib.Path(__file__).resolve().parents[3]


@pytest.fixture(scope="session")
def stacksim_bin():
    path = pathlib.Path(os.environ.get("STACKSIM_BIN", "build/apps/stacksim"))
    if not path.is_absolute():
        path = REPO / path
    if not path.exists():
        pytest.fail(f"{path} does not exist: build it first (scripts/build.sh)")
    return str(path)


@pytest.fixture(scope="session")
def schedule(stacksim_bin):
    """Runs `stacksim schedule` on a case file; returns the CompletedProcess."""
    def run(case_file, *options):
        return subprocess.run([stacksim_bin, "schedule", str(case_file), *options],
                              capture_output=True, text=True, timeout=600)
    return run
