#!/usr/bin/python3
"""Nova 26's own scheduler code run on a scheduling case: the oracle stacksim's scheduler is
checked against.

What runs is Nova's: HostState (filled through HostState.update from ComputeNode objects, as
the HostManager does), the filter classes through HostFilterHandler, the weighers through
HostWeightHandler and nova.weights.normalize, ResourceRequest.from_request_spec and the
limit rules of resources_from_request_spec, numa_get_constraints, and SchedulerManager._schedule
itself (_get_sorted_hosts, the claim walk, _consume_selected_host, _ensure_sufficient_hosts).
Only these are stood in for:
  * Placement: allocation candidates and claims with its capacity rule
    (used + amount <= (total - reserved) * allocation_ratio, min_unit 1 <= amount <= max_unit =
    total), the COMPUTE_STATUS_DISABLED and flavor trait pre-filters, and the AZ pre-filter
    (aggregates whose availability_zone metadata is the requested zone);
  * the database: host states, aggregates, services and server groups are built from the case,
    consumption of a failed multi-create is undone (Nova refreshes those hosts from the
    database), and instances of successful requests appear in HostState.instances;
  * the host list feeds in case order (Nova iterates a set), so ties keep host input order.

Usage: nova_driver.py CASE.json [--timing]  -> one JSON line per instance on stdout, in the
format of `stacksim schedule`.
"""

import argparse
import copy
import datetime
import json
import logging
import sys
import time
import uuid

import nova.conf
from nova import context as nova_context
from nova import exception
from nova import objects

CONF = nova.conf.CONF
CONF([], project="nova", default_config_files=[])
objects.register_all()
logging.getLogger("nova").setLevel(logging.ERROR)

# Imported after the configuration is parsed.
from nova.scheduler import filters as nova_filters  # noqa: E402
from nova.scheduler import host_manager  # noqa: E402
from nova.scheduler import manager as scheduler_manager  # noqa: E402
from nova.scheduler import utils as scheduler_utils  # noqa: E402
from nova.scheduler import weights as nova_weights  # noqa: E402
from nova.virt import hardware  # noqa: E402

WEIGHER_PATHS = {
    "RAMWeigher": "nova.scheduler.weights.ram.RAMWeigher",
    "CPUWeigher": "nova.scheduler.weights.cpu.CPUWeigher",
    "DiskWeigher": "nova.scheduler.weights.disk.DiskWeigher",
    "IoOpsWeigher": "nova.scheduler.weights.io_ops.IoOpsWeigher",
    "ServerGroupSoftAffinityWeigher": "nova.scheduler.weights.affinity.ServerGroupSoftAffinityWeigher",
    "ServerGroupSoftAntiAffinityWeigher":
        "nova.scheduler.weights.affinity.ServerGroupSoftAntiAffinityWeigher",
    "BuildFailureWeigher": "nova.scheduler.weights.compute.BuildFailureWeigher",
}
DEFAULT_FILTERS = ["ComputeFilter", "ComputeCapabilitiesFilter", "ImagePropertiesFilter",
                   "ServerGroupAntiAffinityFilter", "ServerGroupAffinityFilter"]
NAMESPACE = uuid.UUID("6ba7b810-9dad-11d1-80b4-00c04fd430c8")
CELL = str(uuid.uuid5(NAMESPACE, "cell1"))
# Up services were heard from when the run started; down ones long before. The down time is made
# large enough that a long run does not age the up ones out.
SERVICE_DOWN_TIME = 10 ** 7
DOWN_FOR = datetime.timedelta(seconds=10 ** 9)


def stable_uuid(text):
    return str(uuid.uuid5(NAMESPACE, text))


