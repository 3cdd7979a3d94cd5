#include "scenarios/traces/stacksim_csv_reader.hpp"

#include <algorithm>
#include <array>
#include <cstdio>

namespace stacksim::scenarios {
namespace {

enum Column {
  kId,
  kTenant,
  kGroup,
  kArrival,
  kLifetime,
  kVcpus,
  kMemory,
  kDisk,
  kPriority,
  kCount,
  kConstraints,
  kUsage,
  kColumnCount
};

constexpr std::array<const char*, 6> kOperators = {"==", "!=", "<=", ">=", "<", ">"};

std::vector<std::string_view> tokens(std::string_view text, char separator) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = std::min(text.find(separator, start), text.size());
    if (end > start) out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

std::string number_text(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.17g", v);
  return buffer;
}

std::string quoted(const std::string& text) {
  if (text.find_first_of(",\"") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

const std::vector<std::string>& StacksimCsvReader::columns() {
  static const std::vector<std::string> names = {"id",         "tenant", "group",       "arrival_s",
                                                 "lifetime_s", "vcpus",  "memory_mb",   "disk_gb",
                                                 "priority",   "count",  "constraints", "usage"};
  return names;
}

StacksimCsvReader::StacksimCsvReader(const std::string& path, TraceOptions options)
    : TraceReader(std::move(options)), lines_(trace_parts(path)) {
}

void StacksimCsvReader::read_header(std::string_view line) {
  row_.set_location(lines_.location());
  row_.split(line, ',');
  index_.assign(kColumnCount, std::nullopt);
  names_.clear();
  for (std::size_t i = 0; i < row_.size(); ++i) {
    const std::string name(row_.text(i));
    const auto& known = columns();
    const auto it = std::find(known.begin(), known.end(), name);
    if (it == known.end()) {
      throw ScenarioError(lines_.location(), "",
                          "unknown column \"" + name + "\" in the stacksim CSV header");
    }
    auto& slot = index_[static_cast<std::size_t>(it - known.begin())];
    if (slot) throw ScenarioError(lines_.location(), "", "column \"" + name + "\" appears twice");
    slot = i;
    names_.push_back(name);
  }
  for (const Column c : {kArrival, kVcpus, kMemory}) {
    if (!index_[c]) {
      throw ScenarioError(lines_.location(), "",
                          "the header needs a \"" + columns()[c] + "\" column");
    }
  }
}

void StacksimCsvReader::parse_constraints(std::string_view text, std::size_t column,
                                          TraceRequest& r) const {
  using Kind = PlacementConstraint::Kind;
  for (std::string_view token : tokens(text, ' ')) {
    const auto colon = token.find(':');
    if (colon == std::string_view::npos || colon + 1 == token.size()) {
      row_.fail(column, "expected KIND:VALUE constraints, found \"" + std::string(token) + "\"");
    }
    const std::string_view kind = token.substr(0, colon);
    std::string_view rest = token.substr(colon + 1);
    PlacementConstraint c;
    if (kind == "anti-affinity" || kind == "affinity") {
      c.kind = kind == "affinity" ? Kind::affinity : Kind::anti_affinity;
      const auto second = rest.find(':');
      c.key = std::string(rest.substr(0, second));
      if (second != std::string_view::npos) {
        std::int64_t max = 0;
        if (c.kind == Kind::affinity || !parse_int64(rest.substr(second + 1), max) || max < 1) {
          row_.fail(column, "expected anti-affinity:GROUP:MAX_PER_HOST with MAX_PER_HOST >= 1");
        }
        c.max_per_host = static_cast<int>(max);
      }
    } else if (kind == "host") {
      c.kind = Kind::host;
      c.key = std::string(rest);
    } else if (kind == "attr") {
      c.kind = Kind::attribute;
      if (rest.ends_with(":present") || rest.ends_with(":absent")) {
        const auto at = rest.rfind(':');
        c.key = std::string(rest.substr(0, at));
        c.relation = std::string(rest.substr(at + 1));
      } else {
        for (const char* op : kOperators) {
          const auto at = rest.find(op);
          if (at != std::string_view::npos && at > 0) {
            c.key = std::string(rest.substr(0, at));
            c.relation = op;
            c.value = std::string(rest.substr(at + std::string_view(op).size()));
            break;
          }
        }
        if (c.relation.empty()) {
          row_.fail(column, "expected attr:NAME==VALUE (or !=, <, >, <=, >=, :present, :absent)");
        }
      }
    } else {
      row_.fail(column, "unknown constraint kind \"" + std::string(kind) +
                            "\" (anti-affinity, affinity, host, attr)");
    }
    if (c.key.empty()) row_.fail(column, "a constraint without a name");
    r.constraints.push_back(std::move(c));
  }
}

void StacksimCsvReader::parse_usage(std::string_view text, std::size_t column,
                                    TraceRequest& r) const {
  for (std::string_view token : tokens(text, ' ')) {
    const auto parts = tokens(token, ':');
    UsageSample s;
    if ((parts.size() != 2 && parts.size() != 3) || !parse_double(parts[0], s.offset_s) ||
        !parse_double(parts[1], s.cpu) ||
        (parts.size() == 3 && !parse_double(parts[2], s.memory))) {
      row_.fail(column,
                "expected OFFSET_S:CPU[:MEMORY] samples, found \"" + std::string(token) + "\"");
    }
    if (s.offset_s < 0 || s.cpu < 0 || s.memory < 0) row_.fail(column, "negative usage sample");
    r.usage.push_back(s);
  }
}

bool StacksimCsvReader::next(TraceItem& item) {
  std::string_view line;
  while (lines_.next(line)) {
    if (line.empty() || line.starts_with('#')) continue;
    if (names_.empty()) {
      read_header(line);
      continue;
    }
    ++stats_.rows;
    try {
      row_.split_expect(line, ',', names_, lines_.location());
      const auto has = [&](Column c) { return index_[c] && !row_.empty(*index_[c]); };
      const auto number = [&](Column c) { return row_.number(*index_[c]); };
      TraceRequest r;
      if (has(kId)) r.id = std::string(row_.text(*index_[kId]));
      if (has(kTenant)) r.tenant = std::string(row_.text(*index_[kTenant]));
      if (has(kGroup)) r.group = std::string(row_.text(*index_[kGroup]));
      r.arrival_s = number(kArrival);
      if (r.arrival_s < 0) row_.fail(*index_[kArrival], "a negative arrival time");
      if (has(kLifetime)) {
        r.lifetime_s = number(kLifetime);
        if (*r.lifetime_s < 0) row_.fail(*index_[kLifetime], "a negative lifetime");
      }
      r.vcpus = number(kVcpus);
      if (r.vcpus < 0) row_.fail(*index_[kVcpus], "negative vCPUs");
      r.memory_mb = number(kMemory);
      if (r.memory_mb < 0) row_.fail(*index_[kMemory], "negative memory");
      if (r.vcpus == 0 && r.memory_mb == 0) row_.fail_row("a request for no vCPUs and no memory");
      if (has(kDisk)) {
        r.disk_gb = number(kDisk);
        if (r.disk_gb < 0) row_.fail(*index_[kDisk], "negative disk");
      }
      if (has(kPriority)) r.priority = static_cast<int>(row_.integer(*index_[kPriority]));
      if (has(kCount)) {
        r.count = row_.integer(*index_[kCount]);
        if (r.count < 1) row_.fail(*index_[kCount], "expected a count >= 1");
      }
      if (has(kConstraints)) {
        parse_constraints(row_.text(*index_[kConstraints]), *index_[kConstraints], r);
      }
      if (has(kUsage) && options_.read_usage)
        parse_usage(row_.text(*index_[kUsage]), *index_[kUsage], r);
      emit_request(item) = std::move(r);
      return true;
    } catch (const TraceRowError& e) {
      bad_row(e);
    }
  }
  return false;
}

std::string stacksim_csv_header() {
  std::string out;
  for (const auto& c : StacksimCsvReader::columns())
    out += (out.empty() ? "" : ",") + c;
  return out;
}

std::string stacksim_csv_row(const TraceRequest& r) {
  using Kind = PlacementConstraint::Kind;
  std::string constraints;
  for (const auto& c : r.constraints) {
    if (!constraints.empty()) constraints += ' ';
    switch (c.kind) {
      case Kind::anti_affinity:
        constraints += "anti-affinity:" + c.key;
        if (c.max_per_host != 1) constraints += ":" + std::to_string(c.max_per_host);
        break;
      case Kind::affinity:
        constraints += "affinity:" + c.key;
        break;
      case Kind::host:
        constraints += "host:" + c.key;
        break;
      case Kind::attribute:
        constraints += "attr:" + c.key +
                       (c.relation == "present" || c.relation == "absent" ? ":" + c.relation
                                                                          : c.relation + c.value);
        break;
    }
  }
  std::string usage;
  for (const auto& s : r.usage) {
    if (!usage.empty()) usage += ' ';
    usage += number_text(s.offset_s) + ":" + number_text(s.cpu) + ":" + number_text(s.memory);
  }
  std::string out =
      quoted(r.id) + "," + quoted(r.tenant) + "," + quoted(r.group) + "," +
      number_text(r.arrival_s) + "," + (r.lifetime_s ? number_text(*r.lifetime_s) : std::string()) +
      "," + number_text(r.vcpus) + "," + number_text(r.memory_mb) + "," + number_text(r.disk_gb) +
      "," + (r.priority ? std::to_string(*r.priority) : std::string()) + "," +
      std::to_string(r.count) + "," + quoted(constraints) + "," + usage;
  return out;
}

}  // namespace stacksim::scenarios
