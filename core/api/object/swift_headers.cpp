#include "core/api/object/swift_headers.hpp"

#include <array>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <utility>

#include "core/objectstore/swift_error.hpp"

namespace stacksim::api {
namespace {

bool is_letter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

char to_lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

char to_upper(char c) {
  return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
}

bool starts_with_nocase(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && HttpHeaders::equal_names(s.substr(0, prefix.size()), prefix);
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    c = to_lower(c);
  return out;
}

std::optional<std::int64_t> parse_int(std::string_view s) {
  std::int64_t v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

// Seconds and fraction of `t` on the wall clock, in units of 10 microseconds (Swift's precision).
std::int64_t timestamp_units(const TimeFormat& time, runtime::TimePoint t) {
  return time.epoch_unix_s() * 100000 + t.time_since_epoch().count() / 10000;
}

}  // namespace

objectstore::ObjectPath split_swift_path(std::string_view path) {
  while (path.starts_with('/'))
    path.remove_prefix(1);
  std::array<std::string, 4> parts;  // version, account, container, object
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const std::size_t slash = i + 1 < parts.size() ? path.find('/') : std::string_view::npos;
    parts[i] = std::string(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return {std::move(parts[1]), std::move(parts[2]), std::move(parts[3])};
}

std::string title_case(std::string_view name) {
  std::string out(name);
  bool after_letter = false;
  for (char& c : out) {
    c = after_letter ? to_lower(c) : to_upper(c);
    after_letter = is_letter(c);
  }
  return out;
}

objectstore::MetadataUpdate user_metadata(const HttpHeaders& headers, std::string_view type) {
  const std::string prefix = "x-" + lower(type) + "-meta-";
  const std::string remove_prefix = "x-remove-" + lower(type) + "-meta-";
  const bool removals = lower(type) != "object";
  objectstore::MetadataUpdate update;
  std::size_t count = 0;
  std::size_t size = 0;
  for (const auto& [name, value] : headers.fields()) {
    std::string key;
    std::string stored = value;
    if (removals && starts_with_nocase(name, remove_prefix)) {
      key = name.substr(remove_prefix.size());
      stored.clear();
    } else if (starts_with_nocase(name, prefix)) {
      key = name.substr(prefix.size());
    } else {
      continue;
    }
    const auto bad = [](const std::string& message) {
      return objectstore::swift_error(400, message);
    };
    if (key.empty()) throw bad("Metadata name cannot be empty");
    ++count;
    size += key.size() + value.size();
    if (key.size() > SwiftConstraints::max_meta_name_length) {
      throw bad("Metadata name too long: " + prefix + key);
    }
    if (value.size() > SwiftConstraints::max_meta_value_length) {
      throw bad("Metadata value longer than " +
                std::to_string(SwiftConstraints::max_meta_value_length) + ": " + prefix + key);
    }
    if (count > SwiftConstraints::max_meta_count) {
      throw bad("Too many metadata items; max " + std::to_string(SwiftConstraints::max_meta_count));
    }
    if (size > SwiftConstraints::max_meta_overall_size) {
      throw bad("Total metadata too large; max " +
                std::to_string(SwiftConstraints::max_meta_overall_size));
    }
    update[title_case(prefix + key)] = std::move(stored);
  }
  return update;
}

void add_metadata(HttpHeaders& headers, const objectstore::Metadata& metadata) {
  for (const auto& [key, value] : metadata)
    headers.set(key, value);
}

std::string swift_timestamp(const TimeFormat& time, runtime::TimePoint t) {
  const std::int64_t units = timestamp_units(time, t);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%010lld.%05lld", static_cast<long long>(units / 100000),
                static_cast<long long>(units % 100000));
  return buf;
}

std::string http_date(const TimeFormat& time, runtime::TimePoint t) {
  using namespace std::chrono;
  const std::int64_t units = timestamp_units(time, t);
  const std::int64_t secs = units / 100000 + (units % 100000 != 0 ? 1 : 0);
  const sys_seconds wall{seconds(secs)};
  const sys_days day = floor<days>(wall);
  const year_month_day ymd{day};
  const hh_mm_ss<seconds> hms{wall - day};
  static constexpr std::array<const char*, 7> weekdays = {"Sun", "Mon", "Tue", "Wed",
                                                          "Thu", "Fri", "Sat"};
  static constexpr std::array<const char*, 12> months = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  char buf[48];
  std::snprintf(buf, sizeof buf, "%s, %02u %s %04d %02d:%02d:%02d GMT",
                weekdays[weekday(day).c_encoding()], static_cast<unsigned>(ymd.day()),
                months[static_cast<unsigned>(ymd.month()) - 1], static_cast<int>(ymd.year()),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                static_cast<int>(hms.seconds().count()));
  return buf;
}

std::optional<ByteRange> parse_byte_range(const std::string& header, std::int64_t size) {
  std::string_view spec(header);
  if (!starts_with_nocase(spec, "bytes=")) return std::nullopt;
  spec.remove_prefix(6);
  const std::size_t dash = spec.find('-');
  if (dash == std::string_view::npos || spec.find(',') != std::string_view::npos) {
    return std::nullopt;
  }
  const std::string_view first_text = spec.substr(0, dash);
  const std::string_view last_text = spec.substr(dash + 1);
  std::int64_t first = 0;
  std::int64_t last = size - 1;
  if (first_text.empty()) {
    // A suffix: the last n bytes.
    const std::optional<std::int64_t> n = parse_int(last_text);
    if (!n) return std::nullopt;
    if (*n == 0) throw objectstore::swift_error(416);
    first = std::max<std::int64_t>(0, size - *n);
  } else {
    const std::optional<std::int64_t> a = parse_int(first_text);
    if (!a) return std::nullopt;
    first = *a;
    if (!last_text.empty()) {
      const std::optional<std::int64_t> b = parse_int(last_text);
      if (!b || *b < first) return std::nullopt;
      last = std::min(*b, size - 1);
    }
  }
  if (first >= size) throw objectstore::swift_error(416);
  return ByteRange{first, last - first + 1};
}

std::string guess_content_type(std::string_view object_name) {
  // A subset of Python's mimetypes.types_map, which Swift's proxy consults.
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 24> types = {{
      {"txt", "text/plain"},        {"html", "text/html"},
      {"htm", "text/html"},         {"css", "text/css"},
      {"csv", "text/csv"},          {"xml", "text/xml"},
      {"js", "text/javascript"},    {"py", "text/x-python"},
      {"md", "text/markdown"},      {"json", "application/json"},
      {"pdf", "application/pdf"},   {"zip", "application/zip"},
      {"tar", "application/x-tar"}, {"sh", "application/x-sh"},
      {"png", "image/png"},         {"jpg", "image/jpeg"},
      {"jpeg", "image/jpeg"},       {"gif", "image/gif"},
      {"svg", "image/svg+xml"},     {"ico", "image/vnd.microsoft.icon"},
      {"mp4", "video/mp4"},         {"mp3", "audio/mpeg"},
      {"wav", "audio/x-wav"},       {"iso", "application/x-iso9660-image"},
  }};
  const std::size_t slash = object_name.rfind('/');
  const std::string_view base =
      slash == std::string_view::npos ? object_name : object_name.substr(slash + 1);
  const std::size_t dot = base.rfind('.');
  if (dot != std::string_view::npos) {
    const std::string extension = lower(base.substr(dot + 1));
    for (const auto& [ext, type] : types) {
      if (ext == extension) return std::string(type);
    }
  }
  return "application/octet-stream";
}

}  // namespace stacksim::api
