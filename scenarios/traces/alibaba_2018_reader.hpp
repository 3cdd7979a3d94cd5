#pragma once
// Alibaba cluster-trace-v2018: long-running containers (container_meta.csv: one request per
// container, at its first time_stamp, running to the end of the replay) and batch tasks
// (batch_task.csv: instance_num instances per task from start_time to end_time), merged in time
// order; machine_meta.csv describes the machines. CPU is in hundredths of a core; memory is a
// percentage of the largest machine (machine_memory_mb).

#include <optional>
#include <string>
#include <unordered_set>

#include "scenarios/traces/line_source.hpp"
#include "scenarios/traces/row_fields.hpp"
#include "scenarios/traces/trace_reader.hpp"

namespace stacksim::scenarios {

class Alibaba2018Reader final : public TraceReader {
 public:
  /// `path` is the directory holding the CSV files; files.container_meta / batch_task /
  /// machine_meta name them one by one instead.
  Alibaba2018Reader(const std::string& path, TraceOptions options);

  bool next(TraceItem& item) override;
  [[nodiscard]] std::string location() const override { return last_location_; }
  [[nodiscard]] std::vector<TraceMachine> machines() override;

 private:
  struct Stream {
    std::optional<LineSource> lines;
    RowFields row;
    std::optional<TraceRequest> pending;  // read ahead, for the merge
    std::string location;
  };
  bool read_container(Stream& s);
  bool read_batch(Stream& s);
  [[nodiscard]] std::optional<std::string> file_for(const std::string& role) const;

  std::string directory_;
  Stream containers_;
  Stream batch_;
  std::unordered_set<std::string> seen_containers_;  // bounded by the cluster's containers
  std::string last_location_;
};

}  // namespace stacksim::scenarios
