#include "core/api/json_view.hpp"

#include <charconv>

namespace stacksim::api {
namespace {

/// A value as jsonschema quotes it in messages, cut short so huge inputs do not flood errors.
std::string quoted(const nlohmann::json& value) {
  std::string text;
  if (value.is_string()) {
    text.push_back('\'');
    text += value.get_ref<const std::string&>();
    text.push_back('\'');
  } else {
    text = value.dump();
  }
  if (text.size() > 64) text = text.substr(0, 61) + "...";
  return text;
}

std::optional<std::int64_t> parse_integer(const nlohmann::json& v) {
  if (v.is_number_integer()) return v.get<std::int64_t>();
  if (v.is_string()) {
    const std::string& s = v.get_ref<const std::string&>();
    std::int64_t out = 0;
    const char* end = s.data() + s.size();
    auto [ptr, ec] = std::from_chars(s.data(), end, out);
    if (!s.empty() && ec == std::errc() && ptr == end) return out;
  }
  return std::nullopt;
}

}  // namespace

runtime::ServiceError invalid_field(const std::string& field, const std::string& reason) {
  return {"ValidationError", 400, "Invalid input for field '" + field + "': " + reason + "."};
}

nlohmann::json parse_json_body(const HttpRequest& request, bool required) {
  if (request.body.empty()) {
    if (!required) return nlohmann::json::object();
    throw runtime::ServiceError("ValidationError", 400,
                                "The request body is empty; a JSON document is required.");
  }
  nlohmann::json doc = nlohmann::json::parse(request.body, nullptr, false);
  if (doc.is_discarded()) {
    throw runtime::ServiceError("ValidationError", 400, "Malformed request body: not valid JSON.");
  }
  if (!doc.is_object()) throw invalid_field("", quoted(doc) + " is not of type 'object'");
  return doc;
}

std::string JsonView::child_path(std::string_view key) const {
  if (path_.empty()) return std::string(key);
  return path_ + "." + std::string(key);
}

runtime::ServiceError JsonView::error(std::string_view key, const std::string& reason) const {
  return invalid_field(key.empty() ? path_ : child_path(key), reason);
}

runtime::ServiceError JsonView::type_error(std::string_view key, const nlohmann::json& value,
                                           const char* type) const {
  return error(key, quoted(value) + " is not of type '" + type + "'");
}

const nlohmann::json* JsonView::find(std::string_view key) const {
  if (!node_->is_object()) return nullptr;
  auto it = node_->find(key);
  return it == node_->end() ? nullptr : &*it;
}

const nlohmann::json& JsonView::member(std::string_view key) const {
  const nlohmann::json* v = find(key);
  if (v == nullptr) {
    throw invalid_field(path_.empty() ? std::string(key) : path_,
                        "'" + std::string(key) + "' is a required property");
  }
  return *v;
}

bool JsonView::has(std::string_view key) const {
  return find(key) != nullptr;
}

bool JsonView::is_null(std::string_view key) const {
  const nlohmann::json* v = find(key);
  return v != nullptr && v->is_null();
}

JsonView JsonView::object(std::string_view key) const {
  const nlohmann::json& v = member(key);
  if (!v.is_object()) throw type_error(key, v, "object");
  return {v, child_path(key)};
}

std::optional<JsonView> JsonView::optional_object(std::string_view key) const {
  const nlohmann::json* v = find(key);
  if (v == nullptr || v->is_null()) return std::nullopt;
  if (!v->is_object()) throw type_error(key, *v, "object");
  return JsonView(*v, child_path(key));
}

std::vector<JsonView> JsonView::array(std::string_view key) const {
  const nlohmann::json& v = member(key);
  if (!v.is_array()) throw type_error(key, v, "array");
  std::vector<JsonView> out;
  out.reserve(v.size());
  for (std::size_t i = 0; i < v.size(); ++i)
    out.emplace_back(v[i], child_path(key) + "[" + std::to_string(i) + "]");
  return out;
}

std::optional<std::vector<JsonView>> JsonView::optional_array(std::string_view key) const {
  const nlohmann::json* v = find(key);
  if (v == nullptr || v->is_null()) return std::nullopt;
  return array(key);
}

std::string JsonView::string(std::string_view key) const {
  const nlohmann::json& v = member(key);
  if (!v.is_string()) throw type_error(key, v, "string");
  return v.get<std::string>();
}

std::optional<std::string> JsonView::optional_string(std::string_view key) const {
  const nlohmann::json* v = find(key);
  if (v == nullptr || v->is_null()) return std::nullopt;
  if (!v->is_string()) throw type_error(key, *v, "string");
  return v->get<std::string>();
}

bool JsonView::boolean(std::string_view key) const {
  const nlohmann::json& v = member(key);
  if (!v.is_boolean()) throw type_error(key, v, "boolean");
  return v.get<bool>();
}

std::optional<bool> JsonView::optional_boolean(std::string_view key) const {
  const nlohmann::json* v = find(key);
  if (v == nullptr || v->is_null()) return std::nullopt;
  if (!v->is_boolean()) throw type_error(key, *v, "boolean");
  return v->get<bool>();
}

std::int64_t JsonView::integer(std::string_view key) const {
  const nlohmann::json& v = member(key);
  if (auto i = parse_integer(v)) return *i;
  throw type_error(key, v, "integer");
}

std::optional<std::int64_t> JsonView::optional_integer(std::string_view key) const {
  const nlohmann::json* v = find(key);
  if (v == nullptr || v->is_null()) return std::nullopt;
  if (auto i = parse_integer(*v)) return i;
  throw type_error(key, *v, "integer");
}

double JsonView::number(std::string_view key) const {
  const nlohmann::json& v = member(key);
  if (!v.is_number()) throw type_error(key, v, "number");
  return v.get<double>();
}

std::vector<std::string> JsonView::strings(std::string_view key) const {
  std::vector<std::string> out;
  for (const JsonView& e : array(key))
    out.push_back(e.as_string());
  return out;
}

std::vector<std::pair<std::string, std::string>> JsonView::string_map(std::string_view key) const {
  const JsonView obj = object(key);
  std::vector<std::pair<std::string, std::string>> out;
  for (auto it = obj.json().begin(); it != obj.json().end(); ++it)
    out.emplace_back(it.key(), obj.string(it.key()));
  return out;
}

std::string JsonView::as_string() const {
  if (!node_->is_string()) throw invalid_field(path_, quoted(*node_) + " is not of type 'string'");
  return node_->get<std::string>();
}

std::int64_t JsonView::as_integer() const {
  if (auto i = parse_integer(*node_)) return *i;
  throw invalid_field(path_, quoted(*node_) + " is not of type 'integer'");
}

std::string JsonView::choice(std::string_view key,
                             std::initializer_list<std::string_view> allowed) const {
  std::string value = string(key);
  std::string list;
  for (std::string_view a : allowed) {
    if (a == value) return value;
    list += (list.empty() ? "'" : ", '") + std::string(a) + "'";
  }
  throw error(key, "'" + value + "' is not one of [" + list + "]");
}

void JsonView::reject_unknown(std::initializer_list<std::string_view> allowed) const {
  if (!node_->is_object()) return;
  for (auto it = node_->begin(); it != node_->end(); ++it) {
    bool known = false;
    for (std::string_view a : allowed)
      known = known || a == it.key();
    if (!known) {
      throw invalid_field(
          path_, "Additional properties are not allowed ('" + it.key() + "' was unexpected)");
    }
  }
}

}  // namespace stacksim::api
