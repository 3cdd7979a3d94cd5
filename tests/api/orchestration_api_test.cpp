#include <catch2/catch.hpp>

#include <algorithm>
#include <optional>

#include "core/api/api_application.hpp"
#include "core/api/identity/identity_api.hpp"
#include "core/api/orchestration/orchestration_api.hpp"
#include "tests/api/api_call.hpp"
#include "tests/orchestration/heat_cloud.hpp"

using nlohmann::json;
namespace api = stacksim::api;
using stacksim::testing::ApiReply;

namespace {

// A network, a subnet and a server on it: the server's build takes simulated time, so the stack
// is seen in progress before it completes.
const char* web_stack = R"(
heat_template_version: 2018-08-31
description: one server on its own network
parameters:
  flavor: {type: string, default: m1.tiny}
  cidr: {type: string, default: 10.0.0.0/24}
resources:
  net:
    type: OS::Neutron::Net
  subnet:
    type: OS::Neutron::Subnet
    properties: {network: {get_resource: net}, cidr: {get_param: cidr}}
  web:
    type: OS::Nova::Server
    depends_on: subnet
    properties:
      flavor: {get_param: flavor}
      image: cirros
      networks: [{network: {get_resource: net}}]
outputs:
  address:
    description: the server's address
    value: {get_attr: [web, first_address]}
  gateway:
    value: {get_attr: [subnet, gateway_ip]}
)";

/// The Heat test cloud (compute, network, telemetry, orchestration) behind the Identity and
/// Orchestration APIs, called in-process.
struct HeatOverHttp {
  stacksim::testing::HeatCloud cloud{2};
  api::ApiApplication app{{}, cloud.keystone, cloud.sim};
  api::IdentityApi identity{app};
  api::OrchestrationApi heat{app, cloud.heat};
  std::string alice;  // a token of alice in project "demo"

  HeatOverHttp() {
    identity.add_routes(app.routes());
    heat.add_routes(app.routes());
    alice = token("alice", "pw", "demo");
  }

  ApiReply call(const std::string& method, const std::string& path, const std::string& token,
                const std::optional<json>& body = std::nullopt) {
    return stacksim::testing::run_request(
        app, cloud.sim, stacksim::testing::make_request(method, path, body, token, {}));
  }

  /// A call under /orchestration/v1/<project of "demo">.
  ApiReply heat_call(const std::string& method, const std::string& path,
                     const std::optional<json>& body = std::nullopt) {
    return call(method, v1() + path, alice, body);
  }
  [[nodiscard]] std::string v1() const { return "/orchestration/v1/" + cloud.project_id; }

  std::string token(const std::string& user, const std::string& password,
                    const std::string& project) {
    const ApiReply r = call("POST", "/v3/auth/tokens", "",
                            stacksim::testing::password_auth(user, password, project));
    REQUIRE(r.status == 201);
    return r.header("X-Subject-Token");
  }

  /// Creates a stack; returns its id.
  std::string create(const std::string& name, const std::string& tmpl, json parameters = {}) {
    const ApiReply r =
        heat_call("POST", "/stacks",
                  json{{"stack_name", name},
                       {"template", tmpl},
                       {"parameters", parameters.is_null() ? json::object() : parameters},
                       {"disable_rollback", true}});
    REQUIRE(r.status == 201);
    return r.json()["stack"]["id"];
  }
};

void check_heat_error(const ApiReply& r, int code, const std::string& type) {
  CHECK(r.status == code);
  const json body = r.json();
  CHECK(body["code"] == code);
  CHECK(body["error"]["type"] == type);
  CHECK(body["error"]["traceback"].is_null());
  CHECK(body["title"].is_string());
  CHECK(body["explanation"] == body["error"]["message"]);
}

std::vector<std::string> stack_statuses(const json& events, const std::string& stack) {
  std::vector<std::string> out;
  for (const json& e : events)
    if (e["resource_name"] == stack) out.push_back(e["resource_status"]);
  return out;
}

}  // namespace

