#pragma once
// A stack as Heat records it: its template and parameters, its status (action + state, e.g.
// CREATE_IN_PROGRESS, ROLLBACK_COMPLETE), its resources with their own statuses, and the events
// of every transition.

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "core/identity/request_context.hpp"
#include "core/orchestration/resource_plugin.hpp"
#include "core/runtime/time.hpp"

namespace stacksim::orchestration {

struct Stack {
  std::string id;
  std::string name;
  identity::RequestContext owner;  // whose credentials the engine acts with
  std::string status;              // e.g. "CREATE_COMPLETE"
  std::string status_reason;
  std::string template_text;
  std::string template_source;
  std::map<std::string, std::string> parameters;  // as given (text)
  bool rollback = true;
  runtime::TimePoint created_at{};
  runtime::TimePoint updated_at{};
};

struct StackResource {
  std::string name;
  std::string type;
  std::string status;  // e.g. "CREATE_COMPLETE"
  std::string status_reason;
  nlohmann::json properties = nlohmann::json::object();  // as resolved when created or updated
  ResourceData data;                                     // physical id and attributes
  std::int64_t sequence = 0;                             // creation order
};

struct StackEvent {
  std::int64_t id = 0;
  std::string stack_id;
  std::string resource_name;  // the stack's name for stack-level events
  std::string physical_id;
  std::string status;
  std::string reason;
  runtime::TimePoint timestamp{};
};

/// True for a status whose action is still running ("..._IN_PROGRESS").
inline bool in_progress(const std::string& status) {
  return status.ends_with("_IN_PROGRESS");
}

}  // namespace stacksim::orchestration
