#pragma once
// Heat's API answers a stack action (create, update, delete) as soon as the engine has accepted it
// and recorded the stack's *_IN_PROGRESS status; the resources are made or removed afterwards while
// the client polls. start_engine_action runs an OrchestrationService coroutine as a detached task
// and resumes its caller once that task has reached its first wait on the clock. By then a
// template, parameter or state error (the engine throws those before it records anything) is
// rethrown to the caller, who answers with it; otherwise the stack shows the action in progress.

#include "core/runtime/task.hpp"

namespace stacksim::api {

runtime::Task<void> start_engine_action(runtime::Task<void> action);

/// An engine coroutine whose result the API does not answer with (the stack is read afterwards).
template <class T>
runtime::Task<void> discard_result(runtime::Task<T> task) {
  co_await std::move(task);
}

}  // namespace stacksim::api
