"""stacksim.Cloud: the scenario's OpenStack control plane from Python - servers built as the
simulated clock runs, server groups, quotas and scheduler faults as exceptions, networks,
volumes, rings, project contexts and determinism."""

import time

import pytest

import stacksim

IMAGE_BYTES = 12716032  # CirrOS-sized


def lab(**changes):
    """A controller and four computes in two zones, a block backend and an object ring."""
    scenario = {
        "name": "pytest-cloud",
        "seed": 3,
        "datacenter": {
            "host_classes": [
                {"name": "controller", "role": "controller", "hostnames": ["ct"], "vcpus": 8,
                 "memory_mb": 16384},
                {"name": "east", "hostnames": ["c1", "c2"], "vcpus": 8, "memory_mb": 16384,
                 "disk_gb": 200, "availability_zone": "east"},
                {"name": "west", "hostnames": ["c3", "c4"], "vcpus": 8, "memory_mb": 16384,
                 "disk_gb": 200, "availability_zone": "west"},
                {"name": "storage", "role": "storage", "hostnames": ["s1", "s2", "s3"],
                 "vcpus": 4, "memory_mb": 8192},
            ],
            "storage": {
                "swift_rings": [{"name": "object", "part_power": 8, "replicas": 3, "zones": [
                    {"zone": z, "devices": [{"host": f"s{z}", "device": "sdb", "size_gb": 1000}]}
                    for z in (1, 2, 3)]}],
                "block_backends": [{"name": "lvm", "host": "s1", "capacity_gb": 500}],
            },
        },
        "control_plane": {"scheduler": {"placement_policy": "nova"},
                          "latencies": {"boot_s": 30}},
        "flavors": [{"name": "m1.small", "vcpus": 1, "memory_mb": 2048, "disk_gb": 20},
                    {"name": "m1.huge", "vcpus": 8, "memory_mb": 32768, "disk_gb": 20}],
        "images": [{"name": "cirros", "size_bytes": IMAGE_BYTES}],
        "telemetry": {"interval_s": 600},
    }
    scenario.update(changes)
    return scenario


@pytest.fixture
def cloud():
    return stacksim.Cloud(lab())


def test_the_cloud_starts_with_the_scenario_hosts_flavors_and_images(cloud):
    hosts = cloud.hosts()
    assert list(hosts["host"]) == ["c1", "c2", "c3", "c4"]
    assert dict(zip(hosts["host"], hosts["zone"])) == {"c1": "east", "c2": "east",
                                                       "c3": "west", "c4": "west"}
    assert (hosts["vcpus"] == 8).all() and (hosts["vcpus_used"] == 0).all()
    assert set(hosts["state"]) == {"up"}
    assert {"m1.small", "m1.huge"} <= set(cloud.flavors()["name"])
    images = cloud.images()
    assert list(images["name"]) == ["cirros"]
    assert images["status"].iloc[0] == "active" and images["size"].iloc[0] == IMAGE_BYTES


def test_a_server_goes_from_build_to_active_as_the_clock_runs(cloud):
    [server] = cloud.create_server("vm1", flavor="m1.small", image="cirros", networks="none")
    assert cloud.server(server)["status"] == "BUILD"
    seen = []
    start = cloud.now
    while cloud.server(server)["status"] == "BUILD":
        seen.append(cloud.server(server)["task_state"])
        cloud.run(until=cloud.now + 1)
        assert cloud.now - start < 600, "the build never finished"
    record = cloud.server(server)
    assert record["status"] == "ACTIVE"
    assert record["host"] in {"c1", "c2", "c3", "c4"}
    assert cloud.now - start >= 30  # boot_s
    assert "scheduling" in seen or "spawning" in seen
    servers = cloud.servers()
    assert list(servers["id"]) == [server]
    host = cloud.hosts().set_index("host").loc[record["host"]]
    assert host["vcpus_used"] == 1 and host["ram_mb_used"] == 2048


