#pragma once
// A control loop that runs a discrete-event clock paced to wall time: simulated time advances
// `speed` times as fast as the wall clock (1: real time; 60: a minute per second), events run when
// their simulated time comes due, and work submitted by HTTP threads runs in between, at the
// current simulated time. Idle, the loop sleeps until the next event is due or work arrives.

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>

#include "core/api/request_loop.hpp"
#include "core/runtime/time.hpp"

namespace stacksim::api {

/// The clock the loop drives: the simulator, behind an interface so core/ needs no sim/ header.
class SteppedClock {
 public:
  SteppedClock() = default;
  SteppedClock(const SteppedClock&) = delete;
  SteppedClock& operator=(const SteppedClock&) = delete;
  virtual ~SteppedClock() = default;

  [[nodiscard]] virtual runtime::TimePoint now() const = 0;
  [[nodiscard]] virtual std::optional<runtime::TimePoint> next_event_time() = 0;
  /// Runs every event due at or before `until`, then sets the clock to `until`.
  virtual void run_until(runtime::TimePoint until) = 0;
};

/// Adapts any simulation with now(), next_event_time() and run_until() (sim::Simulator) without
/// naming its type here.
template <class Simulation>
class SimulationClock final : public SteppedClock {
 public:
  explicit SimulationClock(Simulation& simulation) : simulation_(simulation) {}
  [[nodiscard]] runtime::TimePoint now() const override { return simulation_.now(); }
  [[nodiscard]] std::optional<runtime::TimePoint> next_event_time() override {
    return simulation_.next_event_time();
  }
  void run_until(runtime::TimePoint until) override { simulation_.run_until(until); }

 private:
  Simulation& simulation_;
};

class PacedLoop final : public RequestLoop {
 public:
  /// `speed`: simulated seconds per wall second, > 0.
  PacedLoop(SteppedClock& clock, double speed);

  void submit(std::function<void()> work) override;

  void run() override;
  void stop() override;

  [[nodiscard]] double speed() const noexcept { return speed_; }

 private:
  SteppedClock& clock_;
  double speed_;
  std::mutex mutex_;
  std::condition_variable wakeup_;
  std::deque<std::function<void()>> inbox_;
  bool stop_requested_ = false;
};

}  // namespace stacksim::api
