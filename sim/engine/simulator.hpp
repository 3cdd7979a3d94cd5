#pragma once
// The discrete-event engine and simulated clock. Events run in (time, insertion sequence) order;
// time is integer nanoseconds (runtime::TimePoint), so reruns are bit-identical. The Simulator is
// also the simulated Executor: control-plane coroutines sleep on it without anything sleeping.

#include <algorithm>
#include <cstdint>
#include <exception>
#include <optional>

#include "core/runtime/executor.hpp"
#include "sim/engine/event_queue.hpp"

namespace stacksim::sim {

class Simulator final : public runtime::Executor {
 public:
  Simulator() = default;
  ~Simulator() override;

  [[nodiscard]] runtime::TimePoint now() const noexcept override { return now_; }
  runtime::TimerId schedule_at(runtime::TimePoint when, runtime::Action action) override {
    return queue_.push(std::max(when, now_).time_since_epoch().count(), std::move(action));
  }
  /// Non-virtual fast path for model code holding a Simulator (hides Executor::schedule_after).
  runtime::TimerId schedule_after(runtime::Duration delay, runtime::Action action) {
    return queue_.push(std::max(now_ + delay, now_).time_since_epoch().count(), std::move(action));
  }
  bool cancel(runtime::TimerId id) noexcept override { return queue_.cancel(id); }
  void post(runtime::Action action) override { schedule_at(now_, std::move(action)); }
  /// Simulated work has no wall-clock cost: run it now, then `done` after what is due now.
  void run_blocking(runtime::Action work, runtime::Action done) override;
  void report_unhandled(std::exception_ptr error) override;

  /// Runs the next event, if any. Returns false when nothing is pending.
  bool step();
  /// Runs every event due at or before `until`, then sets the clock to `until` (unless stopped).
  /// Returns the number of events run.
  std::uint64_t run_until(runtime::TimePoint until);
  /// Runs until no event is pending (or stop()). Returns the number of events run.
  std::uint64_t run_until_idle();
  /// Called from inside an event: the current run_* returns once that event is done.
  void stop() noexcept { stop_requested_ = true; }

  [[nodiscard]] std::uint64_t events_processed() const noexcept { return events_; }
  [[nodiscard]] std::size_t pending() const noexcept { return queue_.size(); }
  [[nodiscard]] std::optional<runtime::TimePoint> next_event_time();

 private:
  void run_one();

  EventQueue queue_;
  runtime::TimePoint now_{};
  std::uint64_t events_ = 0;
  bool stop_requested_ = false;
  std::exception_ptr unhandled_;
};

}  // namespace stacksim::sim
