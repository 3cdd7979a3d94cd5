#pragma once
// `stacksim report`: a self-contained HTML page (inline CSS and SVG, no scripts) from a results
// database, and the run's terminal summary read back from it.

#include <filesystem>
#include <string>

#include "core/store/database.hpp"
#include "scenarios/runner/run_summary.hpp"

namespace stacksim::scenarios {

void write_html_report(const store::Database& db, const std::filesystem::path& file);

/// The summary and hosts line stored with the run.
struct StoredRun {
  RunSummary summary;
  std::string hosts_line;
  std::string status;
};
StoredRun read_stored_run(const store::Database& db);

}  // namespace stacksim::scenarios
