#include "core/api/compute/server_volume_routes.hpp"

#include <algorithm>

#include "core/api/compute/compute_api_routes.hpp"
#include "core/api/json_view.hpp"
#include "core/api/responses.hpp"

namespace stacksim::api {

using nlohmann::json;

json ServerVolumeRoutes::view(const volume::VolumeAttachment& a, int minor) {
  // The device is known once the volume is exported to the server's host.
  json j = {
      {"serverId", a.server_id}, {"volumeId", a.volume_id}, {"device", string_or_null(a.device)}};
  if (minor < 89) j["id"] = a.volume_id;
  if (minor >= 70) j["tag"] = nullptr;
  if (minor >= 79) j["delete_on_termination"] = false;
  if (minor >= 89) {
    j["attachment_id"] = a.id;
    j["bdm_uuid"] = nullptr;
  }
  return j;
}

void ServerVolumeRoutes::add_routes(RouteTable& routes) {
  RouteBuilder v21(routes, std::string(ComputeApiRoutes::prefix) + "/v2.1", ErrorStyle::nova);
  const std::string collection = "/servers/{server_id}/os-volume_attachments";
  v21.get(collection, versioned([this](ApiRequest& r) {
            const int minor = compute_microversion_minor(r);
            json items = json::array();
            for (const volume::VolumeAttachment& a :
                 server_volumes_.list_attachments(r.context, r.param("server_id")))
              items.push_back(view(a, minor));
            return json_response(200, {{"volumeAttachments", std::move(items)}});
          }));
  v21.post(collection, versioned([this](ApiRequest& r) {
             const int minor = compute_microversion_minor(r);
             const json doc = parse_json_body(r.http);
             const JsonView a = JsonView(doc, "").object("volumeAttachment");
             a.reject_unknown({"volumeId", "device", "tag", "delete_on_termination"});
             // The hypervisor names the device; a requested name is ignored, as libvirt's driver
             // does. Tags and delete_on_termination are not modelled for attached volumes.
             if (a.has("tag") && !a.is_null("tag")) {
               throw a.error("tag", "is not supported by stacksim's compute");
             }
             if (a.optional_boolean("delete_on_termination").value_or(false)) {
               throw a.error("delete_on_termination", "is not supported by stacksim's compute");
             }
             (void)a.optional_string("device");
             const volume::VolumeAttachment attached = server_volumes_.attach_volume(
                 r.context, r.param("server_id"), a.string("volumeId"));
             return json_response(200, {{"volumeAttachment", view(attached, minor)}});
           }));
  v21.get(collection + "/{volume_id}", versioned([this](ApiRequest& r) {
            const int minor = compute_microversion_minor(r);
            const std::vector<volume::VolumeAttachment> all =
                server_volumes_.list_attachments(r.context, r.param("server_id"));
            const auto it = std::find_if(all.begin(), all.end(), [&](const auto& a) {
              return a.volume_id == r.param("volume_id");
            });
            if (it == all.end()) {
              throw runtime::ServiceError(
                  "VolumeBDMNotFound", 404,
                  "No volume Block Device Mapping with id " + r.param("volume_id") + ".");
            }
            return json_response(200, {{"volumeAttachment", view(*it, minor)}});
          }));
  v21.del(collection + "/{volume_id}", versioned([this](ApiRequest& r) {
            server_volumes_.detach_volume(r.context, r.param("server_id"), r.param("volume_id"));
            return HttpResponse::empty(202);
          }));
}

}  // namespace stacksim::api
