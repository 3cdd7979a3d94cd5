"""The Nova scheduler from Python, with filters and weighers written in Python."""

import pytest

import stacksim
from stacksim.scheduler import replay

import pandas as pd


def cluster(registry=None, **options):
    s = stacksim.Scheduler(registry=registry, **options)
    for i, (vcpus, ram) in enumerate([(8, 16384), (16, 32768), (32, 65536), (16, 32768)]):
        s.add_host(f"node{i}", vcpus=vcpus, memory_mb=ram + 512, disk_gb=500)
    return s


def boot(s, uuid, vcpus=1, memory_mb=1024, **kwargs):
    return s.select_destinations("m1", vcpus, memory_mb, 10, [uuid], **kwargs)


def test_nova_defaults_spread_on_free_ram():
    s = cluster()
    d = boot(s, "a")
    assert d["ok"] and d["hosts"] == ["node2"]  # most free RAM
    assert s.host_of("a") == "node2"
    assert s.hosts().set_index("host").loc["node2", "num_instances"] == 1
    assert s.release("a") and s.host_of("a") is None


def test_negative_ram_multiplier_packs():
    s = cluster(weigher_multipliers={"ram_weight_multiplier": -1.0})
    assert boot(s, "a")["hosts"] == ["node0"]


def test_python_filter_and_weigher_drive_the_choice():
    registry = stacksim.PluginRegistry()
    seen = []

    def only_even(host, request):
        seen.append((host.name, request.vcpus, request.instance_uuid))
        return host.id % 2 == 0

    registry.add_filter("OnlyEven", only_even)
    registry.add_weigher("FewestVcpus", lambda host, request: -host.vcpus_total)
    assert "OnlyEven" in registry.filters and "FewestVcpus" in registry.weighers
    s = cluster(registry, enabled_filters=["ComputeFilter", "OnlyEven"],
                weight_classes=["FewestVcpus"])
    d = boot(s, "a", vcpus=2)
    assert d["hosts"] == ["node0"]
    assert sorted(seen) == [(f"node{i}", 2, "a") for i in range(4)]
    # Multiplier through its configuration option: negated, it prefers the most vCPUs.
    registry.add_weigher("MostVcpus", lambda host, request: -host.vcpus_total,
                         multiplier_option="most_vcpus_multiplier")
    s = cluster(registry, enabled_filters=["OnlyEven"], weight_classes=["MostVcpus"],
                weigher_multipliers={"most_vcpus_multiplier": -2.0})
    assert boot(s, "b")["hosts"] == ["node2"]


def test_no_valid_host_is_a_result_not_an_error():
    registry = stacksim.PluginRegistry()
    registry.add_filter("Nobody", lambda host, request: False)
    s = cluster(registry, enabled_filters=["Nobody"])
    d = boot(s, "a")
    assert not d["ok"] and d["reason"].startswith("No valid host was found.")


def test_plugin_errors_propagate_unchanged():
    registry = stacksim.PluginRegistry()

    def broken(host, request):
        raise ZeroDivisionError("weigher bug")

    registry.add_weigher("Broken", broken)
    registry.add_weigher("NotANumber", lambda host, request: "heavy")
    s = cluster(registry, weight_classes=["Broken"])
    with pytest.raises(ZeroDivisionError, match="weigher bug"):
        boot(s, "a")
    assert s.host_of("a") is None and s.hosts()["num_instances"].sum() == 0  # nothing claimed
    s = cluster(registry, weight_classes=["NotANumber"])
    with pytest.raises(RuntimeError):
        boot(s, "c")


def test_views_are_only_valid_during_the_call():
    registry = stacksim.PluginRegistry()
    kept = []
    registry.add_filter("Keep", lambda host, request: kept.append((host, request)) or True)
    s = cluster(registry, enabled_filters=["Keep"])
    boot(s, "a")
    host, request = kept[0]
    with pytest.raises(ValueError, match="only valid during"):
        host.name
    with pytest.raises(ValueError, match="only valid during"):
        request.vcpus


def test_configuration_errors_name_what_is_wrong():
    with pytest.raises(stacksim.SchedulerConfigError, match="NoSuchFilter") as err:
        stacksim.Scheduler(enabled_filters=["NoSuchFilter"])
    assert "ComputeFilter" in str(err.value)  # lists the known ones
    with pytest.raises(ValueError, match="unknown scheduler option"):
        stacksim.Scheduler(enabled_filterz=[])
    with pytest.raises(TypeError, match="enabled_filters"):
        stacksim.Scheduler(enabled_filters="ComputeFilter, RamFilter")
    s = cluster()
    with pytest.raises(ValueError, match="already exists"):
        s.add_host("node0", 1, 1, 1)
    with pytest.raises(ValueError):
        s.add_host("bad", -1, 1, 1)
    with pytest.raises(KeyError):
        s.add_host_to_aggregate("agg", "nowhere")
    with pytest.raises(ValueError):
        s.select_destinations("m1", 1, 1, 1, [])
    with pytest.raises(ValueError, match="policy"):
        s.create_server_group("g", "sideways")
    with pytest.raises(stacksim.InvalidRequest):
        s.select_destinations("m1", 1, 1, 1, ["x"], group="no-such-group")


def test_replay_releases_instances_when_their_lifetime_ends():
    s = cluster()
    requests = pd.DataFrame({"submit_s": [0, 1, 2, 100], "vcpus": [32, 32, 32, 32],
                             "memory_mb": [1024] * 4, "lifetime_s": [50, None, None, 10]})
    # node2 (32 vCPUs x 16 overcommit) has room for many: use the RAM to make it tight instead.
    out = replay(s, requests)
    assert list(out["placed"]) == [True, True, True, True]
    assert s.host_of("req-0") is None  # released at t=100 before the last request
    assert s.host_of("req-3") is not None
