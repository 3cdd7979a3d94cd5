#pragma once
// Swift's RingBuilder (swift/common/ring/builder.py, 2.30.1), ported faithfully: devices with
// weights in regions/zones/servers, partitions assigned to them by the replica plan, rebalances
// that move at most one replica of a partition and respect min_part_hours, balance and
// dispersion reports, validation, and partition power increase. Given the same CPython random
// seed, a rebalance reproduces Swift's assignment exactly.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/objectstore/device.hpp"
#include "core/objectstore/py_random.hpp"
#include "core/objectstore/ring_data.hpp"

namespace stacksim::objectstore {

/// Everything a builder keeps between runs (what Swift pickles; we save it as JSON).
struct RingBuilderState {
  int part_power = 0;
  std::optional<int> next_part_power;
  double replicas = 3;
  int min_part_hours = 0;
  std::int64_t parts = 1;
  std::vector<std::optional<Device>> devs;  // index = id; holes are removed devices
  bool devs_changed = false;
  std::int64_t version = 0;
  double overload = 0;
  std::string id;  // empty until the builder is first saved
  std::vector<std::vector<std::uint16_t>> replica2part2dev;  // empty: never rebalanced
  std::vector<std::uint8_t> last_part_moves;                 // hours since each part moved
  std::int64_t last_part_moves_epoch = 0;
  std::int64_t last_part_gather_start = 0;
  std::vector<int> remove_devs;  // ids marked for removal at the next rebalance
  std::optional<double> dispersion = 0.0;
};

struct RebalanceResult {
  std::int64_t parts_moved = 0;  // (replica, partition) slots whose device changed
  double balance = 0;
  int removed_devices = 0;
  int rounds = 0;         // gather/assign rounds run (at most 3)
  bool finished = false;  // no device left overweight
};

/// Swift's search-value filter: every set field must match.
struct DeviceSearch {
  std::optional<int> id, region, zone, port, replication_port;
  std::optional<std::string> ip, replication_ip, device, meta;  // meta: substring match
  std::optional<double> weight;
};

class RingBuilder {
 public:
  static constexpr double kMaxBalance = 999.99;
  static constexpr int kMaxBalanceGatherCount = 3;

  /// Throws std::invalid_argument like Swift for part_power > 32, replicas < 1 or
  /// min_part_hours < 0.
  RingBuilder(int part_power, double replicas, int min_part_hours);
  /// A builder from saved state; throws RingValidationError if the state is inconsistent.
  static RingBuilder from_state(RingBuilderState state);

  [[nodiscard]] const RingBuilderState& state() const { return s_; }
  [[nodiscard]] int part_power() const { return s_.part_power; }
  [[nodiscard]] int part_shift() const { return 32 - s_.part_power; }
  [[nodiscard]] std::int64_t parts() const { return s_.parts; }
  [[nodiscard]] double replicas() const { return s_.replicas; }
  [[nodiscard]] int min_part_hours() const { return s_.min_part_hours; }
  [[nodiscard]] double overload() const { return s_.overload; }
  [[nodiscard]] std::int64_t version() const { return s_.version; }
  [[nodiscard]] bool devs_changed() const { return s_.devs_changed; }
  [[nodiscard]] bool ever_rebalanced() const { return !s_.replica2part2dev.empty(); }
  [[nodiscard]] const std::vector<std::optional<Device>>& devs() const { return s_.devs; }
  [[nodiscard]] const Device* dev(int id) const;
  [[nodiscard]] bool marked_for_removal(int id) const;
  void set_id(std::string id) { s_.id = std::move(id); }

  /// Adds a device; id -1 takes the first hole or the next id. Returns the id.
  int add_dev(Device dev);
  void set_dev_weight(int id, double weight);
  void set_dev_region(int id, int region);
  void set_dev_zone(int id, int zone);
  /// Marks a device for removal: weight 0 now, gone after the next rebalance.
  void remove_dev(int id);
  void set_replicas(double replicas);
  void set_overload(double overload) { s_.overload = overload; }
  void change_min_part_hours(int hours) { s_.min_part_hours = hours; }

  /// Rebalances at time `now` (seconds since the epoch), drawing from `random` exactly as Swift
  /// draws from Python's global random module.
  RebalanceResult rebalance(PyRandom& random, std::int64_t now);
  /// Swift's rebalance(seed=n).
  RebalanceResult rebalance(std::uint64_t seed, std::int64_t now);

  /// Marks every partition as moved 255 hours ago.
  void pretend_min_part_hours_passed();
  [[nodiscard]] std::int64_t min_part_seconds_left(std::int64_t now) const;

  /// Swift's validate(): throws RingValidationError on the first broken invariant.
  void validate() const;
  /// validate(stats=True): partitions per device id and the worst skew in percent.
  std::pair<std::vector<std::int64_t>, double> validate_with_stats() const;

  [[nodiscard]] double weight_of_one_part() const;
  /// Percent over (+) or under (-) each device's weighted share; kMaxBalance for a zero-weight
  /// device still holding parts. Indexed by device id (absent devices 0).
  [[nodiscard]] std::vector<double> balance_per_dev() const;
  [[nodiscard]] double get_balance() const;
  [[nodiscard]] double get_required_overload() const;
  [[nodiscard]] double dispersion() const { return s_.dispersion.value_or(0.0); }
  /// Recomputes dispersion from the current assignment (Swift's _build_dispersion_graph).
  void recalculate_dispersion();

  [[nodiscard]] RingData get_ring() const;
  /// The distinct devices of a partition, in replica order.
  [[nodiscard]] std::vector<const Device*> get_part_devices(std::int64_t part) const;
  [[nodiscard]] std::vector<const Device*> search_devs(const DeviceSearch& search) const;

  bool prepare_increase_partition_power();
  bool increase_partition_power();
  bool cancel_increase_partition_power();
  bool finish_increase_partition_power();

 private:
  RingBuilder() = default;
  Device& mutable_dev(int id);
  std::vector<std::int64_t> check_assignments() const;
  RingBuilderState s_;
};

}  // namespace stacksim::objectstore
