#pragma once
// A compute control plane with networking on the simulated datacenter: identity, an image, the
// compute API whose builds allocate ports through NetworkBuildHooks, and a NetworkService whose
// network node is "controller". Three hosts (controller, compute1, compute2) hang off one switch
// by 100 MB/s, 0.1 ms cables, so tenant traffic times are easy to compute by hand.

#include <memory>
#include <string>

#include "core/compute/compute_api.hpp"
#include "core/network/network_build_hooks.hpp"
#include "core/network/network_service.hpp"
#include "core/runtime/spawn.hpp"
#include "sim/backend/simulated_backend.hpp"
#include "sim/backend/simulated_network_driver.hpp"
#include "sim/engine/run_to_completion.hpp"

namespace stacksim::network::testing {

inline constexpr double cable_bandwidth = 1e8;  // bytes/s
inline constexpr double cable_latency = 1e-4;   // s

inline sim::SimulatedDatacenter three_node_lab() {
  sim::SimulatedDatacenter dc;
  const sim::NodeId tor = dc.topology.add_node("tor", sim::NodeKind::network_switch);
  for (const char* host : {"controller", "compute1", "compute2"}) {
    const sim::NodeId node = dc.topology.add_node(host, sim::NodeKind::host, {"r1", "nova", "1"});
    dc.topology.add_cable(node, tor, cable_bandwidth, cable_latency);
  }
  dc.image_store = "controller";
  dc.boot_delay = {.family = sim::DelayDistribution::Family::constant, .value_s = 5};
  dc.control_latency_s = 0.01;
  return dc;
}

struct NetworkedCloud {
  sim::Simulator sim;
  sim::SimulatedBackend backend{sim, three_node_lab()};
  store::Database db = store::Database::open_in_memory();
  identity::IdentityService keystone{db, sim, identity_config()};
  image::ImageService glance{db, sim, keystone.policy(), backend.storage(), image_config()};
  image::ImageCache cache{db, backend.storage(), "controller"};
  NetworkService neutron{db, NetworkConfig{}, 7};
  NetworkBuildHooks hooks{neutron, backend.network()};
  std::unique_ptr<compute::ComputeApi> nova;
  identity::RequestContext admin;
  identity::RequestContext alice;  // member of project "demo"
  std::string project_id;
  std::string image_id;

  static identity::IdentityConfig identity_config() {
    identity::IdentityConfig c;
    c.password_hash_rounds = 1000;
    return c;
  }
  static image::ImageConfig image_config() {
    image::ImageConfig c;
    c.store_endpoint = "controller";
    return c;
  }

  NetworkedCloud() {
    identity::BootstrapOptions boot;
    boot.admin_password = "secret";
    const identity::BootstrapResult b = keystone.bootstrap(boot);
    admin = identity::RequestContext::for_project(b.user.id, b.project.id, {"admin"});
    const identity::Project demo = keystone.directory().create_project("demo", "default");
    const identity::User user = keystone.directory().create_user("alice", "default", "pw");
    keystone.directory().grant_project_role(b.member_role.id, user.id, demo.id);
    project_id = demo.id;
    alice = identity::RequestContext::for_project(user.id, project_id, {"member"});
    compute::ComputeConfig config;
    nova =
        std::make_unique<compute::ComputeApi>(db, backend, keystone, glance, cache, config, &hooks);
    std::vector<std::string> computes{"compute1", "compute2"};
    run(nova->register_hosts(computes));
    compute::Flavor small;
    small.id = "2";
    small.name = "m1.small";
    small.vcpus = 1;
    small.memory_mb = 2048;
    small.root_gb = 1;
    nova->create_flavor(admin, small);
    image::ImageCreate c;
    c.name = "cirros";
    c.disk_format = "qcow2";
    c.container_format = "bare";
    c.visibility = image::Visibility::public_;
    image_id = glance.create(admin, c).id;
    run(upload(image_id));
  }

  runtime::Task<void> upload(std::string id) {
    image::ImageData data = image::ImageData::pattern(1 << 20, 7);
    std::string source = "controller";
    co_await glance.upload(admin, std::move(id), std::move(data), std::move(source));
  }

  void run(runtime::Task<void> task) { stacksim::sim::run_to_completion(sim, std::move(task)); }
  void settle() { sim.run_until_idle(); }

  /// A VXLAN tenant network of the demo project with one DHCP subnet.
  Network tenant_network(const std::string& name, const std::string& cidr) {
    NetworkRequest r;
    r.project_id = project_id;
    r.name = name;
    const Network n = neutron.create_network(r);
    SubnetRequest s;
    s.project_id = project_id;
    s.network_id = n.id;
    s.cidr = cidr;
    neutron.create_subnet(s);
    return neutron.get_network(n.id);
  }

  /// Boots a server as alice (away from the servers in `different_host`) and lets the build
  /// finish.
  compute::Instance boot(const std::string& name, compute::NetworkRequest networks = {},
                         std::vector<std::string> different_host = {},
                         std::vector<std::string> security_groups = {}) {
    compute::ServerCreate req;
    req.name = name;
    req.flavor_id = "2";
    req.image_id = image_id;
    req.networks = std::move(networks);
    req.different_host = std::move(different_host);
    req.security_groups = std::move(security_groups);
    const std::string uuid = nova->create_servers(alice, req).instances.front().uuid;
    settle();
    return nova->get_server(admin, uuid);
  }

  compute::Instance server(const std::string& uuid) { return nova->get_server(admin, uuid); }
  sim::SimulatedNetworkDriver& driver() {
    return dynamic_cast<sim::SimulatedNetworkDriver&>(backend.network());
  }
};

}  // namespace stacksim::network::testing
