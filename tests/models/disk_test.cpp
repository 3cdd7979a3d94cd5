// Disks: capacity accounting, and read/write channels that flows share max-min with the network.

#include <catch2/catch.hpp>

#include <map>
#include <string>

#include "sim/engine/simulator.hpp"
#include "sim/models/disk.hpp"

using namespace stacksim;

namespace {

constexpr double MB = 1e6;

sim::DiskSpec disk_spec(double read, double write) {
  sim::DiskSpec spec;
  spec.capacity_bytes = 1000 * MB;
  spec.read_bytes_per_s = read;
  spec.write_bytes_per_s = write;
  return spec;
}

/// Starts a flow over `route` and records its end time under `name`.
void start(sim::FlowNetwork& net, std::map<std::string, double>& ends, const std::string& name,
           std::vector<sim::LinkId> route, double bytes) {
  sim::FlowRequest request;
  request.route = std::move(route);
  request.bytes = bytes;
  request.on_end = [&ends, name](const sim::FlowEnd& end) {
    ends[name] = end.outcome == sim::FlowOutcome::completed ? end.time : -end.time;
  };
  net.start_flow(std::move(request));
}

}  // namespace

TEST_CASE("disk capacity: allocate, release, and a clear error when full") {
  sim::Simulator s;
  sim::FlowNetwork net(s);
  sim::Disk disk("store-1", disk_spec(100 * MB, 100 * MB), net);
  disk.allocate("volume a", 600 * MB);
  disk.allocate("volume b", 400 * MB);
  CHECK(disk.free_bytes() == 0);
  CHECK(disk.holds("volume a"));
  try {
    disk.allocate("volume c", 1);
    FAIL("allocation on a full disk succeeded");
  } catch (const sim::DiskFullError& e) {
    CHECK(std::string(e.what()) ==
          "disk 'store-1' is full: volume c needs 1 bytes, 0 bytes free of 1000000000 bytes");
  }
  CHECK_THROWS_AS(disk.allocate("volume a", 0), std::invalid_argument);
  CHECK(disk.release("volume a") == 600 * MB);
  CHECK(disk.free_bytes() == 600 * MB);
  CHECK_THROWS_AS(disk.release("volume a"), std::out_of_range);
  disk.allocate("volume c", 600 * MB);
  CHECK(disk.used_bytes() == 1000 * MB);
}

TEST_CASE("disk specs are validated, naming the disk and field") {
  sim::Simulator s;
  sim::FlowNetwork net(s);
  sim::DiskSpec spec = disk_spec(100 * MB, 0);
  try {
    sim::Disk disk("node-7", spec, net);
    FAIL("a disk without write bandwidth was accepted");
  } catch (const std::invalid_argument& e) {
    CHECK(std::string(e.what()).find("disk 'node-7': write_bytes_per_s must be") == 0);
  }
  CHECK(net.link_count() == 0);
}

TEST_CASE("IOPS cap the channels at iops x operation size") {
  sim::Simulator s;
  sim::FlowNetwork net(s);
  sim::DiskSpec spec = disk_spec(500 * MB, 80 * MB);
  spec.iops = 200;
  spec.io_size_bytes = 0.5 * MB;  // 100 MB/s of operations
  sim::Disk disk("hdd", spec, net);
  CHECK(disk.read_bandwidth() == 100 * MB);
  CHECK(disk.write_bandwidth() == 80 * MB);
  std::map<std::string, double> ends;
  start(net, ends, "read", {disk.read_link()}, 300 * MB);
  start(net, ends, "write", {disk.write_link()}, 160 * MB);
  s.run_until_idle();
  CHECK(ends["read"] == 3.0);   // 300 MB at 100 MB/s
  CHECK(ends["write"] == 2.0);  // reads and writes have separate channels
}

TEST_CASE("replication shares the source disk, the network and the destination disk max-min") {
  sim::Simulator s;
  sim::FlowNetwork net(s);
  sim::Disk source("src", disk_spec(200 * MB, 200 * MB), net);
  sim::Disk destination("dst", disk_spec(300 * MB, 300 * MB), net);
  const sim::LinkId uplink = net.add_link(1000 * MB, 0);
  const sim::LinkId other = net.add_link(1000 * MB, 0);
  std::map<std::string, double> ends;
  // A: replication src -> dst over the uplink. B: network only, over the uplink. C: a second
  // reader of the source disk over another link.
  start(net, ends, "A", {source.read_link(), uplink, destination.write_link()}, 600 * MB);
  start(net, ends, "B", {uplink}, 1200 * MB);
  start(net, ends, "C", {source.read_link(), other}, 200 * MB);
  s.run_until_idle();
  // The source disk is the bottleneck of A and C: 100 MB/s each; B takes the rest of the uplink,
  // 900 MB/s, and ends at 4/3 s. C ends at 2 s; A then reads at 200 MB/s: 400 MB more, 2 s.
  CHECK(ends["B"] == Approx(4.0 / 3).epsilon(1e-12));
  CHECK(ends["C"] == Approx(2.0).epsilon(1e-12));
  CHECK(ends["A"] == Approx(4.0).epsilon(1e-12));
}

TEST_CASE("access latency delays each channel, and a failed disk fails its transfers") {
  sim::Simulator s;
  sim::FlowNetwork net(s);
  sim::DiskSpec spec = disk_spec(100 * MB, 100 * MB);
  spec.access_latency_s = 0.01;
  sim::Disk a("a", spec, net);
  sim::Disk b("b", disk_spec(100 * MB, 100 * MB), net);
  std::map<std::string, double> ends;
  start(net, ends, "copy", {a.read_link(), b.write_link()}, 100 * MB);
  start(net, ends, "doomed", {b.read_link()}, 100 * MB);
  s.run_until(runtime::TimePoint(runtime::from_seconds(0.5)));
  b.set_up(false);
  CHECK_FALSE(b.up());
  s.run_until_idle();
  CHECK(ends["doomed"] == -0.5);  // failed at 0.5 s
  CHECK(ends["copy"] == -0.5);
  b.set_up(true);
  start(net, ends, "after", {a.read_link(), b.write_link()}, 100 * MB);
  s.run_until_idle();
  CHECK(ends["after"] == Approx(0.5 + 0.01 + 1.0).epsilon(1e-12));
}
