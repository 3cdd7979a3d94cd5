#pragma once
// Reconciliation between what the control plane believes (runtime::ExpectedState) and what
// libvirt and Open vSwitch report, on start and periodically, following Nova's compute manager:
// init_host fails builds that were interrupted (destroying their half-built domains) and reaps
// domains no instance owns; _sync_power_states records observed power states, stops instances
// that stopped behind its back, powers off ones that should be off and destroys deleted ones;
// ports the database binds to a host but OVS lacks are plugged again.

#include <string>
#include <vector>

#include "core/runtime/expected_state.hpp"
#include "core/runtime/spawn.hpp"
#include "live/live_backend.hpp"

namespace stacksim::live {

/// Nova's running_deleted_instance_action for domains no instance owns: reap or only report.
enum class OrphanPolicy { reap, report };

struct ReconcileReport {
  std::vector<std::string> power_states_recorded;  // instance uuids
  std::vector<std::string> stopped;                // active -> stopped in the database
  std::vector<std::string> powered_off;            // stopped in the database, running on the host
  std::vector<std::string> deleted_destroyed;      // deleted in the database, still on the host
  std::vector<std::string> interrupted_builds;     // building at startup -> error
  std::vector<std::string> orphans;                // domains no instance owns (reaped or not)
  std::vector<std::string> missing;                // instances with no domain on their host
  std::vector<std::string> ports_replugged;        // port names
  std::vector<std::string> unreachable_hosts;

  void merge(const ReconcileReport& other);
};

class Reconciler {
 public:
  Reconciler(LiveBackend& backend, runtime::ExpectedState& expected,
             OrphanPolicy orphans = OrphanPolicy::reap)
      : backend_(backend), expected_(expected), orphans_(orphans) {}

  /// One pass over every compute host. `startup` adds init_host's handling of interrupted builds.
  runtime::Task<ReconcileReport> reconcile(bool startup);
  runtime::Task<ReconcileReport> reconcile_host(std::string host, bool startup);
  /// A pass every `interval` until the returned task is cancelled; `on_report` sees each result.
  runtime::Task<void> run_periodically(runtime::Duration interval,
                                       std::function<void(const ReconcileReport&)> on_report);

 private:
  runtime::Task<void> reconcile_ports(std::string host, ReconcileReport& report);

  LiveBackend& backend_;
  runtime::ExpectedState& expected_;
  OrphanPolicy orphans_;
};

}  // namespace stacksim::live
