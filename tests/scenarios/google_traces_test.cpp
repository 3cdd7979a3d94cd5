#include <catch2/catch.hpp>

#include "temp_files.hpp"

using namespace stacksim::scenarios;
using namespace stacksim::testing;

namespace {

TraceOptions google_scale() {
  TraceOptions o;
  o.machine_vcpus = 32;
  o.machine_memory_mb = 65536;
  o.machine_disk_gb = 100;
  return o;
}

}  // namespace

TEST_CASE("google-2011 task_events pair SUBMIT with the first terminal event") {
  const auto dir = fresh_dir("google2011");
  // time(us), missing, job, task index, machine, event type, user, class, priority, cpu, mem,
  // disk, different-machines
  write_file(dir / "task_events" / "part-00000-of-00002.csv",
             "0,,3418309,0,,0,userA,3,9,0.125,0.0625,0.001,1\n"
             "0,,3418309,0,4155527081,1,userA,3,9,0.125,0.0625,0.001,1\n"
             "5000000000,,3418309,1,,0,userA,3,9,0.25,0.125,,0\n"
             "5000000000,2,3418310,0,,0,userB,0,0,,,,\n");
  write_file(dir / "task_events" / "part-00001-of-00002.csv",
             "6000000000,,3418309,0,4155527081,4,userA,3,9,0.125,0.0625,0.001,1\n"
             "7000000000,,3418309,1,,2,userA,3,9,0.25,0.125,,0\n"
             "7500000000,,3418309,1,,0,userA,3,9,0.25,0.125,,0\n");
  const auto machines = write_file(dir / "machine_events.csv",
                                   "0,5,0,HofLGzk1Or/8Ildj2+Lqv0UGGvY82NLoni8+J/Yy0RU=,0.5,0.2493\n"
                                   "0,6,0,HofLGzk1Or/8Ildj2+Lqv0UGGvY82NLoni8+J/Yy0RU=,1,1\n"
                                   "0,7,0,plat,,\n"
                                   "8000000000,5,1,,,\n");
  TraceOptions o = google_scale();
  o.files["machine_events"] = machines;
  auto reader = open_trace_reader("google-2011", (dir / "task_events").string(), o);
  std::vector<TraceItem> items;
  TraceItem item;
  while (reader->next(item))
    items.push_back(item);
  REQUIRE(items.size() == 5);
  const auto& a = request(items[0]);
  CHECK(a.id == "3418309-0");
  CHECK(a.arrival_s == 0);
  CHECK_FALSE(a.lifetime_s);
  CHECK(a.vcpus == Approx(4));
  CHECK(a.memory_mb == Approx(4096));
  CHECK(a.disk_gb == Approx(0.1));
  CHECK(*a.priority == 9);
  CHECK(a.tenant == "userA");
  REQUIRE(a.constraints.size() == 1);
  CHECK(a.constraints[0].kind == PlacementConstraint::Kind::anti_affinity);
  CHECK(a.constraints[0].key == "job:3418309");
  // 5000 s in microseconds is 4400 s after the window start at 600 s.
  CHECK(request(items[1]).arrival_s == Approx(4400));
  CHECK(request(items[1]).constraints.empty());
  CHECK(std::get<TraceEnd>(items[2]).id == "3418309-0");
  CHECK(std::get<TraceEnd>(items[2]).time_s == Approx(5400));
  CHECK(std::get<TraceEnd>(items[3]).id == "3418309-1");  // EVICT
  CHECK(request(items[4]).arrival_s == Approx(6900));     // resubmitted
  CHECK(reader->stats().ignored_rows == 2);               // SCHEDULE; a SUBMIT without sizes

  const auto hosts = reader->machines();
  REQUIRE(hosts.size() == 2);  // machine 7 has no capacity; REMOVE keeps what was added
  CHECK(hosts[0].id == "5");
  CHECK(hosts[0].vcpus == Approx(16));
  CHECK(hosts[0].memory_mb == Approx(0.2493 * 65536));
  CHECK(hosts[1].vcpus == Approx(32));
}

