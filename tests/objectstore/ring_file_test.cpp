#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/objectstore/base64.hpp"
#include "core/objectstore/gzip_file.hpp"
#include "core/objectstore/python_json.hpp"
#include "core/objectstore/ring_builder.hpp"
#include "core/objectstore/ring_data.hpp"
#include "core/objectstore/ring_errors.hpp"

using namespace stacksim::objectstore;
namespace fs = std::filesystem;

namespace {

fs::path temp_dir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / "stacksim-objectstore-tests" / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

RingData small_ring() {
  RingData ring;
  for (int i = 0; i < 3; ++i) {
    Device d;
    d.id = i;
    d.region = 1;
    d.zone = i + 1;
    d.ip = "10.0.0." + std::to_string(i + 1);
    d.port = 6200;
    d.replication_ip = d.ip;
    d.replication_port = 6200;
    d.device = "sdb";
    d.weight = 100;
    ring.devs.emplace_back(d);
  }
  ring.part_shift = 30;                                          // 4 partitions
  ring.replica2part2dev = {{0, 1, 2, 0}, {1, 2, 0, 1}, {2, 0}};  // 2.5 replicas
  ring.version = 7;
  return ring;
}

void write_bytes(const fs::path& p, const std::string& bytes) {
  std::ofstream(p, std::ios::binary) << bytes;
}

}  // namespace

TEST_CASE("python_float_repr and python_json_string match json.dumps") {
  CHECK(python_float_repr(100.0) == "100.0");
  CHECK(python_float_repr(0.1) == "0.1");
  CHECK(python_float_repr(1e16) == "1e+16");
  CHECK(python_float_repr(1e15) == "1000000000000000.0");
  CHECK(python_float_repr(1e-05) == "1e-05");
  CHECK(python_float_repr(0.0001) == "0.0001");
  CHECK(python_float_repr(123456.789) == "123456.789");
  CHECK(python_float_repr(-2.5) == "-2.5");
  CHECK(python_float_repr(1.5e300) == "1.5e+300");
  CHECK(python_float_repr(0.0) == "0.0");
  CHECK(python_json_string("a\"b\\c\n\t\x01\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\x7f") ==
        "\"a\\\"b\\\\c\\n\\t\\u0001\\u00e9\\u20ac\\ud83d\\ude00\\u007f\"");
  CHECK(python_json_string("\xff") == "\"\\udcff\"");
}

TEST_CASE("base64 round-trips and rejects garbage") {
  for (const std::string& s :
       std::vector<std::string>{"", "a", "ab", "abc", "abcd", std::string("\0\xff\x10", 3)}) {
    CHECK(base64_decode(base64_encode(s)) == s);
  }
  CHECK(base64_encode("abc") == "YWJj");
  CHECK(base64_encode("ab") == "YWI=");
  CHECK_FALSE(base64_decode("YW=j").has_value());
  CHECK_FALSE(base64_decode("YWJ").has_value());
  CHECK_FALSE(base64_decode("Y*Jj").has_value());
}

TEST_CASE("gzip output has Python's header and round-trips") {
  const std::string data(100000, 'x');
  const std::string gz = gzip_compress(data, "object.ring", 1300507380);
  REQUIRE(gz.size() > 20);
  CHECK(gz.substr(0, 4) == std::string("\x1f\x8b\x08\x08", 4));
  CHECK(gz.substr(4, 4) == std::string("\xf4\x2a\x84\x4d", 4));  // 1300507380 little-endian
  CHECK(gz.substr(8, 2) == std::string("\x02\xff", 2));
  CHECK(gz.substr(10, 12) == std::string("object.ring\0", 12));
  CHECK(gzip_decompress(gz, "t") == data);
  CHECK_THROWS_AS(gzip_decompress(gz.substr(0, gz.size() / 2), "t"), RingLoadError);
  CHECK_THROWS_WITH(gzip_decompress("not gzip at all", "bad.ring.gz"),
                    Catch::Contains("bad.ring.gz") && Catch::Contains("not a valid gzip"));
}

TEST_CASE("ring files round-trip, fractional replicas included") {
  const fs::path dir = temp_dir("roundtrip");
  const RingData ring = small_ring();
  const std::string md5_first = save_ring_file(ring, dir / "object.ring.gz");
  const RingData back = load_ring_file(dir / "object.ring.gz");
  CHECK(back.replica2part2dev == ring.replica2part2dev);
  CHECK(back.part_shift == 30);
  CHECK(back.version == 7);
  CHECK(back.replica_count() == Approx(2.5));
  REQUIRE(back.devs.size() == 3);
  CHECK(back.devs[2]->ip == "10.0.0.3");
  CHECK(back.devs[2]->weight == 100);
  // Byte-reproducible: saving again gives the same bytes.
  CHECK(save_ring_file(back, dir / "object.ring.gz") == md5_first);
  // Only the header JSON is ASCII, sorted like json.dumps(sort_keys=True).
  const std::string payload = serialize_ring_v1(ring);
  CHECK(payload.substr(0, 4) == "R1NG");
  CHECK(payload.find("{\"byteorder\": \"little\", \"devs\": [{\"device\": \"sdb\", \"id\": 0, ") !=
        std::string::npos);
}

TEST_CASE("corrupt ring files are refused with a clear error") {
  const fs::path dir = temp_dir("corrupt");
  const RingData ring = small_ring();
  const std::string payload = serialize_ring_v1(ring);
  const auto expect_error = [&](const std::string& bytes, const std::string& text) {
    write_bytes(dir / "bad.ring.gz", bytes);
    CHECK_THROWS_WITH(load_ring_file(dir / "bad.ring.gz"), Catch::Contains(text));
  };
  expect_error("garbage", "not a valid gzip stream");
  expect_error(gzip_compress("PICKLE", "", 0), "does not start with R1NG");
  std::string v2 = payload;
  v2[5] = 2;
  expect_error(gzip_compress(v2, "", 0), "unknown ring format version 2");
  expect_error(gzip_compress(payload.substr(0, payload.size() - 5), "", 0), "truncated");
  RingData full = ring;
  full.replica2part2dev[2] = {2, 0, 1, 2};
  expect_error(gzip_compress(serialize_ring_v1(full) + "xx", "", 0), "unexpected bytes");
  std::string bad_dev = payload;
  bad_dev[bad_dev.size() - 2] = 9;  // last entry names device 9
  expect_error(gzip_compress(bad_dev, "", 0), "not in the ring");
  std::string bad_json = payload;
  bad_json[10] = '[';
  expect_error(gzip_compress(bad_json, "", 0), "invalid JSON header");
  CHECK_THROWS_WITH(load_ring_file(dir / "missing.ring.gz"), Catch::Contains("does not exist"));
}
