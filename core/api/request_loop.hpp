#pragma once
// The control loop as the HTTP worker threads see it: a place to hand work to. Services are only
// ever touched from the loop's own thread, so concurrent requests never race on them.

#include <functional>

namespace stacksim::api {

class RequestLoop {
 public:
  RequestLoop() = default;
  RequestLoop(const RequestLoop&) = delete;
  RequestLoop& operator=(const RequestLoop&) = delete;
  virtual ~RequestLoop() = default;

  /// Thread-safe: runs `work` on the loop thread, in submission order.
  virtual void submit(std::function<void()> work) = 0;
};

}  // namespace stacksim::api
