#include "scenarios/report/svg_chart.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace stacksim::scenarios {
namespace {

constexpr double kWidth = 720, kHeight = 300;
constexpr double kLeft = 70, kRight = 20, kTop = 36, kBottom = 48;
const char* const kColors[] = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"};

std::string num(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", v);
  return text;
}

std::string tick_label(double v) {
  char text[32];
  const double a = std::fabs(v);
  if (a >= 1e6) {
    std::snprintf(text, sizeof text, "%.3gM", v / 1e6);
  } else if (a >= 1e4) {
    std::snprintf(text, sizeof text, "%.3gk", v / 1e3);
  } else {
    std::snprintf(text, sizeof text, "%.4g", v);
  }
  return text;
}

/// About `count` round tick values covering [lo, hi].
std::vector<double> ticks(double lo, double hi, int count) {
  const double span = hi - lo;
  if (!(span > 0)) return {lo};
  const double raw = span / count;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  double step = magnitude;
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    step = m * magnitude;
    if (step >= raw) break;
  }
  std::vector<double> out;
  for (double t = std::ceil(lo / step) * step; t <= hi + step * 1e-9; t += step)
    out.push_back(t);
  return out;
}

struct Frame {
  double x0, x1, y0, y1;
  [[nodiscard]] double px(double x) const {
    return kLeft + (x1 > x0 ? (x - x0) / (x1 - x0) : 0.5) * (kWidth - kLeft - kRight);
  }
  [[nodiscard]] double py(double y) const {
    return kHeight - kBottom - (y1 > y0 ? (y - y0) / (y1 - y0) : 0.5) * (kHeight - kTop - kBottom);
  }
};

std::string open_svg(const ChartAxes& axes) {
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + num(kWidth) + " " +
         num(kHeight) + "\" width=\"" + num(kWidth) + "\" height=\"" + num(kHeight) +
         "\" font-family=\"sans-serif\" font-size=\"11\">" + "<text x=\"" + num(kWidth / 2) +
         "\" y=\"18\" text-anchor=\"middle\" font-size=\"14\" font-weight=\"bold\">" +
         xml_escape(axes.title) + "</text>";
}

std::string axes_svg(const ChartAxes& axes, const Frame& f, bool x_ticks) {
  std::string out;
  for (double t : ticks(f.y0, f.y1, 5)) {
    const double y = f.py(t);
    out += "<line x1=\"" + num(kLeft) + "\" x2=\"" + num(kWidth - kRight) + "\" y1=\"" + num(y) +
           "\" y2=\"" + num(y) + "\" stroke=\"#ddd\"/><text x=\"" + num(kLeft - 6) + "\" y=\"" +
           num(y + 4) + "\" text-anchor=\"end\">" + tick_label(t) + "</text>";
  }
  if (x_ticks) {
    for (double t : ticks(f.x0, f.x1, 8)) {
      const double x = f.px(t);
      out += "<line x1=\"" + num(x) + "\" x2=\"" + num(x) + "\" y1=\"" + num(kHeight - kBottom) +
             "\" y2=\"" + num(kHeight - kBottom + 4) + "\" stroke=\"#444\"/><text x=\"" + num(x) +
             "\" y=\"" + num(kHeight - kBottom + 16) + "\" text-anchor=\"middle\">" +
             tick_label(t) + "</text>";
    }
  }
  out += "<line x1=\"" + num(kLeft) + "\" x2=\"" + num(kWidth - kRight) + "\" y1=\"" +
         num(kHeight - kBottom) + "\" y2=\"" + num(kHeight - kBottom) + "\" stroke=\"#444\"/>";
  out += "<line x1=\"" + num(kLeft) + "\" x2=\"" + num(kLeft) + "\" y1=\"" + num(kTop) +
         "\" y2=\"" + num(kHeight - kBottom) + "\" stroke=\"#444\"/>";
  out += "<text x=\"" + num((kLeft + kWidth - kRight) / 2) + "\" y=\"" + num(kHeight - 12) +
         "\" text-anchor=\"middle\">" + xml_escape(axes.x_label) + "</text>";
  out += "<text transform=\"translate(16," + num((kTop + kHeight - kBottom) / 2) +
         ") rotate(-90)\" text-anchor=\"middle\">" + xml_escape(axes.y_label) + "</text>";
  return out;
}

}  // namespace

