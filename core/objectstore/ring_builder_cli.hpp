#pragma once
// swift-ring-builder's command line over our RingBuilder: the same commands, arguments, messages
// and exit codes (0 success, 1 warning, 2 error), with the builder kept in stacksim's JSON builder
// file. `stacksim ring` is a thin wrapper around this.

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

namespace stacksim::objectstore {

inline constexpr int kExitSuccess = 0;
inline constexpr int kExitWarning = 1;
inline constexpr int kExitError = 2;

/// `args` as after the program name: <builder_file> [<command> [arguments...]]. `now` (seconds
/// since the epoch) stands in for the wall clock in min_part_hours bookkeeping.
int run_ring_builder_command(const std::vector<std::string>& args, std::ostream& out,
                             std::ostream& err, std::int64_t now);

/// The usage text printed when no builder file is given.
std::string ring_builder_usage();

}  // namespace stacksim::objectstore
