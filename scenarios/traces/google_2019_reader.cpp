#include "scenarios/traces/google_2019_reader.hpp"

#include <algorithm>
#include <array>

#include <nlohmann/json.hpp>

#include "scenarios/traces/google_time.hpp"

namespace stacksim::scenarios {
namespace {

using nlohmann::json;

// The published column order, with resource_request flattened into cpus and memory.
const std::vector<std::string> kInstanceColumns = {"time",
                                                   "type",
                                                   "collection_id",
                                                   "scheduling_class",
                                                   "missing_type",
                                                   "collection_type",
                                                   "priority",
                                                   "alloc_collection_id",
                                                   "instance_index",
                                                   "machine_id",
                                                   "alloc_instance_index",
                                                   "resource_request.cpus",
                                                   "resource_request.memory"};
const std::vector<std::string> kMachineColumns = {
    "time",          "machine_id",      "type",        "switch_id",
    "capacity.cpus", "capacity.memory", "platform_id", "missing_data_reason"};

constexpr std::int64_t kSubmit = 0, kEvict = 4, kLost = 8, kLastEvent = 10;

// v3 proto relation enum, in order.
constexpr std::array<const char*, 8> kRelations = {"==", "!=", "<",       ">",
                                                   "<=", ">=", "present", "absent"};
constexpr std::array<const char*, 8> kRelationNames = {
    "EQUAL",           "NOT_EQUAL",          "LESS_THAN", "GREATER_THAN",
    "LESS_THAN_EQUAL", "GREATER_THAN_EQUAL", "PRESENT",   "NOT_PRESENT"};

bool json_encoding(const std::string& path, const std::string& option) {
  if (!option.empty()) return option == "json";
  std::string name = path;
  if (name.ends_with(".gz")) name.resize(name.size() - 3);
  return !name.ends_with(".csv");
}

// BigQuery writes INT64 as JSON strings; accept numbers and numeric strings.
std::int64_t json_int(const json& object, const char* key, const std::string& where,
                      std::int64_t fallback) {
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return fallback;
  if (it->is_number_integer()) return it->get<std::int64_t>();
  std::int64_t value = 0;
  if (it->is_string() && parse_int64(it->get_ref<const std::string&>(), value)) return value;
  throw TraceRowError(where,
                      std::string("field ") + key + ": expected an integer, found " + it->dump());
}

double json_number(const json& object, const char* key, const std::string& where) {
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return 0.0;
  if (it->is_number()) return it->get<double>();
  double value = 0;
  if (it->is_string() && parse_double(it->get_ref<const std::string&>(), value)) return value;
  throw TraceRowError(where,
                      std::string("field ") + key + ": expected a number, found " + it->dump());
}

std::string json_text(const json& object, const char* key) {
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return "";
  return it->is_string() ? it->get<std::string>() : it->dump();
}

json parse_line(std::string_view line, const std::string& where) {
  try {
    json row = json::parse(line);
    if (!row.is_object()) throw TraceRowError(where, "expected a JSON object per line");
    return row;
  } catch (const json::parse_error& e) {
    throw TraceRowError(where, std::string("invalid JSON: ") + e.what());
  }
}

std::string relation_of(const json& value, const std::string& where) {
  if (value.is_number_integer()) {
    const auto i = value.get<std::int64_t>();
    if (i >= 0 && i < static_cast<std::int64_t>(kRelations.size())) {
      return kRelations[static_cast<std::size_t>(i)];
    }
  } else if (value.is_string()) {
    const std::string& name = value.get_ref<const std::string&>();
    for (std::size_t i = 0; i < kRelationNames.size(); ++i) {
      if (name == kRelationNames[i] || name == std::to_string(i)) return kRelations[i];
    }
  }
  throw TraceRowError(
      where, "constraint relation: expected 0-7 or EQUAL..NOT_PRESENT, found " + value.dump());
}

// Header names vary with the export: "resource_request.cpus", "resource_request_cpus", "cpus".
std::string normalise_column(std::string_view name) {
  std::string out(name);
  std::replace(out.begin(), out.end(), '_', '.');
  for (const char* prefix : {"resource.request.", "capacity."}) {
    if (out.starts_with(prefix)) out = out.substr(std::string_view(prefix).size());
  }
  return out;
}

}  // namespace

Google2019Reader::Google2019Reader(const std::string& path, TraceOptions options)
    : TraceReader(std::move(options)),
      json_(json_encoding(path, options_.encoding)),
      lines_(trace_parts(path)) {
  require_scale(options_.machine_vcpus, "machine_vcpus", "google-2019");
  require_scale(options_.machine_memory_mb, "machine_memory_mb", "google-2019");
}

void Google2019Reader::parse_json(std::string_view line, InstanceEvent& event) const {
  const std::string where = lines_.location();
  const json row = parse_line(line, where);
  event.time = json_int(row, "time", where, -1);
  if (event.time < 0) throw TraceRowError(where, "field time: missing or negative");
  event.type = json_int(row, "type", where, -1);
  event.collection_id = json_text(row, "collection_id");
  if (event.collection_id.empty()) throw TraceRowError(where, "field collection_id: missing");
  event.instance_index = std::to_string(json_int(row, "instance_index", where, 0));
  event.collection_type = json_int(row, "collection_type", where, 0);
  event.priority = json_int(row, "priority", where, -1);
  event.cpus = event.memory = 0;
  event.constraints.clear();
  if (const auto rr = row.find("resource_request"); rr != row.end() && rr->is_object()) {
    event.cpus = json_number(*rr, "cpus", where);
    event.memory = json_number(*rr, "memory", where);
  }
  if (const auto cs = row.find("constraint"); cs != row.end() && cs->is_array()) {
    for (const json& c : *cs) {
      if (!c.is_object()) throw TraceRowError(where, "constraint: expected objects");
      event.constraints.push_back(PlacementConstraint::attribute_is(
          json_text(c, "name"), relation_of(c.value("relation", json(0)), where),
          json_text(c, "value")));
    }
  }
}

void Google2019Reader::parse_csv(std::string_view line, InstanceEvent& event) {
  row_.set_location(lines_.location());
  if (csv_names_.empty()) {
    csv_names_ = kInstanceColumns;
    for (std::size_t i = 0; i < csv_names_.size(); ++i) {
      csv_columns_[normalise_column(csv_names_[i])] = i;
    }
  }
  row_.set_names(&csv_names_);
  row_.split(line, ',');
  const auto column = [&](const char* name) -> std::size_t {
    const auto it = csv_columns_.find(normalise_column(name));
    return it == csv_columns_.end() ? row_.size() : it->second;
  };
  const auto number_or = [&](const char* name, double fallback) {
    const std::size_t i = column(name);
    return i >= row_.size() || row_.empty(i) ? fallback : row_.number(i);
  };
  const std::size_t time_col = column("time"), type_col = column("type");
  const std::size_t collection_col = column("collection_id");
  if (std::max({time_col, type_col, collection_col}) >= row_.size()) {
    row_.fail_row("expected at least time, type and collection_id columns");
  }
  event.time = row_.integer(time_col);
  if (event.time < 0) row_.fail(time_col, "a negative time");
  event.type = row_.integer(type_col);
  event.collection_id = std::string(row_.text(collection_col));
  event.instance_index = std::to_string(static_cast<std::int64_t>(number_or("instance_index", 0)));
  event.collection_type = static_cast<std::int64_t>(number_or("collection_type", 0));
  event.priority = static_cast<std::int64_t>(number_or("priority", -1));
  event.cpus = number_or("resource_request.cpus", 0);
  event.memory = number_or("resource_request.memory", 0);
  event.constraints.clear();
}

bool Google2019Reader::next(TraceItem& item) {
  std::string_view line;
  InstanceEvent event;
  while (lines_.next(line)) {
    if (line.empty()) continue;
    if (!json_ && lines_.line_number() == 1 && line.starts_with("time")) {
      // A header: map the export's column names.
      csv_names_.clear();
      csv_columns_.clear();
      row_.split(line, ',');
      for (std::size_t i = 0; i < row_.size(); ++i) {
        csv_names_.emplace_back(row_.text(i));
        csv_columns_[normalise_column(row_.text(i))] = i;
      }
      continue;
    }
    ++stats_.rows;
    try {
      if (json_) {
        parse_json(line, event);
      } else {
        parse_csv(line, event);
      }
      if (event.type < kSubmit || event.type > kLastEvent) {
        throw TraceRowError(lines_.location(), "type: expected an event type 0-10");
      }
      if (event.cpus < 0 || event.memory < 0) {
        throw TraceRowError(lines_.location(), "resource_request: negative");
      }
      const std::optional<double> at = google_trace_seconds(event.time);
      std::string key = event.collection_id + "-" + event.instance_index;
      const bool alloc_set = event.collection_type == 1;
      if (event.type == kSubmit) {
        if (!at || (alloc_set && !options_.include_alloc_sets) ||
            (event.cpus == 0 && event.memory == 0) || open_.contains(key)) {
          ++stats_.ignored_rows;
          continue;
        }
        TraceRequest& r = emit_request(item);
        r.id = key;
        open_.insert(std::move(key));
        r.group = event.collection_id;
        r.arrival_s = *at;
        r.vcpus = event.cpus * options_.machine_vcpus;
        r.memory_mb = event.memory * options_.machine_memory_mb;
        if (event.priority >= 0) r.priority = static_cast<int>(event.priority);
        r.constraints = std::move(event.constraints);
        return true;
      }
      if (event.type >= kEvict && event.type <= kLost) {
        const auto open = open_.find(key);
        if (open == open_.end() || !at) {
          ++stats_.ignored_rows;
          continue;
        }
        open_.erase(open);
        TraceEnd& e = emit_end(item);
        e.id = std::move(key);
        e.time_s = *at;
        return true;
      }
      ++stats_.ignored_rows;  // QUEUE, ENABLE, SCHEDULE, UPDATE_*
    } catch (const TraceRowError& e) {
      bad_row(e);
    }
  }
  return false;
}

std::vector<TraceMachine> Google2019Reader::machines() {
  const auto file = options_.files.find("machine_events");
  if (file == options_.files.end()) return {};
  const bool json = json_encoding(file->second, options_.encoding);
  std::map<std::string, TraceMachine> by_id;
  LineSource lines(trace_parts(file->second));
  RowFields row;
  std::vector<std::string> names = kMachineColumns;
  std::map<std::string, std::size_t> columns;
  for (std::size_t i = 0; i < names.size(); ++i)
    columns[normalise_column(names[i])] = i;
  std::string_view line;
  while (lines.next(line)) {
    if (line.empty()) continue;
    try {
      std::string id, domain, platform;
      std::int64_t type = 0;
      double cpus = 0, memory = 0;
      if (json) {
        const nlohmann::json m = parse_line(line, lines.location());
        id = json_text(m, "machine_id");
        type = json_int(m, "type", lines.location(), 0);
        domain = json_text(m, "switch_id");
        platform = json_text(m, "platform_id");
        if (const auto cap = m.find("capacity"); cap != m.end() && cap->is_object()) {
          cpus = json_number(*cap, "cpus", lines.location());
          memory = json_number(*cap, "memory", lines.location());
        }
      } else {
        if (lines.line_number() == 1 && line.starts_with("time")) {
          row.split(line, ',');
          names.clear();
          columns.clear();
          for (std::size_t i = 0; i < row.size(); ++i) {
            names.emplace_back(row.text(i));
            columns[normalise_column(row.text(i))] = i;
          }
          continue;
        }
        row.set_names(&names);
        row.set_location(lines.location());
        row.split(line, ',');
        const auto at = [&](const char* name) {
          const auto it = columns.find(normalise_column(name));
          return it == columns.end() ? row.size() : it->second;
        };
        if (std::max(at("machine_id"), at("type")) >= row.size()) {
          row.fail_row("expected machine_id and type columns");
        }
        id = std::string(row.text(at("machine_id")));
        type = row.integer(at("type"));
        if (at("switch_id") < row.size()) domain = std::string(row.text(at("switch_id")));
        if (at("platform_id") < row.size()) platform = std::string(row.text(at("platform_id")));
        if (at("cpus") < row.size() && !row.empty(at("cpus"))) cpus = row.number(at("cpus"));
        if (at("memory") < row.size() && !row.empty(at("memory")))
          memory = row.number(at("memory"));
      }
      // 1 ADD, 2 REMOVE, 3 UPDATE: keep the latest known capacity of every machine added.
      if (type == 2 || cpus <= 0 || memory <= 0) continue;
      TraceMachine& m = by_id[id];
      m.id = id;
      m.vcpus = cpus * options_.machine_vcpus;
      m.memory_mb = memory * options_.machine_memory_mb;
      m.failure_domain = domain;
      m.platform = platform;
    } catch (const TraceRowError& e) {
      bad_row(e);
    }
  }
  std::vector<TraceMachine> out;
  out.reserve(by_id.size());
  for (auto& [id, m] : by_id)
    out.push_back(std::move(m));
  return out;
}

}  // namespace stacksim::scenarios
