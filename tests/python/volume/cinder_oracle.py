"""Cinder's own scheduler classes (Debian python3-cinder) on the cases the C++ helper receives:
the filters' verdicts and OrderedHostWeightHandler's weighed order, as Cinder's FilterScheduler
computes them."""

from oslo_config import cfg

from cinder.scheduler.filters.availability_zone_filter import AvailabilityZoneFilter
from cinder.scheduler.filters.capabilities_filter import CapabilitiesFilter
from cinder.scheduler.filters.capacity_filter import CapacityFilter
from cinder.scheduler.weights import OrderedHostWeightHandler
from cinder.scheduler.weights.capacity import AllocatedCapacityWeigher, CapacityWeigher

FILTERS = {"AvailabilityZoneFilter": AvailabilityZoneFilter, "CapacityFilter": CapacityFilter,
           "CapabilitiesFilter": CapabilitiesFilter}
WEIGHERS = {"CapacityWeigher": CapacityWeigher,
            "AllocatedCapacityWeigher": AllocatedCapacityWeigher}
STATS = ("total_capacity_gb", "free_capacity_gb", "allocated_capacity_gb",
         "provisioned_capacity_gb", "reserved_percentage", "thin_provisioning_support",
         "thick_provisioning_support", "max_over_subscription_ratio", "total_iops", "multiattach")


class PoolState:
    """The attributes of cinder.scheduler.host_manager.PoolState that filters and weighers read."""

    def __init__(self, pool):
        self.backend_id = self.host = pool["name"]
        self.cluster_name = None
        for stat in STATS:
            setattr(self, stat, pool.get(stat))
        self.service = {"availability_zone": pool["availability_zone"]}
        self.capabilities = dict(pool.get("capabilities", {}))
        self.capabilities["volume_backend_name"] = pool["volume_backend_name"]
        for stat in STATS:
            self.capabilities[stat] = pool.get(stat)

    def __repr__(self):
        return self.backend_id


def properties(request):
    specs = request.get("extra_specs", {})
    props = {"size": request["size"],
             "request_spec": {"volume_id": "volume",
                              "resource_properties": {
                                  "availability_zone": request.get("availability_zone") or None}},
             "volume_type": {"extra_specs": specs},
             "resource_type": {"extra_specs": specs}}
    if "new_size" in request:
        props["new_size"] = request["new_size"]
    return props


def schedule(case):
    config = case["config"]
    conf = cfg.CONF
    conf.set_override("capacity_weight_multiplier", config["capacity_weight_multiplier"])
    conf.set_override("allocated_capacity_weight_multiplier",
                      config["allocated_capacity_weight_multiplier"])
    filters = [FILTERS[name]() for name in config["filters"]]
    weighers = [WEIGHERS[name] for name in config["weighers"]]
    handler = OrderedHostWeightHandler("cinder.scheduler.weights")
    pools = [PoolState(p) for p in case["pools"]]
    results = []
    for request in case["requests"]:
        props = properties(request)
        passed = [p for p in pools if all(f.backend_passes(p, props) for f in filters)]
        weighed = handler.get_weighed_objects(weighers, passed, props)
        results.append({"passed": [p.backend_id for p in passed],
                        "weighed": [[w.obj.backend_id, w.weight] for w in weighed]})
    return results
