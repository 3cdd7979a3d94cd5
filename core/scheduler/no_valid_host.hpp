#pragma once
// Nova's NoValidHost: "No valid host was found. %(reason)s".

#include <string>

namespace stacksim::scheduler {

struct NoValidHost {
  std::string reason;
  [[nodiscard]] std::string message() const { return "No valid host was found. " + reason; }
};

}  // namespace stacksim::scheduler
