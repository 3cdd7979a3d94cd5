#include "live/reconciler.hpp"

#include <map>
#include <set>

#include "core/runtime/service_error.hpp"
#include "core/runtime/sleep.hpp"

namespace stacksim::live {

using runtime::PowerState;
using runtime::Task;
using runtime::VmState;

void ReconcileReport::merge(const ReconcileReport& other) {
  auto append = [](std::vector<std::string>& to, const std::vector<std::string>& from) {
    to.insert(to.end(), from.begin(), from.end());
  };
  append(power_states_recorded, other.power_states_recorded);
  append(stopped, other.stopped);
  append(powered_off, other.powered_off);
  append(deleted_destroyed, other.deleted_destroyed);
  append(interrupted_builds, other.interrupted_builds);
  append(orphans, other.orphans);
  append(missing, other.missing);
  append(ports_replugged, other.ports_replugged);
  append(unreachable_hosts, other.unreachable_hosts);
}

Task<ReconcileReport> Reconciler::reconcile(bool startup) {
  ReconcileReport report;
  for (const std::string& host : backend_.hosts()) {
    ReconcileReport one = co_await reconcile_host(host, startup);
    report.merge(one);
  }
  co_return report;
}

Task<ReconcileReport> Reconciler::reconcile_host(std::string host, bool startup) {
  ReconcileReport report;
  LibvirtHypervisor& hypervisor = backend_.libvirt(host);
  std::vector<runtime::InstanceInfo> domains;
  try {
    domains = co_await hypervisor.list_instances();
  } catch (const runtime::ServiceError& error) {
    if (error.type() != "HypervisorUnavailable") throw;
    report.unreachable_hosts.push_back(host);  // reported down; try again next pass
    co_return report;
  }
  std::map<std::string, PowerState> observed;
  for (const runtime::InstanceInfo& d : domains)
    observed[d.uuid] = d.power_state;
  const std::vector<runtime::ExpectedInstance> expected = co_await expected_.instances_on(host);
  std::set<std::string> owned;
  for (const runtime::ExpectedInstance& instance : expected) {
    owned.insert(instance.uuid);
    auto found = observed.find(instance.uuid);
    const PowerState power = found == observed.end() ? PowerState::no_state : found->second;

    // init_host: a build in progress when the control plane died can never finish.
    if (startup && instance.vm_state == VmState::building) {
      if (found != observed.end()) co_await hypervisor.destroy(instance.uuid);
      co_await expected_.mark_error(instance.uuid,
                                    "build interrupted: the control plane restarted");
      report.interrupted_builds.push_back(instance.uuid);
      continue;
    }
    if (instance.task_in_progress) continue;  // an operation owns the instance right now
    if (instance.vm_state == VmState::deleted) {
      if (found != observed.end()) {
        co_await hypervisor.destroy(instance.uuid);
        report.deleted_destroyed.push_back(instance.uuid);
      }
      continue;
    }
    if (power != instance.power_state) {
      co_await expected_.record_power_state(instance.uuid, power);
      report.power_states_recorded.push_back(instance.uuid);
    }
    // A failed build has no domain by design; anything else without one is lost on the host.
    if (found == observed.end() && instance.vm_state != VmState::error) {
      report.missing.push_back(instance.uuid);
    }
    const bool off = power == PowerState::shutdown || power == PowerState::crashed;
    switch (instance.vm_state) {
      case VmState::active:
        if (off || power == PowerState::suspended) {
          co_await expected_.mark_stopped(instance.uuid);
          report.stopped.push_back(instance.uuid);
        }
        break;
      case VmState::paused:
        if (off) {
          co_await expected_.mark_stopped(instance.uuid);
          report.stopped.push_back(instance.uuid);
        }
        break;
      case VmState::stopped:
        if (!off && power != PowerState::no_state) {
          co_await hypervisor.power_off(instance.uuid);
          report.powered_off.push_back(instance.uuid);
        }
        break;
      default:  // building, suspended, rescued, resized, error: Nova leaves these alone
        break;
    }
  }
  for (const runtime::InstanceInfo& d : domains) {
    if (owned.contains(d.uuid)) continue;
    report.orphans.push_back(d.uuid);
    if (orphans_ == OrphanPolicy::reap) co_await hypervisor.destroy(d.uuid);
  }
  co_await reconcile_ports(host, report);
  co_return report;
}

Task<void> Reconciler::reconcile_ports(std::string host, ReconcileReport& report) {
  OvsNetworkDriver& ovs = backend_.ovs();
  if (!ovs.has_host(host)) co_return;
  const std::vector<runtime::PortSpec> wanted = co_await expected_.ports_on(host);
  std::map<std::string, std::set<std::string>> present;  // bridge -> port names
  for (const runtime::PortSpec& port : wanted) {
    if (present.contains(port.bridge)) continue;
    auto& names = present[port.bridge];
    for (const runtime::PortSpec& p : co_await ovs.list_ports(host, port.bridge))
      names.insert(p.name);
  }
  for (const runtime::PortSpec& port : wanted) {
    if (present[port.bridge].contains(port.name)) continue;
    co_await ovs.ensure_bridge(host, port.bridge);
    co_await ovs.add_port(host, port);
    report.ports_replugged.push_back(port.name);
  }
}

Task<void> Reconciler::run_periodically(runtime::Duration interval,
                                        std::function<void(const ReconcileReport&)> on_report) {
  for (;;) {
    co_await runtime::sleep_for(interval);
    const ReconcileReport report = co_await reconcile(false);
    if (on_report) on_report(report);
  }
}

}  // namespace stacksim::live