TEST_CASE("google-2019 instance_events from JSON lines and CSV give the same requests") {
  const auto dir = fresh_dir("google2019");
  const auto json = write_file(
      dir / "instance_events.json",
      R"({"time":"0","type":"0","collection_id":"270","scheduling_class":"2","missing_type":null,"collection_type":"0","priority":"200","alloc_collection_id":"0","instance_index":"3","machine_id":"0","resource_request":{"cpus":0.0625,"memory":0.03},"constraint":[{"name":"abc","value":"2","relation":"EQUAL"},{"name":"zone","value":"","relation":6}]})"
      "\n"
      R"({"time":"700000000","type":"3","collection_id":"270","collection_type":"0","priority":"200","instance_index":"3","machine_id":"123","resource_request":{"cpus":0.0625,"memory":0.03}})"
      "\n"
      R"({"time":"900000000","type":0,"collection_id":"999","collection_type":1,"priority":0,"instance_index":0,"resource_request":{"cpus":0.5,"memory":0.5}})"
      "\n"
      R"({"time":"1600000000","type":"6","collection_id":"270","collection_type":"0","priority":"200","instance_index":"3","resource_request":{"cpus":0.0625,"memory":0.03}})"
      "\n");
  const auto items = read_all("google-2019", json, google_scale());
  REQUIRE(items.size() == 2);  // the alloc set is dropped
  const auto& r = request(items[0]);
  CHECK(r.id == "270-3");
  CHECK(r.vcpus == Approx(2));
  CHECK(r.memory_mb == Approx(0.03 * 65536));
  CHECK(*r.priority == 200);
  REQUIRE(r.constraints.size() == 2);
  CHECK(r.constraints[0] == PlacementConstraint::attribute_is("abc", "==", "2"));
  CHECK(r.constraints[1].relation == "present");
  CHECK(std::get<TraceEnd>(items[1]).time_s == Approx(1000));

  TraceOptions with_alloc = google_scale();
  with_alloc.include_alloc_sets = true;
  CHECK(read_all("google-2019", json, with_alloc).size() == 3);

  const auto csv = write_file(
      dir / "instance_events.csv",
      "time,type,collection_id,scheduling_class,missing_type,collection_type,priority,"
      "alloc_collection_id,instance_index,machine_id,alloc_instance_index,resource_request_cpus,"
      "resource_request_memory\n"
      "0,0,270,2,,0,200,0,3,0,0,0.0625,0.03\n"
      "1600000000,6,270,2,,0,200,0,3,123,0,0.0625,0.03\n");
  const auto from_csv = read_all("google-2019", csv, google_scale());
  REQUIRE(from_csv.size() == 2);
  CHECK(request(from_csv[0]).id == r.id);
  CHECK(request(from_csv[0]).vcpus == Approx(r.vcpus));
  CHECK(std::get<TraceEnd>(from_csv[1]).time_s == Approx(1000));

  // Without a header the published column order is assumed.
  const auto bare = write_file(dir / "bare.csv", "0,0,270,2,,0,200,0,3,0,0,0.0625,0.03\n");
  CHECK(request(read_all("google-2019", bare, google_scale())[0]).memory_mb ==
        Approx(0.03 * 65536));

  const auto machines = write_file(
      dir / "machine_events.json",
      R"({"time":"0","machine_id":"42","type":"1","switch_id":"sw1","capacity":{"cpus":0.5,"memory":0.25},"platform_id":"p1"})"
      "\n");
  TraceOptions o = google_scale();
  o.files["machine_events"] = machines;
  auto reader = open_trace_reader("google-2019", json, o);
  const auto hosts = reader->machines();
  REQUIRE(hosts.size() == 1);
  CHECK(hosts[0].vcpus == Approx(16));
  CHECK(hosts[0].failure_domain == "sw1");
}
