#include "scenarios/traces/bitbrains_reader.hpp"

#include <algorithm>
#include <filesystem>
#include <optional>

#include "scenarios/traces/line_source.hpp"

namespace stacksim::scenarios {
namespace {

const std::vector<std::string> kColumns = {"Timestamp [ms]",
                                           "CPU cores",
                                           "CPU capacity provisioned [MHZ]",
                                           "CPU usage [MHZ]",
                                           "CPU usage [%]",
                                           "Memory capacity provisioned [KB]",
                                           "Memory usage [KB]",
                                           "Disk read throughput [KB/s]",
                                           "Disk write throughput [KB/s]",
                                           "Network received throughput [KB/s]",
                                           "Network transmitted throughput [KB/s]"};

enum Column {
  kTimestamp,
  kCores,
  kCapacityMhz,
  kUsageMhz,
  kUsagePercent,
  kMemoryKb,
  kMemoryUsageKb
};

double seconds_of(double stamp) {
  return stamp < 1e11 ? stamp : stamp / 1000.0;
}

bool is_header(std::string_view line) {
  const auto first = line.find_first_not_of(" \t\"");
  return first != std::string_view::npos && (line[first] < '0' || line[first] > '9');
}

std::vector<std::string> vm_files(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(path, ec)) {
    if (!fs::exists(path, ec)) throw ScenarioError(path, "", "no such trace file or directory");
    return {path};
  }
  std::vector<std::string> out;
  for (const auto& entry : fs::recursive_directory_iterator(path)) {
    const std::string name = entry.path().filename().string();
    if (entry.is_regular_file() && !name.starts_with(".")) out.push_back(entry.path().string());
  }
  std::sort(out.begin(), out.end());
  if (out.empty()) throw ScenarioError(path, "", "directory holds no VM files");
  return out;
}

}  // namespace

BitbrainsReader::BitbrainsReader(const std::string& path, TraceOptions options)
    : TraceReader(std::move(options)),
      root_(std::filesystem::is_directory(path)
                ? path
                : std::filesystem::path(path).parent_path().string()) {
  // Pass 1: the first timestamp of every VM (one row per file), to replay VMs in arrival order.
  for (std::string& file : vm_files(path)) {
    LineSource lines(file);
    std::string_view line;
    std::optional<double> first;
    while (!first && lines.next(line)) {
      if (line.empty() || (lines.line_number() == 1 && is_header(line))) continue;
      try {
        row_.split_expect(line, ';', kColumns, lines.location());
        first = seconds_of(row_.number(kTimestamp));
      } catch (const TraceRowError&) {
        // Counted (or reported) when pass 2 reads the file.
        if (!options_.skip_bad_rows) throw;
      }
    }
    if (!first) {
      ++stats_.ignored_rows;  // a VM without observations
      continue;
    }
    files_.push_back({*first, std::move(file)});
  }
  std::stable_sort(files_.begin(), files_.end(),
                   [](const VmFile& a, const VmFile& b) { return a.first_s < b.first_s; });
  if (!files_.empty()) epoch_s_ = files_.front().first_s;
}

bool BitbrainsReader::read_vm(const VmFile& file, TraceRequest& request) {
  LineSource lines(file.path);
  std::string_view line;
  double last_s = file.first_s;
  bool any = false;
  while (lines.next(line)) {
    if (line.empty() || (lines.line_number() == 1 && is_header(line))) continue;
    ++stats_.rows;
    try {
      row_.split_expect(line, ';', kColumns, lines.location());
      const double t = seconds_of(row_.number(kTimestamp));
      const double cores = row_.number_decimal_comma(kCores);
      const double capacity = row_.number_decimal_comma(kCapacityMhz);
      const double usage = row_.number_decimal_comma(kUsageMhz);
      const double memory_kb = row_.number_decimal_comma(kMemoryKb);
      const double memory_used = row_.number_decimal_comma(kMemoryUsageKb);
      if (cores <= 0) row_.fail(kCores, "expected a positive core count");
      if (t < last_s) row_.fail(kTimestamp, "timestamps go backwards");
      location_ = lines.location();
      last_s = t;
      any = true;
      request.vcpus = std::max(request.vcpus, cores);
      request.memory_mb = std::max(request.memory_mb, memory_kb / 1024.0);
      if (options_.read_usage) {
        request.usage.push_back(UsageSample{t - file.first_s, capacity > 0 ? usage / capacity : 0.0,
                                            memory_kb > 0 ? memory_used / memory_kb : 0.0});
      }
    } catch (const TraceRowError& e) {
      bad_row(e);
    }
  }
  request.arrival_s = file.first_s - epoch_s_;
  request.lifetime_s = last_s - file.first_s;
  return any;
}

bool BitbrainsReader::next(TraceItem& item) {
  while (next_file_ < files_.size()) {
    const VmFile& file = files_[next_file_++];
    TraceRequest request;
    // The VM id is its path below the trace directory without the extension (Rnd/2013-7/1).
    std::filesystem::path id = std::filesystem::path(file.path).lexically_relative(root_);
    if (id.empty() || id == ".") id = std::filesystem::path(file.path).filename();
    request.id = id.replace_extension().generic_string();
    if (!read_vm(file, request)) {
      ++stats_.ignored_rows;
      continue;
    }
    emit_request(item) = std::move(request);
    return true;
  }
  return false;
}

}  // namespace stacksim::scenarios
