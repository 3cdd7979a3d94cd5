#pragma once
// Identity, images, Cinder and Nova on the simulated datacenter (sim/backend): a k=4 fat tree whose
// pods 0 and 1 are compute hosts, host-3-0-0 the storage node of an LVM pool (thick, 100 GB) and
// host-3-1-0 of a Ceph pool (thin, 100 GB at ratio 2.0, multiattach), host-2-0-0 the image store.

#include <functional>
#include <memory>
#include <string>

#include "core/compute/compute_api.hpp"
#include "core/runtime/spawn.hpp"
#include "core/volume/server_volumes.hpp"
#include "core/volume/volume_build_hooks.hpp"
#include "core/volume/volume_service.hpp"
#include "sim/backend/simulated_backend.hpp"
#include "sim/engine/run_to_completion.hpp"
#include "sim/models/fat_tree.hpp"
#include "tests/compute/compute_cloud.hpp"

namespace stacksim::testing {

/// "<type>: <message>" of the ServiceError `call` throws, or "no error".
inline std::string service_error_of(const std::function<void()>& call) {
  try {
    call();
  } catch (const runtime::ServiceError& e) {
    return e.type() + ": " + e.what();
  }
  return "no error";
}

inline sim::SimulatedDatacenter volume_datacenter() {
  sim::SimulatedDatacenter dc;
  dc.topology = sim::build_fat_tree({.k = 4, .latency = 0});
  dc.image_store = "host-2-0-0";
  dc.control_latency_s = 0.5;
  return dc;
}

inline image::ImageConfig image_config() {
  image::ImageConfig c;
  c.store_endpoint = "host-2-0-0";
  return c;
}

inline identity::IdentityConfig fast_identity() {
  identity::IdentityConfig c;
  c.password_hash_rounds = 1000;
  return c;
}

struct VolumeCloud {
  sim::Simulator sim;
  sim::SimulatedBackend backend;
  store::Database db;
  identity::IdentityService keystone;
  image::ImageService glance;
  image::ImageCache cache;
  volume::VolumeService cinder;
  volume::VolumeBuildHooks hooks;
  std::unique_ptr<compute::ComputeApi> nova;
  std::unique_ptr<volume::ServerVolumes> server_volumes;
  identity::RequestContext admin;
  identity::RequestContext alice;  // member of project "demo"
  std::string image_id;

  explicit VolumeCloud(volume::VolumeConfig config = {})
      : backend(sim, volume_datacenter()),
        db(store::Database::open_in_memory()),
        keystone(db, sim, fast_identity()),
        glance(db, sim, keystone.policy(), backend.storage(), image_config()),
        cache(db, backend.storage(), glance.config().store_endpoint),
        cinder(db, sim, backend.storage(), keystone, glance, std::move(config)),
        hooks(db, cinder) {
    identity::BootstrapOptions boot;
    boot.admin_password = "secret";
    const identity::BootstrapResult b = keystone.bootstrap(boot);
    admin = identity::RequestContext::for_project(b.user.id, b.project.id, {"admin"});
    const identity::Project demo = keystone.directory().create_project("demo", "default");
    const identity::User user = keystone.directory().create_user("alice", "default", "pw");
    keystone.directory().grant_project_role(b.member_role.id, user.id, demo.id);
    alice = identity::RequestContext::for_project(user.id, demo.id, {"member"});

    volume::PoolState lvm;
    lvm.name = "cinder@lvm#lvm";
    lvm.volume_backend_name = "lvm";
    lvm.storage_endpoint = "host-3-0-0";
    lvm.total_capacity_gb = 100;
    lvm.capabilities["storage_protocol"] = std::string("iSCSI");
    cinder.register_pool(lvm);
    volume::PoolState ceph;
    ceph.name = "cinder@ceph#rbd";
    ceph.volume_backend_name = "ceph";
    ceph.storage_endpoint = "host-3-1-0";
    ceph.total_capacity_gb = 100;
    ceph.thin_provisioning_support = true;
    ceph.max_over_subscription_ratio = 2.0;
    ceph.multiattach = true;
    ceph.capabilities["storage_protocol"] = std::string("ceph");
    cinder.register_pool(ceph);

    compute::ComputeConfig compute_config;
    // Scheduler hints place servers beside or away from each other (multiattach tests).
    compute_config.scheduler.enabled_filters.push_back("SameHostFilter");
    compute_config.scheduler.enabled_filters.push_back("DifferentHostFilter");
    nova = std::make_unique<compute::ComputeApi>(db, backend, keystone, glance, cache,
                                                 std::move(compute_config), &hooks);
    server_volumes = std::make_unique<volume::ServerVolumes>(*nova, cinder, backend);
    std::vector<std::string> computes;
    for (const std::string& host : backend.hosts()) {
      if (host.starts_with("host-0-") || host.starts_with("host-1-")) computes.push_back(host);
    }
    run(nova->register_hosts(computes));
    nova->create_flavor(admin, make_flavor("2", "m1.small", 1, 2048, 20));
    image::ImageCreate c;
    c.name = "cirros";
    c.disk_format = "qcow2";
    c.container_format = "bare";
    c.visibility = image::Visibility::public_;
    image_id = glance.create(admin, c).id;
    run(upload(image_id));
  }

  runtime::Task<void> upload(std::string id) {
    image::ImageData data = image::ImageData::pattern(16 << 20, 7);
    std::string source = "host-2-0-0";
    co_await glance.upload(admin, std::move(id), std::move(data), std::move(source));
  }

  void run(runtime::Task<void> task) { stacksim::sim::run_to_completion(sim, std::move(task)); }
  void settle() { sim.run_until_idle(); }

  volume::Volume create(std::int64_t size, std::optional<std::string> type = std::nullopt) {
    volume::VolumeCreate req;
    req.size = size;
    req.name = "vol";
    req.volume_type = std::move(type);
    return cinder.create_volume(alice, req);
  }
  volume::VolumeStatus status(const std::string& id) { return cinder.get_volume(admin, id).status; }

  compute::Instance boot(const std::string& name,
                         std::vector<compute::BlockDeviceMapping> bdms = {}) {
    compute::ServerCreate req;
    req.name = name;
    req.flavor_id = "2";
    req.image_id = image_id;
    req.networks.mode = compute::NetworkRequest::Mode::none;
    req.block_device_mapping_v2 = std::move(bdms);
    return nova->create_servers(alice, req).instances.front();
  }
};

}  // namespace stacksim::testing
