// Max-min fair sharing by progressive filling. All unfixed flows' rates rise together (in
// proportion to their weights) until a link saturates or a flow reaches its cap; the flows of that
// link are fixed at the current level and the filling continues with the rest.
//
// After a change, the shares are repaired locally: the flows on the changed links form a set S
// that is re-filled over the capacity the other flows leave free; then every flow on a link S
// crosses is checked for the max-min condition (at its cap, or crossing a saturated link on which
// no flow has a higher rate/weight). Flows that fail join S and S is re-filled. When every flow
// passes, the allocation is the max-min one (it is unique and characterised by that condition).
// A set that grows too large is replaced by the whole connected component, which needs no check:
// max-min shares decompose over connected components.

#include <algorithm>
#include <cmath>
#include <limits>

#include "sim/models/flow_network.hpp"

namespace stacksim::sim {

namespace {

// Rounding differs between a local and a global filling by a few ulps per operation; a condition
// that holds within this relative margin holds.
constexpr double tolerance = 1e-11;

}  // namespace

void FlowNetwork::recompute(double time) {
  ++stats_.recomputations;
  if (++epoch_ == 0) {  // wrapped: forget every old mark
    for (Link& link : links_)
      link.epoch = 0;
    for (Flow& flow : flows_)
      flow.epoch = 0;
    epoch_ = 1;
  }
  component_links_.clear();
  component_flows_.clear();
  for (LinkId link : seeds_) {
    for (std::uint32_t slot : links_[link].flows) {
      if (flows_[slot].epoch != epoch_) include(slot);
    }
  }
  seed_links_.swap(seeds_);
  seeds_.clear();
  // Repair rounds may cost, in flows re-filled, up to half of what one filling of every
  // transferring flow would; beyond that the whole component is cheaper.
  const std::size_t budget = std::max<std::size_t>(256, transferring_flows_ / 2);
  std::size_t spent = 0;
  while (true) {
    fill_progressively();
    spent += component_flows_.size();
    if (spent > budget) {
      include_component();
      fill_progressively();
      ++stats_.full_components;
      break;
    }
    const Check check = check_neighbourhood();
    if (check == Check::fair) break;
    if (check == Check::stuck) spent = budget + 1;
  }
  for (std::uint32_t slot : component_flows_) {
    Flow& flow = flows_[slot];
    ++stats_.flows_rerated;
    // Unchanged rates keep their completion time, computed once from the last change: fewer
    // roundings and fewer heap updates.
    if (flow.new_rate == flow.rate) continue;
    settle(flow, time);
    flow.rate = flow.new_rate;
    if (flow.rate > 0) {
      completions_.set(slot, std::max(time, time + flow.bytes_left / flow.rate));
    } else {
      completions_.erase(slot);
    }
  }
}

void FlowNetwork::include(std::uint32_t slot) {
  Flow& flow = flows_[slot];
  flow.epoch = epoch_;
  component_flows_.push_back(slot);
  for (LinkId id : flow.route) {
    if (links_[id].epoch == epoch_) continue;
    links_[id].epoch = epoch_;
    component_links_.push_back(id);
  }
}

void FlowNetwork::include_component() {
  // Breadth-first over links -> flows -> links, using component_links_ as the queue.
  for (std::size_t i = 0; i < component_links_.size(); ++i) {
    for (std::uint32_t slot : links_[component_links_[i]].flows) {
      if (flows_[slot].epoch != epoch_) include(slot);
    }
  }
}

void FlowNetwork::push_share(LinkId link) {
  Link& l = links_[link];
  share_heap_.push_back(SharePoint{l.free_capacity / l.unfixed_weight, link, l.version});
  std::push_heap(share_heap_.begin(), share_heap_.end(), std::greater<>{});
}

void FlowNetwork::fill_progressively() {
  constexpr double infinity = std::numeric_limits<double>::infinity();
  ++stats_.fill_rounds;
  share_heap_.clear();
  capped_.clear();
  // Each link offers what the flows outside the set leave free.
  for (LinkId id : component_links_) {
    Link& link = links_[id];
    link.free_capacity = link.bandwidth;
    link.unfixed = 0;
    link.unfixed_weight = 0;
    for (std::uint32_t slot : link.flows) {
      const Flow& flow = flows_[slot];
      if (flow.epoch == epoch_) {
        ++link.unfixed;
        link.unfixed_weight += flow.weight;
      } else {
        link.free_capacity -= flow.rate;
      }
    }
    link.free_capacity = std::max(0.0, link.free_capacity);
    ++link.version;
    if (link.unfixed > 0) {
      share_heap_.push_back(SharePoint{link.free_capacity / link.unfixed_weight, id, link.version});
    }
  }
  std::make_heap(share_heap_.begin(), share_heap_.end(), std::greater<>{});
  for (std::uint32_t slot : component_flows_) {
    Flow& flow = flows_[slot];
    flow.fixed = false;
    if (flow.rate_cap > 0) capped_.emplace_back(flow.rate_cap / flow.weight, slot);
  }
  std::sort(capped_.begin(), capped_.end());
  unfixed_flows_ = component_flows_.size();
  std::size_t next_cap = 0;

  while (unfixed_flows_ > 0) {
    // A link's fair share only rises as other flows are fixed below it, so a heap key is a lower
    // bound of the link's current share: refresh the top until its key is current.
    double link_share = infinity;
    while (!share_heap_.empty()) {
      const SharePoint top = share_heap_.front();
      const Link& link = links_[top.link];
      if (link.version == top.version) {
        link_share = top.share;
        break;
      }
      std::pop_heap(share_heap_.begin(), share_heap_.end(), std::greater<>{});
      share_heap_.pop_back();
      if (link.unfixed > 0) push_share(top.link);
    }
    while (next_cap < capped_.size() && flows_[capped_[next_cap].second].fixed)
      ++next_cap;
    const double cap_share = next_cap < capped_.size() ? capped_[next_cap].first : infinity;
    if (cap_share == infinity && link_share == infinity)
      break;  // unreachable: every flow is bounded
    if (cap_share <= link_share) {
      const std::uint32_t slot = capped_[next_cap++].second;
      fix(slot, flows_[slot].rate_cap, no_link);
      continue;
    }
    const LinkId bottleneck = share_heap_.front().link;
    std::pop_heap(share_heap_.begin(), share_heap_.end(), std::greater<>{});
    share_heap_.pop_back();
    for (std::uint32_t slot : links_[bottleneck].flows) {
      const Flow& flow = flows_[slot];
      if (flow.epoch == epoch_ && !flow.fixed) fix(slot, link_share * flow.weight, bottleneck);
    }
  }
}

void FlowNetwork::fix(std::uint32_t slot, double rate, LinkId bottleneck) {
  Flow& flow = flows_[slot];
  flow.fixed = true;
  flow.new_rate = rate;
  flow.bottleneck = bottleneck;
  --unfixed_flows_;
  for (LinkId id : flow.route) {
    Link& link = links_[id];
    link.free_capacity = std::max(0.0, link.free_capacity - rate);
    link.unfixed_weight -= flow.weight;
    --link.unfixed;
    ++link.version;  // the heap entry becomes a lower bound; refreshed lazily when it reaches the
                     // top
  }
}

double FlowNetwork::current_rate(const Flow& flow) const noexcept {
  return flow.epoch == epoch_ ? flow.new_rate : flow.rate;
}

void FlowNetwork::measure(Link& link) {
  if (link.check_epoch == check_epoch_) return;
  link.check_epoch = check_epoch_;
  link.load = 0;
  link.max_level = 0;
  for (std::uint32_t slot : link.flows) {
    const Flow& flow = flows_[slot];
    const double rate = current_rate(flow);
    link.load += rate;
    link.max_level = std::max(link.max_level, rate / flow.weight);
  }
}

bool FlowNetwork::has_bottleneck(const Flow& flow, double rate) {
  if (flow.rate_cap > 0 && rate >= flow.rate_cap * (1 - tolerance)) return true;
  const double level = rate / flow.weight;
  const auto bottleneck_at = [&](LinkId id) {
    Link& link = links_[id];
    measure(link);
    return link.load >= link.bandwidth * (1 - tolerance) &&
           level >= link.max_level * (1 - tolerance);
  };
  // Most flows keep the bottleneck that last fixed them: try it first.
  if (flow.bottleneck != no_link && bottleneck_at(flow.bottleneck)) return true;
  return std::any_of(flow.route.begin(), flow.route.end(),
                     [&](LinkId id) { return id != flow.bottleneck && bottleneck_at(id); });
}

FlowNetwork::Check FlowNetwork::check_neighbourhood() {
  if (++check_epoch_ == 0) {
    for (Link& link : links_)
      link.check_epoch = 0;
    for (Flow& flow : flows_)
      flow.check_epoch = 0;
    check_epoch_ = 1;
  }
  // Only links where a flow came, went or changed rate can have changed bottlenecks; flows that
  // cross none of them keep theirs.
  changed_links_.assign(seed_links_.begin(), seed_links_.end());
  for (std::uint32_t slot : component_flows_) {
    const Flow& flow = flows_[slot];
    if (flow.new_rate != flow.rate) {
      changed_links_.insert(changed_links_.end(), flow.route.begin(), flow.route.end());
    }
  }
  violators_.clear();
  bool stuck = false;
  for (LinkId changed : changed_links_) {
    for (std::uint32_t slot : links_[changed].flows) {
      Flow& flow = flows_[slot];
      if (flow.check_epoch == check_epoch_) continue;
      flow.check_epoch = check_epoch_;
      const double rate = current_rate(flow);
      if (has_bottleneck(flow, rate)) continue;
      if (flow.epoch != epoch_) {
        violators_.push_back(slot);  // its bottleneck moved: re-fill it
        continue;
      }
      // A flow of S is starved by outside flows with a higher level on its saturated links: they
      // must give way, so they join S.
      const double level = rate / flow.weight;
      bool blamed = false;
      for (LinkId id : flow.route) {
        const Link& link = links_[id];
        if (link.load < link.bandwidth * (1 - tolerance)) continue;
        for (std::uint32_t other : link.flows) {
          const Flow& o = flows_[other];
          if (o.epoch != epoch_ && o.rate / o.weight > level) {
            violators_.push_back(other);
            blamed = true;
          }
        }
      }
      stuck = stuck || !blamed;
    }
  }
  if (stuck) return Check::stuck;
  if (violators_.empty()) return Check::fair;
  for (std::uint32_t slot : violators_) {
    if (flows_[slot].epoch != epoch_) include(slot);
  }
  return Check::grown;
}

}  // namespace stacksim::sim
