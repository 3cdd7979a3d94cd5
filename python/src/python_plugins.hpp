#pragma once
// Scheduler filters and weighers written in Python. The C++ scheduler calls the Python callable
// once per host: filter(host, request) -> bool, weigher(host, request) -> float. The callable gets
// HostView / RequestView objects that read the scheduler's state directly; they are valid only
// during the call that received them (afterwards reading them raises instead of crashing).

#include <pybind11/pybind11.h>

#include <memory>
#include <optional>
#include <string>

#include "core/scheduler/filter.hpp"
#include "core/scheduler/weigher.hpp"

namespace stacksim::python {

/// Shared by the views handed out during one filter/weigher call; cleared when it returns.
using ViewScope = std::shared_ptr<const scheduler::RequestContext*>;

struct HostView {
  ViewScope scope;
  scheduler::HostId host = 0;
  [[nodiscard]] const scheduler::HostStates& hosts() const;
};

struct RequestView {
  ViewScope scope;
  [[nodiscard]] const scheduler::RequestContext& context() const;
};

class PythonFilter final : public scheduler::HostFilter {
 public:
  PythonFilter(std::string name, pybind11::object callable, bool once_per_request);
  ~PythonFilter() override;
  [[nodiscard]] std::string_view name() const override { return name_; }
  [[nodiscard]] bool run_filter_once_per_request() const override { return once_; }

 protected:
  bool host_passes(const scheduler::RequestContext& ctx, scheduler::HostId host) override;

 private:
  std::string name_;
  pybind11::object callable_;
  bool once_;
};

struct PythonWeigherOptions {
  scheduler::MultiplierOption multiplier;
  std::optional<double> minval;
  std::optional<double> maxval;
};

class PythonWeigher final : public scheduler::Weigher {
 public:
  PythonWeigher(std::string name, pybind11::object callable, PythonWeigherOptions options);
  ~PythonWeigher() override;
  [[nodiscard]] std::string_view name() const override { return name_; }
  [[nodiscard]] std::optional<double> minval() const override { return options_.minval; }
  [[nodiscard]] std::optional<double> maxval() const override { return options_.maxval; }
  [[nodiscard]] scheduler::MultiplierOption multiplier_option() const override {
    return options_.multiplier;
  }
  bool weigh(const scheduler::RequestContext& ctx, std::span<const scheduler::HostId> hosts,
             std::span<double> raw) override;

 private:
  std::string name_;
  pybind11::object callable_;
  PythonWeigherOptions options_;
};

/// Registers HostView and RequestView with the module.
void bind_plugin_views(pybind11::module_& m);

}  // namespace stacksim::python
