#include "scenarios/traces/azure_packing_2020_reader.hpp"

#include <algorithm>

#include "core/store/store_error.hpp"

namespace stacksim::scenarios {
namespace {

constexpr double kSecondsPerDay = 86400.0;

bool has_column(const store::Database& db, const char* table, const char* column) {
  store::Statement info = db.prepare(std::string("PRAGMA table_info(") + table + ")");
  while (info.step()) {
    if (info.column_text(1) == column) return true;
  }
  return false;
}

}  // namespace

AzurePacking2020Reader::AzurePacking2020Reader(const std::string& path, TraceOptions options)
    : TraceReader(std::move(options)),
      path_(path),
      db_(store::Database::open(path, {.create = false, .read_only = true})) {
  try {
    for (const char* column :
         {"vmId", "tenantId", "vmTypeId", "priority", "starttime", "endtime"}) {
      if (!has_column(db_, "vm", column)) {
        throw ScenarioError(path_, "table vm", std::string("missing column ") + column);
      }
    }
    for (const char* column : {"vmTypeId", "core", "memory"}) {
      if (!has_column(db_, "vmType", column)) {
        throw ScenarioError(path_, "table vmType", std::string("missing column ") + column);
      }
    }
    require_scale(options_.machine_vcpus, "machine_vcpus", "azure-packing-2020");
    require_scale(options_.machine_memory_mb, "machine_memory_mb", "azure-packing-2020");
    // Exports without machineId (dslab's CSV-to-sqlite) have one row per VM type.
    const bool per_machine = has_column(db_, "vmType", "machineId");
    const bool has_disk = has_column(db_, "vmType", "hdd") && has_column(db_, "vmType", "ssd");
    if (per_machine) {
      machine_id_ = options_.machine_id;
      if (!machine_id_) {
        store::Statement lowest = db_.prepare("SELECT MIN(machineId) FROM vmType");
        if (lowest.step() && !lowest.is_null(0)) machine_id_ = lowest.column_int64(0);
      }
    } else if (options_.machine_id) {
      throw ScenarioError(path_, "table vmType",
                          "machine_id was given but vmType has no machineId column");
    }
    // A LEFT JOIN keeps VMs whose type has no size on this machine, to count them.
    std::string sql =
        "SELECT vm.vmId, vm.tenantId, vm.priority, vm.starttime, vm.endtime, t.core, t.memory, " +
        std::string(has_disk ? "t.hdd + t.ssd" : "0") +
        " FROM vm LEFT JOIN vmType t ON t.vmTypeId = vm.vmTypeId" +
        (per_machine ? " AND t.machineId = ?1" : "") + " ORDER BY vm.starttime, vm.vmId";
    rows_.emplace(db_.prepare(sql));
    if (per_machine) rows_->bind(1, machine_id_.value_or(0));
  } catch (const store::StoreError& e) {
    throw ScenarioError(path_, "", std::string("not an Azure packing trace database: ") + e.what());
  }
}

std::string AzurePacking2020Reader::location() const {
  return path_ + ": vm row " + std::to_string(row_number_) + " (vmId " + last_vm_ + ")";
}

bool AzurePacking2020Reader::next(TraceItem& item) {
  store::Statement& q = *rows_;
  while (q.step()) {
    ++row_number_;
    ++stats_.rows;
    last_vm_ = q.is_null(0) ? "NULL" : q.column_text(0);
    try {
      if (q.is_null(0) || q.is_null(3))
        throw TraceRowError(location(), "vmId or starttime is NULL");
      if (q.is_null(5) || q.is_null(6)) {
        ++stats_.ignored_rows;  // its VM type has no size on the chosen machine generation
        continue;
      }
      const double start_day = q.column_double(3);
      // NULL endtime: still alive past the 90-day cap.
      const bool ends = !q.is_null(4);
      const double end_day = ends ? q.column_double(4) : 0.0;
      if (ends && end_day < start_day) throw TraceRowError(location(), "endtime before starttime");
      if (ends && end_day <= 0) {
        ++stats_.ignored_rows;  // ended before collection began
        continue;
      }
      const double core = q.column_double(5);
      const double memory = q.column_double(6);
      if (core <= 0 || core > 1 || memory <= 0 || memory > 1) {
        throw TraceRowError(location(), "core and memory must be machine fractions in (0, 1]");
      }
      TraceRequest& r = emit_request(item);
      r.id = last_vm_;
      r.tenant = q.is_null(1) ? "" : q.column_text(1);
      r.priority = q.is_null(2) ? std::nullopt : std::optional<int>(q.column_int(2));
      // A negative start means the VM was alive when collection began: it starts the replay.
      const double arrival_day = std::max(start_day, 0.0);
      r.arrival_s = arrival_day * kSecondsPerDay;
      if (ends) r.lifetime_s = (end_day - arrival_day) * kSecondsPerDay;
      r.vcpus = core * options_.machine_vcpus;
      r.memory_mb = memory * options_.machine_memory_mb;
      r.disk_gb = q.is_null(7) ? 0.0 : q.column_double(7) * options_.machine_disk_gb;
      return true;
    } catch (const TraceRowError& e) {
      bad_row(e);
    }
  }
  return false;
}

}  // namespace stacksim::scenarios