std::string svg_line_chart(const ChartAxes& axes, const std::vector<ChartSeries>& series) {
  Frame f{0, 1, 0, 1};
  bool any = false;
  for (const auto& s : series) {
    for (std::size_t i = 0; i < s.x.size() && i < s.y.size(); ++i) {
      if (!any) {
        f = {s.x[i], s.x[i], s.y[i], s.y[i]};
        any = true;
      }
      f.x0 = std::min(f.x0, s.x[i]);
      f.x1 = std::max(f.x1, s.x[i]);
      f.y0 = std::min(f.y0, s.y[i]);
      f.y1 = std::max(f.y1, s.y[i]);
    }
  }
  if (axes.y_from_zero) f.y0 = std::min(f.y0, 0.0);
  if (f.y1 <= f.y0) f.y1 = f.y0 + 1;
  f.y1 += (f.y1 - f.y0) * 0.05;
  std::string out = open_svg(axes) + axes_svg(axes, f, true);
  if (!any) {
    out += "<text x=\"" + num(kWidth / 2) + "\" y=\"" + num(kHeight / 2) +
           "\" text-anchor=\"middle\" fill=\"#888\">no samples</text>";
  }
  for (std::size_t k = 0; k < series.size(); ++k) {
    const auto& s = series[k];
    const char* color = kColors[k % std::size(kColors)];
    std::string points;
    for (std::size_t i = 0; i < s.x.size() && i < s.y.size(); ++i) {
      points += num(f.px(s.x[i])) + "," + num(f.py(s.y[i])) + " ";
    }
    out += "<polyline fill=\"none\" stroke=\"" + std::string(color) +
           "\" stroke-width=\"1.5\" points=\"" + points + "\"/>";
    const double ly = kTop + 4 + 14.0 * static_cast<double>(k);
    out += "<rect x=\"" + num(kWidth - kRight - 150) + "\" y=\"" + num(ly) +
           "\" width=\"10\" height=\"10\" fill=\"" + color + "\"/><text x=\"" +
           num(kWidth - kRight - 135) + "\" y=\"" + num(ly + 9) + "\">" + xml_escape(s.name) +
           "</text>";
  }
  return out + "</svg>";
}

std::string svg_bar_chart(const ChartAxes& axes, const std::vector<std::string>& labels,
                          const std::vector<double>& values) {
  Frame f{0, static_cast<double>(std::max<std::size_t>(labels.size(), 1)), 0, 1};
  for (double v : values)
    f.y1 = std::max(f.y1, v);
  f.y1 *= 1.05;
  std::string out = open_svg(axes) + axes_svg(axes, f, false);
  const double slot = (kWidth - kLeft - kRight) / f.x1;
  for (std::size_t i = 0; i < labels.size() && i < values.size(); ++i) {
    const double x = kLeft + slot * static_cast<double>(i);
    const double y = f.py(values[i]);
    out += "<rect x=\"" + num(x + slot * 0.1) + "\" y=\"" + num(y) + "\" width=\"" +
           num(slot * 0.8) + "\" height=\"" + num(kHeight - kBottom - y) + "\" fill=\"" +
           kColors[0] + "\"><title>" + xml_escape(labels[i]) + ": " + tick_label(values[i]) +
           "</title></rect>";
    out += "<text x=\"" + num(x + slot / 2) + "\" y=\"" + num(kHeight - kBottom + 14) +
           "\" text-anchor=\"middle\">" + xml_escape(labels[i]) + "</text>";
  }
  return out + "</svg>";
}

}  // namespace stacksim::scenarios
