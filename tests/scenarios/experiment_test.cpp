#include <catch2/catch.hpp>

#include "core/store/database.hpp"
#include "scenarios/models/vm_lifecycle_model.hpp"
#include "scenarios/results/results_database.hpp"
#include "scenarios/results/results_export.hpp"
#include "scenarios/runner/experiment.hpp"
#include "scenarios/schema/scenario_loader.hpp"
#include "temp_files.hpp"

using namespace stacksim::scenarios;
using namespace stacksim::testing;
using nlohmann::json;

namespace {

json small(const std::string& policy, int hosts = 10) {
  json doc = json::parse(R"({
    "name": "small",
    "seed": 5,
    "duration_s": 20000,
    "datacenter": {"host_classes": [{"name": "compute", "count": 10, "vcpus": 16,
                                     "memory_mb": 32768, "power": {"idle_w": 100, "max_w": 200}}]},
    "control_plane": {"allocation_ratios": {"cpu": 1.0, "ram": 1.0}, "reserved": {"host_memory_mb": 0}},
    "workload": {"generators": [{"name": "web", "kind": "poisson", "rate_per_s": 0.02,
                                 "flavors": ["m1.small", "m1.medium"],
                                 "lifetime": {"distribution": "exponential", "mean_s": 3000}}]},
    "telemetry": {"interval_s": 600}
  })");
  doc["datacenter"]["host_classes"][0]["count"] = hosts;
  doc["control_plane"]["scheduler"] = {{"placement_policy", policy}};
  return doc;
}

RunSummary run(const json& doc, RunRecorder* recorder = nullptr) {
  const Scenario s = parse_scenario(doc, "small.json");
  Experiment e(s);
  return e.run({}, recorder);
}

int hosts_used(const json& doc) {
  const Scenario s = parse_scenario(doc, "small.json");
  Experiment e(s);
  (void)e.run();
  return 0;
}

}  // namespace

TEST_CASE("the VM lifecycle model at M = 1e5 matches the reference's warm-up statistics") {
  VmLifecycleParams p;
  p.arrivals = 100000;
  const VmLifecycleResult r = run_vm_lifecycle_model(p);
  CHECK(r.placed + r.rejected == 100000);
  CHECK(static_cast<double>(r.rejected) / 1e5 == Approx(0.015).margin(0.004));
  CHECK(r.util_vcpu == Approx(0.827).margin(0.01));
  CHECK(r.sim_time_s == Approx(1e5 / 12).epsilon(0.02));
  // Rejections are flavor dependent: nothing tiny or small is turned away by best-fit.
  CHECK(r.rejected_per_flavor[0] == 0);
  CHECK(r.rejected_per_flavor[1] == 0);
  CHECK(r.rejected_per_flavor[4] > r.rejected_per_flavor[3]);
}

TEST_CASE("runs are deterministic for a seed and differ across seeds") {
  const RunSummary a = run(small("best-fit"));
  const RunSummary b = run(small("best-fit"));
  CHECK(a.arrivals == b.arrivals);
  CHECK(a.util_vcpu == b.util_vcpu);
  CHECK(a.energy_kwh == b.energy_kwh);
  json other = small("best-fit");
  other["seed"] = 6;
  CHECK(run(other).util_vcpu != a.util_vcpu);
  CHECK(a.arrivals > 300);
  CHECK(a.sim_time_s == 20000);
}

TEST_CASE("best-fit packs, worst-fit spreads") {
  const auto dir = fresh_dir("spread-pack");
  const auto empty_hosts = [&](const std::string& policy) {
    ResultsDatabase db(dir / (policy + ".db"));
    (void)run(small(policy), &db);
    stacksim::store::Statement q =
        db.database().prepare("SELECT AVG(hosts_empty) FROM samples WHERE time_s > 5000");
    q.step();
    return q.column_double(0);
  };
  const double packed = empty_hosts("best-fit");
  const double spread = empty_hosts("worst-fit");
  CHECK(packed > spread + 1);
  CHECK(spread < 0.5);
  (void)hosts_used;
}

TEST_CASE("overcommit lets more instances in") {
  json tight = small("best-fit", 2);
  tight["workload"]["generators"][0]["rate_per_s"] = 0.05;
  json loose = tight;
  loose["control_plane"]["allocation_ratios"] = {{"cpu", 4.0}, {"ram", 1.5}};
  const RunSummary a = run(tight);
  const RunSummary b = run(loose);
  CHECK(a.arrivals == b.arrivals);
  CHECK(a.rejected > 0);
  CHECK(b.rejected < a.rejected);
  CHECK(b.util_vcpu > a.util_vcpu);
}

TEST_CASE("anti-affinity keeps a server group's members on different hosts") {
  const auto dir = fresh_dir("anti-affinity");
  json doc = small("best-fit", 4);
  doc["workload"]["generators"][0]["server_group"] = {{"name", "web"}, {"policy", "anti-affinity"}};
  doc["workload"]["generators"][0]["rate_per_s"] = 0.01;
  ResultsDatabase db(dir / "r.db");
  const RunSummary s = run(doc, &db);
  CHECK(s.rejected > 0);  // only four hosts: a fifth member cannot go anywhere
  // At no time do two live members share a host.
  stacksim::store::Statement q = db.database().prepare(
      "SELECT COUNT(*) FROM instances a JOIN instances b ON a.host = b.host AND a.id < b.id"
      " WHERE a.active_s < COALESCE(b.ended_s, 1e18) AND b.active_s < COALESCE(a.ended_s, 1e18)");
  q.step();
  CHECK(q.column_int64(0) == 0);
}

