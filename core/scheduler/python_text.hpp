#pragma once
// Python's text conventions where Nova's behaviour depends on them: repr() of a float (the JSON
// weights and str() of capabilities), float() parsing (extra-spec operators and weight multipliers
// from aggregate metadata), str.split()/str.strip() whitespace, and json.dumps string escaping.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stacksim::scheduler {

/// repr(float): shortest round-trip digits, fixed notation for exponents in [-4, 16), otherwise
/// scientific with a two-digit exponent ("1e-05", "1.5e+16"); "inf", "-inf", "nan".
std::string python_float_repr(double value);

/// Appends python_float_repr(value) to `out` without allocating for the digits.
void append_python_float_repr(std::string& out, double value);

/// float(text) as Python parses it (surrounding whitespace, '_' between digits, inf/nan);
/// nullopt where Python raises ValueError.
std::optional<double> python_float(std::string_view text);

/// int(text) for base-10 text as Python parses it; nullopt where Python raises ValueError.
std::optional<long long> python_int(std::string_view text);

/// True for the characters str.split()/str.strip() treat as whitespace (ASCII range).
bool is_python_space(char c) noexcept;

/// str.strip().
std::string_view python_strip(std::string_view text) noexcept;

/// str.split() with no separator: runs of whitespace separate, no empty words.
std::vector<std::string_view> python_split(std::string_view text);

/// json.dumps(text) with its default ensure_ascii=True: quotes, escapes, \uXXXX for non-ASCII.
void append_json_string(std::string& out, std::string_view text);

}  // namespace stacksim::scheduler
