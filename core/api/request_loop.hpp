#pragma once
// The control loop: the HTTP worker threads hand it work, the thread that calls run() does the
// work. Services are only ever touched from the loop's own thread, so concurrent requests never
// race on them. PacedLoop drives a simulated clock paced to wall time, WallClockLoop a live cloud's
// wall-clock executor.

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
  /// Runs on the calling thread until stop(); rethrows what the work or the clock's events throw.
  virtual void run() = 0;
  /// Thread-safe: run() returns after the work in progress.
  virtual void stop() = 0;
};

}  // namespace stacksim::api
