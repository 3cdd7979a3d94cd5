#include "sim/engine/simulator.hpp"

#include <utility>

namespace stacksim::sim {

Simulator::~Simulator() {
  destroy_detached_tasks();
  queue_.clear();
}

void Simulator::run_blocking(runtime::Action work, runtime::Action done) {
  work();
  post(std::move(done));
}

void Simulator::report_unhandled(std::exception_ptr error) {
  if (!unhandled_) unhandled_ = std::move(error);
}

void Simulator::run_one() {
  EventQueue::Ticks t = 0;
  runtime::Action action = queue_.pop(t);
  now_ = runtime::TimePoint(runtime::Duration(t));
  ++events_;
  action();
  if (unhandled_) [[unlikely]] {
    std::rethrow_exception(std::exchange(unhandled_, nullptr));
  }
}

bool Simulator::step() {
  if (queue_.empty()) return false;
  run_one();
  return true;
}

std::uint64_t Simulator::run_until(runtime::TimePoint until) {
  const std::uint64_t start = events_;
  const EventQueue::Ticks limit = until.time_since_epoch().count();
  stop_requested_ = false;
  while (!stop_requested_ && !queue_.empty() && queue_.top_time() <= limit)
    run_one();
  if (!stop_requested_ && until > now_) now_ = until;
  return events_ - start;
}

std::uint64_t Simulator::run_until_idle() {
  const std::uint64_t start = events_;
  stop_requested_ = false;
  while (!stop_requested_ && !queue_.empty())
    run_one();
  return events_ - start;
}

std::optional<runtime::TimePoint> Simulator::next_event_time() {
  if (queue_.empty()) return std::nullopt;
  return runtime::TimePoint(runtime::Duration(queue_.top_time()));
}

}  // namespace stacksim::sim
