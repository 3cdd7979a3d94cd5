#include "core/orchestration/neutron_resources.hpp"

#include <stdexcept>

#include "core/network/network_service.hpp"
#include "core/orchestration/property_reader.hpp"
#include "core/runtime/service_error.hpp"

namespace stacksim::orchestration {
namespace {

using nlohmann::json;

network::NetworkService& neutron(const PluginContext& ctx) {
  if (ctx.network == nullptr) throw std::runtime_error("this cloud has no network service");
  return *ctx.network;
}

/// Runs a delete, treating "already gone" (404) as done.
template <class Call>
void delete_quietly(Call&& call) {
  try {
    call();
  } catch (const runtime::ServiceError& e) {
    if (e.http_status() != 404) throw;
  }
}

/// A plugin whose create and delete are single synchronous calls.
class SimplePlugin : public ResourcePlugin {
 public:
  runtime::Task<ResourceData> create(PluginContext ctx, std::string name, json properties,
                                     std::string path) const final {
    co_return make(ctx, name, PropertyReader(properties, path));
  }
  runtime::Task<void> remove(PluginContext ctx, ResourceData data) const final {
    delete_quietly([&] { destroy(ctx, data); });
    co_return;
  }

 protected:
  virtual ResourceData make(const PluginContext& ctx, const std::string& name,
                            const PropertyReader& p) const = 0;
  virtual void destroy(const PluginContext& ctx, const ResourceData& data) const = 0;
};

class NetPlugin final : public SimplePlugin {
 public:
  std::string_view type_name() const override { return "OS::Neutron::Net"; }
  std::vector<PropertySpec> properties() const override {
    return {{"name", PropertyType::string},
            {"shared", PropertyType::boolean},
            {"admin_state_up", PropertyType::boolean}};
  }
  std::vector<std::string> attributes() const override { return {"name", "subnets", "mtu"}; }

 protected:
  ResourceData make(const PluginContext& ctx, const std::string& name,
                    const PropertyReader& p) const override {
    network::NetworkRequest r;
    r.project_id = ctx.request.project_id;
    r.name = p.string("name", ctx.stack_name + "-" + name);
    r.shared = p.optional_boolean("shared");
    r.admin_state_up = p.optional_boolean("admin_state_up");
    const network::Network n = neutron(ctx).create_network(r);
    return {n.id, {{"name", n.name}, {"subnets", n.subnets}, {"mtu", n.mtu}}};
  }
  void destroy(const PluginContext& ctx, const ResourceData& data) const override {
    neutron(ctx).delete_network(data.physical_id);
  }
};

class SubnetPlugin final : public SimplePlugin {
 public:
  std::string_view type_name() const override { return "OS::Neutron::Subnet"; }
  std::vector<PropertySpec> properties() const override {
    return {{"name", PropertyType::string},          {"network", PropertyType::string, true},
            {"cidr", PropertyType::string, true},    {"ip_version", PropertyType::integer},
            {"gateway_ip", PropertyType::string},    {"enable_dhcp", PropertyType::boolean},
            {"dns_nameservers", PropertyType::list}, {"allocation_pools", PropertyType::list}};
  }
  std::vector<std::string> attributes() const override {
    return {"name", "cidr", "gateway_ip", "network_id"};
  }

