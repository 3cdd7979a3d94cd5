#pragma once
// Errors of the object service as Swift's proxy words them: the status with swob's explanation
// (RESPONSE_REASONS), or a message of the request's own when Swift gives one (a name too long).

#include <string>

#include "core/runtime/service_error.hpp"

namespace stacksim::objectstore {

/// swob's explanation for a status: "The resource could not be found." for 404.
[[nodiscard]] std::string swift_explanation(int status);

/// A ServiceError with swob's title as its type and its explanation as its message.
[[nodiscard]] runtime::ServiceError swift_error(int status);
/// A ServiceError with Swift's own message for this request.
[[nodiscard]] runtime::ServiceError swift_error(int status, const std::string& message);

}  // namespace stacksim::objectstore
