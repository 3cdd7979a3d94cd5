// The autoscaling section: a HOT template with an AutoScalingGroup and the diurnal demand it
// serves.

#include <fstream>
#include <sstream>

#include "core/orchestration/hot_template.hpp"
#include "core/orchestration/parameters.hpp"
#include "core/orchestration/template_error.hpp"
#include "scenarios/schema/sections.hpp"

namespace stacksim::scenarios {

AutoscalingSpec read_autoscaling(const JsonFields& a, const std::filesystem::path& base_dir) {
  AutoscalingSpec spec;
  const std::filesystem::path given = a.string("template");
  const std::filesystem::path file = given.is_absolute() ? given : base_dir / given;
  std::ifstream in(file);
  if (!in) a.fail("template", "cannot read the template " + file.string());
  std::stringstream text;
  text << in.rdbuf();
  spec.template_file = file.string();
  spec.template_text = text.str();
  spec.stack_name = a.string_or("stack_name", spec.stack_name);
  if (spec.stack_name.empty()) a.fail("stack_name", "must not be empty");
  if (a.has("parameters")) spec.parameters = a.text_map("parameters");
  spec.group_resource = a.string_or("group_resource", spec.group_resource);
  // Checked now, so `stacksim validate` reports a template or parameter problem before a run.
  try {
    const orchestration::HotTemplate tmpl =
        orchestration::parse_template(spec.template_text, spec.template_file);
    const orchestration::ResourceDefinition* group = tmpl.find_resource(spec.group_resource);
    if (group == nullptr || group->type != "OS::Heat::AutoScalingGroup") {
      a.fail("group_resource", "the template has no OS::Heat::AutoScalingGroup called \"" +
                                   spec.group_resource + "\"");
    }
    (void)orchestration::resolve_parameters(tmpl, spec.parameters);
  } catch (const orchestration::TemplateError& e) {
    a.fail(e.path().starts_with("parameters.") ? "parameters" : "template", e.what());
  }
  if (a.has("demand")) {
    const JsonFields d = a.object("demand");
    spec.mean_vcpus = d.positive_or("mean_vcpus", spec.mean_vcpus);
    spec.amplitude = d.positive_or("amplitude", spec.amplitude, true);
    if (spec.amplitude > 1) d.fail("amplitude", "must be at most 1 (demand never negative)");
    spec.period_s = d.positive_or("period_s", spec.period_s);
    spec.trough_s = d.positive_or("trough_s", spec.trough_s, true);
    spec.bytes_per_vcpu_second =
        d.positive_or("bytes_per_vcpu_second", spec.bytes_per_vcpu_second, true);
    d.reject_unknown_keys();
  }
  spec.duration_s = a.positive_or("duration_s", spec.duration_s);
  spec.sample_interval_s = a.positive_or("sample_interval_s", spec.sample_interval_s);
  if (spec.sample_interval_s > spec.duration_s) {
    a.fail("sample_interval_s", "is longer than duration_s: no sample would be taken");
  }
  a.reject_unknown_keys();
  return spec;
}

}  // namespace stacksim::scenarios
