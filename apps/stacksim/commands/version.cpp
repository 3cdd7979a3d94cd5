#include <cstdio>

#include "apps/stacksim/commands.hpp"

namespace stacksim::apps {

void register_version(CLI::App& app) {
  app.add_subcommand("version", "Print the stacksim version")->callback([] {
    std::printf("stacksim %s\n", STACKSIM_VERSION);
  });
}

}  // namespace stacksim::apps
