#include "scenarios/results/results_database.hpp"

#include <chrono>
#include <ctime>

#include "core/store/migrations.hpp"
#include "scenarios/results/results_schema.hpp"
#include "scenarios/results/ring_results.hpp"

#ifndef STACKSIM_VERSION
#define STACKSIM_VERSION "0.1.0"
#endif

namespace stacksim::scenarios {
namespace {

constexpr std::size_t kRowsPerTransaction = 200000;

store::Database create(const std::filesystem::path& path) {
  for (const char* suffix : {"", "-wal", "-shm"}) {
    std::filesystem::remove(path.string() + suffix);
  }
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
  return store::Database::open(path);
}

std::string utc_now() {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

}  // namespace

ResultsDatabase::ResultsDatabase(const std::filesystem::path& path) : db_(create(path)) {
  // A results file is rebuilt by rerunning, so durability per transaction is not needed.
  db_.execute_script("PRAGMA synchronous = OFF;");
  store::migrate(db_, "results", results_migrations());
  store::migrate(db_, "rings", ring_results_migrations());
  insert_instance_.emplace(
      db_.prepare("INSERT INTO instances VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, "
                  "?12, ?13, ?14)"));
  insert_decision_.emplace(db_.prepare("INSERT INTO decisions VALUES (?1, ?2, ?3, ?4, ?5)"));
  insert_event_.emplace(db_.prepare("INSERT INTO instance_events VALUES (?1, ?2, ?3, ?4, ?5)"));
  insert_sample_.emplace(db_.prepare(
      "INSERT INTO samples VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"));
  insert_host_sample_.emplace(
      db_.prepare("INSERT INTO host_samples VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"));
  insert_fault_.emplace(db_.prepare("INSERT INTO faults VALUES (?1, ?2, ?3, ?4)"));
}

ResultsDatabase::~ResultsDatabase() {
  if (!finished_) {
    // The run failed part-way: keep what was written and say so.
    try {
      db_.prepare("UPDATE runs SET status = 'failed'").execute();
      if (in_transaction_) db_.prepare("COMMIT").execute();
    } catch (...) {  // nothing more can be saved
    }
  }
}

void ResultsDatabase::wrote_row() {
  if (++rows_in_transaction_ >= kRowsPerTransaction) {
    db_.prepare("COMMIT").execute();
    db_.prepare("BEGIN").execute();
    rows_in_transaction_ = 0;
  }
}

void ResultsDatabase::begin(const Scenario& scenario, const std::vector<HostRow>& hosts) {
  db_.prepare("BEGIN").execute();
  in_transaction_ = true;
  db_.prepare(
         "INSERT INTO runs (id, name, scenario_file, scenario, seed, stacksim_version, started_at,"
         " status) VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, 'running')")
      .bind_all(scenario.name, scenario.file, scenario.text,
                static_cast<std::int64_t>(scenario.seed), std::string(STACKSIM_VERSION), utc_now())
      .execute();
  store::Statement insert = db_.prepare(
      "INSERT INTO hosts (id, name, host_class, availability_zone, rack, vcpus, memory_mb, disk_gb,"
      " vcpu_capacity, memory_capacity_mb) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
  for (std::size_t h = 0; h < hosts.size(); ++h) {
    const HostRow& r = hosts[h];
    insert.reset();
    insert
        .bind_all(static_cast<std::int64_t>(h), r.name, r.host_class, r.availability_zone, r.rack,
                  r.vcpus, r.memory_mb, r.disk_gb, r.vcpu_capacity, r.memory_capacity_mb)
        .execute();
  }
}

void ResultsDatabase::instance(const InstanceRow& r) {
  store::Statement& s = *insert_instance_;
  s.reset();
  s.bind_all(r.id, r.source, r.trace_id, r.tenant, r.flavor, r.vcpus, r.memory_mb, r.disk_gb,
             r.requested_s, host_id(r.host), r.active_s, r.ended_s, r.state,
             static_cast<std::int64_t>(r.evacuations));
  // Empty texts are NULL: "no trace id / tenant / flavor".
  if (r.trace_id.empty()) s.bind(3, std::nullopt);
  if (r.tenant.empty()) s.bind(4, std::nullopt);
  if (r.flavor.empty()) s.bind(5, std::nullopt);
  s.execute();
  wrote_row();
}

void ResultsDatabase::decision(const DecisionRow& r) {
  store::Statement& s = *insert_decision_;
  s.reset();
  s.bind_all(r.time_s, r.instance, r.kind, host_id(r.host), r.reason);
  if (r.reason.empty()) s.bind(5, std::nullopt);
  s.execute();
  wrote_row();
}

void ResultsDatabase::instance_event(const InstanceEventRow& r) {
  store::Statement& s = *insert_event_;
  s.reset();
  s.bind_all(r.time_s, r.instance, r.event, host_id(r.from_host), host_id(r.to_host)).execute();
  wrote_row();
}

void ResultsDatabase::sample(const SampleRow& r) {
  store::Statement& s = *insert_sample_;
  s.reset();
  s.bind_all(r.time_s, r.vcpus_used, r.memory_used_mb, r.disk_used_gb, r.instances, r.hosts_up,
             r.hosts_empty, r.power_w, r.arrivals, r.placed, r.rejected, r.evacuations, r.lost)
      .execute();
  wrote_row();
}

void ResultsDatabase::host_sample(const HostSampleRow& r) {
  store::Statement& s = *insert_host_sample_;
  s.reset();
  s.bind_all(r.time_s, static_cast<std::int64_t>(r.host), r.vcpus_used, r.memory_used_mb,
             r.instances, r.up, r.power_w)
      .execute();
  wrote_row();
}

void ResultsDatabase::fault(const FaultRow& r) {
  store::Statement& s = *insert_fault_;
  s.reset();
  s.bind_all(r.time_s, r.kind, host_id(r.host), r.cause).execute();
  wrote_row();
}

void ResultsDatabase::rings(const RingRunResults& results) {
  write_ring_results(db_, results);
}

void ResultsDatabase::finish(const RunSummary& summary, const std::vector<HostSummaryRow>& hosts) {
  store::Statement update = db_.prepare(
      "UPDATE hosts SET util_vcpu = ?2, util_ram = ?3, energy_kwh = ?4, placements = ?5,"
      " failures = ?6 WHERE id = ?1");
  for (const auto& h : hosts) {
    update.reset();
    update
        .bind_all(static_cast<std::int64_t>(h.host), h.util_vcpu, h.util_ram, h.energy_kwh,
                  h.placements, h.failures)
        .execute();
  }
  store::Statement metric = db_.prepare("INSERT INTO metrics VALUES (?1, ?2)");
  const nlohmann::json j = summary.to_json();
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (!it->is_number() && !it->is_boolean()) continue;
    metric.reset();
    metric.bind_all(it.key(), it->is_boolean() ? (it->get<bool>() ? 1.0 : 0.0) : it->get<double>())
        .execute();
  }
  store::Statement flavor = db_.prepare("INSERT INTO rejections_by_flavor VALUES (?1, ?2)");
  for (const auto& [name, n] : summary.rejected_by_flavor) {
    flavor.reset();
    flavor.bind_all(name, n).execute();
  }
  db_.prepare(
         "UPDATE runs SET status = ?1, placement_policy = ?2, wall_s = ?3, sim_time_s = ?4,"
         " summary = ?5 WHERE id = 1")
      .bind_all(std::string(summary.interrupted ? "interrupted" : "completed"),
                summary.placement_policy, summary.wall_s, summary.sim_time_s, j.dump())
      .execute();
  db_.prepare("COMMIT").execute();
  in_transaction_ = false;
  finished_ = true;
}

}  // namespace stacksim::scenarios
