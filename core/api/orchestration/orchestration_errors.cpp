#include "core/api/orchestration/orchestration_errors.hpp"

#include "core/api/orchestration/engine_action.hpp"

namespace stacksim::api::heat_errors {

runtime::ServiceError stack_not_found(const std::string& name_or_id) {
  return {"StackNotFound", 404, "The Stack (" + name_or_id + ") could not be found."};
}

runtime::ServiceError validation_failed(const orchestration::TemplateError& e) {
  return {"StackValidationFailed", 400, e.what()};
}

orchestration::ValidatedTemplate validated(const orchestration::OrchestrationService& heat,
                                           const std::string& text, const std::string& source,
                                           const std::map<std::string, std::string>& parameters) {
  return checked([&] { return heat.validate(text, source, parameters); });
}

runtime::Task<void> checked_action(runtime::Task<void> action) {
  runtime::Task<void> started = start_engine_action(std::move(action));
  try {
    co_await std::move(started);
  } catch (const orchestration::TemplateError& e) {
    throw validation_failed(e);
  }
}

}  // namespace stacksim::api::heat_errors
