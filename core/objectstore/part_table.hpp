#pragma once
// A partition-major copy of replica2part2dev for the duration of a rebalance: the replicas of a
// partition sit next to each other, so visiting partitions in shuffled order touches one cache
// line per partition instead of one per replica row. Only the last row may be shorter
// (fractional replica counts); its missing entries read as absent.

#include <cstdint>
#include <span>
#include <vector>

namespace stacksim::objectstore {

class PartTable {
 public:
  using Rows = std::vector<std::vector<std::uint16_t>>;

  PartTable(const Rows& rows, std::int64_t parts);
  /// Writes the assignment back as rows of their original lengths.
  void store(Rows& rows) const;

  [[nodiscard]] std::size_t rows() const { return row_length_.size(); }
  [[nodiscard]] std::size_t row_length(std::size_t r) const { return row_length_[r]; }
  /// The replica rows partition `part` has (all rows, or all but a short last one).
  [[nodiscard]] std::size_t replicas_of(std::uint32_t part) const {
    return part < last_row_length_ ? row_length_.size() : row_length_.size() - 1;
  }
  [[nodiscard]] std::span<std::uint16_t> part(std::uint32_t p) {
    return {data_.data() + static_cast<std::size_t>(p) * width_, replicas_of(p)};
  }
  [[nodiscard]] std::span<const std::uint16_t> part(std::uint32_t p) const {
    return {data_.data() + static_cast<std::size_t>(p) * width_, replicas_of(p)};
  }
  [[nodiscard]] const std::uint16_t* address(std::uint32_t p) const {
    return data_.data() + static_cast<std::size_t>(p) * width_;
  }

 private:
  std::size_t width_ = 0;
  std::size_t last_row_length_ = 0;
  std::vector<std::size_t> row_length_;
  std::vector<std::uint16_t> data_;
};

}  // namespace stacksim::objectstore
