#include "python/src/column_table.hpp"

#include <stdexcept>

namespace stacksim::python {

void CategoryColumn::push(std::optional<std::string_view> value) {
  if (!value) {
    codes.push_back(-1);
    return;
  }
  auto it = index.find(*value);
  if (it == index.end()) {
    it = index.emplace(std::string(*value), static_cast<std::int32_t>(categories.size())).first;
    categories.emplace_back(*value);
  }
  codes.push_back(it->second);
}

ColumnTable::ColumnTable(std::initializer_list<std::pair<std::string, Kind>> columns) {
  for (const auto& [name, kind] : columns) {
    names_.push_back(name);
    switch (kind) {
      case Kind::real:
        columns_.emplace_back(std::vector<double>{});
        break;
      case Kind::integer:
        columns_.emplace_back(std::vector<std::int64_t>{});
        break;
      case Kind::category:
        columns_.emplace_back(CategoryColumn{});
        break;
    }
  }
}

void ColumnTable::append(std::initializer_list<Cell> cells) {
  if (cells.size() != columns_.size()) throw std::logic_error("ColumnTable: wrong number of cells");
  auto column = columns_.begin();
  for (const Cell& cell : cells) {
    std::visit(
        [&cell](auto& col) {
          using C = std::decay_t<decltype(col)>;
          if constexpr (std::is_same_v<C, std::vector<double>>) {
            col.push_back(std::get<double>(cell));
          } else if constexpr (std::is_same_v<C, std::vector<std::int64_t>>) {
            col.push_back(std::get<std::int64_t>(cell));
          } else {
            col.push(std::get<std::optional<std::string_view>>(cell));
          }
        },
        *column);
    ++column;
  }
  ++rows_;
}

}  // namespace stacksim::python
