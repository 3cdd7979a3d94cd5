#include "core/api/paced_loop.hpp"

#include <algorithm>
#include <chrono>
#include <stdexcept>

namespace stacksim::api {

PacedLoop::PacedLoop(SteppedClock& clock, double speed) : clock_(clock), speed_(speed) {
  if (!(speed > 0)) throw std::invalid_argument("PacedLoop: speed must be positive");
}

void PacedLoop::submit(std::function<void()> work) {
  {
    std::lock_guard lock(mutex_);
    inbox_.push_back(std::move(work));
  }
  wakeup_.notify_one();
}

void PacedLoop::stop() {
  {
    std::lock_guard lock(mutex_);
    stop_requested_ = true;
  }
  wakeup_.notify_one();
}

void PacedLoop::run() {
  using Wall = std::chrono::steady_clock;
  const Wall::time_point wall_origin = Wall::now();
  const runtime::TimePoint sim_origin = clock_.now();
  // Simulated time that corresponds to a wall instant, and back.
  auto sim_at = [&](Wall::time_point w) {
    const double wall_ns = static_cast<double>((w - wall_origin).count());
    return sim_origin + runtime::Duration(static_cast<std::int64_t>(wall_ns * speed_));
  };
  auto wall_at = [&](runtime::TimePoint t) {
    const double sim_ns = static_cast<double>((t - sim_origin).count());
    return wall_origin + std::chrono::nanoseconds(static_cast<std::int64_t>(sim_ns / speed_));
  };

  std::deque<std::function<void()>> batch;
  for (;;) {
    // Also runs what the last work items scheduled at the current simulated time.
    clock_.run_until(std::max(sim_at(Wall::now()), clock_.now()));
    {
      std::unique_lock lock(mutex_);
      if (stop_requested_) return;
      if (inbox_.empty()) {
        // Sleep until the next event is due (at most a second, to bound rounding drift).
        Wall::time_point deadline = Wall::now() + std::chrono::seconds(1);
        if (const std::optional<runtime::TimePoint> next = clock_.next_event_time())
          deadline = std::min(deadline, wall_at(*next));
        wakeup_.wait_until(lock, deadline, [&] { return stop_requested_ || !inbox_.empty(); });
        if (stop_requested_) return;
      }
      batch.swap(inbox_);
    }
    // Work runs at the current simulated time; what it schedules "now" runs on the next pass.
    while (!batch.empty()) {
      std::function<void()> work = std::move(batch.front());
      batch.pop_front();
      work();
    }
  }
}

}  // namespace stacksim::api
