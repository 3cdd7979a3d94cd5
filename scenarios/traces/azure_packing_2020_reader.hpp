#pragma once
// Azure Trace for Packing 2020 (Protean, OSDI'20): a SQLite database with tables
// vm(vmId, tenantId, vmTypeId, priority, starttime, endtime) and
// vmType(id, vmTypeId, machineId, core, memory, hdd, ssd, nic). Times are fractional days; sizes
// are fractions of one machine of the chosen hardware generation (machineId).

#include <optional>
#include <string>

#include "core/store/database.hpp"
#include "core/store/statement.hpp"
#include "scenarios/traces/trace_reader.hpp"

namespace stacksim::scenarios {

class AzurePacking2020Reader final : public TraceReader {
 public:
  AzurePacking2020Reader(const std::string& path, TraceOptions options);

  bool next(TraceItem& item) override;
  [[nodiscard]] std::string location() const override;

  /// The machineId whose vmType rows size the VMs (the option, or the lowest in the file).
  [[nodiscard]] std::optional<std::int64_t> machine_id() const noexcept { return machine_id_; }

 private:
  std::string path_;
  store::Database db_;
  std::optional<std::int64_t> machine_id_;
  std::optional<store::Statement> rows_;
  std::int64_t row_number_ = 0;
  std::string last_vm_;
};

}  // namespace stacksim::scenarios
