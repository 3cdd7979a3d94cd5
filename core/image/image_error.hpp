#pragma once
// Glance's error classes (glance.common.exception and the v2 API's responses) with HTTP statuses
// and message texts.

#include <string>

#include "core/runtime/service_error.hpp"

namespace stacksim::image {

using runtime::ServiceError;

inline ServiceError image_not_found(const std::string& id) {
  return {"ImageNotFound", 404, "No image found with ID " + id};
}
inline ServiceError invalid_status_transition(const std::string& from, const std::string& to) {
  return {"InvalidImageStatusTransition", 409,
          "Image status transition from " + from + " to " + to + " is not allowed"};
}
inline ServiceError forbidden(const std::string& message) {
  return {"Forbidden", 403, message};
}
inline ServiceError bad_request(const std::string& message) {
  return {"BadRequest", 400, message};
}
inline ServiceError conflict(const std::string& message) {
  return {"Conflict", 409, message};
}

}  // namespace stacksim::image
