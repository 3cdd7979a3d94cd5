#pragma once
// The compute test cloud (tests/compute) plus networking (with an external "public" network),
// block storage (one LVM pool of 100 GB on "storage1", as in tests/volume), telemetry and
// orchestration on the same database and simulated clock.

#include <fstream>
#include <sstream>
#include <string>

#include "core/network/network_service.hpp"
#include "core/orchestration/orchestration_service.hpp"
#include "core/telemetry/telemetry_service.hpp"
#include "core/volume/volume_service.hpp"
#include "tests/compute/compute_cloud.hpp"

namespace stacksim::testing {

inline telemetry::TelemetryConfig fast_telemetry() {
  telemetry::TelemetryConfig c;
  c.polling_interval = std::chrono::seconds(10);
  c.evaluation_interval = std::chrono::seconds(10);
  return c;
}

struct HeatCloud : ComputeCloud {
  network::NetworkService neutron;
  volume::VolumeService cinder;
  telemetry::TelemetryService ceilometer;
  orchestration::OrchestrationService heat;
  std::string public_net;

  explicit HeatCloud(int hosts = 4, telemetry::TelemetryConfig telemetry = fast_telemetry())
      : ComputeCloud(hosts),
        neutron(db, {}, 42),
        cinder(db, sim, backend.storage(), keystone, glance),
        ceilometer(db, sim, telemetry, 5),
        heat(db, sim, {nova.get(), &glance, &neutron, &ceilometer, &cinder, &backend}, {}, 7) {
    volume::PoolState lvm;
    lvm.name = "cinder@lvm#lvm";
    lvm.volume_backend_name = "lvm";
    lvm.storage_endpoint = "storage1";
    lvm.total_capacity_gb = 100;
    cinder.register_pool(lvm);
    network::NetworkRequest r;
    r.project_id = admin.project_id;
    r.name = "public";
    r.shared = true;
    r.router_external = true;
    r.network_type = network::NetworkType::flat;
    r.physical_network = "provider";
    public_net = neutron.create_network(r).id;
    network::SubnetRequest s;
    s.project_id = admin.project_id;
    s.network_id = public_net;
    s.cidr = "203.0.113.0/24";
    s.enable_dhcp = false;
    neutron.create_subnet(s);
  }

  /// Runs a stack operation to completion and returns its result.
  template <class T>
  T finish(runtime::Task<T> task) {
    std::optional<T> out;
    run(capture(std::move(task), &out));
    return std::move(*out);
  }

  orchestration::Stack create(const std::string& name, const std::string& tmpl,
                              std::map<std::string, std::string> params = {},
                              bool rollback = true) {
    orchestration::StackCreate req;
    req.name = name;
    req.template_text = tmpl;
    req.parameters = std::move(params);
    req.rollback = rollback;
    return finish(heat.create_stack(alice, req));
  }

  orchestration::Stack update(const std::string& id, const std::string& tmpl,
                              std::map<std::string, std::string> params = {}) {
    orchestration::StackUpdate req;
    req.template_text = tmpl;
    req.parameters = std::move(params);
    return finish(heat.update_stack(alice, id, req));
  }

  std::map<std::string, orchestration::StackResource> resources(const std::string& id) {
    std::map<std::string, orchestration::StackResource> out;
    for (orchestration::StackResource& r : heat.resources(alice, id))
      out.emplace(r.name, std::move(r));
    return out;
  }

  /// Active (not deleted) servers of the demo project.
  std::size_t live_servers() {
    std::size_t n = 0;
    for (const compute::Instance& i : nova->list_servers(alice))
      if (!i.deleted) ++n;
    return n;
  }

 private:
  template <class T>
  static runtime::Task<void> capture(runtime::Task<T> task, std::optional<T>* out) {
    out->emplace(co_await std::move(task));
  }
};

inline std::string read_text(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace stacksim::testing
