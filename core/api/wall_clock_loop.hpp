#pragma once
// The control loop of a live cloud: the wall-clock executor (runtime::WallExecutor) that already
// runs the backend's timers and the completions of its blocking calls also runs the work the HTTP
// threads submit, all on the thread that calls run(). It is PacedLoop's counterpart for a cloud
// whose clock is the wall clock: there is no simulated time to pace, only one thread to keep the
// services on.

#include <atomic>
#include <functional>

#include "core/api/request_loop.hpp"
#include "core/runtime/wall_executor.hpp"

namespace stacksim::api {

class WallClockLoop final : public RequestLoop {
 public:
  explicit WallClockLoop(runtime::WallExecutor& executor) : executor_(executor) {}

  /// Thread-safe (WallExecutor::post).
  void submit(std::function<void()> work) override;

  /// Runs the executor until stop(), idle or not; rethrows what a detached task failed with.
  void run() override;
  void stop() override;

 private:
  /// Keeps the executor from running out of work (WallExecutor::run returns when idle) and makes
  /// a stop() that raced with run()'s start take effect within a beat.
  void beat();

  runtime::WallExecutor& executor_;
  std::atomic<bool> stop_requested_{false};
  runtime::TimerId heartbeat_{};
};

}  // namespace stacksim::api
