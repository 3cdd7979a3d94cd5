// Nova's os-server-groups, os-aggregates (with the add_host, remove_host and set_metadata actions),
// os-hypervisors (list, detail, show, statistics) and os-services (list and the 2.1 enable,
// disable, disable-log-reason and force-down updates).

#include <array>
#include <charconv>

#include "core/api/compute/compute_api_routes.hpp"
#include "core/api/json_view.hpp"
#include "core/api/quota_set_update.hpp"
#include "core/api/responses.hpp"
#include "core/scheduler/server_groups.hpp"

namespace stacksim::api {
namespace {

using nlohmann::json;

bool truthy(const std::optional<std::string>& v) {
  return v && (*v == "1" || *v == "true" || *v == "True");
}

std::int64_t aggregate_id(const std::string& text) {
  std::int64_t id = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size()) {
    throw runtime::ServiceError("AggregateNotFound", 404,
                                "Aggregate " + text + " could not be found.");
  }
  return id;
}

/// The compute resources of Nova's quota sets, as the shared quota engine names them.
constexpr std::array<const char*, 3> compute_quota_resources = {"instances", "cores", "ram"};

}  // namespace

void ComputeApiRoutes::add_quota_routes(RouteBuilder& v21) {
  static const std::array<identity::PolicyDefault, 2> defaults = {{
      {"os_compute_api:os-quota-sets:show", "rule:admin_or_owner", "Show a project's quotas."},
      {"os_compute_api:os-quota-sets:update", "rule:admin_required", "Change a project's quotas."},
  }};
  app_.identity().policy().register_defaults(defaults);
  auto view = [this](const std::string& project_id) {
    json q = {{"id", project_id}};
    const auto set = app_.identity().quotas().quota_set(project_id);
    for (const char* resource : compute_quota_resources)
      q[resource] = set.at(resource).limit;
    return json{{"quota_set", std::move(q)}};
  };
  v21.get("/os-quota-sets/{project_id}", versioned([this, view](ApiRequest& r) {
            app_.identity().policy().enforce("os_compute_api:os-quota-sets:show", r.context,
                                             {{"project_id", r.param("project_id")}});
            return json_response(200, view(r.param("project_id")));
          }));
  v21.put("/os-quota-sets/{project_id}", versioned([this, view](ApiRequest& r) {
            app_.identity().policy().enforce("os_compute_api:os-quota-sets:update", r.context,
                                             {{"project_id", r.param("project_id")}});
            const json doc = parse_json_body(r.http);
            const JsonView q = JsonView(doc, "").object("quota_set");
            q.reject_unknown({"instances", "cores", "ram", "force"});
            update_quota_limits(app_.identity().quotas(), r.param("project_id"), q,
                                compute_quota_resources);
            return json_response(200, view(r.param("project_id")));
          }));
}

void ComputeApiRoutes::add_server_group_routes(RouteBuilder& v21) {
  // 2.64 replaced "policies" (a one-element list) and "metadata" by "policy" and "rules".
  auto view = [](const compute::ServerGroup& g, int minor) {
    json j = {{"id", g.uuid},
              {"name", g.name},
              {"members", g.members},
              {"project_id", g.project_id},
              {"user_id", g.user_id}};
    const std::string policy(scheduler::group_policy_name(g.policy));
    if (minor >= 64) {
      j["policy"] = policy;
      j["rules"] = g.max_server_per_host ? json{{"max_server_per_host", *g.max_server_per_host}}
                                         : json::object();
    } else {
      j["policies"] = json::array({policy});
      j["metadata"] = json::object();
    }
    return j;
  };
  v21.get("/os-server-groups", versioned([this, view](ApiRequest& r) {
            const bool all = truthy(r.http.query_value("all_projects")) &&
                             app_.identity().policy().is_admin(r.context);
            json items = json::array();
            for (const compute::ServerGroup& g : nova_.cell().server_groups.list(
                     all ? std::nullopt : std::optional<std::string>(r.context.project_id)))
              items.push_back(view(g, compute_microversion_minor(r)));
            return json_response(200, {{"server_groups", std::move(items)}});
          }));
  v21.post("/os-server-groups", versioned([this, view](ApiRequest& r) {
             const json doc = parse_json_body(r.http);
             const JsonView g = JsonView(doc, "").object("server_group");
             std::string policy;
             std::optional<int> max_per_host;
             if (compute_microversion_minor(r) >= 64) {
               g.reject_unknown({"name", "policy", "rules"});
               policy = g.string("policy");
               if (const std::optional<JsonView> rules = g.optional_object("rules")) {
                 rules->reject_unknown({"max_server_per_host"});
                 if (const auto n = rules->optional_integer("max_server_per_host"))
                   max_per_host = static_cast<int>(*n);
               }
             } else {
               g.reject_unknown({"name", "policies"});
               const std::vector<std::string> policies = g.strings("policies");
               if (policies.size() != 1) throw g.error("policies", "exactly one policy is allowed");
               policy = policies.front();
             }
             return json_response(
                 200, {{"server_group", view(nova_.create_server_group(r.context, g.string("name"),
                                                                       policy, max_per_host),
                                             compute_microversion_minor(r))}});
           }));
  v21.get("/os-server-groups/{group_id}", versioned([this, view](ApiRequest& r) {
            return json_response(
                200, {{"server_group", view(nova_.get_server_group(r.context, r.param("group_id")),
                                            compute_microversion_minor(r))}});
          }));
  v21.del("/os-server-groups/{group_id}", versioned([this](ApiRequest& r) {
            nova_.delete_server_group(r.context, r.param("group_id"));
            return no_content();
          }));
}

