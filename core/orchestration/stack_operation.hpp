#pragma once
// The working state of one stack action (create, update, delete, signal) inside the engine, and
// the function scope that resolves a template against it. Private to orchestration_service*.cpp.

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/orchestration/orchestration_service.hpp"

namespace stacksim::orchestration {

struct OrchestrationService::Operation {
  Stack stack;
  HotTemplate tmpl;
  std::optional<DependencyGraph> graph;
  nlohmann::json parameters;                       // typed, with the pseudo parameters
  std::map<std::string, StackResource> resources;  // the current ones, by name
  PluginContext context;
  std::int64_t next_sequence = 0;
  std::string first_failure;
  // Update bookkeeping.
  std::optional<DependencyGraph> previous_graph;
  std::map<std::string, StackResource> previous;       // before the update
  std::vector<StackResource> superseded;               // replaced by a new resource
  std::set<std::string> made;                          // created by this update
  std::map<std::string, nlohmann::json> updated_from;  // updated in place: old properties
};

/// get_param / get_resource / get_attr over an operation's parameters and resources.
class StackScope final : public FunctionScope {
 public:
  StackScope(const nlohmann::json& parameters,
             const std::map<std::string, StackResource>& resources)
      : parameters_(parameters), resources_(resources) {}

  nlohmann::json parameter(const std::string& name) const override;
  std::string resource_id(const std::string& name) const override;
  nlohmann::json attribute(const std::string& resource,
                           const std::string& attribute) const override;

 private:
  const StackResource& existing(const std::string& name) const;

  const nlohmann::json& parameters_;
  const std::map<std::string, StackResource>& resources_;
};

}  // namespace stacksim::orchestration
