#include "sim/backend/simulated_storage_driver.hpp"

#include <algorithm>
#include <stdexcept>

#include "core/runtime/sleep.hpp"
#include "sim/backend/simulated_backend.hpp"
#include "sim/models/flow_transfer.hpp"

namespace stacksim::sim {

namespace {

constexpr double GiB = 1024.0 * 1024 * 1024;

std::string volume_owner(const std::string& id) {
  return "volume " + id;
}

}  // namespace

SimulatedStorageDriver::Volume& SimulatedStorageDriver::find(const std::string& id) {
  auto it = volumes_.find(id);
  if (it == volumes_.end()) throw std::out_of_range("unknown volume " + id);
  return it->second;
}

runtime::Task<void> SimulatedStorageDriver::create_volume(runtime::VolumeSpec spec) {
  if (spec.size_gb <= 0) throw std::invalid_argument("volume " + spec.id + ": size must be > 0 GB");
  (void)backend_.disk(spec.backend);  // a storage backend is a node of the topology with a disk
  if (volumes_.contains(spec.id)) throw std::invalid_argument("volume " + spec.id + " exists");
  co_await runtime::sleep_for(runtime::from_seconds(backend_.datacenter().control_latency_s));
  if (volumes_.contains(spec.id)) throw std::invalid_argument("volume " + spec.id + " exists");
  // Thin volumes reserve their full size too: the model does not track written blocks.
  backend_.disk(spec.backend)
      .allocate(volume_owner(spec.id), static_cast<double>(spec.size_gb) * GiB);
  const std::string id = spec.id;
  volumes_[id] = Volume{std::move(spec), ""};
}

runtime::Task<void> SimulatedStorageDriver::delete_volume(std::string volume_id) {
  if (!find(volume_id).attached_to.empty()) {
    throw std::logic_error("volume " + volume_id + " is attached to " +
                           find(volume_id).attached_to);
  }
  co_await runtime::sleep_for(runtime::from_seconds(backend_.datacenter().control_latency_s));
  const Volume& volume = find(volume_id);
  (void)backend_.disk(volume.spec.backend).release(volume_owner(volume_id));
  volumes_.erase(volume_id);
}

runtime::Task<runtime::VolumeConnection> SimulatedStorageDriver::attach_volume(
    std::string volume_id, std::string host) {
  Volume& volume = find(volume_id);
  if (!volume.attached_to.empty()) {
    throw std::logic_error("volume " + volume_id + " is already attached to " + volume.attached_to);
  }
  (void)backend_.simulated_host(host);
  co_await runtime::sleep_for(runtime::from_seconds(backend_.datacenter().control_latency_s));
  Volume& after = find(volume_id);
  after.attached_to = host;
  const char letter = static_cast<char>('b' + next_device_++ % 24);
  co_return runtime::VolumeConnection{volume_id, std::string("/dev/vd") + letter,
                                      after.spec.backend + ":" + volume_id, after.spec.size_gb};
}

runtime::Task<void> SimulatedStorageDriver::detach_volume(std::string volume_id, std::string host) {
  if (find(volume_id).attached_to != host) {
    throw std::logic_error("volume " + volume_id + " is not attached to " + host);
  }
  co_await runtime::sleep_for(runtime::from_seconds(backend_.datacenter().control_latency_s));
  find(volume_id).attached_to.clear();
}

runtime::Task<runtime::TransferStats> SimulatedStorageDriver::transfer(runtime::TransferSpec spec) {
  if (spec.bytes < 0) throw std::invalid_argument("transfer size must be >= 0 bytes");
  const double start = runtime::to_seconds(backend_.simulator().now());
  FlowRequest request;
  request.route = route(spec);
  request.bytes = static_cast<double>(spec.bytes);
  request.rate_cap = spec.rate_cap_bytes_per_s;
  const FlowEnd end = co_await sim::transfer(backend_.flows(), std::move(request));
  if (end.outcome != FlowOutcome::completed) {
    throw std::runtime_error("transfer " + spec.source + " -> " + spec.destination +
                             " failed: a link or disk of its route went down");
  }
  co_return runtime::TransferStats{runtime::from_seconds(end.time - start), spec.bytes};
}

bool SimulatedStorageDriver::holds_volumes(const std::string& backend) const {
  return std::any_of(volumes_.begin(), volumes_.end(),
                     [&](const auto& entry) { return entry.second.spec.backend == backend; });
}

std::vector<LinkId> SimulatedStorageDriver::route(const runtime::TransferSpec& spec) {
  if (spec.kind != runtime::TransferKind::volume_io) {
    return backend_.disk_route(spec.source, spec.destination);
  }
  std::vector<LinkId> links;
  if (holds_volumes(spec.destination)) {
    links = backend_.route(spec.source, spec.destination);
    links.push_back(backend_.disk(spec.destination).write_link());
  } else if (holds_volumes(spec.source)) {
    links.push_back(backend_.disk(spec.source).read_link());
    const std::vector<LinkId> network = backend_.route(spec.source, spec.destination);
    links.insert(links.end(), network.begin(), network.end());
  } else {
    throw std::invalid_argument("volume I/O " + spec.source + " -> " + spec.destination +
                                ": neither endpoint is the backend of a volume");
  }
  return links;
}

}  // namespace stacksim::sim
