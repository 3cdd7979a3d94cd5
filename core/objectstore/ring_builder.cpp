#include "core/objectstore/ring_builder.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <sstream>
#include <stdexcept>

#include "core/objectstore/address.hpp"
#include "core/objectstore/dispersion.hpp"
#include "core/objectstore/rebalance.hpp"
#include "core/objectstore/replica_plan.hpp"
#include "core/objectstore/ring_errors.hpp"

namespace stacksim::objectstore {

namespace {
std::size_t u(std::int64_t i) {
  return static_cast<std::size_t>(i);
}
}  // namespace

RingBuilder::RingBuilder(int part_power, double replicas, int min_part_hours) {
  if (part_power > 32) {
    throw std::invalid_argument("part_power must be at most 32 (was " + std::to_string(part_power) +
                                ")");
  }
  if (part_power < 0) {
    throw std::invalid_argument("part_power must be non-negative (was " +
                                std::to_string(part_power) + ")");
  }
  if (!(replicas >= 1)) {
    std::ostringstream msg;
    msg.setf(std::ios::fixed);
    msg.precision(6);
    msg << "replicas must be at least 1 (was " << replicas << ")";
    throw std::invalid_argument(msg.str());
  }
  if (min_part_hours < 0) {
    throw std::invalid_argument("min_part_hours must be non-negative (was " +
                                std::to_string(min_part_hours) + ")");
  }
  s_.part_power = part_power;
  s_.replicas = replicas;
  s_.min_part_hours = min_part_hours;
  s_.parts = std::int64_t{1} << part_power;
  s_.last_part_moves.assign(u(s_.parts), 0);
}

RingBuilder RingBuilder::from_state(RingBuilderState state) {
  auto bad = [](const std::string& what) { throw RingValidationError("builder state: " + what); };
  if (state.part_power < 0 || state.part_power > 32) bad("part_power out of range");
  if (state.parts != (std::int64_t{1} << state.part_power)) bad("parts is not 2^part_power");
  if (!(state.replicas >= 1)) bad("replicas below 1");
  if (state.min_part_hours < 0) bad("negative min_part_hours");
  if (state.last_part_moves.empty()) state.last_part_moves.assign(u(state.parts), 0);
  if (static_cast<std::int64_t>(state.last_part_moves.size()) != state.parts) {
    bad("last_part_moves has " + std::to_string(state.last_part_moves.size()) + " entries, not " +
        std::to_string(state.parts));
  }
  for (std::size_t i = 0; i < state.devs.size(); ++i) {
    if (state.devs[i] && state.devs[i]->id != static_cast<int>(i)) {
      bad("device at index " + std::to_string(i) + " has id " + std::to_string(state.devs[i]->id));
    }
  }
  std::vector<std::int64_t> held(state.devs.size(), 0);
  for (std::size_t r = 0; r < state.replica2part2dev.size(); ++r) {
    const auto& row = state.replica2part2dev[r];
    if (static_cast<std::int64_t>(row.size()) > state.parts) bad("replica row longer than parts");
    for (std::uint16_t id : row) {
      if (id == kNoneDev) continue;
      if (id >= state.devs.size() || !state.devs[id]) {
        bad("replica " + std::to_string(r) + " names missing device " + std::to_string(id));
      }
      ++held[id];
    }
  }
  for (const auto& d : state.devs) {
    if (d && d->parts != held[u(d->id)]) {
      bad("device " + std::to_string(d->id) + " claims " + std::to_string(d->parts) +
          " parts but holds " + std::to_string(held[u(d->id)]));
    }
  }
  for (int id : state.remove_devs) {
    if (id < 0 || u(id) >= state.devs.size() || !state.devs[u(id)]) {
      bad("device " + std::to_string(id) + " marked for removal does not exist");
    }
  }
  RingBuilder b;
  b.s_ = std::move(state);
  return b;
}

const Device* RingBuilder::dev(int id) const {
  if (id < 0 || u(id) >= s_.devs.size() || !s_.devs[u(id)]) return nullptr;
  return &*s_.devs[u(id)];
}

Device& RingBuilder::mutable_dev(int id) {
  if (id < 0 || u(id) >= s_.devs.size() || !s_.devs[u(id)]) {
    throw std::out_of_range("no device with id " + std::to_string(id));
  }
  return *s_.devs[u(id)];
}

bool RingBuilder::marked_for_removal(int id) const {
  return std::find(s_.remove_devs.begin(), s_.remove_devs.end(), id) != s_.remove_devs.end();
}

int RingBuilder::add_dev(Device dev) {
  if (dev.id < 0) {
    const auto hole = std::find(s_.devs.begin(), s_.devs.end(), std::nullopt);
    dev.id = static_cast<int>(hole - s_.devs.begin());
  }
  if (dev.id >= static_cast<int>(kNoneDev)) {
    throw RingValidationError("Device id " + std::to_string(dev.id) + " is out of range (max " +
                              std::to_string(kNoneDev - 1) + ")");
  }
  if (u(dev.id) < s_.devs.size() && s_.devs[u(dev.id)]) {
    throw DuplicateDeviceError("Duplicate device id: " + std::to_string(dev.id));
  }
  if (u(dev.id) >= s_.devs.size()) s_.devs.resize(u(dev.id) + 1);
  dev.parts = 0;
  dev.parts_wanted = 0;
  dev.weight_is_int = false;
  const int id = dev.id;
  s_.devs[u(id)] = std::move(dev);
  s_.devs_changed = true;
  ++s_.version;
  return id;
}

void RingBuilder::set_dev_weight(int id, double weight) {
  if (marked_for_removal(id)) {
    throw std::invalid_argument("Can not set weight of dev_id " + std::to_string(id) +
                                " because it is marked for removal");
  }
  Device& d = mutable_dev(id);
  d.weight = weight;
  d.weight_is_int = false;
  s_.devs_changed = true;
  ++s_.version;
}

void RingBuilder::set_dev_region(int id, int region) {
  if (marked_for_removal(id)) {
    throw std::invalid_argument("Can not set region of dev_id " + std::to_string(id) +
                                " because it is marked for removal");
  }
  mutable_dev(id).region = region;
  s_.devs_changed = true;
  ++s_.version;
}

void RingBuilder::set_dev_zone(int id, int zone) {
  if (marked_for_removal(id)) {
    throw std::invalid_argument("Can not set zone of dev_id " + std::to_string(id) +
                                " because it is marked for removal");
  }
  mutable_dev(id).zone = zone;
  s_.devs_changed = true;
  ++s_.version;
}

void RingBuilder::remove_dev(int id) {
  Device& d = mutable_dev(id);
  d.weight = 0;
  d.weight_is_int = true;
  if (!marked_for_removal(id)) s_.remove_devs.push_back(id);
  s_.devs_changed = true;
  ++s_.version;
}

void RingBuilder::set_replicas(double replicas) {
  const auto parts = static_cast<double>(s_.parts);
  if (static_cast<std::int64_t>(parts * s_.replicas) !=
      static_cast<std::int64_t>(parts * replicas)) {
    s_.devs_changed = true;
  }
  s_.replicas = replicas;
}

RebalanceResult RingBuilder::rebalance(PyRandom& random, std::int64_t now) {
  Rebalancer rebalancer(s_, random, now);
  RebalanceResult result = rebalancer.run();
  result.balance = get_balance();
  return result;
}

RebalanceResult RingBuilder::rebalance(std::uint64_t seed, std::int64_t now) {
  PyRandom random(seed);
  return rebalance(random, now);
}

void RingBuilder::pretend_min_part_hours_passed() {
  s_.last_part_moves_epoch = 0;
  std::fill(s_.last_part_moves.begin(), s_.last_part_moves.end(), 0xff);
}

std::int64_t RingBuilder::min_part_seconds_left(std::int64_t now) const {
  const std::int64_t elapsed = now - s_.last_part_moves_epoch;
  return std::max<std::int64_t>(std::int64_t{s_.min_part_hours} * 3600 - elapsed, 0);
}

void RingBuilder::validate() const {
  (void)check_assignments();
}

std::vector<std::int64_t> RingBuilder::check_assignments() const {
  const auto& rows = s_.replica2part2dev;
  if (rows.empty())
    throw RingValidationError("_replica2part2dev empty; did you forget to rebalance?");
  std::int64_t on_devs = 0;
  for (const auto& d : s_.devs) {
    if (d) on_devs += d->parts;
  }
  std::int64_t in_map = 0;
  for (const auto& row : rows)
    in_map += static_cast<std::int64_t>(row.size());
  if (on_devs != in_map) {
    throw RingValidationError("All partitions are not double accounted for: " +
                              std::to_string(on_devs) + " != " + std::to_string(in_map));
  }
  // Ports are typed ints here, so Swift's "port is not an integer" check always holds.
  const auto int_replicas = static_cast<std::size_t>(std::ceil(s_.replicas));
  std::vector<std::int64_t> usage(s_.devs.size(), 0);
  std::vector<std::uint16_t> part_devs;
  for (std::int64_t part = 0; part < s_.parts; ++part) {
    part_devs.clear();
    for (std::size_t r = 0; r < rows.size(); ++r) {
      if (static_cast<std::int64_t>(rows[r].size()) <= part) {
        if (r + 1 < int_replicas) {
          throw RingValidationError(
              "The partition assignments of replica " + std::to_string(r) +
              " were shorter than expected (" + std::to_string(rows[r].size()) + " < " +
              std::to_string(s_.parts) + ") - this should only happen for the last replica");
        }
        break;
      }
      const std::uint16_t id = rows[r][u(part)];
      if (id >= s_.devs.size() || !s_.devs[id]) {
        throw RingValidationError("Partition " + std::to_string(part) + ", replica " +
                                  std::to_string(r) + " was not allocated to a device.");
      }
      part_devs.push_back(id);
      ++usage[id];
    }
    for (std::size_t i = 1; i < part_devs.size(); ++i) {
      if (std::find(part_devs.begin(), part_devs.begin() + static_cast<std::ptrdiff_t>(i),
                    part_devs[i]) == part_devs.begin() + static_cast<std::ptrdiff_t>(i)) {
        continue;
      }
      std::string ids;
      for (std::uint16_t x : part_devs)
        ids += (ids.empty() ? "" : ", ") + std::to_string(x);
      throw RingValidationError("The partition " + std::to_string(part) +
                                " has been assigned to duplicate devices [" + ids + "]");
    }
  }
  return usage;
}

std::pair<std::vector<std::int64_t>, double> RingBuilder::validate_with_stats() const {
  std::vector<std::int64_t> usage = check_assignments();
  const double wop = weight_of_one_part();
  double worst = 0;
  for (const auto& d : s_.devs) {
    if (!d) continue;
    if (d->weight == 0) {
      if (usage[u(d->id)] != 0) {
        worst = kMaxBalance;
        break;
      }
      continue;
    }
    const double skew =
        std::abs(100.0 * static_cast<double>(usage[u(d->id)]) / (d->weight * wop) - 100.0);
    worst = std::max(worst, skew);
  }
  return {usage, worst};
}

double RingBuilder::weight_of_one_part() const {
  return objectstore::weight_of_one_part(s_.devs, s_.parts, s_.replicas);
}

std::vector<double> RingBuilder::balance_per_dev() const {
  const double wop = weight_of_one_part();
  std::vector<double> balance(s_.devs.size(), 0.0);
  for (const auto& d : s_.devs) {
    if (!d) continue;
    if (d->weight == 0) {
      balance[u(d->id)] = d->parts != 0 ? kMaxBalance : 0.0;
    } else {
      balance[u(d->id)] = 100.0 * static_cast<double>(d->parts) / (d->weight * wop) - 100.0;
    }
  }
  return balance;
}

double RingBuilder::get_balance() const {
  const std::vector<double> per_dev = balance_per_dev();
  double worst = 0;
  for (const auto& d : s_.devs) {
    if (d) worst = std::max(worst, std::abs(per_dev[u(d->id)]));
  }
  return worst;
}

double RingBuilder::get_required_overload() const {
  const TierTree tree = TierTree::build(s_.devs);
  return required_overload(RingLayout{s_.devs, tree, s_.replicas, s_.parts, s_.overload});
}

void RingBuilder::recalculate_dispersion() {
  s_.dispersion = build_dispersion_graph(s_, nullptr).dispersion;
  ++s_.version;
}

RingData RingBuilder::get_ring() const {
  RingData ring;
  ring.devs = s_.devs;
  for (auto& d : ring.devs) {
    if (d) {
      d->parts = 0;
      d->parts_wanted = 0;
    }
  }
  ring.part_shift = part_shift();
  ring.version = s_.version;
  if (!s_.replica2part2dev.empty()) {
    ring.replica2part2dev = s_.replica2part2dev;
    ring.next_part_power = s_.next_part_power;
  }
  return ring;
}

std::vector<const Device*> RingBuilder::get_part_devices(std::int64_t part) const {
  std::vector<const Device*> out;
  for (const auto& row : s_.replica2part2dev) {
    if (part >= static_cast<std::int64_t>(row.size()) || row[u(part)] == kNoneDev) continue;
    const Device* d = dev(row[u(part)]);
    if (d != nullptr && std::find(out.begin(), out.end(), d) == out.end()) out.push_back(d);
  }
  return out;
}

std::vector<const Device*> RingBuilder::search_devs(const DeviceSearch& q) const {
  auto same_address = [](const std::string& dev_value, const std::string& wanted) {
    try {
      return normalize_address(dev_value) == wanted;
    } catch (const std::invalid_argument&) {
      return wanted.empty();
    }
  };
  std::vector<const Device*> out;
  for (const auto& slot : s_.devs) {
    if (!slot) continue;
    const Device& d = *slot;
    if ((q.id && *q.id != d.id) || (q.region && *q.region != d.region) ||
        (q.zone && *q.zone != d.zone) || (q.port && *q.port != d.port) ||
        (q.replication_port && *q.replication_port != d.replication_port) ||
        (q.device && *q.device != d.device) || (q.weight && *q.weight != d.weight) ||
        (q.meta && d.meta.find(*q.meta) == std::string::npos) ||
        (q.ip && !same_address(d.ip, *q.ip)) ||
        (q.replication_ip && !same_address(d.replication_ip, *q.replication_ip))) {
      continue;
    }
    out.push_back(&d);
  }
  return out;
}

bool RingBuilder::prepare_increase_partition_power() {
  if (s_.next_part_power) return false;
  s_.next_part_power = s_.part_power + 1;
  ++s_.version;
  return true;
}

bool RingBuilder::increase_partition_power() {
  if (!s_.next_part_power || *s_.next_part_power != s_.part_power + 1) return false;
  // Each partition splits in two; both halves stay where the old one was.
  for (auto& row : s_.replica2part2dev) {
    std::vector<std::uint16_t> doubled;
    doubled.reserve(row.size() * 2);
    for (std::uint16_t id : row) {
      doubled.push_back(id);
      doubled.push_back(id);
    }
    row = std::move(doubled);
  }
  for (auto& d : s_.devs) {
    if (d) d->parts *= 2;
  }
  std::vector<std::uint8_t> moves;
  moves.reserve(s_.last_part_moves.size() * 2);
  for (std::uint8_t m : s_.last_part_moves) {
    moves.push_back(m);
    moves.push_back(m);
  }
  s_.last_part_moves = std::move(moves);
  s_.part_power = *s_.next_part_power;
  s_.parts *= 2;
  ++s_.version;
  return true;
}

bool RingBuilder::cancel_increase_partition_power() {
  if (!s_.next_part_power || *s_.next_part_power != s_.part_power + 1) return false;
  s_.next_part_power = s_.part_power;
  ++s_.version;
  return true;
}

bool RingBuilder::finish_increase_partition_power() {
  if (s_.next_part_power && *s_.next_part_power == s_.part_power) {
    s_.next_part_power.reset();
    ++s_.version;
    return true;
  }
  return false;
}

}  // namespace stacksim::objectstore
