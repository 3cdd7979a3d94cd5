#include <catch2/catch.hpp>

#include "core/orchestration/template_error.hpp"
#include "tests/orchestration/heat_cloud.hpp"

using namespace stacksim;

namespace {

const char* network_stack = R"(
heat_template_version: 2018-08-31
parameters:
  cidr: {type: string, default: 10.0.0.0/24}
resources:
  net:
    type: OS::Neutron::Net
    properties: {name: {str_replace: {template: "net-$stack", params: {$stack: {get_param: "OS::stack_name"}}}}}
  subnet:
    type: OS::Neutron::Subnet
    properties: {network: {get_resource: net}, cidr: {get_param: cidr}}
outputs:
  net_name: {value: {get_attr: [net, name]}}
  joined: {value: {list_join: ["-", [a, b], [{get_param: cidr}]]}}
  gateway: {value: {get_attr: [subnet, gateway_ip]}}
)";

std::vector<std::string> statuses(const std::vector<orchestration::StackEvent>& events,
                                  const std::string& resource) {
  std::vector<std::string> out;
  for (const orchestration::StackEvent& e : events)
    if (e.resource_name == resource) out.push_back(e.status);
  return out;
}

std::string servers_template(int count, const std::string& flavor) {
  std::string text = "heat_template_version: 2018-08-31\nresources:\n";
  for (int i = 0; i < count; ++i) {
    text += "  web" + std::to_string(i) +
            ":\n    type: OS::Nova::Server\n    properties: {flavor: " + flavor +
            ", image: cirros}\n";
  }
  return text;
}

}  // namespace

TEST_CASE("a network stack is created, resolves its outputs and is deleted") {
  testing::HeatCloud cloud(1);
  const orchestration::Stack stack = cloud.create("demo", network_stack);
  REQUIRE(stack.status == "CREATE_COMPLETE");
  auto res = cloud.resources(stack.id);
  REQUIRE(res.size() == 2);
  const network::Network net = cloud.neutron.get_network(res["net"].data.physical_id);
  CHECK(net.name == "net-demo");
  CHECK(cloud.neutron.get_subnet(res["subnet"].data.physical_id).network_id == net.id);
  const nlohmann::json out = cloud.heat.outputs(cloud.alice, stack.id);
  CHECK(out["net_name"]["value"] == "net-demo");
  CHECK(out["joined"]["value"] == "a-b-10.0.0.0/24");
  CHECK(out["gateway"]["value"] == "10.0.0.1");
  // Events: the net completes before the subnet starts.
  const auto events = cloud.heat.events(cloud.alice, stack.id);
  CHECK(statuses(events, "net") ==
        std::vector<std::string>{"CREATE_IN_PROGRESS", "CREATE_COMPLETE"});
  std::size_t net_done = 0, subnet_start = 0;
  for (std::size_t i = 0; i < events.size(); ++i) {
    if (events[i].resource_name == "net" && events[i].status == "CREATE_COMPLETE") net_done = i;
    if (events[i].resource_name == "subnet" && events[i].status == "CREATE_IN_PROGRESS") {
      subnet_start = i;
    }
  }
  CHECK(net_done < subnet_start);
  CHECK_THROWS_WITH(cloud.create("demo", network_stack), "The Stack (demo) already exists.");

  cloud.run(cloud.heat.delete_stack(cloud.alice, stack.id));
  CHECK(cloud.neutron.list_networks(cloud.project_id).size() == 1);  // only "public" is left
  CHECK_THROWS_WITH(cloud.heat.get_stack(cloud.alice, stack.id),
                    "The Stack (" + stack.id + ") could not be found.");
}

TEST_CASE("independent servers are created in parallel") {
  testing::HeatCloud cloud(4);
  const runtime::TimePoint start = cloud.sim.now();
  const orchestration::Stack stack = cloud.create("farm", servers_template(4, "m1.small"));
  REQUIRE(stack.status == "CREATE_COMPLETE");
  const double took = runtime::to_seconds(cloud.sim.now() - start);
  // One build takes about 20 s (the test backend's spawn delay); four in a row would take 80 s.
  CHECK(took >= 20);
  CHECK(took < 30);
  CHECK(cloud.live_servers() == 4);
  // The four CREATE_IN_PROGRESS events come before any CREATE_COMPLETE.
  const auto events = cloud.heat.events(cloud.alice, stack.id);
  int started = 0;
  for (const orchestration::StackEvent& e : events) {
    if (e.status == "CREATE_COMPLETE" && e.resource_name != "farm") break;
    if (e.status == "CREATE_IN_PROGRESS" && e.resource_name != "farm") ++started;
  }
  CHECK(started == 4);
}

