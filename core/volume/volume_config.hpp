#pragma once
// cinder.conf options of the block storage service stacksim models.

#include <cstdint>
#include <string>

#include "core/volume/volume_scheduler.hpp"

namespace stacksim::volume {

struct VolumeConfig {
  VolumeSchedulerConfig scheduler;
  /// [DEFAULT] default_volume_type: used when a request names none (created if missing).
  std::string default_volume_type = "__DEFAULT__";
  /// [DEFAULT] default_availability_zone for volumes that ask for none; empty: the pool's zone.
  std::string default_availability_zone;
  /// [DEFAULT] no_snapshot_gb_quota: snapshots do not count against the gigabytes quota.
  bool no_snapshot_gb_quota = false;
  /// Seeds volume, snapshot, attachment and volume type ids.
  std::uint64_t id_seed = 5;
};

}  // namespace stacksim::volume