def test_server_actions_follow_nova_states(cloud):
    [server] = cloud.create_server("vm", "m1.small", "cirros", networks="none", wait=True)
    cloud.stop_server(server)
    cloud.wait_for(server, "SHUTOFF")
    cloud.start_server(server)
    cloud.wait_for(server, "ACTIVE")
    source = cloud.server(server)["host"]
    cloud.live_migrate_server(server)
    cloud.wait_for(server, "ACTIVE")
    assert cloud.server(server)["host"] != source
    cloud.delete_server(server)
    cloud.settle()
    assert cloud.servers().empty
    with pytest.raises(stacksim.CloudError, match="could not be found") as error:
        cloud.server(server)
    assert error.value.type == "InstanceNotFound" and error.value.http_status == 404


def test_anti_affinity_spreads_a_server_group(cloud):
    group = cloud.create_server_group("spread", "anti-affinity")
    ids = cloud.create_server("web", "m1.small", "cirros", networks="none",
                              scheduler_hints={"group": group["id"]}, min_count=4, wait=True)
    hosts = [cloud.server(i)["host"] for i in ids]
    assert sorted(hosts) == ["c1", "c2", "c3", "c4"]
    assert sorted(cloud.server_group(group["id"])["members"]) == sorted(ids)
    # A fifth member has nowhere to go: Nova's NoValidHost, as a Python exception.
    [fifth] = cloud.create_server("web-5", "m1.small", "cirros", networks="none",
                                  scheduler_hints={"group": group["id"]})
    with pytest.raises(stacksim.ServerBuildError, match="No valid host was found") as error:
        cloud.wait_for(fifth)
    assert error.value.server_id == fifth
    assert cloud.server(fifth)["status"] == "ERROR"


def test_availability_zone_requests_land_in_the_zone(cloud):
    ids = cloud.create_server("w", "m1.small", "cirros", networks="none",
                              availability_zone="west", min_count=2, wait=True)
    assert {cloud.server(i)["host"] for i in ids} <= {"c3", "c4"}


def test_a_flavor_no_host_fits_is_no_valid_host(cloud):
    [server] = cloud.create_server("big", "m1.huge", "cirros", networks="none")
    with pytest.raises(stacksim.ServerBuildError, match="No valid host was found"):
        cloud.wait_for(server)
    assert "No valid host" in cloud.server_fault(server)["message"]


def test_quotas_and_bad_requests_raise_with_the_services_messages(cloud):
    project = cloud.create_project("tenant")
    user = cloud.create_user("alice", project)
    alice = cloud.as_user(user, project)
    assert alice.context.project_id == project and not alice.is_admin
    cloud.set_quota(project, "instances", 2)
    alice.create_server("a", "m1.small", "cirros", networks="none", min_count=2)
    with pytest.raises(stacksim.CloudError, match="Quota exceeded for instances") as error:
        alice.create_server("b", "m1.small", "cirros", networks="none")
    assert error.value.http_status == 403
    # Alice sees her project's servers only; the admin's are not hers.
    cloud.create_server("admins", "m1.small", "cirros", networks="none")
    assert list(alice.servers()["name"]) == ["a-1", "a-2"]
    with pytest.raises(stacksim.CloudError) as error:
        alice.hosts()  # hypervisors are admin-only
    assert error.value.http_status == 403
    with pytest.raises(stacksim.CloudError, match="Flavor nope could not be found"):
        cloud.create_server("x", "nope", "cirros")
    with pytest.raises(stacksim.CloudError, match="Can not find requested image"):
        cloud.create_server("x", "m1.small", "no-such-image")
    with pytest.raises(TypeError):
        cloud.create_server("x", 3, "cirros")
    with pytest.raises(ValueError, match="networks"):
        cloud.create_server("x", "m1.small", "cirros", networks="everywhere")
    with pytest.raises(ValueError, match="scheduler hint"):
        cloud.create_server("x", "m1.small", "cirros", scheduler_hints={"colour": "red"})
    with pytest.raises(ValueError):
        cloud.run(until=float("nan"))
    with pytest.raises(ValueError, match="before now"):
        cloud.run(until=cloud.now - 1)
    with pytest.raises(stacksim.ScenarioError):
        stacksim.Cloud(lab(datacenter={"host_classes": []}))