void ComputeApiRoutes::add_aggregate_routes(RouteBuilder& v21) {
  auto view = [](const compute::HostAggregate& a) {
    return json{
        {"id", a.id},
        {"uuid", a.uuid},
        {"name", a.name},
        {"availability_zone", a.availability_zone() ? json(*a.availability_zone()) : json(nullptr)},
        {"hosts", a.hosts},
        {"metadata", a.metadata},
        {"deleted", false},
        {"deleted_at", nullptr}};
  };
  auto find = [this](const ApiRequest& r, const std::string& id_text) {
    const std::int64_t id = aggregate_id(id_text);
    for (const compute::HostAggregate& a : nova_.list_aggregates(r.context)) {
      if (a.id == id) return a;
    }
    throw runtime::ServiceError("AggregateNotFound", 404,
                                "Aggregate " + id_text + " could not be found.");
  };
  v21.get("/os-aggregates", versioned([this, view](ApiRequest& r) {
            json items = json::array();
            for (const compute::HostAggregate& a : nova_.list_aggregates(r.context))
              items.push_back(view(a));
            return json_response(200, {{"aggregates", std::move(items)}});
          }));
  v21.post("/os-aggregates", versioned([this, view](ApiRequest& r) {
             const json doc = parse_json_body(r.http);
             const JsonView a = JsonView(doc, "").object("aggregate");
             a.reject_unknown({"name", "availability_zone"});
             return json_response(
                 200, {{"aggregate",
                        view(nova_.create_aggregate(r.context, a.string("name"),
                                                    a.optional_string("availability_zone")))}});
           }));
  v21.get("/os-aggregates/{aggregate_id}", versioned([view, find](ApiRequest& r) {
            return json_response(200, {{"aggregate", view(find(r, r.param("aggregate_id")))}});
          }));
  v21.del("/os-aggregates/{aggregate_id}", versioned([this](ApiRequest& r) {
            nova_.delete_aggregate(r.context, aggregate_id(r.param("aggregate_id")));
            return HttpResponse::empty(200);
          }));
  v21.post("/os-aggregates/{aggregate_id}/action", versioned([this, view](ApiRequest& r) {
             const json doc = parse_json_body(r.http);
             const JsonView body(doc, "");
             const std::int64_t id = aggregate_id(r.param("aggregate_id"));
             compute::HostAggregate a;
             if (const auto add = body.optional_object("add_host")) {
               a = nova_.add_aggregate_host(r.context, id, add->string("host"));
             } else if (const auto remove = body.optional_object("remove_host")) {
               a = nova_.remove_aggregate_host(r.context, id, remove->string("host"));
             } else if (const auto set = body.optional_object("set_metadata")) {
               const JsonView metadata = set->object("metadata");
               std::map<std::string, std::optional<std::string>> changes;
               for (const auto& [key, unused] : metadata.json().items())
                 changes[key] = metadata.optional_string(key);  // null removes the key
               a = nova_.set_aggregate_metadata(r.context, id, changes);
             } else {
               throw invalid_field("", "add_host, remove_host or set_metadata is expected");
             }
             return json_response(200, {{"aggregate", view(a)}});
           }));
}

