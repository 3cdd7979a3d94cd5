// The dashboard in-process: login and its session cookie, what the page shows (hosts, instances
// with status and addresses, networks, rings, clock), escaping, RBAC, refresh, logout.

#include <catch2/catch.hpp>

#include <string>
#include <tuple>

#include "core/api/api_application.hpp"
#include "core/api/dashboard/dashboard.hpp"
#include "core/api/dashboard/form_body.hpp"
#include "core/objectstore/device.hpp"
#include "core/objectstore/ring_builder.hpp"
#include "tests/api/api_call.hpp"
#include "tests/network/networked_cloud.hpp"

namespace api = stacksim::api;
namespace compute = stacksim::compute;
namespace objectstore = stacksim::objectstore;
using stacksim::network::testing::NetworkedCloud;
using stacksim::testing::ApiReply;

namespace {

/// A three-zone object ring over hosts object1..3, rebalanced.
objectstore::RingBuilder object_ring() {
  objectstore::RingBuilder builder(6, 3, 1);
  for (int zone = 1; zone <= 3; ++zone) {
    builder.add_dev(
        objectstore::make_device(1, zone, "object" + std::to_string(zone), 6200, "sdb1", 100));
  }
  builder.rebalance(std::uint64_t{1}, 0);
  return builder;
}

/// The networked test cloud with the dashboard mounted on an API application.
struct DashboardCloud {
  NetworkedCloud cloud;
  objectstore::RingBuilder ring = object_ring();
  api::ApiApplication app{{}, cloud.keystone, cloud.sim};
  api::Dashboard dashboard{app, {*cloud.nova, cloud.neutron, {{"object", &ring}}}};

  DashboardCloud() { dashboard.add_routes(app.routes()); }

  ApiReply call(const std::string& method, const std::string& path, const std::string& cookie = {},
                std::string form = {}, api::HttpHeaders headers = {}) {
    if (!cookie.empty()) headers.add("Cookie", "theme=dark; stacksim_session=" + cookie);
    return stacksim::testing::run_request(
        app, cloud.sim, {method, path, {}, std::move(headers), std::move(form), "127.0.0.1"});
  }

  ApiReply login(const std::string& user, const std::string& password, const std::string& project) {
    return call("POST", "/dashboard/login", {},
                "username=" + user + "&password=" + password + "&project=" + project);
  }

  /// Logs in and returns the session cookie's value (the token).
  std::string session(const std::string& user, const std::string& password,
                      const std::string& project) {
    const ApiReply r = login(user, password, project);
    REQUIRE(r.status == 303);
    const std::string set_cookie = r.headers.get("Set-Cookie").value_or("");
    const std::string prefix = "stacksim_session=";
    REQUIRE(set_cookie.starts_with(prefix));
    return set_cookie.substr(prefix.size(), set_cookie.find(';') - prefix.size());
  }

  std::string page(const std::string& cookie) {
    const ApiReply r = call("GET", "/dashboard", cookie);
    REQUIRE(r.status == 200);
    return r.body;
  }

