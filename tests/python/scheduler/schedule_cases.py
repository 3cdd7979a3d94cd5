"""Generated scheduling cases (the format of `stacksim schedule`, docs/scheduler.md) for the
differential tests against Nova and for bench/scheduler.

A case has hosts in several hardware classes spread over availability zones, racks and
aggregates (with metadata and weight-multiplier overrides, some unparsable), disabled, down and
forced-down hosts, NUMA cells, traits and per-host ratios; and requests mixing flavors, extra
specs of every kind the filters read, image properties, multi-instance requests, server groups of
every policy, same_host/different_host hints and AZs — enough of them to exhaust capacity.
"""

import random

HARDWARE = {
    # name: vcpus, memory_mb, disk_gb, hypervisor_version, vendor, numa cells, supported arches
    "gp": (32, 131072, 1800, 6002000, "Intel", 2, ["x86_64", "i686"]),
    "mem": (48, 393216, 3600, 7000000, "Intel", 2, ["x86_64", "i686"]),
    "edge": (16, 65536, 900, 5004000, "AMD", 0, ["x86_64"]),
    "gpu": (64, 262144, 2000, 6002000, "AMD", 4, ["x86_64"]),
    "arm": (64, 131072, 1000, 7000000, "ARM", 1, ["aarch64"]),
}
ZONES = ["nova", "az1", "az2", "az3"]

FLAVORS = [
    ("m1.tiny", 1, 512, 1, 0, 0),
    ("m1.small", 1, 2048, 20, 0, 0),
    ("m1.medium", 2, 4096, 40, 0, 0),
    ("m1.large", 4, 8192, 80, 0, 0),
    ("m1.xlarge", 8, 16384, 160, 0, 0),
    ("m1.swap", 2, 4096, 20, 10, 1536),
    ("m1.huge", 16, 65536, 400, 100, 0),
]
EXTRA_SPECS = [
    {"aggregate_instance_extra_specs:ssd": "true"},
    {"aggregate_instance_extra_specs:gpu_model": "s== a100"},
    {"aggregate_instance_extra_specs:gpu_model": "<or> h100 <or> a100"},
    {"capabilities:cpu_info:vendor": "Intel"},
    {"capabilities:hypervisor_version": ">= 6002000"},
    {"capabilities:vcpus_total": "= 40"},
    {"capabilities:cpu_info:model": "<in> mem"},
    {"capabilities:free_ram_mb": ">= 150000"},
    {"capabilities:cpu_allocation_ratio": "<= 8"},
    {"capabilities:rack": "s< rack-02"},
    {"hypervisor_type": "QEMU"},
    {"resources:DISK_GB": "10"},
    {"resources:VCPU": "3", "resources:MEMORY_MB": "3000"},
    {"trait:CUSTOM_FAST_NET": "required"},
    {"trait:HW_CPU_X86_AVX2": "forbidden"},
    {"hw:cpu_policy": "shared", "aggregate_instance_extra_specs:bigmem": "true"},
]
NUMA_SPECS = [
    {"hw:numa_nodes": "2"},
    {"hw:numa_nodes": "1"},
    {"hw:numa_nodes": "2", "hw:numa_cpus.0": "0", "hw:numa_cpus.1": "1",
     "hw:numa_mem.0": "1024", "hw:numa_mem.1": "3072"},
]
IMAGE_PROPS = [
    {},
    {"hw_architecture": "x86_64"},
    {"hw_architecture": "aarch64"},
    {"hw_architecture": "x86_64", "img_hv_type": "kvm", "hw_vm_mode": "hvm"},
    {"hw_architecture": "i686"},
    {"img_hv_type": "qemu"},
    {"hw_architecture": "x86_64", "img_hv_requested_version": ">= 6.2"},
    {"hw_vm_mode": "hvm", "img_hv_requested_version": ">= 5.0, < 7.0"},
]
POLICIES = ["affinity", "anti-affinity", "soft-affinity", "soft-anti-affinity"]

ALL_FILTERS = ["ComputeFilter", "AvailabilityZoneFilter", "ComputeCapabilitiesFilter",
               "ImagePropertiesFilter", "ServerGroupAntiAffinityFilter",
               "ServerGroupAffinityFilter", "AggregateInstanceExtraSpecsFilter", "SameHostFilter",
               "DifferentHostFilter", "NUMATopologyFilter"]
ALL_WEIGHERS = ["RAMWeigher", "CPUWeigher", "DiskWeigher", "IoOpsWeigher",
                "ServerGroupSoftAffinityWeigher", "ServerGroupSoftAntiAffinityWeigher",
                "BuildFailureWeigher"]
NOVA_DEFAULT_FILTERS = ["ComputeFilter", "ComputeCapabilitiesFilter", "ImagePropertiesFilter",
                        "ServerGroupAntiAffinityFilter", "ServerGroupAffinityFilter"]

