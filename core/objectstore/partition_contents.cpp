#include "core/objectstore/partition_contents.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

namespace stacksim::objectstore {
namespace {

void require(bool ok, const std::string& message) {
  if (!ok) throw std::invalid_argument(message);
}

}  // namespace

std::string_view to_string(ObjectSizeDistribution::Family family) noexcept {
  switch (family) {
    case ObjectSizeDistribution::Family::constant:
      return "constant";
    case ObjectSizeDistribution::Family::uniform:
      return "uniform";
    case ObjectSizeDistribution::Family::exponential:
      return "exponential";
    case ObjectSizeDistribution::Family::lognormal:
      return "lognormal";
  }
  return "constant";
}

ObjectSizeDistribution::Family object_size_family(std::string_view name) {
  for (auto family :
       {ObjectSizeDistribution::Family::constant, ObjectSizeDistribution::Family::uniform,
        ObjectSizeDistribution::Family::exponential, ObjectSizeDistribution::Family::lognormal}) {
    if (name == to_string(family)) return family;
  }
  throw std::invalid_argument("object size distribution: unknown family \"" + std::string(name) +
                              "\" (constant, uniform, exponential, lognormal)");
}

void ObjectSizeDistribution::validate() const {
  switch (family) {
    case Family::constant:
    case Family::exponential:
      require(std::isfinite(bytes) && bytes >= 0,
              "object size: bytes must be finite and >= 0, not " + std::to_string(bytes));
      break;
    case Family::uniform:
      require(std::isfinite(min_bytes) && std::isfinite(max_bytes) && 0 <= min_bytes &&
                  min_bytes <= max_bytes,
              "object size: uniform needs 0 <= min_bytes <= max_bytes");
      break;
    case Family::lognormal:
      require(std::isfinite(mu) && std::isfinite(sigma) && sigma >= 0,
              "object size: lognormal needs a finite mu and sigma >= 0");
      break;
  }
}

std::int64_t ObjectSizeDistribution::sample(runtime::Random& random) const {
  double value = bytes;
  switch (family) {
    case Family::constant:
      break;
    case Family::uniform:
      value = random.uniform(min_bytes, max_bytes);
      break;
    case Family::exponential:
      value = random.exponential(bytes);
      break;
    case Family::lognormal:
      value = random.lognormal(mu, sigma);
      break;
  }
  return std::llround(value);
}

void PartitionContents::validate() const {
  require(0 <= min_objects && min_objects <= max_objects,
          "partition contents: need 0 <= min_objects <= max_objects, not " +
              std::to_string(min_objects) + " and " + std::to_string(max_objects));
  object_bytes.validate();
}

std::vector<std::int64_t> PartitionContents::partition_bytes(std::int64_t partitions,
                                                             runtime::Random& random) const {
  validate();
  std::vector<std::int64_t> out(static_cast<std::size_t>(partitions), 0);
  const bool constant_size = object_bytes.family == ObjectSizeDistribution::Family::constant;
  for (std::int64_t& total : out) {
    const std::int64_t objects =
        min_objects == max_objects ? min_objects : random.integer(min_objects, max_objects);
    if (constant_size) {
      total = objects * object_bytes.sample(random);
      continue;
    }
    for (std::int64_t i = 0; i < objects; ++i)
      total += object_bytes.sample(random);
  }
  return out;
}

}  // namespace stacksim::objectstore
