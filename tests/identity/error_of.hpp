#pragma once
// error_of(f): runs f, which must throw a runtime::ServiceError, and returns that error so a test
// can check its OpenStack type, HTTP status and message.

#include <catch2/catch.hpp>

#include "core/runtime/service_error.hpp"

namespace stacksim::testing {

template <class F>
runtime::ServiceError error_of(F&& f) {
  try {
    f();
  } catch (const runtime::ServiceError& e) {
    return e;
  }
  FAIL("expected a ServiceError");
  return {"", 0, ""};
}

}  // namespace stacksim::testing
