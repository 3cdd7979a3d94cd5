#pragma once
// The error a control-plane service gives its caller, shaped like an OpenStack API fault: the
// service's exception class name (type, e.g. "FlavorNotFound"), the HTTP status the REST API maps
// it to, and OpenStack's message text. Callers catch ServiceError and compare type().

#include <stdexcept>
#include <string>

namespace stacksim::runtime {

class ServiceError : public std::runtime_error {
 public:
  ServiceError(std::string type, int http_status, const std::string& message)
      : std::runtime_error(message), type_(std::move(type)), http_status_(http_status) {}

  [[nodiscard]] const std::string& type() const noexcept { return type_; }
  [[nodiscard]] int http_status() const noexcept { return http_status_; }

 private:
  std::string type_;
  int http_status_;
};

}  // namespace stacksim::runtime
