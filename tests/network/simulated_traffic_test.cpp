// Tenant traffic in the simulated datacenter: conversations between servers, planned over the
// compiled tables, carried as flows over the physical path with VXLAN overhead. Times by hand:
// the lab's cables are 100 MB/s with 0.1 ms latency, and compute1 -> compute2 crosses two of them.

#include <catch2/catch.hpp>

#include "core/network/tenant_traffic.hpp"
#include "tests/network/networked_cloud.hpp"

using namespace stacksim;
using namespace stacksim::network;
using stacksim::network::testing::cable_bandwidth;
using stacksim::network::testing::cable_latency;
using stacksim::network::testing::NetworkedCloud;
using Mode = compute::NetworkRequest::Mode;

namespace {

struct TrafficLab {
  NetworkedCloud cloud;
  Network net = cloud.tenant_network("private", "10.0.0.0/24");
  compute::Instance a = cloud.boot("a");
  compute::Instance b = cloud.boot("b", {}, {a.uuid});
  compute::Instance c = cloud.boot("c", {}, {b.uuid});  // a's host: only two compute hosts

  std::string port(const compute::Instance& i) {
    return cloud.neutron.instance_ports(i.uuid).at(0).id;
  }

  std::vector<sim::TenantTransfer> carry(const std::vector<TrafficDemand>& demands) {
    PacketTracer tracer(take_snapshot(cloud.neutron));
    std::vector<TrafficFlow> flows = plan_tenant_traffic(tracer, demands);
    std::vector<sim::TenantTransfer> out;
    auto body = [&]() -> runtime::Task<void> {
      out = co_await cloud.driver().carry(std::move(flows));
    };
    cloud.run(body());
    return out;
  }
};

// 1,410,000 payload bytes of TCP on a VXLAN network (MTU 1500 - 50 = 1450): 1,410 bytes per
// packet after 40 bytes of IP and TCP headers, so 1,000 packets, each with 40 + 14 (inner
// Ethernet) + 50 (VXLAN) bytes of headers on the wire.
constexpr double payload = 1'410'000;
constexpr double wire = payload + 1000 * (40 + 14 + 50);

}  // namespace

TEST_CASE("traffic between servers on two hosts crosses the fabric with tunnel overhead") {
  TrafficLab lab;
  REQUIRE(lab.net.mtu == 1450);
  REQUIRE(lab.a.host != lab.b.host);
  REQUIRE(lab.c.host == lab.a.host);
  const double t0 = runtime::to_seconds(lab.cloud.sim.now());

  // One conversation alone: two cable latencies, then the whole cable.
  std::vector<sim::TenantTransfer> alone =
      lab.carry({{lab.port(lab.a), lab.port(lab.b), "", {Protocol::tcp, 80}, payload, {}}});
  REQUIRE(alone.size() == 1);
  CHECK(alone[0].carried);
  CHECK(alone[0].wire_bytes == wire);
  CHECK(alone[0].start_s == Approx(t0).epsilon(1e-12));
  CHECK(alone[0].end_s - alone[0].start_s ==
        Approx(2 * cable_latency + wire / cable_bandwidth).epsilon(1e-9));

  // a and c (one host) both send to b, one second from now: they share compute1's uplink and
  // b's downlink, half the bandwidth each. c -> a stays on the host: no crossing, no time.
  const double t1 = runtime::to_seconds(lab.cloud.sim.now()) + 1;
  std::vector<sim::TenantTransfer> shared = lab.carry({
      {lab.port(lab.a), lab.port(lab.b), "", {Protocol::tcp, 80}, payload, std::chrono::seconds(1)},
      {lab.port(lab.c), lab.port(lab.b), "", {Protocol::tcp, 80}, payload, std::chrono::seconds(1)},
      {lab.port(lab.c), lab.port(lab.a), "", {Protocol::tcp, 80}, payload, std::chrono::seconds(1)},
  });
  REQUIRE(shared.size() == 3);
  for (std::size_t i = 0; i < 2; ++i) {
    CHECK(shared[i].carried);
    CHECK(shared[i].start_s == Approx(t1).epsilon(1e-12));
    CHECK(shared[i].end_s - t1 ==
          Approx(2 * cable_latency + wire / (cable_bandwidth / 2)).epsilon(1e-9));
  }
  CHECK(shared[2].carried);
  CHECK(shared[2].wire_bytes == 0);
  CHECK(shared[2].end_s == shared[2].start_s);
}

TEST_CASE("traffic the security groups drop is not carried") {
  TrafficLab lab;
  // A server in a group without ingress rules: nobody reaches it.
  lab.cloud.neutron.create_security_group(lab.cloud.project_id, "closed");
  const compute::Instance d =
      lab.cloud.boot("d", {Mode::listed, {{lab.net.id, "", ""}}}, {}, {"closed"});
  REQUIRE(d.vm_state == compute::VmState::active);
  std::vector<sim::TenantTransfer> out =
      lab.carry({{lab.port(lab.a), lab.port(d), "", {Protocol::tcp, 22}, payload, {}}});
  REQUIRE(out.size() == 1);
  CHECK_FALSE(out[0].carried);
  CHECK(out[0].wire_bytes == 0);
  CHECK(out[0].end_s == out[0].start_s);
}
