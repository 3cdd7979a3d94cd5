// stacksim: the command-line program (run, replay, flows, schedule, ring, sweep, serve, report).

#include <cstdio>
#include <exception>

#include "apps/stacksim/commands.hpp"

int main(int argc, char** argv) {
  CLI::App app{
      "stacksim: a discrete-event cloud simulator and scheduler testbed modelled on "
      "OpenStack"};
  app.require_subcommand(1);
  stacksim::apps::register_version(app);
  stacksim::apps::register_run(app);
  stacksim::apps::register_replay(app);
  stacksim::apps::register_validate(app);
  stacksim::apps::register_report(app);
  stacksim::apps::register_flows(app);
  stacksim::apps::register_ring(app);
  stacksim::apps::register_schedule(app);
  stacksim::apps::register_serve(app);
  stacksim::apps::register_sweep(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "stacksim: error: %s\n", e.what());
    return 1;
  }
  return 0;
}
