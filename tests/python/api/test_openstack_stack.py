"""Conformance with the real Heat client (python3-heatclient's `openstack stack` commands) against
`stacksim serve`: a stack from scenarios/examples/heat/single-server.yaml is created and waited
for, listed, shown, its outputs, resources and events read, its server seen in `openstack server
list`, and deleted and waited for; a broken template is refused with its template path, and
another project does not see the stack."""

import ipaddress

from conftest import REPO, openrc

TEMPLATE = REPO / "scenarios" / "examples" / "heat" / "single-server.yaml"
state = {}


def test_catalog_names_heat_with_the_project(server, openstack):
    token = openstack("token", "issue")
    heat = [e for e in openstack("catalog", "list") if e["Type"] == "orchestration"]
    assert heat and heat[0]["Name"] == "heat"
    urls = {e["url"] for e in heat[0]["Endpoints"]}
    # Keystone substitutes %(tenant_id)s with the token's project, as Heat's endpoint needs.
    assert urls == {f"{server.url}/orchestration/v1/{token['project_id']}"}
    endpoints = openstack("endpoint", "list", "--service", "orchestration")
    assert all(e["URL"].endswith("/orchestration/v1/%(tenant_id)s") for e in endpoints)


def test_stack_create_wait_and_show(openstack, tmp_path):
    disk = tmp_path / "cirros.img"
    disk.write_bytes(b"QFI\xfb" + bytes(4092))
    openstack("image", "create", "cirros", "--file", str(disk), "--disk-format", "qcow2",
              "--container-format", "bare", "--public")
    log = openstack("stack", "create", "-t", str(TEMPLATE), "--parameter", "cidr=10.30.0.0/24",
                    "--wait", "web", parse=False)
    # --wait follows the events until the stack's own CREATE_COMPLETE.
    assert "[web]: CREATE_IN_PROGRESS  Stack CREATE started" in log
    assert "[web]: CREATE_COMPLETE  Stack CREATE completed successfully" in log
    stack = openstack("stack", "show", "web")
    assert stack["stack_status"] == "CREATE_COMPLETE"
    assert stack["stack_name"] == "web"
    assert stack["parameters"]["cidr"] == "10.30.0.0/24"
    assert stack["parameters"]["flavor"] == "m1.tiny"
    assert stack["disable_rollback"] is True
    assert stack["description"].startswith("One server on a private network")
    state["stack"] = stack["id"]
    listed = openstack("stack", "list")
    assert [(s["Stack Name"], s["Stack Status"], s["ID"]) for s in listed] == \
        [("web", "CREATE_COMPLETE", stack["id"])]


def test_outputs_resources_and_events(openstack):
    address = openstack("stack", "output", "show", "web", "server_address")
    assert address["output_key"] == "server_address"
    assert ipaddress.ip_address(address["output_value"]) in ipaddress.ip_network("10.30.0.0/24")
    outputs = {o["output_key"] for o in openstack("stack", "output", "list", "web")}
    assert outputs == {"server_address", "server_id"}
    resources = {r["resource_name"]: r for r in openstack("stack", "resource", "list", "web")}
    assert sorted(resources) == ["net", "server", "subnet"]
    assert {r["resource_status"] for r in resources.values()} == {"CREATE_COMPLETE"}
    assert resources["server"]["resource_type"] == "OS::Nova::Server"
    server_id = resources["server"]["physical_resource_id"]
    assert openstack("stack", "output", "show", "web", "server_id")["output_value"] == server_id
    state["server"] = server_id
    shown = openstack("stack", "resource", "show", "web", "server")
    assert shown["attributes"]["first_address"] == address["output_value"]
    events = openstack("stack", "event", "list", "web")
    stack_events = [e["resource_status"] for e in events if e["resource_name"] == "web"]
    assert stack_events == ["CREATE_IN_PROGRESS", "CREATE_COMPLETE"]
    server_events = openstack("stack", "event", "list", "web", "--resource", "server")
    assert [e["resource_status"] for e in server_events] == ["CREATE_IN_PROGRESS",
                                                             "CREATE_COMPLETE"]


def test_the_stacks_server_exists_while_the_stack_lives(openstack):
    servers = {s["ID"]: s for s in openstack("server", "list")}
    assert servers[state["server"]]["Name"] == "web-server"
    assert servers[state["server"]]["Status"] == "ACTIVE"


def test_another_project_does_not_see_the_stack(server, openstack):
    openstack("project", "create", "--domain", "default", "elsewhere")
    openstack("user", "create", "--domain", "default", "--password", "other-secret", "other")
    openstack("role", "add", "--project", "elsewhere", "--user", "other", "member", parse=False)
    env = openrc(server.url, user="other", password="other-secret", project="elsewhere")
    assert openstack("stack", "list", env=env) == []
    shown = openstack("stack", "show", "web", env=env, expect_ok=False)
    assert shown.returncode != 0
    assert "Stack not found: web" in shown.stderr


def test_broken_template_names_its_path(openstack, tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text(TEMPLATE.read_text().replace("network: {get_resource: net}\n",
                                                   "network: {get_resource: nett}\n", 1))
    result = openstack("stack", "create", "-t", str(broken), "broken", expect_ok=False)
    assert result.returncode != 0
    assert "resources.subnet.properties.network" in result.stderr
    assert "nett" in result.stderr
    assert all(s["Stack Name"] != "broken" for s in openstack("stack", "list"))


def test_stack_delete_wait(openstack):
    openstack("stack", "delete", "--yes", "--wait", "web", parse=False)
    assert openstack("stack", "list") == []
    assert state["server"] not in {s["ID"] for s in openstack("server", "list")}
