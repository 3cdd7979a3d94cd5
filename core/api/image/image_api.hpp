#pragma once
// Glance's Image API v2 over image::ImageService, mounted at <public_url>/image: version discovery,
// images (create, list with filters and pagination, show, JSON-patch update, delete), data upload
// (PUT .../file, a transfer through the backend's StorageDriver), deactivate/reactivate, tags,
// members and the schemas glanceclient asks for. Errors are webob's plain text, as Glance's.

#include <string>

#include <nlohmann/json.hpp>

#include "core/api/api_application.hpp"
#include "core/image/image_service.hpp"

namespace stacksim::api {

class ImageApi {
 public:
  /// `upload_source`: the StorageDriver endpoint uploads come from (the API's host).
  ImageApi(ApiApplication& app, image::ImageService& images, std::string upload_source);

  void add_routes(RouteTable& routes);

  static constexpr const char* prefix = "/image";

 private:
  [[nodiscard]] nlohmann::json view(const image::Image& img) const;
  [[nodiscard]] nlohmann::json member_view(const image::ImageMember& m,
                                           const image::Image& img) const;
  HttpResponse create(ApiRequest& r);
  HttpResponse list(ApiRequest& r);
  HttpResponse update(ApiRequest& r);
  runtime::Task<HttpResponse> upload(ApiRequest r);
  void add_member_routes(RouteBuilder& v2);

  ApiApplication& app_;
  image::ImageService& images_;
  std::string upload_source_;
};

/// The JSON schemas of /v2/schemas/{image,images,member,members}.
nlohmann::json glance_image_schema();
nlohmann::json glance_images_schema();
nlohmann::json glance_member_schema();
nlohmann::json glance_members_schema();

}  // namespace stacksim::api