TEST_CASE("a failed create rolls back what was made") {
  testing::HeatCloud cloud(2);
  const std::string text =
      std::string(network_stack).substr(0, std::string(network_stack).find("outputs:")) +
      "  big:\n    type: OS::Nova::Server\n    depends_on: subnet\n"
      "    properties: {flavor: huge, image: cirros}\n";
  const orchestration::Stack stack = cloud.create("fails", text);
  CHECK(stack.status == "ROLLBACK_COMPLETE");
  CHECK_THAT(stack.status_reason, Catch::StartsWith("Resource CREATE failed: big: Went to status "
                                                    "ERROR"));
  CHECK(cloud.resources(stack.id).empty());
  CHECK(cloud.neutron.list_networks(cloud.project_id).size() == 1);
  CHECK(cloud.live_servers() == 0);
  const auto events = cloud.heat.events(cloud.alice, stack.id);
  CHECK(statuses(events, "net") == std::vector<std::string>{"CREATE_IN_PROGRESS", "CREATE_COMPLETE",
                                                            "DELETE_IN_PROGRESS",
                                                            "DELETE_COMPLETE"});

  // Without rollback the stack stays CREATE_FAILED with what was made.
  const orchestration::Stack kept = cloud.create("kept", text, {}, false);
  CHECK(kept.status == "CREATE_FAILED");
  CHECK(cloud.resources(kept.id).at("net").status == "CREATE_COMPLETE");
  CHECK(cloud.resources(kept.id).at("big").status == "CREATE_FAILED");
}

TEST_CASE("an update replaces only the resources that changed") {
  testing::HeatCloud cloud(2);
  const std::string with_server =
      std::string(network_stack).substr(0, std::string(network_stack).find("outputs:")) +
      "  web:\n    type: OS::Nova::Server\n"
      "    properties: {flavor: m1.tiny, image: cirros, networks: [{network: {get_resource: "
      "net}}]}\n";
  const orchestration::Stack stack = cloud.create("app", with_server);
  REQUIRE(stack.status == "CREATE_COMPLETE");
  auto before = cloud.resources(stack.id);
  CHECK(cloud.neutron.instance_ports(before["web"].data.physical_id).size() == 1);

  // A new flavor replaces the server; the network and subnet are kept.
  std::string v2 = with_server;
  v2.replace(v2.find("m1.tiny"), 7, "m1.small");
  const orchestration::Stack updated = cloud.update(stack.id, v2);
  REQUIRE(updated.status == "UPDATE_COMPLETE");
  auto after = cloud.resources(stack.id);
  CHECK(after["net"].data.physical_id == before["net"].data.physical_id);
  CHECK(after["subnet"].data.physical_id == before["subnet"].data.physical_id);
  CHECK(after["web"].data.physical_id != before["web"].data.physical_id);
  CHECK(cloud.server(after["web"].data.physical_id).flavor.id == "2");
  CHECK(cloud.live_servers() == 1);

  // Dropping the server deletes it.
  const orchestration::Stack dropped = cloud.update(stack.id, network_stack);
  REQUIRE(dropped.status == "UPDATE_COMPLETE");
  CHECK(cloud.resources(stack.id).size() == 2);
  CHECK(cloud.live_servers() == 0);

  // A new parameter value replaces the subnet; the network it refers to is kept.
  const orchestration::Stack cidr =
      cloud.update(stack.id, network_stack, {{"cidr", "10.1.0.0/24"}});
  INFO(cidr.status_reason);
  REQUIRE(cidr.status == "UPDATE_COMPLETE");
  auto third = cloud.resources(stack.id);
  CHECK(third["subnet"].data.physical_id != after["subnet"].data.physical_id);
  CHECK(third["net"].data.physical_id == after["net"].data.physical_id);
  CHECK(cloud.neutron.get_network(third["net"].data.physical_id).subnets.size() == 1);

  // A failing update rolls back to the previous resources.
  std::string bad = with_server;
  bad.replace(bad.find("m1.tiny"), 7, "huge");
  const orchestration::Stack failed = cloud.update(stack.id, bad);
  CHECK(failed.status == "ROLLBACK_COMPLETE");
  CHECK(cloud.resources(stack.id).size() == 2);
  CHECK(cloud.live_servers() == 0);
}
