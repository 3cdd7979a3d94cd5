"""Conformance with the real `openstack` client (python3-openstackclient): the install guides'
sequence against `stacksim serve`, checking the client's -f json output. Steps whose service
stacksim does not serve yet are skipped with the missing service named, never silently."""

import pytest

from conftest import ADMIN_PASSWORD, openrc

state = {}


def served_types(openstack):
    return {entry["Type"] for entry in openstack("catalog", "list")}


def require(openstack, server, service_type, name):
    if service_type not in served_types(openstack):
        pytest.skip(f"{name} ({service_type}) is not served by stacksim serve: "
                    f"{server.banner[1].strip()}")


def test_version_discovery_and_admin_token(server, openstack):
    token = openstack("token", "issue")
    assert len(token["id"]) == 64
    assert token["expires"].endswith("+0000")
    state["admin_project"] = token["project_id"]
    state["admin_user"] = token["user_id"]
    catalog = openstack("catalog", "list")
    identity = [e for e in catalog if e["Type"] == "identity"]
    assert identity and identity[0]["Name"] == "keystone"
    assert all(e["url"].startswith(server.url) for e in identity[0]["Endpoints"])


def test_domain_projects_users_roles(openstack):
    domain = openstack("domain", "create", "--description", "An Example Domain", "example")
    assert domain["name"] == "example" and domain["enabled"] is True
    service = openstack("project", "create", "--domain", "default", "--description",
                        "Service Project", "service")
    assert service["description"] == "Service Project"
    assert service["domain_id"] == "default"
    demo = openstack("project", "create", "--domain", "default", "--description", "Demo Project",
                     "myproject")
    state["demo_project"] = demo["id"]
    user = openstack("user", "create", "--domain", "default", "--password", "myuser-secret",
                     "myuser")
    assert user["name"] == "myuser" and user["domain_id"] == "default"
    state["demo_user"] = user["id"]
    role = openstack("role", "create", "myrole")
    assert role["name"] == "myrole"
    openstack("role", "add", "--project", "myproject", "--user", "myuser", "myrole", parse=False)
    openstack("role", "add", "--project", "myproject", "--user", "myuser", "member", parse=False)
    assignments = openstack("role", "assignment", "list", "--user", "myuser", "--project",
                            "myproject", "--names")
    assert sorted(a["Role"] for a in assignments) == ["member", "myrole"]
    names = {p["Name"] for p in openstack("project", "list")}
    assert {"admin", "service", "myproject"} <= names
    assert "myuser" in {u["Name"] for u in openstack("user", "list")}


def test_demo_user_token_and_rbac(server, openstack):
    env = openrc(server.url, user="myuser", password="myuser-secret", project="myproject")
    token = openstack("token", "issue", env=env)
    assert token["project_id"] == state["demo_project"]
    assert token["user_id"] == state["demo_user"]
    # A member sees only its own project (the client falls back to /v3/users/{id}/projects when
    # GET /v3/projects is refused) and cannot create users: Keystone's 403.
    mine = openstack("project", "list", env=env)
    assert [p["Name"] for p in mine] == ["myproject"]
    denied = openstack("user", "create", "--domain", "default", "intruder", env=env,
                       expect_ok=False)
    assert denied.returncode != 0
    assert "HTTP 403" in denied.stderr
    wrong = openrc(server.url, user="myuser", password="wrong", project="myproject")
    refused = openstack("token", "issue", env=wrong, expect_ok=False)
    assert refused.returncode != 0 and "401" in refused.stderr


def test_service_and_endpoint_create(server, openstack):
    svc = openstack("service", "create", "--name", "glance", "--description", "OpenStack Image",
                    "image")
    assert svc["type"] == "image" and svc["enabled"] is True
    for interface in ("public", "internal", "admin"):
        ep = openstack("endpoint", "create", "--region", "RegionOne", "image", interface,
                       "http://controller:9292")
        assert ep["interface"] == interface and ep["service_name"] == "glance"
        assert ep["region"] == "RegionOne"
    listed = openstack("endpoint", "list", "--service", "image")
    assert len(listed) == 3
    # Leave the catalog as stacksim registered it.
    openstack("service", "delete", svc["id"], parse=False)


def test_image_create(server, openstack, tmp_path):
    require(openstack, server, "image", "Image service (Glance, core/image)")
    disk = tmp_path / "cirros.img"
    disk.write_bytes(b"QFI\xfb" + bytes(4092))
    image = openstack("image", "create", "cirros", "--file", str(disk), "--disk-format", "qcow2",
                      "--container-format", "bare", "--public")
    assert image["status"] == "active" and image["visibility"] == "public"
    state["image"] = image["id"]


def test_flavor_keypair_security_group(server, openstack, tmp_path):
    require(openstack, server, "compute", "Compute service (Nova, core/compute)")
    pytest.fail("served now: write this conformance step (see docs/api.md)")


def test_network_subnet_router(server, openstack):
    require(openstack, server, "network", "Networking service (Neutron, core/network)")
    pytest.fail("served now: write this conformance step (see docs/api.md)")


def test_server_lifecycle(server, openstack):
    require(openstack, server, "compute", "Compute service (Nova, core/compute)")
    pytest.fail("served now: write this conformance step (see docs/api.md)")


def test_volume_create_and_attach(server, openstack):
    require(openstack, server, "volumev3", "Block Storage service (Cinder, core/volume)")
    pytest.fail("served now: write this conformance step (see docs/api.md)")


def test_admin_password_never_logged(server):
    assert ADMIN_PASSWORD not in " ".join(server.banner)
