#pragma once
// The trace formats stacksim reads, what each one's `path` names, and which extra files and
// options it accepts (the scenario loader rejects the others).

#include <memory>
#include <string>
#include <vector>

#include "scenarios/traces/trace_reader.hpp"

namespace stacksim::scenarios {

struct TraceFormatInfo {
  std::string name;
  std::string summary;
  std::string path;                  // what `path` names
  std::vector<std::string> files;    // roles accepted under "files"
  std::vector<std::string> options;  // format-specific option keys
  bool normalised = false;           // sizes are fractions of the largest machine
};

const std::vector<TraceFormatInfo>& trace_formats();
/// The format called `name`; throws std::invalid_argument listing the known ones.
const TraceFormatInfo& trace_format(const std::string& name);
std::string trace_format_names();  // "azure-2017, azure-2019, ..."

/// Opens a reader for `format` on `path` (a file or a directory of parts).
std::unique_ptr<TraceReader> open_trace_reader(const std::string& format, const std::string& path,
                                               TraceOptions options);

}  // namespace stacksim::scenarios
