#pragma once
// Small self-contained SVG charts for the HTML report: line charts over time and bar charts.

#include <string>
#include <vector>

#include "core/runtime/xml_escape.hpp"

namespace stacksim::scenarios {

struct ChartSeries {
  std::string name;
  std::vector<double> x;
  std::vector<double> y;
};

struct ChartAxes {
  std::string title;
  std::string x_label;
  std::string y_label;
  bool y_from_zero = true;
};

std::string svg_line_chart(const ChartAxes& axes, const std::vector<ChartSeries>& series);
std::string svg_bar_chart(const ChartAxes& axes, const std::vector<std::string>& labels,
                          const std::vector<double>& values);

/// Text safe inside HTML/SVG.
using runtime::xml_escape;

}  // namespace stacksim::scenarios
