// simgrid-flows CASE.json [--latency-weighted] [--limit N]: the SimGrid oracle for flow cases.
// Prints {"flow": i, "end": t} lines like `stacksim flows`, so the two outputs compare directly.

#include <charconv>
#include <cstdio>
#include <cstring>
#include <exception>
#include <string>

#include "sim/models/flow_case.hpp"
#include "tests/python/flows/simgrid_flow_runner.hpp"

int main(int argc, char** argv) {
  using namespace stacksim;
  std::string file;
  oracle::SimGridSettings settings;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--latency-weighted") == 0) {
      settings.sharing = sim::FlowSharing::latency_weighted;
    } else if (std::strcmp(argv[i], "--limit") == 0 && i + 1 < argc) {
      settings.flow_limit = std::stoull(argv[++i]);
    } else if (std::strcmp(argv[i], "--maxmin-precision") == 0 && i + 1 < argc) {
      settings.maxmin_precision = std::stod(argv[++i]);
    } else if (std::strcmp(argv[i], "--surf-precision") == 0 && i + 1 < argc) {
      settings.surf_precision = std::stod(argv[++i]);
    } else if (file.empty() && argv[i][0] != '-') {
      file = argv[i];
    } else {
      std::fprintf(stderr,
                   "usage: simgrid-flows CASE.json [--latency-weighted] [--limit N] "
                   "[--maxmin-precision X] [--surf-precision X]\n");
      return 2;
    }
  }
  if (file.empty()) {
    std::fprintf(stderr, "simgrid-flows: error: no case file given\n");
    return 2;
  }
  try {
    const sim::FlowCase flow_case = sim::read_flow_case_file(file);
    const std::vector<double> ends = oracle::run_in_simgrid(flow_case, settings);
    std::string out;
    for (std::size_t i = 0; i < ends.size(); ++i) {
      char buffer[64];
      auto result = std::to_chars(buffer, buffer + sizeof buffer, ends[i]);
      out += "{\"flow\": " + std::to_string(i) + ", \"end\": " + std::string(buffer, result.ptr) +
             "}\n";
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "simgrid-flows: error: %s\n", e.what());
    return 1;
  }
  return 0;
}
