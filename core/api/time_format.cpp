#include "core/api/time_format.hpp"

#include <chrono>
#include <cstdio>

namespace stacksim::api {

std::string TimeFormat::iso8601(runtime::TimePoint t, TimePrecision precision) const {
  using namespace std::chrono;
  const std::int64_t ns = t.time_since_epoch().count();
  std::int64_t secs = ns / 1'000'000'000;
  std::int64_t micros = (ns % 1'000'000'000) / 1000;
  if (micros < 0) {
    micros += 1'000'000;
    secs -= 1;
  }
  const sys_seconds wall{seconds(epoch_unix_s_ + secs)};
  const sys_days day = floor<days>(wall);
  const year_month_day ymd{day};
  const hh_mm_ss<seconds> hms{wall - day};
  char buf[48];
  const int n =
      std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d", static_cast<int>(ymd.year()),
                    static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                    static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                    static_cast<int>(hms.seconds().count()));
  std::string out(buf, static_cast<std::size_t>(n));
  if (precision != TimePrecision::seconds) {
    std::snprintf(buf, sizeof buf, ".%06lld", static_cast<long long>(micros));
    out += buf;
  }
  if (precision != TimePrecision::cinder) out += 'Z';
  return out;
}

}  // namespace stacksim::api