TEST_CASE("orchestration: a stack is created asynchronously, polled, shown and deleted") {
  HeatOverHttp h;
  const ApiReply created = h.heat_call("POST", "/stacks",
                                       json{{"stack_name", "web"},
                                            {"template", web_stack},
                                            {"parameters", {{"cidr", "10.9.0.0/24"}}},
                                            {"timeout_mins", 10}});
  REQUIRE(created.status == 201);
  const std::string id = created.json()["stack"]["id"];
  const std::string self = "http://127.0.0.1:5000" + h.v1() + "/stacks/web/" + id;
  CHECK(created.json()["stack"]["links"][0] == json{{"href", self}, {"rel", "self"}});
  CHECK(created.headers.get("Location") == self);

  // Answered before the server is built: the stack is in progress.
  const ApiReply polled = h.heat_call("GET", "/stacks/web/" + id);
  REQUIRE(polled.status == 200);
  CHECK(polled.json()["stack"]["stack_status"] == "CREATE_IN_PROGRESS");
  h.cloud.settle();

  // Lookup by name or id redirects to /stacks/{name}/{id}, keeping the subpath and the query.
  for (const std::string& name_or_id : {std::string("web"), id}) {
    const ApiReply lookup = h.heat_call("GET", "/stacks/" + name_or_id);
    CHECK(lookup.status == 302);
    CHECK(lookup.headers.get("Location") == self);
  }
  CHECK(h.heat_call("GET", "/stacks/web/events?sort_dir=desc").headers.get("Location") ==
        self + "/events?sort_dir=desc");

  const json stack = h.heat_call("GET", "/stacks/web/" + id).json()["stack"];
  CHECK(stack["stack_status"] == "CREATE_COMPLETE");
  CHECK(stack["stack_status_reason"] == "Stack CREATE completed successfully");
  CHECK(stack["description"] == "one server on its own network");
  CHECK(stack["disable_rollback"] == true);  // Heat's default
  CHECK(stack["parameters"]["cidr"] == "10.9.0.0/24");
  CHECK(stack["parameters"]["flavor"] == "m1.tiny");
  CHECK(stack["parameters"]["OS::stack_id"] == id);
  CHECK(stack["parameters"]["OS::project_id"] == h.cloud.project_id);
  CHECK(stack["creation_time"].get<std::string>().ends_with("Z"));
  CHECK(stack["updated_time"].is_null());
  json outputs = json::object();
  for (const json& o : stack["outputs"])
    outputs[o["output_key"].get<std::string>()] = o;
  CHECK(outputs["gateway"]["output_value"] == "10.9.0.1");
  CHECK(outputs["address"]["description"] == "the server's address");
  CHECK(outputs["address"]["output_value"].get<std::string>().starts_with("10.9.0."));

  const json list = h.heat_call("GET", "/stacks").json()["stacks"];
  REQUIRE(list.size() == 1);
  CHECK(list[0]["stack_name"] == "web");
  CHECK(list[0]["stack_status"] == "CREATE_COMPLETE");
  CHECK(!list[0].contains("parameters"));

  // Resources, with what needs them and their physical ids.
  const json resources = h.heat_call("GET", "/stacks/web/" + id + "/resources").json()["resources"];
  REQUIRE(resources.size() == 3);
  json by_name = json::object();
  for (const json& r : resources)
    by_name[r["resource_name"].get<std::string>()] = r;
  CHECK(by_name["net"]["resource_type"] == "OS::Neutron::Net");
  CHECK(by_name["net"]["required_by"] == json{"subnet", "web"});
  CHECK(by_name["web"]["resource_status"] == "CREATE_COMPLETE");
  const std::string server_id = by_name["web"]["physical_resource_id"];
  CHECK(h.cloud.server(server_id).vm_state == stacksim::compute::VmState::active);
  const json web = h.heat_call("GET", "/stacks/web/" + id + "/resources/web").json()["resource"];
  CHECK(web["attributes"]["first_address"] == outputs["address"]["output_value"]);
  check_heat_error(h.heat_call("GET", "/stacks/web/" + id + "/resources/db"), 404,
                   "ResourceNotFound");

  // Events: the stack's own, in order; paged with a marker; per resource.
  const json events = h.heat_call("GET", "/stacks/web/" + id + "/events").json()["events"];
  CHECK(stack_statuses(events, "web").front() == "CREATE_IN_PROGRESS");
  CHECK(stack_statuses(events, "web").back() == "CREATE_COMPLETE");
  const json first = events[0];
  CHECK(first["physical_resource_id"] == id);
  CHECK(first["links"][2] == json{{"href", self}, {"rel", "stack"}});
  const std::string marker = first["id"];
  const json rest =
      h.heat_call("GET", "/stacks/web/" + id + "/events?marker=" + marker).json()["events"];
  CHECK(rest.size() == events.size() - 1);
  const json two = h.heat_call("GET", "/stacks/web/" + id + "/events?limit=2").json()["events"];
  CHECK(two.size() == 2);
  const json net_events =
      h.heat_call("GET", "/stacks/web/" + id + "/resources/net/events").json()["events"];
  REQUIRE(net_events.size() == 2);
  CHECK(net_events[1]["resource_status"] == "CREATE_COMPLETE");
  const std::string event_id = net_events[1]["id"];
  const json event =
      h.heat_call("GET", "/stacks/web/" + id + "/resources/net/events/" + event_id).json()["event"];
  CHECK(event["resource_type"] == "OS::Neutron::Net");

  // Outputs and the template.
  const json keys = h.heat_call("GET", "/stacks/web/" + id + "/outputs").json()["outputs"];
  CHECK(keys.size() == 2);
  const json gateway =
      h.heat_call("GET", "/stacks/web/" + id + "/outputs/gateway").json()["output"];
  CHECK(gateway ==
        json{{"output_key", "gateway"}, {"output_value", "10.9.0.1"}, {"description", ""}});
  check_heat_error(h.heat_call("GET", "/stacks/web/" + id + "/outputs/nope"), 404, "NotFound");
  const json tmpl = h.heat_call("GET", "/stacks/web/" + id + "/template").json();
  CHECK(tmpl["heat_template_version"] == "2018-08-31");
  CHECK(tmpl["resources"]["web"]["type"] == "OS::Nova::Server");

  // A second stack of the same name is a conflict.
  const ApiReply again =
      h.heat_call("POST", "/stacks", json{{"stack_name", "web"}, {"template", web_stack}});
  check_heat_error(again, 409, "StackExists");

  // Delete answers at once; the stack is gone once its resources are.
  CHECK(h.heat_call("DELETE", "/stacks/web/" + id).status == 204);
  CHECK(h.heat_call("GET", "/stacks/web/" + id).json()["stack"]["stack_status"] ==
        "DELETE_IN_PROGRESS");
  h.cloud.settle();
  check_heat_error(h.heat_call("GET", "/stacks/web/" + id), 404, "StackNotFound");
  CHECK(h.heat_call("GET", "/stacks/web/" + id).json()["error"]["message"] ==
        "The Stack (" + id + ") could not be found.");
  CHECK(h.heat_call("GET", "/stacks").json()["stacks"].empty());
  CHECK(h.cloud.live_servers() == 0);
}

