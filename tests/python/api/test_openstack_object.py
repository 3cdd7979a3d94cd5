"""Object Storage (Swift's API v1) against `stacksim serve` with the real clients: the openstack
client's container/object commands and the swift CLI (python3-swiftclient), then a differential
check of placement: the partition and devices the service records for each object (its
X-Stacksim-Object-Partition/-Devices headers) equal python3-swift's Ring.get_nodes on the ring
files `stacksim serve --swift-dir` wrote with stacksim's ring-file writer and the same salt."""

import configparser
import hashlib
import json
import shutil
import subprocess
import urllib.error
import urllib.request

import pytest

from conftest import lab_scenario, openrc, serving

STORAGE_NODES = [f"object{i}" for i in range(1, 6)]
state = {}


def ring_spec(name):
    """The Havana guide's layout: five storage nodes, one device each, one zone each."""
    return {"name": name, "part_power": 8, "replicas": 3, "min_part_hours": 1,
            "zones": [{"region": 1, "zone": i + 1,
                       "devices": [{"host": host, "device": "sdb1", "weight": 100,
                                    "size_gb": 1000}]}
                      for i, host in enumerate(STORAGE_NODES)]}


@pytest.fixture(scope="module")
def swift_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("etc-swift")


@pytest.fixture(scope="module")
def server(stacksim_bin, tmp_path_factory, swift_dir):
    """Overrides conftest's server: a cloud with storage nodes and Swift rings."""
    scenario = lab_scenario(
        tmp_path_factory.mktemp("serve-swift"), "object-conformance", 7, ["compute1"],
        [{"name": "object", "role": "storage", "hostnames": STORAGE_NODES, "vcpus": 4,
          "memory_mb": 4096}],
        {"swift_rings": [ring_spec(n) for n in ("account", "container", "object")]})
    with serving(stacksim_bin, scenario, "--swift-dir", str(swift_dir)) as s:
        yield s


def run(binary, *args, env, cwd=None, expect_ok=True):
    result = subprocess.run([shutil.which(binary) or f"/usr/bin/{binary}", *args], env=env,
                            cwd=cwd, capture_output=True, text=True, timeout=120)
    if expect_ok:
        assert result.returncode == 0, f"{binary} {' '.join(args)}: {result.stderr}"
    return result


def osc(server, *args, env=None, cwd=None):
    out = run("openstack", *args, "-f", "json", env=env or openrc(server.url), cwd=cwd).stdout
    return json.loads(out) if out.strip() else None


def test_catalog_names_the_object_store_per_project(server):
    token = osc(server, "token", "issue")
    state["admin_project"] = token["project_id"]
    state["token"] = token["id"]
    swift = [e for e in osc(server, "catalog", "list") if e["Type"] == "object-store"]
    assert swift and swift[0]["Name"] == "swift"
    urls = {e["url"] for e in swift[0]["Endpoints"]}
    assert urls == {f"{server.url}/v1/AUTH_{token['project_id']}"}


def test_openstack_container_and_object_commands(server, tmp_path):
    data = b"hello from stacksim's object store\n" * 100
    (tmp_path / "hello.txt").write_bytes(data)
    created = osc(server, "container", "create", "photos")
    assert created[0]["container"] == "photos"
    assert created[0]["account"] == f"AUTH_{state['admin_project']}"
    uploaded = osc(server, "object", "create", "photos", "hello.txt", cwd=tmp_path)
    assert uploaded[0]["object"] == "hello.txt"
    assert uploaded[0]["etag"] == hashlib.md5(data).hexdigest()
    assert [o["Name"] for o in osc(server, "object", "list", "photos")] == ["hello.txt"]

    shown = osc(server, "object", "show", "photos", "hello.txt")
    assert shown["content-length"] == str(len(data))
    assert shown["content-type"] == "text/plain"
    assert shown["etag"] == hashlib.md5(data).hexdigest()

    run("openstack", "object", "set", "--property", "owner=ada", "photos", "hello.txt",
        env=openrc(server.url))
    assert "ada" in str(osc(server, "object", "show", "photos", "hello.txt")["properties"])

    run("openstack", "object", "save", "--file", str(tmp_path / "saved.txt"), "photos",
        "hello.txt", env=openrc(server.url))
    assert (tmp_path / "saved.txt").read_bytes() == data

    container = osc(server, "container", "show", "photos")
    assert container["object_count"] == "1"
    assert container["bytes_used"] == str(len(data))
    assert "photos" in {c["Name"] for c in osc(server, "container", "list")}

    # A container that holds objects is not deleted (409); empty, it is.
    refused = run("openstack", "container", "delete", "photos", env=openrc(server.url),
                  expect_ok=False)
    assert refused.returncode != 0 and "409" in refused.stderr
    run("openstack", "object", "delete", "photos", "hello.txt", env=openrc(server.url))
    run("openstack", "container", "delete", "photos", env=openrc(server.url))
    assert "photos" not in {c["Name"] for c in osc(server, "container", "list") or []}


