#include <catch2/catch.hpp>

#include "scenarios/traces/stacksim_csv_reader.hpp"
#include "temp_files.hpp"

using namespace stacksim::scenarios;
using namespace stacksim::testing;

TEST_CASE("alibaba-2018 merges containers and batch tasks in time order") {
  const auto dir = fresh_dir("alibaba2018");
  // container_id, machine_id, time_stamp, app_du, status, cpu_request, cpu_limit, mem_size
  write_file(dir / "container_meta.csv",
             "c_1,m_2556,0,app_5052,started,400,400,1.56\n"
             "c_1,m_2556,287942,app_5052,started,400,400,1.56\n"
             "c_2,m_962,100,app_8125,started,800,800,3.13\n");
  // task_name, instance_num, job_name, task_type, status, start_time, end_time, plan_cpu, plan_mem
  write_file(dir / "batch_task.csv",
             "M1,10,j_1,1,Terminated,50,150,100,0.39\n"
             "R2_1,1,j_1,1,Terminated,0,0,50,0.2\n"
             "task_Nzg3ODAwNDgzMTAwNTc1NjA3MQ==,2,j_2,1,Running,200,0,50,0.2\n");
  write_file(dir / "machine_meta.csv",
             "m_1,0,1,1,96,100,USING\n"
             "m_2,0,2,1,96,50,USING\n");
  TraceOptions o;
  o.machine_memory_mb = 100 * 1024;
  auto reader = open_trace_reader("alibaba-2018", dir.string(), o);
  std::vector<TraceItem> items;
  TraceItem item;
  while (reader->next(item))
    items.push_back(item);
  REQUIRE(items.size() == 4);
  CHECK(request(items[0]).id == "c_1");
  CHECK(request(items[0]).vcpus == 4);
  CHECK(request(items[0]).memory_mb == Approx(1.56 * 1024));
  CHECK_FALSE(request(items[0]).lifetime_s);
  CHECK(request(items[0]).group == "app_5052");
  const auto& batch = request(items[1]);
  CHECK(batch.id == "j_1/M1");
  CHECK(batch.arrival_s == 50);
  CHECK(*batch.lifetime_s == 100);
  CHECK(batch.count == 10);
  CHECK(batch.vcpus == 1);
  CHECK(request(items[2]).id == "c_2");
  CHECK_FALSE(request(items[3]).lifetime_s);  // still running at the end of the window
  CHECK(reader->stats().ignored_rows == 2);   // c_1's second row; a task that never ran
  const auto machines = reader->machines();
  REQUIRE(machines.size() == 2);
  CHECK(machines[1].memory_mb == Approx(50 * 1024));
  CHECK(machines[1].failure_domain == "2");

  o.batch = false;
  CHECK(read_all("alibaba-2018", dir.string(), o).size() == 2);
}

TEST_CASE("swf jobs use allocated processors, falling back to requested ones") {
  const auto dir = fresh_dir("swf");
  const auto path = write_file(dir / "log.swf",
                               "; Version: 2.2\n"
                               "; MaxProcs: 128\n"
                               "1 0 10 3600 4 3500 2048 4 7200 4096 1 7 2 1 1 1 -1 -1\n"
                               "2 60 -1 120 -1 -1 -1 8 600 -1 1 8 2 1 2 1 -1 -1\n"
                               "3 90 5 -1 -1 -1 -1 2 600 -1 5 8 2 1 2 1 -1 -1\n");
  auto reader = open_trace_reader("swf", path, {});
  std::vector<TraceItem> items;
  TraceItem item;
  while (reader->next(item))
    items.push_back(item);
  REQUIRE(items.size() == 2);
  CHECK(request(items[0]).vcpus == 4);
  CHECK(*request(items[0]).lifetime_s == 3600);
  CHECK(request(items[0]).memory_mb == Approx(4096.0 * 4 / 1024));  // requested KB per processor
  CHECK(request(items[0]).tenant == "7");
  CHECK(request(items[1]).vcpus == 8);
  CHECK(request(items[1]).arrival_s == 60);
  CHECK(reader->stats().ignored_rows == 1);  // cancelled before it ran

  const auto short_row = write_file(dir / "short.swf", "1 0 10 3600 4\n");
  CHECK_THROWS_WITH(read_all("swf", short_row),
                    Catch::Contains("short.swf:1") && Catch::Contains("expected 18 fields"));
}

