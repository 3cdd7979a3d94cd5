#pragma once
// Helpers shared by the live tests: temporary directories, libvirt test-driver node files, and
// running one coroutine to completion on a WallExecutor.

#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>

#include "core/runtime/sleep.hpp"
#include "core/runtime/spawn.hpp"
#include "core/runtime/wall_executor.hpp"

namespace stacksim::live::testing {

/// Reports a capability the machine lacks; CTest counts the test as skipped (see CMakeLists.txt).
#define STACKSIM_LIVE_SKIP(reason)     \
  do {                                 \
    WARN("STACKSIM_SKIP: " << reason); \
    return;                            \
  } while (false)

class TempDir {
 public:
  explicit TempDir(const std::string& tag) {
    std::string pattern =
        (std::filesystem::temp_directory_path() / ("stacksim-" + tag + "-XXXXXX")).string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  [[nodiscard]] const std::filesystem::path& path() const noexcept { return path_; }

 private:
  std::filesystem::path path_;
};

/// A libvirt test-driver node file: one "host" with its own CPUs, memory and storage pool, plus
/// `extra` XML (e.g. a pre-existing domain).
inline std::string write_node_file(const std::filesystem::path& dir, const std::string& name,
                                   int cpus, long long memory_kib, const std::string& extra = {}) {
  const std::filesystem::path file = dir / (name + ".xml");
  std::ofstream out(file);
  out << "<node>\n  <cpu><nodes>1</nodes><sockets>1</sockets><cores>" << cpus
      << "</cores><threads>1</threads><active>" << cpus
      << "</active><mhz>2400</mhz><model>x86_64</model></cpu>\n"
      << "  <memory>" << memory_kib << "</memory>\n"
      << "  <pool type='dir'><name>default-pool</name>"
      << "<uuid>35bb2ad9-388a-cdfe-461a-b8907f6e53fe</uuid><capacity>0</capacity>"
      << "<allocation>0</allocation><available>0</available>"
      << "<target><path>/var/lib/stacksim/" << name << "</path></target></pool>\n"
      << extra << "</node>\n";
  return "test://" + file.string();
}

/// Spawns `task` on `executor`, runs the loop until it finishes, and rethrows its failure.
inline void run_to_completion(runtime::WallExecutor& executor, runtime::Task<void> task) {
  runtime::TaskHandle handle = runtime::spawn(executor, std::move(task));
  while (!handle.done()) {
    executor.run_for(std::chrono::milliseconds(50));
  }
  handle.rethrow_if_failed();
}

/// Waits (without blocking the loop) until `ready()` or `limit` passes; returns ready().
inline runtime::Task<bool> eventually(std::function<bool()> ready,
                                      runtime::Duration limit = std::chrono::seconds(10)) {
  runtime::Executor& executor = co_await runtime::this_task::executor();
  const runtime::TimePoint deadline = executor.now() + limit;
  while (!ready() && executor.now() < deadline) {
    co_await runtime::sleep_for(std::chrono::milliseconds(5));
  }
  co_return ready();
}

}  // namespace stacksim::live::testing
