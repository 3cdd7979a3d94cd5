"""`stacksim serve` over the live backend: scenarios/examples/live-3node-lab.json (the install
guide's controller and two compute nodes on libvirt's test:///default driver) served on the wall
clock. The real client issues a token, uploads an image, boots servers through Nova's scheduler
onto the libvirt hosts and lists them."""

import time

import pytest

from conftest import REPO, serving


@pytest.fixture(scope="module")
def server(stacksim_bin):
    with serving(stacksim_bin, REPO / "scenarios/examples/live-3node-lab.json") as s:
        yield s


def test_live_banner_and_token(server, openstack):
    assert "live backend, wall clock" in server.banner[0]
    token = openstack("token", "issue")
    assert len(token["id"]) == 64 and token["project_id"]


def test_live_servers_boot_and_list(server, openstack, tmp_path):
    disk = tmp_path / "cirros.img"
    disk.write_bytes(b"QFI\xfb" + bytes(4092))
    openstack("image", "create", "cirros", "--file", str(disk), "--disk-format", "qcow2",
              "--container-format", "bare", "--public")
    # No NIC: the lab's hosts run no Open vSwitch here, only libvirt's test driver.
    for name in ("live-1", "live-2"):
        openstack("--os-compute-api-version", "2.37", "server", "create", "--flavor", "m1.nano",
                  "--image", "cirros", "--nic", "none", name)
    deadline = time.monotonic() + 60
    while True:
        listed = openstack("server", "list", "--long")
        if all(s["Status"] == "ACTIVE" for s in listed) or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert sorted((s["Name"], s["Status"]) for s in listed) == [("live-1", "ACTIVE"),
                                                                ("live-2", "ACTIVE")]
    # Nova's weighers spread them over the two compute nodes; the controller runs none.
    assert sorted(s["Host"] for s in listed) == ["compute1", "compute2"]
