#include "core/api/orchestration/engine_action.hpp"

#include <exception>
#include <memory>

#include "core/runtime/sleep.hpp"
#include "core/runtime/spawn.hpp"

namespace stacksim::api {
namespace {

struct ActionStart {
  std::exception_ptr error;  // thrown before the caller was answered
  bool answered = false;
};

runtime::Task<void> run_action(runtime::Task<void> action, std::shared_ptr<ActionStart> start) {
  try {
    co_await std::move(action);
  } catch (...) {
    // Once the caller has its answer, an escaping error is an engine fault: the executor reports
    // it like any other detached task's (the engine records ordinary failures in the stack).
    if (start->answered) throw;
    start->error = std::current_exception();
  }
}

}  // namespace

runtime::Task<void> start_engine_action(runtime::Task<void> action) {
  runtime::Executor& executor = co_await runtime::this_task::executor();
  auto start = std::make_shared<ActionStart>();
  runtime::spawn(executor, run_action(std::move(action), start));
  // Both tasks are due now and the executor keeps submission order, so the action runs up to its
  // first wait before this one resumes.
  const runtime::Duration now{0};
  co_await runtime::sleep_for(now);
  start->answered = true;
  if (start->error) std::rethrow_exception(start->error);
}

}  // namespace stacksim::api
