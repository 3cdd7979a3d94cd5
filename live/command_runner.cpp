#include "live/command_runner.hpp"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "core/runtime/service_error.hpp"

extern char** environ;  // NOLINT: POSIX

namespace stacksim::live {
namespace {

std::string command_line(const std::vector<std::string>& argv) {
  std::string out;
  for (const std::string& a : argv) {
    if (!out.empty()) out += ' ';
    out += a;
  }
  return out;
}

// stdin is a socket pair rather than a pipe so that writing to a command that exited early fails
// with EPIPE (MSG_NOSIGNAL) instead of raising SIGPIPE in the whole process.
struct Pipe {
  std::array<int, 2> fd{-1, -1};
  explicit Pipe(bool socket) {
    const int rc = socket ? ::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fd.data())
                          : ::pipe2(fd.data(), O_CLOEXEC);
    if (rc != 0) throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
  }
  Pipe(const Pipe&) = delete;
  Pipe& operator=(const Pipe&) = delete;
  ~Pipe() {
    close_end(0);
    close_end(1);
  }
  void close_end(int i) {
    auto& f = fd[static_cast<std::size_t>(i)];
    if (f >= 0) ::close(f);
    f = -1;
  }
};

}  // namespace

CommandResult run_command(const Command& command) {
  if (command.argv.empty()) throw std::invalid_argument("run_command: empty command");
  std::vector<std::string> env_strings;
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string entry(*e);
    const std::string key = entry.substr(0, entry.find('='));
    if (!command.environment.contains(key)) env_strings.push_back(entry);
  }
  for (const auto& [key, value] : command.environment)
    env_strings.push_back(key + "=" + value);
  std::vector<char*> envp;
  for (std::string& s : env_strings)
    envp.push_back(s.data());
  envp.push_back(nullptr);
  std::vector<std::string> args = command.argv;
  std::vector<char*> argv;
  for (std::string& s : args)
    argv.push_back(s.data());
  argv.push_back(nullptr);

  Pipe in(true);
  Pipe out(false);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in.fd[0], STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, out.fd[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, out.fd[1], STDERR_FILENO);
  pid_t pid = 0;
  const int rc = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    throw std::runtime_error("cannot start " + command.argv[0] + ": " + std::strerror(rc));
  }
  in.close_end(0);
  out.close_end(1);

  // Feed stdin and drain the output together, so neither side can fill a pipe and stall.
  CommandResult result;
  std::size_t written = 0;
  if (command.input.empty()) in.close_end(1);
  std::array<char, 4096> buffer{};
  while (out.fd[0] >= 0) {
    std::array<pollfd, 2> fds{pollfd{out.fd[0], POLLIN, 0}, pollfd{in.fd[1], POLLOUT, 0}};
    const nfds_t n = in.fd[1] >= 0 ? 2 : 1;
    if (::poll(fds.data(), n, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (n == 2 && fds[1].revents != 0) {
      const ssize_t w = ::send(in.fd[1], command.input.data() + written,
                               command.input.size() - written, MSG_NOSIGNAL);
      if (w > 0) written += static_cast<std::size_t>(w);
      if (w < 0 && errno != EINTR && errno != EAGAIN) written = command.input.size();
      if (written >= command.input.size()) in.close_end(1);
    }
    if (fds[0].revents != 0) {
      const ssize_t r = ::read(out.fd[0], buffer.data(), buffer.size());
      if (r > 0) {
        result.output.append(buffer.data(), static_cast<std::size_t>(r));
      } else if (r == 0 || errno != EINTR) {
        out.close_end(0);
      }
    }
  }
  in.close_end(1);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  result.exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

std::string run_checked(const Command& command) {
  CommandResult result = run_command(command);
  if (result.exit_status != 0) {
    throw runtime::ServiceError("CommandFailed", 500,
                                "'" + command_line(command.argv) + "' exited with status " +
                                    std::to_string(result.exit_status) + ": " + result.output);
  }
  return std::move(result.output);
}

}  // namespace stacksim::live
