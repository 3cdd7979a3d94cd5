#include "core/compute/conductor.hpp"

#include <exception>

#include "core/compute/compute_error.hpp"
#include "core/runtime/when_all.hpp"
#include "core/scheduler/invalid_request.hpp"

namespace stacksim::compute {
namespace {

/// The instance was deleted while its build was in flight.
struct BuildAborted {};

std::string describe(std::exception_ptr error) {
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) {
    return e.what();
  } catch (...) {
    return "unknown error";
  }
}

}  // namespace

runtime::Task<void> Conductor::build_instances(BuildPlan plan) {
  cell_.refresh_scheduler();
  scheduler::Decision decision;
  std::string invalid;
  try {
    decision = cell_.hosts.select(plan.request, plan.instance_uuids, plan.hints, cell_.now());
  } catch (const scheduler::InvalidRequest& e) {
    invalid = e.what();
  }
  if (!invalid.empty() || !decision.ok()) {
    const std::string message =
        invalid.empty() ? decision.failure->message() : "No valid host was found. " + invalid;
    for (const std::string& uuid : plan.instance_uuids) {
      Instance instance = cell_.instances.get(uuid, true);
      if (instance.task_state == TaskState::deleting) {
        cell_.finish_delete(instance);
      } else {
        cell_.set_error(instance, 500, message);
      }
    }
    co_return;
  }
  std::vector<runtime::Task<void>> builds;
  for (const scheduler::Selection& selection : decision.selections) {
    std::vector<std::string> hosts{cell_.hosts.host_name(selection.host)};
    for (scheduler::HostId alternate : selection.alternates) {
      hosts.push_back(cell_.hosts.host_name(alternate));
    }
    builds.push_back(build_instance(selection.instance_uuid, plan, std::move(hosts)));
  }
  co_await runtime::when_all(std::move(builds));
}

runtime::Task<void> Conductor::build_instance(std::string uuid, BuildPlan plan,
                                              std::vector<std::string> hosts) {
  std::size_t next_alternate = 1;
  std::string host = hosts.front();
  while (true) {
    std::exception_ptr failure;
    bool aborted = false;
    try {
      co_await run_build(uuid, host, plan);
      cell_.services.record_build(host, true);
      co_return;
    } catch (const BuildAborted&) {
      aborted = true;
    } catch (...) {
      failure = std::current_exception();
    }
    // Clean the host up, then give the claim back (Nova's _cleanup_allocated_networks and
    // _delete_allocation_for_instance before a reschedule).
    co_await destroy_on(host, uuid);
    Instance instance = cell_.instances.get(uuid, true);
    co_await cell_.hooks.release(instance, host);
    cell_.hosts.release(uuid);
    instance = cell_.instances.get(uuid, true);
    if (aborted || instance.task_state == TaskState::deleting) {
      cell_.finish_delete(instance);
      co_return;
    }
    cell_.services.record_build(host, false);
    bool claimed = false;
    const AllocationRequest& request = plan.request;
    while (!claimed && next_alternate < hosts.size()) {
      const std::string& alternate = hosts[next_alternate++];
      if (cell_.hosts.claim(uuid, alternate, request)) {
        host = alternate;
        claimed = true;
      }
    }
    if (!claimed) {
      cell_.set_error(instance, 500,
                      "Exceeded maximum number of retries. Exhausted all hosts available for "
                      "retrying build failures for instance " +
                          uuid + ".",
                      describe(failure));
      instance.host.clear();
      cell_.save(instance);
      co_return;
    }
    instance.task_state = TaskState::scheduling;
    instance.host = host;
    cell_.save(instance);
  }
}

runtime::Task<void> Conductor::run_build(std::string uuid, std::string host, BuildPlan plan) {
  auto checkpoint = [this, &uuid] {
    Instance instance = cell_.instances.get(uuid, true);
    if (instance.task_state == TaskState::deleting) throw BuildAborted{};
    return instance;
  };
  Instance instance = checkpoint();
  instance.host = host;
  cell_.save(instance);

  // The claim: the host must be up and hold this instance's allocation.
  runtime::HypervisorDriver& driver = cell_.backend.hypervisor(host);
  const runtime::HostInfo info = co_await driver.host_info();
  instance = checkpoint();
  if (!info.up) {
    throw ServiceError("ComputeResourcesUnavailable", 503,
                       "Insufficient compute resources: compute host " + host + " is down.");
  }
  if (cell_.hosts.host_of(uuid) != host) {
    throw ServiceError("ComputeResourcesUnavailable", 503,
                       "Insufficient compute resources: no allocation on " + host + ".");
  }

  instance.task_state = TaskState::networking;
  cell_.save(instance);
  std::vector<runtime::NicSpec> nics = co_await cell_.hooks.allocate_network(instance, host);
  instance = checkpoint();

  instance.task_state = TaskState::block_device_mapping;
  cell_.save(instance);
  std::vector<runtime::VolumeConnection> volumes =
      co_await cell_.hooks.prepare_block_devices(instance, host);
  instance = checkpoint();

  instance.task_state = TaskState::spawning;
  cell_.save(instance);
  co_await spawn_on(instance, host, plan.image_size, plan.image_disk_format, std::move(nics),
                    std::move(volumes));
  instance = checkpoint();

  instance.vm_state = VmState::active;
  instance.task_state = TaskState::none;
  instance.power_state = PowerState::running;
  instance.launched_at = cell_.now();
  cell_.save(instance);
}

