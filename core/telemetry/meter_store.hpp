#pragma once
// Samples in SQLite (Gnocchi's role): recorded by the pollsters, aggregated into statistics over
// fixed periods (avg/min/max/sum/count), over one resource, a named group of resources (the members
// of an autoscaling group) or every resource of a meter.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/store/database.hpp"
#include "core/telemetry/sample.hpp"

namespace stacksim::telemetry {

struct Statistics {
  runtime::TimePoint period_start{};
  runtime::TimePoint period_end{};
  double avg = 0;
  double min = 0;
  double max = 0;
  double sum = 0;
  std::int64_t count = 0;
};

struct StatisticsQuery {
  std::string meter;
  std::optional<std::string> resource_id;  // one resource
  std::optional<std::string> group;        // or the members of a group; neither: every resource
  runtime::TimePoint start{};              // inclusive
  runtime::TimePoint end{};                // exclusive
  runtime::Duration period{};              // bucket width; periods without samples are omitted
};

class MeterStore {
 public:
  explicit MeterStore(store::Database& db);

  void record(const std::vector<Sample>& samples);
  [[nodiscard]] std::vector<Statistics> statistics(const StatisticsQuery& query) const;
  /// Samples of one meter and resource in time order.
  [[nodiscard]] std::vector<Sample> samples(const std::string& meter,
                                            const std::string& resource_id) const;

  /// Replaces the members of a resource group (an autoscaling group's servers).
  void set_group_members(const std::string& group, const std::vector<std::string>& resource_ids);
  [[nodiscard]] std::vector<std::string> group_members(const std::string& group) const;

 private:
  store::Database& db_;
};

}  // namespace stacksim::telemetry
