// VolumeApi: snapshots, and the project's limits and quota sets (volumes, gigabytes, snapshots).

#include <array>

#include "core/api/json_view.hpp"
#include "core/api/quota_set_update.hpp"
#include "core/api/responses.hpp"
#include "core/api/volume/volume_api.hpp"
#include "core/api/volume/volume_microversion.hpp"

namespace stacksim::api {
namespace {

using nlohmann::json;

/// The quota resources Cinder's quota sets show that stacksim's volumes consume.
constexpr std::array<const char*, 3> volume_quota_resources = {"volumes", "gigabytes", "snapshots"};

}  // namespace

void VolumeApi::add_snapshot_routes(RouteBuilder& v3) {
  auto list = [this](bool detail) {
    return volume_versioned([this, detail](ApiRequest& r) {
      const std::optional<std::string> volume_id = r.http.query_value("volume_id");
      const std::optional<std::string> status = r.http.query_value("status");
      const VolumeViewer who = viewer(r);
      json items = json::array();
      for (const volume::Snapshot& s : cinder_.list_snapshots(r.context, all_tenants(r))) {
        if (volume_id && s.volume_id != *volume_id) continue;
        if (status && to_string(s.status) != *status) continue;
        items.push_back(views_.snapshot(s, who, detail));
      }
      return json_response(200, {{"snapshots", std::move(items)}});
    });
  };
  v3.get("/snapshots/detail", list(true));
  v3.get("/snapshots", list(false));
  v3.post("/snapshots", volume_versioned([this](ApiRequest& r) {
            const json doc = parse_json_body(r.http);
            const JsonView s = JsonView(doc, "").object("snapshot");
            s.reject_unknown({"volume_id", "name", "display_name", "description",
                              "display_description", "force", "metadata"});
            if (s.has("metadata") && !s.is_null("metadata") && !s.json().at("metadata").empty()) {
              throw s.error("metadata", "is not supported by stacksim's Block Storage");
            }
            // Cinder's force is a boolean or its string spelling ("True", "false", ...).
            bool force = false;
            if (s.has("force") && s.json().at("force").is_string()) {
              const std::string f = s.choice("force", {"True", "true", "False", "false"});
              force = f == "True" || f == "true";
            } else {
              force = s.optional_boolean("force").value_or(false);
            }
            const volume::Snapshot created = cinder_.create_snapshot(
                r.context, s.string("volume_id"),
                s.optional_string("name").value_or(s.optional_string("display_name").value_or("")),
                s.optional_string("description")
                    .value_or(s.optional_string("display_description").value_or("")),
                force);
            return json_response(202, {{"snapshot", views_.snapshot(created, viewer(r), true)}});
          }));
  v3.get("/snapshots/{snapshot_id}", volume_versioned([this](ApiRequest& r) {
           return json_response(
               200, {{"snapshot",
                      views_.snapshot(cinder_.get_snapshot(r.context, r.param("snapshot_id")),
                                      viewer(r), true)}});
         }));
  v3.del("/snapshots/{snapshot_id}", volume_versioned([this](ApiRequest& r) {
           cinder_.delete_snapshot(r.context, r.param("snapshot_id"));
           return HttpResponse::empty(202);
         }));
}

void VolumeApi::add_quota_routes(RouteBuilder& v3) {
  static const std::array<identity::PolicyDefault, 2> defaults = {{
      {"volume_extension:quotas:show", "rule:admin_or_owner", "Show a project's quotas."},
      {"volume_extension:quotas:update", "rule:admin_required", "Change a project's quotas."},
  }};
  app_.identity().policy().register_defaults(defaults);
  auto view = [this](const std::string& project_id, bool usage) {
    json q = {{"id", project_id}};
    const auto set = app_.identity().quotas().quota_set(project_id);
    for (const char* resource : volume_quota_resources) {
      const identity::QuotaUsage& u = set.at(resource);
      q[resource] = usage ? json{{"limit", u.limit},
                                 {"in_use", u.in_use},
                                 {"reserved", u.reserved},
                                 {"allocated", 0}}
                          : json(u.limit);
    }
    return json{{"quota_set", std::move(q)}};
  };
  v3.get("/limits", volume_versioned([this](ApiRequest& r) {
           const auto set = app_.identity().quotas().quota_set(r.context.project_id);
           const identity::QuotaUsage& volumes = set.at("volumes");
           const identity::QuotaUsage& gigabytes = set.at("gigabytes");
           const identity::QuotaUsage& snapshots = set.at("snapshots");
           return json_response(200, {{"limits",
                                       {{"rate", json::array()},
                                        {"absolute",
                                         {{"maxTotalVolumes", volumes.limit},
                                          {"maxTotalVolumeGigabytes", gigabytes.limit},
                                          {"maxTotalSnapshots", snapshots.limit},
                                          {"totalVolumesUsed", volumes.in_use},
                                          {"totalGigabytesUsed", gigabytes.in_use},
                                          {"totalSnapshotsUsed", snapshots.in_use}}}}}});
         }));
  v3.get("/os-quota-sets/{project_id}", volume_versioned([this, view](ApiRequest& r) {
           app_.identity().policy().enforce("volume_extension:quotas:show", r.context,
                                            {{"project_id", r.param("project_id")}});
           const std::optional<std::string> usage = r.http.query_value("usage");
           return json_response(
               200, view(r.param("project_id"), usage && (*usage == "True" || *usage == "true")));
         }));
  v3.put("/os-quota-sets/{project_id}", volume_versioned([this, view](ApiRequest& r) {
           app_.identity().policy().enforce("volume_extension:quotas:update", r.context,
                                            {{"project_id", r.param("project_id")}});
           const json doc = parse_json_body(r.http);
           const JsonView q = JsonView(doc, "").object("quota_set");
           q.reject_unknown({"volumes", "gigabytes", "snapshots"});
           update_quota_limits(app_.identity().quotas(), r.param("project_id"), q,
                               volume_quota_resources);
           return json_response(200, view(r.param("project_id"), false));
         }));
}

}  // namespace stacksim::api
