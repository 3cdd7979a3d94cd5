#include <catch2/catch.hpp>

#include "scenarios/traces/trace_source.hpp"
#include "temp_files.hpp"

using namespace stacksim::scenarios;
using namespace stacksim::testing;

namespace {

std::string vmtable_rows(int n, int first_created = 0, int step = 60) {
  std::string rows;
  for (int i = 0; i < n; ++i) {
    const int created = first_created + i * step;
    rows += "vm" + std::to_string(i) + ",sub" + std::to_string(i % 3) + ",dep," +
            std::to_string(created) + "," + std::to_string(created + 600) +
            ",50,10,40,Interactive," + std::to_string(1 << (i % 4)) + ",4\n";
  }
  return rows;
}

}  // namespace

TEST_CASE("gzip input reads like the plain file") {
  const auto dir = fresh_dir("gzip");
  const std::string rows = vmtable_rows(500);
  const auto plain = read_all("azure-2017", write_file(dir / "vmtable.csv", rows));
  const auto packed = read_all("azure-2017", write_gzip(dir / "vmtable.csv.gz", rows));
  REQUIRE(plain.size() == 500);
  REQUIRE(packed.size() == plain.size());
  CHECK(request(packed[499]).id == request(plain[499]).id);
  CHECK(request(packed[499]).vcpus == request(plain[499]).vcpus);
}

TEST_CASE("a long line is read whole") {
  const auto dir = fresh_dir("longline");
  std::string usage;
  for (int i = 0; i < 2000; ++i)
    usage += std::to_string(i * 300) + ":0.5:0.25 ";
  const auto path =
      write_file(dir / "long.csv", "arrival_s,vcpus,memory_mb,usage\n0,1,512," + usage + "\n");
  TraceOptions o;
  o.read_usage = true;
  CHECK(request(read_all("stacksim-csv", path, o)[0]).usage.size() == 2000);
}

TEST_CASE("a malformed row names file and line, or is skipped and counted") {
  const auto dir = fresh_dir("badrows");
  const auto path = write_file(dir / "vmtable.csv",
                               "a,s,d,0,600,1,1,1,Interactive,2,4\n"
                               "b,s,d,60,oops,1,1,1,Interactive,2,4\n"
                               "c,s,d,120,700,1,1,1,Interactive,2\n"
                               "d,s,d,180,900,1,1,1,Interactive,2,4\n");
  CHECK_THROWS_WITH(read_all("azure-2017", path), Catch::Contains("vmtable.csv:2") &&
                                                      Catch::Contains("column 5 (vmdeleted)") &&
                                                      Catch::Contains("oops"));
  TraceOptions skip;
  skip.skip_bad_rows = true;
  auto reader = open_trace_reader("azure-2017", path, skip);
  int n = 0;
  TraceItem item;
  while (reader->next(item))
    ++n;
  CHECK(n == 2);
  CHECK(reader->stats().bad_rows == 2);
  REQUIRE(reader->stats().bad_row_examples.size() == 2);
  CHECK_THAT(reader->stats().bad_row_examples[1], Catch::Contains("vmtable.csv:3"));
}

TEST_CASE("arrival order fixes local disorder and reports disorder beyond the window") {
  const auto dir = fresh_dir("order");
  const auto path = write_file(dir / "vmtable.csv",
                               "a,s,d,100,600,1,1,1,Interactive,2,4\n"
                               "b,s,d,50,600,1,1,1,Interactive,2,4\n"
                               "c,s,d,200,700,1,1,1,Interactive,2,4\n"
                               "d,s,d,10,900,1,1,1,Interactive,2,4\n");
  TraceSpec spec;
  spec.format = "azure-2017";
  spec.path = path;
  spec.reorder_window = 8;
  TraceSource sorted(spec);
  std::vector<std::string> ids;
  TraceItem item;
  while (sorted.next(item))
    ids.push_back(request(item).id);
  CHECK(ids == std::vector<std::string>{"d", "b", "a", "c"});

  spec.reorder_window = 2;
  TraceSource narrow(spec);
  CHECK_THROWS_WITH(
      [&] {
        while (narrow.next(item)) {
        }
      }(),
      Catch::Contains("vmtable.csv:4") && Catch::Contains("reorder_window=2"));
}

TEST_CASE("filters select a window, sizes and a deterministic sample, and scale time") {
  const auto dir = fresh_dir("filters");
  const auto path = write_file(dir / "vmtable.csv", vmtable_rows(1000));
  TraceSpec spec;
  spec.format = "azure-2017";
  spec.path = path;
  spec.filter.start_s = 6000;  // rows 100..
  spec.filter.end_s = 30000;   // ..up to row 499
  spec.filter.max_vcpus = 4;   // drops the 8-core quarter
  spec.filter.time_scale = 0.5;
  TraceSource source(spec);
  std::vector<TraceRequest> kept;
  TraceItem item;
  while (source.next(item))
    kept.push_back(request(item));
  REQUIRE(kept.size() == 300);
  CHECK(kept.front().id == "vm100");
  CHECK(kept.front().arrival_s == 0);
  CHECK(*kept.front().lifetime_s == 300);
  CHECK(kept.back().arrival_s == (29880 - 6000) * 0.5);  // row 499 has 8 cores
  CHECK(source.filter_stats().filtered == 200);          // 100 before the window, 100 too big

  TraceSpec sample;
  sample.format = "azure-2017";
  sample.path = path;
  sample.filter.sample_fraction = 0.25;
  sample.filter.seed = 7;
  auto count = [](TraceSpec s) {
    TraceSource src(s);
    std::vector<std::string> ids;
    TraceItem it;
    while (src.next(it))
      ids.push_back(request(it).id);
    return ids;
  };
  const auto a = count(sample);
  CHECK(a == count(sample));  // same seed, same sample
  CHECK(a.size() > 200);
  CHECK(a.size() < 300);
  sample.filter.seed = 8;
  CHECK(a != count(sample));

  TraceSpec capped;
  capped.format = "azure-2017";
  capped.path = path;
  capped.filter.max_requests = 10;
  capped.filter.tenants = {"sub1"};
  capped.filter.group_anti_affinity = true;
  const auto few = [&] {
    TraceSource src(capped);
    std::vector<TraceRequest> out;
    TraceItem it;
    while (src.next(it))
      out.push_back(request(it));
    return out;
  }();
  REQUIRE(few.size() == 10);
  CHECK(few[0].tenant == "sub1");
  REQUIRE(few[0].constraints.size() == 1);
  CHECK(few[0].constraints[0].key == "dep");
}

TEST_CASE("memory stays bounded: a long generated trace streams through") {
  const auto dir = fresh_dir("stream");
  const auto path = write_gzip(dir / "vmtable.csv.gz", vmtable_rows(200000, 0, 1));
  TraceSpec spec;
  spec.format = "azure-2017";
  spec.path = path;
  spec.reorder_window = 1000;
  TraceSource source(spec);
  TraceItem item;
  std::int64_t n = 0;
  double last = -1;
  while (source.next(item)) {
    CHECK(item_time(item) >= last);
    last = item_time(item);
    ++n;
  }
  CHECK(n == 200000);
  CHECK(source.stats().rows == 200000);
}

TEST_CASE("unknown formats list the known ones") {
  CHECK_THROWS_WITH(open_trace_reader("azure-2018", "x", {}),
                    Catch::Contains("azure-2017") && Catch::Contains("stacksim-csv"));
}
