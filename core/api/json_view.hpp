#pragma once
// Typed, validated access to a JSON request body. Every failure is a 400 (ServiceError
// "ValidationError") naming the field by its path in the body, in jsonschema's words as the
// OpenStack services report them: "Invalid input for field 'server.name': 5 is not of type
// 'string'."

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/api/http_message.hpp"
#include "core/runtime/service_error.hpp"

namespace stacksim::api {

/// 400 naming `field` and the reason.
runtime::ServiceError invalid_field(const std::string& field, const std::string& reason);

/// The request body as JSON; 400 if it is empty (when `required`) or not JSON.
nlohmann::json parse_json_body(const HttpRequest& request, bool required = true);

class JsonView {
 public:
  /// `path` is how errors name this node ("" for the body itself).
  JsonView(const nlohmann::json& node, std::string path) : node_(&node), path_(std::move(path)) {}

  [[nodiscard]] const nlohmann::json& json() const noexcept { return *node_; }
  [[nodiscard]] const std::string& path() const noexcept { return path_; }
  [[nodiscard]] bool has(std::string_view key) const;
  /// True if the key is present with a null value.
  [[nodiscard]] bool is_null(std::string_view key) const;

  /// A required member that must be an object.
  [[nodiscard]] JsonView object(std::string_view key) const;
  [[nodiscard]] std::optional<JsonView> optional_object(std::string_view key) const;
  /// A required member that must be an array; its elements, each with its path ("a.b[2]").
  [[nodiscard]] std::vector<JsonView> array(std::string_view key) const;
  [[nodiscard]] std::optional<std::vector<JsonView>> optional_array(std::string_view key) const;

  [[nodiscard]] std::string string(std::string_view key) const;
  /// Absent or null: nullopt.
  [[nodiscard]] std::optional<std::string> optional_string(std::string_view key) const;
  [[nodiscard]] bool boolean(std::string_view key) const;
  [[nodiscard]] std::optional<bool> optional_boolean(std::string_view key) const;
  /// An integer, or a string of decimal digits (Nova accepts both for flavor sizes).
  [[nodiscard]] std::int64_t integer(std::string_view key) const;
  [[nodiscard]] std::optional<std::int64_t> optional_integer(std::string_view key) const;
  [[nodiscard]] double number(std::string_view key) const;
  /// An array of strings.
  [[nodiscard]] std::vector<std::string> strings(std::string_view key) const;
  /// A flat object of string values (metadata, extra specs, properties).
  [[nodiscard]] std::vector<std::pair<std::string, std::string>> string_map(
      std::string_view key) const;

  /// This node as a string / integer (for array elements).
  [[nodiscard]] std::string as_string() const;
  [[nodiscard]] std::int64_t as_integer() const;

  /// A string member restricted to `allowed`: "'x' is not one of ['a', 'b']".
  [[nodiscard]] std::string choice(std::string_view key,
                                   std::initializer_list<std::string_view> allowed) const;

  /// 400 "Additional properties are not allowed ('x' was unexpected)" for any other key.
  void reject_unknown(std::initializer_list<std::string_view> allowed) const;

  /// 400 naming this node (or its member `key`) with `reason`.
  [[nodiscard]] runtime::ServiceError error(std::string_view key, const std::string& reason) const;

 private:
  [[nodiscard]] std::string child_path(std::string_view key) const;
  [[nodiscard]] const nlohmann::json& member(std::string_view key) const;  // required
  [[nodiscard]] const nlohmann::json* find(std::string_view key) const;    // absent: nullptr
  [[nodiscard]] runtime::ServiceError type_error(std::string_view key, const nlohmann::json& value,
                                                 const char* type) const;

  const nlohmann::json* node_;
  std::string path_;
};

}  // namespace stacksim::api
