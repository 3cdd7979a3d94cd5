"""Starts `stacksim serve` on a free loopback port (STACKSIM_BIN) and gives tests an `openstack`
command-line runner with admin-openrc-style OS_* variables."""

import contextlib
import json
import os
import pathlib
import shutil
import subprocess

import pytest

REPO = pathlib.Path(__file__).resolve().parents[3]
ADMIN_PASSWORD = "conformance-admin-secret"


def _binary(path):
    path = pathlib.Path(path)
    if not path.is_absolute():
        path = REPO / path
    if not path.exists():
        pytest.fail(f"{path} does not exist: build it first (see docs/api.md)")
    return str(path)


@pytest.fixture(scope="session")
def stacksim_bin():
    return _binary(os.environ.get("STACKSIM_BIN", "build/apps/stacksim"))


class Server:
    """A running `stacksim serve`: its URL, its process and what it printed."""

    def __init__(self, stacksim_bin, scenario, *options):
        self.process = subprocess.Popen(
            [stacksim_bin, "serve", str(scenario), "--port", "0", "--speed", "60",
             "--admin-password", ADMIN_PASSWORD, "--log-requests", *options],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        first = self.process.stdout.readline()
        if "listening on " not in first:
            self.process.kill()
            raise RuntimeError(f"stacksim serve did not start: {first}{self.process.stderr.read()}")
        self.url = first.split("listening on ")[1].split()[0]
        self.banner = [first] + [self.process.stdout.readline()]

    def stop(self):
        self.process.terminate()
        out, err = self.process.communicate(timeout=30)
        return self.process.returncode, err


def lab_scenario(directory, name, seed, computes, extra_classes=(), storage=None):
    """Writes the install guide's lab to `directory`/scenario.json and returns its path: a
    controller, compute nodes with 4 vCPUs, 8 GB and 100 GB each, and `extra_classes` (storage
    nodes); `storage` is the datacenter's storage section."""
    datacenter = {"host_classes": [
        {"name": "controller", "role": "controller", "hostnames": ["controller"],
         "vcpus": 4, "memory_mb": 8192},
        {"name": "compute", "hostnames": list(computes), "vcpus": 4, "memory_mb": 8192,
         "disk_gb": 100},
        *extra_classes]}
    if storage is not None:
        datacenter["storage"] = storage
    path = directory / "scenario.json"
    path.write_text(json.dumps({"name": name, "seed": seed, "datacenter": datacenter}))
    return path


@contextlib.contextmanager
def serving(stacksim_bin, scenario, *options):
    """`stacksim serve` on the scenario file for the with-block; afterwards it must stop cleanly,
    and its request log must not carry the admin password."""
    s = Server(stacksim_bin, scenario, *options)
    yield s
    code, log = s.stop()
    assert ADMIN_PASSWORD not in log
    assert code == 0, log


@pytest.fixture(scope="module")
def server(stacksim_bin, tmp_path_factory):
    # The install guide's lab with an LVM block storage node.
    scenario = lab_scenario(
        tmp_path_factory.mktemp("serve"), "api-conformance", 7, ["compute1", "compute2"],
        [{"name": "block", "role": "storage", "hostnames": ["block1"], "vcpus": 4,
          "memory_mb": 4096, "disk_gb": 100}],
        {"block_backends": [{"name": "lvm", "host": "block1", "capacity_gb": 100}]})
    with serving(stacksim_bin, scenario) as s:
        yield s


def openrc(url, user="admin", password=ADMIN_PASSWORD, project="admin"):
    env = {k: v for k, v in os.environ.items() if not k.startswith("OS_")}
    env.update({
        "OS_AUTH_URL": url + "/v3",
        "OS_USERNAME": user,
        "OS_PASSWORD": password,
        "OS_PROJECT_NAME": project,
        "OS_USER_DOMAIN_NAME": "Default",
        "OS_PROJECT_DOMAIN_NAME": "Default",
        "OS_IDENTITY_API_VERSION": "3",
        "OS_REGION_NAME": "RegionOne",
        "NO_PROXY": "127.0.0.1,localhost",
        "no_proxy": "127.0.0.1,localhost",
    })
    return env


@pytest.fixture(scope="module")
def openstack(server):
    """openstack(*args, env=None) runs the real client; returns its parsed -f json output."""
    binary = shutil.which("openstack") or "/usr/bin/openstack"

    def run(*args, env=None, expect_ok=True, parse=True):
        result = subprocess.run([binary, *args, *(["-f", "json"] if parse else [])],
                                env=env or openrc(server.url), capture_output=True, text=True,
                                timeout=120)
        if expect_ok:
            assert result.returncode == 0, f"openstack {' '.join(args)}: {result.stderr}"
        else:
            return result
        return json.loads(result.stdout) if parse and result.stdout.strip() else result.stdout
    return run
