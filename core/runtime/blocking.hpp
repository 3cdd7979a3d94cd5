#pragma once
// co_await blocking(fn): run a call that may block (a libvirt or OVSDB request) off the event loop
// and resume with its result. In simulation the call runs inline; in wall time on the thread pool.

#include <coroutine>
#include <exception>
#include <optional>
#include <stdexcept>
#include <type_traits>
#include <utility>

#include "core/runtime/task.hpp"

namespace stacksim::runtime {

template <class F>
class BlockingAwaiter {
 public:
  using Result = std::invoke_result_t<F&>;

  explicit BlockingAwaiter(F work) : work_(std::move(work)) {}

  bool await_ready() const noexcept { return false; }

  template <detail::TaskPromise P>
  void await_suspend(std::coroutine_handle<P> self) {
    context_ = self.promise().context;
    if (context_.executor == nullptr) {
      throw std::logic_error("blocking call on a task that is not running on an executor");
    }
    context_.executor->run_blocking([this] { run(); }, [self] { self.resume(); });
  }

  Result await_resume() {
    // The work cannot be interrupted once started; a cancellation that arrived meanwhile wins.
    if (context_.cancellation != nullptr && context_.cancellation->requested()) {
      throw OperationCancelled();
    }
    if (error_) std::rethrow_exception(error_);
    if constexpr (!std::is_void_v<Result>) return std::move(*result_);
  }

 private:
  void run() noexcept {
    try {
      if constexpr (std::is_void_v<Result>) {
        work_();
      } else {
        result_.emplace(work_());
      }
    } catch (...) {
      error_ = std::current_exception();
    }
  }

  struct Empty {};
  F work_;
  TaskContext context_;
  std::exception_ptr error_;
  std::conditional_t<std::is_void_v<Result>, Empty, std::optional<Result>> result_;
};

template <class F>
BlockingAwaiter<std::decay_t<F>> blocking(F&& work) {
  return BlockingAwaiter<std::decay_t<F>>(std::forward<F>(work));
}

}  // namespace stacksim::runtime
