#include <catch2/catch.hpp>

#include "core/scheduler/extra_specs_ops.hpp"
#include "core/scheduler/hv_spec.hpp"
#include "core/scheduler/invalid_request.hpp"
#include "core/scheduler/numa.hpp"

using namespace stacksim::scheduler;

TEST_CASE("extra_spec_matches follows nova.scheduler.filters.extra_specs_ops.match") {
  CHECK(extra_spec_matches("4", "= 2"));  // "=" means at least
  CHECK_FALSE(extra_spec_matches("1", "= 2"));
  CHECK(extra_spec_matches("2.0", "== 2"));
  CHECK(extra_spec_matches("3", "!= 2"));
  CHECK(extra_spec_matches("6002000", ">= 6002000"));
  CHECK(extra_spec_matches("5", "<= 5"));
  CHECK(extra_spec_matches("a100", "s== a100"));
  CHECK(extra_spec_matches("abc", "s< abd"));
  CHECK(extra_spec_matches("avx avx2 sse", "<in> avx2"));
  CHECK(extra_spec_matches("avx avx2 sse", "<all-in> avx sse"));
  CHECK_FALSE(extra_spec_matches("avx", "<all-in> avx sse"));
  CHECK(extra_spec_matches("h100", "<or> a100 <or> h100"));
  CHECK_FALSE(extra_spec_matches("v100", "<or> a100 <or> h100"));
  CHECK(extra_spec_matches("true", "true"));  // no operator: the whole spec must equal
  CHECK_FALSE(extra_spec_matches("true", "True"));
  CHECK_FALSE(extra_spec_matches("5", ">="));   // operator without argument
  CHECK_FALSE(extra_spec_matches("x", "= 2"));  // Nova raises; the host fails instead
  CHECK_FALSE(extra_spec_matches("x", "<or>"));
}

TEST_CASE("canonical hypervisor names and the hypervisor version requirement") {
  CHECK(canonical_architecture("AMD64") == "x86_64");
  CHECK(canonical_architecture("i386") == "i686");
  CHECK_FALSE(canonical_architecture("z80"));
  CHECK(canonical_hv_type("QEMU") == "qemu");
  CHECK(canonical_vm_mode("hv") == "hvm");
  const HypervisorVersionRequirement req(">= 6.2, < 7.0");
  CHECK(req.satisfied_by(6002000));
  CHECK_FALSE(req.satisfied_by(5004000));
  CHECK_FALSE(req.satisfied_by(7000000));
  CHECK_THROWS_AS(HypervisorVersionRequirement("6.2"), InvalidRequest);
}

TEST_CASE("numa_constraints builds guest cells from hw:numa_* extra specs") {
  Flavor f{"f", 4, 4096, 10, 0, 0, {{"hw:numa_nodes", "2"}}};
  auto topo = numa_constraints(f, {});
  REQUIRE(topo);
  REQUIRE(topo->cells.size() == 2);
  CHECK(topo->cells[1].cpus == 2);
  CHECK(topo->cells[1].memory_mb == 2048);

  f.extra_specs = {{"hw:numa_nodes", "2"},
                   {"hw:numa_cpus.0", "0"},
                   {"hw:numa_cpus.1", "1-3"},
                   {"hw:numa_mem.0", "1024"},
                   {"hw:numa_mem.1", "3072"}};
  topo = numa_constraints(f, {});
  REQUIRE(topo);
  CHECK(topo->cells[0].cpus == 1);
  CHECK(topo->cells[1].cpus == 3);

  f.extra_specs = {{"hw:numa_nodes", "3"}};
  CHECK_THROWS_WITH(numa_constraints(f, {}),
                    Catch::Contains("cannot be evenly distributed across instance NUMA nodes"));
  f.extra_specs = {{"hw:numa_nodes", "0"}};
  CHECK_THROWS_AS(numa_constraints(f, {}), InvalidRequest);
  f.extra_specs = {{"hw:cpu_policy", "dedicated"}};
  CHECK_THROWS_AS(numa_constraints(f, {}), InvalidRequest);
  f.extra_specs = {};
  CHECK_FALSE(numa_constraints(f, {}));
}

TEST_CASE("numa_fit_instance_to_host spreads onto the least used cells within the limits") {
  std::vector<HostNumaCell> host{{0, 8, 8192, 6, 6000}, {1, 8, 8192, 0, 0}, {2, 8, 8192, 2, 0}};
  InstanceNumaTopology guest{{{0, 4, 4096}}};
  const NumaLimits limits{1.0, 1.0};
  auto fitted = numa_fit_instance_to_host(host, guest, limits);
  REQUIRE(fitted);
  CHECK(fitted->cells[0].id == 1);  // least CPU usage first
  numa_apply_usage(host, *fitted, 1);
  CHECK(host[1].cpu_usage == 4);
  CHECK(host[1].memory_usage_mb == 4096);
  numa_apply_usage(host, *fitted, -1);
  CHECK(host[1].cpu_usage == 0);

  InstanceNumaTopology too_big{{{0, 9, 1024}}};
  CHECK_FALSE(numa_fit_instance_to_host(host, too_big, std::nullopt));  // wider than any cell
  InstanceNumaTopology two{{{0, 4, 1024}, {1, 4, 1024}}};
  CHECK(numa_fit_instance_to_host(host, two, limits));
  std::vector<HostNumaCell> full{{0, 4, 4096, 4, 0}};
  InstanceNumaTopology one{{{0, 1, 512}}};
  CHECK_FALSE(numa_fit_instance_to_host(full, one, limits));  // over the CPU limit
  CHECK(numa_fit_instance_to_host(full, one, std::nullopt));  // no limits recorded
}
