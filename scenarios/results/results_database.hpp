#pragma once
// Writes one run into its own SQLite database (schema: results_schema.cpp, docs/results.md), in
// large transactions. A run that stops early (Ctrl-C, an error) still leaves a readable database,
// its status saying so.

#include <filesystem>
#include <optional>
#include <string>

#include "core/store/database.hpp"
#include "scenarios/runner/run_recorder.hpp"

namespace stacksim::scenarios {

class ResultsDatabase final : public RunRecorder {
 public:
  /// Creates `path`, replacing an existing file (a results file holds exactly one run).
  explicit ResultsDatabase(const std::filesystem::path& path);
  ~ResultsDatabase() override;

  void begin(const Scenario& scenario, const std::vector<HostRow>& hosts) override;
  void instance(const InstanceRow& row) override;
  void decision(const DecisionRow& row) override;
  void instance_event(const InstanceEventRow& row) override;
  void sample(const SampleRow& row) override;
  void host_sample(const HostSampleRow& row) override;
  void fault(const FaultRow& row) override;
  void rings(const RingRunResults& results) override;
  void finish(const RunSummary& summary, const std::vector<HostSummaryRow>& hosts) override;

  [[nodiscard]] store::Database& database() noexcept { return db_; }

 private:
  void wrote_row();
  static std::optional<std::int64_t> host_id(int h) {
    return h >= 0 ? std::optional<std::int64_t>(h) : std::nullopt;
  }

  store::Database db_;
  std::optional<store::Statement> insert_instance_, insert_decision_, insert_event_, insert_sample_,
      insert_host_sample_, insert_fault_;
  std::size_t rows_in_transaction_ = 0;
  bool in_transaction_ = false;
  bool finished_ = false;
};

}  // namespace stacksim::scenarios
