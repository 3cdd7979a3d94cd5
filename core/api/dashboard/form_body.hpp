#pragma once
// The body of an HTML form post (application/x-www-form-urlencoded) and the Cookie request header,
// the two inputs of the dashboard's login and session that the JSON APIs never see.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/api/http_message.hpp"

namespace stacksim::api {

/// name=value pairs in order, '+' and %XX decoded. A malformed escape is a ServiceError (400).
std::vector<std::pair<std::string, std::string>> parse_form(std::string_view body);

/// The first value of `name` in a parsed form (empty when absent).
std::string form_value(const std::vector<std::pair<std::string, std::string>>& form,
                       std::string_view name);

/// The value of cookie `name` in the request's Cookie headers (RFC 6265: "a=1; b=2").
std::optional<std::string> cookie_value(const HttpHeaders& headers, std::string_view name);

}  // namespace stacksim::api
