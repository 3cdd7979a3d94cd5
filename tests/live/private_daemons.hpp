#pragma once
// Daemons and namespaces the live tests start through the project's scripts (scripts/live/), in
// private run directories under <build>/live-run, and always stop by PID, even when a test fails.
// Each run directory also records the namespaces a test creates, so the CTest cleanup fixture
// (scripts/live/sweep.sh) can remove whatever a crashed test left behind.

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "live/command_runner.hpp"

namespace stacksim::live::testing {

inline std::string script(const std::string& name) {
  return std::string(STACKSIM_SOURCE_DIR) + "/scripts/live/" + name;
}

/// A fresh directory under <build>/live-run, removed (after the daemons stop) at destruction.
class RunDirectory {
 public:
  explicit RunDirectory(const std::string& tag) {
    const std::filesystem::path root = std::filesystem::path(STACKSIM_BINARY_DIR) / "live-run";
    std::filesystem::create_directories(root);
    std::string pattern = (root / (tag + "-XXXXXX")).string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp " + pattern);
    path_ = pattern;
  }
  RunDirectory(const RunDirectory&) = delete;
  RunDirectory& operator=(const RunDirectory&) = delete;
  ~RunDirectory() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  [[nodiscard]] const std::filesystem::path& path() const noexcept { return path_; }

 private:
  std::filesystem::path path_;
};

/// ovs-start.sh DIR on construction, ovs-stop.sh DIR on destruction.
class PrivateOvs {
 public:
  explicit PrivateOvs(const std::filesystem::path& dir) : dir_(dir) {
    const CommandResult r = run_command(Command{{script("ovs-start.sh"), dir_.string()}, {}, {}});
    started_ = r.exit_status == 0;
    if (!started_) problem_ = r.output;
    unavailable_ = r.exit_status == 2;
  }
  PrivateOvs(const PrivateOvs&) = delete;
  PrivateOvs& operator=(const PrivateOvs&) = delete;
  ~PrivateOvs() { stop(); }

  void stop() { run_command(Command{{script("ovs-stop.sh"), dir_.string()}, {}, {}}); }
  void restart() {
    const CommandResult r = run_command(Command{{script("ovs-start.sh"), dir_.string()}, {}, {}});
    if (r.exit_status != 0) throw std::runtime_error("ovs-start.sh failed: " + r.output);
  }
  /// Kills only ovsdb-server (by its PID), as a crash would.
  void kill_ovsdb_server() const {
    std::ifstream in(dir_ / "ovsdb-server.pid");
    pid_t pid = 0;
    in >> pid;
    if (pid > 0) ::kill(pid, SIGKILL);
    for (int i = 0; i < 100 && pid > 0 && ::kill(pid, 0) == 0; ++i)
      ::usleep(10000);
  }

  [[nodiscard]] bool started() const noexcept { return started_; }
  /// OVS is not installed: the test is skipped rather than failed.
  [[nodiscard]] bool unavailable() const noexcept { return unavailable_; }
  [[nodiscard]] const std::string& problem() const noexcept { return problem_; }
  [[nodiscard]] std::string ovsdb() const { return "unix:" + (dir_ / "db.sock").string(); }

 private:
  std::filesystem::path dir_;
  bool started_ = false;
  bool unavailable_ = false;
  std::string problem_;
};

/// libvirtd-start.sh DIR on construction and libvirtd-stop.sh DIR on destruction, under an
/// exclusive machine-wide lock: libvirtd serves the whole machine (/run/libvirt), so live tests in
/// other processes (another build directory's run, say) wait their turn.
class PrivateLibvirtd {
 public:
  explicit PrivateLibvirtd(const std::filesystem::path& dir, std::string ovs_rundir = {})
      : dir_(dir), ovs_rundir_(std::move(ovs_rundir)) {
    lock_fd_ = ::open("/tmp/stacksim-live-libvirtd.lock", O_CREAT | O_RDWR | O_CLOEXEC, 0644);
    if (lock_fd_ >= 0) ::flock(lock_fd_, LOCK_EX);
    start();
  }
  PrivateLibvirtd(const PrivateLibvirtd&) = delete;
  PrivateLibvirtd& operator=(const PrivateLibvirtd&) = delete;
  ~PrivateLibvirtd() {
    stop();
    if (lock_fd_ >= 0) ::close(lock_fd_);  // releases the lock
  }

