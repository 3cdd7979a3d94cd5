#pragma once
// How much data each partition of a ring holds, for replication experiments: a number of objects
// per partition (uniform between a minimum and a maximum, constant when equal) and a size per
// object drawn from a distribution, all from one runtime::Random stream so a seed fixes them.

#include <cstdint>
#include <string_view>
#include <vector>

#include "core/runtime/random.hpp"

namespace stacksim::objectstore {

struct ObjectSizeDistribution {
  enum class Family { constant, uniform, exponential, lognormal };
  Family family = Family::constant;
  double bytes = 1 << 20;    // constant value, or exponential mean
  double min_bytes = 0;      // uniform
  double max_bytes = 0;      // uniform
  double mu = 0, sigma = 0;  // lognormal: parameters of the underlying normal (of ln bytes)

  /// Throws std::invalid_argument naming the offending field.
  void validate() const;
  [[nodiscard]] std::int64_t sample(runtime::Random& random) const;
};

std::string_view to_string(ObjectSizeDistribution::Family family) noexcept;
/// "constant", "uniform", "exponential" or "lognormal"; throws std::invalid_argument otherwise.
ObjectSizeDistribution::Family object_size_family(std::string_view name);

struct PartitionContents {
  std::int64_t min_objects = 100;
  std::int64_t max_objects = 100;
  ObjectSizeDistribution object_bytes;

  void validate() const;
  /// Bytes of each of `partitions` partitions, drawn in partition order.
  [[nodiscard]] std::vector<std::int64_t> partition_bytes(std::int64_t partitions,
                                                          runtime::Random& random) const;
};

}  // namespace stacksim::objectstore
