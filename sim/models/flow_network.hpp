#pragma once
// The flow-level network model (what SimGrid calls CM02 without its TCP corrections): links have a
// bandwidth (bytes/s) and a latency (s); a flow crosses a route of links, stays idle for the sum of
// the route's latencies and then transfers at its max-min fair share of every link it crosses
// (progressive filling, optionally weighted, optionally capped per flow). Shares are recomputed
// when a flow activates, completes, fails or a link changes: first by a local repair around the
// change, verified by the max-min bottleneck condition, else over the connected component of flows
// that the change can affect (flow_sharing.cpp).
//
// Time: the Simulator's clock is integer nanoseconds, but completion times are analytic (remaining
// bytes / rate), so the model keeps its own exact clock in double seconds. Its events are processed
// in exact-time order; one Simulator timer wakes the model at the first nanosecond tick at or after
// its next event. Reported times (FlowEnd::time) are the exact doubles.

#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <queue>
#include <vector>

#include "core/runtime/executor.hpp"
#include "sim/engine/simulator.hpp"
#include "sim/models/indexed_min_heap.hpp"

namespace stacksim::sim {

using LinkId = std::uint32_t;

/// A flow handle; stays valid (and distinguishable from later flows) after the flow ends.
struct FlowId {
  std::uint32_t slot = std::numeric_limits<std::uint32_t>::max();
  std::uint32_t generation = 0;
  friend bool operator==(const FlowId&, const FlowId&) = default;
};

enum class FlowOutcome {
  completed,  // every byte arrived
  failed,     // a link of the route went down (or was down at activation)
};

struct FlowEnd {
  FlowId id;
  double time = 0;  // exact end time, seconds
  FlowOutcome outcome = FlowOutcome::completed;
  double bytes_left = 0;  // 0 unless failed
};

using FlowCallback = std::function<void(const FlowEnd&)>;

struct FlowRequest {
  std::vector<LinkId> route;
  double bytes = 0;
  double rate_cap = 0;  // bytes/s, 0: uncapped
  double weight = 1;    // share weight: rates on a bottleneck are proportional to it
  /// Exact start time in seconds (>= the model's clock); default: the Simulator's now.
  std::optional<double> start_time;
  FlowCallback on_end;  // called once, after the model state reflects the end
};

struct FlowStatus {
  bool transferring = false;  // false while idle for the route latency
  double rate = 0;            // bytes/s
  double bytes_left = 0;      // at the model's current exact time
};

struct FlowNetworkStats {
  std::uint64_t flows_started = 0;
  std::uint64_t flows_ended = 0;
  std::uint64_t recomputations = 0;   // share updates (one per batch of same-time events)
  std::uint64_t fill_rounds = 0;      // progressive-filling runs (a local repair may need several)
  std::uint64_t flows_rerated = 0;    // flow shares computed over all runs
  std::uint64_t full_components = 0;  // updates that fell back to the whole connected component
};

class FlowNetwork {
 public:
  explicit FlowNetwork(Simulator& simulator);
  FlowNetwork(const FlowNetwork&) = delete;
  FlowNetwork& operator=(const FlowNetwork&) = delete;
  ~FlowNetwork();

  /// A one-directional link; a full-duplex cable is two links.
  LinkId add_link(double bandwidth_bytes_per_s, double latency_s);
  [[nodiscard]] std::size_t link_count() const noexcept { return links_.size(); }
  [[nodiscard]] double link_bandwidth(LinkId link) const { return links_.at(link).bandwidth; }
  [[nodiscard]] double link_latency(LinkId link) const { return links_.at(link).latency; }
  [[nodiscard]] bool link_up(LinkId link) const { return links_.at(link).up; }
  /// Flows currently transferring over the link.
  [[nodiscard]] std::size_t link_flow_count(LinkId link) const {
    return links_.at(link).flows.size();
  }
  /// Sum of the rates of the flows on the link (bytes/s).
  [[nodiscard]] double link_load(LinkId link) const;

  /// Changes a link's bandwidth now; shares of the flows crossing it are recomputed.
  void set_link_bandwidth(LinkId link, double bandwidth_bytes_per_s);
  /// A link going down fails every flow crossing it now; flows that activate over a down link fail.
  void set_link_up(LinkId link, bool up);

  /// Sum of the latencies of `route`, in route order (the idle time before a flow transfers).
  [[nodiscard]] double route_latency(const std::vector<LinkId>& route) const;

  FlowId start_flow(FlowRequest request);
  /// Removes a flow without calling its callback. Returns false if it already ended.
  bool cancel_flow(FlowId id);
  [[nodiscard]] std::optional<FlowStatus> status(FlowId id) const;

