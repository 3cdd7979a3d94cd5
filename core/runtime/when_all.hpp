#pragma once
// when_all: run several tasks concurrently on the awaiting task's executor and wait for all of
// them. Every task runs to completion even if another fails; then the first exception in argument
// order is rethrown, otherwise the results are returned in argument order.

#include <array>
#include <coroutine>
#include <cstddef>
#include <span>
#include <tuple>
#include <type_traits>
#include <variant>
#include <vector>

#include "core/runtime/task.hpp"

namespace stacksim::runtime {
namespace detail {

struct JoinChild {
  PromiseBase* promise = nullptr;
  std::coroutine_handle<> handle;

  template <class T>
  static JoinChild of(Task<T>& task) {
    if (!task.valid()) throw std::logic_error("when_all given an empty Task");
    return {&task.handle().promise(), task.handle()};
  }
};

class JoinAwaiter {
 public:
  explicit JoinAwaiter(std::span<JoinChild> children) : children_(children) {}

  bool await_ready() const noexcept { return children_.empty(); }

  template <TaskPromise P>
  bool await_suspend(std::coroutine_handle<P> parent) {
    parent_ = parent;
    remaining_ = children_.size() + 1;  // +1 so no child can resume the parent during the loop
    for (JoinChild& child : children_) {
      child.promise->context = parent.promise().context;
      child.promise->on_complete = &JoinAwaiter::child_done;
      child.promise->on_complete_arg = this;
      child.handle.resume();
    }
    return --remaining_ != 0;
  }

  void await_resume() const noexcept {}

 private:
  static std::coroutine_handle<> child_done(void* self) noexcept {
    auto* join = static_cast<JoinAwaiter*>(self);
    if (--join->remaining_ == 0) return join->parent_;
    return std::noop_coroutine();
  }

  std::span<JoinChild> children_;
  std::coroutine_handle<> parent_;
  std::size_t remaining_ = 0;
};

template <class T>
using JoinResult = std::conditional_t<std::is_void_v<T>, std::monostate, T>;

template <class T>
JoinResult<T> take_join_result(Task<T>& task) {
  if constexpr (std::is_void_v<T>) {
    task.take_result();
    return {};
  } else {
    return task.take_result();
  }
}

}  // namespace detail

template <class T>
requires(!std::is_void_v<T>) Task<std::vector<T>> when_all(std::vector<Task<T>> tasks) {
  std::vector<detail::JoinChild> children;
  children.reserve(tasks.size());
  for (Task<T>& task : tasks)
    children.push_back(detail::JoinChild::of(task));
  co_await detail::JoinAwaiter(children);
  std::vector<T> results;
  results.reserve(tasks.size());
  for (Task<T>& task : tasks)
    results.push_back(task.take_result());
  co_return results;
}

inline Task<void> when_all(std::vector<Task<void>> tasks) {
  std::vector<detail::JoinChild> children;
  children.reserve(tasks.size());
  for (Task<void>& task : tasks)
    children.push_back(detail::JoinChild::of(task));
  co_await detail::JoinAwaiter(children);
  for (Task<void>& task : tasks)
    task.take_result();
}

/// Heterogeneous form; a Task<void> contributes std::monostate to the tuple.
template <class... Ts>
Task<std::tuple<detail::JoinResult<Ts>...>> when_all(Task<Ts>... tasks) {
  std::array<detail::JoinChild, sizeof...(Ts)> children{detail::JoinChild::of(tasks)...};
  co_await detail::JoinAwaiter(children);
  // Braced initialisation evaluates left to right, so the first failure in argument order wins.
  co_return std::tuple<detail::JoinResult<Ts>...>{detail::take_join_result(tasks)...};
}

}  // namespace stacksim::runtime
