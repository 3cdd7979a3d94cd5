#include "scenarios/results/results_export.hpp"

#include <cstdio>
#include <fstream>

#include <nlohmann/json.hpp>

#include "scenarios/scenario_error.hpp"

namespace stacksim::scenarios {
namespace {

std::string csv_field(const store::Statement& s, int c) {
  if (s.is_null(c)) return "";
  std::string text = s.column_text(c);
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char ch : text) {
    if (ch == '"') out += '"';
    out += ch;
  }
  return out + "\"";
}

nlohmann::json json_field(const store::Statement& s, int c, const nlohmann::json& column_type) {
  if (s.is_null(c)) return nullptr;
  const std::string type = column_type.get<std::string>();
  if (type == "INTEGER") return s.column_int64(c);
  if (type == "REAL") return s.column_double(c);
  return s.column_text(c);
}

std::ofstream open_out(const std::filesystem::path& file) {
  if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path());
  std::ofstream out(file, std::ios::binary);
  if (!out) throw ScenarioError(file.string(), "", "cannot write");
  return out;
}

}  // namespace

bool has_table(const store::Database& db, const std::string& table) {
  store::Statement q = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1");
  q.bind(1, table);
  return q.step();
}

const std::vector<std::string>& results_tables() {
  static const std::vector<std::string> tables = {"runs",
                                                  "metrics",
                                                  "rejections_by_flavor",
                                                  "hosts",
                                                  "samples",
                                                  "host_samples",
                                                  "faults",
                                                  "instance_events",
                                                  "decisions",
                                                  "instances",
                                                  "ring_rebalances",
                                                  "ring_replication",
                                                  "ring_replication_samples"};
  return tables;
}

void export_csv(const store::Database& db, const std::filesystem::path& directory) {
  std::filesystem::create_directories(directory);
  for (const auto& table : results_tables()) {
    if (!has_table(db, table)) continue;
    std::ofstream out = open_out(directory / (table + ".csv"));
    store::Statement s = db.prepare("SELECT * FROM " + table);
    for (int c = 0; c < s.column_count(); ++c)
      out << (c ? "," : "") << s.column_name(c);
    out << "\n";
    while (s.step()) {
      for (int c = 0; c < s.column_count(); ++c)
        out << (c ? "," : "") << csv_field(s, c);
      out << "\n";
    }
  }
}

void export_json(const store::Database& db, const std::filesystem::path& file) {
  nlohmann::json doc = nlohmann::json::object();
  for (const auto& table : results_tables()) {
    if (!has_table(db, table)) continue;
    // Declared column types decide how values are written (SQLite stores by value).
    nlohmann::json types = nlohmann::json::array();
    store::Statement info = db.prepare("PRAGMA table_info(" + table + ")");
    while (info.step())
      types.push_back(info.column_text(2));
    store::Statement s = db.prepare("SELECT * FROM " + table);
    if (table == "metrics") {
      nlohmann::json metrics = nlohmann::json::object();
      while (s.step())
        metrics[s.column_text(0)] =
            s.is_null(1) ? nlohmann::json() : nlohmann::json(s.column_double(1));
      doc["metrics"] = metrics;
      continue;
    }
    nlohmann::json rows = nlohmann::json::array();
    while (s.step()) {
      nlohmann::json row = nlohmann::json::object();
      for (int c = 0; c < s.column_count(); ++c) {
        row[s.column_name(c)] = json_field(s, c, types[static_cast<std::size_t>(c)]);
      }
      rows.push_back(std::move(row));
    }
    if (table == "runs") {
      doc["run"] = rows.empty() ? nlohmann::json() : rows[0];
    } else {
      doc[table] = std::move(rows);
    }
  }
  open_out(file) << doc.dump(1) << "\n";
}

}  // namespace stacksim::scenarios
