#pragma once
// Typed read access to one JSON value that knows its file and JSON pointer, so every wrong, missing
// or unexpected value is reported as "file: /flows/3/bytes: problem". The sim models read their own
// inputs with it (scenarios depends on sim, not the other way round).

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "sim/models/input_error.hpp"

namespace stacksim::sim {

class JsonInput {
 public:
  JsonInput(const nlohmann::json& value, std::string file, std::string path = "");

  /// Reads and parses a JSON file; syntax errors name the file, line and column.
  static nlohmann::json parse_file(const std::string& file);

  [[nodiscard]] const nlohmann::json& value() const noexcept { return *value_; }
  [[nodiscard]] const std::string& file() const noexcept { return file_; }
  [[nodiscard]] std::string path() const { return path_.empty() ? "/" : path_; }

  [[nodiscard]] bool has(std::string_view key) const;
  /// A required member of this object.
  [[nodiscard]] JsonInput operator[](std::string_view key) const;
  [[nodiscard]] std::optional<JsonInput> find(std::string_view key) const;
  /// An element of this array.
  [[nodiscard]] JsonInput operator[](std::size_t index) const;
  /// Number of elements of this array (fails if it is not an array).
  [[nodiscard]] std::size_t size() const;
  /// Keys of this object, in document order of nlohmann's map (sorted).
  [[nodiscard]] std::vector<std::string> keys() const;

  [[nodiscard]] std::string string() const;
  [[nodiscard]] double number() const;
  /// A finite number >= 0.
  [[nodiscard]] double non_negative() const;
  /// A finite number > 0.
  [[nodiscard]] double positive() const;
  [[nodiscard]] std::int64_t integer() const;
  [[nodiscard]] bool boolean() const;

  /// Fails on any member not named in `known` (typos must not pass silently).
  void allow_only(std::initializer_list<std::string_view> known) const;

  [[noreturn]] void fail(const std::string& problem) const;

 private:
  void expect_object() const;
  void expect_array() const;

  const nlohmann::json* value_;
  std::string file_;
  std::string path_;
};

}  // namespace stacksim::sim