def test_swift_cli_stat_upload_download(server, tmp_path):
    env = openrc(server.url)
    data = bytes(range(256)) * 64
    (tmp_path / "backup.bin").write_bytes(data)
    uploaded = run("swift", "upload", "backups", "backup.bin", env=env, cwd=tmp_path)
    assert "backup.bin" in uploaded.stdout
    assert run("swift", "list", "backups", env=env).stdout.split() == ["backup.bin"]
    run("swift", "download", "backups", "backup.bin", "-o", str(tmp_path / "restored.bin"),
        env=env)
    assert (tmp_path / "restored.bin").read_bytes() == data
    stat = run("swift", "stat", env=env).stdout
    assert f"Account: AUTH_{state['admin_project']}" in stat
    assert "Containers: 1" in stat and "Objects: 1" in stat
    assert f"Bytes: {len(data)}" in stat
    obj = run("swift", "stat", "backups", "backup.bin", env=env).stdout
    assert hashlib.md5(data).hexdigest() in obj


def test_member_reaches_only_its_own_account(server):
    admin = openrc(server.url)
    osc(server, "project", "create", "--domain", "default", "tenant")
    osc(server, "user", "create", "--domain", "default", "--password", "tenant-secret", "tenant")
    run("openstack", "role", "add", "--project", "tenant", "--user", "tenant", "member", env=admin)
    env = openrc(server.url, user="tenant", password="tenant-secret", project="tenant")
    tenant_project = osc(server, "token", "issue", env=env)["project_id"]
    assert f"Account: AUTH_{tenant_project}" in run("swift", "stat", env=env).stdout
    run("swift", "post", "mine", env=env)
    assert run("swift", "list", env=env).stdout.split() == ["mine"]
    admin_account = f"{server.url}/v1/AUTH_{state['admin_project']}"
    denied = run("swift", "--os-storage-url", admin_account, "list", env=env, expect_ok=False)
    assert denied.returncode != 0 and "403" in denied.stderr
    # The admin reaches the tenant's account.
    tenant_account = f"{server.url}/v1/AUTH_{tenant_project}"
    assert run("swift", "--os-storage-url", tenant_account, "list",
               env=admin).stdout.split() == ["mine"]


def request(method, url, token, data=None, headers=None):
    req = urllib.request.Request(url, data=data, method=method,
                                 headers={"X-Auth-Token": token, **(headers or {})})
    with urllib.request.urlopen(req, timeout=60) as resp:
        return resp.status, resp.headers, resp.read()


def test_placements_equal_python_swift_ring_get_nodes(server, swift_dir):
    from swift.common import utils
    from swift.common.ring import Ring

    conf = configparser.ConfigParser()
    conf.read(swift_dir / "swift.conf")
    utils.HASH_PATH_PREFIX = conf["swift-hash"]["swift_hash_path_prefix"].encode()
    utils.HASH_PATH_SUFFIX = conf["swift-hash"]["swift_hash_path_suffix"].encode()
    ring = Ring(str(swift_dir), ring_name="object")

    account = f"AUTH_{state['admin_project']}"
    base = f"{server.url}/v1/{account}"
    token = state["token"]
    assert request("PUT", f"{base}/placement", token)[0] in (201, 202)
    names = [f"obj-{i}" for i in range(20)] + ["dir/with/slashes.txt", "dir/", "ünïcode"]
    for name in names:
        url = f"{base}/placement/{urllib.request.quote(name)}"
        assert request("PUT", url, token, data=name.encode())[0] == 201
        status, headers, body = request("GET", url, token)
        assert status == 200 and body == name.encode()
        part, nodes = ring.get_nodes(account, "placement", name)
        assert int(headers["X-Stacksim-Object-Partition"]) == part, name
        assert headers["X-Stacksim-Object-Devices"] == ",".join(str(n["id"]) for n in nodes)
        assert {n["ip"] for n in nodes} <= set(STORAGE_NODES)

    # A byte range over HTTP, and Swift's 404 page.
    status, headers, body = request("GET", f"{base}/placement/obj-12", token,
                                    headers={"Range": "bytes=4-"})
    assert status == 206 and body == b"12" and headers["Content-Range"] == "bytes 4-5/6"
    with pytest.raises(urllib.error.HTTPError) as missing:
        request("GET", f"{base}/placement/nothing", token)
    assert missing.value.code == 404
    assert missing.value.read() == (b"<html><h1>Not Found</h1>"
                                    b"<p>The resource could not be found.</p></html>")