  /// A server of the admin project, built to ACTIVE.
  compute::Instance admin_server(const std::string& name) {
    compute::ServerCreate req;
    req.name = name;
    req.flavor_id = "2";
    req.image_id = cloud.image_id;
    req.networks.mode = compute::NetworkRequest::Mode::none;
    const std::string uuid = cloud.nova->create_servers(cloud.admin, req).instances.front().uuid;
    cloud.settle();
    return cloud.server(uuid);
  }
};

/// A browser's form post from `origin` to the dashboard at 127.0.0.1:5000.
api::HttpHeaders posted_from(const std::string& origin) {
  api::HttpHeaders h;
  h.add("Host", "127.0.0.1:5000");
  h.add("Origin", origin);
  return h;
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace

TEST_CASE("dashboard: login sets an HttpOnly, SameSite=Strict session cookie holding the token") {
  DashboardCloud d;
  const ApiReply r = d.login("admin", "secret", "admin");
  CHECK(r.status == 303);
  CHECK(r.headers.get("Location") == "/dashboard");
  const std::string cookie = r.headers.get("Set-Cookie").value_or("");
  CHECK(contains(cookie, "; Path=/dashboard"));
  CHECK(contains(cookie, "; HttpOnly"));
  CHECK(contains(cookie, "; SameSite=Strict"));
  const std::string token = d.session("admin", "secret", "admin");
  CHECK(d.cloud.keystone.tokens().validate(token).project->name == "admin");
  // Signed in, the login form sends the browser back to the dashboard.
  CHECK(d.call("GET", "/dashboard/login", token).status == 303);
}

TEST_CASE("dashboard: wrong credentials, unknown projects and missing cookies get no session") {
  DashboardCloud d;
  for (const auto& [user, password, project] :
       {std::tuple{"admin", "wrong", "admin"}, std::tuple{"admin", "secret", "nosuch"},
        std::tuple{"alice", "pw", "admin"}}) {
    const ApiReply r = d.login(user, password, project);
    CHECK(r.status == 401);
    CHECK_FALSE(r.headers.contains("Set-Cookie"));
    CHECK(contains(r.body, "Invalid user name, password or project."));
  }
  CHECK(d.login("admin", "", "admin").status == 400);
  const ApiReply page = d.call("GET", "/dashboard");
  CHECK(page.status == 303);
  CHECK(page.headers.get("Location") == "/dashboard/login");
  CHECK(d.call("GET", "/dashboard", "not-a-token").status == 303);
  CHECK(d.call("GET", "/dashboard/sections").status == 401);
  const ApiReply form = d.call("GET", "/dashboard/login");
  CHECK(form.status == 200);
  CHECK(form.content_type == "text/html; charset=utf-8");
  CHECK(contains(form.body, "name=\"password\" type=\"password\""));
}

TEST_CASE("dashboard: the admin sees hosts with utilisation, instances, networks, rings, clock") {
  DashboardCloud d;
  const auto net = d.cloud.tenant_network("selfservice", "172.16.1.0/24");
  const compute::Instance vm = d.cloud.boot("web-1");
  REQUIRE(vm.vm_state == compute::VmState::active);
  const std::string token = d.session("admin", "secret", "admin");
  const ApiReply r = d.call("GET", "/dashboard", token);
  REQUIRE(r.status == 200);
  const std::string& html = r.body;
  CHECK(contains(r.headers.get("Content-Security-Policy").value_or(""), "default-src 'none'"));
  CHECK(r.headers.get("Cache-Control") == "no-store");
  CHECK(contains(html, "Signed in as <b>admin</b> in project <b>admin</b> (admin)"));
  // Hosts: both computes, up, with the m1.small (1 vCPU, 2048 MB, 1 GB) on one of them.
  CHECK(contains(html, "<tr class=\"host\" data-name=\"compute1\"><td>compute1</td><td>up</td>"));
  CHECK(contains(html, "<tr class=\"host\" data-name=\"compute2\">"));
  CHECK(contains(html, "value=\"2048\"></meter> 2048 / "));
  CHECK(contains(html, "value=\"1\"></meter> 1 / "));
  // The instance: name, ACTIVE, its host, flavor and address on the tenant network.
  const std::string row_start = "<tr class=\"instance\" data-id=\"" + vm.uuid + "\">";
  REQUIRE(contains(html, row_start));
  const std::string row = html.substr(html.find(row_start), 400);
  CHECK(contains(row, "<td>web-1</td><td class=\"status\">ACTIVE</td><td>" + vm.host + "</td>"));
  CHECK(contains(row, "<td>m1.small</td><td>selfservice=172.16.1."));
  // The network with its subnet.
  CHECK(contains(html, "<tr class=\"network\" data-id=\"" + net.id + "\"><td>selfservice</td>"));
  CHECK(contains(html, " 172.16.1.0/24 gateway 172.16.1.1</li>"));
  // The ring: 64 partitions x 3 replicas over three equal devices, 64 each, balance 0.
  CHECK(contains(html, "<h3>object ring</h3><p>64 partitions, 3.00 replicas, balance 0.00"));
  CHECK(contains(html,
                 "<tr class=\"device\"><td>0</td><td>1</td><td>1</td><td>object1:6200</td>"
                 "<td>sdb1</td><td>100.00</td><td>64</td><td>0.00</td></tr>"));
  // The simulated clock, in seconds since the simulation started.
  CHECK(contains(html, "<section id=\"clock\">"));
  CHECK(contains(html, " s since the simulation started"));
  // The refresh endpoint returns the same sections.
  const ApiReply sections = d.call("GET", "/dashboard/sections", token);
  CHECK(sections.status == 200);
  CHECK(contains(sections.body, row_start));
  CHECK_FALSE(contains(sections.body, "<html"));
}

TEST_CASE("dashboard: a member sees its project's instances; hosts and rings are admin only") {
  DashboardCloud d;
  compute::NetworkRequest no_network;
  no_network.mode = compute::NetworkRequest::Mode::none;
  const compute::Instance mine = d.cloud.boot("alice-vm", no_network);
  const compute::Instance theirs = d.admin_server("admin-vm");
  const std::string admin = d.page(d.session("admin", "secret", "admin"));
  CHECK(contains(admin, "alice-vm"));
  CHECK(contains(admin, "admin-vm"));
  const std::string member = d.page(d.session("alice", "pw", "demo"));
  CHECK(contains(member, "Signed in as <b>alice</b> in project <b>demo</b></p>"));
  CHECK(contains(member, "data-id=\"" + mine.uuid + "\""));
  CHECK_FALSE(contains(member, "admin-vm"));
  CHECK_FALSE(contains(member, theirs.uuid));
  CHECK(contains(member, "<section id=\"hosts\"><h2>Hosts</h2><p class=\"admin-only\">"));
  CHECK(contains(member, "<section id=\"rings\"><h2>Rings</h2><p class=\"admin-only\">"));
  CHECK_FALSE(contains(member, "class=\"host\""));
  CHECK_FALSE(contains(member, "class=\"device\""));
  // Nova hides an instance's host from members.
  CHECK_FALSE(contains(member, "<td>" + mine.host + "</td>"));
  CHECK(contains(member, "<td class=\"admin-only\">admin only</td>"));
}

TEST_CASE("dashboard: names from tenants are escaped") {
  DashboardCloud d;
  d.cloud.tenant_network("<img src=x onerror=alert(1)>", "10.0.0.0/24");
  d.cloud.boot("<script>alert(\"x\")</script>&'");
  const std::string html = d.page(d.session("alice", "pw", "demo"));
  CHECK_FALSE(contains(html, "<script>alert"));
  CHECK_FALSE(contains(html, "<img src=x"));
  CHECK(contains(html, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;"));
  CHECK(contains(html, "&lt;img src=x onerror=alert(1)&gt;"));
}

TEST_CASE("dashboard: logout revokes the token and clears the cookie") {
  DashboardCloud d;
  const std::string token = d.session("alice", "pw", "demo");
  const ApiReply out = d.call("POST", "/dashboard/logout", token);
  CHECK(out.status == 303);
  CHECK(out.headers.get("Location") == "/dashboard/login");
  CHECK(contains(out.headers.get("Set-Cookie").value_or(""), "stacksim_session=; "));
  CHECK(contains(out.headers.get("Set-Cookie").value_or(""), "Max-Age=0"));
  CHECK_THROWS(d.cloud.keystone.tokens().validate(token));
  CHECK(d.call("GET", "/dashboard", token).status == 303);
  CHECK(d.call("GET", "/dashboard/sections", token).status == 401);
}

TEST_CASE("dashboard: form posts from another origin are refused") {
  DashboardCloud d;
  const std::string body = "username=admin&password=secret&project=admin";
  CHECK(d.call("POST", "/dashboard/login", {}, body, posted_from("http://evil.example")).status ==
        403);
  CHECK(d.call("POST", "/dashboard/login", {}, body, posted_from("http://127.0.0.1:5000")).status ==
        303);
  // Browsers send "Origin: null" from sandboxed frames and under a no-referrer policy.
  CHECK(d.call("POST", "/dashboard/login", {}, body, posted_from("null")).status == 403);
  const std::string token = d.session("admin", "secret", "admin");
  CHECK(d.call("POST", "/dashboard/logout", token, {}, posted_from("http://evil.example")).status ==
        403);
  CHECK_NOTHROW(d.cloud.keystone.tokens().validate(token));
}

TEST_CASE("dashboard: the stylesheet and script are served by the dashboard itself") {
  DashboardCloud d;
  const ApiReply css = d.call("GET", "/dashboard/static/dashboard.css");
  CHECK(css.status == 200);
  CHECK(css.content_type == "text/css; charset=utf-8");
  const ApiReply js = d.call("GET", "/dashboard/static/dashboard.js");
  CHECK(js.status == 200);
  CHECK(contains(js.body, "/dashboard/sections"));
  CHECK_FALSE(contains(d.call("GET", "/dashboard/login").body, "http"));  // nothing external
}

TEST_CASE("dashboard: form bodies and cookies are decoded") {
  const auto form = api::parse_form("username=al%69ce&password=p%26w+d%3D&project=&x");
  CHECK(api::form_value(form, "username") == "alice");
  CHECK(api::form_value(form, "password") == "p&w d=");
  CHECK(api::form_value(form, "project").empty());
  CHECK(api::form_value(form, "x").empty());
  CHECK_THROWS(api::parse_form("password=%zz"));
  CHECK_THROWS(api::parse_form("password=%4"));
  api::HttpHeaders headers;
  headers.add("cookie", "a=1;  stacksim_session=abc ; b=2");
  CHECK(api::cookie_value(headers, "stacksim_session") == "abc");
  CHECK(api::cookie_value(headers, "b") == "2");
  CHECK_FALSE(api::cookie_value(headers, "c"));
}
