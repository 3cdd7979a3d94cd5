#pragma once
// A streaming trace reader: yields TraceItems one at a time in file order, in memory bounded by
// what is alive at once (open requests), never by the length of the trace.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "scenarios/traces/trace_error.hpp"
#include "scenarios/traces/trace_request.hpp"

namespace stacksim::scenarios {

/// Reader settings. Which ones a format reads is listed in trace_formats(); docs/traces.md has
/// what each means for each format.
struct TraceOptions {
  bool skip_bad_rows = false;  // count malformed rows and go on, instead of failing
  bool read_usage = false;     // attach usage series where the format has them
  // The largest machine, for traces that normalise sizes to it (Google, Alibaba, Azure packing).
  double machine_vcpus = 0;
  double machine_memory_mb = 0;
  double machine_disk_gb = 0;
  std::optional<std::int64_t> machine_id;    // azure-packing-2020: the hardware generation
  double largest_vcpu_bucket = 32;           // azure-2019: what ">24" cores stands for
  double largest_memory_bucket_gb = 128;     // azure-2019: what ">64" GB stands for
  double min_lifetime_s = 0;                 // azure-2017/2019: lifetime floor (scripts use 300)
  bool include_alloc_sets = false;           // google-2019: keep alloc-set instances
  std::string encoding;                      // google-2019: "json" or "csv"; empty = by extension
  bool containers = true;                    // alibaba-2018: replay container_meta
  bool batch = true;                         // alibaba-2018: replay batch_task
  std::map<std::string, std::string> files;  // further files by role (machine_events, ...)
};

struct TraceStats {
  std::int64_t rows = 0;          // data rows read (not headers or comments)
  std::int64_t requests = 0;      // TraceRequests produced
  std::int64_t ends = 0;          // TraceEnds produced
  std::int64_t bad_rows = 0;      // malformed rows skipped (skip_bad_rows)
  std::int64_t ignored_rows = 0;  // well-formed rows that start no request (updates, cancelled)
  std::vector<std::string> bad_row_examples;  // the first few error messages
};

class TraceReader {
 public:
  explicit TraceReader(TraceOptions options) : options_(std::move(options)) {}
  virtual ~TraceReader() = default;
  TraceReader(const TraceReader&) = delete;
  TraceReader& operator=(const TraceReader&) = delete;

  /// The next item in file order; false at the end of the trace.
  virtual bool next(TraceItem& item) = 0;
  /// "file:line" of the row that produced the last item (for ordering errors).
  [[nodiscard]] virtual std::string location() const = 0;
  /// Machines the trace describes (machine_events, machine_meta), if it was given them.
  [[nodiscard]] virtual std::vector<TraceMachine> machines() { return {}; }

  [[nodiscard]] const TraceStats& stats() const noexcept { return stats_; }
  [[nodiscard]] const TraceOptions& options() const noexcept { return options_; }

 protected:
  /// A malformed row: rethrown, or counted when skip_bad_rows is set.
  void bad_row(const TraceRowError& error);
  /// The option, or an error naming the format that needs it.
  void require_scale(double value, const char* option, const std::string& format) const;
  TraceRequest& emit_request(TraceItem& item);
  TraceEnd& emit_end(TraceItem& item);

  TraceOptions options_;
  TraceStats stats_;
};

}  // namespace stacksim::scenarios
