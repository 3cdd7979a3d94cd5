#include "scenarios/report/progress_bar.hpp"

#include <unistd.h>

#include <string>

namespace stacksim::scenarios {
namespace {

std::string duration_text(double s) {
  char text[32];
  if (s < 120) {
    std::snprintf(text, sizeof text, "%.0fs", s);
  } else if (s < 7200) {
    const int minutes = static_cast<int>(s / 60);
    std::snprintf(text, sizeof text, "%dm%02ds", minutes, static_cast<int>(s) - 60 * minutes);
  } else {
    std::snprintf(text, sizeof text, "%.1fh", s / 3600);
  }
  return text;
}

}  // namespace

ProgressBar::ProgressBar(std::FILE* stream, bool enabled)
    : stream_(stream), active_(enabled && isatty(fileno(stream)) != 0) {
}

ProgressBar::~ProgressBar() {
  finish();
}

void ProgressBar::update(const RunProgress& p) {
  if (!active_) return;
  const double rate = p.wall_s > 0 ? static_cast<double>(p.events) / p.wall_s : 0;
  std::string line = "\r  sim " + duration_text(p.sim_time_s) + "  " +
                     std::to_string(static_cast<long long>(rate / 1000)) + "k events/s";
  if (p.fraction && *p.fraction > 0) {
    const double f = std::min(1.0, *p.fraction);
    constexpr int kWidth = 30;
    const int filled = static_cast<int>(f * kWidth);
    line += "  [" + std::string(static_cast<std::size_t>(filled), '#') +
            std::string(static_cast<std::size_t>(kWidth - filled), '.') + "] " +
            std::to_string(static_cast<int>(f * 100)) + "%  ETA " +
            duration_text(p.wall_s * (1 - f) / f);
  }
  line += "\x1b[K";  // clear the rest of the line
  std::fputs(line.c_str(), stream_);
  std::fflush(stream_);
  drawn_ = true;
}

void ProgressBar::finish() {
  if (drawn_) {
    std::fputs("\r\x1b[K", stream_);
    std::fflush(stream_);
    drawn_ = false;
  }
}

}  // namespace stacksim::scenarios