CONFIGS = {
    # Nova's default filters and every weigher, all fitting hosts considered (bench/scheduler).
    "nova-defaults": {
        "enabled_filters": NOVA_DEFAULT_FILTERS,
        "weight_classes": ALL_WEIGHERS,
        "max_placement_results": None,
    },
    # The reference example's configuration.
    "example": {
        "enabled_filters": ["ComputeFilter", "AvailabilityZoneFilter",
                            "ComputeCapabilitiesFilter", "ImagePropertiesFilter",
                            "ServerGroupAntiAffinityFilter", "ServerGroupAffinityFilter",
                            "AggregateInstanceExtraSpecsFilter"],
        "weight_classes": ALL_WEIGHERS,
        "weighers": {"ram_weight_multiplier": 1.0, "cpu_weight_multiplier": 1.0,
                     "disk_weight_multiplier": 1.0, "io_ops_weight_multiplier": -1.0,
                     "soft_affinity_weight_multiplier": 1.0,
                     "soft_anti_affinity_weight_multiplier": 1.0,
                     "build_failure_weight_multiplier": 1000000.0},
        "cpu_allocation_ratio": 16.0, "ram_allocation_ratio": 1.5, "disk_allocation_ratio": 1.0,
        "reserved_host_memory_mb": 512, "host_subset_size": 1,
        "shuffle_best_same_weighed_hosts": False, "max_placement_results": None,
        "query_placement_for_availability_zone": True, "default_availability_zone": "nova",
    },
    # Nova's defaults, packing on RAM, Placement's default limit of 1000 candidates.
    "stacking": {
        "enabled_filters": NOVA_DEFAULT_FILTERS,
        "weight_classes": ALL_WEIGHERS,
        "weighers": {"ram_weight_multiplier": -1.0, "io_ops_weight_multiplier": -2.0,
                     "build_failure_weight_multiplier": 10.0},
        "ram_allocation_ratio": 1.0,
    },
    # Every filter, weighers in another order, a small candidate limit, no AZ pre-filter.
    "everything": {
        "enabled_filters": ALL_FILTERS,
        "weight_classes": ["BuildFailureWeigher", "IoOpsWeigher", "DiskWeigher", "CPUWeigher",
                           "RAMWeigher", "ServerGroupSoftAntiAffinityWeigher",
                           "ServerGroupSoftAffinityWeigher"],
        "weighers": {"soft_affinity_weight_multiplier": 2.0,
                     "soft_anti_affinity_weight_multiplier": 3.0, "disk_weight_multiplier": 0.5},
        "max_placement_results": 50, "query_placement_for_availability_zone": False,
        "cpu_allocation_ratio": 4.0, "reserved_host_memory_mb": 2048, "reserved_host_cpus": 2,
        "reserved_host_disk_mb": 10240, "image_properties_default_architecture": "x86_64",
    },
    # The AZ filter last, NUMA and host hints, aggregate-only extra-spec matching.
    "zones": {
        "enabled_filters": ["ComputeFilter", "NUMATopologyFilter", "SameHostFilter",
                            "DifferentHostFilter", "AggregateInstanceExtraSpecsFilter",
                            "ServerGroupAffinityFilter", "ServerGroupAntiAffinityFilter",
                            "AvailabilityZoneFilter"],
        "weight_classes": ["CPUWeigher", "RAMWeigher", "ServerGroupSoftAffinityWeigher",
                           "ServerGroupSoftAntiAffinityWeigher", "IoOpsWeigher"],
        "max_placement_results": None, "default_availability_zone": "az1",
    },
}


