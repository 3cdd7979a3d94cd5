#pragma once
// One delimited row of a trace file, split in place, with typed access that reports malformed
// values as "file:line: column <name>: expected ..., found ...".

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "scenarios/traces/trace_error.hpp"

namespace stacksim::scenarios {

class RowFields {
 public:
  enum class Split {
    delimiter,   // exactly one delimiter character between fields; double quotes honoured
    whitespace,  // runs of blanks and tabs separate fields (SWF)
  };

  /// Splits `line` into fields (views into `line`, valid while it is).
  void split(std::string_view line, char delimiter, Split mode = Split::delimiter);
  /// Like split, and requires exactly names.size() fields (at least `min_fields` when given).
  void split_expect(std::string_view line, char delimiter, const std::vector<std::string>& names,
                    std::string location, Split mode = Split::delimiter,
                    std::size_t min_fields = 0);

  [[nodiscard]] std::size_t size() const noexcept { return fields_.size(); }
  [[nodiscard]] std::string_view text(std::size_t i) const;
  [[nodiscard]] bool empty(std::size_t i) const { return text(i).empty(); }
  [[nodiscard]] double number(std::size_t i) const;
  [[nodiscard]] std::int64_t integer(std::size_t i) const;
  /// Decimal comma accepted (Bitbrains' Materna variant writes "1,5").
  [[nodiscard]] double number_decimal_comma(std::size_t i) const;

  [[noreturn]] void fail(std::size_t i, const std::string& problem) const;
  [[noreturn]] void fail_row(const std::string& problem) const;

  void set_names(const std::vector<std::string>* names) noexcept { names_ = names; }
  void set_location(std::string location) { location_ = std::move(location); }
  [[nodiscard]] const std::string& location() const noexcept { return location_; }

 private:
  std::vector<std::string_view> fields_;
  std::deque<std::string> unquoted_;  // quoted fields; a deque never moves its elements
  const std::vector<std::string>* names_ = nullptr;
  std::string location_;
};

/// Parses a whole string as a finite double; false if it is not one.
bool parse_double(std::string_view text, double& out);
/// Parses a whole string as a base-10 integer; false if it is not one.
bool parse_int64(std::string_view text, std::int64_t& out);

}  // namespace stacksim::scenarios