runtime::Task<void> Conductor::spawn_on(Instance instance, std::string host,
                                        std::int64_t image_size, std::string disk_format,
                                        std::vector<runtime::NicSpec> nics,
                                        std::vector<runtime::VolumeConnection> volumes) {
  co_await cell_.image_cache.fetch(host, instance.image_id, image_size);
  runtime::InstanceSpec spec;
  spec.uuid = instance.uuid;
  spec.name = instance.name;
  spec.vcpus = instance.flavor.vcpus;
  spec.memory_mb = instance.flavor.memory_mb;
  spec.root_gb = instance.flavor.root_gb;
  spec.ephemeral_gb = instance.flavor.ephemeral_gb;
  spec.swap_mb = instance.flavor.swap_mb;
  // The image now sits in the host's cache: the driver boots from the local copy.
  spec.image = runtime::ImageRef{instance.image_id, image_size, std::move(disk_format), host};
  spec.nics = std::move(nics);
  spec.volumes = std::move(volumes);
  spec.extra_specs = instance.flavor.extra_specs;
  co_await cell_.backend.hypervisor(host).spawn(std::move(spec));
}

runtime::Task<void> Conductor::destroy_on(std::string host, std::string uuid) {
  if (host.empty() || !cell_.services.is_up(host, cell_.now())) co_return;
  try {
    co_await cell_.backend.hypervisor(host).destroy(uuid);
  } catch (const std::exception&) {
    // Nothing was defined there (the spawn failed early) or the host just failed: nothing to undo.
  }
}

runtime::Task<void> Conductor::delete_instance(std::string uuid) {
  Instance instance = cell_.instances.get(uuid, true);
  if (instance.deleted) co_return;
  // A down host is not contacted: Nova's local delete.
  if (!instance.host.empty()) {
    co_await destroy_on(instance.host, uuid);
    co_await cell_.hooks.release(instance, instance.host);
  }
  instance = cell_.instances.get(uuid, true);
  cell_.finish_delete(instance);
}

runtime::Task<void> Conductor::power_action(std::string uuid, PowerAction action) {
  Instance instance = cell_.instances.get(uuid);
  runtime::HypervisorDriver& driver = cell_.backend.hypervisor(instance.host);
  std::exception_ptr failure;
  try {
    switch (action) {
      case PowerAction::stop:
        co_await driver.power_off(uuid);
        break;
      case PowerAction::start:
        co_await driver.power_on(uuid);
        break;
      case PowerAction::soft_reboot:
        co_await driver.reboot(uuid, runtime::RebootType::soft);
        break;
      case PowerAction::hard_reboot:
        co_await driver.reboot(uuid, runtime::RebootType::hard);
        break;
    }
  } catch (...) {
    failure = std::current_exception();
  }
  instance = cell_.instances.get(uuid, true);
  if (instance.deleted || instance.task_state == TaskState::deleting) co_return;
  if (failure) {
    // A failed reboot leaves the instance in ERROR (Nova's reboot_instance); stop and start only
    // record the fault.
    if (action == PowerAction::soft_reboot || action == PowerAction::hard_reboot) {
      cell_.set_error(instance, 500, describe(failure));
    } else {
      instance.task_state = TaskState::none;
      cell_.save(instance);
      cell_.instances.add_fault(uuid, {500, describe(failure), {}, cell_.now()});
    }
    co_return;
  }
  instance.task_state = TaskState::none;
  if (action == PowerAction::stop) {
    instance.vm_state = VmState::stopped;
    instance.power_state = PowerState::shutdown;
  } else {
    instance.vm_state = VmState::active;
    instance.power_state = PowerState::running;
  }
  cell_.save(instance);
}

}  // namespace stacksim::compute
