#pragma once
// swift-ring-builder's printouts: the default summary with its device table, the dispersion
// report and the device search listing, formatted column for column like Swift's.

#include <cstdint>
#include <filesystem>
#include <ostream>
#include <string>

#include "core/objectstore/ring_builder.hpp"

namespace stacksim::objectstore {

/// Python's str(timedelta(seconds=n)): "0:00:00", "1 day, 2:03:04".
std::string format_timedelta(std::int64_t seconds);

/// The default command: build version, partitions/replicas/regions/zones/devices, balance,
/// dispersion, min_part_hours, overload, ring file status and the device table.
void print_builder_summary(std::ostream& out, const RingBuilder& builder,
                           const std::string& builder_file, const std::filesystem::path& ring_file,
                           std::int64_t now);

/// The `dispersion` command's report; returns true when some tier is at risk (Swift exits 1).
bool print_dispersion_report(std::ostream& out, const RingBuilder& builder,
                             const std::string& search_filter, bool verbose);

/// The `search` command's device listing.
void print_device_search(std::ostream& out, const RingBuilder& builder,
                         const std::vector<const Device*>& devs);

}  // namespace stacksim::objectstore
