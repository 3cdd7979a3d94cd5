#pragma once
// Keystone's error classes (keystone.exception) with their HTTP statuses and message texts.

#include <string>

#include "core/runtime/service_error.hpp"

namespace stacksim::identity {

using runtime::ServiceError;

/// 401: missing, wrong or expired credentials.
inline ServiceError unauthorized(
    const std::string& message = "The request you have made requires authentication.") {
  return {"Unauthorized", 401, message};
}

/// 403: authenticated but not allowed.
inline ServiceError forbidden(
    const std::string& message = "You are not authorized to perform the requested action.") {
  return {"Forbidden", 403, message};
}

/// 404 with Keystone's "Could not find <kind>: <id>." (DomainNotFound, ProjectNotFound, ...).
inline ServiceError not_found(const std::string& type, const std::string& kind,
                              const std::string& id) {
  return {type, 404, "Could not find " + kind + ": " + id + "."};
}

/// 409: "Conflict occurred attempting to store <kind> - <details>."
inline ServiceError conflict(const std::string& kind, const std::string& details) {
  return {"Conflict", 409, "Conflict occurred attempting to store " + kind + " - " + details + "."};
}

/// 400: "Expecting to find <attribute> in <target>. ..."; or a free-form validation message.
inline ServiceError validation_error(const std::string& message) {
  return {"ValidationError", 400, message};
}
inline ServiceError missing_attribute(const std::string& attribute, const std::string& target) {
  return validation_error(
      "Expecting to find " + attribute + " in " + target +
      ". The server could not comply with the request since it is either "
      "malformed or otherwise incorrect. The client is assumed to be in error.");
}

}  // namespace stacksim::identity
