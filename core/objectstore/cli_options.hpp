#pragma once
// A small optparse: the option syntax swift-ring-builder accepts (-x value, -xvalue, --long value,
// --long=value, flags), interspersed with positional arguments.

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace stacksim::objectstore {

struct OptionSpec {
  char short_name = 0;  // 0: long form only
  std::string long_name;
  bool takes_value = true;
};

class CliOptions {
 public:
  /// Throws std::invalid_argument ("no such option: -x", "-x option requires 1 argument").
  CliOptions(const std::vector<std::string>& args, const std::vector<OptionSpec>& specs);

  [[nodiscard]] const std::vector<std::string>& positional() const { return positional_; }
  [[nodiscard]] bool has(const std::string& long_name) const {
    return values_.count(long_name) != 0;
  }
  [[nodiscard]] std::optional<std::string> value(const std::string& long_name) const;
  /// optparse's type="int" / type="float" conversions with its error messages.
  [[nodiscard]] std::optional<int> integer(const std::string& long_name) const;
  [[nodiscard]] std::optional<double> number(const std::string& long_name) const;

 private:
  std::vector<std::string> positional_;
  std::map<std::string, std::string> values_;
};

/// Python's int(text) for a decimal integer; throws std::invalid_argument with Python's message.
int parse_python_int(const std::string& text);
/// Python's float(text); throws std::invalid_argument with Python's message.
double parse_python_float(const std::string& text);

}  // namespace stacksim::objectstore
