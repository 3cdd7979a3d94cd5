"""Differential test of stacksim's volume scheduler against Cinder's own filter and weigher
classes (python3-cinder): random pools (thin and thick, reserved space, over-subscription ratios,
zones, typed capabilities) and requests (sizes, extends, zones, volume type extra specs with
Cinder's operators) under several filter/weigher configurations. Every filter verdict, the weighed
order and every weight must agree."""

import json
import random
import subprocess

import pytest

import cinder_oracle

PROTOCOLS = ["iSCSI", "FC", "ceph", "NVMe-oF"]
SPECS = [
    ("volume_backend_name", lambda r: r.choice(["lvm", "ceph", "netapp"])),
    ("capabilities:storage_protocol", lambda r: r.choice(["<in> SCSI", "s== iSCSI", "FC",
                                                          "<or> FC <or> ceph", "s>= NVMe"])),
    ("compression", lambda r: r.choice(["<is> True", "<is> False", "True"])),
    ("multiattach", lambda r: r.choice(["<is> True", "<is> False"])),
    ("thin_provisioning_support", lambda r: r.choice(["<is> True", "<is> False", "True"])),
    ("tier", lambda r: r.choice([">= 2", "<= 1", "== 3", "= 2", "!= 1", "s!= 3", "2"])),
    ("total_iops", lambda r: r.choice([">= 5000", "<= 20000.5", "== 10000"])),
    ("features", lambda r: r.choice(["dedup", "<or> qos <or> replication", "s== snap"])),
    ("capabilities:max_over_subscription_ratio", lambda r: r.choice([">= 2", "<= 1.5"])),
    ("provisioning:type", lambda r: r.choice(["thin", "thick"])),
    ("vendor:option", lambda r: "x"),
    ("missing_capability", lambda r: "anything"),
]
CONFIGS = [
    (["AvailabilityZoneFilter", "CapacityFilter", "CapabilitiesFilter"], ["CapacityWeigher"],
     1.0, -1.0),
    (["AvailabilityZoneFilter", "CapacityFilter", "CapabilitiesFilter"],
     ["AllocatedCapacityWeigher"], 1.0, -1.0),
    (["CapacityFilter", "CapabilitiesFilter"], ["CapacityWeigher", "AllocatedCapacityWeigher"],
     -1.0, 2.5),
    (["CapacityFilter"], ["CapacityWeigher", "AllocatedCapacityWeigher"], 0.5, -0.5),
]


def random_pool(rng, i):
    total = rng.choice([0, 10, 100, 500, 1000, 2048.5, 10000])
    provisioned = rng.choice([0, rng.uniform(0, 1.5 * total + 1), total, 3 * total])
    allocated = rng.choice([provisioned, rng.uniform(0, provisioned + 1)])
    free = max(0.0, rng.choice([total - provisioned, rng.uniform(0, total + 1)]))
    return {
        "name": f"cinder-{i}@backend#pool{i}",
        "volume_backend_name": rng.choice(["lvm", "ceph", "netapp"]),
        "availability_zone": rng.choice(["nova", "az1", "az2"]),
        "total_capacity_gb": total,
        "free_capacity_gb": free,
        "allocated_capacity_gb": allocated,
        "provisioned_capacity_gb": provisioned,
        "reserved_percentage": rng.choice([0, 0, 5, 10, 33]),
        "thin_provisioning_support": rng.random() < 0.5,
        "thick_provisioning_support": True,
        "max_over_subscription_ratio": rng.choice([0.5, 1.0, 1.5, 2.0, 20.0]),
        "total_iops": rng.choice([0, 5000, 10000, 20000]),
        "multiattach": rng.random() < 0.4,
        "capabilities": {
            "storage_protocol": rng.choice(PROTOCOLS),
            "compression": rng.choice([True, False, "True", "yes"]),
            "tier": rng.choice([1, 2, 3, 2.5, "2"]),
            "features": rng.sample(["dedup", "qos", "replication", "snap"], rng.randint(0, 3)),
        },
    }


def random_request(rng):
    size = rng.choice([1, 5, 50, 100, 300, 1000, 5000])
    request = {"size": size,
               "extra_specs": dict((key, make(rng)) for key, make in
                                   rng.sample(SPECS, rng.choice([0, 1, 1, 2, 3])))}
    if rng.random() < 0.2:
        request["new_size"] = size + rng.choice([1, 50, 500])
    if rng.random() < 0.3:
        request["availability_zone"] = rng.choice(["nova", "az1", "az2"])
    return request


def make_case(seed, config):
    rng = random.Random(seed)
    filters, weighers, capacity_multiplier, allocated_multiplier = config
    return {"config": {"filters": filters, "weighers": weighers,
                       "capacity_weight_multiplier": capacity_multiplier,
                       "allocated_capacity_weight_multiplier": allocated_multiplier},
            "pools": [random_pool(rng, i) for i in range(rng.randint(1, 12))],
            "requests": [random_request(rng) for _ in range(40)]}


def run_stacksim(binary, case):
    done = subprocess.run([binary], input=json.dumps(case), capture_output=True, text=True,
                          timeout=60, check=True)
    return json.loads(done.stdout)["results"]


@pytest.mark.parametrize("config", CONFIGS, ids=["capacity", "allocated", "both-stack", "capfilter"])
@pytest.mark.parametrize("seed", range(25))
def test_filters_and_weighers_agree_with_cinder(volume_scheduler_bin, config, seed):
    case = make_case(seed * 7919 + len(config[1]), config)
    ours = run_stacksim(volume_scheduler_bin, case)
    theirs = cinder_oracle.schedule(case)
    for i, (mine, cinder) in enumerate(zip(ours, theirs)):
        where = f"request {i}: {case['requests'][i]}"
        assert mine["passed"] == cinder["passed"], where
        assert [n for n, _ in mine["weighed"]] == [n for n, _ in cinder["weighed"]], where
        for (_, w_ours), (_, w_cinder) in zip(mine["weighed"], cinder["weighed"]):
            assert w_ours == pytest.approx(w_cinder, rel=1e-12, abs=1e-12), where


def test_bad_input_names_the_field(volume_scheduler_bin):
    case = make_case(1, CONFIGS[0])
    case["pools"][0]["capabilities"]["bad"] = {"nested": 1}
    done = subprocess.run([volume_scheduler_bin], input=json.dumps(case), capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 2
    assert "pools[].capabilities.bad" in done.stderr
