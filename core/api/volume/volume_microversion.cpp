#include "core/api/volume/volume_microversion.hpp"

#include <charconv>
#include <string>

#include "core/runtime/service_error.hpp"

namespace stacksim::api {
namespace {

/// The request's minor version, if the route exists in it.
int checked_minor(const ApiRequest& r, int min_minor) {
  const int minor = volume_microversion_minor(r);
  if (minor < min_minor) {
    throw runtime::ServiceError("NotFound", 404, "The resource could not be found.");
  }
  return minor;
}

runtime::Task<HttpResponse> run_versioned(AsyncHandler handler, ApiRequest request, int min_minor) {
  const int minor = checked_minor(request, min_minor);
  HttpResponse response = co_await handler(std::move(request));
  add_volume_version_headers(response, minor);
  co_return response;
}

}  // namespace

int volume_microversion_minor(const ApiRequest& r) {
  const std::optional<std::string> header = r.http.headers.get("OpenStack-API-Version");
  // Another service's microversion (the header names its service) leaves Cinder at its minimum.
  if (!header || !header->starts_with("volume ")) return 0;
  const std::string v = header->substr(7);
  if (v == "latest") return volume_max_minor;
  int major = 0;
  int minor = 0;
  const auto dot = v.find('.');
  const bool ok = dot != std::string::npos &&
                  std::from_chars(v.data(), v.data() + dot, major).ec == std::errc() &&
                  std::from_chars(v.data() + dot + 1, v.data() + v.size(), minor).ec == std::errc();
  if (!ok) {
    throw runtime::ServiceError(
        "InvalidAPIVersionString", 400,
        "API Version String " + v + " is of invalid format. Must be of format MajorNum.MinorNum.");
  }
  if (major != 3 || minor < 0 || minor > volume_max_minor) {
    throw runtime::ServiceError("InvalidGlobalAPIVersion", 406,
                                "Version " + v +
                                    " is not supported by the API. Minimum is 3.0 and maximum "
                                    "is 3." +
                                    std::to_string(volume_max_minor) + ".");
  }
  return minor;
}

void add_volume_version_headers(HttpResponse& response, int minor) {
  response.headers.set("OpenStack-API-Version", "volume 3." + std::to_string(minor));
  response.headers.set("Vary", "OpenStack-API-Version");
}

SyncHandler volume_versioned(SyncHandler handler, int min_minor) {
  return [handler = std::move(handler), min_minor](ApiRequest& r) {
    const int minor = checked_minor(r, min_minor);
    HttpResponse response = handler(r);
    add_volume_version_headers(response, minor);
    return response;
  };
}

AsyncHandler volume_versioned(AsyncHandler handler, int min_minor) {
  return [handler = std::move(handler), min_minor](ApiRequest r) {
    return run_versioned(handler, std::move(r), min_minor);
  };
}

}  // namespace stacksim::api
