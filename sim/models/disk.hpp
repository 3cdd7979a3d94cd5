#pragma once
// A disk (a host's local disk or a storage backend's pool): capacity that volumes, instance disks
// and cached images allocate, and a read and a write channel installed as links of the flow
// network. A byte-moving activity that touches the disk crosses its channel as part of its route
// (e.g. replication = source disk read + network path + destination disk write), so disk and
// network bandwidth are shared max-min fairly by the same computation.
//
// Throughput and IOPS: a channel carries min(throughput, iops x io_size) bytes/s, i.e. the IOPS
// limit is an operation-rate cap expressed in the disk's operation size. A disk's access latency
// (seek, queueing in the controller) is its channels' latency: each transfer waits it once per
// channel it crosses before its first byte.

#include <map>
#include <stdexcept>
#include <string>
#include <string_view>

#include "sim/models/flow_network.hpp"

namespace stacksim::sim {

struct DiskSpec {
  double capacity_bytes = 2000.0 * 1024 * 1024 * 1024;
  double read_bytes_per_s = 2e9;
  double write_bytes_per_s = 2e9;
  double iops = 0;                       // operations/s, 0: no operation-rate limit
  double io_size_bytes = 1024.0 * 1024;  // bytes per operation of a transfer
  double access_latency_s = 0;           // before the first byte of each transfer (per channel)
};

/// Throws std::invalid_argument naming `what` and the field if a value is negative, non-finite,
/// or a bandwidth/operation size is 0.
void validate(const DiskSpec& spec, std::string_view what);

/// An allocation that does not fit: names the disk, the owner, and both sizes.
class DiskFullError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Disk {
 public:
  /// Installs the read and write channels as two new links of `network`.
  Disk(std::string name, DiskSpec spec, FlowNetwork& network);

  [[nodiscard]] const std::string& name() const noexcept { return name_; }
  [[nodiscard]] const DiskSpec& spec() const noexcept { return spec_; }
  [[nodiscard]] LinkId read_link() const noexcept { return read_link_; }
  [[nodiscard]] LinkId write_link() const noexcept { return write_link_; }
  /// Bytes/s of each channel: the throughput, capped by iops x io_size.
  [[nodiscard]] double read_bandwidth() const noexcept;
  [[nodiscard]] double write_bandwidth() const noexcept;

  /// Reserves `bytes` for `owner` (a volume, an instance's disks, a cached image). Throws
  /// DiskFullError if they do not fit, std::invalid_argument if the owner already holds space.
  void allocate(const std::string& owner, double bytes);
  /// Frees the owner's space and returns its size; throws std::out_of_range for an unknown owner.
  double release(const std::string& owner);
  [[nodiscard]] bool holds(const std::string& owner) const { return allocations_.contains(owner); }
  [[nodiscard]] double used_bytes() const noexcept { return used_; }
  [[nodiscard]] double free_bytes() const noexcept { return spec_.capacity_bytes - used_; }

  /// A failed disk fails every transfer crossing it; new ones fail when they reach it.
  void set_up(bool up);
  [[nodiscard]] bool up() const noexcept { return up_; }

 private:
  std::string name_;
  DiskSpec spec_;
  FlowNetwork& network_;
  LinkId read_link_;
  LinkId write_link_;
  std::map<std::string, double, std::less<>> allocations_;
  double used_ = 0;
  bool up_ = true;
};

}  // namespace stacksim::sim