def configure(config):
    CONF.reset()  # drop the overrides of a previous case

    def override(name, value, group=None):
        CONF.set_override(name, value, group=group)

    override("enabled_filters", config.get("enabled_filters", DEFAULT_FILTERS), "filter_scheduler")
    weighers = config.get("weight_classes", list(WEIGHER_PATHS))
    override("weight_classes", [WEIGHER_PATHS[w] for w in weighers], "filter_scheduler")
    for name, value in config.get("weighers", {}).items():
        override(name, float(value), "filter_scheduler")
    override("host_subset_size", config.get("host_subset_size", 1), "filter_scheduler")
    override("shuffle_best_same_weighed_hosts",
             config.get("shuffle_best_same_weighed_hosts", False), "filter_scheduler")
    override("image_properties_default_architecture",
             config.get("image_properties_default_architecture"), "filter_scheduler")
    override("query_placement_for_availability_zone",
             config.get("query_placement_for_availability_zone", True), "scheduler")
    override("default_availability_zone", config.get("default_availability_zone", "nova"))
    override("service_down_time", SERVICE_DOWN_TIME)
    limit = config.get("max_placement_results", 1000)
    if limit is not None:
        override("max_placement_results", limit, "scheduler")
    for key, default in (("reserved_host_cpus", 0), ("reserved_host_memory_mb", 512),
                         ("reserved_host_disk_mb", 0)):
        override(key, config.get(key, default))


class Placement:
    """Resource providers (one per compute node) with Placement's capacity rule."""

    CLASSES = ("VCPU", "MEMORY_MB", "DISK_GB")

    def __init__(self):
        self.inventory = {}  # rp uuid -> class -> (total, reserved, ratio)
        self.used = {}  # rp uuid -> class -> amount
        self.traits = {}
        self.allocations = {}  # consumer -> (rp uuid, resources)

    def fits(self, rp, resources):
        for rc, amount in resources.items():
            if rc not in self.inventory[rp]:
                return False
            total, reserved, ratio = self.inventory[rp][rc]
            if amount < 1 or amount > total:
                return False
            if self.used[rp][rc] + amount > (total - reserved) * ratio:
                return False
        return True

    # The SchedulerReportClient calls SchedulerManager makes.
    def claim_resources(self, context, consumer_uuid, alloc_request, project_id, user_id,
                        allocation_request_version, consumer_generation=None):
        (rp, request), = alloc_request["allocations"].items()
        if not self.fits(rp, request["resources"]):
            return False
        for rc, amount in request["resources"].items():
            self.used[rp][rc] += amount
        self.allocations[consumer_uuid] = (rp, request["resources"])
        return True

    def delete_allocation_for_instance(self, context, uuid, consumer_type="instance",
                                       force=False):
        rp, resources = self.allocations.pop(uuid)
        for rc, amount in resources.items():
            self.used[rp][rc] -= amount


