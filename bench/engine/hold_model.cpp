// Hold-model benchmark of the event engine: N pending timers; each firing reschedules itself at a
// uniformly random delay. The engine (radix-heap queue, slot pool, type-erased actions, cancellable
// timers) is compared with a minimal std::priority_queue loop of (time, sequence) pairs compiled in
// this binary and run in this process on the same random stream.
//
// usage: bench_engine [pending=1000000] [events=20000000] [repeats=3]

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <memory>
#include <queue>
#include <vector>

#include "core/runtime/random.hpp"
#include "sim/engine/simulator.hpp"

namespace {

using Clock = std::chrono::steady_clock;
constexpr std::uint64_t kMaxDelayNs = 1'000'000;  // delays uniform in [0, 1 ms)

struct Timing {
  double seconds;
  std::uint64_t checksum;
};

Timing run_reference(std::uint64_t pending, std::uint64_t events) {
  struct Entry {
    std::int64_t time;
    std::uint64_t seq;
    bool operator>(const Entry& o) const { return time != o.time ? time > o.time : seq > o.seq; }
  };
  stacksim::runtime::Random rng(42);
  std::vector<Entry> storage;
  storage.reserve(pending + 1);
  std::priority_queue<Entry, std::vector<Entry>, std::greater<>> queue(std::greater<>{},
                                                                       std::move(storage));
  std::uint64_t seq = 0;
  for (std::uint64_t i = 0; i < pending; ++i) {
    queue.push({static_cast<std::int64_t>(rng.below(kMaxDelayNs)), seq++});
  }
  std::uint64_t checksum = 0;
  const auto start = Clock::now();
  for (std::uint64_t n = 0; n < events; ++n) {
    const Entry e = queue.top();
    queue.pop();
    checksum += static_cast<std::uint64_t>(e.time);
    queue.push({e.time + static_cast<std::int64_t>(rng.below(kMaxDelayNs)), seq++});
  }
  return {std::chrono::duration<double>(Clock::now() - start).count(), checksum};
}

struct HoldState {
  stacksim::sim::Simulator sim;
  stacksim::runtime::Random rng{42};
  std::uint64_t remaining = 0;
  std::uint64_t checksum = 0;
};

struct Hold {
  HoldState* s;
  void operator()() const {
    s->checksum += static_cast<std::uint64_t>(s->sim.now().time_since_epoch().count());
    if (--s->remaining == 0) {
      s->sim.stop();
      return;
    }
    s->sim.schedule_after(stacksim::runtime::Duration(s->rng.below(kMaxDelayNs)), Hold{s});
  }
};

Timing run_engine(std::uint64_t pending, std::uint64_t events) {
  auto state = std::make_unique<HoldState>();
  state->remaining = events;
  for (std::uint64_t i = 0; i < pending; ++i) {
    state->sim.schedule_at(
        stacksim::runtime::TimePoint(stacksim::runtime::Duration(state->rng.below(kMaxDelayNs))),
        Hold{state.get()});
  }
  const auto start = Clock::now();
  state->sim.run_until_idle();
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return {seconds, state->checksum};
}

std::uint64_t arg(int argc, char** argv, int i, std::uint64_t fallback) {
  return argc > i ? std::strtoull(argv[i], nullptr, 10) : fallback;
}

}  // namespace

int main(int argc, char** argv) {
  const std::uint64_t pending = arg(argc, argv, 1, 1'000'000);
  const std::uint64_t events = arg(argc, argv, 2, 20'000'000);
  const std::uint64_t repeats = arg(argc, argv, 3, 3);
  double best_ref = 1e300, best_eng = 1e300;
  for (std::uint64_t r = 0; r < repeats; ++r) {
    const Timing ref = run_reference(pending, events);
    const Timing eng = run_engine(pending, events);
    if (ref.checksum != eng.checksum) {
      std::fprintf(stderr, "checksum mismatch: reference %llu, engine %llu\n",
                   static_cast<unsigned long long>(ref.checksum),
                   static_cast<unsigned long long>(eng.checksum));
      return 1;
    }
    best_ref = std::min(best_ref, ref.seconds);
    best_eng = std::min(best_eng, eng.seconds);
  }
  const double ref_rate = static_cast<double>(events) / best_ref;
  const double eng_rate = static_cast<double>(events) / best_eng;
  std::printf("hold model: %llu pending timers, %llu events, best of %llu runs\n",
              static_cast<unsigned long long>(pending), static_cast<unsigned long long>(events),
              static_cast<unsigned long long>(repeats));
  std::printf("reference std::priority_queue loop: %8.2f M events/s\n", ref_rate / 1e6);
  std::printf("stacksim engine (sim::Simulator):   %8.2f M events/s\n", eng_rate / 1e6);
  std::printf("ratio engine/reference: %.2fx (target >= 0.8x; engine target >= 10 M events/s)\n",
              eng_rate / ref_rate);
  return 0;
}
