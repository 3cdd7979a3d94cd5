#pragma once
// How each OpenStack service words an error response. The same failure (a ServiceError with a type,
// an HTTP status and a message) is rendered as Keystone's {"error": {...}}, Nova's and Cinder's
// {"itemNotFound": {...}}, Neutron's {"NeutronError": {...}}, Glance's and Swift's plain text, or
// Heat's {"explanation", "error": {...}}, because the clients parse exactly these shapes.

#include <string>

#include "core/api/http_message.hpp"

namespace stacksim::api {

enum class ErrorStyle { keystone, nova, glance, neutron, cinder, swift, heat };

/// The error response of `style` for `status` with OpenStack's exception class `type` and message.
HttpResponse error_response(ErrorStyle style, int status, const std::string& type,
                            const std::string& message);

/// Nova's and Cinder's fault name for a status: badRequest, itemNotFound, conflictingRequest, ...
std::string nova_fault_name(int status);

}  // namespace stacksim::api
