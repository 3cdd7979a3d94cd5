#pragma once
// co_await sleep_for(d) / sleep_until(t): a timer on the task's executor. In simulation the
// coroutine resumes when the clock reaches the deadline; nothing sleeps.

#include <coroutine>
#include <stdexcept>

#include "core/runtime/task.hpp"

namespace stacksim::runtime {

class SleepAwaiter {
 public:
  SleepAwaiter(Duration delay, bool absolute, TimePoint deadline) noexcept
      : delay_(delay), absolute_(absolute), deadline_(deadline) {}
  SleepAwaiter(SleepAwaiter&& other) noexcept
      : delay_(other.delay_), absolute_(other.absolute_), deadline_(other.deadline_) {}
  SleepAwaiter& operator=(SleepAwaiter&&) = delete;
  ~SleepAwaiter() {
    // Only when a suspended frame is destroyed (executor shutdown) is the timer still pending.
    if (pending_) context_.executor->cancel(timer_);
    if (context_.cancellation != nullptr) context_.cancellation->remove(listener_);
  }

  bool await_ready() const noexcept { return false; }

  template <detail::TaskPromise P>
  bool await_suspend(std::coroutine_handle<P> self) {
    context_ = self.promise().context;
    handle_ = self;
    if (context_.executor == nullptr) {
      throw std::logic_error("sleep on a task that is not running on an executor (spawn it first)");
    }
    if (context_.cancellation != nullptr && context_.cancellation->requested()) {
      cancelled_ = true;
      return false;
    }
    const TimePoint when = absolute_ ? deadline_ : context_.executor->now() + delay_;
    timer_ = context_.executor->schedule_at(when, [this] { fire(); });
    pending_ = true;
    if (context_.cancellation != nullptr) {
      context_.cancellation->add(
          listener_, [](void* owner) noexcept { static_cast<SleepAwaiter*>(owner)->on_cancel(); },
          this);
    }
    return true;
  }

  void await_resume() const {
    if (cancelled_) throw OperationCancelled();
  }

 private:
  void fire() {
    pending_ = false;
    if (context_.cancellation != nullptr) context_.cancellation->remove(listener_);
    handle_.resume();
  }

  void on_cancel() noexcept {
    if (!pending_ || !context_.executor->cancel(timer_)) return;
    pending_ = false;
    cancelled_ = true;
    context_.executor->post([h = handle_] { h.resume(); });
  }

  Duration delay_;
  bool absolute_;
  TimePoint deadline_;
  TaskContext context_;
  std::coroutine_handle<> handle_;
  TimerId timer_;
  bool pending_ = false;
  bool cancelled_ = false;
  CancellationListener listener_;
};

/// Suspends the current task for `delay` (0 yields: it resumes after everything already due now).
inline SleepAwaiter sleep_for(Duration delay) noexcept {
  return {delay, false, TimePoint{}};
}
inline SleepAwaiter sleep_until(TimePoint deadline) noexcept {
  return {{}, true, deadline};
}

}  // namespace stacksim::runtime
