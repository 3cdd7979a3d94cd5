#pragma once
// Test helpers: a fresh temporary directory per test and small files written into it.

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <zlib.h>

#include "scenarios/traces/trace_formats.hpp"
#include "scenarios/traces/trace_request.hpp"

namespace stacksim::testing {

inline std::filesystem::path fresh_dir(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() / "stacksim-scenario-tests" / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

inline std::string write_file(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
  return path.string();
}

inline std::string write_gzip(const std::filesystem::path& path, const std::string& text) {
  gzFile f = gzopen(path.string().c_str(), "wb");
  gzwrite(f, text.data(), static_cast<unsigned>(text.size()));
  gzclose(f);
  return path.string();
}

/// Every item of a trace, read with `options`.
inline std::vector<scenarios::TraceItem> read_all(const std::string& format,
                                                  const std::string& path,
                                                  scenarios::TraceOptions options = {}) {
  auto reader = scenarios::open_trace_reader(format, path, std::move(options));
  std::vector<scenarios::TraceItem> items;
  scenarios::TraceItem item;
  while (reader->next(item))
    items.push_back(item);
  return items;
}

inline const scenarios::TraceRequest& request(const scenarios::TraceItem& item) {
  return std::get<scenarios::TraceRequest>(item);
}

}  // namespace stacksim::testing
