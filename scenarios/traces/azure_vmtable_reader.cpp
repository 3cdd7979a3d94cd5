#include "scenarios/traces/azure_vmtable_reader.hpp"

#include <algorithm>

namespace stacksim::scenarios {
namespace {

enum Column { vmid, subscription, deployment, created, deleted, maxcpu, avgcpu, p95, category };

}  // namespace

AzureVmtableReader::AzureVmtableReader(const std::string& path, TraceOptions options,
                                       std::array<std::string, 2> size_columns)
    : TraceReader(std::move(options)),
      columns_{"vmid",
               "subscriptionid",
               "deploymentid",
               "vmcreated",
               "vmdeleted",
               "maxcpu",
               "avgcpu",
               "p95maxcpu",
               "vmcategory",
               std::move(size_columns[0]),
               std::move(size_columns[1])},
      lines_(trace_parts(path)) {
}

bool AzureVmtableReader::next(TraceItem& item) {
  std::string_view line;
  while (lines_.next(line)) {
    if (line.empty()) continue;
    // The published files have no header; a converted copy may start with the column names.
    if (lines_.line_number() == 1 && line.starts_with("vmid")) continue;
    ++stats_.rows;
    try {
      row_.split_expect(line, ',', columns_, lines_.location());
      const double created_s = row_.number(created);
      const double deleted_s = row_.number(deleted);
      if (created_s < 0) row_.fail(created, "a negative creation time");
      if (deleted_s < created_s) row_.fail(deleted, "deleted before it was created");
      TraceRequest parsed;
      read_size(row_, parsed);
      const std::string_view kind = row_.text(category);
      TraceRequest& r = emit_request(item);
      r = std::move(parsed);
      r.id = std::string(row_.text(vmid));
      r.tenant = std::string(row_.text(subscription));
      r.group = std::string(row_.text(deployment));
      r.arrival_s = created_s;
      r.lifetime_s = std::max(deleted_s - created_s, options_.min_lifetime_s);
      // Interactive VMs are latency-critical; delay-insensitive ones can wait (Resource Central).
      if (kind == "Interactive") r.priority = 0;
      if (kind == "Delay-insensitive") r.priority = 1;
      return true;
    } catch (const TraceRowError& e) {
      bad_row(e);
    }
  }
  return false;
}

}  // namespace stacksim::scenarios
