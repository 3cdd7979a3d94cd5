// Max-min fair sharing by progressive filling, over the connected component of the flows touched
// by a change. All unfixed flows' rates rise together (in proportion to their weights) until a link
// saturates or a flow reaches its cap; the flows of that link are fixed at the current level and
// the filling continues with the rest. Components that share no link with the change keep their
// rates: max-min shares decompose over connected components.

#include <algorithm>
#include <limits>

#include "sim/models/flow_network.hpp"

namespace stacksim::sim {

void FlowNetwork::recompute(double time) {
  ++stats_.recomputations;
  collect_component();
  fill_progressively();
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

void FlowNetwork::collect_component() {
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
    if (links_[link].epoch == epoch_) continue;
    links_[link].epoch = epoch_;
    component_links_.push_back(link);
  }
  seeds_.clear();
  // Breadth-first over links -> flows -> links, using component_links_ as the queue.
  for (std::size_t i = 0; i < component_links_.size(); ++i) {
    for (std::uint32_t slot : links_[component_links_[i]].flows) {
      Flow& flow = flows_[slot];
      if (flow.epoch == epoch_) continue;
      flow.epoch = epoch_;
      component_flows_.push_back(slot);
      for (LinkId next : flow.route) {
        if (links_[next].epoch == epoch_) continue;
        links_[next].epoch = epoch_;
        component_links_.push_back(next);
      }
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
  share_heap_.clear();
  capped_.clear();
  for (LinkId id : component_links_) {
    Link& link = links_[id];
    link.free_capacity = link.bandwidth;
    link.unfixed = static_cast<std::uint32_t>(link.flows.size());
    link.unfixed_weight = 0;
    for (std::uint32_t slot : link.flows)
      link.unfixed_weight += flows_[slot].weight;
    if (link.unfixed > 0) {
      share_heap_.push_back(
          SharePoint{link.free_capacity / link.unfixed_weight, id, ++link.version});
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
      fix(slot, flows_[slot].rate_cap);
      continue;
    }
    const LinkId bottleneck = share_heap_.front().link;
    std::pop_heap(share_heap_.begin(), share_heap_.end(), std::greater<>{});
    share_heap_.pop_back();
    for (std::uint32_t slot : links_[bottleneck].flows) {
      if (!flows_[slot].fixed) fix(slot, link_share * flows_[slot].weight);
    }
  }
}

void FlowNetwork::fix(std::uint32_t slot, double rate) {
  Flow& flow = flows_[slot];
  flow.fixed = true;
  flow.new_rate = rate;
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

}  // namespace stacksim::sim