class NovaCase:
    def __init__(self, case):
        self.case = case
        config = case.get("config", {})
        configure(config)
        self.context = nova_context.get_admin_context()
        self.placement = Placement()
        self.default_az = config.get("default_availability_zone", "nova")
        self.limit_disabled = config.get("max_placement_results", 1000) is None

        hm = host_manager.HostManager.__new__(host_manager.HostManager)
        hm.filter_handler = nova_filters.HostFilterHandler()
        classes = hm.filter_handler.get_matching_classes(["nova.scheduler.filters.all_filters"])
        hm.filter_cls_map = {cls.__name__: cls for cls in classes}
        hm.filter_obj_map = {}
        hm.enabled_filters = hm._choose_host_filters(CONF.filter_scheduler.enabled_filters)
        hm.weight_handler = nova_weights.HostWeightHandler()
        hm.weighers = [cls() for cls in hm.weight_handler.get_matching_classes(
            CONF.filter_scheduler.weight_classes)]
        self.weighed = []
        real_weigh = hm.get_weighed_hosts

        def record_weighed(hosts, spec_obj):
            result = real_weigh(hosts, spec_obj)
            self.weighed.append(result)
            return result

        hm.get_weighed_hosts = record_weighed
        self.host_manager = hm

        mgr = scheduler_manager.SchedulerManager.__new__(scheduler_manager.SchedulerManager)
        mgr.host_manager = hm
        mgr.placement_client = self.placement
        self.candidates = []
        mgr._get_all_host_states = lambda context, spec_obj, summaries: iter(self.candidates)
        self.manager = mgr

        self.aggregates = {}  # name -> Aggregate
        self.host_states = []
        self.by_name = {}
        self._build_hosts(case["hosts"])
        self.groups = {}  # name -> (policy, rules, members, uuid)
        self.instance_host = {}

    def _build_hosts(self, hosts):
        now = datetime.datetime.utcnow()
        membership = []
        for index, h in enumerate(hosts):
            names = [a["name"] for a in h.get("aggregates", [])]
            az = h.get("az")
            if az is not None and az != self.default_az:
                names.append("az:" + az)
                self.aggregates.setdefault("az:" + az, {"availability_zone": az})
            for a in h.get("aggregates", []):
                self.aggregates.setdefault(a["name"], dict(a.get("metadata", {})))
            membership.append(names)
        agg_objects = {}
        for i, (name, metadata) in enumerate(self.aggregates.items()):
            hosts_in = [h["name"] for h, names in zip(hosts, membership) if name in names]
            agg_objects[name] = objects.Aggregate(id=i + 1, uuid=stable_uuid("agg-" + name),
                                                  name=name, metadata=metadata, hosts=hosts_in)
        for index, h in enumerate(hosts):
            name = h["name"]
            state = host_manager.HostState(name, name, CELL)
            state.update(compute=self._compute_node(index, h, now),
                         service=self._service(index, h, now),
                         aggregates=[agg_objects[n] for n in dict.fromkeys(membership[index])],
                         inst_dict={})
            self.host_states.append(state)
            self.by_name[name] = state
            rp = state.uuid
            ratios = (state.cpu_allocation_ratio, state.ram_allocation_ratio,
                      state.disk_allocation_ratio)
            reserved_disk_mb = h.get("reserved_host_disk_mb", CONF.reserved_host_disk_mb)
            reserved = (h.get("reserved_host_cpus", CONF.reserved_host_cpus),
                        h.get("reserved_host_memory_mb", CONF.reserved_host_memory_mb),
                        -(-reserved_disk_mb // 1024))
            totals = (h["vcpus"], h["memory_mb"], h["disk_gb"])
            used = (h.get("vcpus_used", 0), h.get("memory_mb_used", 0), h.get("disk_gb_used", 0))
            self.placement.inventory[rp] = {
                rc: (totals[i], reserved[i], ratios[i]) for i, rc in enumerate(Placement.CLASSES)}
            self.placement.used[rp] = {rc: used[i] for i, rc in enumerate(Placement.CLASSES)}
            traits = set(h.get("traits", []))
            if not h.get("enabled", True):
                traits.add("COMPUTE_STATUS_DISABLED")
            self.placement.traits[rp] = traits

    def _compute_node(self, index, h, now):
        """The ComputeNode record the resource tracker would write for this host."""
        reserved_cpus = h.get("reserved_host_cpus", CONF.reserved_host_cpus)
        reserved_mem = h.get("reserved_host_memory_mb", CONF.reserved_host_memory_mb)
        reserved_disk_mb = h.get("reserved_host_disk_mb", CONF.reserved_host_disk_mb)
        memory_used = reserved_mem + h.get("memory_mb_used", 0)
        local_gb_used = int(reserved_disk_mb / 1024 + h.get("disk_gb_used", 0))
        config = self.case.get("config", {})
        stats = {k: str(v) for k, v in h.get("stats", {}).items()}
        stats.update(num_instances=str(h.get("num_instances", 0)),
                     io_workload=str(h.get("io_ops", 0)),
                     failed_builds=str(h.get("failed_builds", 0)))
        supported = h.get("supported_instances", [["x86_64", "kvm", "hvm"]])
        numa = None
        if h.get("numa_cells"):
            cells, start = [], 0
            for i, c in enumerate(h["numa_cells"]):
                cpus = set(range(start, start + c["cpus"]))
                start += c["cpus"]
                used_mb = c.get("memory_usage_mb", 0)
                # Compute nodes always report their small (4 KiB) pages; Nova's NUMA usage
                # accounting fails without them.
                pages = objects.NUMAPagesTopology(size_kb=4, total=c["memory_mb"] * 256,
                                                  used=used_mb * 256, reserved=0)
                cells.append(objects.NUMACell(
                    id=i, cpuset=cpus, pcpuset=set(), memory=c["memory_mb"],
                    cpu_usage=c.get("cpu_usage", 0), memory_usage=used_mb, mempages=[pages],
                    pinned_cpus=set(), siblings=[], socket=0))
            numa = objects.NUMATopology(cells=cells)._to_json()
        return objects.ComputeNode(
            id=index + 1, uuid=stable_uuid("rp-" + h["name"]), host=h["name"],
            hypervisor_hostname=h["name"], memory_mb=h["memory_mb"], memory_mb_used=memory_used,
            free_ram_mb=h["memory_mb"] - memory_used, local_gb=h["disk_gb"],
            local_gb_used=local_gb_used, free_disk_gb=h["disk_gb"] - local_gb_used,
            disk_available_least=h.get("disk_available_least"), vcpus=h["vcpus"],
            vcpus_used=reserved_cpus + h.get("vcpus_used", 0),
            hypervisor_type=h.get("hypervisor_type"),
            hypervisor_version=h.get("hypervisor_version", 0),
            cpu_info=json.dumps(h["cpu_info"]) if "cpu_info" in h else "",
            supported_hv_specs=[objects.HVSpec.from_list(s) for s in supported],
            stats=stats, metrics=None, numa_topology=numa, pci_device_pools=None,
            host_ip=None, updated_at=now,
            cpu_allocation_ratio=h.get("cpu_allocation_ratio",
                                       config.get("cpu_allocation_ratio", 16.0)),
            ram_allocation_ratio=h.get("ram_allocation_ratio",
                                       config.get("ram_allocation_ratio", 1.5)),
            disk_allocation_ratio=h.get("disk_allocation_ratio",
                                        config.get("disk_allocation_ratio", 1.0)))

    @staticmethod
    def _service(index, h, now):
        seen = now if h.get("up", True) else now - DOWN_FOR
        return {"id": index + 1, "host": h["name"], "binary": "nova-compute",
                "disabled": not h.get("enabled", True), "disabled_reason": None,
                "forced_down": h.get("forced_down", False), "last_seen_up": seen,
                "created_at": seen, "updated_at": seen}

    def _request_spec(self, index, r, uuids):
        f = r["flavor"]
        flavor = objects.Flavor(
            id=1000 + index, flavorid=str(1000 + index), name=f.get("name", ""),
            vcpus=f["vcpus"], memory_mb=f["memory_mb"], root_gb=f.get("root_gb", 0),
            ephemeral_gb=f.get("ephemeral_gb", 0), swap=f.get("swap", 0),
            extra_specs={k: str(v) for k, v in f.get("extra_specs", {}).items()},
            is_public=True, disabled=False, rxtx_factor=1.0, vcpu_weight=0)
        image = objects.ImageMeta.from_dict({
            "name": "image", "properties": {k: str(v) for k, v in r.get("image_props", {}).items()}})
        hints = {}
        group = None
        g = r.get("group")
        if g:
            policy, rules, members, group_uuid = self.groups.setdefault(
                g["name"], (g["policy"], g.get("rules", {}), [], stable_uuid("group-" + g["name"])))
            group = objects.InstanceGroup(
                uuid=group_uuid, name=g["name"], policy=policy, policies=[policy],
                rules={k: str(v) for k, v in rules.items()}, members=members + uuids,
                hosts=list({self.instance_host[m] for m in members}))
            hints["group"] = [group_uuid]
        for key in ("same_host", "different_host"):
            named = r.get("hints", {}).get(key, [])
            if named:
                hints[key] = [stable_uuid(name) for name in named]
        spec = objects.RequestSpec(
            flavor=flavor, num_instances=len(uuids), availability_zone=r.get("az"),
            instance_group=group, image=image, scheduler_hints=hints,
            numa_topology=hardware.numa_get_constraints(flavor, image), pci_requests=None,
            ignore_hosts=None, force_hosts=None, force_nodes=None, requested_destination=None,
            project_id="project", user_id="user", instance_uuid=uuids[0], is_bfv=False)
        return spec

    def _allocation_candidates(self, spec, request):
        res_req = scheduler_utils.resources_from_request_spec(
            self.context, spec, self.host_manager, enable_pinning_translate=True)
        group = res_req.get_request_group(None)
        resources = dict(group.resources)
        required = set(group.required_traits)
        forbidden = set(group.forbidden_traits) | {"COMPUTE_STATUS_DISABLED"}
        limit = None if self.limit_disabled else res_req._limit
        zone = request.get("az")
        members = None
        if CONF.scheduler.query_placement_for_availability_zone and zone:
            zone_aggs = {n for n, md in self.aggregates.items()
                         if md.get("availability_zone") == zone}
            if zone_aggs:
                members = {h for h in self.host_states
                           if any(a.name in zone_aggs for a in h.aggregates)}
        candidates = []
        for state in self.host_states:
            rp = state.uuid
            traits = self.placement.traits[rp]
            if not required <= traits or forbidden & traits:
                continue
            if members is not None and state not in members:
                continue
            if not self.placement.fits(rp, resources):
                continue
            candidates.append(state)
            if limit is not None and len(candidates) >= limit:
                break
        alloc_reqs = {s.uuid: [{"allocations": {s.uuid: {"resources": resources}}}]
                      for s in candidates}
        return candidates, alloc_reqs

    def schedule(self, index, request):
        count = request.get("num_instances", 1)
        names = [f"{index}-{k}" for k in range(count)]
        uuids = [stable_uuid(n) for n in names]
        spec = self._request_spec(index, request, uuids)
        self.candidates, alloc_reqs = self._allocation_candidates(spec, request)
        self.weighed = []
        before = {}
        real_consume = self.manager._consume_selected_host

        def consume(selected_host, spec_obj, instance_uuid=None):
            if id(selected_host) not in before:
                before[id(selected_host)] = (selected_host, copy.deepcopy(
                    {k: getattr(selected_host, k) for k in
                     ("free_ram_mb", "free_disk_mb", "vcpus_used", "num_instances", "num_io_ops",
                      "numa_topology", "instances", "updated")}))
            real_consume(selected_host, spec_obj, instance_uuid=instance_uuid)

        self.manager._consume_selected_host = consume
        try:
            if not self.candidates:
                raise exception.NoValidHost(reason="")
            selections = self.manager._schedule(
                self.context, spec, uuids, alloc_reqs, None, "1.36", False)
        except exception.NoValidHost:
            for state, saved in before.values():
                for key, value in saved.items():
                    setattr(state, key, value)
            return [{"request": index, "instance": k, "host": None, "weights": []}
                    for k in range(count)]
        finally:
            self.manager._consume_selected_host = real_consume
        lines = []
        g = request.get("group")
        for k, (selection, weighed) in enumerate(zip(selections, self.weighed)):
            host = selection[0].service_host
            state = self.by_name[host]
            state.instances.setdefault(uuids[k], objects.Instance(uuid=uuids[k]))
            self.instance_host[uuids[k]] = host
            self.instance_host[stable_uuid(names[k])] = host
            if g:
                self.groups[g["name"]][2].append(uuids[k])
            lines.append({"request": index, "instance": k, "host": host,
                          "weights": [[w.obj.host, w.weight] for w in weighed[:3]]})
        return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("case")
    parser.add_argument("--timing", action="store_true",
                        help="print decisions and seconds spent scheduling to stderr")
    args = parser.parse_args()
    with open(args.case) as f:
        case = json.load(f)
    nova = NovaCase(case)
    spent, decisions = 0.0, 0
    out = sys.stdout
    for index, request in enumerate(case["requests"]):
        start = time.process_time()
        lines = nova.schedule(index, request)
        spent += time.process_time() - start
        decisions += len(lines)
        for line in lines:
            out.write(json.dumps(line) + "\n")
    if args.timing:
        print(f"nova: {len(case['hosts'])} hosts, {decisions} instance decisions in {spent:.3f} s "
              f"CPU ({spent / max(decisions, 1) * 1e3:.3f} ms each)", file=sys.stderr)


if __name__ == "__main__":
    main()
