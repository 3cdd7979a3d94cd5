#pragma once
// A fresh database file under the system temp directory for one test.

#include <filesystem>
#include <string>

namespace stacksim::testing {

inline std::filesystem::path temp_database(const std::string& area, const std::string& name) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / ("stacksim-" + area);
  std::filesystem::create_directories(dir);
  const std::filesystem::path path = dir / name;
  for (const char* suffix : {"", "-wal", "-shm"})
    std::filesystem::remove(path.string() + suffix);
  return path;
}

}  // namespace stacksim::testing
