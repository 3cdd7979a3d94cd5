"""Cloud: the OpenStack control plane of a scenario (Keystone, Glance, Nova with its scheduler,
Neutron, Cinder, the scenario's Swift rings) on the scenario's simulated datacenter, driven from
Python: inspect hosts, servers, networks, volumes and rings, and create or act on them while the
simulated clock runs."""

from __future__ import annotations

import copy
import numbers
import os
from typing import Dict, Iterable, List, Mapping, Optional, Sequence, Union

import pandas as pd

from . import _stacksim
from ._arguments import seconds
from ._stacksim import CloudError
from .scenario import ScenarioLike, load_scenario, override

Ids = Union[str, Iterable[str]]


class ServerBuildError(CloudError):
    """A server ended in ERROR while being waited for; `type` is "Fault", `message` Nova's fault
    message (e.g. "No valid host was found. ..."), `server_id` the server and `http_status` the
    fault's code."""


def _ids(values: Ids) -> List[str]:
    return [values] if isinstance(values, str) else [str(v) for v in values]


class Cloud:
    """The control plane of a scenario on its simulated datacenter.

    Cloud(scenario, overrides=(), seed=None, database=None, upload_images=True)
      scenario: a path, a dict or a stacksim.Scenario (loaded like Simulation's);
      overrides: "key.path=value" strings; seed: replaces the scenario's seed;
      database: keep the control plane's SQLite database in this file (default: memory);
      upload_images: upload the scenario's `images` to Glance first (public).

    The scenario's workload is not run: the cloud starts empty (hosts registered, flavors and
    host aggregates created) and Python creates what it wants. Calls behave like the REST API's:
    create_server() returns as Nova's POST /servers does (202, status BUILD) and the build -
    scheduling, image download, networking, spawn - proceeds as the clock runs: run(until=...),
    step(), settle(), or wait_for() which runs the clock until servers are ACTIVE. Clock runs
    release the GIL; Ctrl-C raises KeyboardInterrupt between events and leaves the cloud usable.

    Every call acts as the cloud's context: the bootstrap admin (admin project) by default;
    as_user() returns a view of the same cloud acting as another user and project, so Nova's
    policy and quotas apply. Service faults raise CloudError with the service's message, its
    exception name (`type`, e.g. "InstanceNotFound") and `http_status`.
    """

    def __init__(self, scenario: ScenarioLike, overrides: Iterable[str] = (),
                 seed: Optional[int] = None, database: Optional[str | os.PathLike] = None,
                 upload_images: bool = True, admin_password: str = "stacksim"):
        overrides = list(overrides)
        if seed is not None:
            if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0:
                raise ValueError(f"seed must be a non-negative integer, not {seed!r}")
            overrides.append(override("seed", int(seed)))
        self.scenario = load_scenario(scenario, overrides)
        self._plane = _stacksim._ControlPlane(self.scenario, admin_password,
                                              os.fspath(database) if database else "")
        self._ctx = self._plane.admin
        if upload_images:
            for spec in self.scenario.to_dict().get("images", []):
                self.upload_image(spec["name"], size_bytes=int(spec["size_bytes"]),
                                  disk_format=spec.get("disk_format", "qcow2"),
                                  container_format=spec.get("container_format", "bare"),
                                  id=spec.get("id"))

    # Who acts -----------------------------------------------------------------------------
    @property
    def context(self) -> _stacksim.RequestContext:
        """The user, project and roles this view of the cloud acts as."""
        return self._ctx

    @property
    def is_admin(self) -> bool:
        return "admin" in self._ctx.roles

    def create_project(self, name: str, description: str = "") -> str:
        """A new project in the default domain; returns its id."""
        return self._plane.create_project(name, description)

    def create_user(self, name: str, project: str, roles: Sequence[str] = ("member",),
                    password: Optional[str] = None) -> str:
        """A new user with `roles` on `project` (an id); returns the user's id."""
        return self._plane.create_user(name, project, list(roles), password)

    def as_user(self, user: str, project: str) -> "Cloud":
        """This cloud acting as `user` scoped to `project` (ids), with the roles granted there."""
        view = copy.copy(self)
        view._ctx = self._plane.context(user, project)
        return view

    def set_quota(self, project: str, resource: str, limit: int) -> None:
        """Sets a project's quota (instances, cores, ram, volumes, gigabytes, ...; -1: none)."""
        self._plane.set_quota(project, resource, int(limit))

    # The clock ----------------------------------------------------------------------------
    @property
    def now(self) -> float:
        """Seconds on the cloud's clock."""
        return self._plane.now

    @property
    def pending(self) -> int:
        """Events waiting on the simulated clock (0: nothing in progress)."""
        return self._plane.pending

    def run(self, until: float) -> float:
        """Runs the clock to `until` seconds (everything due by then happens); returns `now`."""
        until = seconds(until, "until")
        if until < self.now:
            raise ValueError(f"until={until:g} s is before now ({self.now:g} s)")
        self._plane.run_until(until)
        return self.now

    def step(self, events: int = 1) -> bool:
        """Runs `events` events; False once nothing is pending."""
        events = int(events)
        if events < 1:
            raise ValueError("events must be at least 1")
        return self._plane.step(events)

    def settle(self) -> float:
        """Runs until nothing is pending (every operation in progress finished); returns `now`."""
        self._plane.settle()
        return self.now

    def start_telemetry(self) -> None:
        """Starts Ceilometer's polling and Aodh's evaluation every telemetry.interval_s. Their
        loops never end: settle() does not return until stop_telemetry()."""
        self._plane.start_telemetry()

    def stop_telemetry(self) -> None:
        self._plane.stop_telemetry()

    def wait_for(self, servers: Ids, status: str = "ACTIVE", timeout: float = 3600.0,
                 poll: float = 1.0) -> List[dict]:
        """Runs the clock in `poll`-second steps until every server has `status`; returns them.

        ServerBuildError when one ends in ERROR (with Nova's fault, e.g. "No valid host was
        found."), TimeoutError after `timeout` simulated seconds."""
        ids = _ids(servers)
        deadline = self.now + seconds(timeout, "timeout")
        poll = seconds(poll, "poll")
        if poll <= 0:
            raise ValueError("poll must be positive")
        while True:
            records = [self._plane.server(self._ctx, i) for i in ids]
            for record in records:
                if record["status"] == "ERROR" and status != "ERROR":
                    raise self._build_error(record)
            if all(r["status"] == status for r in records):
                return records
            if self.now >= deadline:
                waiting = [r["id"] for r in records if r["status"] != status]
                raise TimeoutError(f"servers {', '.join(waiting)} not {status} after "
                                   f"{timeout:g} s")
            self._plane.run_until(min(self.now + poll, deadline))

    def _build_error(self, record: dict) -> ServerBuildError:
        fault = self._plane.server_fault(self._ctx, record["id"]) or {
            "code": 500, "message": f"server {record['id']} is in ERROR"}
        error = ServerBuildError(fault["message"])
        error.type = "Fault"
        error.http_status = fault["code"]
        error.server_id = record["id"]
        return error

    # Compute ------------------------------------------------------------------------------
    def create_server(self, name: str, flavor: str, image: str,
                      networks: Union[str, Sequence[Union[str, Mapping[str, str]]]] = "auto",
                      security_groups: Sequence[str] = (),
                      availability_zone: Optional[str] = None,
                      scheduler_hints: Optional[Mapping[str, object]] = None,
                      key_name: Optional[str] = None, min_count: int = 1,
                      max_count: Optional[int] = None, wait: bool = False) -> List[str]:
        """Boots servers as POST /servers does; returns their ids (status BUILD).

        flavor: id or name; image: id or name; networks: "auto" (the project's network, if
        any), "none", or a list of network ids / {"network": id, "fixed_ip": ...} /
        {"port": id}; scheduler_hints: {"group": server group id, "same_host": [ids],
        "different_host": [ids]}; min_count/max_count: a multi-create (max_count defaults to
        min_count). The build proceeds as the clock runs; wait=True runs it until the servers
        are ACTIVE (see wait_for)."""
        max_count = min_count if max_count is None else max_count
        ids = self._plane.create_servers(
            self._ctx, name, self._flavor_id(flavor), self._image_id(image),
            networks, list(security_groups), availability_zone, key_name,
            dict(scheduler_hints or {}), int(min_count), int(max_count))
        if wait:
            self.wait_for(ids)
        return ids

    def server(self, server: str) -> dict:
        """One server: id, name, status, vm/task/power state, host, flavor, addresses, ..."""
        return self._plane.server(self._ctx, server)

    def servers(self, all_projects: bool = False) -> pd.DataFrame:
        """The project's servers (admins: every project's with all_projects=True)."""
        return self._frame(self._plane.servers(self._ctx, bool(all_projects)),
                           ["id", "name", "status", "host", "flavor", "addresses"])

    def server_fault(self, server: str) -> Optional[dict]:
        """The fault of a server whose operation failed (code, message, details), else None."""
        return self._plane.server_fault(self._ctx, server)

    def delete_server(self, server: str) -> None:
        self._action(server, "delete")

    def stop_server(self, server: str) -> None:
        self._action(server, "stop")

    def start_server(self, server: str) -> None:
        self._action(server, "start")

    def reboot_server(self, server: str, hard: bool = False) -> None:
        self._action(server, "reboot", "HARD" if hard else "SOFT")

    def resize_server(self, server: str, flavor: str) -> None:
        self._action(server, "resize", self._flavor_id(flavor))

    def confirm_resize(self, server: str) -> None:
        self._action(server, "confirm_resize")

    def revert_resize(self, server: str) -> None:
        self._action(server, "revert_resize")

    def migrate_server(self, server: str, host: Optional[str] = None) -> None:
        """Cold migration (admin): ends in VERIFY_RESIZE; confirm_resize() finishes it."""
        self._action(server, "migrate", host)

    def live_migrate_server(self, server: str, host: Optional[str] = None) -> None:
        self._action(server, "live_migrate", host)

    def evacuate_server(self, server: str, host: Optional[str] = None) -> None:
        """Rebuilds a server whose host's compute service is down elsewhere (admin)."""
        self._action(server, "evacuate", host)

    def _action(self, server: str, action: str, argument: Optional[str] = None) -> None:
        self._plane.server_action(self._ctx, server, action, argument)

    def create_server_group(self, name: str, policy: str,
                            max_server_per_host: Optional[int] = None) -> dict:
        """A server group: affinity, anti-affinity, soft-affinity or soft-anti-affinity."""
        return self._plane.create_server_group(self._ctx, name, policy, max_server_per_host)

    def server_group(self, group: str) -> dict:
        return self._plane.server_group(self._ctx, group)

    def flavors(self) -> pd.DataFrame:
        return self._frame(self._plane.flavors(self._ctx),
                           ["id", "name", "vcpus", "ram_mb", "disk_gb"])

    def create_flavor(self, name: str, vcpus: int, ram_mb: int, disk_gb: int = 0,
                      id: Optional[str] = None, is_public: bool = True) -> dict:
        """A flavor (admin); its id defaults to its name."""
        return self._plane.create_flavor(self._ctx, name, int(vcpus), int(ram_mb), int(disk_gb),
                                         id or "", bool(is_public))

    def hosts(self) -> pd.DataFrame:
        """The compute hosts (admin): zone, aggregates, vCPUs/RAM/disk total and used (Placement
        usage), consumers, service state (up/down) and status (enabled/disabled)."""
        return self._frame(self._plane.hosts(self._ctx), ["host"])

    def set_service_disabled(self, host: str, disabled: bool = True, reason: str = "") -> None:
        """Disables (or enables) a host's nova-compute: the scheduler skips disabled hosts."""
        self._plane.set_service_disabled(self._ctx, host, bool(disabled), reason)

    def force_down(self, host: str, down: bool = True) -> None:
        """Marks a host's compute service forced down (what evacuation requires)."""
        self._plane.set_service_forced_down(self._ctx, host, bool(down))

    # Images -------------------------------------------------------------------------------
    def upload_image(self, name: str, data: Union[bytes, str, os.PathLike, None] = None, *,
                     size_bytes: Optional[int] = None, disk_format: str = "qcow2",
                     container_format: str = "bare", visibility: str = "public",
                     id: Optional[str] = None,
                     properties: Optional[Mapping[str, str]] = None) -> dict:
        """Creates an image and uploads its data from the image store's host; the clock runs
        until the upload finished. data: bytes or a file path; or size_bytes of generated data
        (a simulated disk image, the same bytes for the same size)."""
        if isinstance(data, (str, os.PathLike)):
            with open(data, "rb") as f:
                data = f.read()
        return self._plane.upload_image(self._ctx, name, data, size_bytes, disk_format,
                                        container_format, visibility, id,
                                        dict(properties or {}))

    def images(self) -> pd.DataFrame:
        return self._frame(self._plane.images(self._ctx), ["id", "name", "status", "size"])

    # Networks -----------------------------------------------------------------------------
    def create_network(self, name: str, shared: bool = False, external: bool = False,
                       network_type: Optional[str] = None,
                       physical_network: Optional[str] = None,
                       segmentation_id: Optional[int] = None) -> dict:
        """A network of the acting project (network_type: flat, vlan, vxlan, gre)."""
        return self._plane.create_network(self._ctx, name, bool(shared), bool(external),
                                          network_type, physical_network, segmentation_id)

    def create_subnet(self, network: str, cidr: str, name: str = "", ip_version: int = 4,
                      gateway_ip: Optional[str] = None, no_gateway: bool = False,
                      enable_dhcp: bool = True, dns_nameservers: Sequence[str] = ()) -> dict:
        """A subnet on `network` (an id); the gateway defaults to the CIDR's first address."""
        return self._plane.create_subnet(self._ctx, network, cidr, name, int(ip_version),
                                         gateway_ip, bool(no_gateway), bool(enable_dhcp),
                                         list(dns_nameservers))

    def create_router(self, name: str, external_network: Optional[str] = None) -> dict:
        """A router, with its gateway on `external_network` (an id) when given."""
        return self._plane.create_router(self._ctx, name, external_network)

    def add_router_interface(self, router: str, subnet: str) -> dict:
        """Plugs `subnet` into `router` (ids) on the subnet's gateway address."""
        return self._plane.add_router_interface(router, subnet)

    def _project_filter(self) -> Optional[str]:
        return None if self.is_admin else self._ctx.project_id

    def networks(self) -> pd.DataFrame:
        """The networks the project sees (its own, shared, external); admins see all."""
        return self._frame(self._plane.networks(self._project_filter()),
                           ["id", "name", "project_id", "subnets"])

    def subnets(self, network: Optional[str] = None) -> pd.DataFrame:
        return self._frame(self._plane.subnets(network), ["id", "name", "network_id", "cidr"])

    def routers(self) -> pd.DataFrame:
        return self._frame(self._plane.routers(self._project_filter()), ["id", "name"])

    def ports(self, network: Optional[str] = None, server: Optional[str] = None) -> pd.DataFrame:
        """Ports (of the project; admins: all), optionally of one network or one server."""
        return self._frame(self._plane.ports(self._project_filter(), network, server),
                           ["id", "network_id", "fixed_ips", "device_id", "status"])

    # Volumes ------------------------------------------------------------------------------
    def create_volume(self, size_gb: int, name: str = "", volume_type: Optional[str] = None,
                      availability_zone: Optional[str] = None, image: Optional[str] = None,
                      wait: bool = False) -> dict:
        """A volume (status creating; available once the clock ran the creation, which
        wait=True does). The scenario's datacenter.storage.block_backends are the pools."""
        volume = self._plane.create_volume(self._ctx, int(size_gb), name, volume_type,
                                           availability_zone,
                                           self._image_id(image) if image else None)
        if wait:
            volume = self.wait_for_volume(volume["id"], "available")
        return volume

    def volume(self, volume: str) -> dict:
        return self._plane.volume(self._ctx, volume)

    def volumes(self, all_projects: bool = False) -> pd.DataFrame:
        return self._frame(self._plane.volumes(self._ctx, bool(all_projects)),
                           ["id", "name", "status", "size_gb", "attachments"])

    def delete_volume(self, volume: str) -> None:
        self._plane.delete_volume(self._ctx, volume)

    def attach_volume(self, server: str, volume: str, wait: bool = False) -> dict:
        """Attaches as POST /servers/{id}/os-volume_attachments does (the volume is attaching,
        in-use once the clock ran the attach, which wait=True does); returns the attachment."""
        attachment = self._plane.attach_volume(self._ctx, server, volume)
        if wait:
            self.wait_for_volume(volume, "in-use")
        return attachment

    def detach_volume(self, server: str, volume: str, wait: bool = False) -> None:
        self._plane.detach_volume(self._ctx, server, volume)
        if wait:
            self.wait_for_volume(volume, "available")

    def wait_for_volume(self, volume: str, status: str, timeout: float = 3600.0,
                        poll: float = 1.0) -> dict:
        """Runs the clock until the volume has `status`; CloudError if it ends in an error
        status, TimeoutError after `timeout` simulated seconds."""
        deadline = self.now + seconds(timeout, "timeout")
        while True:
            record = self._plane.volume(self._ctx, volume)
            if record["status"] == status:
                return record
            if record["status"].startswith("error"):
                error = CloudError(f"volume {volume} is {record['status']}")
                error.type, error.http_status = "VolumeError", 500
                raise error
            if self.now >= deadline:
                raise TimeoutError(f"volume {volume} is {record['status']}, not {status}, "
                                   f"after {timeout:g} s")
            self._plane.run_until(min(self.now + seconds(poll, "poll"), deadline))

    # Rings --------------------------------------------------------------------------------
    def rings(self) -> Dict[str, _stacksim.RingBuilder]:
        """The scenario's Swift rings (datacenter.storage.swift_rings) as RingBuilders, as the
        cloud built them (devices by datacenter host name, rebalanced with the seed). They are
        the cloud's own: changing them changes the cloud's rings."""
        return self._plane.rings()

    # Helpers ------------------------------------------------------------------------------
    def _flavor_id(self, flavor: str) -> str:
        for f in self._plane.flavors(self._ctx):
            if flavor in (f["id"], f["name"]):
                return f["id"]
        return flavor  # Nova answers FlavorNotFound

    def _image_id(self, image: str) -> str:
        matches = [i["id"] for i in self._plane.images(self._ctx) if image in (i["id"], i["name"])]
        if len(matches) > 1:
            raise ValueError(f"more than one image is named {image!r}; give its id")
        return matches[0] if matches else image  # Nova answers ImageNotFound

    @staticmethod
    def _frame(records: List[dict], columns: List[str]) -> pd.DataFrame:
        if not records:
            return pd.DataFrame(columns=columns)
        df = pd.DataFrame.from_records(records)
        return df[columns + [c for c in df.columns if c not in columns]]

    def __repr__(self) -> str:
        return (f"<stacksim.Cloud {self.scenario.name} t={self.now:g}s "
                f"project={self._ctx.project_id}>")
