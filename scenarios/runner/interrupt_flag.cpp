#include "scenarios/runner/interrupt_flag.hpp"

#include <csignal>

namespace stacksim::scenarios {
namespace {

volatile std::sig_atomic_t g_interrupted = 0;  // NOLINT: only a signal handler may write it

extern "C" void on_sigint(int /*signal*/) {
  g_interrupted = 1;
  std::signal(SIGINT, SIG_DFL);  // a second Ctrl-C terminates
}

}  // namespace

InterruptScope::InterruptScope() {
  g_interrupted = 0;
  std::signal(SIGINT, on_sigint);
}

InterruptScope::~InterruptScope() {
  std::signal(SIGINT, SIG_DFL);
}

bool InterruptScope::requested() noexcept {
  return g_interrupted != 0;
}

}  // namespace stacksim::scenarios
