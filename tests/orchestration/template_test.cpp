#include <catch2/catch.hpp>

#include "core/orchestration/dependency_graph.hpp"
#include "core/orchestration/parameters.hpp"
#include "core/orchestration/template_error.hpp"
#include "tests/orchestration/heat_cloud.hpp"

using namespace stacksim;
using orchestration::TemplateError;

namespace {

std::string error_of(const std::string& text, std::map<std::string, std::string> params = {}) {
  testing::HeatCloud cloud(1);
  try {
    (void)cloud.heat.validate(text, "", params);
  } catch (const TemplateError& e) {
    return e.what();
  }
  return "";
}

const char* net_pair = R"(
heat_template_version: 2018-08-31
resources:
  net:
    type: OS::Neutron::Net
  web:
    type: OS::Nova::Server
    properties:
      flavor: m1.small
      image: cirros
      networks:
        - network: {get_resource: net2}
)";

}  // namespace

TEST_CASE("template errors name the template path") {
  CHECK(error_of(net_pair) ==
        "resources.web.properties.networks[0].network: unknown resource 'net2'");
  CHECK(error_of("heat_template_version: 2099-01-01\nresources: {}\n") ==
        "heat_template_version: unknown version '2099-01-01'");
  CHECK(error_of("heat_template_version: 2018-08-31\n") == "resources: missing");
  CHECK(error_of("heat_template_version: 2018-08-31\nresources:\n  a: {type: OS::Nova::Thing}\n") ==
        "resources.a.type: unknown resource type 'OS::Nova::Thing'");
  CHECK(error_of("heat_template_version: 2018-08-31\nresources:\n  a:\n    type: OS::Neutron::Net\n"
                 "    properties: {colour: red}\n") ==
        "resources.a.properties.colour: unknown property of OS::Neutron::Net");
  CHECK(error_of(
            "heat_template_version: 2018-08-31\nresources:\n  a:\n    type: OS::Neutron::Subnet\n"
            "    properties: {network: x}\n") ==
        "resources.a.properties.cidr: required property is missing");
  CHECK(error_of("heat_template_version: 2018-08-31\nresources:\n  a:\n    type: OS::Neutron::Net\n"
                 "    propertes: {}\n") == "resources.a.propertes: unknown key");
  CHECK(error_of("heat_template_version: 2018-08-31\nresources:\n  a: {type: OS::Neutron::Net}\n"
                 "  b:\n    type: OS::Neutron::Subnet\n    properties:\n      network: "
                 "{get_attr: [a, colour]}\n      cidr: 10.0.0.0/24\n") ==
        "resources.b.properties.network: resource 'a' (OS::Neutron::Net) has no attribute "
        "'colour'");
  CHECK(error_of("heat_template_version: 2018-08-31\nresources:\n  a:\n    type: OS::Neutron::Net\n"
                 "    properties: {name: {get_param: missing}}\n") ==
        "resources.a.properties.name: unknown parameter 'missing'");
  CHECK(error_of("heat_template_version: 2018-08-31\nresources:\n  a:\n    type: OS::Neutron::Net\n"
                 "    depends_on: [zz]\n") == "resources.a.depends_on[0]: unknown resource 'zz'");
  CHECK_THAT(error_of("heat_template_version: 2018-08-31\nresources: [\n"),
             Catch::Contains("line 3, column 1"));
}

TEST_CASE("dependency cycles are rejected with the cycle") {
  const std::string text = R"(
heat_template_version: 2018-08-31
resources:
  a: {type: OS::Neutron::Net, depends_on: c}
  b: {type: OS::Neutron::Net, depends_on: a}
  c: {type: OS::Neutron::Net, depends_on: b}
  d: {type: OS::Neutron::Net}
)";
  CHECK(error_of(text) == "resources: circular dependency: a -> c -> b -> a");
}

TEST_CASE("dependency order puts every resource after what it needs") {
  const orchestration::HotTemplate t = orchestration::parse_template(R"(
heat_template_version: 2018-08-31
resources:
  web:
    type: OS::Nova::Server
    properties: {flavor: m1.small, image: cirros, networks: [{network: {get_resource: net}}]}
    depends_on: [iface]
  iface:
    type: OS::Neutron::RouterInterface
    properties: {router: {get_resource: router}, subnet: {get_resource: subnet}}
  router: {type: OS::Neutron::Router}
  subnet:
    type: OS::Neutron::Subnet
    properties: {network: {get_resource: net}, cidr: 10.0.0.0/24}
  net: {type: OS::Neutron::Net}
)",
                                                                     "");
  const orchestration::DependencyGraph g(t);
  const std::vector<std::string> order = g.creation_order();
  const auto pos = [&](const std::string& n) {
    return std::find(order.begin(), order.end(), n) - order.begin();
  };
  CHECK(pos("net") < pos("subnet"));
  CHECK(pos("subnet") < pos("iface"));
  CHECK(pos("router") < pos("iface"));
  CHECK(pos("iface") < pos("web"));
  CHECK(g.dependencies("web") == std::vector<std::string>{"iface", "net"});
  CHECK(g.dependents("net") == std::vector<std::string>{"subnet", "web"});
}

TEST_CASE("parameters are typed, defaulted and constrained") {
  const std::string text = R"(
heat_template_version: 2018-08-31
parameters:
  count:
    type: number
    default: 2
    constraints: [{range: {min: 1, max: 5}}]
  name:
    type: string
    constraints:
      - length: {min: 3, max: 8}
      - allowed_pattern: "[a-z]+"
  flavor:
    type: string
    default: m1.small
    constraints: [{allowed_values: [m1.tiny, m1.small], description: "tiny or small"}]
  zones: {type: comma_delimited_list, default: "a, b"}
  debug: {type: boolean, default: false}
  extra: {type: json, default: {k: 1}}
resources:
  a: {type: OS::Neutron::Net}
)";
  const orchestration::HotTemplate t = orchestration::parse_template(text, "");
  const nlohmann::json v = orchestration::resolve_parameters(t, {{"name", "web"}});
  CHECK(v["count"] == 2);
  CHECK(v["zones"] == nlohmann::json({"a", "b"}));
  CHECK(v["debug"] == false);
  CHECK(v["extra"]["k"] == 1);
  CHECK(orchestration::resolve_parameters(t, {{"name", "web"}, {"count", "4"}})["count"] == 4);
  CHECK(error_of(text, {{"name", "web"}, {"count", "9"}}) ==
        "parameters.count: value '9' does not satisfy range min 1 max 5");
  CHECK(error_of(text, {{"name", "web"}, {"count", "many"}}) ==
        "parameters.count: value 'many' is not a number");
  CHECK(error_of(text, {{"name", "ab"}}) ==
        "parameters.name: value 'ab' does not satisfy length min 3 max 8");
  CHECK(error_of(text, {{"name", "Web1"}}) ==
        "parameters.name: value 'Web1' does not satisfy pattern '[a-z]+'");
  CHECK(error_of(text, {{"name", "web"}, {"flavor", "huge"}}) ==
        "parameters.flavor: value 'huge' does not satisfy tiny or small");
  CHECK(error_of(text) == "parameters.name: no value given and no default");
  CHECK(error_of(text, {{"name", "web"}, {"colour", "red"}}) ==
        "parameters.colour: the template has no such parameter");
}
