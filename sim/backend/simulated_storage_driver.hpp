#pragma once
// The storage driver of the simulated datacenter: volumes live on storage backends (named nodes
// of the topology) and take their size from the backend's disk; attach exports a volume to a host.
// Every transfer is one flow, so its duration comes from the max-min shares of the links and disk
// channels it crosses:
//  - image downloads/uploads, migration copies, replication, other: the source disk's read channel,
//    the ECMP route, the destination disk's write channel;
//  - volume_io (a guest's I/O between its memory and a volume): the ECMP route and the channel of
//    the volume side only (write if the destination holds volumes, else read of the source).

#include <map>
#include <string>
#include <vector>

#include "core/runtime/storage_driver.hpp"
#include "sim/models/flow_network.hpp"

namespace stacksim::sim {

class SimulatedBackend;

class SimulatedStorageDriver final : public runtime::StorageDriver {
 public:
  explicit SimulatedStorageDriver(SimulatedBackend& backend) : backend_(backend) {}

  runtime::Task<void> create_volume(runtime::VolumeSpec spec) override;
  runtime::Task<void> delete_volume(std::string volume_id) override;
  runtime::Task<runtime::VolumeConnection> attach_volume(std::string volume_id,
                                                         std::string host) override;
  runtime::Task<void> detach_volume(std::string volume_id, std::string host) override;
  runtime::Task<runtime::TransferStats> transfer(runtime::TransferSpec transfer) override;

  [[nodiscard]] std::size_t volume_count() const noexcept { return volumes_.size(); }

 private:
  struct Volume {
    runtime::VolumeSpec spec;
    std::string attached_to;
  };
  Volume& find(const std::string& id);
  [[nodiscard]] bool holds_volumes(const std::string& backend) const;
  std::vector<LinkId> route(const runtime::TransferSpec& spec);

  SimulatedBackend& backend_;
  std::map<std::string, Volume> volumes_;
  int next_device_ = 0;
};

}  // namespace stacksim::sim
