// Flow lifecycle and the exact-time event loop of the flow network. The sharing computation itself
// is in flow_sharing.cpp.

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "sim/models/flow_network.hpp"

namespace stacksim::sim {

namespace {

constexpr double infinity = std::numeric_limits<double>::infinity();

/// The first Simulator tick (ns) at or after exact time `t`.
std::int64_t ceil_tick(double t) {
  const double ns = std::ceil(t * 1e9);
  if (ns >= 9.2e18) return std::numeric_limits<std::int64_t>::max();
  return static_cast<std::int64_t>(ns);
}

}  // namespace

FlowNetwork::FlowNetwork(Simulator& simulator) : simulator_(simulator) {
  clock_ = runtime::to_seconds(simulator_.now());
}

FlowNetwork::~FlowNetwork() {
  if (timer_tick_ >= 0) simulator_.cancel(timer_);
}

LinkId FlowNetwork::add_link(double bandwidth, double latency) {
  if (!std::isfinite(bandwidth) || bandwidth < 0) {
    throw std::invalid_argument("link bandwidth must be a finite number >= 0 bytes/s, got " +
                                std::to_string(bandwidth));
  }
  if (!std::isfinite(latency) || latency < 0) {
    throw std::invalid_argument("link latency must be a finite number >= 0 s, got " +
                                std::to_string(latency));
  }
  Link link;
  link.bandwidth = bandwidth;
  link.latency = latency;
  links_.push_back(std::move(link));
  return static_cast<LinkId>(links_.size() - 1);
}

double FlowNetwork::link_load(LinkId link) const {
  double load = 0;
  for (std::uint32_t slot : links_.at(link).flows)
    load += flows_[slot].rate;
  return load;
}

double FlowNetwork::route_latency(const std::vector<LinkId>& route) const {
  double latency = 0;
  for (LinkId link : route)
    latency += links_.at(link).latency;
  return latency;
}

double FlowNetwork::now_seconds() const {
  return runtime::to_seconds(simulator_.now());
}

double FlowNetwork::catch_up() {
  advance(simulator_.now().time_since_epoch().count());
  clock_ = std::max(clock_, now_seconds());
  return clock_;
}

void FlowNetwork::set_link_bandwidth(LinkId link, double bandwidth) {
  if (!std::isfinite(bandwidth) || bandwidth < 0) {
    throw std::invalid_argument("link bandwidth must be a finite number >= 0 bytes/s");
  }
  const double now = catch_up();
  links_.at(link).bandwidth = bandwidth;
  seeds_.assign(1, link);
  recompute(now);
  arm_timer();
}

void FlowNetwork::set_link_up(LinkId link, bool up) {
  const double now = catch_up();
  Link& target = links_.at(link);
  target.up = up;
  if (up) return;
  std::vector<Ended> ended;
  const std::vector<std::uint32_t> crossing = target.flows;
  for (std::uint32_t slot : crossing)
    ended.push_back(finish(slot, now, FlowOutcome::failed));
  if (!seeds_.empty()) recompute(now);
  arm_timer();
  deliver(ended);
}

std::uint32_t FlowNetwork::allocate_slot() {
  if (!free_slots_.empty()) {
    const std::uint32_t slot = free_slots_.back();
    free_slots_.pop_back();
    return slot;
  }
  flows_.emplace_back();
  return static_cast<std::uint32_t>(flows_.size() - 1);
}

FlowId FlowNetwork::start_flow(FlowRequest request) {
  const double now = catch_up();
  const double start = request.start_time.value_or(now);
  if (!(start >= clock_)) {
    throw std::invalid_argument("flow start time " + std::to_string(start) +
                                " s is before the network's clock (" + std::to_string(clock_) +
                                " s)");
  }
  if (!std::isfinite(request.bytes) || request.bytes < 0) {
    throw std::invalid_argument("flow size must be a finite number >= 0 bytes");
  }
  if (!std::isfinite(request.rate_cap) || request.rate_cap < 0) {
    throw std::invalid_argument("flow rate cap must be a finite number >= 0 bytes/s");
  }
  if (!std::isfinite(request.weight) || request.weight <= 0) {
    throw std::invalid_argument("flow weight must be a finite number > 0");
  }
  for (LinkId link : request.route) {
    if (link >= links_.size()) {
      throw std::out_of_range("flow route names link " + std::to_string(link) +
                              " but the network has " + std::to_string(links_.size()) + " links");
    }
  }
  const double activation = start + route_latency(request.route);
  const std::uint32_t slot = allocate_slot();
  Flow& flow = flows_[slot];
  flow.route = std::move(request.route);
  flow.position.assign(flow.route.size(), 0);
  flow.bytes_left = request.bytes;
  flow.rate = 0;
  flow.last_update = activation;
  flow.rate_cap = request.rate_cap;
  flow.weight = request.weight;
  flow.on_end = std::move(request.on_end);
  flow.state = FlowState::waiting;
  activations_.push(Activation{activation, activation_sequence_++, slot, flow.generation});
  ++live_flows_;
  ++stats_.flows_started;
  arm_timer();
  return FlowId{slot, flow.generation};
}

const FlowNetwork::Flow* FlowNetwork::find(FlowId id) const {
  if (id.slot >= flows_.size()) return nullptr;
  const Flow& flow = flows_[id.slot];
  if (flow.state == FlowState::free || flow.generation != id.generation) return nullptr;
  return &flow;
}

bool FlowNetwork::cancel_flow(FlowId id) {
  if (find(id) == nullptr) return false;
  const double now = catch_up();
  if (find(id) == nullptr) return false;  // it ended while catching up
  Ended ended = finish(id.slot, now, FlowOutcome::failed);
  (void)ended;  // a cancelled flow's callback is not called
  if (!seeds_.empty()) recompute(now);
  arm_timer();
  return true;
}

std::optional<FlowStatus> FlowNetwork::status(FlowId id) const {
  const Flow* flow = find(id);
  if (flow == nullptr) return std::nullopt;
  FlowStatus status;
  status.transferring = flow->state == FlowState::transferring;
  status.rate = flow->rate;
  const double elapsed = std::max(0.0, clock_ - flow->last_update);
  status.bytes_left = std::max(0.0, flow->bytes_left - flow->rate * elapsed);
  return status;
}

double FlowNetwork::next_event_time() const {
  double next = infinity;
  if (!completions_.empty()) next = completions_.top_key();
  if (!activations_.empty()) next = std::min(next, activations_.top().time);
  return next;
}

void FlowNetwork::advance(std::int64_t tick) {
  while (true) {
    const double next = next_event_time();
    if (next == infinity || ceil_tick(next) > tick) break;
    process_batch(std::max(next, clock_));
  }
  arm_timer();
}

void FlowNetwork::arm_timer() {
  const double next = next_event_time();
  const std::int64_t tick = next == infinity ? -1 : ceil_tick(next);
  if (tick == timer_tick_) return;
  if (timer_tick_ >= 0) simulator_.cancel(timer_);
  timer_tick_ = tick;
  if (tick >= 0) {
    timer_ =
        simulator_.schedule_at(runtime::TimePoint(runtime::Duration(tick)), [this] { on_timer(); });
  }
}

void FlowNetwork::on_timer() {
  timer_tick_ = -1;
  advance(simulator_.now().time_since_epoch().count());
}

void FlowNetwork::attach(std::uint32_t slot) {
  Flow& flow = flows_[slot];
  flow.state = FlowState::transferring;
  for (std::size_t i = 0; i < flow.route.size(); ++i) {
    Link& link = links_[flow.route[i]];
    flow.position[i] = static_cast<std::uint32_t>(link.flows.size());
    link.flows.push_back(slot);
    seeds_.push_back(flow.route[i]);
  }
}

void FlowNetwork::detach(std::uint32_t slot) {
  Flow& flow = flows_[slot];
  for (std::size_t i = 0; i < flow.route.size(); ++i) {
    const LinkId link_id = flow.route[i];
    Link& link = links_[link_id];
    const std::uint32_t at = flow.position[i];
    const auto last_at = static_cast<std::uint32_t>(link.flows.size() - 1);
    const std::uint32_t moved = link.flows[last_at];
    link.flows[at] = moved;
    link.flows.pop_back();
    if (at != last_at) {
      // The moved flow's entry for this link pointed at the old last position.
      Flow& other = flows_[moved];
      for (std::size_t j = 0; j < other.route.size(); ++j) {
        if (other.route[j] == link_id && other.position[j] == last_at) {
          other.position[j] = at;
          break;
        }
      }
    }
    seeds_.push_back(link_id);
  }
}

void FlowNetwork::settle(Flow& flow, double time) {
  flow.bytes_left -= flow.rate * (time - flow.last_update);
  flow.last_update = time;
}

FlowNetwork::Ended FlowNetwork::finish(std::uint32_t slot, double time, FlowOutcome outcome) {
  Flow& flow = flows_[slot];
  if (flow.state == FlowState::transferring) {
    settle(flow, time);
    detach(slot);
    completions_.erase(slot);
    --transferring_flows_;
  }
  Ended ended{FlowEnd{FlowId{slot, flow.generation}, time, outcome,
                      outcome == FlowOutcome::completed ? 0.0 : std::max(0.0, flow.bytes_left)},
              std::move(flow.on_end)};
  flow.on_end = nullptr;
  flow.state = FlowState::free;
  flow.rate = 0;
  ++flow.generation;
  flow.route.clear();
  flow.position.clear();
  free_slots_.push_back(slot);
  --live_flows_;
  ++stats_.flows_ended;
  return ended;
}

void FlowNetwork::process_batch(double time) {
  clock_ = time;
  std::vector<Ended> ended;
  while (!completions_.empty() && completions_.top_key() <= time) {
    ended.push_back(finish(completions_.top_id(), time, FlowOutcome::completed));
  }
  while (!activations_.empty() && activations_.top().time <= time) {
    const Activation next = activations_.top();
    activations_.pop();
    Flow& flow = flows_[next.slot];
    if (flow.state != FlowState::waiting || flow.generation != next.generation) continue;
    const bool route_down = std::any_of(flow.route.begin(), flow.route.end(),
                                        [this](LinkId link) { return !links_[link].up; });
    if (route_down) {
      ended.push_back(finish(next.slot, time, FlowOutcome::failed));
    } else if (flow.bytes_left <= 0 || (flow.route.empty() && flow.rate_cap <= 0)) {
      // Nothing to send, or no link to limit it: done as soon as it is active.
      flow.bytes_left = 0;
      ended.push_back(finish(next.slot, time, FlowOutcome::completed));
    } else if (flow.route.empty()) {
      // Only its own cap limits a flow that crosses no link; no other flow is affected.
      flow.state = FlowState::transferring;
      ++transferring_flows_;
      flow.rate = flow.rate_cap;
      flow.last_update = time;
      completions_.set(next.slot, time + flow.bytes_left / flow.rate);
    } else {
      flow.last_update = time;
      attach(next.slot);
      ++transferring_flows_;
    }
  }
  if (!seeds_.empty()) recompute(time);
  deliver(ended);
}

void FlowNetwork::deliver(std::vector<Ended>& ended) {
  for (Ended& e : ended) {
    if (e.callback) e.callback(e.end);
  }
}

}  // namespace stacksim::sim