  void start() {
    std::vector<std::string> argv = {script("libvirtd-start.sh"), dir_.string()};
    if (!ovs_rundir_.empty()) argv.push_back(ovs_rundir_);
    const CommandResult r = run_command(Command{argv, {}, {}});
    usable_ = r.exit_status == 0 || r.exit_status == 3;
    ours_ = r.exit_status == 0;
    unavailable_ = r.exit_status == 2;
    problem_ = usable_ ? std::string() : r.output;
  }
  /// Destroys the recorded guests and stops libvirtd and virtlogd if this fixture started them.
  void stop() { run_command(Command{{script("libvirtd-stop.sh"), dir_.string()}, {}, {}}); }
  /// Freezes (SIGSTOP) or thaws (SIGCONT) our libvirtd, as a hung hypervisor host would behave.
  void freeze(bool frozen) const {
    std::ifstream in(dir_ / "libvirtd.pid");
    pid_t pid = 0;
    in >> pid;
    if (pid > 0) ::kill(pid, frozen ? SIGSTOP : SIGCONT);
  }
  /// Records a guest UUID before the test creates it, so a crashed test's guest is still found.
  void record_domain(const std::string& uuid) const {
    std::ofstream(dir_ / "domains", std::ios::app) << uuid << "\n";
  }

  [[nodiscard]] bool usable() const noexcept { return usable_; }
  [[nodiscard]] bool ours() const noexcept { return ours_; }
  [[nodiscard]] bool unavailable() const noexcept { return unavailable_; }
  [[nodiscard]] const std::string& problem() const noexcept { return problem_; }

 private:
  std::filesystem::path dir_;
  std::string ovs_rundir_;
  int lock_fd_ = -1;
  bool usable_ = false;
  bool ours_ = false;
  bool unavailable_ = false;
  std::string problem_;
};

/// Network namespaces a test creates: recorded in DIR/namespaces first (for the sweep), deleted at
/// destruction with everything in them (the veth peers die with them).
class NamespaceGuard {
 public:
  explicit NamespaceGuard(const std::filesystem::path& dir) : list_(dir / "namespaces") {}
  NamespaceGuard(const NamespaceGuard&) = delete;
  NamespaceGuard& operator=(const NamespaceGuard&) = delete;
  ~NamespaceGuard() {
    for (const std::string& name : names_)
      run_command(Command{{"ip", "netns", "delete", name}, {}, {}});
  }
  /// A name unique to this process; recorded before anyone creates it.
  std::string reserve(const std::string& suffix) {
    std::string name = "ssim" + std::to_string(::getpid()) + suffix;
    names_.push_back(name);
    std::ofstream(list_, std::ios::app) << name << "\n";
    return name;
  }

 private:
  std::filesystem::path list_;
  std::vector<std::string> names_;
};

/// A background process (e.g. a TCP server inside a namespace), killed by PID at destruction.
class BackgroundProcess {
 public:
  explicit BackgroundProcess(std::vector<std::string> argv) {
    std::vector<char*> args;
    for (std::string& a : argv)
      args.push_back(a.data());
    args.push_back(nullptr);
    if (posix_spawnp(&pid_, args[0], nullptr, nullptr, args.data(), environ) != 0) pid_ = 0;
  }
  BackgroundProcess(const BackgroundProcess&) = delete;
  BackgroundProcess& operator=(const BackgroundProcess&) = delete;
  ~BackgroundProcess() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    int status = 0;
    ::waitpid(pid_, &status, 0);
  }
  [[nodiscard]] pid_t pid() const noexcept { return pid_; }

 private:
  pid_t pid_ = 0;
};

/// Skips (returns a reason) unless this process may create network namespaces.
inline std::string namespace_capability_problem() {
  if (::geteuid() != 0) return "network namespaces need root";
  if (run_command(Command{{"ip", "-V"}, {}, {}}).exit_status != 0) return "iproute2 is missing";
  return {};
}

}  // namespace stacksim::live::testing