def make_hosts(rng, count, fill=(0.3, 0.95)):
    hosts = []
    racks = max(2, count // 40)
    for i in range(count):
        cls = rng.choices(list(HARDWARE), weights=[40, 20, 20, 10, 10])[0]
        vcpus, memory, disk, version, vendor, cells, arches = HARDWARE[cls]
        f = rng.uniform(*fill)
        h = {
            "name": f"c{i:05d}", "hw_class": cls, "vcpus": vcpus, "memory_mb": memory,
            "disk_gb": disk,
            "vcpus_used": int(vcpus * 16 * f * rng.uniform(0.05, 0.25)),
            "memory_mb_used": int(memory * f) // 1024 * 1024,
            "disk_gb_used": int(disk * f * rng.uniform(0.5, 1.0)),
            "az": rng.choice(ZONES),
            "aggregates": [{"name": f"rack-{i * racks // count:02d}", "metadata": {}}],
            "supported_instances": [[a, "kvm", "hvm"] for a in arches],
            "hypervisor_type": "QEMU", "hypervisor_version": version,
            "cpu_info": {"arch": arches[0], "vendor": vendor, "model": f"{cls}-cpu"},
            "num_instances": int(vcpus * f), "io_ops": rng.choice([0, 0, 0, 1, 2, 3]),
            "failed_builds": rng.choice([0] * 15 + [1, 2, 3]),
            "stats": {"rack": f"rack-{i * racks // count:02d}"},
        }
        roll = rng.random()
        if roll < 0.03:
            h["enabled"] = False
        elif roll < 0.06:
            h["up"] = False
        elif roll < 0.07:
            h["forced_down"] = True
        if rng.random() < 0.3:
            h["aggregates"].append({"name": "ssd", "metadata": {"ssd": "true"}})
        if cls == "gpu" or rng.random() < 0.05:
            model = rng.choice(["a100", "h100", "a100, h100"])
            h["aggregates"].append({"name": f"gpu-{model.replace(', ', '-')}",
                                    "metadata": {"gpu": "true", "gpu_model": model}})
        if cls == "mem" and rng.random() < 0.6:
            h["aggregates"].append({"name": "bigmem-pack", "metadata": {
                "ram_weight_multiplier": "-1.0", "bigmem": "true"}})
        if rng.random() < 0.15:
            h["aggregates"].append({"name": "cpu-spread", "metadata": {
                "cpu_weight_multiplier": "2.5", "io_ops_weight_multiplier": "-3"}})
        if rng.random() < 0.1:
            h["aggregates"].append({"name": "cpu-gentle", "metadata": {
                "cpu_weight_multiplier": "0.5"}})
        if rng.random() < 0.05:
            h["aggregates"].append({"name": "mistyped", "metadata": {
                "disk_weight_multiplier": "fast", "soft_anti_affinity_weight_multiplier": "4"}})
        if rng.random() < 0.4:
            h["aggregates"].append({"name": "kvm-hosts", "metadata": {"hypervisor_type": "QEMU"}})
        if rng.random() < 0.05:
            h["aggregates"].append({"name": "multi-az", "metadata": {
                "availability_zone": "az3, az4"}})
        if rng.random() < 0.2:
            h["traits"] = rng.sample(["CUSTOM_FAST_NET", "HW_CPU_X86_AVX2", "CUSTOM_SGX"], 2)
        if cells:
            per_cpu, per_mem = vcpus // cells, memory // cells
            h["numa_cells"] = [{"cpus": per_cpu, "memory_mb": per_mem,
                                "cpu_usage": int(per_cpu * f * rng.uniform(0, 2)),
                                "memory_usage_mb": int(per_mem * f * rng.uniform(0.5, 1.0))}
                               for _ in range(cells)]
        if rng.random() < 0.1:
            h["disk_available_least"] = int((disk - h["disk_gb_used"]) * rng.uniform(0.3, 1.0))
        if rng.random() < 0.1:
            h["cpu_allocation_ratio"] = rng.choice([2.0, 4.0, 8.0])
            h["ram_allocation_ratio"] = rng.choice([1.0, 1.2])
        if rng.random() < 0.05:
            h["reserved_host_memory_mb"] = 4096
            h["reserved_host_disk_mb"] = 2000
        hosts.append(h)
    return hosts


def make_requests(rng, count, numa=True, hints=True, large_multi=True):
    requests, instance_ids = [], []
    groups = [{"name": f"g{i}", "policy": POLICIES[i % 4]} for i in range(8)]
    groups[1]["rules"] = {"max_server_per_host": 2}
    for i in range(count):
        name, vcpus, memory, root, eph, swap = rng.choice(FLAVORS)
        flavor = {"name": name, "vcpus": vcpus, "memory_mb": memory, "root_gb": root,
                  "ephemeral_gb": eph, "extra_specs": {}}
        if swap:
            flavor["swap"] = swap
        roll = rng.random()
        if roll < 0.3:
            flavor["extra_specs"] = dict(rng.choice(EXTRA_SPECS))
        elif numa and roll < 0.38 and vcpus % 2 == 0:
            spec = dict(rng.choice(NUMA_SPECS))
            if "hw:numa_cpus.0" in spec:
                # Explicit cells must cover the flavor exactly.
                spec["hw:numa_cpus.1"] = f"1-{vcpus - 1}"
                spec["hw:numa_mem.1"] = str(memory - 1024)
            flavor["extra_specs"] = spec
        r = {"flavor": flavor, "num_instances": 1, "az": None, "group": None,
             "image_props": dict(rng.choice(IMAGE_PROPS))}
        roll = rng.random()
        if roll < 0.22:
            r["num_instances"] = rng.randint(2, 5)
        elif large_multi and roll < 0.25:
            r["num_instances"] = rng.randint(8, 16)
        if rng.random() < 0.35:
            r["az"] = rng.choice(ZONES + ["az4"])
        if rng.random() < 0.3:
            r["group"] = dict(rng.choice(groups))
        if hints and instance_ids and rng.random() < 0.08:
            key = rng.choice(["same_host", "different_host"])
            r["hints"] = {key: rng.sample(instance_ids, min(len(instance_ids), rng.randint(1, 3)))}
        instance_ids.extend(f"{i}-{k}" for k in range(r["num_instances"]))
        requests.append(r)
    return requests


def make_case(seed, hosts, requests, config="example", **options):
    rng = random.Random(seed)
    fill = options.pop("fill", (0.3, 0.95))
    return {
        "meta": {"description": f"generated: seed {seed}, {hosts} hosts, {requests} requests, "
                                f"config {config}"},
        "config": dict(CONFIGS[config]),
        "hosts": make_hosts(rng, hosts, fill),
        "requests": make_requests(rng, requests, **options),
    }
