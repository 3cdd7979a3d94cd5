#include "core/objectstore/cli_options.hpp"

#include <cctype>
#include <cerrno>
#include <climits>
#include <cstdlib>

#include "core/objectstore/text.hpp"

namespace stacksim::objectstore {

namespace {

std::string strip(const std::string& s) {
  std::size_t b = 0;
  std::size_t e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b])))
    ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1])))
    --e;
  return s.substr(b, e - b);
}

}  // namespace

int parse_python_int(const std::string& text) {
  const std::string t = strip(text);
  errno = 0;
  char* end = nullptr;
  const long v = t.empty() ? 0 : std::strtol(t.c_str(), &end, 10);
  if (t.empty() || end != t.c_str() + t.size() || errno == ERANGE || v < INT_MIN || v > INT_MAX) {
    throw std::invalid_argument(cat("invalid literal for int() with base 10: '", text, "'"));
  }
  return static_cast<int>(v);
}

double parse_python_float(const std::string& text) {
  const std::string t = strip(text);
  char* end = nullptr;
  const double v = t.empty() ? 0 : std::strtod(t.c_str(), &end);
  // strtod also reads hex floats, which Python's float() rejects.
  const bool hex = t.find_first_of("xX") != std::string::npos;
  if (t.empty() || hex || end != t.c_str() + t.size()) {
    throw std::invalid_argument(cat("could not convert string to float: '", text, "'"));
  }
  return v;
}

CliOptions::CliOptions(const std::vector<std::string>& args, const std::vector<OptionSpec>& specs) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--") {
      positional_.insert(positional_.end(), args.begin() + static_cast<std::ptrdiff_t>(i) + 1,
                         args.end());
      break;
    }
    if (a.size() < 2 || a[0] != '-') {
      positional_.push_back(a);
      continue;
    }
    const OptionSpec* spec = nullptr;
    std::optional<std::string> inline_value;
    std::string shown;
    if (a[1] == '-') {
      const auto eq = a.find('=');
      const std::string name = a.substr(2, eq == std::string::npos ? std::string::npos : eq - 2);
      if (eq != std::string::npos) inline_value = a.substr(eq + 1);
      for (const auto& s : specs) {
        if (s.long_name == name) spec = &s;
      }
      shown = cat("--", name);
    } else {
      for (const auto& s : specs) {
        if (s.short_name == a[1]) spec = &s;
      }
      if (a.size() > 2) inline_value = a.substr(2);
      shown = cat('-', a[1]);
    }
    if (spec == nullptr) throw std::invalid_argument(cat("no such option: ", shown));
    if (!spec->takes_value) {
      if (inline_value) throw std::invalid_argument(cat(shown, " option does not take a value"));
      values_[spec->long_name] = "";
      continue;
    }
    if (!inline_value) {
      if (i + 1 >= args.size())
        throw std::invalid_argument(cat(shown, " option requires 1 argument"));
      inline_value = args[++i];
    }
    values_[spec->long_name] = *inline_value;
  }
}

std::optional<std::string> CliOptions::value(const std::string& long_name) const {
  const auto it = values_.find(long_name);
  if (it == values_.end()) return std::nullopt;
  return it->second;
}

std::optional<int> CliOptions::integer(const std::string& long_name) const {
  const auto v = value(long_name);
  if (!v) return std::nullopt;
  try {
    return parse_python_int(*v);
  } catch (const std::invalid_argument&) {
    throw std::invalid_argument(cat("option --", long_name, ": invalid integer value: '", *v, "'"));
  }
}

std::optional<double> CliOptions::number(const std::string& long_name) const {
  const auto v = value(long_name);
  if (!v) return std::nullopt;
  try {
    return parse_python_float(*v);
  } catch (const std::invalid_argument&) {
    throw std::invalid_argument(
        cat("option --", long_name, ": invalid floating-point value: '", *v, "'"));
  }
}

}  // namespace stacksim::objectstore
