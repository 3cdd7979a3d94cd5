#pragma once
// A one-line progress display on stderr for long runs: simulated time, events/s and, when the end
// is known, a bar and the ETA. It draws only when stderr is a terminal.

#include <cstdio>

#include "scenarios/runner/experiment.hpp"

namespace stacksim::scenarios {

class ProgressBar {
 public:
  /// Enabled only if `stream` is a terminal (and `enabled`).
  explicit ProgressBar(std::FILE* stream = stderr, bool enabled = true);
  ~ProgressBar();
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  [[nodiscard]] bool active() const noexcept { return active_; }
  void update(const RunProgress& p);
  /// Clears the line.
  void finish();

 private:
  std::FILE* stream_;
  bool active_;
  bool drawn_ = false;
};

}  // namespace stacksim::scenarios
