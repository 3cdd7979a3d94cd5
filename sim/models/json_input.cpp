#include "sim/models/json_input.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

namespace stacksim::sim {

using nlohmann::json;

namespace {

// JSON pointer escaping (RFC 6901) so that paths stay unambiguous for keys like "a->b/c".
std::string escape_key(std::string_view key) {
  std::string out;
  for (char c : key) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

JsonInput::JsonInput(const json& value, std::string file, std::string path)
    : value_(&value), file_(std::move(file)), path_(std::move(path)) {
}

json JsonInput::parse_file(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw InputError(file, "", "cannot open file");
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string text = buffer.str();
  try {
    return json::parse(text);
  } catch (const json::parse_error& e) {
    // nlohmann reports a byte offset; people want line:column.
    const std::size_t offset = std::min<std::size_t>(e.byte == 0 ? 0 : e.byte - 1, text.size());
    const auto line = 1 + std::count(text.begin(), text.begin() + static_cast<long>(offset), '\n');
    const std::size_t last_newline = text.rfind('\n', offset == 0 ? 0 : offset - 1);
    const std::size_t column =
        last_newline == std::string::npos || offset == 0 ? offset + 1 : offset - last_newline;
    throw InputError(file, "line " + std::to_string(line) + " column " + std::to_string(column),
                     std::string("invalid JSON: ") + e.what());
  }
}

void JsonInput::fail(const std::string& problem) const {
  throw InputError(file_, path(), problem);
}

void JsonInput::expect_object() const {
  if (!value_->is_object()) fail(std::string("expected an object, found ") + value_->type_name());
}

void JsonInput::expect_array() const {
  if (!value_->is_array()) fail(std::string("expected an array, found ") + value_->type_name());
}

bool JsonInput::has(std::string_view key) const {
  expect_object();
  return value_->contains(key);
}

std::optional<JsonInput> JsonInput::find(std::string_view key) const {
  expect_object();
  auto it = value_->find(key);
  if (it == value_->end()) return std::nullopt;
  return JsonInput(*it, file_, path_ + "/" + escape_key(key));
}

JsonInput JsonInput::operator[](std::string_view key) const {
  auto member = find(key);
  if (!member) throw InputError(file_, path_ + "/" + escape_key(key), "required field is missing");
  return *member;
}

JsonInput JsonInput::operator[](std::size_t index) const {
  expect_array();
  if (index >= value_->size()) fail("index " + std::to_string(index) + " is out of range");
  return JsonInput((*value_)[index], file_, path_ + "/" + std::to_string(index));
}

std::size_t JsonInput::size() const {
  expect_array();
  return value_->size();
}

std::vector<std::string> JsonInput::keys() const {
  expect_object();
  std::vector<std::string> out;
  for (auto it = value_->begin(); it != value_->end(); ++it)
    out.push_back(it.key());
  return out;
}

std::string JsonInput::string() const {
  if (!value_->is_string()) fail(std::string("expected a string, found ") + value_->type_name());
  return value_->get<std::string>();
}

double JsonInput::number() const {
  if (!value_->is_number()) fail(std::string("expected a number, found ") + value_->type_name());
  const double v = value_->get<double>();
  if (!std::isfinite(v)) fail("expected a finite number");
  return v;
}

double JsonInput::non_negative() const {
  const double v = number();
  if (v < 0) fail("must be >= 0, found " + value_->dump());
  return v;
}

double JsonInput::positive() const {
  const double v = number();
  if (v <= 0) fail("must be > 0, found " + value_->dump());
  return v;
}

std::int64_t JsonInput::integer() const {
  if (value_->is_number_integer()) return value_->get<std::int64_t>();
  if (value_->is_number_float()) {
    const double v = value_->get<double>();
    if (std::isfinite(v) && std::floor(v) == v && std::fabs(v) < 9.2e18) {
      return static_cast<std::int64_t>(v);
    }
  }
  fail(std::string("expected an integer, found ") + value_->dump());
}

bool JsonInput::boolean() const {
  if (!value_->is_boolean()) fail(std::string("expected true or false, found ") + value_->dump());
  return value_->get<bool>();
}

void JsonInput::allow_only(std::initializer_list<std::string_view> known) const {
  expect_object();
  for (auto it = value_->begin(); it != value_->end(); ++it) {
    if (std::find(known.begin(), known.end(), it.key()) == known.end()) {
      std::string list;
      for (std::string_view k : known)
        list += (list.empty() ? "" : ", ") + std::string(k);
      throw InputError(file_, path_ + "/" + escape_key(it.key()),
                       "unknown field (expected one of: " + list + ")");
    }
  }
}

}  // namespace stacksim::sim
