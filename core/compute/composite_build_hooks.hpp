#pragma once
// The build hooks of a cloud with both a network and a block-storage service: networking calls go
// to the network part, block device mapping to the volume part, moves and releases to both
// (volumes first on release, as nova-compute detaches volumes before deallocating the network).

#include "core/compute/build_hooks.hpp"

namespace stacksim::compute {

class CompositeBuildHooks final : public BuildHooks {
 public:
  /// Both parts must outlive this object.
  CompositeBuildHooks(BuildHooks& network, BuildHooks& volume)
      : network_(network), volume_(volume) {}

  void accept_block_devices(const identity::RequestContext& ctx, const Instance& instance,
                            const std::vector<BlockDeviceMapping>& mappings) override {
    volume_.accept_block_devices(ctx, instance, mappings);
  }
  runtime::Task<std::vector<runtime::NicSpec>> allocate_network(Instance instance,
                                                                std::string host) override;
  runtime::Task<std::vector<runtime::VolumeConnection>> prepare_block_devices(
      Instance instance, std::string host) override;
  runtime::Task<void> bind_to_host(Instance instance, std::string host) override;
  runtime::Task<void> release(Instance instance, std::string host) override;

 private:
  BuildHooks& network_;
  BuildHooks& volume_;
};

}  // namespace stacksim::compute
