#pragma once
// Heat for stacksim: stacks from HOT templates over the compute, network, volume and telemetry
// services.
// Resources are created in dependency order, in parallel waves (every resource whose
// dependencies are complete starts at once, when_all over them), and deleted in the reverse
// order; a failed create rolls back (deletes what was made) unless rollback is off; an update
// replaces only the resources whose resolved properties changed (or updates them in place when
// their type can); alarms signal scaling policies through the "heat" notifier.
//
// create_stack / update_stack / delete_stack are coroutines that finish with the operation; a
// template problem is thrown (TemplateError, naming the template path) before anything is made.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/orchestration/dependency_graph.hpp"
#include "core/orchestration/hot_template.hpp"
#include "core/orchestration/plugin_registry.hpp"
#include "core/orchestration/stack.hpp"
#include "core/orchestration/stack_store.hpp"
#include "core/runtime/executor.hpp"
#include "core/store/sequence.hpp"
#include "core/volume/server_volumes.hpp"

namespace stacksim::orchestration {

struct OrchestrationServices {
  compute::ComputeApi* compute = nullptr;
  image::ImageService* images = nullptr;
  network::NetworkService* network = nullptr;
  telemetry::TelemetryService* telemetry = nullptr;
  volume::VolumeService* volumes = nullptr;
  /// The backend the compute hosts run on: Nova's volume attach path hands the connection to
  /// the host's hypervisor (needed with compute and volumes for OS::Cinder::VolumeAttachment).
  runtime::Backend* backend = nullptr;
};

struct OrchestrationConfig {
  runtime::Duration poll_interval = std::chrono::seconds(1);  // waiting for builds and deletes
};

struct StackCreate {
  std::string name;
  std::string template_text;
  std::string template_source;  // names the template in errors (a file name)
  std::map<std::string, std::string> parameters;
  bool rollback = true;  // delete what was made when the create fails
};

struct StackUpdate {
  std::string template_text;
  std::string template_source;
  std::map<std::string, std::string> parameters;  // merged over the stack's current ones
};

/// A template checked against the registry, with its parameter values.
struct ValidatedTemplate {
  HotTemplate tmpl;
  nlohmann::json parameters;  // typed values, pseudo parameters not included
};

class OrchestrationService {
 public:
  OrchestrationService(store::Database& db, runtime::Executor& executor,
                       OrchestrationServices services, OrchestrationConfig config = {},
                       std::uint64_t id_seed = 1);
  OrchestrationService(const OrchestrationService&) = delete;
  OrchestrationService& operator=(const OrchestrationService&) = delete;

  [[nodiscard]] const PluginRegistry& registry() const noexcept { return registry_; }

  /// Parses and checks a template (structure, references, cycles, resource types, property
  /// names, attribute names) and its parameters; throws TemplateError.
  [[nodiscard]] ValidatedTemplate validate(
      const std::string& text, const std::string& source,
      const std::map<std::string, std::string>& parameters) const;

  runtime::Task<Stack> create_stack(identity::RequestContext ctx, StackCreate request);
  runtime::Task<Stack> update_stack(identity::RequestContext ctx, std::string stack_id,
                                    StackUpdate request);
  runtime::Task<void> delete_stack(identity::RequestContext ctx, std::string stack_id);
  /// Signals a resource (a ScalingPolicy: adjusts its group unless in cooldown or busy).
  runtime::Task<void> signal(std::string stack_id, std::string resource_name);

  /// StackNotFound (ServiceError, 404) for an unknown id or one the caller may not see.
  [[nodiscard]] Stack get_stack(const identity::RequestContext& ctx, const std::string& id) const;
  [[nodiscard]] Stack find_stack(const identity::RequestContext& ctx,
                                 const std::string& name_or_id) const;
  [[nodiscard]] std::vector<Stack> list_stacks(const identity::RequestContext& ctx) const;
  [[nodiscard]] std::vector<StackResource> resources(const identity::RequestContext& ctx,
                                                     const std::string& stack_id) const;
  [[nodiscard]] std::vector<StackEvent> events(const identity::RequestContext& ctx,
                                               const std::string& stack_id) const;
  /// Every output's value (null with an "error" entry when it cannot be resolved).
  [[nodiscard]] nlohmann::json outputs(const identity::RequestContext& ctx,
                                       const std::string& stack_id) const;

 private:
  struct Operation;

  using Step = std::function<runtime::Task<bool>(std::string)>;
  using WaitsFor = std::function<std::vector<std::string>(const std::string&)>;
  static runtime::Task<bool> run_in_waves(std::vector<std::string> names, WaitsFor waits_for,
                                          Step step);

  [[nodiscard]] PluginContext plugin_context(const Stack& stack) const;
  [[nodiscard]] Operation open(const Stack& stack, const ValidatedTemplate& validated) const;
  runtime::Task<bool> create_resource(Operation* op, std::string name, std::string action);
  runtime::Task<bool> delete_resource(Operation* op, StackResource resource);
  runtime::Task<bool> update_resource(Operation* op, std::string name);
  /// Deletes `resources` in reverse dependency order (an edge from `graph` between two of them
  /// makes the dependent go first).
  runtime::Task<bool> delete_in_order(Operation* op, std::vector<StackResource> resources,
                                      const DependencyGraph* graph);
  runtime::Task<bool> rollback_update(Operation* op);
  runtime::Task<void> resize_group(Operation* op, std::string policy_name);

  void set_status(Stack& stack, const std::string& status, const std::string& reason);
  void record(Operation& op, StackResource& resource, const std::string& status,
              const std::string& reason);
  [[nodiscard]] Stack owned_stack(const identity::RequestContext& ctx, const std::string& id) const;

  store::Database& db_;
  runtime::Executor& executor_;
  OrchestrationServices services_;
  OrchestrationConfig config_;
  std::uint64_t id_seed_;
  store::Sequence ids_;
  StackStore store_;
  PluginRegistry registry_;
  std::unique_ptr<volume::ServerVolumes> server_volumes_;  // when compute, volumes and backend
  std::set<std::string> scaling_;  // "<stack>/<group>" being resized by a signal
};

}  // namespace stacksim::orchestration
