#pragma once
// Exports a results database: one CSV file per table into a directory, or one JSON document
// ({"run": {...}, "metrics": {...}, "<table>": [rows...]}). Both read straight from SQLite.

#include <filesystem>

#include "core/store/database.hpp"

namespace stacksim::scenarios {

/// The tables of a results database, in export order.
const std::vector<std::string>& results_tables();
/// Whether `table` exists: results written before a component's migration lack its tables.
bool has_table(const store::Database& db, const std::string& table);

void export_csv(const store::Database& db, const std::filesystem::path& directory);
void export_json(const store::Database& db, const std::filesystem::path& file);

}  // namespace stacksim::scenarios
