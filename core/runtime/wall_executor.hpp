#pragma once
// WallExecutor: the live-mode executor. A real event loop on the calling thread with a timer queue
// on std::chrono::steady_clock, plus a thread pool that runs blocking calls and posts their
// completions back to the loop. Coroutines only ever run on the loop thread.

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <map>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/runtime/executor.hpp"

namespace stacksim::runtime {

class WallExecutor final : public Executor {
 public:
  explicit WallExecutor(unsigned blocking_threads = 2);
  ~WallExecutor() override;

  [[nodiscard]] TimePoint now() const noexcept override;
  TimerId schedule_at(TimePoint when, Action action) override;
  bool cancel(TimerId id) noexcept override;
  void post(Action action) override;  // thread-safe
  void run_blocking(Action work, Action done) override;
  void report_unhandled(std::exception_ptr error) override;

  /// Runs until nothing is queued, no timer is pending and no blocking call is in flight, or until
  /// stop(). Rethrows the first unhandled exception of a detached task.
  void run();
  /// Like run(), but also returns once `limit` of wall time has passed.
  void run_for(Duration limit);
  /// Makes run() return after the action in progress; thread-safe.
  void stop();

 private:
  void run_until(std::chrono::steady_clock::time_point deadline);
  void worker_loop();

  const std::chrono::steady_clock::time_point epoch_;
  mutable std::mutex mutex_;
  std::condition_variable loop_wakeup_;
  std::deque<Action> ready_;
  std::map<std::pair<std::int64_t, std::uint64_t>, Action> timers_;  // (due ns, sequence)
  std::unordered_map<std::uint64_t, std::int64_t> timer_due_;        // sequence -> due ns
  std::uint64_t next_sequence_ = 1;
  std::size_t blocking_in_flight_ = 0;
  bool stop_requested_ = false;
  std::exception_ptr unhandled_;

  std::condition_variable work_available_;
  std::deque<std::pair<Action, Action>> work_;
  bool shutting_down_ = false;
  std::vector<std::thread> workers_;
};

}  // namespace stacksim::runtime
