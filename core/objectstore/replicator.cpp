#include "core/objectstore/replicator.hpp"

#include <algorithm>
#include <exception>
#include <limits>
#include <set>
#include <stdexcept>

#include "core/objectstore/node_iter.hpp"
#include "core/runtime/sleep.hpp"
#include "core/runtime/when_all.hpp"

namespace stacksim::objectstore {
namespace {

[[noreturn]] void bad_event(std::size_t index, const ReplicationEvent& event,
                            const std::string& problem) {
  throw std::invalid_argument("replication event " + std::to_string(index) + " (" +
                              std::string(to_string(event.kind)) + "): " + problem);
}

}  // namespace

std::string_view to_string(ReplicationEventKind kind) noexcept {
  switch (kind) {
    case ReplicationEventKind::device_unmounted:
      return "device_unmounted";
    case ReplicationEventKind::device_mounted:
      return "device_mounted";
    case ReplicationEventKind::device_failed:
      return "device_failed";
    case ReplicationEventKind::server_down:
      return "server_down";
    case ReplicationEventKind::server_up:
      return "server_up";
    case ReplicationEventKind::rebalance:
      return "rebalance";
  }
  return "rebalance";
}

void ReplicatorConfig::validate() const {
  contents.validate();
  if (concurrency == 0) throw std::invalid_argument("replicator: concurrency must be >= 1");
  if (!(interval_s >= 0) || !(retry_s > 0)) {
    throw std::invalid_argument("replicator: interval_s must be >= 0 and retry_s > 0");
  }
  if (!(rsync_bwlimit_bytes_per_s >= 0)) {
    throw std::invalid_argument("replicator: rsync_bwlimit_bytes_per_s must be >= 0");
  }
}

Replicator::Replicator(runtime::Backend& backend, RingData ring, ReplicatorConfig config)
    : executor_(backend.executor()), storage_(backend.storage()), config_(std::move(config)) {
  config_.validate();
  learn_devices(ring);
  ring_.emplace(std::move(ring), HashPathConfig{});
  const auto parts = ring_->partition_count();
  runtime::Random random(config_.seed);
  bytes_ = config_.contents.partition_bytes(parts, random);
  holders_.resize(static_cast<std::size_t>(parts));
  for (std::uint32_t part = 0; part < parts; ++part) {
    for (const RingNode& node : ring_->get_part_nodes(part))
      holders_[part].push_back(node.device.id);
  }
  live_count_.assign(holders_.size(), -1);
  repaired_.assign(holders_.size(), false);
  report_.partitions = parts;
  for (std::int64_t b : bytes_)
    report_.stored_bytes += b;
}

void Replicator::learn_devices(const RingData& ring) {
  for (const auto& dev : ring.devs) {
    if (dev) devices_[dev->id] = *dev;
  }
}

bool Replicator::live(int device) const {
  const auto it = devices_.find(device);
  return it != devices_.end() && !health_.down(it->second);
}

bool Replicator::holds(std::uint32_t part, int device) const {
  const auto& h = holders_[part];
  return std::find(h.begin(), h.end(), device) != h.end();
}

std::string Replicator::queue_key(int device) const {
  const Device& dev = devices_.at(device);
  const std::string& host = config_.hosts.host(dev);
  return config_.scope == ReplicatorScope::server ? host : host + "/" + dev.device;
}

// The common case, checked without building node lists: every primary is live and holds a copy
// and nothing else does.
bool Replicator::healthy(std::uint32_t part) const {
  std::size_t primaries = 0;
  for (const auto& row : ring_->data().replica2part2dev) {
    if (part >= row.size()) continue;
    if (!live(row[part]) || !holds(part, row[part])) return false;
    ++primaries;
  }
  return holders_[part].size() == primaries;
}

std::vector<RingNode> Replicator::targets(std::uint32_t part) const {
  std::vector<RingNode> primaries = ring_->get_part_nodes(part);
  std::set<int> primary_ids;
  for (const RingNode& node : primaries)
    primary_ids.insert(node.device.id);
  const std::size_t count = primaries.size();
  return first_nodes(*ring_, part, std::move(primaries), count, [&](const Device& dev) {
    if (!health_.down(dev)) return false;
    if (!primary_ids.contains(dev.id)) return true;  // a down handoff is passed over
    return health_.unmounted(dev) || config_.handoffs_for_unreachable_servers;
  });
}

bool Replicator::replicated(std::uint32_t part) const {
  if (healthy(part)) return true;
  const std::vector<RingNode> t = targets(part);
  return t.size() == ring_->get_part_nodes(part).size() &&
         std::all_of(t.begin(), t.end(), [&](const RingNode& n) {
           return live(n.device.id) && holds(part, n.device.id);
         });
}

bool Replicator::in_flight_for(std::uint32_t part) const {
  const auto it = in_flight_.lower_bound({part, std::numeric_limits<int>::min()});
  return it != in_flight_.end() && it->first.first == part;
}

bool Replicator::copying(std::uint32_t part, int target) const {
  const auto [first, last] = in_flight_.equal_range({part, target});
  return std::any_of(first, last, [](const auto& entry) { return !entry.second.doomed; });
}

void Replicator::recount(std::uint32_t part) {
  const auto top = static_cast<int>(histogram_.size()) - 1;
  const auto& h = holders_[part];
  const int count = std::min<int>(
      top, static_cast<int>(std::count_if(h.begin(), h.end(), [&](int d) { return live(d); })));
  if (live_count_[part] == count) return;
  if (live_count_[part] >= 0) --histogram_[static_cast<std::size_t>(live_count_[part])];
  ++histogram_[static_cast<std::size_t>(count)];
  live_count_[part] = count;
}

void Replicator::sample() {
  ReplicaCountSample next{runtime::to_seconds(executor_.now()), histogram_, report_.bytes_moved,
                          static_cast<std::int64_t>(in_flight_.size())};
  for (const auto& [key, queue] : queues_)
    next.copies_pending += static_cast<std::int64_t>(queue.size());
  const auto same_state = [&](const ReplicaCountSample& s) {
    return s.partitions == next.partitions && s.bytes_moved == next.bytes_moved &&
           s.copies_pending == next.copies_pending;
  };
  auto& samples = report_.samples;
  if (!samples.empty() && same_state(samples.back())) return;
  // Changes at one instant (copies landing together, an event) make one sample.
  if (!samples.empty() && samples.back().time_s == next.time_s) samples.pop_back();
  if (!samples.empty() && same_state(samples.back())) return;
  samples.push_back(std::move(next));
}

void Replicator::validate(const std::vector<ReplicationEvent>& events) const {
  std::set<std::string> ips;
  std::set<int> ids;
  const auto note = [&](const RingData& ring) {
    for (const auto& dev : ring.devs) {
      if (!dev) continue;
      ips.insert(dev->ip);
      ids.insert(dev->id);
    }
  };
  note(ring_->data());
  for (std::size_t i = 0; i < events.size(); ++i) {
    const ReplicationEvent& e = events[i];
    switch (e.kind) {
      case ReplicationEventKind::device_unmounted:
      case ReplicationEventKind::device_mounted:
      case ReplicationEventKind::device_failed:
        if (!ids.contains(e.device)) {
          bad_event(i, e, "no device with id " + std::to_string(e.device) + " in the ring");
        }
        break;
      case ReplicationEventKind::server_down:
      case ReplicationEventKind::server_up:
        if (!ips.contains(e.server_ip)) {
          bad_event(i, e, "no server with ip \"" + e.server_ip + "\" in the ring");
        }
        break;
      case ReplicationEventKind::rebalance:
        if (!e.ring) bad_event(i, e, "no ring given");
        if (e.ring->part_shift != ring_->data().part_shift || e.ring->replica2part2dev.empty() ||
            e.ring->replica2part2dev[0].size() != ring_->data().replica2part2dev[0].size()) {
          bad_event(i, e, "the new ring's part power differs from the replicated ring's");
        }
        note(*e.ring);
        break;
    }
  }
}

void Replicator::apply(const ReplicationEvent& event) {
  switch (event.kind) {
    case ReplicationEventKind::device_unmounted:
      health_.unmounted_devices.insert(event.device);
      break;
    case ReplicationEventKind::device_mounted:
      health_.unmounted_devices.erase(event.device);
      break;
    case ReplicationEventKind::device_failed:
      health_.unmounted_devices.insert(event.device);
      for (auto& h : holders_)
        std::erase(h, event.device);
      break;
    case ReplicationEventKind::server_down:
      health_.unreachable_ips.insert(event.server_ip);
      break;
    case ReplicationEventKind::server_up:
      health_.unreachable_ips.erase(event.server_ip);
      break;
    case ReplicationEventKind::rebalance:
      learn_devices(*event.ring);
      ring_.emplace(*event.ring, HashPathConfig{});
      break;
  }
  for (auto& [key, flight] : in_flight_) {
    if (!live(key.second) || !live(flight.source)) flight.doomed = true;
  }
  for (std::uint32_t part = 0; part < holders_.size(); ++part)
    recount(part);
}

void Replicator::replan_all(runtime::TimePoint ready) {
  for (auto& [key, queue] : queues_)
    queue.clear();
  for (std::uint32_t part = 0; part < holders_.size(); ++part)
    plan(part, ready);
}

void Replicator::plan(std::uint32_t part, runtime::TimePoint ready) {
  if (healthy(part)) return;
  const std::vector<RingNode> part_targets = targets(part);
  std::vector<int> sources;
  for (int d : holders_[part]) {
    if (live(d)) sources.push_back(d);
  }
  if (sources.empty()) return;  // every copy is out of service: nothing to copy from
  for (const RingNode& target : part_targets) {
    const int t = target.device.id;
    if (!live(t) || holds(part, t)) continue;
    if (copying(part, t)) continue;
    // The holder whose replicator has the least queued work pushes it, as whichever
    // replicator reaches the partition first would.
    const int source = *std::min_element(sources.begin(), sources.end(), [&](int a, int b) {
      return queues_[queue_key(a)].size() < queues_[queue_key(b)].size();
    });
    queues_[queue_key(source)].push_back({part, source, t, ready});
  }
  revert_handoffs(part, part_targets);
}

// A handoff (or an old primary after a rebalance) deletes its copy once every target has one.
void Replicator::revert_handoffs(std::uint32_t part, const std::vector<RingNode>& part_targets) {
  if (in_flight_for(part)) return;
  std::set<int> target_ids;
  for (const RingNode& n : part_targets) {
    if (!live(n.device.id)) continue;
    if (!holds(part, n.device.id)) return;
    target_ids.insert(n.device.id);
  }
  const auto reverted =
      std::erase_if(holders_[part], [&](int d) { return live(d) && !target_ids.contains(d); });
  report_.handoffs_reverted += static_cast<std::int64_t>(reverted);
  recount(part);
}

void Replicator::finish(const Job& job, Flights::iterator flight, bool copied) {
  const bool doomed = flight->second.doomed;
  in_flight_.erase(flight);
  const auto bytes = bytes_[job.part];
  if (copied) {
    report_.bytes_moved += bytes;
    ++report_.transfers;
  }
  if (!copied || doomed) ++report_.failed_transfers;
  settled_ = std::max(settled_, executor_.now());
  if (copied && !doomed) {
    if (!holds(job.part, job.target)) holders_[job.part].push_back(job.target);
    repaired_[job.part] = true;
    revert_handoffs(job.part, targets(job.part));
    recount(job.part);
  } else if (!doomed) {
    queues_[queue_key(job.source)].push_back(
        {job.part, job.source, job.target,
         executor_.now() + runtime::from_seconds(config_.retry_s)});
  }
  sample();
}

runtime::Task<void> Replicator::apply_events(std::vector<ReplicationEvent> events) {
  for (const ReplicationEvent& event : events) {
    next_event_ = event.time;
    co_await runtime::sleep_until(event.time);
    apply(event);
    --events_left_;
    settled_ = std::max(settled_, executor_.now());
    replan_all(executor_.now() + runtime::from_seconds(config_.interval_s));
    sample();
  }
}

runtime::Task<void> Replicator::worker(std::string key) {
  for (;;) {
    std::deque<Job>& queue = queues_[key];
    if (!queue.empty()) {
      if (queue.front().ready > executor_.now()) {
        co_await runtime::sleep_until(queue.front().ready);
        continue;
      }
      const Job job = queue.front();
      queue.pop_front();
      // Planned before later events or copies: still wanted and still possible?
      if (!live(job.source) || !holds(job.part, job.source) || !live(job.target) ||
          holds(job.part, job.target) || copying(job.part, job.target)) {
        continue;
      }
      const auto flight =
          in_flight_.emplace(std::pair{job.part, job.target}, InFlight{job.source, false});
      runtime::TransferSpec spec{
          config_.hosts.host(devices_.at(job.source)), config_.hosts.host(devices_.at(job.target)),
          bytes_[job.part], runtime::TransferKind::replication, config_.rsync_bwlimit_bytes_per_s};
      bool copied = true;
      try {
        co_await storage_.transfer(std::move(spec));
      } catch (const std::exception&) {
        copied = false;  // a link of the route went down: retried on a later pass
      }
      finish(job, flight, copied);
      continue;
    }
    if (events_left_ == 0) co_return;
    co_await runtime::sleep_until(next_event_);
    co_await runtime::sleep_for(runtime::Duration{0});  // let the event be applied first
  }
}

runtime::Task<ReplicationReport> Replicator::run(std::vector<ReplicationEvent> events) {
  std::stable_sort(events.begin(), events.end(),
                   [](const auto& a, const auto& b) { return a.time < b.time; });
  validate(events);
  std::size_t rows = ring_->data().replica2part2dev.size();
  for (const auto& e : events) {
    if (e.ring) rows = std::max(rows, e.ring->replica2part2dev.size());
    if (e.ring) learn_devices(*e.ring);
  }
  histogram_.assign(rows + 1, 0);
  for (std::uint32_t part = 0; part < holders_.size(); ++part)
    recount(part);
  sample();
  const runtime::TimePoint start = executor_.now();
  report_.first_event_s = runtime::to_seconds(events.empty() ? start : events.front().time);
  settled_ = start;
  events_left_ = events.size();
  if (!events.empty()) next_event_ = events.front().time;

  std::set<std::string> keys;
  for (const auto& [id, dev] : devices_)
    keys.insert(queue_key(id));
  std::vector<runtime::Task<void>> tasks;
  tasks.push_back(apply_events(std::move(events)));
  for (const std::string& key : keys) {
    for (std::size_t i = 0; i < config_.concurrency; ++i)
      tasks.push_back(worker(key));
  }
  co_await runtime::when_all(std::move(tasks));

  report_.settled_s = runtime::to_seconds(settled_);
  report_.time_to_full_replication_s = std::max(0.0, report_.settled_s - report_.first_event_s);
  report_.partitions_repaired = std::count(repaired_.begin(), repaired_.end(), true);
  report_.fully_replicated = true;
  for (std::uint32_t part = 0; part < holders_.size(); ++part) {
    if (!replicated(part)) {
      report_.fully_replicated = false;
      break;
    }
  }
  co_return report_;
}

runtime::Task<ReplicationReport> run_replication(RingData ring,
                                                 std::vector<ReplicationEvent> events,
                                                 runtime::Backend& backend,
                                                 ReplicatorConfig config) {
  Replicator replicator(backend, std::move(ring), std::move(config));
  co_return co_await replicator.run(std::move(events));
}

}  // namespace stacksim::objectstore
