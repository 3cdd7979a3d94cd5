#include <catch2/catch.hpp>

#include "core/store/database.hpp"
#include "scenarios/traces/azure_packing_2020_reader.hpp"
#include "temp_files.hpp"

using namespace stacksim::scenarios;
using namespace stacksim::testing;

TEST_CASE("azure-2017 vmtable rows become requests with cores and GB") {
  const auto dir = fresh_dir("azure2017");
  // vmid, subscriptionid, deploymentid, vmcreated, vmdeleted, maxcpu, avgcpu, p95maxcpu,
  // vmcategory, vmcorecount, vmmemory (GB)
  const auto path = write_file(dir / "vmtable.csv",
                               "x/XHk,sub1,dep1,0,2100,99.4,25.1,90.2,Interactive,2,3.5\n"
                               "y/ABc,sub2,dep2,300,300,10.0,2.0,5.0,Delay-insensitive,1,0.75\n"
                               "z/Qq9,sub1,dep1,600,87000,50,10,40,Unknown,8,56\n");
  const auto items = read_all("azure-2017", path);
  REQUIRE(items.size() == 3);
  const auto& a = request(items[0]);
  CHECK(a.id == "x/XHk");
  CHECK(a.tenant == "sub1");
  CHECK(a.group == "dep1");
  CHECK(a.arrival_s == 0);
  CHECK(*a.lifetime_s == 2100);
  CHECK(a.vcpus == 2);
  CHECK(a.memory_mb == Approx(3.5 * 1024));
  CHECK(*a.priority == 0);
  CHECK(*request(items[1]).priority == 1);
  CHECK(*request(items[1]).lifetime_s == 0);
  CHECK_FALSE(request(items[2]).priority);
  CHECK(request(items[2]).memory_mb == 56 * 1024);

  TraceOptions floor;
  floor.min_lifetime_s = 300;
  CHECK(*request(read_all("azure-2017", path, floor)[1]).lifetime_s == 300);
}

TEST_CASE("azure-2019 buckets map to their bounds and the open top bucket to an option") {
  const auto dir = fresh_dir("azure2019");
  const auto path = write_file(dir / "vmtable.csv",
                               "v1,s1,d1,0,600,80,20,70,Interactive,2,4\n"
                               "v2,s1,d1,300,900,80,20,70,Unknown,>24,>64\n");
  const auto items = read_all("azure-2019", path);
  REQUIRE(items.size() == 2);
  CHECK(request(items[0]).vcpus == 2);
  CHECK(request(items[0]).memory_mb == 4096);
  CHECK(request(items[1]).vcpus == 32);
  CHECK(request(items[1]).memory_mb == 128 * 1024);
  TraceOptions o;
  o.largest_vcpu_bucket = 48;
  o.largest_memory_bucket_gb = 256;
  CHECK(request(read_all("azure-2019", path, o)[1]).vcpus == 48);

  const auto bad = write_file(dir / "bad.csv", "v1,s1,d1,0,600,80,20,70,Interactive,two,4\n");
  CHECK_THROWS_WITH(read_all("azure-2019", bad),
                    Catch::Contains("bad.csv:1") && Catch::Contains("vmcorecountbucket"));
}

TEST_CASE("azure-packing-2020 reads the sqlite trace in start order, sized per machine") {
  const auto dir = fresh_dir("azurepacking");
  const auto path = (dir / "packing.sqlite").string();
  {
    auto db = stacksim::store::Database::open(path);
    db.execute_script(
        "CREATE TABLE vm (vmId INTEGER, tenantId INTEGER, vmTypeId INTEGER, priority INTEGER,"
        " starttime REAL, endtime REAL);"
        "CREATE TABLE vmType (id INTEGER, vmTypeId INTEGER, machineId INTEGER, core REAL,"
        " memory REAL, hdd REAL, ssd REAL, nic REAL);"
        "INSERT INTO vmType VALUES (1, 10, 0, 0.125, 0.0625, 0, 0.01, 0.05),"
        " (2, 10, 1, 0.25, 0.125, 0, 0.02, 0.1), (3, 11, 1, 0.5, 0.5, 0, 0.1, 0.2);"
        "INSERT INTO vm VALUES (7, 100, 10, 0, 0.5, 1.0), (5, 101, 10, 1, -0.25, 0.5),"
        " (9, 100, 11, 0, 2.0, NULL), (6, 102, 10, 0, -3.0, -1.0);");
  }
  TraceOptions o;
  o.machine_vcpus = 64;
  o.machine_memory_mb = 262144;
  o.machine_disk_gb = 1000;
  auto reader = open_trace_reader("azure-packing-2020", path, o);
  std::vector<TraceItem> items;
  TraceItem item;
  while (reader->next(item))
    items.push_back(item);
  // Machine 0 (the lowest) knows only type 10: VM 9 (type 11) is counted as ignored, as is VM 6,
  // which ended before collection began.
  REQUIRE(items.size() == 2);
  CHECK(reader->stats().ignored_rows == 2);
  const auto& first = request(items[0]);
  CHECK(first.id == "5");
  CHECK(first.arrival_s == 0);  // alive at collection start
  CHECK(*first.lifetime_s == Approx(0.5 * 86400));
  CHECK(first.vcpus == Approx(8));
  CHECK(first.memory_mb == Approx(16384));
  CHECK(first.disk_gb == Approx(10));
  CHECK(*first.priority == 1);
  CHECK(request(items[1]).arrival_s == Approx(0.5 * 86400));

  o.machine_id = 1;
  const auto on_1 = read_all("azure-packing-2020", path, o);
  REQUIRE(on_1.size() == 3);
  CHECK(request(on_1[0]).vcpus == Approx(16));
  CHECK_FALSE(request(on_1[2]).lifetime_s);  // endtime NULL: alive past the cap

  TraceOptions unscaled;
  CHECK_THROWS_WITH(read_all("azure-packing-2020", path, unscaled),
                    Catch::Contains("machine_vcpus"));
}