TEST_CASE("orchestration: updates replace what changed, asynchronously") {
  HeatOverHttp h;
  const std::string id = h.create("app", web_stack);
  h.cloud.settle();
  const std::string before = h.heat_call("GET", "/stacks/app/" + id + "/resources/web")
                                 .json()["resource"]["physical_resource_id"];
  // PATCH keeps the template and changes a parameter: the server is replaced.
  const ApiReply patched =
      h.heat_call("PATCH", "/stacks/app/" + id, json{{"parameters", {{"flavor", "m1.small"}}}});
  CHECK(patched.status == 202);
  CHECK(h.heat_call("GET", "/stacks/app/" + id).json()["stack"]["stack_status"] ==
        "UPDATE_IN_PROGRESS");
  h.cloud.settle();
  const json stack = h.heat_call("GET", "/stacks/app/" + id).json()["stack"];
  CHECK(stack["stack_status"] == "UPDATE_COMPLETE");
  CHECK(stack["parameters"]["flavor"] == "m1.small");
  CHECK(!stack["updated_time"].is_null());
  const std::string after = h.heat_call("GET", "/stacks/app/" + id + "/resources/web")
                                .json()["resource"]["physical_resource_id"];
  CHECK(after != before);

  // PUT needs a template; a bad parameter is refused before anything changes.
  check_heat_error(h.heat_call("PUT", "/stacks/app/" + id, json{{"parameters", json::object()}}),
                   400, "HTTPBadRequest");
  const ApiReply bad = h.heat_call("PUT", "/stacks/app/" + id,
                                   json{{"template", web_stack}, {"parameters", {{"nope", "1"}}}});
  check_heat_error(bad, 400, "StackValidationFailed");
  CHECK_THAT(bad.json()["error"]["message"].get<std::string>(), Catch::Contains("parameters.nope"));
  CHECK(h.heat_call("GET", "/stacks/app/" + id).json()["stack"]["stack_status"] ==
        "UPDATE_COMPLETE");
}

