#include "python/src/column_arrays.hpp"

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

namespace py = pybind11;

namespace stacksim::python {
namespace {

template <class T>
py::array column_array(const std::vector<T>& values, py::handle owner, bool copy) {
  const auto size = static_cast<py::ssize_t>(values.size());
  if (copy) return py::array_t<T>(size, values.data());
  py::array view = py::array_t<T>(size, values.data(), owner);
  view.attr("setflags")(py::arg("write") = false);
  return view;
}

}  // namespace

py::dict table_columns(const ColumnTable& table, py::handle owner, bool copy) {
  py::dict out;
  for (std::size_t i = 0; i < table.names().size(); ++i) {
    const py::str name(table.names()[i]);
    std::visit(
        [&](const auto& column) {
          using C = std::decay_t<decltype(column)>;
          if constexpr (std::is_same_v<C, CategoryColumn>) {
            out[name] = py::make_tuple(column_array(column.codes, owner, copy),
                                       py::cast(column.categories));
          } else {
            out[name] = column_array(column, owner, copy);
          }
        },
        table.columns()[i]);
  }
  return out;
}

}  // namespace stacksim::python
