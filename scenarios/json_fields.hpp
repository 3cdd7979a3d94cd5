#pragma once
// Typed, validated access to a JSON document: every read knows its JSON path (e.g.
// "/workload/arrival_rate_per_s") so a wrong or missing value is reported with file and path, and
// unknown keys are rejected instead of silently ignored.

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "scenarios/scenario_error.hpp"

namespace stacksim::scenarios {

class JsonFields {
 public:
  JsonFields(const nlohmann::json& object, std::string file, std::string path);

  /// Reads and parses a JSON file; syntax errors name the file, line and column.
  static nlohmann::json parse_file(const std::string& file);

  [[nodiscard]] bool has(std::string_view key) const;
  [[nodiscard]] const std::string& file() const noexcept { return file_; }
  [[nodiscard]] std::string path_of(std::string_view key) const;

  [[nodiscard]] std::string string(std::string_view key) const;
  [[nodiscard]] std::string string_or(std::string_view key, std::string fallback) const;
  [[nodiscard]] double number(std::string_view key) const;
  [[nodiscard]] double number_or(std::string_view key, double fallback) const;
  /// A number > 0 (or >= 0 when allow_zero).
  [[nodiscard]] double positive(std::string_view key, bool allow_zero = false) const;
  [[nodiscard]] double positive_or(std::string_view key, double fallback,
                                   bool allow_zero = false) const;
  [[nodiscard]] std::int64_t integer(std::string_view key) const;
  [[nodiscard]] std::int64_t integer_or(std::string_view key, std::int64_t fallback) const;
  [[nodiscard]] bool boolean_or(std::string_view key, bool fallback) const;
  [[nodiscard]] JsonFields object(std::string_view key) const;
  [[nodiscard]] const nlohmann::json& array(std::string_view key) const;
  [[nodiscard]] JsonFields element(const nlohmann::json& array, std::size_t index,
                                   std::string_view key) const;
  /// An integer in [lo, hi].
  [[nodiscard]] std::int64_t integer_in(std::string_view key, std::int64_t lo,
                                        std::int64_t hi) const;
  /// An array of strings (each non-empty; unique when `unique`).
  [[nodiscard]] std::vector<std::string> strings(std::string_view key, bool unique = true) const;
  /// An object whose values are strings, numbers or booleans, kept as text.
  [[nodiscard]] std::map<std::string, std::string> text_map(std::string_view key) const;
  /// An object whose values are numbers.
  [[nodiscard]] std::map<std::string, double> number_map(std::string_view key) const;
  [[nodiscard]] const std::string& path() const noexcept { return path_; }
  /// The raw value of a required field (to branch on its JSON type).
  [[nodiscard]] const nlohmann::json& value(std::string_view key) const { return get(key); }
  /// One of `choices`; the error lists them.
  [[nodiscard]] std::string choice(std::string_view key, const std::set<std::string>& choices,
                                   std::optional<std::string> fallback = std::nullopt) const;

  /// Fails on any key that was never asked for through this reader (typos must not pass).
  void reject_unknown_keys() const;

  [[noreturn]] void fail(std::string_view key, const std::string& problem) const;

 private:
  const nlohmann::json& get(std::string_view key) const;
  const nlohmann::json* find(std::string_view key) const;

  const nlohmann::json& object_;
  std::string file_;
  std::string path_;
  mutable std::set<std::string, std::less<>> seen_;
};

}  // namespace stacksim::scenarios
