#pragma once
// Swift's Object Storage API v1 over objectstore::ObjectService, mounted at <public_url>/v1 (the
// catalog's object-store endpoint is /v1/AUTH_%(project_id)s) plus GET /info: accounts (GET, HEAD,
// POST), containers (PUT, GET, HEAD, POST, DELETE), objects (PUT, GET with Range, HEAD, POST,
// DELETE, COPY and PUT with X-Copy-From), with Swift's status codes, headers and html error bodies.
// Access as keystoneauth grants it here: a project's token reaches AUTH_<its project id>, a token
// with the admin role reaches every account, anything else is 403. Object GET and HEAD carry
// X-Stacksim-Object-Partition and X-Stacksim-Object-Devices: where the PUT placed the object
// (partition, device ids written), so tests can compare placements with Swift's own Ring.

#include <string>

#include "core/api/api_application.hpp"
#include "core/objectstore/object_service.hpp"

namespace stacksim::api {

class ObjectApi {
 public:
  ObjectApi(ApiApplication& app, objectstore::ObjectService& objects);

  void add_routes(RouteTable& routes);

  static constexpr const char* prefix = "/v1";

 private:
  /// The request's account, container and object; 403 when the caller may not reach the account.
  [[nodiscard]] objectstore::ObjectPath authorize(const ApiRequest& r) const;

  HttpResponse account_get(ApiRequest& r, bool head);
  HttpResponse account_post(ApiRequest& r);
  HttpResponse container_put(ApiRequest& r);
  HttpResponse container_get(ApiRequest& r, bool head);
  HttpResponse container_post(ApiRequest& r);
  HttpResponse container_delete(ApiRequest& r);
  runtime::Task<HttpResponse> object_put(ApiRequest r);
  runtime::Task<HttpResponse> object_get(ApiRequest r);
  runtime::Task<HttpResponse> object_copy(ApiRequest r);
  HttpResponse object_head(ApiRequest& r);
  HttpResponse object_post(ApiRequest& r);
  HttpResponse object_delete(ApiRequest& r);

  [[nodiscard]] HttpResponse object_response(int status, const objectstore::ObjectInfo& info) const;
  [[nodiscard]] HttpResponse copied(const objectstore::ObjectInfo& written,
                                    const objectstore::ObjectInfo& source) const;

  ApiApplication& app_;
  objectstore::ObjectService& objects_;
};

}  // namespace stacksim::api
