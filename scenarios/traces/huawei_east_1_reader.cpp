#include "scenarios/traces/huawei_east_1_reader.hpp"

namespace stacksim::scenarios {
namespace {

const std::vector<std::string> kColumns = {"vmid", "cpu", "memory", "time", "type"};

}  // namespace

HuaweiEast1Reader::HuaweiEast1Reader(const std::string& path, TraceOptions options)
    : TraceReader(std::move(options)), lines_(trace_parts(path)) {
}

bool HuaweiEast1Reader::next(TraceItem& item) {
  std::string_view line;
  while (lines_.next(line)) {
    if (line.empty()) continue;
    if (lines_.line_number() == 1 && line.starts_with("vmid")) continue;  // header
    ++stats_.rows;
    try {
      row_.split_expect(line, ',', kColumns, lines_.location());
      const double time = row_.number(3);
      if (time < 0) row_.fail(3, "a negative time");
      const std::int64_t type = row_.integer(4);
      if (type != 0 && type != 1) row_.fail(4, "expected 0 (create) or 1 (delete)");
      std::string id(row_.text(0));
      if (type == 0) {
        const double cores = row_.number(1);
        const double gb = row_.number(2);
        if (cores <= 0) row_.fail(1, "expected a positive core count");
        if (gb <= 0) row_.fail(2, "expected a positive memory size in GB");
        if (!alive_.insert(id).second) row_.fail(0, "VM created twice without a delete");
        TraceRequest& r = emit_request(item);
        r.id = std::move(id);
        r.arrival_s = time;
        r.vcpus = cores;
        r.memory_mb = gb * 1024.0;
        return true;
      }
      if (alive_.erase(id) == 0) {
        ++stats_.ignored_rows;  // deleted without a create inside the trace
        continue;
      }
      TraceEnd& e = emit_end(item);
      e.id = std::move(id);
      e.time_s = time;
      return true;
    } catch (const TraceRowError& e) {
      bad_row(e);
    }
  }
  return false;
}

}  // namespace stacksim::scenarios
