#pragma once
// The clock/executor half of the Backend interface. Control-plane coroutines run on an Executor and
// never know whether time is simulated (sim/engine) or wall time (WallExecutor).

#include <coroutine>
#include <cstdint>
#include <exception>
#include <unordered_set>

#include "core/runtime/action.hpp"
#include "core/runtime/time.hpp"

namespace stacksim::runtime {

/// Identifies a scheduled timer so it can be cancelled; a default TimerId names no timer.
struct TimerId {
  std::uint64_t sequence = 0;  // unique per executor, from 1
  std::int64_t due = 0;        // nanoseconds since the executor's epoch
  friend bool operator==(const TimerId&, const TimerId&) = default;
};

class Executor {
 public:
  Executor() = default;
  Executor(const Executor&) = delete;
  Executor& operator=(const Executor&) = delete;
  virtual ~Executor() = default;

  [[nodiscard]] virtual TimePoint now() const noexcept = 0;

  /// Runs `action` at `when` (or at now() if `when` is in the past). Actions due at the same time
  /// run in the order they were scheduled.
  virtual TimerId schedule_at(TimePoint when, Action action) = 0;

  /// Cancels a pending timer. Returns false if it already ran, was cancelled, or never existed.
  virtual bool cancel(TimerId id) noexcept = 0;

  /// Runs `action` at now(), after everything already due now.
  virtual void post(Action action) = 0;

  /// Runs `work` where it may block (a thread pool in wall time, inline in simulation), then runs
  /// `done` on the executor.
  virtual void run_blocking(Action work, Action done) = 0;

  /// Receives the exception of a detached task that nobody is watching. Executors rethrow the first
  /// one from their run loop, so failures are never silent.
  virtual void report_unhandled(std::exception_ptr error) = 0;

  TimerId schedule_after(Duration delay, Action action) {
    return schedule_at(now() + delay, std::move(action));
  }

  // Frames of detached tasks (spawn) that this executor keeps alive until they finish; the ones
  // still suspended when the executor goes away are destroyed with it. Loop thread only.
  void adopt_detached(std::coroutine_handle<> frame) { detached_.insert(frame.address()); }
  void release_detached(std::coroutine_handle<> frame) noexcept {
    detached_.erase(frame.address());
  }
  [[nodiscard]] std::size_t detached_count() const noexcept { return detached_.size(); }

 protected:
  /// Derived executors call this first in their destructor, while their queues still exist.
  void destroy_detached_tasks() noexcept {
    while (!detached_.empty()) {
      void* frame = *detached_.begin();
      detached_.erase(detached_.begin());
      std::coroutine_handle<>::from_address(frame).destroy();
    }
  }

 private:
  std::unordered_set<void*> detached_;
};

}  // namespace stacksim::runtime
