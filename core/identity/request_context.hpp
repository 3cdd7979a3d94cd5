#pragma once
// Who is asking, as every service's API sees it (oslo.context's RequestContext): the user, the
// project or domain the request is scoped to and the role names held there. Built from a validated
// token, or directly by trusted in-process callers (scenario drivers, other services).

#include <algorithm>
#include <string>
#include <vector>

#include "core/identity/token.hpp"

namespace stacksim::identity {

struct RequestContext {
  std::string user_id;
  std::string project_id;  // empty unless project-scoped
  std::string domain_id;   // empty unless domain-scoped
  std::vector<std::string> roles;

  static RequestContext from_token(const Token& token) {
    RequestContext ctx;
    ctx.user_id = token.user.id;
    if (token.project) ctx.project_id = token.project->id;
    if (token.domain) ctx.domain_id = token.domain->id;
    for (const Role& r : token.roles)
      ctx.roles.push_back(r.name);
    return ctx;
  }

  static RequestContext for_project(std::string user_id, std::string project_id,
                                    std::vector<std::string> roles) {
    return {std::move(user_id), std::move(project_id), {}, std::move(roles)};
  }

  [[nodiscard]] bool has_role(const std::string& name) const {
    return std::find(roles.begin(), roles.end(), name) != roles.end();
  }
};

}  // namespace stacksim::identity
