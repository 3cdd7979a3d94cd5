#pragma once
// Cinder's Block Storage API v3 over volume::VolumeService, mounted at <public_url>/volume (the
// catalog's "block-storage" and "volumev3" endpoints are <public_url>/volume/v3, without the
// project id, as Cinder serves it since microversion 3.67): version discovery, volumes (create,
// list, detail, show, update, delete, os-extend, os-reset_status), volume types with extra specs,
// the 3.27+ attachments API, snapshots, limits and quota sets. Bodies, status codes and errors
// ({"badRequest": {"code", "message"}}, itemNotFound, overLimit, ...) are Cinder's; responses
// carry "OpenStack-API-Version: volume 3.x" (volume_microversion.hpp).
//
// Authorization is VolumeService's: another project's volume is "not found" to a member, an
// admin-only call (types, reset_status, another project's quotas) a 403.

#include <string>

#include <nlohmann/json.hpp>

#include "core/api/api_application.hpp"
#include "core/api/volume/volume_views.hpp"
#include "core/volume/volume_service.hpp"

namespace stacksim::api {

class VolumeApi {
 public:
  VolumeApi(ApiApplication& app, volume::VolumeService& cinder);

  void add_routes(RouteTable& routes);

  static constexpr const char* prefix = "/volume";
  /// Where the catalog points (<public_url> + catalog_path).
  static constexpr const char* catalog_path = "/volume/v3";

 private:
  void add_volume_routes(RouteBuilder& v3);
  void add_type_routes(RouteBuilder& v3);
  void add_attachment_routes(RouteBuilder& v3);
  void add_snapshot_routes(RouteBuilder& v3);
  void add_quota_routes(RouteBuilder& v3);

  HttpResponse create_volume(ApiRequest& r);
  HttpResponse list_volumes(ApiRequest& r, bool detail);
  HttpResponse volume_action(ApiRequest& r);
  runtime::Task<HttpResponse> create_attachment(ApiRequest r);
  runtime::Task<HttpResponse> connect_attachment(ApiRequest r);
  runtime::Task<HttpResponse> delete_attachment(ApiRequest r);

  /// The attachment `id` among the volumes the caller sees; VolumeAttachmentNotFound otherwise.
  [[nodiscard]] volume::VolumeAttachment visible_attachment(const ApiRequest& r,
                                                            const std::string& id);
  /// ?all_tenants=1|true|True (honoured for admins only, by VolumeService).
  [[nodiscard]] static bool all_tenants(const ApiRequest& r);
  [[nodiscard]] VolumeViewer viewer(const ApiRequest& r) const;
  [[nodiscard]] nlohmann::json volume_body(const ApiRequest& r, const std::string& id);

  ApiApplication& app_;
  volume::VolumeService& cinder_;
  VolumeViews views_;
};

}  // namespace stacksim::api