TEST_CASE("bitbrains VM files become requests in arrival order with usage series") {
  const auto dir = fresh_dir("bitbrains");
  const std::string header =
      "Timestamp [ms];\tCPU cores;\tCPU capacity provisioned [MHZ];\tCPU usage [MHZ];\tCPU usage "
      "[%];\tMemory capacity provisioned [KB];\tMemory usage [KB];\tDisk read throughput "
      "[KB/s];\tDisk write throughput [KB/s];\tNetwork received throughput [KB/s];\tNetwork "
      "transmitted throughput [KB/s]\n";
  write_file(
      dir / "fastStorage" / "1.csv",
      header +
          "1376314846;\t4;\t11703.99;\t2925.99;\t25.0;\t67108864;\t33554432;\t0;\t0;\t0;\t0\n"
          "1376315146;\t4;\t11703.99;\t5851.99;\t50.0;\t67108864;\t16777216;\t0;\t0;\t0;\t0\n");
  write_file(dir / "Rnd" / "2013-7" / "1.csv",
             header + "1376314546;\t2;\t5000;\t500;\t10.0;\t4194304;\t1048576;\t0;\t0;\t0;\t0\n");
  TraceOptions o;
  o.read_usage = true;
  const auto items = read_all("bitbrains", dir.string(), o);
  REQUIRE(items.size() == 2);
  CHECK(request(items[0]).id == "Rnd/2013-7/1");
  CHECK(request(items[0]).arrival_s == 0);
  const auto& vm = request(items[1]);
  CHECK(vm.id == "fastStorage/1");
  CHECK(vm.arrival_s == 300);
  CHECK(*vm.lifetime_s == 300);
  CHECK(vm.vcpus == 4);
  CHECK(vm.memory_mb == 65536);
  REQUIRE(vm.usage.size() == 2);
  CHECK(vm.usage[1].offset_s == 300);
  CHECK(vm.usage[1].cpu == Approx(0.5));
  CHECK(vm.usage[1].memory == Approx(0.25));
}

TEST_CASE("huawei-east-1 pairs creates with deletes") {
  const auto dir = fresh_dir("huawei");
  const auto path = write_file(dir / "huawei.csv",
                               "vmid,cpu,memory,time,type\n"
                               "0,1,1,0,0\n"
                               "1,4,8,30,0\n"
                               "0,1,1,3600,1\n"
                               "7,2,4,4000,1\n");
  auto reader = open_trace_reader("huawei-east-1", path, {});
  std::vector<TraceItem> items;
  TraceItem item;
  while (reader->next(item))
    items.push_back(item);
  REQUIRE(items.size() == 3);
  CHECK(request(items[1]).memory_mb == 8192);
  CHECK(std::get<TraceEnd>(items[2]).id == "0");
  CHECK(std::get<TraceEnd>(items[2]).time_s == 3600);
  CHECK(reader->stats().ignored_rows == 1);
}

TEST_CASE("stacksim-csv round-trips through its writer") {
  const auto dir = fresh_dir("stacksimcsv");
  TraceRequest r;
  r.id = "vm,1";
  r.tenant = "demo";
  r.group = "web";
  r.arrival_s = 12.5;
  r.lifetime_s = 3600;
  r.vcpus = 2;
  r.memory_mb = 4096;
  r.disk_gb = 20;
  r.priority = 3;
  r.count = 2;
  r.constraints = {PlacementConstraint::anti_affinity_in("web", 2),
                   PlacementConstraint::attribute_is("ssd", "==", "true"),
                   PlacementConstraint::attribute_is("gpu", "absent", "")};
  r.usage = {{0, 0.5, 0.25}, {300, 0.75, 0.5}};
  TraceRequest open;
  open.arrival_s = 20;
  open.vcpus = 1;
  open.memory_mb = 512;
  const auto path = write_file(dir / "requests.csv", "# a comment\n" + stacksim_csv_header() +
                                                         "\n" + stacksim_csv_row(r) + "\n" +
                                                         stacksim_csv_row(open) + "\n");
  TraceOptions o;
  o.read_usage = true;
  const auto items = read_all("stacksim-csv", path, o);
  REQUIRE(items.size() == 2);
  const auto& back = request(items[0]);
  CHECK(back.id == r.id);
  CHECK(back.group == "web");
  CHECK(*back.lifetime_s == 3600);
  CHECK(back.count == 2);
  CHECK(*back.priority == 3);
  CHECK(back.constraints == r.constraints);
  REQUIRE(back.usage.size() == 2);
  CHECK(back.usage[1].cpu == 0.75);
  CHECK_FALSE(request(items[1]).lifetime_s);

  const auto minimal = write_file(dir / "minimal.csv", "arrival_s,vcpus,memory_mb\n0,1,512\n");
  CHECK(read_all("stacksim-csv", minimal).size() == 1);
  const auto unknown = write_file(dir / "unknown.csv", "arrival_s,vcpus,memory_mb,color\n");
  CHECK_THROWS_WITH(read_all("stacksim-csv", unknown), Catch::Contains("unknown column \"color\""));
  const auto missing = write_file(dir / "missing.csv", "arrival_s,vcpus\n");
  CHECK_THROWS_WITH(read_all("stacksim-csv", missing), Catch::Contains("memory_mb"));
}
