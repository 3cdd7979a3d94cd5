#pragma once
// Host aggregates: named groups of compute hosts with metadata. An aggregate whose metadata has
// availability_zone=<name> defines that availability zone; a host belongs to at most one zone
// (hosts in no zone are in the default zone, "nova"). The scheduler reads the metadata
// (AggregateInstanceExtraSpecsFilter, per-aggregate weight multipliers).

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/runtime/executor.hpp"
#include "core/store/database.hpp"
#include "core/store/sequence.hpp"

namespace stacksim::compute {

struct HostAggregate {
  std::int64_t id = 0;
  std::string uuid;
  std::string name;
  std::map<std::string, std::string> metadata;  // availability_zone among them
  std::vector<std::string> hosts;               // sorted

  [[nodiscard]] std::optional<std::string> availability_zone() const {
    const auto it = metadata.find("availability_zone");
    return it == metadata.end() ? std::nullopt : std::optional<std::string>(it->second);
  }
};

class HostAggregates {
 public:
  HostAggregates(store::Database& db, const runtime::Executor& clock, std::uint64_t id_seed);

  /// AggregateNameExists (409) for a duplicate name.
  HostAggregate create(const std::string& name,
                       std::optional<std::string> availability_zone = std::nullopt);
  /// AggregateNotFound (404).
  [[nodiscard]] HostAggregate get(std::int64_t id);
  [[nodiscard]] HostAggregate find_by_name(const std::string& name);
  [[nodiscard]] std::vector<HostAggregate> list();
  /// Sets (value) or deletes (nullopt) metadata keys; a new availability_zone must not move a
  /// member host into a second zone.
  HostAggregate set_metadata(std::int64_t id,
                             const std::map<std::string, std::optional<std::string>>& changes);
  /// AggregateHostExists (409); InvalidAggregateActionAdd (409) if the host is already in another
  /// availability zone.
  HostAggregate add_host(std::int64_t id, const std::string& host);
  /// AggregateHostNotFound (404).
  HostAggregate remove_host(std::int64_t id, const std::string& host);
  /// InvalidAggregateActionDelete (400) while hosts remain.
  void remove(std::int64_t id);

  [[nodiscard]] std::vector<HostAggregate> aggregates_of(const std::string& host);
  /// The host's availability zone, or `default_zone` if none of its aggregates names one.
  [[nodiscard]] std::string availability_zone_of(const std::string& host,
                                                 const std::string& default_zone);
  /// Every zone some aggregate names.
  [[nodiscard]] std::set<std::string> availability_zones();

 private:
  [[nodiscard]] std::set<std::string> zones_of(const std::string& host,
                                               std::optional<std::int64_t> except_aggregate);

  store::Database& db_;
  const runtime::Executor& clock_;
  std::uint64_t id_seed_;
  store::Sequence ids_;
};

}  // namespace stacksim::compute
