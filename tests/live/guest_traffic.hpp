#pragma once
// Traffic between namespace guests, as the live OVS tests check it: ping and a TCP round trip
// through tests/live/tcp_echo.py.

#include <string>
#include <vector>

#include "live/command_runner.hpp"

namespace stacksim::live::testing {

inline bool ping(const std::string& ns, const std::string& address) {
  // The first packet after a flow change may take ~0.5 s through the userspace datapath.
  const CommandResult r = run_command(
      {{"ip", "netns", "exec", ns, "ping", "-c", "3", "-i", "0.2", "-W", "1", address}, {}, {}});
  return r.exit_status == 0;
}

inline bool tcp_round_trip(const std::string& ns, const std::string& address, int port) {
  const std::string client = std::string(STACKSIM_SOURCE_DIR) + "/tests/live/tcp_echo.py";
  const CommandResult r = run_command({{"ip", "netns", "exec", ns, "/usr/bin/python3", client,
                                        "connect", address, std::to_string(port)},
                                       {},
                                       {}});
  return r.exit_status == 0;
}

/// The TCP echo server of tcp_echo.py serving `ports` inside a namespace.
inline std::vector<std::string> tcp_echo_server(const std::string& ns,
                                                const std::vector<int>& ports) {
  std::vector<std::string> argv = {"ip",
                                   "netns",
                                   "exec",
                                   ns,
                                   "/usr/bin/python3",
                                   std::string(STACKSIM_SOURCE_DIR) + "/tests/live/tcp_echo.py",
                                   "serve"};
  for (int p : ports)
    argv.push_back(std::to_string(p));
  return argv;
}

}  // namespace stacksim::live::testing
