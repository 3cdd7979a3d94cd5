#include "scenarios/results/results_schema.hpp"

namespace stacksim::scenarios {

const std::vector<store::Migration>& results_migrations() {
  static const std::vector<store::Migration> migrations = {
      {1, "run results",
       R"sql(
CREATE TABLE runs (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  scenario_file TEXT NOT NULL,
  scenario TEXT NOT NULL,
  seed INTEGER NOT NULL,
  stacksim_version TEXT NOT NULL,
  started_at TEXT NOT NULL,
  status TEXT NOT NULL,
  placement_policy TEXT,
  wall_s REAL,
  sim_time_s REAL,
  summary TEXT
);
CREATE TABLE hosts (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  host_class TEXT NOT NULL,
  availability_zone TEXT NOT NULL,
  rack TEXT NOT NULL,
  vcpus INTEGER NOT NULL,
  memory_mb INTEGER NOT NULL,
  disk_gb INTEGER,
  vcpu_capacity REAL NOT NULL,
  memory_capacity_mb INTEGER NOT NULL,
  util_vcpu REAL,
  util_ram REAL,
  energy_kwh REAL,
  placements INTEGER,
  failures INTEGER
);
CREATE TABLE instances (
  id INTEGER PRIMARY KEY,
  source TEXT NOT NULL,
  trace_id TEXT,
  tenant TEXT,
  flavor TEXT,
  vcpus REAL NOT NULL,
  memory_mb INTEGER NOT NULL,
  disk_gb INTEGER NOT NULL,
  requested_s REAL NOT NULL,
  host INTEGER REFERENCES hosts(id),
  active_s REAL,
  ended_s REAL,
  state TEXT NOT NULL,
  evacuations INTEGER NOT NULL
);
CREATE TABLE decisions (
  time_s REAL NOT NULL,
  instance INTEGER NOT NULL,
  kind TEXT NOT NULL,
  host INTEGER REFERENCES hosts(id),
  reason TEXT
);
CREATE TABLE instance_events (
  time_s REAL NOT NULL,
  instance INTEGER NOT NULL,
  event TEXT NOT NULL,
  from_host INTEGER REFERENCES hosts(id),
  to_host INTEGER REFERENCES hosts(id)
);
CREATE TABLE samples (
  time_s REAL NOT NULL,
  vcpus_used REAL NOT NULL,
  memory_used_mb INTEGER NOT NULL,
  disk_used_gb INTEGER NOT NULL,
  instances INTEGER NOT NULL,
  hosts_up INTEGER NOT NULL,
  hosts_empty INTEGER NOT NULL,
  power_w REAL NOT NULL,
  arrivals INTEGER NOT NULL,
  placed INTEGER NOT NULL,
  rejected INTEGER NOT NULL,
  evacuations INTEGER NOT NULL,
  lost INTEGER NOT NULL
);
CREATE TABLE host_samples (
  time_s REAL NOT NULL,
  host INTEGER NOT NULL REFERENCES hosts(id),
  vcpus_used REAL NOT NULL,
  memory_used_mb INTEGER NOT NULL,
  instances INTEGER NOT NULL,
  up INTEGER NOT NULL,
  power_w REAL NOT NULL
);
CREATE TABLE faults (
  time_s REAL NOT NULL,
  kind TEXT NOT NULL,
  host INTEGER REFERENCES hosts(id),
  cause TEXT NOT NULL
);
CREATE TABLE metrics (
  name TEXT PRIMARY KEY,
  value REAL
);
CREATE TABLE rejections_by_flavor (
  flavor TEXT PRIMARY KEY,
  rejected INTEGER NOT NULL
);
)sql"},
  };
  return migrations;
}

}  // namespace stacksim::scenarios
