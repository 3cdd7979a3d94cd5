#include <catch2/catch.hpp>

#include "live/json_stream_splitter.hpp"

using stacksim::live::JsonStreamSplitter;

TEST_CASE("json stream splitter: back-to-back texts, braces in strings, split chunks") {
  JsonStreamSplitter s;
  s.feed(R"({"id":1,"result":["Open_vSwitch"]}{"method":"echo","params":[],"id":"e"})");
  s.feed(R"( {"id":2,"result":{"s":"}{ \" ]["}})");
  CHECK(s.next() == R"({"id":1,"result":["Open_vSwitch"]})");
  CHECK(s.next() == R"({"method":"echo","params":[],"id":"e"})");
  CHECK(s.next() == R"({"id":2,"result":{"s":"}{ \" ]["}})");
  CHECK_FALSE(s.next());
  s.feed(R"({"id":3,"res)");
  CHECK_FALSE(s.next());
  CHECK(s.pending() > 0);
  s.feed(R"(ult":null})");
  CHECK(s.next() == R"({"id":3,"result":null})");
  s.feed("}");
  CHECK_THROWS(s.next());
}
