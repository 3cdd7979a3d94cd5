"""Locates the volume-scheduler helper (STACKSIM_BUILD_DIR, default build) for the volume tests."""

import os
import pathlib

import pytest

REPO = pathlib.Path(__file__).resolve().parents[3]


@pytest.fixture(scope="session")
def volume_scheduler_bin():
    build = pathlib.Path(os.environ.get("STACKSIM_BUILD_DIR", "build"))
    if not build.is_absolute():
        build = REPO / build
    path = build / "tests" / "python" / "volume" / "volume-scheduler"
    if not path.exists():
        pytest.fail(f"{path} does not exist: build the volume-scheduler target first")
    return str(path)
