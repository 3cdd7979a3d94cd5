#pragma once
// Task<T>: a lazily started C++20 coroutine. Awaiting a task starts it with symmetric transfer and
// resumes the awaiter when it finishes; its exception, if any, is rethrown in the awaiter. Every
// task carries a TaskContext (its executor and cancellation state) inherited from whoever awaits
// it, which is how sleeps and blocking calls find the clock without globals.

#include <concepts>
#include <coroutine>
#include <exception>
#include <optional>
#include <stdexcept>
#include <utility>

#include "core/runtime/cancellation.hpp"
#include "core/runtime/executor.hpp"

namespace stacksim::runtime {

template <class T = void>
class Task;

struct TaskContext {
  Executor* executor = nullptr;
  CancellationState* cancellation = nullptr;
};

namespace detail {

struct PromiseBase {
  TaskContext context;
  std::coroutine_handle<> continuation;
  std::exception_ptr exception;
  // Set by joins (when_all): called at completion; returns the coroutine to transfer to.
  std::coroutine_handle<> (*on_complete)(void* arg) noexcept = nullptr;
  void* on_complete_arg = nullptr;

  struct FinalAwaiter {
    bool await_ready() const noexcept { return false; }
    template <class P>
    std::coroutine_handle<> await_suspend(std::coroutine_handle<P> self) noexcept {
      PromiseBase& p = self.promise();
      if (p.on_complete != nullptr) return p.on_complete(p.on_complete_arg);
      if (p.continuation) return p.continuation;
      return std::noop_coroutine();
    }
    void await_resume() const noexcept {}
  };

  std::suspend_always initial_suspend() const noexcept { return {}; }
  FinalAwaiter final_suspend() const noexcept { return {}; }
  void unhandled_exception() noexcept { exception = std::current_exception(); }
};

template <class P>
concept TaskPromise = std::derived_from<P, PromiseBase>;

template <class T>
struct Promise : PromiseBase {
  std::optional<T> value;
  Task<T> get_return_object() noexcept;
  template <class U>
  requires std::convertible_to<U&&, T>
  void return_value(U&& v) { value.emplace(std::forward<U>(v)); }
  T take() {
    if (exception) std::rethrow_exception(exception);
    return std::move(*value);
  }
};

template <>
struct Promise<void> : PromiseBase {
  Task<void> get_return_object() noexcept;
  void return_void() const noexcept {}
  void take() const {
    if (exception) std::rethrow_exception(exception);
  }
};

}  // namespace detail

template <class T>
class [[nodiscard]] Task {
 public:
  using promise_type = detail::Promise<T>;
  using handle_type = std::coroutine_handle<promise_type>;
  using value_type = T;

  Task() noexcept = default;
  explicit Task(handle_type handle) noexcept : handle_(handle) {}
  Task(Task&& other) noexcept : handle_(std::exchange(other.handle_, {})) {}
  Task& operator=(Task&& other) noexcept {
    if (this != &other) {
      destroy();
      handle_ = std::exchange(other.handle_, {});
    }
    return *this;
  }
  Task(const Task&) = delete;
  Task& operator=(const Task&) = delete;
  ~Task() { destroy(); }

  [[nodiscard]] bool valid() const noexcept { return static_cast<bool>(handle_); }
  [[nodiscard]] bool done() const noexcept { return handle_ && handle_.done(); }

  struct Awaiter {
    handle_type child;
    bool await_ready() const noexcept { return !child || child.done(); }
    template <detail::TaskPromise P>
    std::coroutine_handle<> await_suspend(std::coroutine_handle<P> parent) noexcept {
      child.promise().context = parent.promise().context;
      child.promise().continuation = parent;
      return child;
    }
    T await_resume() {
      if (!child) throw std::logic_error("awaited an empty Task");
      return child.promise().take();
    }
  };

  Awaiter operator co_await() && noexcept { return Awaiter{handle_}; }

  // Used by joins and spawn, which drive the coroutine themselves.
  [[nodiscard]] handle_type handle() const noexcept { return handle_; }
  T take_result() { return handle_.promise().take(); }

 private:
  void destroy() noexcept {
    if (handle_) handle_.destroy();
    handle_ = {};
  }
  handle_type handle_;
};

namespace detail {
template <class T>
Task<T> Promise<T>::get_return_object() noexcept {
  return Task<T>(std::coroutine_handle<Promise<T>>::from_promise(*this));
}
inline Task<void> Promise<void>::get_return_object() noexcept {
  return Task<void>(std::coroutine_handle<Promise<void>>::from_promise(*this));
}
}  // namespace detail

namespace this_task {

/// `co_await this_task::context()` gives the running task's executor and cancellation state
/// without suspending.
struct ContextAwaiter {
  TaskContext context;
  bool await_ready() const noexcept { return false; }
  template <detail::TaskPromise P>
  bool await_suspend(std::coroutine_handle<P> self) noexcept {
    context = self.promise().context;
    return false;
  }
  TaskContext await_resume() const noexcept { return context; }
};
inline ContextAwaiter context() noexcept {
  return {};
}

/// The executor running the current task. Throws if the task was never given one.
struct ExecutorAwaiter : ContextAwaiter {
  Executor& await_resume() const {
    if (context.executor == nullptr) {
      throw std::logic_error("task is not running on an executor (spawn it first)");
    }
    return *context.executor;
  }
};
inline ExecutorAwaiter executor() noexcept {
  return {};
}

/// Throws OperationCancelled if the current task has been cancelled.
struct CancellationCheck : ContextAwaiter {
  void await_resume() const {
    if (context.cancellation != nullptr && context.cancellation->requested()) {
      throw OperationCancelled();
    }
  }
};
inline CancellationCheck throw_if_cancelled() noexcept {
  return {};
}

}  // namespace this_task
}  // namespace stacksim::runtime
