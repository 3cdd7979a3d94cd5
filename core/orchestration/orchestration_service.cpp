#include "core/orchestration/orchestration_service.hpp"

#include <algorithm>

#include "core/orchestration/parameters.hpp"
#include "core/orchestration/stack_operation.hpp"
#include "core/orchestration/template_error.hpp"
#include "core/runtime/service_error.hpp"
#include "core/runtime/spawn.hpp"
#include "core/runtime/uuid.hpp"
#include "core/runtime/when_all.hpp"
#include "core/telemetry/telemetry_service.hpp"

namespace stacksim::orchestration {
namespace {

using nlohmann::json;

runtime::ServiceError stack_not_found(const std::string& id) {
  return runtime::ServiceError("StackNotFound", 404, "The Stack (" + id + ") could not be found.");
}

}  // namespace

nlohmann::json StackScope::parameter(const std::string& name) const {
  if (!parameters_.contains(name)) throw TemplateError("", "unknown parameter '" + name + "'");
  return parameters_.at(name);
}

const StackResource& StackScope::existing(const std::string& name) const {
  const auto it = resources_.find(name);
  if (it == resources_.end() || it->second.data.physical_id.empty()) {
    throw TemplateError("", "resource '" + name + "' does not exist");
  }
  return it->second;
}

std::string StackScope::resource_id(const std::string& name) const {
  return existing(name).data.physical_id;
}

nlohmann::json StackScope::attribute(const std::string& resource,
                                     const std::string& attribute) const {
  const StackResource& r = existing(resource);
  if (!r.data.attributes.contains(attribute)) {
    throw TemplateError("", "resource '" + resource + "' has no attribute '" + attribute + "'");
  }
  return r.data.attributes.at(attribute);
}

OrchestrationService::OrchestrationService(store::Database& db, runtime::Executor& executor,
                                           OrchestrationServices services,
                                           OrchestrationConfig config, std::uint64_t id_seed)
    : db_(db),
      executor_(executor),
      services_(services),
      config_(config),
      id_seed_(id_seed),
      ids_(db, "orchestration.ids"),
      store_(db),
      registry_(PluginRegistry::with_builtin_types()) {
  if (services_.compute != nullptr && services_.volumes != nullptr &&
      services_.backend != nullptr) {
    server_volumes_ = std::make_unique<volume::ServerVolumes>(
        *services_.compute, *services_.volumes, *services_.backend);
  }
  if (services_.telemetry != nullptr) {
    // Aodh's trust+heat notifier: "heat://<stack id>/<resource>" signals that resource.
    services_.telemetry->register_notifier(
        "heat", [this](const std::string& action, const telemetry::Alarm&) {
          const std::string rest = action.substr(std::string("heat://").size());
          const std::size_t slash = rest.find('/');
          if (slash == std::string::npos) return;
          runtime::spawn(executor_, signal(rest.substr(0, slash), rest.substr(slash + 1)));
        });
  }
}

ValidatedTemplate OrchestrationService::validate(
    const std::string& text, const std::string& source,
    const std::map<std::string, std::string>& parameters) const {
  ValidatedTemplate v{parse_template(text, source), json::object()};
  try {
    const DependencyGraph graph(v.tmpl);
    for (const ResourceDefinition& r : v.tmpl.resources) {
      const std::string path = child_path("resources", r.name);
      const ResourcePlugin& plugin = registry_.get(r.type, child_path(path, "type"));
      check_properties(plugin, r.properties, child_path(path, "properties"), false);
    }
    for (const FunctionReference& ref : graph.references()) {
      if (ref.kind != FunctionReference::Kind::attribute) continue;
      const ResourcePlugin& plugin = registry_.get(v.tmpl.find_resource(ref.name)->type, ref.path);
      const std::vector<std::string> names = plugin.attributes();
      if (std::find(names.begin(), names.end(), ref.attribute) == names.end()) {
        throw TemplateError(ref.path, "resource '" + ref.name + "' (" +
                                          std::string(plugin.type_name()) + ") has no attribute '" +
                                          ref.attribute + "'");
      }
    }
    v.parameters = resolve_parameters(v.tmpl, parameters);
  } catch (const TemplateError& e) {
    if (source.empty()) throw;
    throw TemplateError(e.path().empty() ? source : source + ": " + e.path(), e.message());
  }
  return v;
}

PluginContext OrchestrationService::plugin_context(const Stack& stack) const {
  PluginContext c;
  c.compute = services_.compute;
  c.images = services_.images;
  c.network = services_.network;
  c.telemetry = services_.telemetry;
  c.volumes = services_.volumes;
  c.server_volumes = server_volumes_.get();
  c.registry = &registry_;
  c.request = stack.owner;
  c.stack_id = stack.id;
  c.stack_name = stack.name;
  c.poll_interval = config_.poll_interval;
  return c;
}

OrchestrationService::Operation OrchestrationService::open(const Stack& stack,
                                                           const ValidatedTemplate& v) const {
  Operation op;
  op.stack = stack;
  op.tmpl = v.tmpl;
  op.graph.emplace(v.tmpl);
  op.parameters = v.parameters;
  op.parameters["OS::stack_name"] = stack.name;
  op.parameters["OS::stack_id"] = stack.id;
  op.parameters["OS::project_id"] = stack.owner.project_id;
  for (StackResource& r : store_.resources(stack.id)) {
    op.next_sequence = std::max(op.next_sequence, r.sequence + 1);
    op.resources.emplace(r.name, std::move(r));
  }
  op.context = plugin_context(stack);
  return op;
}

void OrchestrationService::set_status(Stack& stack, const std::string& status,
                                      const std::string& reason) {
  stack.status = status;
  stack.status_reason = reason;
  stack.updated_at = executor_.now();
  store_.save_stack(stack);
  store_.add_event({0, stack.id, stack.name, stack.id, status, reason, executor_.now()});
}

void OrchestrationService::record(Operation& op, StackResource& resource, const std::string& status,
                                  const std::string& reason) {
  resource.status = status;
  resource.status_reason = reason;
  store_.save_resource(op.stack.id, resource);
  store_.add_event(
      {0, op.stack.id, resource.name, resource.data.physical_id, status, reason, executor_.now()});
  if (!reason.empty() && status.ends_with("_FAILED") && op.first_failure.empty()) {
    op.first_failure = resource.name + ": " + reason;
  }
}

runtime::Task<bool> OrchestrationService::run_in_waves(std::vector<std::string> names,
                                                       WaitsFor waits_for, Step step) {
  std::set<std::string> pending(names.begin(), names.end());
  bool ok = true;
  while (ok && !pending.empty()) {
    std::vector<std::string> ready;
    for (const std::string& name : names) {
      if (!pending.contains(name)) continue;
      const std::vector<std::string> waits = waits_for(name);
      if (std::none_of(waits.begin(), waits.end(),
                       [&](const std::string& w) { return pending.contains(w); })) {
        ready.push_back(name);
      }
    }
    if (ready.empty()) throw std::logic_error("dependency waves stalled (a cycle in the graph)");
    std::vector<runtime::Task<bool>> tasks;
    for (const std::string& name : ready) {
      tasks.push_back(step(name));
      pending.erase(name);
    }
    const std::vector<bool> results = co_await runtime::when_all(std::move(tasks));
    ok = std::all_of(results.begin(), results.end(), [](bool b) { return b; });
  }
  co_return ok;
}

runtime::Task<bool> OrchestrationService::create_resource(Operation* op, std::string name,
                                                          std::string action) {
  const ResourceDefinition& def = *op->tmpl.find_resource(name);
  const std::string path = child_path(child_path("resources", name), "properties");
  StackResource fresh;
  fresh.name = name;
  fresh.type = def.type;
  fresh.sequence = op->next_sequence++;
  record(*op, fresh, action + "_IN_PROGRESS", "state changed");
  std::exception_ptr error;
  try {
    const ResourcePlugin& plugin = registry_.get(def.type, path);
    fresh.properties =
        resolve_functions(def.properties, path, StackScope(op->parameters, op->resources));
    check_properties(plugin, fresh.properties, path, true);
    fresh.data = co_await plugin.create(op->context, name, fresh.properties, path);
  } catch (const std::exception& e) {
    fresh.data.physical_id.clear();
    record(*op, fresh, action + "_FAILED", e.what());
    op->resources[name] = fresh;
    co_return false;
  }
  record(*op, fresh, action + "_COMPLETE", "state changed");
  op->resources[name] = fresh;
  co_return true;
}

runtime::Task<bool> OrchestrationService::delete_resource(Operation* op, StackResource resource) {
  if (resource.data.physical_id.empty()) {  // never made (its create failed early)
    store_.delete_resource(op->stack.id, resource.name);
    co_return true;
  }
  const std::string saved_status = resource.status;
  record(*op, resource, "DELETE_IN_PROGRESS", "state changed");
  try {
    const ResourcePlugin& plugin = registry_.get(resource.type, resource.name);
    co_await plugin.remove(op->context, resource.data);
  } catch (const std::exception& e) {
    record(*op, resource, "DELETE_FAILED", e.what());
    co_return false;
  }
  store_.add_event({0, op->stack.id, resource.name, resource.data.physical_id, "DELETE_COMPLETE",
                    "state changed", executor_.now()});
  store_.delete_resource(op->stack.id, resource.name);
  co_return true;
}

runtime::Task<bool> OrchestrationService::delete_in_order(Operation* op,
                                                          std::vector<StackResource> resources,
                                                          const DependencyGraph* graph) {
  std::map<std::string, StackResource> by_name;
  std::vector<std::string> names;
  for (StackResource& r : resources) {
    names.push_back(r.name);
    by_name.emplace(r.name, std::move(r));
  }
  const auto known = [graph](const std::string& name) {
    const std::vector<std::string>& all = graph->names();
    return std::binary_search(all.begin(), all.end(), name);
  };
  const WaitsFor waits = [graph, &known](const std::string& name) {
    return known(name) ? graph->dependents(name) : std::vector<std::string>{};
  };
  const Step step = [this, op, &by_name](std::string name) {
    return delete_resource(op, by_name.at(name));
  };
  co_return co_await run_in_waves(names, waits, step);
}

runtime::Task<Stack> OrchestrationService::create_stack(identity::RequestContext ctx,
                                                        StackCreate request) {
  if (request.name.empty()) throw TemplateError("stack_name", "must not be empty");
  const ValidatedTemplate validated =
      validate(request.template_text, request.template_source, request.parameters);
  if (store_.find_stack_by_name(request.name)) {
    throw runtime::ServiceError("StackExists", 409,
                                "The Stack (" + request.name + ") already exists.");
  }
  Stack stack;
  stack.id = runtime::Uuid::at(id_seed_, static_cast<std::uint64_t>(ids_.next())).str();
  stack.name = request.name;
  stack.owner = ctx;
  stack.template_text = request.template_text;
  stack.template_source = request.template_source;
  stack.parameters = request.parameters;
  stack.rollback = request.rollback;
  stack.created_at = executor_.now();
  set_status(stack, "CREATE_IN_PROGRESS", "Stack CREATE started");
  Operation op = open(stack, validated);
  Operation* o = &op;
  const DependencyGraph* graph = &*op.graph;
  const bool ok = co_await run_in_waves(
      graph->creation_order(),
      [graph](const std::string& name) { return graph->dependencies(name); },
      [this, o](std::string name) { return create_resource(o, std::move(name), "CREATE"); });
  if (ok) {
    set_status(op.stack, "CREATE_COMPLETE", "Stack CREATE completed successfully");
    co_return op.stack;
  }
  set_status(op.stack, "CREATE_FAILED", "Resource CREATE failed: " + op.first_failure);
  if (op.stack.rollback) {
    const std::string reason = op.stack.status_reason;
    set_status(op.stack, "ROLLBACK_IN_PROGRESS", reason);
    std::vector<StackResource> made;
    for (const auto& [name, r] : op.resources)
      made.push_back(r);
    const bool rolled_back = co_await delete_in_order(o, made, graph);
    set_status(op.stack, rolled_back ? "ROLLBACK_COMPLETE" : "ROLLBACK_FAILED", reason);
  }
  co_return op.stack;
}

runtime::Task<void> OrchestrationService::delete_stack(identity::RequestContext ctx,
                                                       std::string stack_id) {
  Stack stack = owned_stack(ctx, stack_id);
  if (in_progress(stack.status)) {
    throw runtime::ServiceError(
        "ActionInProgress", 409,
        "Stack " + stack.name + " already has an action (" + stack.status + ") in progress.");
  }
  // The stored template (already validated when stored); its parameters are not needed to delete.
  ValidatedTemplate v{parse_template(stack.template_text, stack.template_source), json::object()};
  Operation op = open(stack, v);
  set_status(op.stack, "DELETE_IN_PROGRESS", "Stack DELETE started");
  std::vector<StackResource> all;
  for (const auto& [name, r] : op.resources)
    all.push_back(r);
  const bool ok = co_await delete_in_order(&op, all, &*op.graph);
  if (!ok) {
    set_status(op.stack, "DELETE_FAILED", "Resource DELETE failed: " + op.first_failure);
    co_return;
  }
  set_status(op.stack, "DELETE_COMPLETE", "Stack DELETE completed successfully");
  store_.delete_stack(stack.id);
}

Stack OrchestrationService::owned_stack(const identity::RequestContext& ctx,
                                        const std::string& id) const {
  const std::optional<Stack> stack = store_.find_stack(id);
  if (!stack || (stack->owner.project_id != ctx.project_id && !ctx.has_role("admin"))) {
    throw stack_not_found(id);
  }
  return *stack;
}

Stack OrchestrationService::get_stack(const identity::RequestContext& ctx,
                                      const std::string& id) const {
  return owned_stack(ctx, id);
}

Stack OrchestrationService::find_stack(const identity::RequestContext& ctx,
                                       const std::string& name_or_id) const {
  const std::optional<Stack> by_name = store_.find_stack_by_name(name_or_id);
  return owned_stack(ctx, by_name ? by_name->id : name_or_id);
}

std::vector<Stack> OrchestrationService::list_stacks(const identity::RequestContext& ctx) const {
  std::vector<Stack> out;
  for (Stack& s : store_.list_stacks())
    if (s.owner.project_id == ctx.project_id || ctx.has_role("admin")) out.push_back(std::move(s));
  return out;
}

std::vector<StackResource> OrchestrationService::resources(const identity::RequestContext& ctx,
                                                           const std::string& stack_id) const {
  return store_.resources(owned_stack(ctx, stack_id).id);
}

std::vector<StackEvent> OrchestrationService::events(const identity::RequestContext& ctx,
                                                     const std::string& stack_id) const {
  return store_.events(owned_stack(ctx, stack_id).id);
}

json OrchestrationService::outputs(const identity::RequestContext& ctx,
                                   const std::string& stack_id) const {
  const Stack stack = owned_stack(ctx, stack_id);
  const ValidatedTemplate v =
      validate(stack.template_text, stack.template_source, stack.parameters);
  const Operation op = open(stack, v);
  json out = json::object();
  for (const OutputDefinition& o : op.tmpl.outputs) {
    const std::string path = child_path(child_path("outputs", o.name), "value");
    try {
      out[o.name] = {
          {"value", resolve_functions(o.value, path, StackScope(op.parameters, op.resources))}};
    } catch (const TemplateError& e) {
      out[o.name] = {{"value", nullptr}, {"error", e.what()}};
    }
    out[o.name]["description"] = o.description;
  }
  return out;
}

}  // namespace stacksim::orchestration
