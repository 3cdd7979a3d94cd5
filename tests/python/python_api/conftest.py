"""Fixtures for the Python API tests: the package comes from <build>/python (PYTHONPATH, or the
.pth the README build writes); STACKSIM_BIN names the CLI for the command-line checks."""

import os
import pathlib
import signal
import threading

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[3]
EXAMPLES = ROOT / "scenarios" / "examples"


def small_scenario(**changes):
    """20 hosts, Poisson arrivals of three flavors, 3,000 arrivals: well under a second."""
    scenario = {
        "name": "pytest-small",
        "seed": 7,
        "datacenter": {"host_classes": [
            {"name": "compute", "count": 20, "vcpus": 16, "memory_mb": 65536,
             "power": {"idle_w": 100, "max_w": 250}}]},
        "control_plane": {"scheduler": {"placement_policy": "best-fit"},
                          "allocation_ratios": {"cpu": 1.0, "ram": 1.0},
                          "reserved": {"host_memory_mb": 0}},
        "flavors": [{"name": "small", "vcpus": 1, "memory_mb": 2048},
                    {"name": "medium", "vcpus": 2, "memory_mb": 4096},
                    {"name": "large", "vcpus": 8, "memory_mb": 16384}],
        "workload": {"generators": [{"name": "arrivals", "kind": "poisson", "rate_per_s": 0.5,
                                     "lifetime": {"distribution": "exponential",
                                                  "mean_s": 600}}],
                     "max_arrivals": 3000},
        "telemetry": {"interval_s": 300, "host_samples": True},
    }
    scenario.update(changes)
    return scenario


@pytest.fixture
def small():
    return small_scenario()


@pytest.fixture(scope="session")
def stacksim_bin():
    path = pathlib.Path(os.environ.get("STACKSIM_BIN", ROOT / "build" / "apps" / "stacksim"))
    if not path.exists():
        pytest.skip(f"no stacksim program at {path}")
    return path


@pytest.fixture
def ctrl_c_in(request):
    """ctrl_c_in(seconds): sends this process SIGINT after `seconds`, as Ctrl-C would. Python's
    KeyboardInterrupt handler is installed for the test: a shell that starts the test command in
    the background (CI runners do) hands it SIGINT ignored, and Python keeps it that way."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    timers = []

    def arm(seconds):
        timer = threading.Timer(seconds, os.kill, (os.getpid(), signal.SIGINT))
        timers.append(timer)
        timer.start()
        return timer

    yield arm
    for timer in timers:
        timer.cancel()
        timer.join()
    signal.signal(signal.SIGINT, previous)