 protected:
  ResourceData make(const PluginContext& ctx, const std::string& name,
                    const PropertyReader& p) const override {
    network::SubnetRequest r;
    r.project_id = ctx.request.project_id;
    r.network_id = neutron_network_id(ctx, p.string("network"), p.path("network"));
    r.name = p.string("name", ctx.stack_name + "-" + name);
    r.cidr = p.string("cidr");
    r.ip_version = p.integer("ip_version", 4);
    r.gateway_ip = p.optional_string("gateway_ip");
    r.enable_dhcp = p.optional_boolean("enable_dhcp");
    r.dns_nameservers = p.strings("dns_nameservers");
    const json pools = p.list("allocation_pools");
    if (!pools.empty()) {
      std::vector<network::AllocationPool> list;
      for (std::size_t i = 0; i < pools.size(); ++i) {
        const PropertyReader pool(pools[i], child_path(p.path("allocation_pools"), i));
        list.push_back({pool.string("start"), pool.string("end")});
      }
      r.allocation_pools = list;
    }
    const network::Subnet s = neutron(ctx).create_subnet(r);
    return {s.id,
            {{"name", s.name},
             {"cidr", s.cidr},
             {"gateway_ip", s.gateway_ip.value_or("")},
             {"network_id", s.network_id}}};
  }
  void destroy(const PluginContext& ctx, const ResourceData& data) const override {
    neutron(ctx).delete_subnet(data.physical_id);
  }
};

class PortPlugin final : public SimplePlugin {
 public:
  std::string_view type_name() const override { return "OS::Neutron::Port"; }
  std::vector<PropertySpec> properties() const override {
    return {{"name", PropertyType::string},
            {"network", PropertyType::string, true},
            {"fixed_ips", PropertyType::list},
            {"security_groups", PropertyType::list},
            {"mac_address", PropertyType::string}};
  }
  std::vector<std::string> attributes() const override {
    return {"name", "fixed_ips", "mac_address", "network_id"};
  }

 protected:
  ResourceData make(const PluginContext& ctx, const std::string& name,
                    const PropertyReader& p) const override {
    network::PortRequest r;
    r.project_id = ctx.request.project_id;
    r.network_id = neutron_network_id(ctx, p.string("network"), p.path("network"));
    r.name = p.string("name", ctx.stack_name + "-" + name);
    r.mac_address = p.optional_string("mac_address");
    const json ips = p.list("fixed_ips");
    if (!ips.empty()) {
      std::vector<network::FixedIpRequest> list;
      for (std::size_t i = 0; i < ips.size(); ++i) {
        const PropertyReader ip(ips[i], child_path(p.path("fixed_ips"), i));
        network::FixedIpRequest f;
        if (ip.has("subnet")) {
          f.subnet_id = neutron_subnet_id(ctx, ip.string("subnet"), ip.path("subnet"));
        }
        f.ip_address = ip.optional_string("ip_address");
        list.push_back(f);
      }
      r.fixed_ips = list;
    }
    if (p.has("security_groups")) {
      std::vector<std::string> groups;
      for (const std::string& g : p.strings("security_groups"))
        groups.push_back(neutron_security_group_id(ctx, g, p.path("security_groups")));
      r.security_groups = groups;
    }
    const network::Port port = neutron(ctx).create_port(r);
    json fixed = json::array();
    for (const network::FixedIp& ip : port.fixed_ips)
      fixed.push_back({{"subnet_id", ip.subnet_id}, {"ip_address", ip.ip_address}});
    return {port.id,
            {{"name", port.name},
             {"fixed_ips", fixed},
             {"mac_address", port.mac_address},
             {"network_id", port.network_id}}};
  }
  void destroy(const PluginContext& ctx, const ResourceData& data) const override {
    neutron(ctx).delete_port(data.physical_id);
  }
};

class RouterPlugin final : public SimplePlugin {
 public:
  std::string_view type_name() const override { return "OS::Neutron::Router"; }
  std::vector<PropertySpec> properties() const override {
    return {{"name", PropertyType::string},
            {"external_gateway_info", PropertyType::map},
            {"admin_state_up", PropertyType::boolean}};
  }
  std::vector<std::string> attributes() const override { return {"name", "external_gateway_info"}; }

