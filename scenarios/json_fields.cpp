#include "scenarios/json_fields.hpp"

#include <cmath>
#include <fstream>
#include <sstream>

namespace stacksim::scenarios {

using nlohmann::json;

JsonFields::JsonFields(const json& object, std::string file, std::string path)
    : object_(object), file_(std::move(file)), path_(std::move(path)) {
  if (!object_.is_object()) {
    throw ScenarioError(file_, path_.empty() ? "/" : path_,
                        std::string("expected an object, found ") + object_.type_name());
  }
}

json JsonFields::parse_file(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw ScenarioError(file, "", "cannot open file");
  std::stringstream buffer;
  buffer << in.rdbuf();
  try {
    return json::parse(buffer.str());
  } catch (const json::parse_error& e) {
    // nlohmann reports a byte offset; convert it to line:column for people.
    const std::string text = buffer.str();
    const std::size_t offset = std::min<std::size_t>(e.byte == 0 ? 0 : e.byte - 1, text.size());
    std::size_t line = 1, column = 1;
    for (std::size_t i = 0; i < offset; ++i) {
      if (text[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    throw ScenarioError(file, "line " + std::to_string(line) + " column " + std::to_string(column),
                        std::string("invalid JSON: ") + e.what());
  }
}

std::string JsonFields::path_of(std::string_view key) const {
  return path_ + "/" + std::string(key);
}

void JsonFields::fail(std::string_view key, const std::string& problem) const {
  throw ScenarioError(file_, key.empty() ? (path_.empty() ? "/" : path_) : path_of(key), problem);
}

const json* JsonFields::find(std::string_view key) const {
  seen_.emplace(key);
  auto it = object_.find(key);
  return it == object_.end() ? nullptr : &*it;
}

const json& JsonFields::get(std::string_view key) const {
  const json* v = find(key);
  if (v == nullptr) fail(key, "required field is missing");
  return *v;
}

bool JsonFields::has(std::string_view key) const {
  return find(key) != nullptr;
}

std::string JsonFields::string(std::string_view key) const {
  const json& v = get(key);
  if (!v.is_string()) fail(key, std::string("expected a string, found ") + v.type_name());
  return v.get<std::string>();
}

std::string JsonFields::string_or(std::string_view key, std::string fallback) const {
  return has(key) ? string(key) : std::move(fallback);
}

double JsonFields::number(std::string_view key) const {
  const json& v = get(key);
  if (!v.is_number()) fail(key, std::string("expected a number, found ") + v.type_name());
  const double d = v.get<double>();
  if (!std::isfinite(d)) fail(key, "expected a finite number");
  return d;
}

double JsonFields::number_or(std::string_view key, double fallback) const {
  return has(key) ? number(key) : fallback;
}

double JsonFields::positive(std::string_view key, bool allow_zero) const {
  const double d = number(key);
  if (d < 0 || (!allow_zero && d == 0)) {
    std::ostringstream msg;
    msg << "expected a number " << (allow_zero ? ">= 0" : "> 0") << ", found " << d;
    fail(key, msg.str());
  }
  return d;
}

double JsonFields::positive_or(std::string_view key, double fallback, bool allow_zero) const {
  return has(key) ? positive(key, allow_zero) : fallback;
}

std::int64_t JsonFields::integer(std::string_view key) const {
  const json& v = get(key);
  if (v.is_number_integer()) return v.get<std::int64_t>();
  if (v.is_number_float()) {
    const double d = v.get<double>();
    if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9.0e15) {
      return static_cast<std::int64_t>(d);
    }
  }
  fail(key, std::string("expected an integer, found ") + v.dump());
}

std::int64_t JsonFields::integer_or(std::string_view key, std::int64_t fallback) const {
  return has(key) ? integer(key) : fallback;
}

bool JsonFields::boolean_or(std::string_view key, bool fallback) const {
  if (!has(key)) return fallback;
  const json& v = get(key);
  if (!v.is_boolean()) fail(key, std::string("expected true or false, found ") + v.dump());
  return v.get<bool>();
}

std::int64_t JsonFields::integer_in(std::string_view key, std::int64_t lo, std::int64_t hi) const {
  const std::int64_t v = integer(key);
  if (v < lo || v > hi) {
    fail(key, "expected an integer from " + std::to_string(lo) + " to " + std::to_string(hi) +
                  ", found " + std::to_string(v));
  }
  return v;
}

std::vector<std::string> JsonFields::strings(std::string_view key, bool unique) const {
  const json& a = array(key);
  std::vector<std::string> out;
  std::set<std::string, std::less<>> seen;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const std::string where = path_of(key) + "/" + std::to_string(i);
    if (!a[i].is_string() || a[i].get_ref<const std::string&>().empty()) {
      throw ScenarioError(file_, where, "expected a non-empty string, found " + a[i].dump());
    }
    const auto& v = a[i].get_ref<const std::string&>();
    if (unique && !seen.insert(v).second) {
      throw ScenarioError(file_, where, "\"" + v + "\" appears twice");
    }
    out.push_back(v);
  }
  return out;
}

std::map<std::string, std::string> JsonFields::text_map(std::string_view key) const {
  const json& v = get(key);
  if (!v.is_object()) fail(key, std::string("expected an object, found ") + v.type_name());
  std::map<std::string, std::string> out;
  for (auto it = v.begin(); it != v.end(); ++it) {
    if (it->is_string()) {
      out[it.key()] = it->get<std::string>();
    } else if (it->is_number() || it->is_boolean()) {
      out[it.key()] = it->dump();
    } else {
      throw ScenarioError(
          file_, path_of(key) + "/" + it.key(),
          std::string("expected a string, number or boolean, found ") + it->type_name());
    }
  }
  return out;
}

std::map<std::string, double> JsonFields::number_map(std::string_view key) const {
  const json& v = get(key);
  if (!v.is_object()) fail(key, std::string("expected an object, found ") + v.type_name());
  std::map<std::string, double> out;
  for (auto it = v.begin(); it != v.end(); ++it) {
    if (!it->is_number() || !std::isfinite(it->get<double>())) {
      throw ScenarioError(file_, path_of(key) + "/" + it.key(),
                          "expected a number, found " + it->dump());
    }
    out[it.key()] = it->get<double>();
  }
  return out;
}

JsonFields JsonFields::object(std::string_view key) const {
  const json& v = get(key);
  if (!v.is_object()) fail(key, std::string("expected an object, found ") + v.type_name());
  return JsonFields(v, file_, path_of(key));
}

const json& JsonFields::array(std::string_view key) const {
  const json& v = get(key);
  if (!v.is_array()) fail(key, std::string("expected an array, found ") + v.type_name());
  return v;
}

JsonFields JsonFields::element(const json& array, std::size_t index, std::string_view key) const {
  const json& v = array.at(index);
  const std::string where = path_of(key) + "/" + std::to_string(index);
  if (!v.is_object()) {
    throw ScenarioError(file_, where, std::string("expected an object, found ") + v.type_name());
  }
  return JsonFields(v, file_, where);
}

std::string JsonFields::choice(std::string_view key, const std::set<std::string>& choices,
                               std::optional<std::string> fallback) const {
  if (!has(key) && fallback) return *fallback;
  std::string value = string(key);
  if (!choices.contains(value)) {
    std::string list;
    for (const auto& c : choices)
      list += (list.empty() ? "" : ", ") + c;
    fail(key, "unknown value \"" + value + "\"; expected one of: " + list);
  }
  return value;
}

void JsonFields::reject_unknown_keys() const {
  for (auto it = object_.begin(); it != object_.end(); ++it) {
    if (!seen_.contains(it.key())) {
      fail(it.key(), "unknown field (check the spelling; see docs/scenarios.md)");
    }
  }
}

}  // namespace stacksim::scenarios
