"""Locates the `stacksim` program (STACKSIM_BIN, default build/apps/stacksim) for the end-to-end
tests of the scenario commands."""

import os
import pathlib
import subprocess

import pytest

REPO = pathlib.Path(__file__).resolve().parents[3]
EXAMPLES = REPO / "scenarios" / "examples"


@pytest.fixture(scope="session")
def stacksim_bin():
    path = pathlib.Path(os.environ.get("STACKSIM_BIN", "build/apps/stacksim"))
    if not path.is_absolute():
        path = REPO / path
    if not path.exists():
        pytest.fail(f"{path} does not exist: build it first (scripts/build.sh)")
    return str(path)


@pytest.fixture
def stacksim(stacksim_bin):
    """Runs `stacksim ARGS...` and returns the CompletedProcess (text, never raising)."""

    def run(*args, cwd=None, timeout=300):
        return subprocess.run([stacksim_bin, *map(str, args)], capture_output=True, text=True,
                              cwd=cwd, timeout=timeout)

    return run