TEST_CASE("a host failure evacuates its instances, or loses them") {
  json doc = small("best-fit");
  doc["faults"] = json::array({{{"kind", "host-down"},
                                {"at_s", 10000},
                                {"hosts", {"compute-0"}},
                                {"evacuate", true},
                                {"repair_after_s", 3000}}});
  const RunSummary evacuated = run(doc);
  CHECK(evacuated.host_failures == 1);
  CHECK(evacuated.evacuations > 0);
  CHECK(evacuated.lost == 0);
  doc["faults"][0]["evacuate"] = false;
  const RunSummary lost = run(doc);
  CHECK(lost.evacuations == 0);
  CHECK(lost.lost > 0);

  json mtbf = small("best-fit", 6);
  mtbf["faults"] =
      json::array({{{"kind", "host-mtbf"}, {"mtbf_s", 5000}, {"mttr_s", 600}, {"evacuate", true}}});
  const RunSummary random = run(mtbf);
  CHECK(random.host_failures > 6);
  CHECK(random.host_failures < 60);
}

TEST_CASE("a trace replays with ends matched by id") {
  const auto dir = fresh_dir("replay-huawei");
  write_file(dir / "huawei.csv",
             "vmid,cpu,memory,time,type\n"
             "a,4,8,0,0\n"
             "b,4,8,10,0\n"
             "c,16,32,20,0\n"
             "a,4,8,100,1\n"
             "d,8,16,110,0\n");
  json doc = small("first-fit", 1);
  doc.erase("duration_s");
  doc["workload"] = {{"trace", {{"format", "huawei-east-1"}, {"path", "huawei.csv"}}}};
  const Scenario s = parse_scenario(doc, (dir / "s.json").string());
  ResultsDatabase db(dir / "r.db");
  Experiment e(s);
  const RunSummary r = e.run({}, &db);
  CHECK(r.arrivals == 4);
  CHECK(r.rejected == 1);  // c does not fit next to a and b on one 16-vCPU host
  CHECK(r.placed == 3);
  CHECK(r.departures == 1);
  CHECK(r.active_end == 2);  // b and d run past the end of the trace
  CHECK(r.sim_time_s == 110);
  stacksim::store::Statement q =
      db.database().prepare("SELECT trace_id, state, ended_s FROM instances ORDER BY id");
  std::vector<std::string> states;
  while (q.step())
    states.push_back(q.column_text(0) + ":" + q.column_text(1));
  CHECK(states == std::vector<std::string>{"a:deleted", "b:active", "c:rejected", "d:active"});
}

TEST_CASE("the results database holds the run, and exports") {
  const auto dir = fresh_dir("results-db");
  json doc = small("best-fit", 4);
  doc["telemetry"]["host_samples"] = true;
  RunSummary s;
  {
    ResultsDatabase db(dir / "r.db");
    s = run(doc, &db);
    export_csv(db.database(), dir / "csv");
    export_json(db.database(), dir / "r.json");
  }
  auto db = stacksim::store::Database::open(dir / "r.db", {.create = false, .read_only = true});
  const auto count = [&](const std::string& sql) {
    stacksim::store::Statement q = db.prepare(sql);
    q.step();
    return q.column_int64(0);
  };
  CHECK(count("SELECT COUNT(*) FROM runs WHERE status = 'completed' AND seed = 5") == 1);
  CHECK(count("SELECT COUNT(*) FROM instances") == s.arrivals);
  CHECK(count("SELECT COUNT(*) FROM decisions") == s.arrivals);
  CHECK(count("SELECT COUNT(*) FROM decisions WHERE host IS NULL") == s.rejected);
  CHECK(count("SELECT COUNT(*) FROM samples") == 20000 / 600 + 2);  // 0, 600, ..., 19800, end
  CHECK(count("SELECT COUNT(*) FROM host_samples") == 4 * (20000 / 600 + 2));
  CHECK(count("SELECT COUNT(*) FROM hosts WHERE energy_kwh > 0") == 4);
  CHECK(count("SELECT COUNT(*) FROM metrics WHERE name = 'util_vcpu'") == 1);
  CHECK(std::filesystem::exists(dir / "csv" / "instances.csv"));
  const json exported = json::parse(std::ifstream(dir / "r.json"));
  CHECK(exported["run"]["name"] == "small");
  CHECK(exported["instances"].size() == static_cast<std::size_t>(s.arrivals));
  CHECK(exported["metrics"]["placed"] == s.placed);
}

TEST_CASE("an interrupted run stops cleanly and says so") {
  const auto dir = fresh_dir("interrupt");
  json doc = small("best-fit", 50);
  doc["workload"]["generators"][0]["rate_per_s"] = 50;
  doc["duration_s"] = 1e6;
  const Scenario s = parse_scenario(doc, "small.json");
  Experiment e(s);
  int polls = 0;
  RunControl control;
  control.interrupted = [&] { return ++polls > 3; };
  RunSummary r;
  {
    ResultsDatabase db(dir / "r.db");
    r = e.run(control, &db);
  }
  CHECK(r.interrupted);
  CHECK(r.sim_time_s < 1e6);
  auto db = stacksim::store::Database::open(dir / "r.db", {.create = false, .read_only = true});
  stacksim::store::Statement q = db.prepare("SELECT status FROM runs");
  REQUIRE(q.step());
  CHECK(q.column_text(0) == "interrupted");
}
