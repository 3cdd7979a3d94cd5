#include <catch2/catch.hpp>

#include "core/objectstore/address.hpp"

using namespace stacksim::objectstore;

TEST_CASE("add values parse like swift-ring-builder's") {
  const AddValue v = parse_add_value("r2z3-10.0.0.1:6200R10.1.0.1:6300/sdb1_fast disk");
  CHECK(v.region == 2);
  CHECK(v.zone == 3);
  CHECK(v.ip == "10.0.0.1");
  CHECK(v.port == 6200);
  CHECK(v.replication_ip == "10.1.0.1");
  CHECK(v.replication_port == 6300);
  CHECK(v.device == "sdb1");
  CHECK(v.meta == "fast disk");
  const AddValue no_region = parse_add_value("z1-[::1]:6200/sdc");
  CHECK_FALSE(no_region.region.has_value());
  CHECK(no_region.ip == "::1");
  CHECK(parse_add_value("z1-[FE80::1]:6200/sdc").ip == "fe80::1");
  CHECK_THROWS_WITH(parse_add_value("garbage"), "Invalid add value: garbage");
  CHECK_THROWS_WITH(parse_add_value("z1-10.0.0.1/sdb"), "Invalid port in add value");
  CHECK_THROWS_WITH(parse_add_value("z1-10.0.0.1:x/sdb"), "Invalid port :x in add value");
  CHECK_THROWS_WITH(parse_add_value("z1-10.0.0.300:6200/sdb"), "Invalid ip 10.0.0.300");
  CHECK_THROWS_WITH(parse_add_value("z1-10.0.0.1:6200/"), "Invalid device name");
  CHECK_THROWS_WITH(parse_add_value("z1-10.0.0.1:6200"), "Invalid add value: z1-10.0.0.1:6200");
}

TEST_CASE("search values select devices by any field") {
  const DeviceSearch q = parse_search_value("d74r4z1-1.2.3.4:5678R5.6.7.8:9/sdb1_snet");
  CHECK(q.id == 74);
  CHECK(q.region == 4);
  CHECK(q.zone == 1);
  CHECK(q.ip == "1.2.3.4");
  CHECK(q.port == 5678);
  CHECK(q.replication_ip == "5.6.7.8");
  CHECK(q.replication_port == 9);
  CHECK(q.device == "sdb1");
  CHECK(q.meta == "snet");
  CHECK(parse_search_value("/sdb1").device == "sdb1");
  CHECK_FALSE(parse_search_value("/sdb1").ip.has_value());
  CHECK_THROWS_WITH(parse_search_value("q1"), "Invalid <search-value>: 'q1'");
}

TEST_CASE("addresses normalise like Swift's validate_and_normalize_address") {
  CHECK(normalize_address("Storage-1.Example.COM") == "storage-1.example.com");
  CHECK(normalize_address("[::FFFF:1.2.3.4]") == "::ffff:1.2.3.4");
  CHECK_THROWS_WITH(normalize_address("bad_host!"), "Invalid address bad_host!");
  CHECK(is_valid_hostname("a-b.c"));
  CHECK_FALSE(is_valid_hostname("-ab"));
}
