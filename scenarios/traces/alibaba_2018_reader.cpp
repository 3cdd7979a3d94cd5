#include "scenarios/traces/alibaba_2018_reader.hpp"

#include <filesystem>
#include <map>

namespace stacksim::scenarios {
namespace {

// Column order as in the trace's schema.txt (trace_2018.md lists some in another order).
const std::vector<std::string> kContainerColumns = {"container_id", "machine_id", "time_stamp",
                                                    "app_du",       "status",     "cpu_request",
                                                    "cpu_limit",    "mem_size"};
const std::vector<std::string> kBatchColumns = {"task_name", "instance_num", "job_name",
                                                "task_type", "status",       "start_time",
                                                "end_time",  "plan_cpu",     "plan_mem"};
const std::vector<std::string> kMachineColumns = {
    "machine_id", "time_stamp", "failure_domain_1", "failure_domain_2", "cpu_num",
    "mem_size",   "status"};

// Memory and bandwidth are in [0, 100]; -1 and 101 mark invalid values.
double percent(const RowFields& row, std::size_t column) {
  const double v = row.number(column);
  if (v < 0 || v > 100) row.fail(column, "expected a percentage in [0, 100]");
  return v;
}

}  // namespace

Alibaba2018Reader::Alibaba2018Reader(const std::string& path, TraceOptions options)
    : TraceReader(std::move(options)), directory_(path) {
  require_scale(options_.machine_memory_mb, "machine_memory_mb", "alibaba-2018");
  const auto containers = options_.containers ? file_for("container_meta") : std::nullopt;
  const auto batch = options_.batch ? file_for("batch_task") : std::nullopt;
  if (!containers && !batch) {
    throw ScenarioError(path, "", "found neither container_meta.csv nor batch_task.csv to replay");
  }
  if (containers) containers_.lines.emplace(trace_parts(*containers));
  if (batch) batch_.lines.emplace(trace_parts(*batch));
}

std::optional<std::string> Alibaba2018Reader::file_for(const std::string& role) const {
  if (const auto it = options_.files.find(role); it != options_.files.end()) return it->second;
  if (directory_.empty()) return std::nullopt;
  for (const char* suffix : {".csv", ".csv.gz"}) {
    const std::filesystem::path p = std::filesystem::path(directory_) / (role + suffix);
    if (std::filesystem::exists(p)) return p.string();
  }
  return std::nullopt;
}

bool Alibaba2018Reader::read_container(Stream& s) {
  std::string_view line;
  while (s.lines && s.lines->next(line)) {
    if (line.empty()) continue;
    ++stats_.rows;
    try {
      s.row.split_expect(line, ',', kContainerColumns, s.lines->location());
      const std::string_view id = s.row.text(0);
      const double time = s.row.number(2);
      if (time < 0) s.row.fail(2, "a negative time");
      const double cpu = s.row.number(5);
      if (cpu <= 0) s.row.fail(5, "expected a positive cpu_request (100 = 1 core)");
      const double memory = percent(s.row, 7);
      // Later rows of a container report status changes of the same long-running service.
      if (!seen_containers_.emplace(id).second) {
        ++stats_.ignored_rows;
        continue;
      }
      TraceRequest r;
      r.id = std::string(id);
      r.group = std::string(s.row.text(3));  // app_du: the service's deployment unit
      r.arrival_s = time;
      r.vcpus = cpu / 100.0;
      r.memory_mb = memory / 100.0 * options_.machine_memory_mb;
      s.pending = std::move(r);
      s.location = s.lines->location();
      return true;
    } catch (const TraceRowError& e) {
      bad_row(e);
    }
  }
  return false;
}

bool Alibaba2018Reader::read_batch(Stream& s) {
  std::string_view line;
  while (s.lines && s.lines->next(line)) {
    if (line.empty()) continue;
    ++stats_.rows;
    try {
      s.row.split_expect(line, ',', kBatchColumns, s.lines->location());
      const std::int64_t instances = s.row.integer(1);
      const double start = s.row.number(5);
      const double end = s.row.number(6);
      if (instances <= 0 || s.row.empty(7) || s.row.empty(8) || (start == 0 && end == 0)) {
        ++stats_.ignored_rows;  // no instances, no plan, or never ran inside the window
        continue;
      }
      if (start < 0 || end < 0) s.row.fail(start < 0 ? 5 : 6, "a negative time");
      if (end != 0 && end < start) s.row.fail(6, "ends before it starts");
      const double cpu = s.row.number(7);
      if (cpu <= 0) s.row.fail(7, "expected a positive plan_cpu (100 = 1 core)");
      const double memory = percent(s.row, 8);
      TraceRequest r;
      r.group = std::string(s.row.text(2));
      r.id = r.group + "/" + std::string(s.row.text(0));
      // Batch tasks have no submit time: they arrive when they start. 0 = outside the window.
      r.arrival_s = start;
      if (end != 0) r.lifetime_s = end - start;
      r.vcpus = cpu / 100.0;
      r.memory_mb = memory / 100.0 * options_.machine_memory_mb;
      r.count = instances;
      s.pending = std::move(r);
      s.location = s.lines->location();
      return true;
    } catch (const TraceRowError& e) {
      bad_row(e);
    }
  }
  return false;
}

bool Alibaba2018Reader::next(TraceItem& item) {
  if (!containers_.pending) read_container(containers_);
  if (!batch_.pending) read_batch(batch_);
  Stream* from = nullptr;
  if (containers_.pending && batch_.pending) {
    from = batch_.pending->arrival_s < containers_.pending->arrival_s ? &batch_ : &containers_;
  } else if (containers_.pending) {
    from = &containers_;
  } else if (batch_.pending) {
    from = &batch_;
  } else {
    return false;
  }
  emit_request(item) = std::move(*from->pending);
  from->pending.reset();
  last_location_ = from->location;
  return true;
}

std::vector<TraceMachine> Alibaba2018Reader::machines() {
  const auto file = file_for("machine_meta");
  if (!file) return {};
  std::map<std::string, TraceMachine> by_id;
  LineSource lines(trace_parts(*file));
  RowFields row;
  std::string_view line;
  while (lines.next(line)) {
    if (line.empty()) continue;
    try {
      row.split_expect(line, ',', kMachineColumns, lines.location());
      const double cores = row.number(4);
      if (cores <= 0) row.fail(4, "expected a positive core count");
      TraceMachine& m = by_id[std::string(row.text(0))];
      m.id = std::string(row.text(0));
      m.vcpus = cores;
      m.memory_mb = percent(row, 5) / 100.0 * options_.machine_memory_mb;
      m.failure_domain = std::string(row.text(2));
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
