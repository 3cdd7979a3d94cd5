#pragma once
// The pieces of Python's json.dumps(..., sort_keys=True, ensure_ascii=True) that ring headers use,
// so our ring files are byte-identical to Swift's: float repr, ints, and ASCII-escaped strings.

#include <string>
#include <string_view>

namespace stacksim::objectstore {

/// repr(float) as json.dumps prints it: shortest round-trip digits, "100.0", "1e-05", "1e+16".
std::string python_float_repr(double value);
/// A JSON string literal with every character outside ' '..'~' escaped (\uXXXX, surrogate pairs
/// above U+FFFF). Invalid UTF-8 bytes become \udcXX, as Python's surrogateescape decodes argv.
std::string python_json_string(std::string_view utf8);

}  // namespace stacksim::objectstore
