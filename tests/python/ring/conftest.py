"""Shared helpers for the ring differential tests: the stacksim binary (STACKSIM_BIN, default
build/apps/stacksim) and Swift's salt set in-process so swift.common.ring.Ring can load rings."""

import os
import pathlib

import pytest

REPO = pathlib.Path(__file__).resolve().parents[3]


@pytest.fixture(scope="session")
def stacksim_bin():
    path = pathlib.Path(os.environ.get("STACKSIM_BIN", "build/apps/stacksim"))
    if not path.is_absolute():
        path = REPO / path
    if not path.exists():
        pytest.fail(f"{path} does not exist: build the stacksim target first")
    return str(path)


@pytest.fixture(scope="session", autouse=True)
def swift_hash_salt():
    from swift.common import utils
    utils.HASH_PATH_PREFIX = b""
    utils.HASH_PATH_SUFFIX = b"stacksim-ring-tests"
    return utils.HASH_PATH_SUFFIX
