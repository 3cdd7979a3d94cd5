#include "core/orchestration/resource_plugin.hpp"

#include "core/orchestration/template_error.hpp"

namespace stacksim::orchestration {
namespace {

bool matches(PropertyType type, const nlohmann::json& value) {
  switch (type) {
    case PropertyType::string:
      return value.is_string() || value.is_number();
    case PropertyType::integer:
      return value.is_number_integer() ||
             (value.is_number_float() &&
              value.get<double>() == static_cast<double>(value.get<std::int64_t>()));
    case PropertyType::number:
      return value.is_number();
    case PropertyType::boolean:
      return value.is_boolean();
    case PropertyType::list:
      return value.is_array();
    case PropertyType::map:
      return value.is_object();
    case PropertyType::any:
      return true;
  }
  return true;
}

const char* name_of(PropertyType type) {
  switch (type) {
    case PropertyType::string:
      return "a string";
    case PropertyType::integer:
      return "an integer";
    case PropertyType::number:
      return "a number";
    case PropertyType::boolean:
      return "a boolean";
    case PropertyType::list:
      return "a list";
    case PropertyType::map:
      return "a map";
    case PropertyType::any:
      return "a value";
  }
  return "a value";
}

bool is_function_call(const nlohmann::json& value) {
  return value.is_object() && value.size() == 1 &&
         (value.contains("get_param") || value.contains("get_resource") ||
          value.contains("get_attr") || value.contains("str_replace") ||
          value.contains("list_join"));
}

}  // namespace

runtime::Task<std::optional<ResourceData>> ResourcePlugin::update(PluginContext ctx,
                                                                  ResourceData data,
                                                                  nlohmann::json old_properties,
                                                                  nlohmann::json new_properties,
                                                                  std::string path) const {
  (void)ctx;
  (void)data;
  (void)old_properties;
  (void)new_properties;
  (void)path;
  co_return std::nullopt;
}

void check_properties(const ResourcePlugin& plugin, const nlohmann::json& properties,
                      const std::string& path, bool resolved) {
  const std::vector<PropertySpec> specs = plugin.properties();
  for (const auto& [key, value] : properties.items()) {
    const auto spec = std::find_if(specs.begin(), specs.end(),
                                   [&key](const PropertySpec& s) { return s.name == key; });
    if (spec == specs.end()) {
      throw TemplateError(child_path(path, key),
                          "unknown property of " + std::string(plugin.type_name()));
    }
    if ((resolved || !is_function_call(value)) && !value.is_null() && !matches(spec->type, value)) {
      throw TemplateError(child_path(path, key), std::string("expected ") + name_of(spec->type));
    }
  }
  for (const PropertySpec& spec : specs) {
    if (spec.required && (!properties.contains(spec.name) || properties[spec.name].is_null())) {
      throw TemplateError(child_path(path, spec.name), "required property is missing");
    }
  }
}

}  // namespace stacksim::orchestration
