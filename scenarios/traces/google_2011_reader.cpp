#include "scenarios/traces/google_2011_reader.hpp"

#include <map>

#include "scenarios/traces/google_time.hpp"

namespace stacksim::scenarios {
namespace {

const std::vector<std::string> kTaskColumns = {"time",
                                               "missing info",
                                               "job ID",
                                               "task index",
                                               "machine ID",
                                               "event type",
                                               "user",
                                               "scheduling class",
                                               "priority",
                                               "CPU request",
                                               "memory request",
                                               "disk space request",
                                               "different-machines restriction"};
enum Task {
  kTime,
  kMissing,
  kJob,
  kIndex,
  kMachine,
  kType,
  kUser,
  kClass,
  kPriority,
  kCpu,
  kMemory,
  kDisk,
  kDifferentMachines
};

const std::vector<std::string> kMachineColumns = {"timestamp",   "machine ID", "event type",
                                                  "platform ID", "CPUs",       "memory"};

// Event types: 0 SUBMIT, 1 SCHEDULE, 2 EVICT, 3 FAIL, 4 FINISH, 5 KILL, 6 LOST, 7-8 UPDATE_*.
constexpr std::int64_t kSubmit = 0, kEvict = 2, kLost = 6, kLastEvent = 8;

double optional_number(const RowFields& row, std::size_t column) {
  return row.empty(column) ? 0.0 : row.number(column);
}

}  // namespace

Google2011Reader::Google2011Reader(const std::string& path, TraceOptions options)
    : TraceReader(std::move(options)), lines_(trace_parts(path)) {
  require_scale(options_.machine_vcpus, "machine_vcpus", "google-2011");
  require_scale(options_.machine_memory_mb, "machine_memory_mb", "google-2011");
}

bool Google2011Reader::next(TraceItem& item) {
  std::string_view line;
  while (lines_.next(line)) {
    if (line.empty()) continue;
    ++stats_.rows;
    try {
      row_.split_expect(line, ',', kTaskColumns, lines_.location());
      const std::int64_t event = row_.integer(kType);
      if (event < kSubmit || event > kLastEvent) row_.fail(kType, "expected an event type 0-8");
      const std::optional<double> at = google_trace_seconds(row_.integer(kTime));
      std::string key = std::string(row_.text(kJob)) + "-" + std::string(row_.text(kIndex));
      if (event == kSubmit) {
        // Missing requests are empty fields in the published files.
        const double cpu_request = optional_number(row_, kCpu);
        const double memory_request = optional_number(row_, kMemory);
        const double disk_request = optional_number(row_, kDisk);
        if (cpu_request < 0 || cpu_request > 1) row_.fail(kCpu, "expected a fraction in [0, 1]");
        if (memory_request < 0 || memory_request > 1)
          row_.fail(kMemory, "expected a fraction in [0, 1]");
        const bool spread =
            !row_.empty(kDifferentMachines) && row_.integer(kDifferentMachines) != 0;
        const std::int64_t prio = row_.empty(kPriority) ? -1 : row_.integer(kPriority);
        if (!at || (cpu_request == 0 && memory_request == 0) || open_.contains(key)) {
          ++stats_.ignored_rows;  // after the window, no request recorded, or a repeated SUBMIT
          continue;
        }
        TraceRequest& r = emit_request(item);
        r.id = key;
        open_.insert(std::move(key));
        r.tenant = std::string(row_.text(kUser));
        r.group = std::string(row_.text(kJob));
        r.arrival_s = *at;
        r.vcpus = cpu_request * options_.machine_vcpus;
        r.memory_mb = memory_request * options_.machine_memory_mb;
        r.disk_gb = disk_request * options_.machine_disk_gb;
        if (prio >= 0) r.priority = static_cast<int>(prio);
        if (spread) {
          r.constraints.push_back(PlacementConstraint::anti_affinity_in("job:" + r.group));
        }
        return true;
      }
      if (event >= kEvict && event <= kLost) {
        const auto open = open_.find(key);
        if (open == open_.end() || !at) {
          ++stats_.ignored_rows;
          continue;
        }
        open_.erase(open);
        TraceEnd& e = emit_end(item);
        e.id = std::move(key);
        e.time_s = *at;
        return true;
      }
      ++stats_.ignored_rows;  // SCHEDULE and UPDATE_* change nothing the replay models
    } catch (const TraceRowError& e) {
      bad_row(e);
    }
  }
  return false;
}

std::vector<TraceMachine> Google2011Reader::machines() {
  const auto file = options_.files.find("machine_events");
  if (file == options_.files.end()) return {};
  // The latest capacity of every machine ever added, in machine-ID order.
  std::map<std::int64_t, TraceMachine> by_id;
  LineSource lines(trace_parts(file->second));
  RowFields row;
  std::string_view line;
  while (lines.next(line)) {
    if (line.empty()) continue;
    try {
      row.split_expect(line, ',', kMachineColumns, lines.location());
      const std::int64_t id = row.integer(1);
      const std::int64_t event = row.integer(2);
      if (event < 0 || event > 2) row.fail(2, "expected an event type 0 (ADD), 1 or 2");
      if (event == 1 || row.empty(4) || row.empty(5)) continue;  // REMOVE, or capacity unknown
      TraceMachine& m = by_id[id];
      m.id = std::string(row.text(1));
      m.vcpus = row.number(4) * options_.machine_vcpus;
      m.memory_mb = row.number(5) * options_.machine_memory_mb;
      m.platform = std::string(row.text(3));
    } catch (const TraceRowError& e) {
      bad_row(e);
    }
  }
  std::vector<TraceMachine> out;
  out.reserve(by_id.size());
  for (auto& [id, m] : by_id)
    out.push_back(std::move(m));
  return out;
}

}  // namespace stacksim::scenarios
