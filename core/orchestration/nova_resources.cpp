#include "core/orchestration/nova_resources.hpp"

#include <stdexcept>

#include "core/compute/compute_api.hpp"
#include "core/image/image_service.hpp"
#include "core/network/network_service.hpp"
#include "core/orchestration/neutron_resources.hpp"
#include "core/orchestration/property_reader.hpp"
#include "core/runtime/service_error.hpp"
#include "core/runtime/sleep.hpp"

namespace stacksim::orchestration {
namespace {

using nlohmann::json;

compute::ComputeApi& nova(const PluginContext& ctx) {
  if (ctx.compute == nullptr) throw std::runtime_error("this cloud has no compute service");
  return *ctx.compute;
}

std::string flavor_id(PluginContext& ctx, const std::string& name_or_id, const std::string& path) {
  for (const compute::Flavor& f : nova(ctx).list_flavors(ctx.request))
    if (f.id == name_or_id || f.name == name_or_id) return f.id;
  throw TemplateError(path, "no flavor '" + name_or_id + "'");
}

/// Waits for a build to end (Heat's check_create_complete): ACTIVE, or an error with Nova's fault.
runtime::Task<compute::Instance> wait_active(PluginContext ctx, std::string uuid) {
  for (;;) {
    const compute::Instance instance = nova(ctx).get_server(ctx.request, uuid);
    if (instance.vm_state == compute::VmState::active) co_return instance;
    if (instance.vm_state == compute::VmState::error) {
      const auto fault = nova(ctx).server_fault(ctx.request, uuid);
      throw std::runtime_error("Went to status ERROR due to \"" +
                               (fault ? fault->message : std::string("unknown cause")) + "\"");
    }
    co_await runtime::sleep_for(ctx.poll_interval);
  }
}

class ServerPlugin final : public ResourcePlugin {
 public:
  std::string_view type_name() const override { return "OS::Nova::Server"; }
  std::vector<PropertySpec> properties() const override {
    return {{"name", PropertyType::string},
            {"flavor", PropertyType::string, true},
            {"image", PropertyType::string, true},
            {"key_name", PropertyType::string},
            {"availability_zone", PropertyType::string},
            {"networks", PropertyType::list},
            {"security_groups", PropertyType::list},
            {"scheduler_hints", PropertyType::map},
            {"metadata", PropertyType::map}};
  }
  std::vector<std::string> attributes() const override {
    return {"name", "host", "first_address", "networks", "metadata", "show"};
  }

  runtime::Task<ResourceData> create(PluginContext ctx, std::string name, json properties,
                                     std::string path) const override {
    const PropertyReader p(properties, path);
    compute::ServerCreate request;
    request.name = p.string("name", ctx.stack_name + "-" + name);
    request.flavor_id = flavor_id(ctx, p.string("flavor"), p.path("flavor"));
    request.image_id = glance_image_id(ctx, p.string("image"), p.path("image"));
    request.key_name = p.optional_string("key_name");
    request.availability_zone = p.optional_string("availability_zone");
    // The plugin wires the requested ports itself once the server is ACTIVE (below): Nova's own
    // network allocation ("auto" by default, which needs exactly one tenant network) stays out.
    request.networks.mode = compute::NetworkRequest::Mode::none;
    const json hints = p.map("scheduler_hints");
    for (const auto& [key, value] : hints.items()) {
      if (key != "group" || !value.is_string()) {
        throw TemplateError(child_path(p.path("scheduler_hints"), key),
                            "supported hint: group (a server group id)");
      }
      request.server_group = value.get<std::string>();
    }
    // Port requests and security groups are checked before anything is booted.
    std::vector<network::InstancePortRequest> ports;
    const json networks = p.list("networks");
    for (std::size_t i = 0; i < networks.size(); ++i) {
      const std::string at = child_path(p.path("networks"), i);
      const PropertyReader n(networks[i], at);
      if (!networks[i].is_object()) throw TemplateError(at, "expected a map");
      network::InstancePortRequest r;
      if (n.has("port")) {
        r.port_id = n.string("port");
      } else if (n.has("network")) {
        r.network_id = neutron_network_id(ctx, n.string("network"), n.path("network"));
      } else {
        throw TemplateError(at, "needs a network or a port");
      }
      r.fixed_ip = n.string("fixed_ip");
      ports.push_back(r);
    }
    std::vector<std::string> groups;
    for (const std::string& g : p.strings("security_groups"))
      groups.push_back(neutron_security_group_id(ctx, g, p.path("security_groups")));
    if (!ports.empty() && ctx.network == nullptr) {
      throw TemplateError(p.path("networks"), "this cloud has no network service");
    }

    const compute::ServerCreateResult created = nova(ctx).create_servers(ctx.request, request);
    ResourceData data;
    data.physical_id = created.instances.front().uuid;
    std::optional<compute::Instance> built;
    std::exception_ptr failure;
    try {
      built = co_await wait_active(ctx, data.physical_id);
    } catch (...) {
      failure = std::current_exception();
    }
    if (failure) {  // the failed server is deleted here: the engine never learns its id
      co_await remove(ctx, data);
      std::rethrow_exception(failure);
    }
    const compute::Instance& active = *built;
    json addresses = json::object();
    std::string first_address;
    if (!ports.empty()) {
      const std::vector<network::Port> wired = ctx.network->allocate_for_instance(
          ctx.request.project_id, active.uuid, ports, active.host, groups);
      for (const network::Port& port : wired) {
        const std::string net = ctx.network->get_network(port.network_id).name;
        for (const network::FixedIp& ip : port.fixed_ips) {
          addresses[net.empty() ? port.network_id : net].push_back(ip.ip_address);
          if (first_address.empty()) first_address = ip.ip_address;
        }
      }
    }
    data.attributes = {{"name", active.name},
                       {"host", active.host},
                       {"first_address", first_address},
                       {"networks", addresses},
                       {"metadata", p.map("metadata")},
                       {"show",
                        {{"id", active.uuid},
                         {"name", active.name},
                         {"status", "ACTIVE"},
                         {"flavor", active.flavor.id},
                         {"image", active.image_id}}}};
    co_return data;
  }

