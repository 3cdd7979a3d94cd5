#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/objectstore/builder_file.hpp"
#include "core/objectstore/ring_builder_cli.hpp"
#include "core/objectstore/ring_data.hpp"

using namespace stacksim::objectstore;
namespace fs = std::filesystem;

namespace {

struct Run {
  int code;
  std::string out;
  std::string err;
};

class Cli {
 public:
  explicit Cli(const std::string& name) {
    dir_ = fs::temp_directory_path() / "stacksim-objectstore-tests" / name;
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    builder_ = (dir_ / "object.builder").string();
  }
  Run operator()(std::vector<std::string> args, std::int64_t now = 1700000000) const {
    args.insert(args.begin(), builder_);
    std::ostringstream out, err;
    const int code = run_ring_builder_command(args, out, err, now);
    return {code, out.str(), err.str()};
  }
  [[nodiscard]] std::string builder_bytes() const {
    std::ifstream in(builder_, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  }
  [[nodiscard]] const fs::path& dir() const { return dir_; }

 private:
  fs::path dir_;
  std::string builder_;
};

}  // namespace

TEST_CASE("create, add, rebalance and write_ring as with swift-ring-builder") {
  const Cli cli("flow");
  CHECK(cli({"create", "8", "3", "1"}).code == kExitSuccess);
  const Run add = cli({"add", "r1z1-10.0.0.1:6200/sda", "100", "r1z2-10.0.0.2:6200/sda", "100",
                       "z3-10.0.0.3:6200/sda", "100"});
  CHECK(add.code == kExitSuccess);
  CHECK(add.out.find(
            "Device d0r1z1-10.0.0.1:6200R10.0.0.1:6200/sda_\"\" with 100.0 weight got id 0") !=
        std::string::npos);
  CHECK(add.err.find("WARNING: No region specified for z3-10.0.0.3:6200/sda") != std::string::npos);
  const Run reb = cli({"rebalance", "--seed", "3"});
  CHECK(reb.code == kExitSuccess);
  CHECK(reb.out.find(
            "Reassigned 768 (300.00%) partitions. Balance is now 0.00.  Dispersion is now 0.00") !=
        std::string::npos);
  CHECK(fs::exists(cli.dir() / "object.ring.gz"));
  CHECK(load_ring_file(cli.dir() / "object.ring.gz").replica2part2dev.size() == 3);
  const Run summary = cli({}, 1700000000 + 600);
  CHECK(summary.out.find("256 partitions, 3.000000 replicas, 1 regions, 3 zones, 3 devices, 0.00 "
                         "balance, 0.00 dispersion") != std::string::npos);
  CHECK(summary.out.find("reassigned is 1 (0:50:00 remaining)") != std::string::npos);
  CHECK(summary.out.find("Ring file " + (cli.dir() / "object.ring.gz").string() +
                         " is up-to-date") != std::string::npos);
  // Nothing changed and min_part_hours has not passed.
  const Run again = cli({"rebalance"}, 1700000000 + 60);
  CHECK(again.code == kExitWarning);
  CHECK(again.out.find("No partitions could be reassigned.") != std::string::npos);
  CHECK(cli({"validate"}).code == kExitSuccess);
  CHECK(cli({"write_ring"}).code == kExitSuccess);
}

TEST_CASE("bad input is refused and leaves the saved builder untouched") {
  const Cli cli("errors");
  CHECK(cli({"create", "6", "3", "1"}).code == kExitSuccess);
  CHECK(cli({"add", "r1z1-10.0.0.1:6200/sda", "100", "r1z2-10.0.0.2:6200/sda", "100"}).code == 0);
  const std::string saved = cli.builder_bytes();
  const Run malformed = cli({"add", "r1z1-10.0.0.9/sdb", "100"});
  CHECK(malformed.code == kExitError);
  CHECK(malformed.err.find("Invalid port in add value\nThe on-disk ring builder is unchanged.") !=
        std::string::npos);
  const Run duplicate =
      cli({"add", "r1z3-10.0.0.3:6200/sdb", "100", "r1z1-10.0.0.1:6200/sda", "50"});
  CHECK(duplicate.code == kExitError);
  CHECK(duplicate.err.find("Device 0 already uses 10.0.0.1:6200/sda.") != std::string::npos);
  CHECK(cli({"add", "r1z3-10.0.0.3:6200/sdb", "-5"}).code == kExitError);
  CHECK(cli({"add", "r1z3-10.0.0.3:6200/sdb", "heavy"})
            .err.find("could not convert string to float") != std::string::npos);
  const Run too_few = cli({"rebalance"});
  CHECK(too_few.code == kExitError);
  CHECK(too_few.err.find("Replica count of 3.0 requires more than 2 devices") != std::string::npos);
  CHECK(cli({"set_weight", "d9", "10"}).err.find("Search value matched 0 devices.") !=
        std::string::npos);
  CHECK(cli({"set_overload", "-1"}).err.find("Overload must be non-negative.") !=
        std::string::npos);
  CHECK(cli({"frobnicate"}).err.find("Unknown command: frobnicate") != std::string::npos);
  CHECK(cli({"dispersion"}).code == kExitError);
  CHECK(cli.builder_bytes() == saved);
  // A corrupt builder file is reported, not overwritten.
  std::ofstream(cli.dir() / "object.builder") << "{\"format\": \"stacksim-ring-builder\"";
  const Run corrupt = cli({"add", "r1z3-10.0.0.3:6200/sdb", "100"});
  CHECK(corrupt.code == kExitError);
  CHECK(corrupt.err.find("Ring Builder file is invalid") != std::string::npos);
  const Cli missing("missing");
  CHECK(missing({}).err.find("Ring Builder file does not exist") != std::string::npos);
}

TEST_CASE("set_weight, remove, set_overload and pretend_min_part_hours_passed") {
  const Cli cli("changes");
  cli({"create", "7", "3", "24"});
  cli({"add", "r1z1-10.0.0.1:6200/sda", "100", "r1z2-10.0.0.2:6200/sda", "100",
       "r1z3-10.0.0.3:6200/sda", "100", "r1z4-10.0.0.4:6200/sda", "100"});
  REQUIRE(cli({"rebalance", "1"}).code != kExitError);
  const Run weight = cli({"set_weight", "d3", "50"});
  CHECK(weight.code == kExitSuccess);
  CHECK(weight.out.find("d3r1z4-10.0.0.4:6200R10.0.0.4:6200/sda_\"\" weight set to 50.0") !=
        std::string::npos);
  CHECK(cli({"set_weight", "r1", "50"}).code == kExitError);  // several matches need --yes
  CHECK(cli({"set_weight", "r1", "50", "--yes"}).code == kExitSuccess);
  const Run overload = cli({"set_overload", "10%"});
  CHECK(overload.out.find("The overload factor is now 10.00% (0.100000)") != std::string::npos);
  const Run remove = cli({"remove", "d2"});
  CHECK(remove.out.find("marked for removal and will be removed next rebalance.") !=
        std::string::npos);
  CHECK(cli({}).out.find("DEL") != std::string::npos);
  CHECK(cli({"pretend_min_part_hours_passed"}).code == kExitSuccess);
  const Run reb = cli({"rebalance", "2"});
  CHECK(reb.code != kExitError);
  CHECK(load_builder(cli.dir() / "object.builder").dev(2) == nullptr);
  const Run disp = cli({"dispersion", "-v"});
  CHECK(disp.out.find("Dispersion is ") != std::string::npos);
  CHECK(disp.out.find("Tier") != std::string::npos);
}
