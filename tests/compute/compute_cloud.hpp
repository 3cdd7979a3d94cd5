#pragma once
// A whole compute control plane for tests: identity (bootstrapped), an image service with one
// uploaded public image, the image cache and the compute API, on a TestBackend with `hosts` hosts
// of 8 vCPUs, 16 GiB and 200 GB each. Optionally on a database file, to test reopening.

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "core/compute/compute_api.hpp"
#include "core/runtime/spawn.hpp"
#include "sim/engine/run_to_completion.hpp"
#include "sim/engine/simulator.hpp"
#include "tests/compute/test_backend.hpp"

namespace stacksim::testing {

inline compute::Flavor make_flavor(const std::string& id, const std::string& name, int vcpus,
                                   std::int64_t ram, std::int64_t disk) {
  compute::Flavor f;
  f.id = id;
  f.name = name;
  f.vcpus = vcpus;
  f.memory_mb = ram;
  f.root_gb = disk;
  return f;
}

struct ComputeCloud {
  sim::Simulator sim;
  TestBackend backend;
  store::Database db;
  identity::IdentityService keystone;
  image::ImageService glance;
  image::ImageCache cache;
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

  explicit ComputeCloud(int hosts = 4, compute::ComputeConfig config = {},
                        std::optional<std::filesystem::path> file = std::nullopt,
                        TestDelays delays = {})
      : backend(sim, delays),
        db(file ? store::Database::open(*file) : store::Database::open_in_memory()),
        keystone(db, sim, identity_config()),
        glance(db, sim, keystone.policy(), backend.storage()),
        cache(db, backend.storage(), glance.config().store_endpoint) {
    for (int i = 1; i <= hosts; ++i) {
      backend.add_host("cn" + std::to_string(i), 8, 16384, 200);
    }
    identity::BootstrapOptions boot;
    boot.admin_password = "secret";
    const identity::BootstrapResult b = keystone.bootstrap(boot);
    admin = identity::RequestContext::for_project(b.user.id, b.project.id, {"admin"});
    const bool fresh = keystone.directory().list_projects().size() == 1;
    if (fresh) {
      const identity::Project demo = keystone.directory().create_project("demo", "default");
      const identity::User user = keystone.directory().create_user("alice", "default", "pw");
      keystone.directory().grant_project_role(b.member_role.id, user.id, demo.id);
    }
    project_id = keystone.directory().find_project("demo", "default").id;
    alice = identity::RequestContext::for_project(
        keystone.directory().find_user("alice", "default").id, project_id, {"member"});
    nova = std::make_unique<compute::ComputeApi>(db, backend, keystone, glance, cache,
                                                 std::move(config));
    run(nova->register_hosts());
    if (fresh) {
      for (const compute::Flavor& f :
           {make_flavor("1", "m1.tiny", 1, 512, 1), make_flavor("2", "m1.small", 1, 2048, 20),
            make_flavor("3", "m1.medium", 2, 4096, 40), make_flavor("4", "m1.large", 4, 8192, 80),
            make_flavor("9", "huge", 16, 4096, 40)}) {
        nova->create_flavor(admin, f);
      }
      image::ImageCreate c;
      c.name = "cirros";
      c.disk_format = "qcow2";
      c.container_format = "bare";
      c.visibility = image::Visibility::public_;
      image_id = glance.create(admin, c).id;
      run(upload(image_id));
    } else {
      image_id = glance.list(admin).front().id;
    }
  }

  runtime::Task<void> upload(std::string id) {
    image::ImageData data = image::ImageData::pattern(1 << 20, 7);
    std::string source = "client";
    co_await glance.upload(admin, std::move(id), std::move(data), std::move(source));
  }

  /// Runs `task` to completion on the simulated clock (and everything else due meanwhile).
  void run(runtime::Task<void> task) { stacksim::sim::run_to_completion(sim, std::move(task)); }
  /// Lets every pending operation finish.
  void settle() { sim.run_until_idle(); }
  void advance(runtime::Duration d) { sim.run_until(sim.now() + d); }

  compute::Instance boot(const std::string& name, const std::string& flavor = "2",
                         const identity::RequestContext* ctx = nullptr) {
    compute::ServerCreate req;
    req.name = name;
    req.flavor_id = flavor;
    req.image_id = image_id;
    return nova->create_servers(ctx ? *ctx : alice, req).instances.front();
  }
  compute::Instance server(const std::string& uuid) { return nova->get_server(admin, uuid); }
  TestHypervisor& hv(const std::string& host) { return backend.test_hypervisor(host); }
};

}  // namespace stacksim::testing
