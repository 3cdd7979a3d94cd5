#include <catch2/catch.hpp>

#include "live/json_stream_splitter.hpp"
#include "live/ovs_flow_text.hpp"

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

TEST_CASE("flow text: rules render in ovs-ofctl syntax, multi-table needs OpenFlow 1.3") {
  stacksim::runtime::FlowTable t;
  t.bridge = "br-int";
  stacksim::runtime::FlowRule r;
  r.table = 0;
  r.priority = 10;
  r.cookie = 0xbeef;
  r.match = {{"tcp", ""}, {"tp_dst", "22"}, {"in_port", "3"}};
  r.actions = {"mod_vlan_vid:5", "output:1"};
  t.rules.push_back(r);
  t.rules.push_back(stacksim::runtime::FlowRule{});
  CHECK(stacksim::live::flows_text(t) ==
        "table=0,priority=10,cookie=0xbeef,in_port=3,tcp,tp_dst=22,actions=mod_vlan_vid:5,"
        "output:1\ntable=0,priority=0,actions=drop\n");
  CHECK_FALSE(stacksim::live::needs_openflow13(t));
  t.rules[1].actions = {"goto_table:1"};
  CHECK(stacksim::live::needs_openflow13(t));
}
