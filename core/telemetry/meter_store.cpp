#include "core/telemetry/meter_store.hpp"

#include <stdexcept>

#include "core/store/transaction.hpp"
#include "core/telemetry/telemetry_schema.hpp"

namespace stacksim::telemetry {

MeterStore::MeterStore(store::Database& db) : db_(db) {
  migrate_telemetry_schema(db_);
}

void MeterStore::record(const std::vector<Sample>& samples) {
  store::Transaction tx(db_);
  store::Statement& insert = db_.cached(
      "INSERT INTO telemetry_samples(meter, unit, resource_id, timestamp_ns, volume) "
      "VALUES (?1, ?2, ?3, ?4, ?5)");
  for (const Sample& s : samples) {
    insert.bind_all(s.meter, s.unit, s.resource_id,
                    static_cast<std::int64_t>(s.timestamp.time_since_epoch().count()), s.volume);
    insert.execute();
  }
  tx.commit();
}

std::vector<Statistics> MeterStore::statistics(const StatisticsQuery& query) const {
  if (query.period <= runtime::Duration::zero()) {
    throw std::invalid_argument("statistics period must be positive");
  }
  std::string sql =
      "SELECT (timestamp_ns - ?2) / ?4 AS bucket, avg(volume), min(volume), max(volume), "
      "sum(volume), count(*) FROM telemetry_samples WHERE meter = ?1 AND timestamp_ns >= ?2 AND "
      "timestamp_ns < ?3";
  if (query.resource_id) sql += " AND resource_id = ?5";
  if (query.group) {
    sql +=
        " AND resource_id IN (SELECT resource_id FROM telemetry_group_members WHERE "
        "group_name = ?6)";
  }
  sql += " GROUP BY bucket ORDER BY bucket";
  store::Statement s = db_.prepare(sql);
  const std::int64_t start = query.start.time_since_epoch().count();
  const std::int64_t period = query.period.count();
  s.bind(1, query.meter);
  s.bind(2, start);
  s.bind(3, static_cast<std::int64_t>(query.end.time_since_epoch().count()));
  s.bind(4, period);
  if (query.resource_id) s.bind(5, *query.resource_id);
  if (query.group) s.bind(6, *query.group);
  std::vector<Statistics> out;
  while (s.step()) {
    Statistics st;
    const std::int64_t bucket = s.column_int64(0);
    st.period_start = runtime::TimePoint(runtime::Duration(start + bucket * period));
    st.period_end = st.period_start + query.period;
    st.avg = s.column_double(1);
    st.min = s.column_double(2);
    st.max = s.column_double(3);
    st.sum = s.column_double(4);
    st.count = s.column_int64(5);
    out.push_back(st);
  }
  return out;
}

std::vector<Sample> MeterStore::samples(const std::string& meter,
                                        const std::string& resource_id) const {
  store::Statement s = db_.prepare(
      "SELECT unit, timestamp_ns, volume FROM telemetry_samples WHERE meter = ?1 AND "
      "resource_id = ?2 ORDER BY timestamp_ns, id");
  s.bind_all(meter, resource_id);
  std::vector<Sample> out;
  while (s.step()) {
    out.push_back({meter, s.column_text(0), resource_id,
                   runtime::TimePoint(runtime::Duration(s.column_int64(1))), s.column_double(2)});
  }
  return out;
}

void MeterStore::set_group_members(const std::string& group,
                                   const std::vector<std::string>& resource_ids) {
  store::Transaction tx(db_);
  db_.cached("DELETE FROM telemetry_group_members WHERE group_name = ?1").bind(1, group).execute();
  store::Statement& insert = db_.cached(
      "INSERT OR IGNORE INTO telemetry_group_members(group_name, resource_id) VALUES (?1, ?2)");
  for (const std::string& id : resource_ids) {
    insert.bind_all(group, id);
    insert.execute();
  }
  tx.commit();
}

std::vector<std::string> MeterStore::group_members(const std::string& group) const {
  store::Statement s = db_.prepare(
      "SELECT resource_id FROM telemetry_group_members WHERE group_name = ?1 ORDER BY resource_id");
  s.bind(1, group);
  std::vector<std::string> out;
  while (s.step())
    out.push_back(s.column_text(0));
  return out;
}

}  // namespace stacksim::telemetry
