#include "core/api/wall_clock_loop.hpp"

#include <chrono>

namespace stacksim::api {

void WallClockLoop::submit(std::function<void()> work) {
  executor_.post(std::move(work));
}

void WallClockLoop::beat() {
  if (stop_requested_) {
    executor_.stop();
    return;
  }
  heartbeat_ = executor_.schedule_after(std::chrono::seconds(1), [this] { beat(); });
}

void WallClockLoop::run() {
  if (stop_requested_) return;
  beat();
  try {
    executor_.run();
  } catch (...) {
    executor_.cancel(heartbeat_);
    throw;
  }
  executor_.cancel(heartbeat_);
}

void WallClockLoop::stop() {
  stop_requested_ = true;
  executor_.stop();
}

}  // namespace stacksim::api
