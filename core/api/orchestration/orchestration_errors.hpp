#pragma once
// Heat's errors for what the engine reports: a template or parameter problem (TemplateError,
// naming its path in the template) is a 400 StackValidationFailed, as heat.api.middleware.fault
// maps it; an unknown stack is a 404 StackNotFound naming what the caller asked for.

#include <map>
#include <string>

#include "core/orchestration/orchestration_service.hpp"
#include "core/orchestration/template_error.hpp"
#include "core/runtime/service_error.hpp"
#include "core/runtime/task.hpp"

namespace stacksim::api::heat_errors {

runtime::ServiceError stack_not_found(const std::string& name_or_id);
runtime::ServiceError validation_failed(const orchestration::TemplateError& e);

/// `body()`, with a TemplateError turned into a 400.
template <class F>
auto checked(F body) -> decltype(body()) {
  try {
    return body();
  } catch (const orchestration::TemplateError& e) {
    throw validation_failed(e);
  }
}

/// The engine's validation of a template with parameter values, with Heat's 400 on a problem.
orchestration::ValidatedTemplate validated(const orchestration::OrchestrationService& heat,
                                           const std::string& text, const std::string& source,
                                           const std::map<std::string, std::string>& parameters);

/// start_engine_action with Heat's 400 for a template problem found as the action starts.
runtime::Task<void> checked_action(runtime::Task<void> action);

}  // namespace stacksim::api::heat_errors
