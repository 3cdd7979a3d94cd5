#pragma once
// Every `stacksim` subcommand registers itself from its own file (commands/<name>.cpp). A command's
// callback throws on failure; main() prints "stacksim: error: ..." and exits non-zero.

#include <CLI/CLI.hpp>

namespace stacksim::apps {

void register_version(CLI::App& app);
void register_run(CLI::App& app);
void register_flows(CLI::App& app);
void register_ring(CLI::App& app);
void register_schedule(CLI::App& app);
void register_serve(CLI::App& app);

}  // namespace stacksim::apps
