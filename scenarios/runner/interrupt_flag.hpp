#pragma once
// Ctrl-C for long runs: while an InterruptScope lives, SIGINT sets a flag that the run loop polls,
// so the run stops between events and its results are saved. A second Ctrl-C gets the default
// action (terminate) back. Signal handlers can only reach static storage, hence the one flag.

#include <atomic>

namespace stacksim::scenarios {

class InterruptScope {
 public:
  InterruptScope();
  ~InterruptScope();
  InterruptScope(const InterruptScope&) = delete;
  InterruptScope& operator=(const InterruptScope&) = delete;

  [[nodiscard]] static bool requested() noexcept;
};

}  // namespace stacksim::scenarios
