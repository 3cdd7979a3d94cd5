// compute::ComputeExpectedState over a cloud with networking: what a reconciler would compare
// with the hypervisors and switches, and the corrections it reports back.

#include <catch2/catch.hpp>

#include "core/compute/compute_expected_state.hpp"
#include "core/network/flow_layout.hpp"
#include "tests/network/networked_cloud.hpp"

using namespace stacksim;
using namespace stacksim::network;
using stacksim::network::testing::NetworkedCloud;

TEST_CASE("the compute database as the reconciler's expected state, ports from the network") {
  NetworkedCloud cloud;
  cloud.tenant_network("private", "10.0.0.0/24");
  const compute::Instance vm = cloud.boot("vm");
  REQUIRE(vm.vm_state == compute::VmState::active);
  compute::ComputeExpectedState expected(cloud.nova->cell(), [&](const std::string& host) {
    return expected_vif_ports(cloud.neutron, host);
  });

  std::vector<runtime::ExpectedInstance> instances;
  std::vector<runtime::PortSpec> ports;
  std::vector<runtime::ExpectedInstance> elsewhere;
  auto read = [&]() -> runtime::Task<void> {
    instances = co_await expected.instances_on(vm.host);
    ports = co_await expected.ports_on(vm.host);
    elsewhere = co_await expected.instances_on("controller");
  };
  cloud.run(read());
  REQUIRE(instances.size() == 1);
  CHECK(instances[0].uuid == vm.uuid);
  CHECK(instances[0].vm_state == runtime::VmState::active);
  CHECK_FALSE(instances[0].task_in_progress);
  CHECK(instances[0].power_state == runtime::PowerState::running);
  CHECK(elsewhere.empty());
  const Port port = cloud.neutron.instance_ports(vm.uuid).at(0);
  REQUIRE(ports.size() == 1);
  CHECK(ports[0].name == layout::tap_name(port.id));
  CHECK(ports[0].port_id == port.id);
  CHECK(ports[0].mac_address == port.mac_address);

  // Corrections land in the database as Nova's power-state sync records them.
  auto correct = [&]() -> runtime::Task<void> {
    co_await expected.record_power_state(vm.uuid, runtime::PowerState::shutdown);
  };
  cloud.run(correct());
  CHECK(cloud.server(vm.uuid).power_state == runtime::PowerState::shutdown);
  CHECK(cloud.server(vm.uuid).vm_state == compute::VmState::active);
  auto stop = [&]() -> runtime::Task<void> { co_await expected.mark_stopped(vm.uuid); };
  cloud.run(stop());
  CHECK(cloud.server(vm.uuid).vm_state == compute::VmState::stopped);
  auto fail = [&]() -> runtime::Task<void> {
    co_await expected.mark_error(vm.uuid, "build interrupted by a restart");
  };
  cloud.run(fail());
  CHECK(cloud.server(vm.uuid).vm_state == compute::VmState::error);
  CHECK(cloud.nova->server_fault(cloud.admin, vm.uuid)->message ==
        "build interrupted by a restart");
}