  /// The model's exact time (seconds): the time of the last event it processed, or of the last
  /// call.
  [[nodiscard]] double clock() const noexcept { return clock_; }
  [[nodiscard]] std::size_t flows_in_progress() const noexcept { return live_flows_; }
  [[nodiscard]] const FlowNetworkStats& stats() const noexcept { return stats_; }
  [[nodiscard]] Simulator& simulator() noexcept { return simulator_; }

 private:
  enum class FlowState : std::uint8_t { free, waiting, transferring };
  static constexpr LinkId no_link = std::numeric_limits<LinkId>::max();

  // Fields the sharing computation reads for every link and flow it visits come first, in one
  // cache line.
  struct alignas(64) Link {
    std::vector<std::uint32_t> flows;  // transferring flows crossing this link
    double bandwidth = 0;
    // Progressive-filling scratch.
    double free_capacity = 0;
    double unfixed_weight = 0;
    std::uint32_t epoch = 0;
    std::uint32_t version = 0;
    std::uint32_t unfixed = 0;
    std::uint32_t check_epoch = 0;
    double load = 0;       // sum of rates, valid while check_epoch is current
    double max_level = 0;  // max rate / weight, idem
    double latency = 0;
    bool up = true;
  };

  struct alignas(64) Flow {
    std::vector<LinkId> route;
    std::uint32_t epoch = 0;
    std::uint32_t check_epoch = 0;
    double weight = 1;
    double rate = 0;
    double new_rate = 0;
    double rate_cap = 0;
    bool fixed = false;
    FlowState state = FlowState::free;
    // The link that fixed new_rate in the last filling (none: its cap did), checked first.
    LinkId bottleneck = no_link;
    std::vector<std::uint32_t> position;  // index of this flow in links_[route[i]].flows
    double bytes_left = 0;
    double last_update = 0;  // bytes_left is exact at this time
    FlowCallback on_end;
    std::uint32_t generation = 0;
  };

  struct Activation {
    double time;
    std::uint64_t sequence;
    std::uint32_t slot;
    std::uint32_t generation;
    bool operator>(const Activation& o) const noexcept {
      return time > o.time || (time == o.time && sequence > o.sequence);
    }
  };

  struct SharePoint {
    double share;
    LinkId link;
    std::uint32_t version;
    bool operator>(const SharePoint& o) const noexcept {
      return share > o.share || (share == o.share && link > o.link);
    }
  };

  struct Ended {
    FlowEnd end;
    FlowCallback callback;
  };

  [[nodiscard]] const Flow* find(FlowId id) const;
  [[nodiscard]] double next_event_time() const;
  [[nodiscard]] double now_seconds() const;
  /// Processes every model event due at or before Simulator tick `tick`, in exact-time order.
  void advance(std::int64_t tick);
  /// Brings the model up to the Simulator's now (events due now run first).
  double catch_up();
  void process_batch(double time);
  void arm_timer();
  void on_timer();

  std::uint32_t allocate_slot();
  void attach(std::uint32_t slot);
  void detach(std::uint32_t slot);
  void settle(Flow& flow, double time);
  Ended finish(std::uint32_t slot, double time, FlowOutcome outcome);
  void deliver(std::vector<Ended>& ended);

  /// Brings the shares up to date after flows on `seeds_` changed, at `time` (flow_sharing.cpp).
  void recompute(double time);
  void include(std::uint32_t slot);
  void include_component();
  void fill_progressively();
  void fix(std::uint32_t slot, double rate, LinkId bottleneck);
  void push_share(LinkId link);
  enum class Check { fair, grown, stuck };
  Check check_neighbourhood();
  [[nodiscard]] double current_rate(const Flow& flow) const noexcept;
  void measure(Link& link);
  [[nodiscard]] bool has_bottleneck(const Flow& flow, double rate);

  Simulator& simulator_;
  double clock_ = 0;
  std::vector<Link> links_;
  std::vector<Flow> flows_;
  std::vector<std::uint32_t> free_slots_;
  std::size_t live_flows_ = 0;
  std::size_t transferring_flows_ = 0;
  std::uint64_t activation_sequence_ = 0;
  std::priority_queue<Activation, std::vector<Activation>, std::greater<>> activations_;
  IndexedMinHeap completions_;

  runtime::TimerId timer_;
  std::int64_t timer_tick_ = -1;  // -1: no timer armed
  FlowNetworkStats stats_;

  // Scratch of one recomputation.
  std::uint32_t epoch_ = 0;
  std::uint32_t check_epoch_ = 0;
  std::vector<std::uint32_t> violators_;
  std::vector<LinkId> seed_links_;     // links where flows came or went in this update
  std::vector<LinkId> changed_links_;  // seed links and the links of flows whose rate changed
  std::vector<LinkId> seeds_;
  std::vector<LinkId> component_links_;
  std::vector<std::uint32_t> component_flows_;
  std::vector<SharePoint> share_heap_;
  std::vector<std::pair<double, std::uint32_t>> capped_;
  std::size_t unfixed_flows_ = 0;
};

}  // namespace stacksim::sim
