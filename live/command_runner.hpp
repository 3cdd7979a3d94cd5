#pragma once
// Runs a host command (ovs-ofctl, ip, ethtool) with optional stdin and captures its combined
// output, without a shell. Blocks; call inside runtime::blocking(). A command prefix (e.g.
// ["ssh", "root@compute1"]) runs the same command on another host.

#include <map>
#include <string>
#include <vector>

namespace stacksim::live {

struct CommandResult {
  int exit_status = 0;  // 128+signal when killed by a signal
  std::string output;   // stdout and stderr interleaved
};

struct Command {
  std::vector<std::string> argv;
  std::map<std::string, std::string> environment;  // added to (or replacing in) the inherited one
  std::string input;                               // written to stdin, then stdin is closed
};

/// Runs the command and waits for it. Throws std::runtime_error if it cannot be started.
CommandResult run_command(const Command& command);

/// Like run_command, but a non-zero exit throws runtime::ServiceError("CommandFailed", 500)
/// with the command line and its output.
std::string run_checked(const Command& command);

}  // namespace stacksim::live
