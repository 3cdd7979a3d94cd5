#include "core/compute/composite_build_hooks.hpp"

namespace stacksim::compute {

runtime::Task<std::vector<runtime::NicSpec>> CompositeBuildHooks::allocate_network(
    Instance instance, std::string host) {
  co_return co_await network_.allocate_network(std::move(instance), std::move(host));
}

runtime::Task<std::vector<runtime::VolumeConnection>> CompositeBuildHooks::prepare_block_devices(
    Instance instance, std::string host) {
  co_return co_await volume_.prepare_block_devices(std::move(instance), std::move(host));
}

runtime::Task<void> CompositeBuildHooks::bind_to_host(Instance instance, std::string host) {
  co_await volume_.bind_to_host(instance, host);
  co_await network_.bind_to_host(std::move(instance), std::move(host));
}

runtime::Task<void> CompositeBuildHooks::release(Instance instance, std::string host) {
  co_await volume_.release(instance, host);
  co_await network_.release(std::move(instance), std::move(host));
}

}  // namespace stacksim::compute
