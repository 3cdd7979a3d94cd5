#pragma once
// Google cluster-data 2019 ("v3"): instance_events exported from BigQuery as JSON lines (nested
// resource_request and constraint) or as CSV (flattened columns, with or without a header), plus
// optional machine_events. Requests at SUBMIT (type 0), ends at EVICT..LOST (types 4-8); alloc-set
// instances (collection_type 1) are dropped unless include_alloc_sets.

#include <map>
#include <string>
#include <unordered_set>
#include <vector>

#include "scenarios/traces/line_source.hpp"
#include "scenarios/traces/row_fields.hpp"
#include "scenarios/traces/trace_reader.hpp"

namespace stacksim::scenarios {

class Google2019Reader final : public TraceReader {
 public:
  Google2019Reader(const std::string& path, TraceOptions options);

  bool next(TraceItem& item) override;
  [[nodiscard]] std::string location() const override { return lines_.location(); }
  [[nodiscard]] std::vector<TraceMachine> machines() override;

  /// One instance event, whichever encoding it came in.
  struct InstanceEvent {
    std::int64_t time = 0;
    std::int64_t type = 0;
    std::string collection_id;
    std::string instance_index;
    std::int64_t collection_type = 0;
    std::int64_t priority = -1;
    double cpus = 0;
    double memory = 0;
    std::vector<PlacementConstraint> constraints;
  };

 private:
  void parse_json(std::string_view line, InstanceEvent& event) const;
  void parse_csv(std::string_view line, InstanceEvent& event);

  bool json_;
  LineSource lines_;
  RowFields row_;
  std::vector<std::string> csv_names_;
  std::map<std::string, std::size_t> csv_columns_;  // flattened column name -> index
  std::unordered_set<std::string> open_;
};

}  // namespace stacksim::scenarios