 protected:
  ResourceData make(const PluginContext& ctx, const std::string& name,
                    const PropertyReader& p) const override {
    network::RouterRequest r;
    r.project_id = ctx.request.project_id;
    r.name = p.string("name", ctx.stack_name + "-" + name);
    r.admin_state_up = p.optional_boolean("admin_state_up");
    if (p.has("external_gateway_info")) {
      const json info = p.map("external_gateway_info");
      const PropertyReader g(info, p.path("external_gateway_info"));
      network::ExternalGatewayInfo gateway;
      gateway.network_id = neutron_network_id(ctx, g.string("network"), g.path("network"));
      gateway.enable_snat = g.optional_boolean("enable_snat").value_or(true);
      r.external_gateway_info = gateway;
    }
    const network::Router router = neutron(ctx).create_router(r);
    json gateway = json::object();
    if (router.external_gateway_info) {
      gateway["network_id"] = router.external_gateway_info->network_id;
      gateway["enable_snat"] = router.external_gateway_info->enable_snat;
    }
    return {router.id, {{"name", router.name}, {"external_gateway_info", gateway}}};
  }
  void destroy(const PluginContext& ctx, const ResourceData& data) const override {
    neutron(ctx).delete_router(data.physical_id);
  }
};

class RouterInterfacePlugin final : public SimplePlugin {
 public:
  std::string_view type_name() const override { return "OS::Neutron::RouterInterface"; }
  std::vector<PropertySpec> properties() const override {
    return {{"router", PropertyType::string, true},
            {"subnet", PropertyType::string},
            {"port", PropertyType::string}};
  }
  std::vector<std::string> attributes() const override { return {"port_id", "subnet_id"}; }

 protected:
  ResourceData make(const PluginContext& ctx, const std::string& name,
                    const PropertyReader& p) const override {
    (void)name;
    const std::string router = p.string("router");
    if (p.has("subnet") == p.has("port")) {
      throw TemplateError(p.path("subnet"), "give exactly one of subnet and port");
    }
    const network::RouterInterface i =
        p.has("subnet") ? neutron(ctx).add_router_interface_subnet(
                              router, neutron_subnet_id(ctx, p.string("subnet"), p.path("subnet")))
                        : neutron(ctx).add_router_interface_port(router, p.string("port"));
    // Heat's physical id of an interface: "<router id>:subnet_id=<id>" or ":port_id=".
    const std::string id =
        p.has("subnet") ? router + ":subnet_id=" + i.subnet_id : router + ":port_id=" + i.port_id;
    return {id,
            {{"router_id", router},
             {"port_id", i.port_id},
             {"subnet_id", i.subnet_id},
             {"by_subnet", p.has("subnet")}}};
  }
  void destroy(const PluginContext& ctx, const ResourceData& data) const override {
    const std::string router = data.attributes.at("router_id").get<std::string>();
    if (data.attributes.at("by_subnet").get<bool>()) {
      neutron(ctx).remove_router_interface_subnet(router,
                                                  data.attributes["subnet_id"].get<std::string>());
    } else {
      neutron(ctx).remove_router_interface_port(router,
                                                data.attributes["port_id"].get<std::string>());
    }
  }
};

class FloatingIpPlugin final : public SimplePlugin {
 public:
  std::string_view type_name() const override { return "OS::Neutron::FloatingIP"; }
  std::vector<PropertySpec> properties() const override {
    return {{"floating_network", PropertyType::string, true},
            {"port_id", PropertyType::string},
            {"fixed_ip_address", PropertyType::string},
            {"floating_ip_address", PropertyType::string}};
  }
  std::vector<std::string> attributes() const override {
    return {"floating_ip_address", "fixed_ip_address", "port_id", "router_id"};
  }

 protected:
  ResourceData make(const PluginContext& ctx, const std::string& name,
                    const PropertyReader& p) const override {
    (void)name;
    network::FloatingIpRequest r;
    r.project_id = ctx.request.project_id;
    r.floating_network_id =
        neutron_network_id(ctx, p.string("floating_network"), p.path("floating_network"));
    r.floating_ip_address = p.optional_string("floating_ip_address");
    r.port_id = p.optional_string("port_id");
    r.fixed_ip_address = p.optional_string("fixed_ip_address");
    const network::FloatingIp f = neutron(ctx).create_floating_ip(r);
    return {f.id,
            {{"floating_ip_address", f.floating_ip_address},
             {"fixed_ip_address", f.fixed_ip_address},
             {"port_id", f.port_id},
             {"router_id", f.router_id}}};
  }
  void destroy(const PluginContext& ctx, const ResourceData& data) const override {
    neutron(ctx).delete_floating_ip(data.physical_id);
  }
};

class SecurityGroupPlugin final : public SimplePlugin {
 public:
  std::string_view type_name() const override { return "OS::Neutron::SecurityGroup"; }
  std::vector<PropertySpec> properties() const override {
    return {{"name", PropertyType::string},
            {"description", PropertyType::string},
            {"rules", PropertyType::list}};
  }
  std::vector<std::string> attributes() const override { return {"name", "rules"}; }

