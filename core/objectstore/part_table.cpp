#include "core/objectstore/part_table.hpp"

#include <stdexcept>

#include "core/objectstore/device.hpp"

namespace stacksim::objectstore {

PartTable::PartTable(const Rows& rows, std::int64_t parts) : width_(rows.size()) {
  const auto n = static_cast<std::size_t>(parts);
  for (std::size_t r = 0; r < rows.size(); ++r) {
    if (rows[r].size() > n || (r + 1 < rows.size() && rows[r].size() != n)) {
      throw std::logic_error("only the last replica row may be shorter than the partition count");
    }
    row_length_.push_back(rows[r].size());
  }
  last_row_length_ = rows.empty() ? 0 : rows.back().size();
  data_.assign(n * width_, kNoneDev);
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const std::uint16_t* src = rows[r].data();
    for (std::size_t p = 0; p < rows[r].size(); ++p)
      data_[p * width_ + r] = src[p];
  }
}

void PartTable::store(Rows& rows) const {
  rows.resize(width_);
  for (std::size_t r = 0; r < width_; ++r) {
    rows[r].resize(row_length_[r]);
    std::uint16_t* dst = rows[r].data();
    for (std::size_t p = 0; p < row_length_[r]; ++p)
      dst[p] = data_[p * width_ + r];
  }
}

}  // namespace stacksim::objectstore
