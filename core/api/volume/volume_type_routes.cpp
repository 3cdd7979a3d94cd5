// VolumeApi: volume types and their extra specs (admin-managed; public types readable by all).

#include <array>

#include "core/api/json_view.hpp"
#include "core/api/responses.hpp"
#include "core/api/volume/volume_api.hpp"
#include "core/api/volume/volume_microversion.hpp"

namespace stacksim::api {

using nlohmann::json;

void VolumeApi::add_type_routes(RouteBuilder& v3) {
  // Extra specs name backends and capabilities: Cinder shows them to admins.
  static const std::array<identity::PolicyDefault, 1> defaults = {{
      {"volume_extension:types_extra_specs:index", "rule:admin_required",
       "List a volume type's extra specs."},
  }};
  app_.identity().policy().register_defaults(defaults);
  auto is_admin = [this](const ApiRequest& r) {
    return app_.identity().policy().is_admin(r.context);
  };
  auto specs_of = [this](ApiRequest& r) {
    app_.identity().policy().enforce("volume_extension:types_extra_specs:index", r.context);
    return cinder_.get_volume_type(r.context, r.param("type_id")).extra_specs;
  };

  v3.get("/types", volume_versioned([this, is_admin](ApiRequest& r) {
           json items = json::array();
           for (const volume::VolumeType& t : cinder_.list_volume_types(r.context))
             items.push_back(views_.volume_type(t, is_admin(r)));
           return json_response(200, {{"volume_types", std::move(items)}});
         }));
  v3.post(
      "/types", volume_versioned([this](ApiRequest& r) {
        const json doc = parse_json_body(r.http);
        const JsonView t = JsonView(doc, "").object("volume_type");
        t.reject_unknown({"name", "description", "os-volume-type-access:is_public", "extra_specs"});
        volume::VolumeTypeCreate c;
        c.name = t.string("name");
        c.description = t.optional_string("description").value_or("");
        c.is_public = t.optional_boolean("os-volume-type-access:is_public").value_or(true);
        if (t.has("extra_specs")) {
          for (auto& [k, v] : t.string_map("extra_specs"))
            c.extra_specs[k] = v;
        }
        return json_response(
            200,
            {{"volume_type", views_.volume_type(cinder_.create_volume_type(r.context, c), true)}});
      }));
  v3.get("/types/{type_id}", volume_versioned([this, is_admin](ApiRequest& r) {
           return json_response(
               200, {{"volume_type",
                      views_.volume_type(cinder_.get_volume_type(r.context, r.param("type_id")),
                                         is_admin(r))}});
         }));
  v3.del("/types/{type_id}", volume_versioned([this](ApiRequest& r) {
           cinder_.delete_volume_type(r.context, r.param("type_id"));
           return HttpResponse::empty(202);
         }));

  v3.get("/types/{type_id}/extra_specs", volume_versioned([specs_of](ApiRequest& r) {
           return json_response(200, {{"extra_specs", specs_of(r)}});
         }));
  v3.post("/types/{type_id}/extra_specs", volume_versioned([this](ApiRequest& r) {
            const json doc = parse_json_body(r.http);
            std::map<std::string, std::string> specs;
            for (auto& [k, v] : JsonView(doc, "").string_map("extra_specs"))
              specs[k] = v;
            (void)cinder_.set_extra_specs(r.context, r.param("type_id"), specs);
            return json_response(200, {{"extra_specs", specs}});
          }));
  v3.get("/types/{type_id}/extra_specs/{key}", volume_versioned([specs_of](ApiRequest& r) {
           const std::map<std::string, std::string> specs = specs_of(r);
           const auto it = specs.find(r.param("key"));
           if (it == specs.end()) {
             throw runtime::ServiceError("VolumeTypeExtraSpecsNotFound", 404,
                                         "Volume Type " + r.param("type_id") +
                                             " has no extra specs with key " + r.param("key") +
                                             ".");
           }
           return json_response(200, {{it->first, it->second}});
         }));
  v3.put("/types/{type_id}/extra_specs/{key}", volume_versioned([this](ApiRequest& r) {
           const json doc = parse_json_body(r.http);
           const JsonView body(doc, "");
           const std::string& key = r.param("key");
           if (doc.size() != 1 || !body.has(key)) {
             throw runtime::ServiceError("BadRequest", 400, "Request body and URI mismatch");
           }
           const std::string value = body.string(key);
           (void)cinder_.set_extra_specs(r.context, r.param("type_id"), {{key, value}});
           return json_response(200, {{key, value}});
         }));
  v3.del("/types/{type_id}/extra_specs/{key}", volume_versioned([this](ApiRequest& r) {
           (void)cinder_.unset_extra_spec(r.context, r.param("type_id"), r.param("key"));
           return HttpResponse::empty(202);
         }));
}

}  // namespace stacksim::api
