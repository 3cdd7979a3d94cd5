#pragma once
// The storage driver of the simulated datacenter: volumes live on storage backends (named hosts
// of the topology); attach exports a volume to a host; every transfer is a flow over the ECMP
// route between its endpoints, so its duration comes from the network model.

#include <map>
#include <string>

#include "core/runtime/storage_driver.hpp"

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

  SimulatedBackend& backend_;
  std::map<std::string, Volume> volumes_;
  int next_device_ = 0;
};

}  // namespace stacksim::sim
