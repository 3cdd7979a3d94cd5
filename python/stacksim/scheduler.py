"""The Nova filter scheduler from Python, with filters and weighers written in Python.

    registry = stacksim.PluginRegistry()
    registry.add_weigher("FewestInstances", lambda host, req: -host.num_instances)
    s = stacksim.Scheduler(weight_classes=["RAMWeigher", "FewestInstances"], registry=registry)
    s.add_host("node1", vcpus=32, memory_mb=131072, disk_gb=1000)
    s.select_destinations("m1.small", vcpus=1, memory_mb=2048, root_gb=20, instance_uuids=["a"])

A Python filter is callable(host: HostView, request: RequestView) -> bool, a weigher
callable(host, request) -> float; the C++ scheduler calls them once per host it filters or weighs.
"""

from __future__ import annotations

import heapq
from typing import Iterable, Optional

import pandas as pd

from . import _stacksim


class Scheduler:
    """Nova's filter scheduler (core/scheduler). Keyword options are Nova's configuration options:
    enabled_filters, weight_classes, weigher_multipliers ({option: value}), cpu/ram/disk
    allocation ratios, reserved_host_*, host_subset_size, shuffle_best_same_weighed_hosts,
    max_attempts, placement_policy ("nova", "first-fit", "best-fit", "worst-fit", "tetris"),
    seed. Unknown filters or weighers raise SchedulerConfigError."""

    def __init__(self, registry: Optional[_stacksim.PluginRegistry] = None, **options):
        self.registry = registry if registry is not None else _stacksim.PluginRegistry()
        self._s = _stacksim._Scheduler(options, self.registry)

    def add_host(self, name: str, vcpus: int, memory_mb: int, disk_gb: int, **kwargs) -> int:
        """Adds a compute node; kwargs: cpu/ram/disk_allocation_ratio, traits, stats, enabled.
        Returns its host id."""
        return self._s.add_host(name, vcpus, memory_mb, disk_gb, **kwargs)

    def add_host_to_aggregate(self, aggregate: str, host: str) -> None:
        self._s.add_host_to_aggregate(aggregate, host)

    def set_aggregate_metadata(self, aggregate: str, metadata: dict) -> None:
        self._s.set_aggregate_metadata(aggregate, metadata)

    def set_service_enabled(self, host: str, enabled: bool) -> None:
        self._s.set_service_enabled(host, enabled)

    def create_server_group(self, name: str, policy: str) -> None:
        self._s.create_server_group(name, policy)

    def select_destinations(self, flavor: str, vcpus: int, memory_mb: int, root_gb: int = 0,
                            instance_uuids: Iterable[str] = (), **kwargs) -> dict:
        """Chooses and claims hosts for the instances. Returns {"ok", "hosts", "reason", "top"}:
        ok is False with Nova's NoValidHost message as reason when no host fits. kwargs:
        availability_zone, group, extra_specs, image_properties, now (seconds)."""
        return self._s.select_destinations(flavor, vcpus, memory_mb, root_gb,
                                           list(instance_uuids), **kwargs)

    def release(self, instance_uuid: str) -> bool:
        """Gives back an instance's resources (it was deleted)."""
        return self._s.release(instance_uuid)

    def host_of(self, instance_uuid: str) -> Optional[str]:
        return self._s.host_of(instance_uuid)

    def hosts(self) -> pd.DataFrame:
        """Nova's HostState of every host, as it stands now."""
        return pd.DataFrame(self._s.host_columns())

    def __len__(self) -> int:
        return self._s.host_count()


def replay(scheduler: Scheduler, requests: pd.DataFrame) -> pd.DataFrame:
    """Places a request trace with `scheduler`, releasing each instance when its lifetime ends.

    requests: columns submit_s, vcpus, memory_mb, and optionally lifetime_s (absent or NaN: the
    instance stays), root_gb and flavor. Requests are taken in submit order, and every instance
    whose end falls at or before a request's submit time is released first. Returns one row per
    request with the chosen host (None when it was rejected). The scheduler's own clock stays at
    0 (hosts never miss a heartbeat): trace time only orders requests and releases."""
    for column in ("submit_s", "vcpus", "memory_mb"):
        if column not in requests:
            raise KeyError(f"requests need a {column!r} column")
    ordered = requests.sort_values("submit_s", kind="stable")
    ends: list[tuple[float, int, str]] = []
    hosts, ok = [], []
    lifetimes = ordered["lifetime_s"] if "lifetime_s" in ordered else None
    root = ordered["root_gb"] if "root_gb" in ordered else None
    flavors = ordered["flavor"] if "flavor" in ordered else None
    for i, (index, row) in enumerate(ordered.iterrows()):
        now = float(row["submit_s"])
        while ends and ends[0][0] <= now:
            scheduler.release(heapq.heappop(ends)[2])
        uuid = f"req-{index}"
        decision = scheduler.select_destinations(
            str(flavors.iloc[i]) if flavors is not None else "trace",
            int(row["vcpus"]), int(row["memory_mb"]),
            int(root.iloc[i]) if root is not None else 0, [uuid])
        ok.append(decision["ok"])
        hosts.append(decision["hosts"][0] if decision["ok"] else None)
        if decision["ok"] and lifetimes is not None and pd.notna(lifetimes.iloc[i]):
            heapq.heappush(ends, (now + float(lifetimes.iloc[i]), i, uuid))
    out = ordered.copy()
    out["placed"] = ok
    out["host"] = hosts
    return out
