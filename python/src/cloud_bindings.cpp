// The control plane (scenarios::Cloud) for Python: the clock, Nova's compute API (servers and
// their actions, flavors, server groups, hosts) and project contexts. Records come back as dicts
// (the pure-Python Cloud turns lists of them into DataFrames); every call takes the caller's
// RequestContext, so policy and quotas apply as through the REST API. Clock runs release the GIL
// and look for signals every few thousand events.

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "core/api/compute/compute_api_routes.hpp"
#include "python/src/bindings.hpp"
#include "python/src/control_plane.hpp"

namespace py = pybind11;

namespace stacksim::python {
namespace {

using identity::RequestContext;

/// Runs `advance` with the GIL released; KeyboardInterrupt (or what a signal handler raised)
/// when a signal stopped it.
template <typename Advance>
void advance_released(Advance advance) {
  const ControlPlane::Interrupted interrupted = [] {
    py::gil_scoped_acquire gil;
    return PyErr_CheckSignals() != 0;
  };
  {
    py::gil_scoped_release released;
    advance(interrupted);
  }
  if (PyErr_Occurred() != nullptr) throw py::error_already_set();
}

/// The server with its addresses ({network name: [addresses]}) from its ports.
py::dict server_record(ControlPlane& plane, const compute::Instance& i) {
  py::dict out;
  out["id"] = i.uuid;
  out["name"] = i.name;
  out["status"] = api::nova_server_status(i.vm_state, i.task_state);
  out["vm_state"] = std::string(to_string(i.vm_state));
  out["task_state"] = i.task_state == compute::TaskState::none
                          ? py::object(py::none())
                          : py::object(py::str(std::string(to_string(i.task_state))));
  out["power_state"] = std::string(compute::to_string(i.power_state));
  out["host"] = i.host.empty() ? py::object(py::none()) : py::object(py::str(i.host));
  out["flavor"] = i.flavor.id;
  out["image"] = i.image_id;
  out["project_id"] = i.project_id;
  out["user_id"] = i.user_id;
  out["availability_zone"] = i.availability_zone;
  out["server_group"] = i.server_group;
  out["reservation_id"] = i.reservation_id;
  out["created_s"] = runtime::to_seconds(i.created_at);
  out["launched_s"] = i.launched_at ? py::object(py::float_(runtime::to_seconds(*i.launched_at)))
                                    : py::object(py::none());
  network::NetworkService& neutron = plane.cloud().network();
  network::PortFilter filter;
  filter.device_id = i.uuid;
  py::dict addresses;
  for (const network::Port& port : neutron.list_ports(filter)) {
    const std::string network_name = neutron.get_network(port.network_id).name;
    if (!addresses.contains(network_name)) addresses[py::str(network_name)] = py::list();
    for (const network::FixedIp& ip : port.fixed_ips)
      addresses[py::str(network_name)].cast<py::list>().append(ip.ip_address);
  }
  out["addresses"] = addresses;
  return out;
}

py::dict flavor_record(const compute::Flavor& f) {
  py::dict out;
  out["id"] = f.id;
  out["name"] = f.name;
  out["vcpus"] = f.vcpus;
  out["ram_mb"] = f.memory_mb;
  out["disk_gb"] = f.root_gb;
  out["ephemeral_gb"] = f.ephemeral_gb;
  out["is_public"] = f.is_public;
  out["extra_specs"] = f.extra_specs;
  return out;
}

py::dict server_group_record(const compute::ServerGroup& g) {
  py::dict out;
  out["id"] = g.uuid;
  out["name"] = g.name;
  out["policy"] = std::string(scheduler::group_policy_name(g.policy));
  out["max_server_per_host"] = g.max_server_per_host;
  out["members"] = g.members;
  out["project_id"] = g.project_id;
  return out;
}

/// The compute hosts as `openstack hypervisor list --long` and `compute service list` show them.
py::list host_records(ControlPlane& plane, const RequestContext& ctx) {
  compute::ComputeApi& nova = plane.cloud().compute();
  std::map<std::string, std::string> zone_of;
  for (const compute::AvailabilityZone& zone : nova.list_availability_zones(ctx)) {
    for (const std::string& host : zone.hosts)
      zone_of[host] = zone.name;
  }
  std::map<std::string, std::vector<std::string>> aggregates_of;
  for (const compute::HostAggregate& aggregate : nova.list_aggregates(ctx)) {
    for (const std::string& host : aggregate.hosts)
      aggregates_of[host].push_back(aggregate.name);
  }
  std::map<std::string, compute::ServiceStatus> service_of;
  for (const compute::ServiceStatus& status : nova.list_services(ctx))
    service_of.emplace(status.service.host, status);
  py::list out;
  for (const runtime::HostInfo& node : nova.cell().hosts.nodes()) {
    const compute::HostUsage usage = nova.hypervisor_usage(ctx, node.name);
    py::dict row;
    row["host"] = node.name;
    row["zone"] = zone_of[node.name];
    row["aggregates"] = aggregates_of[node.name];
    row["vcpus"] = node.vcpus;
    row["vcpus_used"] = usage.vcpus_used;
    row["ram_mb"] = node.memory_mb;
    row["ram_mb_used"] = usage.memory_mb_used;
    row["disk_gb"] = node.disk_gb;
    row["disk_gb_used"] = usage.local_gb_used;
    row["consumers"] = usage.consumers;
    const auto service = service_of.find(node.name);
    const bool up = service != service_of.end() && service->second.up;
    const bool disabled = service != service_of.end() && service->second.service.disabled;
    row["state"] = up ? "up" : "down";
    row["status"] = disabled ? "disabled" : "enabled";
    out.append(row);
  }
  return out;
}

compute::NetworkRequest network_request(const py::object& networks) {
  compute::NetworkRequest request;
  if (networks.is_none()) return request;
  if (py::isinstance<py::str>(networks)) {
    const auto mode = networks.cast<std::string>();
    if (mode == "auto") return request;
    if (mode == "none") {
      request.mode = compute::NetworkRequest::Mode::none;
      return request;
    }
    throw py::value_error("networks must be \"auto\", \"none\" or a list, not \"" + mode + "\"");
  }
  request.mode = compute::NetworkRequest::Mode::listed;
  for (const py::handle entry : networks.cast<py::list>()) {
    compute::RequestedNetwork wanted;
    if (py::isinstance<py::str>(entry)) {
      wanted.network_id = entry.cast<std::string>();
    } else {
      const auto fields = entry.cast<std::map<std::string, std::string>>();
      for (const auto& [key, value] : fields) {
        if (key == "network" || key == "uuid") {
          wanted.network_id = value;
        } else if (key == "port") {
          wanted.port_id = value;
        } else if (key == "fixed_ip") {
          wanted.fixed_ip = value;
        } else {
          throw py::value_error("unknown key \"" + key +
                                "\" in a networks entry (network, port, fixed_ip)");
        }
      }
    }
    request.entries.push_back(std::move(wanted));
  }
  return request;
}

/// os:scheduler_hints: group, same_host, different_host.
void apply_scheduler_hints(compute::ServerCreate& request, const py::dict& hints) {
  for (const auto& [key_handle, value] : hints) {
    const auto key = key_handle.cast<std::string>();
    if (key == "group") {
      request.server_group = value.cast<std::string>();
    } else if (key == "same_host" || key == "different_host") {
      auto& list = key == "same_host" ? request.same_host : request.different_host;
      list = py::isinstance<py::str>(value) ? std::vector<std::string>{value.cast<std::string>()}
                                            : value.cast<std::vector<std::string>>();
    } else {
      throw py::value_error("unsupported scheduler hint \"" + key +
                            "\" (group, same_host, different_host)");
    }
  }
}

}  // namespace

void bind_cloud(py::module_& m) {
  py::class_<RequestContext>(m, "RequestContext",
                             "Who calls: user, project and roles (a token's scope).")
      .def_readonly("user_id", &RequestContext::user_id)
      .def_readonly("project_id", &RequestContext::project_id)
      .def_readonly("roles", &RequestContext::roles)
      .def("__repr__", [](const RequestContext& c) {
        return "<RequestContext user=" + c.user_id + " project=" + c.project_id + ">";
      });

  py::class_<ControlPlane> plane(m, "_ControlPlane");
  plane
      .def(py::init<scenarios::Scenario, std::string, std::string>(), py::arg("scenario"),
           py::arg("admin_password"), py::arg("database") = std::string())
      .def_property_readonly("now", &ControlPlane::now)
      .def_property_readonly("simulated", [](ControlPlane& p) { return p.cloud().simulated(); })
      .def_property_readonly("pending", &ControlPlane::pending)
      .def_property_readonly(
          "admin", [](ControlPlane& p) { return p.cloud().admin(); },
          "The bootstrap admin scoped to the admin project.")
      .def_property_readonly("compute_hosts",
                             [](ControlPlane& p) { return p.cloud().compute_hosts(); })
      .def_property_readonly("image_store", [](ControlPlane& p) { return p.cloud().image_store(); })
      .def(
          "run_until",
          [](ControlPlane& p, double until_s) {
            advance_released([&](const ControlPlane::Interrupted& interrupted) {
              p.run_until(until_s, interrupted);
            });
          },
          py::arg("until_s"))
      .def("settle",
           [](ControlPlane& p) {
             advance_released(
                 [&](const ControlPlane::Interrupted& interrupted) { p.settle(interrupted); });
           })
      .def(
          "step",
          [](ControlPlane& p, std::uint64_t events) {
            py::gil_scoped_release released;
            return p.step(events);
          },
          py::arg("events"))
      // Compute.
      .def(
          "create_servers",
          [](ControlPlane& p, const RequestContext& ctx, const std::string& name,
             const std::string& flavor, const std::string& image, const py::object& networks,
             const std::vector<std::string>& security_groups,
             const std::optional<std::string>& availability_zone,
             const std::optional<std::string>& key_name, const py::dict& scheduler_hints,
             int min_count, int max_count) {
            compute::ServerCreate request;
            request.name = name;
            request.flavor_id = flavor;
            request.image_id = image;
            request.networks = network_request(networks);
            request.security_groups = security_groups;
            request.availability_zone = availability_zone;
            request.key_name = key_name;
            apply_scheduler_hints(request, scheduler_hints);
            request.min_count = min_count;
            request.max_count = max_count;
            const compute::ServerCreateResult created =
                p.cloud().compute().create_servers(ctx, request);
            std::vector<std::string> ids;
            for (const compute::Instance& i : created.instances)
              ids.push_back(i.uuid);
            return ids;
          },
          py::arg("ctx"), py::arg("name"), py::arg("flavor"), py::arg("image"), py::arg("networks"),
          py::arg("security_groups"), py::arg("availability_zone"), py::arg("key_name"),
          py::arg("scheduler_hints"), py::arg("min_count"), py::arg("max_count"))
      .def(
          "server",
          [](ControlPlane& p, const RequestContext& ctx, const std::string& id) {
            return server_record(p, p.cloud().compute().get_server(ctx, id));
          },
          py::arg("ctx"), py::arg("id"))
      .def(
          "servers",
          [](ControlPlane& p, const RequestContext& ctx, bool all_projects) {
            py::list out;
            for (const compute::Instance& i : p.cloud().compute().list_servers(ctx, all_projects))
              out.append(server_record(p, i));
            return out;
          },
          py::arg("ctx"), py::arg("all_projects"))
      .def(
          "server_fault",
          [](ControlPlane& p, const RequestContext& ctx, const std::string& id) -> py::object {
            const auto fault = p.cloud().compute().server_fault(ctx, id);
            if (!fault) return py::none();
            py::dict out;
            out["code"] = fault->code;
            out["message"] = fault->message;
            out["details"] = fault->details;
            return out;
          },
          py::arg("ctx"), py::arg("id"))
      .def(
          "server_action",
          [](ControlPlane& p, const RequestContext& ctx, const std::string& id,
             const std::string& action, const std::optional<std::string>& argument) {
            compute::ComputeApi& nova = p.cloud().compute();
            if (action == "delete") {
              nova.delete_server(ctx, id);
            } else if (action == "stop") {
              nova.stop_server(ctx, id);
            } else if (action == "start") {
              nova.start_server(ctx, id);
            } else if (action == "reboot") {
              nova.reboot_server(
                  ctx, id,
                  argument == "HARD" ? runtime::RebootType::hard : runtime::RebootType::soft);
            } else if (action == "resize") {
              if (!argument) throw py::value_error("resize needs a flavor");
              nova.resize_server(ctx, id, *argument);
            } else if (action == "confirm_resize") {
              nova.confirm_resize(ctx, id);
            } else if (action == "revert_resize") {
              nova.revert_resize(ctx, id);
            } else if (action == "migrate") {
              nova.migrate_server(ctx, id, argument);
            } else if (action == "live_migrate") {
              nova.live_migrate_server(ctx, id, argument);
            } else if (action == "evacuate") {
              nova.evacuate_server(ctx, id, argument);
            } else {
              throw py::value_error("unknown server action \"" + action + "\"");
            }
          },
          py::arg("ctx"), py::arg("id"), py::arg("action"), py::arg("argument"))
      .def(
          "flavors",
          [](ControlPlane& p, const RequestContext& ctx) {
            py::list out;
            for (const compute::Flavor& f : p.cloud().compute().list_flavors(ctx))
              out.append(flavor_record(f));
            return out;
          },
          py::arg("ctx"))
      .def(
          "create_flavor",
          [](ControlPlane& p, const RequestContext& ctx, const std::string& name, int vcpus,
             std::int64_t ram_mb, std::int64_t disk_gb, const std::string& id, bool is_public) {
            compute::Flavor flavor;
            flavor.id = id.empty() ? name : id;
            flavor.name = name;
            flavor.vcpus = vcpus;
            flavor.memory_mb = ram_mb;
            flavor.root_gb = disk_gb;
            flavor.is_public = is_public;
            return flavor_record(p.cloud().compute().create_flavor(ctx, flavor));
          },
          py::arg("ctx"), py::arg("name"), py::arg("vcpus"), py::arg("ram_mb"), py::arg("disk_gb"),
          py::arg("id"), py::arg("is_public"))
      .def(
          "create_server_group",
          [](ControlPlane& p, const RequestContext& ctx, const std::string& name,
             const std::string& policy, std::optional<int> max_server_per_host) {
            return server_group_record(
                p.cloud().compute().create_server_group(ctx, name, policy, max_server_per_host));
          },
          py::arg("ctx"), py::arg("name"), py::arg("policy"), py::arg("max_server_per_host"))
      .def(
          "server_group",
          [](ControlPlane& p, const RequestContext& ctx, const std::string& id) {
            return server_group_record(p.cloud().compute().get_server_group(ctx, id));
          },
          py::arg("ctx"), py::arg("id"))
      .def("hosts", &host_records, py::arg("ctx"))
      .def(
          "set_service_disabled",
          [](ControlPlane& p, const RequestContext& ctx, const std::string& host, bool disabled,
             const std::string& reason) {
            p.cloud().compute().set_service_disabled(ctx, host, disabled, reason);
          },
          py::arg("ctx"), py::arg("host"), py::arg("disabled"), py::arg("reason"))
      .def(
          "set_service_forced_down",
          [](ControlPlane& p, const RequestContext& ctx, const std::string& host, bool down) {
            p.cloud().compute().set_service_forced_down(ctx, host, down);
          },
          py::arg("ctx"), py::arg("host"), py::arg("forced_down"));
  bind_cloud_services(plane);
}

}  // namespace stacksim::python
