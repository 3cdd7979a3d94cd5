#include "core/scheduler/aggregates.hpp"

#include <algorithm>

#include "core/scheduler/python_text.hpp"

namespace stacksim::scheduler {

Aggregates::Aggregates() {
  intern({});
}

AggregateId Aggregates::ensure(const std::string& name) {
  if (auto it = by_name_.find(name); it != by_name_.end()) return it->second;
  const auto id = static_cast<AggregateId>(aggregates_.size());
  aggregates_.push_back({name, {}});
  by_name_.emplace(name, id);
  return id;
}

std::optional<AggregateId> Aggregates::find(std::string_view name) const {
  if (auto it = by_name_.find(std::string(name)); it != by_name_.end()) return it->second;
  return std::nullopt;
}

void Aggregates::set_metadata(AggregateId id, std::map<std::string, std::string> metadata) {
  aggregates_.at(id).metadata = std::move(metadata);
  invalidate();
}

AggregateSetId Aggregates::intern(std::vector<AggregateId> members) {
  std::sort(members.begin(), members.end());
  members.erase(std::unique(members.begin(), members.end()), members.end());
  if (auto it = set_ids_.find(members); it != set_ids_.end()) return it->second;
  const auto id = static_cast<AggregateSetId>(sets_.size());
  set_ids_.emplace(members, id);
  sets_.push_back(std::move(members));
  invalidate();
  return id;
}

void Aggregates::invalidate() {
  ++version_;
  unions_.clear();
  multipliers_.clear();
}

const AggregateMetadataUnion& Aggregates::metadata_union(AggregateSetId set) const {
  if (unions_.size() < sets_.size()) unions_.resize(sets_.size());
  auto& slot = unions_[set];
  if (!slot) {
    AggregateMetadataUnion result;
    for (AggregateId agg : sets_.at(set)) {
      for (const auto& [key, value] : aggregates_[agg].metadata) {
        auto& values = result[key];
        std::string_view rest = value;
        // str.split(",") keeps empty pieces; each piece is stripped.
        while (true) {
          const std::size_t comma = rest.find(',');
          values.emplace(python_strip(rest.substr(0, comma)));
          if (comma == std::string_view::npos) break;
          rest.remove_prefix(comma + 1);
        }
      }
    }
    slot = std::move(result);
  }
  return *slot;
}

const SetMultipliers& Aggregates::multipliers(const std::string& key, double fallback) const {
  auto [it, inserted] = multipliers_.try_emplace({key, fallback});
  if (inserted) {
    // Each aggregate's value for the key (null: not set), looked up once rather than per set.
    std::vector<const std::string*> value_of(aggregates_.size(), nullptr);
    for (std::size_t a = 0; a < aggregates_.size(); ++a) {
      const auto& md = aggregates_[a].metadata;
      if (auto v = md.find(key); v != md.end()) value_of[a] = &v->second;
    }
    std::vector<double>& table = it->second.by_set;
    table.reserve(sets_.size());
    std::vector<std::string_view> values;
    for (const auto& members : sets_) {
      values.clear();
      for (AggregateId agg : members) {
        if (value_of[agg] != nullptr) values.push_back(*value_of[agg]);
      }
      // As a set: equal strings across aggregates count once, in sorted order.
      std::sort(values.begin(), values.end());
      values.erase(std::unique(values.begin(), values.end()), values.end());
      double result = fallback;
      bool first = true;
      for (std::string_view text : values) {
        const std::optional<double> parsed = python_float(text);
        if (!parsed) {
          result = fallback;  // Nova logs "Could not decode" and uses the configured value
          break;
        }
        result = first ? *parsed : std::min(result, *parsed);
        first = false;
      }
      table.push_back(result);
    }
    it->second.uniform =
        std::all_of(table.begin(), table.end(), [&](double m) { return m == table.front(); });
  }
  return it->second;
}

std::vector<AggregateId> Aggregates::with_availability_zone(std::string_view zone) const {
  std::vector<AggregateId> result;
  for (AggregateId id = 0; id < aggregates_.size(); ++id) {
    const auto& md = aggregates_[id].metadata;
    if (auto it = md.find("availability_zone"); it != md.end() && it->second == zone) {
      result.push_back(id);
    }
  }
  return result;
}

}  // namespace stacksim::scheduler
