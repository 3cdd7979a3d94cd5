#include "core/api/volume/volume_api.hpp"

#include "core/api/json_view.hpp"
#include "core/api/pagination.hpp"
#include "core/api/responses.hpp"
#include "core/api/volume/volume_microversion.hpp"

namespace stacksim::api {
namespace {

using nlohmann::json;

/// osapi_max_limit: the most items one list returns.
constexpr std::size_t max_page = 1000;

/// Members Cinder accepts but stacksim's volumes do not model: allowed when empty or null, a 400
/// naming the field otherwise, so nothing a client asks for is silently dropped.
void reject_unmodelled(const JsonView& body, std::initializer_list<std::string_view> keys) {
  for (std::string_view key : keys) {
    if (!body.has(key) || body.is_null(key)) continue;
    const json& value = body.json().at(std::string(key));
    if ((value.is_object() || value.is_array()) && value.empty()) continue;
    throw body.error(key, "is not supported by stacksim's Block Storage");
  }
}

}  // namespace

VolumeApi::VolumeApi(ApiApplication& app, volume::VolumeService& cinder)
    : app_(app), cinder_(cinder), views_(app, app.config().public_url + catalog_path) {
}

bool VolumeApi::all_tenants(const ApiRequest& r) {
  const std::optional<std::string> v = r.http.query_value("all_tenants");
  return v && (*v == "1" || *v == "true" || *v == "True");
}

VolumeViewer VolumeApi::viewer(const ApiRequest& r) const {
  return {app_.identity().policy().is_admin(r.context), volume_microversion_minor(r)};
}

json VolumeApi::volume_body(const ApiRequest& r, const std::string& id) {
  return {{"volume", views_.volume(cinder_.get_volume(r.context, id), viewer(r), true)}};
}

void VolumeApi::add_routes(RouteTable& routes) {
  const std::string base = app_.config().public_url + catalog_path;
  const json v3 = {{"id", "v3.0"},
                   {"status", "CURRENT"},
                   {"version", "3." + std::to_string(volume_max_minor)},
                   {"min_version", "3.0"},
                   {"updated", "2022-08-31T00:00:00Z"},
                   {"links", json::array({{{"rel", "describedby"},
                                           {"type", "text/html"},
                                           {"href", "https://docs.openstack.org/"}},
                                          {{"rel", "self"}, {"href", base + "/"}}})},
                   {"media-types",
                    json::array({{{"base", "application/json"},
                                  {"type", "application/vnd.openstack.volume+json;version=3"}}})}};
  const json versions = {{"versions", json::array({v3})}};
  RouteBuilder root(routes, prefix, ErrorStyle::cinder);
  // Cinder answers its root with 300 Multiple Choices, and /v3/ with 200.
  root.open("GET", "", [versions](ApiRequest&) { return json_response(300, versions); });
  RouteBuilder v3_routes(routes, catalog_path, ErrorStyle::cinder);
  v3_routes.open("GET", "", [versions](ApiRequest&) { return json_response(200, versions); });
  add_volume_routes(v3_routes);
  add_type_routes(v3_routes);
  add_attachment_routes(v3_routes);
  add_snapshot_routes(v3_routes);
  add_quota_routes(v3_routes);
}

HttpResponse VolumeApi::create_volume(ApiRequest& r) {
  const json doc = parse_json_body(r.http);
  const JsonView body(doc, "");
  body.reject_unknown({"volume", "OS-SCH-HNT:scheduler_hints"});
  reject_unmodelled(body, {"OS-SCH-HNT:scheduler_hints"});
  const JsonView v = body.object("volume");
  v.reject_unknown({"name", "description", "display_name", "display_description", "size",
                    "volume_type", "availability_zone", "snapshot_id", "source_volid", "imageRef",
                    "backup_id", "metadata", "consistencygroup_id", "group_id", "multiattach"});
  reject_unmodelled(v, {"backup_id", "metadata", "consistencygroup_id", "group_id"});
  volume::VolumeCreate c;
  if (!v.has("size") || v.is_null("size")) {
    // Without a size the volume takes its snapshot's or source's; neither: Cinder's schema error.
    if (!v.optional_string("snapshot_id") && !v.optional_string("source_volid")) {
      throw v.error("size", "None is not of type 'integer', 'string'");
    }
  } else {
    c.size = v.integer("size");
  }
  c.name = v.optional_string("name").value_or(v.optional_string("display_name").value_or(""));
  c.description = v.optional_string("description")
                      .value_or(v.optional_string("display_description").value_or(""));
  c.volume_type = v.optional_string("volume_type");
  c.availability_zone = v.optional_string("availability_zone");
  c.snapshot_id = v.optional_string("snapshot_id");
  c.source_volid = v.optional_string("source_volid");
  c.image_id = v.optional_string("imageRef");
  c.multiattach = v.optional_boolean("multiattach").value_or(false);
  const volume::Volume created = cinder_.create_volume(r.context, c);
  return json_response(202, {{"volume", views_.volume(created, viewer(r), true)}});
}

HttpResponse VolumeApi::list_volumes(ApiRequest& r, bool detail) {
  const bool all = all_tenants(r);
  const std::optional<std::string> name = r.http.query_value("name");
  const std::optional<std::string> status = r.http.query_value("status");
  const std::optional<std::string> project = r.http.query_value("project_id");
  std::vector<volume::Volume> matching;
  for (volume::Volume& v : cinder_.list_volumes(r.context, all)) {
    if (name && v.name != *name) continue;
    if (status && to_string(v.status) != *status) continue;
    if (project && v.project_id != *project) continue;
    matching.push_back(std::move(v));
  }
  const Page<volume::Volume> page =
      paginate(std::move(matching), page_request(r, max_page, max_page),
               [](const volume::Volume& v) { return v.id; });
  const VolumeViewer who = viewer(r);
  json items = json::array();
  for (const volume::Volume& v : page.items)
    items.push_back(views_.volume(v, who, detail));
  json out = {{"volumes", std::move(items)}};
  if (page.more) {
    out["volumes_links"] = json::array(
        {{{"rel", "next"},
          {"href", app_.config().public_url + catalog_path + "/volumes" +
                       (detail ? "/detail" : "") + "?limit=" + std::to_string(page.items.size()) +
                       "&marker=" + page.items.back().id}}});
  }
  return json_response(200, out);
}

HttpResponse VolumeApi::volume_action(ApiRequest& r) {
  const json doc = parse_json_body(r.http);
  if (!doc.is_object() || doc.size() != 1)
    throw invalid_field("", "exactly one action is expected");
  const std::string action = doc.begin().key();
  const JsonView body(doc, "");
  const std::string& id = r.param("volume_id");
  if (action == "os-extend") {
    const JsonView extend = body.object("os-extend");
    extend.reject_unknown({"new_size"});
    cinder_.extend_volume(r.context, id, extend.integer("new_size"));
  } else if (action == "os-reset_status") {
    const JsonView reset = body.object("os-reset_status");
    reset.reject_unknown({"status", "attach_status", "migration_status"});
    reject_unmodelled(reset, {"migration_status"});
    std::optional<volume::VolumeStatus> status;
    std::optional<volume::AttachStatus> attach_status;
    if (reset.has("status")) {
      status = volume::parse_volume_status(reset.choice(
          "status", {"creating", "downloading", "available", "attaching", "in-use", "detaching",
                     "extending", "deleting", "error", "error_deleting", "error_extending"}));
    }
    if (reset.has("attach_status")) {
      attach_status =
          volume::parse_attach_status(reset.choice("attach_status", {"attached", "detached"}));
    }
    if (!status && !attach_status) {
      throw invalid_field("os-reset_status",
                          "Must specify 'status', 'attach_status' or "
                          "'migration_status' for update.");
    }
    (void)cinder_.reset_status(r.context, id, status, attach_status);
  } else {
    throw runtime::ServiceError("BadRequest", 400, "There is no such action: " + action);
  }
  return HttpResponse::empty(202);
}

void VolumeApi::add_volume_routes(RouteBuilder& v3) {
  // Literal paths before their {volume_id} siblings.
  v3.get("/volumes/detail",
         volume_versioned([this](ApiRequest& r) { return list_volumes(r, true); }));
  v3.get("/volumes", volume_versioned([this](ApiRequest& r) { return list_volumes(r, false); }));
  v3.post("/volumes", volume_versioned([this](ApiRequest& r) { return create_volume(r); }));
  v3.get("/volumes/{volume_id}", volume_versioned([this](ApiRequest& r) {
           return json_response(200, volume_body(r, r.param("volume_id")));
         }));
  v3.put("/volumes/{volume_id}", volume_versioned([this](ApiRequest& r) {
           const json doc = parse_json_body(r.http);
           const JsonView v = JsonView(doc, "").object("volume");
           v.reject_unknown(
               {"name", "description", "display_name", "display_description", "metadata"});
           reject_unmodelled(v, {"metadata"});
           const std::optional<std::string> name =
               v.has("name") ? v.optional_string("name") : v.optional_string("display_name");
           const std::optional<std::string> description =
               v.has("description") ? v.optional_string("description")
                                    : v.optional_string("display_description");
           if (!name && !description && !v.has("metadata")) {
             throw invalid_field("volume", "Missing 'name', 'description' or 'metadata'");
           }
           const volume::Volume updated =
               cinder_.update_volume(r.context, r.param("volume_id"), name, description);
           return json_response(200, {{"volume", views_.volume(updated, viewer(r), true)}});
         }));
  v3.del("/volumes/{volume_id}", volume_versioned([this](ApiRequest& r) {
           cinder_.delete_volume(r.context, r.param("volume_id"));
           return HttpResponse::empty(202);
         }));
  v3.post("/volumes/{volume_id}/action",
          volume_versioned([this](ApiRequest& r) { return volume_action(r); }));
}

}  // namespace stacksim::api
