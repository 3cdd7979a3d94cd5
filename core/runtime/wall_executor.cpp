#include "core/runtime/wall_executor.hpp"

#include <algorithm>

namespace stacksim::runtime {

WallExecutor::WallExecutor(unsigned blocking_threads) : epoch_(std::chrono::steady_clock::now()) {
  const unsigned n = std::max(1U, blocking_threads);
  workers_.reserve(n);
  for (unsigned i = 0; i < n; ++i)
    workers_.emplace_back([this] { worker_loop(); });
}

WallExecutor::~WallExecutor() {
  {
    std::lock_guard lock(mutex_);
    shutting_down_ = true;
  }
  work_available_.notify_all();
  for (std::thread& t : workers_)
    t.join();
  destroy_detached_tasks();
}

TimePoint WallExecutor::now() const noexcept {
  return TimePoint(std::chrono::duration_cast<Duration>(std::chrono::steady_clock::now() - epoch_));
}

TimerId WallExecutor::schedule_at(TimePoint when, Action action) {
  std::lock_guard lock(mutex_);
  const std::uint64_t seq = next_sequence_++;
  const std::int64_t due = when.time_since_epoch().count();
  timers_.emplace(std::make_pair(due, seq), std::move(action));
  timer_due_.emplace(seq, due);
  loop_wakeup_.notify_one();
  return TimerId{seq, due};
}

bool WallExecutor::cancel(TimerId id) noexcept {
  std::lock_guard lock(mutex_);
  auto it = timer_due_.find(id.sequence);
  if (it == timer_due_.end()) return false;
  timers_.erase(std::make_pair(it->second, id.sequence));
  timer_due_.erase(it);
  return true;
}

void WallExecutor::post(Action action) {
  {
    std::lock_guard lock(mutex_);
    ready_.push_back(std::move(action));
  }
  loop_wakeup_.notify_one();
}

void WallExecutor::run_blocking(Action work, Action done) {
  {
    std::lock_guard lock(mutex_);
    ++blocking_in_flight_;
    work_.emplace_back(std::move(work), std::move(done));
  }
  work_available_.notify_one();
}

void WallExecutor::report_unhandled(std::exception_ptr error) {
  std::lock_guard lock(mutex_);
  if (!unhandled_) unhandled_ = std::move(error);
}

void WallExecutor::stop() {
  {
    std::lock_guard lock(mutex_);
    stop_requested_ = true;
  }
  loop_wakeup_.notify_one();
}

void WallExecutor::run() {
  run_until(std::chrono::steady_clock::time_point::max());
}

void WallExecutor::run_for(Duration limit) {
  run_until(std::chrono::steady_clock::now() + limit);
}

void WallExecutor::run_until(std::chrono::steady_clock::time_point deadline) {
  std::unique_lock lock(mutex_);
  stop_requested_ = false;
  for (;;) {
    if (unhandled_) {
      std::exception_ptr e = std::exchange(unhandled_, nullptr);
      std::rethrow_exception(e);
    }
    if (stop_requested_) return;
    Action next;
    if (!ready_.empty()) {
      next = std::move(ready_.front());
      ready_.pop_front();
    } else if (!timers_.empty() &&
               timers_.begin()->first.first <= now().time_since_epoch().count()) {
      auto it = timers_.begin();
      next = std::move(it->second);
      timer_due_.erase(it->first.second);
      timers_.erase(it);
    }
    if (next) {
      lock.unlock();
      next();
      next.reset();  // destroy captures outside the lock
      lock.lock();
      continue;
    }
    if (timers_.empty() && blocking_in_flight_ == 0) return;  // idle
    if (std::chrono::steady_clock::now() >= deadline) return;
    auto wake = deadline;
    if (!timers_.empty()) {
      wake = std::min(wake, epoch_ + Duration(timers_.begin()->first.first));
    }
    loop_wakeup_.wait_until(lock, wake);
  }
}

void WallExecutor::worker_loop() {
  std::unique_lock lock(mutex_);
  for (;;) {
    work_available_.wait(lock, [this] { return shutting_down_ || !work_.empty(); });
    if (work_.empty()) return;  // shutting down with nothing left
    auto [work, done] = std::move(work_.front());
    work_.pop_front();
    lock.unlock();
    work();
    lock.lock();
    --blocking_in_flight_;
    ready_.push_back(std::move(done));
    loop_wakeup_.notify_one();
  }
}

}  // namespace stacksim::runtime
