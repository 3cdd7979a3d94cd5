// `stacksim ring <builder_file> <command> ...`: swift-ring-builder's commands over stacksim's
// ring builder (core/objectstore). Exit codes follow swift-ring-builder: 0 ok, 1 warning, 2 error.

#include <chrono>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "apps/stacksim/commands.hpp"
#include "core/objectstore/ring_builder_cli.hpp"

namespace stacksim::apps {

void register_ring(CLI::App& app) {
  CLI::App* cmd = app.add_subcommand(
      "ring", "Build Swift rings: swift-ring-builder's commands on a stacksim builder file");
  cmd->prefix_command();
  cmd->footer(objectstore::ring_builder_usage() +
              "\n--now <seconds since the epoch> (anywhere) replaces the wall clock for "
              "min_part_hours.");
  cmd->callback([cmd] {
    std::vector<std::string> args;
    std::int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                           std::chrono::system_clock::now().time_since_epoch())
                           .count();
    const std::vector<std::string> raw = cmd->remaining();
    for (std::size_t i = 0; i < raw.size(); ++i) {
      if (raw[i] == "--now" && i + 1 < raw.size()) {
        try {
          now = std::stoll(raw[++i]);
        } catch (const std::exception&) {
          throw CLI::ValidationError("--now",
                                     "expects whole seconds since the epoch, not '" + raw[i] + "'");
        }
      } else {
        args.push_back(raw[i]);
      }
    }
    const int code = objectstore::run_ring_builder_command(args, std::cout, std::cerr, now);
    std::cout.flush();
    if (code != 0) throw CLI::RuntimeError(code);
  });
}

}  // namespace stacksim::apps
