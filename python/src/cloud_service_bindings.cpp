// The control plane's other services for Python: Glance images (uploaded as the clock runs),
// Neutron networks, subnets, routers and ports, Cinder volumes and Nova's volume attachments,
// Keystone projects and users (to act as someone other than the admin), quotas, telemetry, and the
// scenario's Swift rings as RingBuilder objects. Neutron's service takes the project from the
// acting context; its policy is the REST layer's (docs/python.md).

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "python/src/bindings.hpp"
#include "python/src/control_plane.hpp"

namespace py = pybind11;

namespace stacksim::python {
namespace {

using identity::RequestContext;

py::dict image_record(const image::Image& i) {
  py::dict out;
  out["id"] = i.id;
  out["name"] = i.name;
  out["status"] = std::string(to_string(i.status));
  out["visibility"] = std::string(to_string(i.visibility));
  out["owner"] = i.owner;
  out["disk_format"] = i.disk_format;
  out["container_format"] = i.container_format;
  out["size"] = i.size;
  out["checksum"] = i.checksum;
  out["min_disk"] = i.min_disk;
  out["min_ram"] = i.min_ram;
  out["properties"] = i.properties;
  return out;
}

py::dict network_record(network::NetworkService& neutron, const network::Network& n) {
  py::dict out;
  out["id"] = n.id;
  out["name"] = n.name;
  out["project_id"] = n.project_id;
  out["status"] = n.status;
  out["shared"] = n.shared;
  out["router_external"] = n.router_external;
  out["mtu"] = n.mtu;
  out["network_type"] = std::string(network::to_string(n.network_type));
  out["segmentation_id"] = n.segmentation_id;
  std::vector<std::string> cidrs;
  for (const std::string& subnet : n.subnets)
    cidrs.push_back(neutron.get_subnet(subnet).cidr);
  out["subnets"] = n.subnets;
  out["cidrs"] = cidrs;
  return out;
}

py::dict subnet_record(const network::Subnet& s) {
  py::dict out;
  out["id"] = s.id;
  out["name"] = s.name;
  out["network_id"] = s.network_id;
  out["project_id"] = s.project_id;
  out["ip_version"] = s.ip_version;
  out["cidr"] = s.cidr;
  out["gateway_ip"] = s.gateway_ip;
  out["enable_dhcp"] = s.enable_dhcp;
  return out;
}

py::dict port_record(const network::Port& p) {
  py::dict out;
  out["id"] = p.id;
  out["name"] = p.name;
  out["network_id"] = p.network_id;
  out["project_id"] = p.project_id;
  out["mac_address"] = p.mac_address;
  out["status"] = p.status;
  std::vector<std::string> addresses;
  for (const network::FixedIp& ip : p.fixed_ips)
    addresses.push_back(ip.ip_address);
  out["fixed_ips"] = addresses;
  out["device_owner"] = p.device_owner;
  out["device_id"] = p.device_id;
  out["binding_host_id"] = p.binding_host_id;
  out["security_groups"] = p.security_groups;
  return out;
}

py::dict router_record(const network::Router& r) {
  py::dict out;
  out["id"] = r.id;
  out["name"] = r.name;
  out["project_id"] = r.project_id;
  out["status"] = r.status;
  out["external_network_id"] = r.external_gateway_info
                                   ? py::object(py::str(r.external_gateway_info->network_id))
                                   : py::object(py::none());
  return out;
}

py::dict attachment_record(const volume::VolumeAttachment& a) {
  py::dict out;
  out["id"] = a.id;
  out["volume_id"] = a.volume_id;
  out["server_id"] = a.server_id;
  out["host"] = a.host_name;
  out["device"] = a.device;
  out["attach_status"] = std::string(to_string(a.attach_status));
  return out;
}

py::dict volume_record(const volume::Volume& v) {
  py::dict out;
  out["id"] = v.id;
  out["name"] = v.name;
  out["status"] = std::string(to_string(v.status));
  out["size_gb"] = v.size;
  out["availability_zone"] = v.availability_zone;
  out["volume_type"] = v.volume_type;
  out["host"] = v.host;
  out["bootable"] = v.bootable;
  out["project_id"] = v.project_id;
  py::list attachments;
  for (const volume::VolumeAttachment& a : v.attachments)
    attachments.append(attachment_record(a));
  out["attachments"] = attachments;
  return out;
}

/// The image's data: its bytes, or `size_bytes` of a deterministic pattern (a simulated disk).
image::ImageData image_data(const std::optional<py::bytes>& data,
                            std::optional<std::int64_t> size_bytes) {
  if (data.has_value() == size_bytes.has_value())
    throw py::value_error("give either the image's data or its size_bytes");
  if (data) return image::ImageData::from_bytes(std::string(*data));
  if (*size_bytes < 0) throw py::value_error("size_bytes must be >= 0");
  return image::ImageData::pattern(*size_bytes, 7);
}

}  // namespace

void bind_cloud_services(py::class_<ControlPlane>& plane) {
  plane
      // Images.
      .def(
          "upload_image",
          [](ControlPlane& p, const RequestContext& ctx, const std::string& name,
             const std::optional<py::bytes>& data, std::optional<std::int64_t> size_bytes,
             const std::string& disk_format, const std::string& container_format,
             const std::string& visibility, const std::optional<std::string>& id,
             const std::map<std::string, std::string>& properties) {
            image::ImageCreate create;
            create.name = name;
            create.id = id;
            create.disk_format = disk_format;
            create.container_format = container_format;
            create.visibility = image::parse_visibility(visibility);
            create.properties = properties;
            image::ImageData bytes = image_data(data, size_bytes);
            image::Image uploaded;
            {
              py::gil_scoped_release released;
              uploaded = p.upload_image(ctx, create, std::move(bytes));
            }
            return image_record(uploaded);
          },
          py::arg("ctx"), py::arg("name"), py::arg("data"), py::arg("size_bytes"),
          py::arg("disk_format"), py::arg("container_format"), py::arg("visibility"), py::arg("id"),
          py::arg("properties"))
      .def(
          "images",
          [](ControlPlane& p, const RequestContext& ctx) {
            py::list out;
            for (const image::Image& i : p.cloud().images().list(ctx))
              out.append(image_record(i));
            return out;
          },
          py::arg("ctx"))
      // Networks.
      .def(
          "create_network",
          [](ControlPlane& p, const RequestContext& ctx, const std::string& name, bool shared,
             bool router_external, const std::optional<std::string>& network_type,
             const std::optional<std::string>& physical_network,
             std::optional<std::int64_t> segmentation_id) {
            network::NetworkRequest request;
            request.project_id = ctx.project_id;
            request.name = name;
            request.shared = shared;
            request.router_external = router_external;
            if (network_type) {
              request.network_type = network::network_type_from_string(*network_type);
              if (!request.network_type)
                throw py::value_error("unknown network_type \"" + *network_type +
                                      "\" (flat, vlan, vxlan, gre)");
            }
            request.physical_network = physical_network;
            request.segmentation_id = segmentation_id;
            network::NetworkService& neutron = p.cloud().network();
            return network_record(neutron, neutron.create_network(request));
          },
          py::arg("ctx"), py::arg("name"), py::arg("shared"), py::arg("router_external"),
          py::arg("network_type"), py::arg("physical_network"), py::arg("segmentation_id"))
      .def(
          "create_subnet",
          [](ControlPlane& p, const RequestContext& ctx, const std::string& network_id,
             const std::string& cidr, const std::string& name, int ip_version,
             const std::optional<std::string>& gateway_ip, bool no_gateway, bool enable_dhcp,
             const std::vector<std::string>& dns_nameservers) {
            network::SubnetRequest request;
            request.project_id = ctx.project_id;
            request.network_id = network_id;
            request.cidr = cidr;
            request.name = name;
            request.ip_version = ip_version;
            request.gateway_ip = gateway_ip;
            request.no_gateway = no_gateway;
            request.enable_dhcp = enable_dhcp;
            request.dns_nameservers = dns_nameservers;
            return subnet_record(p.cloud().network().create_subnet(request));
          },
          py::arg("ctx"), py::arg("network_id"), py::arg("cidr"), py::arg("name"),
          py::arg("ip_version"), py::arg("gateway_ip"), py::arg("no_gateway"),
          py::arg("enable_dhcp"), py::arg("dns_nameservers"))
      .def(
          "create_router",
          [](ControlPlane& p, const RequestContext& ctx, const std::string& name,
             const std::optional<std::string>& external_network_id) {
            network::RouterRequest request;
            request.project_id = ctx.project_id;
            request.name = name;
            if (external_network_id) {
              network::ExternalGatewayInfo gateway;
              gateway.network_id = *external_network_id;
              request.external_gateway_info = gateway;
            }
            return router_record(p.cloud().network().create_router(request));
          },
          py::arg("ctx"), py::arg("name"), py::arg("external_network_id"))
      .def(
          "add_router_interface",
          [](ControlPlane& p, const std::string& router_id, const std::string& subnet_id) {
            const network::RouterInterface added =
                p.cloud().network().add_router_interface_subnet(router_id, subnet_id);
            py::dict out;
            out["router_id"] = added.id;
            out["subnet_id"] = added.subnet_id;
            out["port_id"] = added.port_id;
            return out;
          },
          py::arg("router_id"), py::arg("subnet_id"))
      .def(
          "networks",
          [](ControlPlane& p, const std::optional<std::string>& project_id) {
            network::NetworkService& neutron = p.cloud().network();
            py::list out;
            for (const network::Network& n : neutron.list_networks(project_id))
              out.append(network_record(neutron, n));
            return out;
          },
          py::arg("project_id"))
      .def(
          "subnets",
          [](ControlPlane& p, const std::optional<std::string>& network_id) {
            py::list out;
            for (const network::Subnet& s : p.cloud().network().list_subnets(network_id))
              out.append(subnet_record(s));
            return out;
          },
          py::arg("network_id"))
      .def(
          "routers",
          [](ControlPlane& p, const std::optional<std::string>& project_id) {
            py::list out;
            for (const network::Router& r : p.cloud().network().list_routers(project_id))
              out.append(router_record(r));
            return out;
          },
          py::arg("project_id"))
      .def(
          "ports",
          [](ControlPlane& p, const std::optional<std::string>& project_id,
             const std::optional<std::string>& network_id,
             const std::optional<std::string>& device_id) {
            network::PortFilter filter;
            filter.project_id = project_id;
            filter.network_id = network_id;
            filter.device_id = device_id;
            py::list out;
            for (const network::Port& port : p.cloud().network().list_ports(filter))
              out.append(port_record(port));
            return out;
          },
          py::arg("project_id"), py::arg("network_id"), py::arg("device_id"))
      // Volumes.
      .def(
          "create_volume",
          [](ControlPlane& p, const RequestContext& ctx, std::int64_t size_gb,
             const std::string& name, const std::optional<std::string>& volume_type,
             const std::optional<std::string>& availability_zone,
             const std::optional<std::string>& image_id) {
            volume::VolumeCreate request;
            request.size = size_gb;
            request.name = name;
            request.volume_type = volume_type;
            request.availability_zone = availability_zone;
            request.image_id = image_id;
            return volume_record(p.cloud().volumes().create_volume(ctx, request));
          },
          py::arg("ctx"), py::arg("size_gb"), py::arg("name"), py::arg("volume_type"),
          py::arg("availability_zone"), py::arg("image_id"))
      .def(
          "volume",
          [](ControlPlane& p, const RequestContext& ctx, const std::string& id) {
            return volume_record(p.cloud().volumes().get_volume(ctx, id));
          },
          py::arg("ctx"), py::arg("id"))
      .def(
          "volumes",
          [](ControlPlane& p, const RequestContext& ctx, bool all_projects) {
            py::list out;
            for (const volume::Volume& v : p.cloud().volumes().list_volumes(ctx, all_projects))
              out.append(volume_record(v));
            return out;
          },
          py::arg("ctx"), py::arg("all_projects"))
      .def(
          "delete_volume",
          [](ControlPlane& p, const RequestContext& ctx, const std::string& id) {
            p.cloud().volumes().delete_volume(ctx, id);
          },
          py::arg("ctx"), py::arg("id"))
      .def(
          "attach_volume",
          [](ControlPlane& p, const RequestContext& ctx, const std::string& server_id,
             const std::string& volume_id) {
            return attachment_record(p.server_volumes().attach_volume(ctx, server_id, volume_id));
          },
          py::arg("ctx"), py::arg("server_id"), py::arg("volume_id"))
      .def(
          "detach_volume",
          [](ControlPlane& p, const RequestContext& ctx, const std::string& server_id,
             const std::string& volume_id) {
            p.server_volumes().detach_volume(ctx, server_id, volume_id);
          },
          py::arg("ctx"), py::arg("server_id"), py::arg("volume_id"))
      // Identity and quotas.
      .def(
          "create_project",
          [](ControlPlane& p, const std::string& name, const std::string& description) {
            identity::IdentityService& keystone = p.cloud().identity();
            return keystone.directory()
                .create_project(name, p.cloud().bootstrap().domain.id, description)
                .id;
          },
          py::arg("name"), py::arg("description"))
      .def(
          "create_user",
          [](ControlPlane& p, const std::string& name, const std::string& project_id,
             const std::vector<std::string>& roles, const std::optional<std::string>& password) {
            identity::Directory& directory = p.cloud().identity().directory();
            const std::string domain = p.cloud().bootstrap().domain.id;
            const std::string user = directory.create_user(name, domain, password, project_id).id;
            for (const std::string& role : roles)
              directory.grant_project_role(directory.find_role(role).id, user, project_id);
            return user;
          },
          py::arg("name"), py::arg("project_id"), py::arg("roles"), py::arg("password"))
      .def(
          "context",
          [](ControlPlane& p, const std::string& user_id, const std::string& project_id) {
            std::vector<std::string> roles;
            for (const identity::Role& role :
                 p.cloud().identity().directory().project_roles(user_id, project_id))
              roles.push_back(role.name);
            if (roles.empty())
              throw py::value_error("user " + user_id + " has no role on project " + project_id);
            return RequestContext::for_project(user_id, project_id, roles);
          },
          py::arg("user_id"), py::arg("project_id"),
          "The context of a user scoped to a project (as their token would carry).")
      .def(
          "set_quota",
          [](ControlPlane& p, const std::string& project_id, const std::string& resource,
             std::int64_t limit) {
            p.cloud().identity().quotas().set_limit(project_id, resource, limit);
          },
          py::arg("project_id"), py::arg("resource"), py::arg("limit"))
      // Telemetry: its loops never end, so settle() does not return while it runs.
      .def("start_telemetry", [](ControlPlane& p) { p.cloud().telemetry().start(); })
      .def("stop_telemetry", [](ControlPlane& p) { p.cloud().telemetry().stop(); })
      // The scenario's Swift rings.
      .def(
          "rings",
          [](py::object self) {
            auto& p = self.cast<ControlPlane&>();
            py::dict out;
            for (scenarios::ScenarioRing& ring : p.cloud().rings()) {
              out[py::str(ring.name)] =
                  py::cast(&ring.builder, py::return_value_policy::reference_internal, self);
            }
            return out;
          },
          "{name: RingBuilder} of datacenter.storage.swift_rings, as built for the cloud.");
}

}  // namespace stacksim::python
