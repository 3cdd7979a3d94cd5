#pragma once
// spawn(executor, task): start a detached task on an executor. The returned TaskHandle observes and
// cancels it. An exception that escapes a detached task nobody holds a handle to is reported to the
// executor, which rethrows it from its run loop.

#include <coroutine>
#include <exception>
#include <memory>
#include <utility>

#include "core/runtime/task.hpp"

namespace stacksim::runtime {
namespace detail {

struct SpawnState {
  CancellationState cancellation;
  std::exception_ptr error;
  bool done = false;
};

struct DetachedTask {
  struct promise_type : PromiseBase {
    DetachedTask get_return_object() noexcept {
      return DetachedTask{std::coroutine_handle<promise_type>::from_promise(*this)};
    }
    // At the end the frame leaves its executor's registry and frees itself.
    struct Release {
      bool await_ready() const noexcept { return false; }
      void await_suspend(std::coroutine_handle<promise_type> self) const noexcept {
        self.promise().context.executor->release_detached(self);
        self.destroy();
      }
      void await_resume() const noexcept {}
    };
    Release final_suspend() const noexcept { return {}; }
    void return_void() const noexcept {}
  };
  std::coroutine_handle<promise_type> handle;
};

inline DetachedTask run_detached(Task<void> task, std::shared_ptr<SpawnState> state) {
  Executor& executor = co_await this_task::executor();
  try {
    co_await std::move(task);
  } catch (...) {
    state->error = std::current_exception();
  }
  state->done = true;
  if (state->error && state.use_count() == 1) {
    try {
      std::rethrow_exception(state->error);
    } catch (const OperationCancelled&) {  // cancellation is an outcome, not a failure
    } catch (...) {
      executor.report_unhandled(state->error);
    }
  }
}

}  // namespace detail

class TaskHandle {
 public:
  TaskHandle() = default;
  explicit TaskHandle(std::shared_ptr<detail::SpawnState> state) : state_(std::move(state)) {}

  [[nodiscard]] bool done() const noexcept { return state_ && state_->done; }
  [[nodiscard]] std::exception_ptr error() const noexcept {
    return state_ ? state_->error : nullptr;
  }
  void rethrow_if_failed() const {
    if (auto e = error()) std::rethrow_exception(e);
  }
  /// Requests cancellation: sleeping awaiters in the task wake with OperationCancelled.
  void cancel() noexcept {
    if (state_) state_->cancellation.request();
  }

 private:
  std::shared_ptr<detail::SpawnState> state_;
};

/// Starts `task` on `executor` at the executor's current time, after what is already due now.
/// Call from the executor's own thread (or before it runs).
inline TaskHandle spawn(Executor& executor, Task<void> task) {
  auto state = std::make_shared<detail::SpawnState>();
  auto frame = detail::run_detached(std::move(task), state).handle;
  frame.promise().context = TaskContext{&executor, &state->cancellation};
  executor.adopt_detached(frame);
  executor.post([frame] { frame.resume(); });
  return TaskHandle(std::move(state));
}

}  // namespace stacksim::runtime
