#pragma once
// Bitbrains GWA-T-12 (fastStorage/, Rnd/<month>/): one file per VM, ';'-separated (";\t" in the
// published files) with a header line and 11 columns per observation. A file becomes one request
// from its first to its last timestamp, sized by its provisioned cores and memory; with read_usage
// the CPU (MHz / provisioned MHz) and memory (KB / provisioned KB) series come along.
//
// The header says "Timestamp [ms]" but the published files hold epoch seconds; values below 1e11
// are read as seconds, larger ones as milliseconds.

#include <cstdint>
#include <string>
#include <vector>

#include "scenarios/traces/row_fields.hpp"
#include "scenarios/traces/trace_reader.hpp"

namespace stacksim::scenarios {

class BitbrainsReader final : public TraceReader {
 public:
  /// `path` is a directory (searched recursively) or one VM file.
  BitbrainsReader(const std::string& path, TraceOptions options);

  bool next(TraceItem& item) override;
  [[nodiscard]] std::string location() const override { return location_; }

 private:
  struct VmFile {
    double first_s;
    std::string path;
  };
  bool read_vm(const VmFile& file, TraceRequest& request);

  std::string root_;
  std::vector<VmFile> files_;  // in arrival order: one entry per VM, not per observation
  std::size_t next_file_ = 0;
  double epoch_s_ = 0;  // the earliest first timestamp: time 0 of the replay
  RowFields row_;
  std::string location_;
};

}  // namespace stacksim::scenarios
