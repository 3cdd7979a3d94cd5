#pragma once
// OVSDB failures as runtime::ServiceErrors: "OvsdbUnavailable" (503) when the server cannot be
// reached or the connection broke, "OvsdbTransactionFailed" (409) when the database refused a
// transaction, "OvsdbError" (500) for anything else.

#include <string>

#include "core/runtime/service_error.hpp"

namespace stacksim::live {

class OvsdbError : public runtime::ServiceError {
 public:
  using runtime::ServiceError::ServiceError;

  static OvsdbError unavailable(const std::string& endpoint, const std::string& why) {
    return {"OvsdbUnavailable", 503, "OVSDB server " + endpoint + " is unavailable: " + why};
  }
  static OvsdbError transaction_failed(const std::string& what) {
    return {"OvsdbTransactionFailed", 409, what};
  }

  [[nodiscard]] bool connection_lost() const { return type() == "OvsdbUnavailable"; }
};

}  // namespace stacksim::live