 protected:
  ResourceData make(const PluginContext& ctx, const std::string& name,
                    const PropertyReader& p) const override {
    network::NetworkService& n = neutron(ctx);
    const network::SecurityGroup group = n.create_security_group(
        ctx.request.project_id, p.string("name", ctx.stack_name + "-" + name),
        p.string("description"));
    const json rules = p.list("rules");
    json created = json::array();
    try {
      for (std::size_t i = 0; i < rules.size(); ++i) {
        const PropertyReader rule(rules[i], child_path(p.path("rules"), i));
        network::SecurityGroupRuleRequest r;
        r.project_id = ctx.request.project_id;
        r.security_group_id = group.id;
        r.direction = rule.string("direction", "ingress");
        r.ethertype = rule.string("ethertype", "IPv4");
        r.protocol = rule.optional_string("protocol");
        r.port_range_min = rule.optional_integer("port_range_min");
        r.port_range_max = rule.optional_integer("port_range_max");
        r.remote_ip_prefix = rule.optional_string("remote_ip_prefix");
        // remote_mode remote_group_id without a group id means "this group" (Heat's default).
        if (rule.string("remote_mode") == "remote_group_id") {
          r.remote_group_id = rule.string("remote_group_id", group.id);
        }
        created.push_back(n.create_security_group_rule(r).id);
      }
    } catch (...) {
      n.delete_security_group(group.id);  // all or nothing: Heat would leave a failed resource
      throw;
    }
    return {group.id, {{"name", group.name}, {"rules", created}}};
  }
  void destroy(const PluginContext& ctx, const ResourceData& data) const override {
    neutron(ctx).delete_security_group(data.physical_id);
  }
};

}  // namespace

std::string neutron_network_id(const PluginContext& ctx, const std::string& name_or_id,
                               const std::string& path) {
  for (const network::Network& n : neutron(ctx).list_networks(ctx.request.project_id))
    if (n.id == name_or_id || n.name == name_or_id) return n.id;
  throw TemplateError(path, "no network '" + name_or_id + "'");
}

std::string neutron_subnet_id(const PluginContext& ctx, const std::string& name_or_id,
                              const std::string& path) {
  for (const network::Subnet& s : neutron(ctx).list_subnets())
    if ((s.id == name_or_id || s.name == name_or_id) &&
        (s.project_id == ctx.request.project_id || s.id == name_or_id)) {
      return s.id;
    }
  throw TemplateError(path, "no subnet '" + name_or_id + "'");
}

std::string neutron_security_group_id(const PluginContext& ctx, const std::string& name_or_id,
                                      const std::string& path) {
  if (name_or_id == "default") {
    return neutron(ctx).ensure_default_security_group(ctx.request.project_id).id;
  }
  for (const network::SecurityGroup& g : neutron(ctx).list_security_groups(ctx.request.project_id))
    if (g.id == name_or_id || g.name == name_or_id) return g.id;
  throw TemplateError(path, "no security group '" + name_or_id + "'");
}

void add_neutron_resources(PluginRegistry& registry) {
  registry.add(std::make_unique<NetPlugin>());
  registry.add(std::make_unique<SubnetPlugin>());
  registry.add(std::make_unique<PortPlugin>());
  registry.add(std::make_unique<RouterPlugin>());
  registry.add(std::make_unique<RouterInterfacePlugin>());
  registry.add(std::make_unique<FloatingIpPlugin>());
  registry.add(std::make_unique<SecurityGroupPlugin>());
}

}  // namespace stacksim::orchestration
