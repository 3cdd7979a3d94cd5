#pragma once
// The distributable part of a ring (Swift's RingData): devices by id, the replica -> partition ->
// device table and the part shift; what `.ring.gz` files hold.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/objectstore/device.hpp"

namespace stacksim::objectstore {

struct RingData {
  std::vector<std::optional<Device>> devs;  // index = device id; holes are removed devices
  // Row r, entry p: device of replica r of partition p. A fractional replica count makes only
  // the last row shorter.
  std::vector<std::vector<std::uint16_t>> replica2part2dev;
  int part_shift = 32;
  std::optional<int> next_part_power;
  std::optional<std::int64_t> version;

  [[nodiscard]] int part_power() const { return 32 - part_shift; }
  /// Swift's calc_replica_count: whole rows plus the last row's fraction.
  [[nodiscard]] double replica_count() const;
};

/// Swift's `.ring.gz` format v1 payload (before compression): R1NG, version 1, JSON header,
/// rows of little-endian uint16.
std::string serialize_ring_v1(const RingData& ring);
/// Parses a decompressed v1 payload; `source` names the file in errors (RingLoadError).
RingData deserialize_ring_v1(const std::string& payload, const std::string& source);

/// Writes `path` as Swift does: gzip level 9, mtime 1300507380, FNAME = basename without .gz;
/// through a temporary file renamed into place. Returns the MD5 (hex) of the written bytes.
std::string save_ring_file(const RingData& ring, const std::filesystem::path& path);
/// Reads a ring file (gzip, or a raw zlib stream as Swift's reader also accepts).
RingData load_ring_file(const std::filesystem::path& path);

}  // namespace stacksim::objectstore