TEST_CASE("orchestration: template validation and its errors name the template path") {
  HeatOverHttp h;
  const ApiReply ok = h.heat_call("POST", "/validate", json{{"template", web_stack}});
  REQUIRE(ok.status == 200);
  const json v = ok.json();
  CHECK(v["Description"] == "one server on its own network");
  CHECK(v["Parameters"]["flavor"] == json{{"Type", "String"},
                                          {"Default", "m1.tiny"},
                                          {"Description", ""},
                                          {"Label", "flavor"},
                                          {"NoEcho", "false"}});

  std::string broken = web_stack;
  broken.replace(broken.find("{get_resource: net}, cidr"), 19, "{get_resource: nett}");
  const ApiReply invalid = h.heat_call("POST", "/validate", json{{"template", broken}});
  check_heat_error(invalid, 400, "HTTPBadRequest");
  CHECK_THAT(invalid.json()["error"]["message"].get<std::string>(),
             Catch::Contains("resources.subnet.properties.network") && Catch::Contains("nett"));

  // The same template refused at creation: nothing is recorded.
  const ApiReply create =
      h.heat_call("POST", "/stacks", json{{"stack_name", "broken"}, {"template", broken}});
  check_heat_error(create, 400, "StackValidationFailed");
  CHECK_THAT(create.json()["error"]["message"].get<std::string>(),
             Catch::Contains("resources.subnet.properties.network"));
  CHECK(h.heat_call("GET", "/stacks").json()["stacks"].empty());

  // Unknown types, bad YAML, missing templates, template URLs and bad names.
  const ApiReply type = h.heat_call("POST", "/validate",
                                    json{{"template",
                                          {{"heat_template_version", "2018-08-31"},
                                           {"resources", {{"x", {{"type", "OS::Nova::Nope"}}}}}}}});
  check_heat_error(type, 400, "HTTPBadRequest");
  CHECK_THAT(type.json()["error"]["message"].get<std::string>(),
             Catch::Contains("resources.x.type") && Catch::Contains("OS::Nova::Nope"));
  check_heat_error(h.heat_call("POST", "/validate", json{{"template", "a: [b"}}), 400,
                   "HTTPBadRequest");
  const ApiReply none = h.heat_call("POST", "/stacks", json{{"stack_name", "x"}});
  check_heat_error(none, 400, "HTTPBadRequest");
  CHECK(none.json()["error"]["message"] == "No template specified");
  check_heat_error(h.heat_call("POST", "/stacks",
                               json{{"stack_name", "x"}, {"template_url", "http://x/t.yaml"}}),
                   400, "HTTPBadRequest");
  check_heat_error(
      h.heat_call("POST", "/stacks", json{{"stack_name", "9lives"}, {"template", web_stack}}), 400,
      "StackValidationFailed");
  check_heat_error(
      h.heat_call("POST", "/stacks",
                  json{{"stack_name", "t"}, {"template", web_stack}, {"timeout_mins", 0}}),
      400, "ValidationError");

  const json info = h.heat_call("GET", "/build_info").json();
  CHECK(info["api"]["revision"] == "unknown");

  const json types = h.heat_call("GET", "/resource_types").json()["resource_types"];
  CHECK(std::find(types.begin(), types.end(), "OS::Cinder::VolumeAttachment") != types.end());
  CHECK(std::is_sorted(types.begin(), types.end()));
  const json nova = h.heat_call("GET", "/resource_types?name=^OS::Nova::").json();
  CHECK(nova["resource_types"] ==
        json::array({"OS::Nova::KeyPair", "OS::Nova::Server", "OS::Nova::ServerGroup"}));
  check_heat_error(h.heat_call("GET", "/resource_types?name=("), 400, "HTTPBadRequest");
}

