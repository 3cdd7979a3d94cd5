#pragma once
// Filters and weighers by name, the way Nova loads them from enabled_filters / weight_classes.
// The built-in Nova plugins are registered by with_builtins(); experiments add their own C++ (and,
// through the Python module, Python) plugins under new names before constructing a Scheduler.

#include <functional>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/scheduler/filter.hpp"
#include "core/scheduler/weigher.hpp"

namespace stacksim::scheduler {

/// A configuration naming something that does not exist (unknown filter, weigher or policy).
class SchedulerConfigError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

class PluginRegistry {
 public:
  using FilterFactory = std::function<std::unique_ptr<Filter>()>;
  using WeigherFactory = std::function<std::unique_ptr<Weigher>()>;

  /// Every filter and weigher of docs/scheduler.md under its Nova class name.
  static PluginRegistry with_builtins();

  /// Registers (or replaces) a plugin.
  void add_filter(std::string name, FilterFactory factory);
  void add_weigher(std::string name, WeigherFactory factory);

  /// Throws SchedulerConfigError listing the known names when `name` is not registered.
  [[nodiscard]] std::unique_ptr<Filter> make_filter(std::string_view name) const;
  [[nodiscard]] std::unique_ptr<Weigher> make_weigher(std::string_view name) const;

  [[nodiscard]] std::vector<std::string> filter_names() const;
  [[nodiscard]] std::vector<std::string> weigher_names() const;

 private:
  std::map<std::string, FilterFactory, std::less<>> filters_;
  std::map<std::string, WeigherFactory, std::less<>> weighers_;
};

}  // namespace stacksim::scheduler
