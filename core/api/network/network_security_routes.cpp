// Security groups and their rules, and Neutron's per-project quotas.

#include <algorithm>
#include <iterator>

#include "core/api/json_view.hpp"
#include "core/api/network/network_api.hpp"
#include "core/api/network/network_policies.hpp"
#include "core/api/network/network_requests.hpp"
#include "core/api/network/network_views.hpp"
#include "core/api/responses.hpp"
#include "core/network/network_error.hpp"

namespace stacksim::api {
namespace {

using nlohmann::json;
namespace views = neutron_views;
namespace requests = neutron_requests;

}  // namespace

network::SecurityGroup NetworkApi::visible_security_group(const ApiRequest& r,
                                                          const std::string& id,
                                                          const std::string& action) {
  network::SecurityGroup g = neutron_.get_security_group(id);
  authorize_visible("security_group", action, r, owned_by(g.project_id),
                    network::security_group_not_found(id));
  return g;
}

void NetworkApi::add_security_group_routes(RouteBuilder& v2) {
  // As Neutron, a project's "default" group exists from the first security group call it makes.
  auto ensure_default = [this](const ApiRequest& r) {
    if (!r.context.project_id.empty()) neutron_.ensure_default_security_group(r.context.project_id);
  };
  v2.get("/security-groups", [this, ensure_default](ApiRequest& r) {
    ensure_default(r);
    json items = json::array();
    for (const network::SecurityGroup& g : neutron_.list_security_groups()) {
      if (allowed("get_security_group", r, owned_by(g.project_id)))
        items.push_back(views::security_group(g));
    }
    return listing(r, "security_groups", std::move(items));
  });
  v2.post("/security-groups", [this, ensure_default](ApiRequest& r) {
    const json doc = parse_json_body(r.http);
    const JsonView body = JsonView(doc, "").object("security_group");
    requests::reject_unrecognized(body,
                                  {"name", "description", "stateful", "tenant_id", "project_id"});
    if (!body.optional_boolean("stateful").value_or(true)) {
      throw network::invalid_input("stateless security groups are not supported by stacksim");
    }
    const std::string project = requests::owner(body, r.context.project_id);
    authorize("create_security_group", r, owned_by(project));
    ensure_default(r);
    return member(
        r, 201, "security_group",
        views::security_group(neutron_.create_security_group(
            project, body.string("name"), body.optional_string("description").value_or(""))));
  });
  v2.get("/security-groups/{security_group_id}", [this, ensure_default](ApiRequest& r) {
    ensure_default(r);
    return member(r, 200, "security_group",
                  views::security_group(visible_security_group(r, r.param("security_group_id"))));
  });
  v2.put("/security-groups/{security_group_id}", [this](ApiRequest& r) {
    const json doc = parse_json_body(r.http);
    const JsonView body = JsonView(doc, "").object("security_group");
    requests::reject_unrecognized(body, {"name", "description"});
    const network::SecurityGroup g =
        visible_security_group(r, r.param("security_group_id"), "update_security_group");
    return member(r, 200, "security_group",
                  views::security_group(neutron_.update_security_group(
                      g.id, body.optional_string("name"), body.optional_string("description"))));
  });
  v2.del("/security-groups/{security_group_id}", [this](ApiRequest& r) {
    neutron_.delete_security_group(
        visible_security_group(r, r.param("security_group_id"), "delete_security_group").id);
    return no_content();
  });

  v2.get("/security-group-rules", [this, ensure_default](ApiRequest& r) {
    ensure_default(r);
    json items = json::array();
    for (const network::SecurityGroup& g : neutron_.list_security_groups()) {
      for (const network::SecurityGroupRule& rule : g.rules) {
        if (allowed("get_security_group_rule", r, owned_by(rule.project_id)))
          items.push_back(views::security_group_rule(rule));
      }
    }
    return listing(r, "security_group_rules", std::move(items));
  });
  v2.post("/security-group-rules", [this](ApiRequest& r) {
    const json doc = parse_json_body(r.http);
    network::SecurityGroupRuleRequest req = requests::security_group_rule_create(
        JsonView(doc, "").object("security_group_rule"), r.context.project_id);
    const network::SecurityGroup g = visible_security_group(r, req.security_group_id);
    authorize("create_security_group_rule", r, owned_by(g.project_id));
    req.project_id = g.project_id;  // a rule belongs to its group's project
    return member(r, 201, "security_group_rule",
                  views::security_group_rule(neutron_.create_security_group_rule(req)));
  });
  v2.get("/security-group-rules/{rule_id}", [this](ApiRequest& r) {
    const network::SecurityGroupRule rule = neutron_.get_security_group_rule(r.param("rule_id"));
    authorize_visible("security_group_rule", {}, r, owned_by(rule.project_id),
                      network::security_group_rule_not_found(rule.id));
    return member(r, 200, "security_group_rule", views::security_group_rule(rule));
  });
  v2.del("/security-group-rules/{rule_id}", [this](ApiRequest& r) {
    const network::SecurityGroupRule rule = neutron_.get_security_group_rule(r.param("rule_id"));
    authorize_visible("security_group_rule", "delete_security_group_rule", r,
                      owned_by(rule.project_id), network::security_group_rule_not_found(rule.id));
    neutron_.delete_security_group_rule(rule.id);
    return no_content();
  });
}

void NetworkApi::add_quota_routes(RouteBuilder& v2) {
  auto limits = [this](const std::string& project) {
    json q = json::object();
    for (const char* resource : network::quota_resources)
      q[resource] = neutron_.quota().limit(project, resource);
    return q;
  };
  v2.get("/quotas/{project_id}", [this, limits](ApiRequest& r) {
    authorize("get_quota", r, owned_by(r.param("project_id")));
    return json_response(200, {{"quota", limits(r.param("project_id"))}});
  });
  v2.get("/quotas/{project_id}/details", [this](ApiRequest& r) {
    authorize("get_quota", r, owned_by(r.param("project_id")));
    json q = json::object();
    for (const auto& [resource, limit_usage] : neutron_.quota().details(r.param("project_id"))) {
      q[resource] = {{"limit", limit_usage.first}, {"used", limit_usage.second}, {"reserved", 0}};
    }
    return json_response(200, {{"quota", std::move(q)}});
  });
  v2.put("/quotas/{project_id}", [this, limits](ApiRequest& r) {
    authorize("update_quota", r, owned_by(r.param("project_id")));
    const json doc = parse_json_body(r.http);
    const JsonView body = JsonView(doc, "").object("quota");
    // Every value is checked before any is stored: a refused update changes nothing.
    std::vector<std::pair<std::string, std::int64_t>> changes;
    for (const auto& [resource, unused] : body.json().items()) {
      if (std::find(std::begin(network::quota_resources), std::end(network::quota_resources),
                    resource) == std::end(network::quota_resources)) {
        throw requests::unrecognized(resource);
      }
      const std::int64_t limit = body.integer(resource);
      if (limit < -1) throw body.error(resource, "must be an integer >= -1");
      changes.emplace_back(resource, limit);
    }
    for (const auto& [resource, limit] : changes)
      neutron_.quota().set_limit(r.param("project_id"), resource, limit);
    return json_response(200, {{"quota", limits(r.param("project_id"))}});
  });
  v2.del("/quotas/{project_id}", [this](ApiRequest& r) {
    authorize("delete_quota", r, owned_by(r.param("project_id")));
    neutron_.quota().reset(r.param("project_id"));
    return no_content();
  });
}

}  // namespace stacksim::api