TEST_CASE("orchestration: another project's stacks are invisible") {
  HeatOverHttp h;
  const std::string id = h.create("mine", web_stack);
  h.cloud.settle();
  // bob is a member of another project.
  auto& directory = h.cloud.keystone.directory();
  const stacksim::identity::Project other = directory.create_project("other", "default");
  const stacksim::identity::User bob = directory.create_user("bob", "default", "pw");
  directory.grant_project_role(directory.find_role("member").id, bob.id, other.id);
  const std::string token = h.token("bob", "pw", "other");
  const std::string base = "/orchestration/v1/" + other.id;

  CHECK(h.call("GET", base + "/stacks", token).json()["stacks"].empty());
  const ApiReply by_name = h.call("GET", base + "/stacks/mine", token);
  check_heat_error(by_name, 404, "StackNotFound");
  CHECK(by_name.json()["error"]["message"] == "The Stack (mine) could not be found.");
  check_heat_error(h.call("GET", base + "/stacks/mine/" + id, token), 404, "StackNotFound");
  check_heat_error(h.call("DELETE", base + "/stacks/mine/" + id, token), 404, "StackNotFound");
  // The owner's project in the path is refused outright.
  check_heat_error(h.call("GET", h.v1() + "/stacks", token), 403, "HTTPForbidden");
  // Unknown paths under the service answer in Heat's format too; no token is a 401.
  check_heat_error(h.call("GET", base + "/nothing", token), 404, "NotFound");
  CHECK(h.call("GET", base + "/stacks", "").status == 401);

  // The administrator sees every project's stacks when asking for them.
  const std::string admin = h.token("admin", "secret", "admin");
  const std::string admin_base = "/orchestration/v1/" + h.cloud.admin.project_id;
  CHECK(h.call("GET", admin_base + "/stacks", admin).json()["stacks"].empty());
  const json all = h.call("GET", admin_base + "/stacks?global_tenant=true", admin).json()["stacks"];
  REQUIRE(all.size() == 1);
  CHECK(all[0]["project"] == h.cloud.project_id);
}

TEST_CASE("orchestration: the catalog endpoint names the token's project") {
  HeatOverHttp h;
  auto& catalog = h.cloud.keystone.catalog();
  const stacksim::identity::CatalogService service =
      catalog.create_service("orchestration", "heat");
  catalog.create_endpoint(
      service.id, "public",
      "http://127.0.0.1:5000" + std::string(api::OrchestrationApi::endpoint_path), "RegionOne");
  const std::string token = h.token("alice", "pw", "demo");
  const ApiReply catalog_reply = h.call("GET", "/v3/auth/catalog", token);
  REQUIRE(catalog_reply.status == 200);
  std::string url;
  const json entries = catalog_reply.json()["catalog"];
  for (const json& entry : entries)
    if (entry["type"] == "orchestration") url = entry["endpoints"][0]["url"];
  CHECK(url == "http://127.0.0.1:5000/orchestration/v1/" + h.cloud.project_id);
  // The version root is Heat's 300 Multiple Choices.
  const ApiReply root = h.call("GET", "/orchestration", "");
  CHECK(root.status == 300);
  CHECK(root.json()["versions"][0]["id"] == "v1.0");
}
