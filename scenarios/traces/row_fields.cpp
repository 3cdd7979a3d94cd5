#include "scenarios/traces/row_fields.hpp"

#include <charconv>
#include <cmath>

namespace stacksim::scenarios {

bool parse_double(std::string_view text, double& out) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
    text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
    text.remove_suffix(1);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  if (text.empty()) return false;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, out);
  return ec == std::errc() && ptr == end && std::isfinite(out);
}

bool parse_int64(std::string_view text, std::int64_t& out) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
    text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
    text.remove_suffix(1);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  if (text.empty()) return false;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, out);
  return ec == std::errc() && ptr == end;
}

void RowFields::split(std::string_view line, char delimiter, Split mode) {
  fields_.clear();
  unquoted_.clear();
  if (mode == Split::whitespace) {
    std::size_t i = 0;
    while (i < line.size()) {
      while (i < line.size() && (line[i] == ' ' || line[i] == '\t'))
        ++i;
      if (i == line.size()) break;
      const std::size_t start = i;
      while (i < line.size() && line[i] != ' ' && line[i] != '\t')
        ++i;
      fields_.push_back(line.substr(start, i - start));
    }
    return;
  }
  std::size_t start = 0;
  for (;;) {
    if (start < line.size() && line[start] == '"') {
      // RFC 4180 quoting: "" inside a quoted field is one quote.
      std::string value;
      std::size_t i = start + 1;
      for (; i < line.size(); ++i) {
        if (line[i] == '"') {
          if (i + 1 < line.size() && line[i + 1] == '"') {
            value.push_back('"');
            ++i;
          } else {
            break;
          }
        } else {
          value.push_back(line[i]);
        }
      }
      if (i >= line.size()) fail_row("unterminated quoted field");
      unquoted_.push_back(std::move(value));
      fields_.push_back(unquoted_.back());
      start = i + 1;
      if (start < line.size() && line[start] != delimiter) fail_row("text after a quoted field");
    } else {
      const std::size_t end = line.find(delimiter, start);
      fields_.push_back(line.substr(start, end == std::string_view::npos ? end : end - start));
      start = end;
    }
    if (start == std::string_view::npos || start >= line.size()) break;
    ++start;  // past the delimiter
    if (start == line.size()) {
      fields_.emplace_back();  // trailing delimiter: one more, empty field
      break;
    }
  }
}

void RowFields::split_expect(std::string_view line, char delimiter,
                             const std::vector<std::string>& names, std::string location,
                             Split mode, std::size_t min_fields) {
  location_ = std::move(location);
  names_ = &names;
  split(line, delimiter, mode);
  const std::size_t need = min_fields == 0 ? names.size() : min_fields;
  if (fields_.size() < need || (min_fields == 0 && fields_.size() != names.size())) {
    fail_row("expected " + std::to_string(names.size()) + " fields, found " +
             std::to_string(fields_.size()));
  }
}

std::string_view RowFields::text(std::size_t i) const {
  if (i >= fields_.size()) fail(i, "missing field");
  return fields_[i];
}

double RowFields::number(std::size_t i) const {
  double v = 0;
  if (!parse_double(text(i), v)) {
    fail(i, "expected a number, found \"" + std::string(text(i)) + "\"");
  }
  return v;
}

double RowFields::number_decimal_comma(std::size_t i) const {
  const std::string_view t = text(i);
  if (t.find(',') == std::string_view::npos) return number(i);
  std::string copy(t);
  for (char& c : copy) {
    if (c == ',') c = '.';
  }
  double v = 0;
  if (!parse_double(copy, v)) fail(i, "expected a number, found \"" + std::string(t) + "\"");
  return v;
}

std::int64_t RowFields::integer(std::size_t i) const {
  std::int64_t v = 0;
  if (!parse_int64(text(i), v)) {
    fail(i, "expected an integer, found \"" + std::string(text(i)) + "\"");
  }
  return v;
}

void RowFields::fail(std::size_t i, const std::string& problem) const {
  std::string column = "column " + std::to_string(i + 1);
  if (names_ != nullptr && i < names_->size()) column += " (" + (*names_)[i] + ")";
  throw TraceRowError(location_, column + ": " + problem);
}

void RowFields::fail_row(const std::string& problem) const {
  throw TraceRowError(location_, problem);
}

}  // namespace stacksim::scenarios
