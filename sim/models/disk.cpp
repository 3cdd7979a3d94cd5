#include "sim/models/disk.hpp"

#include <algorithm>
#include <cmath>

namespace stacksim::sim {

namespace {

std::string bytes_text(double bytes) {
  return std::to_string(static_cast<long long>(std::llround(bytes))) + " bytes";
}

double channel_bandwidth(double throughput, const DiskSpec& spec) {
  return spec.iops > 0 ? std::min(throughput, spec.iops * spec.io_size_bytes) : throughput;
}

const DiskSpec& checked(const DiskSpec& spec, const std::string& name) {
  validate(spec, "disk '" + name + "'");
  return spec;
}

}  // namespace

void validate(const DiskSpec& spec, std::string_view what) {
  const auto require = [&](double value, const char* field, bool positive) {
    if (!std::isfinite(value) || value < 0 || (positive && value == 0)) {
      throw std::invalid_argument(std::string(what) + ": " + field + " must be a finite number " +
                                  (positive ? "> 0" : ">= 0") + ", got " + std::to_string(value));
    }
  };
  require(spec.capacity_bytes, "capacity_bytes", false);
  require(spec.read_bytes_per_s, "read_bytes_per_s", true);
  require(spec.write_bytes_per_s, "write_bytes_per_s", true);
  require(spec.iops, "iops", false);
  require(spec.io_size_bytes, "io_size_bytes", true);
  require(spec.access_latency_s, "access_latency_s", false);
}

Disk::Disk(std::string name, DiskSpec spec, FlowNetwork& network)
    : name_(std::move(name)),
      spec_(checked(spec, name_)),
      network_(network),
      read_link_(network.add_link(channel_bandwidth(spec_.read_bytes_per_s, spec_),
                                  spec_.access_latency_s)),
      write_link_(network.add_link(channel_bandwidth(spec_.write_bytes_per_s, spec_),
                                   spec_.access_latency_s)) {
}

double Disk::read_bandwidth() const noexcept {
  return channel_bandwidth(spec_.read_bytes_per_s, spec_);
}

double Disk::write_bandwidth() const noexcept {
  return channel_bandwidth(spec_.write_bytes_per_s, spec_);
}

void Disk::allocate(const std::string& owner, double bytes) {
  if (!std::isfinite(bytes) || bytes < 0) {
    throw std::invalid_argument("disk '" + name_ + "': allocation for " + owner +
                                " must be a finite number >= 0 bytes");
  }
  if (allocations_.contains(owner)) {
    throw std::invalid_argument("disk '" + name_ + "': " + owner + " already holds space");
  }
  if (bytes > free_bytes()) {
    throw DiskFullError("disk '" + name_ + "' is full: " + owner + " needs " + bytes_text(bytes) +
                        ", " + bytes_text(free_bytes()) + " free of " +
                        bytes_text(spec_.capacity_bytes));
  }
  allocations_.emplace(owner, bytes);
  used_ += bytes;
}

double Disk::release(const std::string& owner) {
  auto it = allocations_.find(owner);
  if (it == allocations_.end()) {
    throw std::out_of_range("disk '" + name_ + "': " + owner + " holds no space");
  }
  const double bytes = it->second;
  allocations_.erase(it);
  // Sum from scratch when empty so rounding cannot leave a residue.
  used_ = allocations_.empty() ? 0 : used_ - bytes;
  return bytes;
}

void Disk::set_up(bool up) {
  up_ = up;
  network_.set_link_up(read_link_, up);
  network_.set_link_up(write_link_, up);
}

}  // namespace stacksim::sim
