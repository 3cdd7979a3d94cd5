#pragma once
// ColumnTable -> numpy: each column becomes an array that either views the C++ column (read-only,
// kept alive by `owner`; only for tables that no longer change) or is a copy.

#include <pybind11/pybind11.h>

#include "python/src/column_table.hpp"

namespace stacksim::python {

/// {name: array} for numeric columns, {name: (codes, categories)} for category columns.
pybind11::dict table_columns(const ColumnTable& table, pybind11::handle owner, bool copy);

}  // namespace stacksim::python