  runtime::Task<void> remove(PluginContext ctx, ResourceData data) const override {
    if (ctx.network != nullptr) ctx.network->deallocate_for_instance(data.physical_id);
    try {
      nova(ctx).delete_server(ctx.request, data.physical_id);
      for (;;) {
        if (nova(ctx).get_server(ctx.request, data.physical_id).deleted) break;
        co_await runtime::sleep_for(ctx.poll_interval);
      }
    } catch (const runtime::ServiceError& e) {
      if (e.type() != "InstanceNotFound") throw;
    }
  }
};

class KeyPairPlugin final : public ResourcePlugin {
 public:
  std::string_view type_name() const override { return "OS::Nova::KeyPair"; }
  std::vector<PropertySpec> properties() const override {
    return {{"name", PropertyType::string, true},
            {"public_key", PropertyType::string, true},
            {"type", PropertyType::string}};
  }
  std::vector<std::string> attributes() const override { return {"public_key", "fingerprint"}; }

  runtime::Task<ResourceData> create(PluginContext ctx, std::string name, json properties,
                                     std::string path) const override {
    (void)name;
    const PropertyReader p(properties, path);
    const compute::Keypair k = nova(ctx).import_keypair(
        ctx.request, p.string("name"), p.string("public_key"), p.string("type", "ssh"));
    co_return ResourceData{k.name, {{"public_key", k.public_key}, {"fingerprint", k.fingerprint}}};
  }

  runtime::Task<void> remove(PluginContext ctx, ResourceData data) const override {
    try {
      nova(ctx).delete_keypair(ctx.request, data.physical_id);
    } catch (const runtime::ServiceError& e) {
      if (e.http_status() != 404) throw;
    }
    co_return;
  }
};

class ServerGroupPlugin final : public ResourcePlugin {
 public:
  std::string_view type_name() const override { return "OS::Nova::ServerGroup"; }
  std::vector<PropertySpec> properties() const override {
    return {{"name", PropertyType::string}, {"policies", PropertyType::list}};
  }
  std::vector<std::string> attributes() const override { return {"name", "policy"}; }

  runtime::Task<ResourceData> create(PluginContext ctx, std::string name, json properties,
                                     std::string path) const override {
    const PropertyReader p(properties, path);
    const std::vector<std::string> policies = p.strings("policies");
    if (policies.size() > 1) throw TemplateError(p.path("policies"), "give one policy");
    const std::string policy = policies.empty() ? "anti-affinity" : policies.front();
    const compute::ServerGroup g = nova(ctx).create_server_group(
        ctx.request, p.string("name", ctx.stack_name + "-" + name), policy);
    co_return ResourceData{g.uuid, {{"name", g.name}, {"policy", policy}}};
  }

  runtime::Task<void> remove(PluginContext ctx, ResourceData data) const override {
    try {
      nova(ctx).delete_server_group(ctx.request, data.physical_id);
    } catch (const runtime::ServiceError& e) {
      if (e.http_status() != 404) throw;
    }
    co_return;
  }
};

}  // namespace

std::string glance_image_id(const PluginContext& ctx, const std::string& name_or_id,
                            const std::string& path) {
  if (ctx.images == nullptr) return name_or_id;
  for (const image::Image& i : ctx.images->list(ctx.request))
    if (i.id == name_or_id || i.name == name_or_id) return i.id;
  throw TemplateError(path, "no image '" + name_or_id + "'");
}

void add_nova_resources(PluginRegistry& registry) {
  registry.add(std::make_unique<ServerPlugin>());
  registry.add(std::make_unique<KeyPairPlugin>());
  registry.add(std::make_unique<ServerGroupPlugin>());
}

}  // namespace stacksim::orchestration
