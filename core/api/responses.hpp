#pragma once
// Building responses.

#include <string>

#include <nlohmann/json.hpp>

#include "core/api/http_message.hpp"

namespace stacksim::api {

inline HttpResponse json_response(int status, const nlohmann::json& body) {
  HttpResponse r;
  r.status = status;
  r.body = body.dump();
  return r;
}

inline HttpResponse no_content() {
  return HttpResponse::empty(204);
}

/// A JSON string value, or null when empty (OpenStack shows unset attributes as null).
inline nlohmann::json string_or_null(const std::string& value) {
  return value.empty() ? nlohmann::json(nullptr) : nlohmann::json(value);
}

}  // namespace stacksim::api
