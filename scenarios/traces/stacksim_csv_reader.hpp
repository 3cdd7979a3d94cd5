#pragma once
// stacksim's own trace CSV (docs/traces.md): a header naming the columns, then one request per
// row. Required columns: arrival_s, vcpus, memory_mb. Optional: id, tenant, group, lifetime_s
// (empty = runs to the end), disk_gb, priority, count, constraints, usage. Lines starting with '#'
// are comments.
//
// constraints: space-separated anti-affinity:GROUP[:MAX_PER_HOST], affinity:GROUP, host:NAME,
//              attr:NAME==VALUE (also !=, <, >, <=, >=), attr:NAME:present, attr:NAME:absent
// usage:       space-separated OFFSET_S:CPU_FRACTION[:MEMORY_FRACTION]

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "scenarios/traces/line_source.hpp"
#include "scenarios/traces/row_fields.hpp"
#include "scenarios/traces/trace_reader.hpp"

namespace stacksim::scenarios {

class StacksimCsvReader final : public TraceReader {
 public:
  StacksimCsvReader(const std::string& path, TraceOptions options);

  bool next(TraceItem& item) override;
  [[nodiscard]] std::string location() const override { return lines_.location(); }

  /// Every column the format knows, in the order the writer uses.
  static const std::vector<std::string>& columns();

 private:
  void read_header(std::string_view line);
  void parse_constraints(std::string_view text, std::size_t column, TraceRequest& r) const;
  void parse_usage(std::string_view text, std::size_t column, TraceRequest& r) const;

  LineSource lines_;
  RowFields row_;
  std::vector<std::string> names_;
  std::vector<std::optional<std::size_t>> index_;  // known column -> position in the file
};

/// The header line of the format (all columns).
std::string stacksim_csv_header();
/// One request as a row under stacksim_csv_header().
std::string stacksim_csv_row(const TraceRequest& request);

}  // namespace stacksim::scenarios