def test_a_server_on_a_new_network_gets_an_address(cloud):
    network = cloud.create_network("private")
    subnet = cloud.create_subnet(network["id"], "192.168.10.0/24", name="private-v4")
    router = cloud.create_router("r1")
    cloud.add_router_interface(router["id"], subnet["id"])
    [server] = cloud.create_server("vm", "m1.small", "cirros", networks=[network["id"]],
                                   wait=True)
    addresses = cloud.server(server)["addresses"]
    assert list(addresses) == ["private"]
    [address] = addresses["private"]
    assert address.startswith("192.168.10.") and address != "192.168.10.1"
    ports = cloud.ports(server=server)
    assert list(ports["fixed_ips"]) == [[address]] and list(ports["status"]) == ["ACTIVE"]
    nets = cloud.networks()
    assert nets.set_index("name").loc["private", "cidrs"] == ["192.168.10.0/24"]
    assert list(cloud.subnets(network["id"])["cidr"]) == ["192.168.10.0/24"]
    assert list(cloud.routers()["name"]) == ["r1"]
    with pytest.raises(stacksim.CloudError, match="Network nope could not be found"):
        cloud.create_subnet("nope", "10.0.0.0/24")


def test_a_volume_attaches_to_a_server(cloud):
    [server] = cloud.create_server("db", "m1.small", "cirros", networks="none", wait=True)
    volume = cloud.create_volume(10, name="data", wait=True)
    assert volume["status"] == "available" and volume["size_gb"] == 10
    attachment = cloud.attach_volume(server, volume["id"], wait=True)
    assert attachment["server_id"] == server
    record = cloud.volume(volume["id"])
    assert record["status"] == "in-use"
    assert [a["server_id"] for a in record["attachments"]] == [server]
    assert record["attachments"][0]["host"] == cloud.server(server)["host"]
    cloud.detach_volume(server, volume["id"], wait=True)
    assert cloud.volumes()["status"].tolist() == ["available"]
    with pytest.raises(stacksim.CloudError, match="could not be found"):
        cloud.attach_volume(server, "no-such-volume")


def test_rings_are_the_scenarios(cloud):
    rings = cloud.rings()
    assert list(rings) == ["object"]
    ring = rings["object"]
    assert isinstance(ring, stacksim.RingBuilder)
    assert ring.part_power == 8 and ring.replicas == 3
    assert sorted(d["ip"] for d in ring.devices()) == ["s1", "s2", "s3"]
    assert ring.get_balance() == pytest.approx(0.0)
    # The same scenario's rings are built the same way every time.
    again = stacksim.Cloud(lab()).rings()["object"]
    assert (again.part_table() == ring.part_table()).all()


def placements(seed):
    cloud = stacksim.Cloud(lab(seed=seed))
    group = cloud.create_server_group("g", "soft-anti-affinity")
    ids = cloud.create_server("vm", "m1.small", "cirros", networks="none", min_count=6,
                              scheduler_hints={"group": group["id"]}, wait=True)
    volume = cloud.create_volume(1, wait=True)
    return ids, [cloud.server(i)["host"] for i in ids], volume["id"], cloud.now


def test_same_seed_same_ids_and_placements():
    first = placements(5)
    assert placements(5) == first
    assert placements(6)[0] != first[0]  # ids come from the seed


def test_seed_argument_overrides_the_scenario():
    assert stacksim.Cloud(lab(), seed=11).scenario.seed == 11
    with pytest.raises(ValueError):
        stacksim.Cloud(lab(), seed=-1)


def test_ctrl_c_interrupts_the_clock_and_leaves_the_cloud_usable(ctrl_c_in):
    cloud = stacksim.Cloud(lab(telemetry={"interval_s": 1}))
    cloud.start_telemetry()  # polls every simulated second, forever
    timer = ctrl_c_in(0.3)
    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        cloud.run(until=1e9)
    timer.join()
    assert time.monotonic() - started < 10
    assert 0 < cloud.now < 1e9
    cloud.stop_telemetry()
    [server] = cloud.create_server("after", "m1.small", "cirros", networks="none", wait=True)
    assert cloud.server(server)["status"] == "ACTIVE"
