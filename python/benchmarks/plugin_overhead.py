"""Per-call cost of a Python weigher and filter in the C++ Nova scheduler: the same decisions
with and without a trivial Python plug-in, divided by the number of plug-in calls.

    PYTHONPATH=build/python /usr/bin/python3 python/benchmarks/plugin_overhead.py [hosts] [requests]
"""

import sys
import time

import stacksim


def build(registry, hosts, **options):
    s = stacksim.Scheduler(registry=registry, **options)
    for i in range(hosts):
        s.add_host(f"node{i}", vcpus=64, memory_mb=262144, disk_gb=10000)
    return s


def decide(s, requests):
    start = time.perf_counter()
    for i in range(requests):
        s.select_destinations("m1.small", 1, 2048, 20, [f"i{i}"])
    return time.perf_counter() - start


def main():
    hosts = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    requests = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    registry = stacksim.PluginRegistry()
    registry.add_weigher("PyZero", lambda host, request: 0.0)
    registry.add_weigher("PyFreeRam", lambda host, request: host.free_ram_mb)
    registry.add_filter("PyPass", lambda host, request: True)
    base = ["ComputeFilter"]
    cases = {
        "C++ only (RAMWeigher)": dict(enabled_filters=base, weight_classes=["RAMWeigher"]),
        "+ Python weigher (constant)": dict(enabled_filters=base,
                                            weight_classes=["RAMWeigher", "PyZero"]),
        "+ Python weigher (reads free_ram_mb)": dict(enabled_filters=base,
                                                     weight_classes=["RAMWeigher", "PyFreeRam"]),
        "+ Python filter (passes all)": dict(enabled_filters=base + ["PyPass"],
                                             weight_classes=["RAMWeigher"]),
    }
    times = {name: decide(build(registry, hosts, **options), requests)
             for name, options in cases.items()}
    reference = times["C++ only (RAMWeigher)"]
    calls = hosts * requests
    print(f"{hosts} hosts, {requests} decisions each")
    for name, t in times.items():
        extra = (t - reference) / calls * 1e9
        print(f"{name:40s} {t / requests * 1e3:8.3f} ms/decision"
              + ("" if t is reference else f"   {extra:6.0f} ns per Python call"))


if __name__ == "__main__":
    main()
