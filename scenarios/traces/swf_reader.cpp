#include "scenarios/traces/swf_reader.hpp"

#include <algorithm>

namespace stacksim::scenarios {
namespace {

const std::vector<std::string> kColumns = {"job number",
                                           "submit time",
                                           "wait time",
                                           "run time",
                                           "allocated processors",
                                           "average CPU time",
                                           "used memory",
                                           "requested processors",
                                           "requested time",
                                           "requested memory",
                                           "status",
                                           "user ID",
                                           "group ID",
                                           "executable number",
                                           "queue number",
                                           "partition number",
                                           "preceding job number",
                                           "think time"};

enum Field {
  kJob,
  kSubmit,
  kWait,
  kRun,
  kAllocated,
  kCpuTime,
  kUsedMemory,
  kRequested,
  kRequestedTime,
  kRequestedMemory,
  kStatus,
  kUser,
  kGroup,
  kExecutable,
  kQueue,
  kPartition,
  kPreceding,
  kThink
};

}  // namespace

SwfReader::SwfReader(const std::string& path, TraceOptions options)
    : TraceReader(std::move(options)), lines_(trace_parts(path)) {
}

bool SwfReader::next(TraceItem& item) {
  std::string_view line;
  while (lines_.next(line)) {
    const auto first = line.find_first_not_of(" \t");
    if (first == std::string_view::npos || line[first] == ';') continue;  // blank or header
    ++stats_.rows;
    try {
      row_.split_expect(line, ' ', kColumns, lines_.location(), RowFields::Split::whitespace);
      const double submit = row_.number(kSubmit);
      const double run = row_.number(kRun);
      const std::int64_t allocated = row_.integer(kAllocated);
      const std::int64_t requested = row_.integer(kRequested);
      if (submit < 0) row_.fail(kSubmit, "a negative submit time");
      // -1 is "unknown": a job with no run time or no processors (often cancelled) asks for
      // nothing.
      const std::int64_t processors = allocated > 0 ? allocated : requested;
      if (run < 0 || processors <= 0) {
        ++stats_.ignored_rows;
        continue;
      }
      // Memory is KB per processor: the request when given, else what was used.
      const double requested_kb = row_.number(kRequestedMemory);
      const double used_kb = row_.number(kUsedMemory);
      const double kb_per_processor = requested_kb > 0 ? requested_kb : std::max(used_kb, 0.0);
      const std::int64_t user = row_.integer(kUser);
      const std::int64_t group = row_.integer(kGroup);
      const std::int64_t queue = row_.integer(kQueue);
      TraceRequest& r = emit_request(item);
      r.id = std::string(row_.text(kJob));
      if (user >= 0) r.tenant = std::to_string(user);
      if (group >= 0) r.group = std::to_string(group);
      if (queue >= 0) r.priority = static_cast<int>(queue);
      r.arrival_s = submit;
      r.lifetime_s = run;
      r.vcpus = static_cast<double>(processors);
      r.memory_mb = kb_per_processor * static_cast<double>(processors) / 1024.0;
      return true;
    } catch (const TraceRowError& e) {
      bad_row(e);
    }
  }
  return false;
}

}  // namespace stacksim::scenarios
