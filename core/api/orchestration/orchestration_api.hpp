#pragma once
// Heat's Orchestration API v1 over orchestration::OrchestrationService, mounted at
// <public_url>/orchestration; the catalog endpoint names the project as Heat's does
// (<public_url>/orchestration/v1/%(tenant_id)s, substituted in each token's catalog).
//
// Stacks are created, updated and deleted asynchronously, as in Heat: the API answers once the
// engine has recorded the action in progress (201 with the stack's id and link for a create, 202
// for an update, 204 for a delete) and the client polls the stack, its events and resources while
// the resources are made on the paced clock. /stacks/{name} (and its resources, events, template
// and outputs) redirect (302) to /stacks/{name}/{id} as Heat's stack lookup does. A caller sees
// its own project's stacks (administrators every project's, with ?global_tenant=true in a
// listing); a path naming another project is refused (403) unless the caller is an administrator.
// Errors are Heat's {"code", "error": {"message", "traceback", "type"}, "explanation", "title"};
// a template problem is a 400 StackValidationFailed naming its path in the template.

#include <string>
#include <vector>

#include "core/api/api_application.hpp"
#include "core/api/orchestration/orchestration_views.hpp"
#include "core/orchestration/orchestration_service.hpp"

namespace stacksim::api {

class OrchestrationApi {
 public:
  OrchestrationApi(ApiApplication& app, orchestration::OrchestrationService& heat);

  void add_routes(RouteTable& routes);

  static constexpr const char* prefix = "/orchestration";
  /// The catalog endpoint's path: Keystone substitutes the token's project.
  static constexpr const char* endpoint_path = "/orchestration/v1/%(tenant_id)s";

 private:
  void add_stack_routes(RouteBuilder& v1);
  void add_lookup_routes(RouteBuilder& v1);
  void add_resource_routes(RouteBuilder& v1);
  void add_event_routes(RouteBuilder& v1);
  void add_output_routes(RouteBuilder& v1);
  void add_template_routes(RouteBuilder& v1);

  runtime::Task<HttpResponse> create(ApiRequest r);
  runtime::Task<HttpResponse> update(ApiRequest r, bool patch);
  runtime::Task<HttpResponse> remove(ApiRequest r);
  /// 302 to the stack named by {stack_name} (a name or an id), with `suffix` and the query.
  [[nodiscard]] HttpResponse lookup(const ApiRequest& r, const std::string& suffix) const;

  /// 403 unless {tenant_id} is the caller's project or the caller is an administrator.
  void check_tenant(const ApiRequest& r) const;
  [[nodiscard]] bool is_admin(const ApiRequest& r) const;
  /// The stack named by {stack_name} (a name or an id); 404 naming what the caller gave.
  [[nodiscard]] orchestration::Stack find(const ApiRequest& r, const std::string& name_or_id) const;
  /// The stack of /stacks/{stack_name}/{stack_id}: both must name it.
  [[nodiscard]] orchestration::Stack identified(const ApiRequest& r) const;
  /// The template's description ("" when the stored template no longer parses).
  [[nodiscard]] static std::string description(const orchestration::Stack& s);
  [[nodiscard]] std::vector<orchestration::StackResource> resources(
      const ApiRequest& r, const orchestration::Stack& s) const;

  ApiApplication& app_;
  orchestration::OrchestrationService& heat_;
  HeatViews views_;
};

}  // namespace stacksim::api
