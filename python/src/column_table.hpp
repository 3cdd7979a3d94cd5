#pragma once
// A results table kept as columns, so that Python gets each column as one numpy array (without a
// copy once the run is over) and pandas builds a DataFrame from them. Text columns are stored as
// category codes (int32, -1 for none) plus the list of categories: pandas.Categorical takes them
// as they are, and a million instance rows do not become a million Python strings.

#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace stacksim::python {

struct CategoryColumn {
  std::vector<std::int32_t> codes;
  std::vector<std::string> categories;
  std::map<std::string, std::int32_t, std::less<>> index;

  void push(std::optional<std::string_view> value);
};

using Column = std::variant<std::vector<double>, std::vector<std::int64_t>, CategoryColumn>;

/// A value for one cell; nullopt is NaN in float columns and -1 in category columns.
using Cell = std::variant<double, std::int64_t, std::optional<std::string_view>>;

class ColumnTable {
 public:
  enum class Kind { real, integer, category };

  ColumnTable(std::initializer_list<std::pair<std::string, Kind>> columns);

  /// Appends one row; cells in column order, of the column's kind.
  void append(std::initializer_list<Cell> cells);

  [[nodiscard]] std::size_t rows() const noexcept { return rows_; }
  [[nodiscard]] const std::vector<std::string>& names() const noexcept { return names_; }
  [[nodiscard]] const std::vector<Column>& columns() const noexcept { return columns_; }

 private:
  std::vector<std::string> names_;
  std::vector<Column> columns_;
  std::size_t rows_ = 0;
};

/// A float cell that may be missing.
inline Cell real_or_nan(std::optional<double> value) {
  return value ? *value : std::numeric_limits<double>::quiet_NaN();
}

}  // namespace stacksim::python
