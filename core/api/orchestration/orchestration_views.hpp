#pragma once
// Heat's bodies (heat/api/openstack/v1/views and heat/engine/api.py): stacks with their links
// (<v1>/<project>/stacks/<name>/<id>), combined "<ACTION>_<STATE>" statuses and Heat's timestamps
// (2014-01-30T17:49:58Z); resources with the resources that need them; events with links to their
// resource and stack; outputs.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/api/time_format.hpp"
#include "core/orchestration/stack.hpp"

namespace stacksim::api {

class HeatViews {
 public:
  /// `v1_url`: <public_url>/orchestration/v1.
  HeatViews(std::string v1_url, const TimeFormat& time) : v1_url_(std::move(v1_url)), time_(time) {}

  [[nodiscard]] std::string stack_url(const orchestration::Stack& s) const;
  [[nodiscard]] nlohmann::json stack_links(const orchestration::Stack& s) const;

  /// The fields of a stack listing (and "project" in a listing across projects).
  [[nodiscard]] nlohmann::json stack_summary(const orchestration::Stack& s,
                                             const std::string& description,
                                             bool with_project) const;
  /// GET /stacks/{name}/{id}: the summary plus parameters (as text), outputs, rollback flag.
  /// `outputs` is the engine's {key: {value, description, error?}}; null leaves them out.
  [[nodiscard]] nlohmann::json stack_detail(const orchestration::Stack& s,
                                            const std::string& description,
                                            const nlohmann::json& parameters,
                                            const nlohmann::json& outputs) const;

  /// `events` are the stack's (for the resource's creation and update times); `required_by` the
  /// resources that depend on it. `detail` adds attributes and properties (resource show).
  [[nodiscard]] nlohmann::json resource(const orchestration::Stack& s,
                                        const orchestration::StackResource& r,
                                        const std::vector<orchestration::StackEvent>& events,
                                        const std::vector<std::string>& required_by,
                                        bool detail) const;

  /// `resource` (when the event's resource still exists) adds its type and properties (show).
  [[nodiscard]] nlohmann::json event(const orchestration::Stack& s,
                                     const orchestration::StackEvent& e,
                                     const orchestration::StackResource* resource,
                                     bool detail) const;

  /// An event of the stack itself rather than of one of its resources (the engine records those
  /// under the stack's name and id; ids of other services' resources may equal the stack's).
  [[nodiscard]] static bool is_stack_event(const orchestration::Stack& s,
                                           const orchestration::StackEvent& e) {
    return e.resource_name == s.name && e.physical_id == s.id;
  }

  /// One output of the engine's outputs object: {output_key, output_value, description[,
  /// output_error]}.
  [[nodiscard]] static nlohmann::json output(const std::string& key, const nlohmann::json& output);

 private:
  [[nodiscard]] nlohmann::json link(const std::string& href, const char* rel) const;

  std::string v1_url_;
  const TimeFormat& time_;
};

}  // namespace stacksim::api