void ComputeApiRoutes::add_hypervisor_routes(RouteBuilder& v21) {
  // Hypervisors are numbered in registration order, as Nova's compute_nodes ids.
  auto view = [this](const ApiRequest& r, std::size_t index, bool detail) {
    const runtime::HostInfo& node = nova_.cell().hosts.nodes().at(index);
    bool up = false;
    bool disabled = false;
    for (const compute::ServiceStatus& s : nova_.list_services(r.context)) {
      if (s.service.host == node.name) {
        up = s.up;
        disabled = s.service.disabled;
      }
    }
    json j = {{"id", index + 1},
              {"hypervisor_hostname", node.name},
              {"state", up ? "up" : "down"},
              {"status", disabled ? "disabled" : "enabled"}};
    if (!detail) return j;
    const compute::HostUsage used = nova_.hypervisor_usage(r.context, node.name);
    std::int64_t running = 0;
    for (const compute::Instance& i : nova_.list_servers(r.context, true))
      running += i.host == node.name ? 1 : 0;
    j["vcpus"] = node.vcpus;
    j["memory_mb"] = node.memory_mb;
    j["local_gb"] = node.disk_gb;
    j["vcpus_used"] = used.vcpus_used;
    j["memory_mb_used"] = used.memory_mb_used;
    j["local_gb_used"] = used.local_gb_used;
    j["free_ram_mb"] = node.memory_mb - used.memory_mb_used;
    j["free_disk_gb"] = node.disk_gb - used.local_gb_used;
    j["disk_available_least"] = node.disk_gb - used.local_gb_used;
    j["running_vms"] = running;
    j["current_workload"] = 0;
    j["hypervisor_type"] = node.hypervisor_type;
    j["hypervisor_version"] = node.hypervisor_version;
    j["host_ip"] = node.name;
    j["cpu_info"] = json{{"arch", node.cpu_arch}}.dump();
    j["service"] = {{"host", node.name}, {"id", index + 1}, {"disabled_reason", nullptr}};
    return j;
  };
  auto list = [this, view](bool detail) {
    return versioned([this, view, detail](ApiRequest& r) {
      json items = json::array();
      for (std::size_t i = 0; i < nova_.cell().hosts.nodes().size(); ++i)
        items.push_back(view(r, i, detail));
      return json_response(200, {{"hypervisors", std::move(items)}});
    });
  };
  v21.get("/os-hypervisors", list(false));
  v21.get("/os-hypervisors/detail", list(true));
  v21.get("/os-hypervisors/statistics", versioned([this, view](ApiRequest& r) {
            json total = {{"count", 0},         {"vcpus", 0},
                          {"memory_mb", 0},     {"local_gb", 0},
                          {"vcpus_used", 0},    {"memory_mb_used", 0},
                          {"local_gb_used", 0}, {"free_ram_mb", 0},
                          {"free_disk_gb", 0},  {"current_workload", 0},
                          {"running_vms", 0},   {"disk_available_least", 0}};
            for (std::size_t i = 0; i < nova_.cell().hosts.nodes().size(); ++i) {
              const json h = view(r, i, true);
              total["count"] = total["count"].get<std::int64_t>() + 1;
              for (auto& [key, value] : total.items()) {
                if (key != "count")
                  value = value.get<std::int64_t>() + h.at(key).get<std::int64_t>();
              }
            }
            return json_response(200, {{"hypervisor_statistics", std::move(total)}});
          }));
  v21.get("/os-hypervisors/{hypervisor_id}", versioned([this, view](ApiRequest& r) {
            const std::string& id = r.param("hypervisor_id");
            std::size_t index = 0;
            const auto [end, ec] = std::from_chars(id.data(), id.data() + id.size(), index);
            if (ec != std::errc() || end != id.data() + id.size() || index == 0 ||
                index > nova_.cell().hosts.nodes().size()) {
              throw runtime::ServiceError("ComputeHostNotFound", 404,
                                          "Hypervisor with ID '" + id + "' could not be found.");
            }
            return json_response(200, {{"hypervisor", view(r, index - 1, true)}});
          }));
}

void ComputeApiRoutes::add_service_routes(RouteBuilder& v21) {
  auto view = [this](const compute::ServiceStatus& s, std::size_t index) {
    return json{{"id", index + 1},
                {"binary", s.service.binary},
                {"host", s.service.host},
                {"zone", s.zone},
                {"status", s.service.disabled ? "disabled" : "enabled"},
                {"state", s.up ? "up" : "down"},
                {"updated_at", app_.time().iso8601(s.last_seen_up, TimePrecision::microseconds)},
                {"disabled_reason", string_or_null(s.service.disabled_reason)},
                {"forced_down", s.service.forced_down}};
  };
  v21.get("/os-services", versioned([this, view](ApiRequest& r) {
            const std::optional<std::string> host = r.http.query_value("host");
            const std::optional<std::string> binary = r.http.query_value("binary");
            const std::vector<compute::ServiceStatus> services = nova_.list_services(r.context);
            json items = json::array();
            for (std::size_t i = 0; i < services.size(); ++i) {
              if ((host && services[i].service.host != *host) ||
                  (binary && services[i].service.binary != *binary))
                continue;
              items.push_back(view(services[i], i));
            }
            return json_response(200, {{"services", std::move(items)}});
          }));
  // The 2.1 updates name the service by host and binary (nova-compute is the only one here).
  auto update = [this](const std::string& action) {
    return versioned([this, action](ApiRequest& r) {
      const json doc = parse_json_body(r.http);
      const JsonView body(doc, "");
      const std::string host = body.string("host");
      static_cast<void>(body.choice("binary", {"nova-compute"}));
      json out = {{"host", host}, {"binary", "nova-compute"}};
      if (action == "force-down") {
        const bool down = body.boolean("forced_down");
        static_cast<void>(nova_.set_service_forced_down(r.context, host, down));
        out["forced_down"] = down;
      } else {
        const bool disable = action != "enable";
        const std::string reason =
            action == "disable-log-reason" ? body.string("disabled_reason") : std::string();
        static_cast<void>(nova_.set_service_disabled(r.context, host, disable, reason));
        out["status"] = disable ? "disabled" : "enabled";
        if (!reason.empty()) out["disabled_reason"] = reason;
      }
      return json_response(200, {{"service", std::move(out)}});
    });
  };
  for (const char* action : {"enable", "disable", "disable-log-reason", "force-down"})
    v21.put(std::string("/os-services/") + action, update(action));
}

}  // namespace stacksim::api
