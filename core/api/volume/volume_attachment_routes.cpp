// VolumeApi: the attachments API of microversion 3.27+ (cinder/api/v3/attachments.py), what Nova
// drives around the hypervisor's attach: create (reserve, and connect when a connector is given),
// update with a connector (export the volume to the connector's host), os-complete (3.44) and
// delete (unexport, or drop a reservation). Connecting and deleting wait on the storage backend,
// so those handlers are coroutines.

#include "core/api/json_view.hpp"
#include "core/api/responses.hpp"
#include "core/api/volume/volume_api.hpp"
#include "core/api/volume/volume_microversion.hpp"
#include "core/volume/volume_error.hpp"

namespace stacksim::api {
namespace {

using nlohmann::json;

constexpr int attachments_minor = 27;
constexpr int complete_minor = 44;

/// The host of a connector (os-brick's connector properties); the rest describes the initiator,
/// which the simulated and live storage drivers do not need.
std::string connector_host(const JsonView& attachment) {
  return attachment.object("connector").string("host");
}

}  // namespace

volume::VolumeAttachment VolumeApi::visible_attachment(const ApiRequest& r, const std::string& id) {
  for (const volume::Volume& v : cinder_.list_volumes(r.context, viewer(r).admin)) {
    for (const volume::VolumeAttachment& a : v.attachments) {
      if (a.id == id) return a;
    }
  }
  throw volume::attachment_not_found("{'id': '" + id + "'}");
}

runtime::Task<HttpResponse> VolumeApi::create_attachment(ApiRequest r) {
  const json doc = parse_json_body(r.http);
  const JsonView a = JsonView(doc, "").object("attachment");
  a.reject_unknown({"volume_uuid", "instance_uuid", "connector", "mode"});
  if (a.has("mode")) (void)a.choice("mode", {"rw"});  // the drivers export read-write only
  std::optional<std::string> host;
  if (a.has("connector") && !a.is_null("connector")) host = connector_host(a);
  const volume::VolumeAttachment reserved =
      cinder_.reserve_volume(r.context, a.string("volume_uuid"), a.string("instance_uuid"));
  if (host) {
    const identity::RequestContext ctx = r.context;
    const std::string id = reserved.id;
    const std::string target_host = *host;
    const runtime::VolumeConnection connection = co_await cinder_.attach(ctx, id, target_host);
    (void)connection;
  }
  co_return json_response(
      200, {{"attachment", views_.attachment(visible_attachment(r, reserved.id), true)}});
}

runtime::Task<HttpResponse> VolumeApi::connect_attachment(ApiRequest r) {
  const json doc = parse_json_body(r.http);
  const JsonView a = JsonView(doc, "").object("attachment");
  a.reject_unknown({"connector"});
  const std::string host = connector_host(a);
  const identity::RequestContext ctx = r.context;
  const std::string id = visible_attachment(r, r.param("attachment_id")).id;
  const runtime::VolumeConnection connection = co_await cinder_.attach(ctx, id, host);
  (void)connection;
  co_return json_response(200,
                          {{"attachment", views_.attachment(visible_attachment(r, id), true)}});
}

runtime::Task<HttpResponse> VolumeApi::delete_attachment(ApiRequest r) {
  const volume::VolumeAttachment a = visible_attachment(r, r.param("attachment_id"));
  const identity::RequestContext ctx = r.context;
  const std::string id = a.id;
  if (a.attach_status == volume::AttachStatus::attaching) {
    cinder_.unreserve_volume(ctx, id);
  } else {
    cinder_.begin_detaching(ctx, id);
    co_await cinder_.detach(ctx, id);
  }
  // Cinder answers with the volume's remaining attachments.
  json remaining = json::array();
  const volume::Volume after = cinder_.get_volume(ctx, a.volume_id);
  for (const volume::VolumeAttachment& other : after.attachments)
    remaining.push_back(views_.attachment(other, false));
  co_return json_response(200, {{"attachments", std::move(remaining)}});
}

void VolumeApi::add_attachment_routes(RouteBuilder& v3) {
  auto list = [this](bool detail) {
    return volume_versioned(
        SyncHandler([this, detail](ApiRequest& r) {
          const std::optional<std::string> volume_id = r.http.query_value("volume_id");
          const std::optional<std::string> instance = r.http.query_value("instance_id");
          const std::optional<std::string> status = r.http.query_value("status");
          json items = json::array();
          for (const volume::Volume& v : cinder_.list_volumes(r.context, all_tenants(r))) {
            for (const volume::VolumeAttachment& a : v.attachments) {
              if (volume_id && a.volume_id != *volume_id) continue;
              if (instance && a.server_id != *instance) continue;
              if (status && VolumeViews::attachment_status(a) != *status) continue;
              items.push_back(views_.attachment(a, detail));
            }
          }
          return json_response(200, {{"attachments", std::move(items)}});
        }),
        attachments_minor);
  };
  v3.get("/attachments/detail", list(true));
  v3.get("/attachments", list(false));
  v3.add("POST", "/attachments",
         volume_versioned(
             AsyncHandler([this](ApiRequest r) { return create_attachment(std::move(r)); }),
             attachments_minor));
  v3.get("/attachments/{attachment_id}",
         volume_versioned(
             SyncHandler([this](ApiRequest& r) {
               return json_response(
                   200,
                   {{"attachment",
                     views_.attachment(visible_attachment(r, r.param("attachment_id")), true)}});
             }),
             attachments_minor));
  v3.add("PUT", "/attachments/{attachment_id}",
         volume_versioned(
             AsyncHandler([this](ApiRequest r) { return connect_attachment(std::move(r)); }),
             attachments_minor));
  v3.add("DELETE", "/attachments/{attachment_id}",
         volume_versioned(
             AsyncHandler([this](ApiRequest r) { return delete_attachment(std::move(r)); }),
             attachments_minor));
  v3.post("/attachments/{attachment_id}/action",
          volume_versioned(SyncHandler([this](ApiRequest& r) {
                             const json doc = parse_json_body(r.http);
                             const JsonView body(doc, "");
                             body.reject_unknown({"os-complete"});
                             const volume::VolumeAttachment a =
                                 visible_attachment(r, r.param("attachment_id"));
                             // Connecting completes the attachment here (the export and the
                             // status change are one step), so only a connected one completes.
                             if (a.attach_status != volume::AttachStatus::attached) {
                               throw volume::invalid_volume(
                                   "Attachment " + a.id +
                                   " is not connected: update it with a connector first.");
                             }
                             return HttpResponse::empty(204);
                           }),
                           complete_minor));
}

}  // namespace stacksim::api
