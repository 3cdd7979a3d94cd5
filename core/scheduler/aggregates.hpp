#pragma once
// Host aggregates (with availability zones as aggregates carrying availability_zone metadata) and
// the interned membership sets hosts point at. Everything a filter or weigher derives from a
// host's aggregates depends only on its membership set, so it is computed once per set and cached
// until an aggregate changes.

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace stacksim::scheduler {

using AggregateId = std::uint32_t;
using AggregateSetId = std::uint32_t;

struct HostAggregate {
  std::string name;
  std::map<std::string, std::string> metadata;
};

/// A weigher's multiplier for each membership set, and whether they are all the same.
struct SetMultipliers {
  std::vector<double> by_set;
  bool uniform = true;
};

/// Metadata key -> comma-split, stripped values, united over a host's aggregates
/// (nova.scheduler.filters.utils.aggregate_metadata_get_by_host).
using AggregateMetadataUnion = std::map<std::string, std::set<std::string>, std::less<>>;

class Aggregates {
 public:
  Aggregates();

  /// Creates the aggregate, or returns the existing one of that name.
  AggregateId ensure(const std::string& name);
  [[nodiscard]] std::optional<AggregateId> find(std::string_view name) const;
  void set_metadata(AggregateId id, std::map<std::string, std::string> metadata);
  [[nodiscard]] const HostAggregate& get(AggregateId id) const { return aggregates_.at(id); }
  [[nodiscard]] std::size_t size() const noexcept { return aggregates_.size(); }

  /// Interns a membership set (order and duplicates do not matter). Set 0 is the empty set.
  AggregateSetId intern(std::vector<AggregateId> members);
  [[nodiscard]] const std::vector<AggregateId>& members(AggregateSetId set) const {
    return sets_.at(set);
  }
  [[nodiscard]] std::size_t set_count() const noexcept { return sets_.size(); }

  [[nodiscard]] const AggregateMetadataUnion& metadata_union(AggregateSetId set) const;

  /// get_weight_multiplier: the minimum of float(value) over the set's aggregates carrying `key`;
  /// `fallback` when none carries it or a value does not parse. One entry per set.
  [[nodiscard]] const SetMultipliers& multipliers(const std::string& key, double fallback) const;

  /// Aggregates whose availability_zone metadata is exactly `zone` (Placement's AZ pre-filter).
  [[nodiscard]] std::vector<AggregateId> with_availability_zone(std::string_view zone) const;

  /// Bumped by every change that can alter derived values; caches compare against it.
  [[nodiscard]] std::uint64_t version() const noexcept { return version_; }

 private:
  void invalidate();

  std::vector<HostAggregate> aggregates_;
  std::unordered_map<std::string, AggregateId> by_name_;
  std::vector<std::vector<AggregateId>> sets_;
  std::map<std::vector<AggregateId>, AggregateSetId> set_ids_;
  std::uint64_t version_ = 0;
  mutable std::vector<std::optional<AggregateMetadataUnion>> unions_;
  mutable std::map<std::pair<std::string, double>, SetMultipliers> multipliers_;
};

}  // namespace stacksim::scheduler
