// Stack update and scaling signals: the parts of the engine that change a stack that exists.

#include <algorithm>

#include "core/orchestration/heat_resources.hpp"
#include "core/orchestration/stack_operation.hpp"
#include "core/orchestration/template_error.hpp"
#include "core/runtime/service_error.hpp"

namespace stacksim::orchestration {
namespace {

using nlohmann::json;

runtime::ServiceError in_progress_error(const Stack& stack) {
  return runtime::ServiceError(
      "ActionInProgress", 409,
      "Stack " + stack.name + " already has an action (" + stack.status + ") in progress.");
}

}  // namespace

runtime::Task<bool> OrchestrationService::update_resource(Operation* op, std::string name) {
  const ResourceDefinition& def = *op->tmpl.find_resource(name);
  const auto old = op->previous.find(name);
  if (old == op->previous.end() || old->second.type != def.type ||
      !old->second.status.ends_with("_COMPLETE") || old->second.data.physical_id.empty()) {
    if (old != op->previous.end()) op->superseded.push_back(old->second);
    op->made.insert(name);
    co_return co_await create_resource(op, name, "UPDATE");
  }
  const std::string path = child_path(child_path("resources", name), "properties");
  StackResource current = old->second;
  json properties;
  try {
    properties = resolve_functions(def.properties, path, StackScope(op->parameters, op->resources));
    check_properties(registry_.get(def.type, path), properties, path, true);
  } catch (const std::exception& e) {
    record(*op, current, "UPDATE_FAILED", e.what());
    co_return false;
  }
  if (properties == current.properties) co_return true;  // unchanged: kept as it is
  record(*op, current, "UPDATE_IN_PROGRESS", "state changed");
  std::optional<ResourceData> updated;
  std::string failure;
  try {
    updated = co_await registry_.get(def.type, path)
                  .update(op->context, current.data, current.properties, properties, path);
  } catch (const std::exception& e) {
    failure = e.what();
  }
  if (!failure.empty()) {
    record(*op, current, "UPDATE_FAILED", failure);
    co_return false;
  }
  if (updated) {
    op->updated_from[name] = current.properties;
    current.properties = properties;
    current.data = *updated;
    record(*op, current, "UPDATE_COMPLETE", "state changed");
    op->resources[name] = current;
    co_return true;
  }
  // Replacement: the new resource first, the old one deleted once the whole update succeeded.
  op->superseded.push_back(old->second);
  op->made.insert(name);
  co_return co_await create_resource(op, name, "UPDATE");
}

runtime::Task<bool> OrchestrationService::rollback_update(Operation* op) {
  // Delete what this update made, put back the previous records, undo in-place updates.
  std::vector<StackResource> made;
  for (const std::string& name : op->made) {
    const auto it = op->resources.find(name);
    if (it != op->resources.end()) made.push_back(it->second);
  }
  bool ok = co_await delete_in_order(op, made, &*op->graph);
  for (const auto& [name, properties] : op->updated_from) {
    StackResource& r = op->resources.at(name);
    const std::string path = child_path(child_path("resources", name), "properties");
    std::optional<ResourceData> reverted;
    try {
      reverted = co_await registry_.get(r.type, path)
                     .update(op->context, r.data, r.properties, properties, path);
    } catch (const std::exception&) {
      reverted.reset();
    }
    if (!reverted) {
      ok = false;
      continue;
    }
    r.data = *reverted;
    r.properties = properties;
    record(*op, r, "UPDATE_COMPLETE", "rolled back");
  }
  for (const StackResource& r : op->superseded)
    store_.save_resource(op->stack.id, r);
  co_return ok;
}

runtime::Task<Stack> OrchestrationService::update_stack(identity::RequestContext ctx,
                                                        std::string stack_id, StackUpdate request) {
  Stack stack = owned_stack(ctx, stack_id);
  if (in_progress(stack.status)) throw in_progress_error(stack);
  std::map<std::string, std::string> parameters = stack.parameters;
  for (const auto& [key, value] : request.parameters)
    parameters[key] = value;
  const ValidatedTemplate validated =
      validate(request.template_text, request.template_source, parameters);
  const ValidatedTemplate before{parse_template(stack.template_text, stack.template_source),
                                 json::object()};
  Operation op = open(stack, validated);
  op.previous_graph.emplace(before.tmpl);
  op.previous = op.resources;
  op.stack.template_text = request.template_text;
  op.stack.template_source = request.template_source;
  op.stack.parameters = parameters;
  set_status(op.stack, "UPDATE_IN_PROGRESS", "Stack UPDATE started");
  Operation* o = &op;
  const DependencyGraph* graph = &*op.graph;
  const bool ok = co_await run_in_waves(
      graph->creation_order(),
      [graph](const std::string& name) { return graph->dependencies(name); },
      [this, o](std::string name) { return update_resource(o, std::move(name)); });
  if (!ok) {
    set_status(op.stack, "UPDATE_FAILED", "Resource UPDATE failed: " + op.first_failure);
    if (op.stack.rollback) {
      const std::string reason = op.stack.status_reason;
      set_status(op.stack, "ROLLBACK_IN_PROGRESS", reason);
      const bool rolled_back = co_await rollback_update(o);
      op.stack.template_text = stack.template_text;
      op.stack.template_source = stack.template_source;
      op.stack.parameters = stack.parameters;
      set_status(op.stack, rolled_back ? "ROLLBACK_COMPLETE" : "ROLLBACK_FAILED", reason);
    }
    co_return op.stack;
  }
  // Clean-up: the replaced resources, then those the new template dropped (old graph's order).
  const std::vector<StackResource> replaced = op.superseded;
  std::vector<StackResource> dropped;
  for (const auto& [name, r] : op.previous)
    if (op.tmpl.find_resource(name) == nullptr) dropped.push_back(r);
  bool cleaned = true;
  for (const StackResource& r : replaced) {
    const ResourcePlugin& plugin = registry_.get(r.type, r.name);
    try {
      co_await plugin.remove(op.context, r.data);
      store_.add_event({0, op.stack.id, r.name, r.data.physical_id, "DELETE_COMPLETE", "replaced",
                        executor_.now()});
    } catch (const std::exception& e) {
      store_.add_event(
          {0, op.stack.id, r.name, r.data.physical_id, "DELETE_FAILED", e.what(), executor_.now()});
      if (op.first_failure.empty()) op.first_failure = r.name + ": " + e.what();
      cleaned = false;
    }
  }
  cleaned = co_await delete_in_order(o, dropped, &*op.previous_graph) && cleaned;
  for (const StackResource& r : dropped)
    op.resources.erase(r.name);
  set_status(op.stack, cleaned ? "UPDATE_COMPLETE" : "UPDATE_FAILED",
             cleaned ? "Stack UPDATE completed successfully"
                     : "Resource DELETE failed: " + op.first_failure);
  co_return op.stack;
}

runtime::Task<void> OrchestrationService::signal(std::string stack_id, std::string resource_name) {
  const std::optional<Stack> stack = store_.find_stack(stack_id);
  if (!stack)
    throw runtime::ServiceError("StackNotFound", 404,
                                "The Stack (" + stack_id + ") could not be found.");
  const ValidatedTemplate v{parse_template(stack->template_text, stack->template_source),
                            json::object()};
  Operation op = open(*stack, v);
  co_await resize_group(&op, std::move(resource_name));
}

runtime::Task<void> OrchestrationService::resize_group(Operation* op, std::string policy_name) {
  const auto policy_it = op->resources.find(policy_name);
  if (policy_it == op->resources.end() || policy_it->second.type != type_scaling_policy) {
    throw runtime::ServiceError(
        "ResourceNotFound", 404,
        "The Resource (" + policy_name + ") could not be found in Stack " + op->stack.name + ".");
  }
  StackResource& policy = policy_it->second;
  const auto note = [&](const std::string& reason) {
    store_.add_event({0, op->stack.id, policy.name, policy.data.physical_id, "SIGNAL_COMPLETE",
                      reason, executor_.now()});
  };
  if (in_progress(op->stack.status)) {
    note("signal ignored: stack action " + op->stack.status);
    co_return;
  }
  const ScalingPolicySettings settings = scaling_policy_settings(policy.data);
  const runtime::TimePoint now = executor_.now();
  if (policy.data.attributes.contains("last_scaled_ns") &&
      now < runtime::TimePoint(
                runtime::Duration(policy.data.attributes["last_scaled_ns"].get<std::int64_t>())) +
                settings.cooldown) {
    note("signal ignored: policy in cooldown");
    co_return;
  }
  const auto group_it = std::find_if(
      op->resources.begin(), op->resources.end(),
      [&](const auto& entry) { return entry.second.data.physical_id == settings.group_id; });
  if (group_it == op->resources.end() || group_it->second.type != type_autoscaling_group) {
    note("signal ignored: group " + settings.group_id + " not found");
    co_return;
  }
  StackResource& group = group_it->second;
  const std::string key = op->stack.id + "/" + group.name;
  if (scaling_.contains(key)) {
    note("signal ignored: group is scaling");
    co_return;
  }
  const GroupSize size = autoscaling_group_size(group.data);
  const int target =
      new_capacity(settings.adjustment_type, settings.scaling_adjustment, size.current,
                   size.min_size, size.max_size, settings.min_adjustment_step);
  note("alarm signal: " + std::to_string(size.current) + " -> " + std::to_string(target));
  if (target == size.current) co_return;
  scaling_.insert(key);
  policy.data.attributes["last_scaled_ns"] = now.time_since_epoch().count();
  store_.save_resource(op->stack.id, policy);
  record(*op, group, "UPDATE_IN_PROGRESS", "scaling");
  std::string failure;
  try {
    group.data = co_await resize_autoscaling_group(op->context, group.data, target);
  } catch (const std::exception& e) {
    failure = e.what();
  }
  scaling_.erase(key);
  record(*op, group, failure.empty() ? "UPDATE_COMPLETE" : "UPDATE_FAILED",
         failure.empty() ? "scaled to " + std::to_string(target) : failure);
}

}  // namespace stacksim::orchestration
