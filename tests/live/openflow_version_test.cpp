// What the live OVS driver hands ovs-ofctl: the shared ovs-ofctl rendering and the OpenFlow
// version a table needs.

#include <catch2/catch.hpp>

#include "core/runtime/ofctl_text.hpp"
#include "live/openflow_version.hpp"

TEST_CASE("openflow version: rules render in ovs-ofctl syntax, multi-table needs OpenFlow 1.3") {
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
  CHECK(stacksim::runtime::to_ofctl(t) ==
        "table=0,priority=10,cookie=0xbeef,tcp,in_port=3,tp_dst=22,actions=mod_vlan_vid:5,"
        "output:1\ntable=0,priority=0,actions=drop\n");
  CHECK_FALSE(stacksim::live::needs_openflow13(t));
  t.rules[1].actions = {"goto_table:1"};
  CHECK(stacksim::live::needs_openflow13(t));
}
