#pragma once
// Every `stacksim` subcommand registers itself from its own file (commands/<name>.cpp). A command's
// callback throws on failure; main() prints "stacksim: error: ..." and exits non-zero.

#include <CLI/CLI.hpp>

namespace stacksim::scenarios {
struct SessionOptions;
struct SessionResult;
}  // namespace stacksim::scenarios

namespace stacksim::apps {

void register_version(CLI::App& app);
void register_run(CLI::App& app);
void register_replay(CLI::App& app);
void register_validate(CLI::App& app);
void register_report(CLI::App& app);
void register_flows(CLI::App& app);
void register_ring(CLI::App& app);
void register_schedule(CLI::App& app);
void register_serve(CLI::App& app);
void register_sweep(CLI::App& app);

// Shared by run and replay (commands/run.cpp).
void add_session_options(CLI::App* cmd, scenarios::SessionOptions& session, bool& no_progress);
void print_session(const scenarios::SessionResult& result);

}  // namespace stacksim::apps
