// stacksim sweep SCENARIO --grid key=v1,v2 ... --repeats N [--dask tcp://host:8786]
// [--processes N] --output sweep.db: runs every grid point N times with successive seeds. The
// sweep itself lives in the Python package (stacksim.sweep: local worker processes, or a Dask
// cluster, results gathered into one SQLite file); this command checks the scenario with the same
// loader as `run`, then hands over to stacksim.sweep.main() under /usr/bin/python3, finding the
// package next to this program in a build tree.

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "apps/stacksim/commands.hpp"
#include "scenarios/schema/scenario_loader.hpp"

namespace stacksim::apps {
namespace {

struct SweepArgs {
  std::string scenario;
  std::vector<std::string> grid;
  std::vector<std::string> overrides;
  int repeats = 1;
  std::string dask;
  int processes = 0;
  std::string output;
};

/// <build>/python when this program runs from a build tree (<build>/apps/stacksim).
std::string package_dir() {
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return "";
  const auto dir = exe.parent_path().parent_path() / "python";
  return std::filesystem::exists(dir / "stacksim" / "__init__.py", ec) ? dir.string() : "";
}

[[noreturn]] void exec_python(const SweepArgs& a) {
  const char* interpreter = std::getenv("STACKSIM_PYTHON");
  const std::string python = interpreter != nullptr ? interpreter : "/usr/bin/python3";
  // `-c` rather than `-m stacksim.sweep`: the package imports its sweep module itself, which
  // runpy warns about when asked to run that module as __main__.
  std::vector<std::string> argv{
      python,
      "-c",
      "import sys; from stacksim.sweep import main; sys.exit(main(sys.argv[1:]))",
      a.scenario,
      "--repeats",
      std::to_string(a.repeats)};
  for (const auto& g : a.grid)
    argv.insert(argv.end(), {"--grid", g});
  for (const auto& s : a.overrides)
    argv.insert(argv.end(), {"--set", s});
  if (!a.dask.empty()) argv.insert(argv.end(), {"--dask", a.dask});
  if (a.processes > 0) argv.insert(argv.end(), {"--processes", std::to_string(a.processes)});
  if (!a.output.empty()) argv.insert(argv.end(), {"--output", a.output});

  if (const std::string dir = package_dir(); !dir.empty()) {
    const char* existing = std::getenv("PYTHONPATH");
    const std::string path = existing != nullptr && *existing != '\0' ? dir + ":" + existing : dir;
    ::setenv("PYTHONPATH", path.c_str(), 1);
  }
  std::vector<char*> raw;
  for (auto& s : argv)
    raw.push_back(s.data());
  raw.push_back(nullptr);
  ::execv(python.c_str(), raw.data());
  throw std::runtime_error("cannot run " + python + ": " + std::strerror(errno));
}

}  // namespace

void register_sweep(CLI::App& app) {
  auto args = std::make_shared<SweepArgs>();
  CLI::App* cmd = app.add_subcommand(
      "sweep", "Run a scenario over a grid of overrides, locally or on a Dask cluster");
  cmd->add_option("scenario", args->scenario, "Scenario JSON file")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--grid", args->grid,
                  "A swept field and its values: key.path=v1,v2 (repeatable)");
  cmd->add_option("--set", args->overrides, "A fixed override for every run: key.path=value");
  cmd->add_option("--repeats", args->repeats, "Runs per grid point, with successive seeds")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--dask", args->dask, "Dask scheduler address, e.g. tcp://host:8786");
  cmd->add_option("--processes", args->processes, "Local worker processes (default: CPUs)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--output,-o", args->output, "SQLite file for the results (table runs)");
  cmd->callback([args] {
    // Fail here, with the loader's message, before starting Python and its workers.
    scenarios::load_scenario(args->scenario, args->overrides);
    exec_python(*args);
  });
}

}  // namespace stacksim::apps
