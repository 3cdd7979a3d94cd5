#pragma once
// Settings of the REST API layer.

#include <cstddef>
#include <cstdint>
#include <string>

namespace stacksim::api {

struct ApiConfig {
  /// Where clients reach the server: the base of every link and catalog endpoint.
  std::string public_url = "http://127.0.0.1:5000";
  /// Largest JSON request body (oslo.middleware's [oslo_middleware] max_request_body_size).
  std::size_t max_body_bytes = 114688;
  /// Largest data upload (an image file, an object).
  std::size_t max_upload_bytes = std::size_t{64} << 20;
  /// Wall-clock date (Unix seconds) of the control plane's time zero, for timestamps.
  std::int64_t epoch_unix_s = 0;
  /// Seeds the request ids (req-<uuid>), so logs of identical runs line up.
  std::uint64_t request_id_seed = 7;
  /// The region catalog endpoints are registered in.
  std::string region = "RegionOne";
};

}  // namespace stacksim::api
