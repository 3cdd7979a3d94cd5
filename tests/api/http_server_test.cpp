#include <httplib.h>
#include <catch2/catch.hpp>

#include <mutex>
#include <thread>

#include "core/api/http_server.hpp"
#include "core/api/paced_loop.hpp"
#include "tests/api/api_fixture.hpp"

using nlohmann::json;
using stacksim::testing::ApiFixture;

namespace {

/// The fixture's application served over loopback HTTP by a paced loop on its own thread.
struct LiveServer {
  ApiFixture fixture;
  stacksim::api::SimulationClock<stacksim::sim::Simulator> clock{fixture.sim()};
  stacksim::api::PacedLoop loop{clock, 60.0};
  std::unique_ptr<stacksim::api::HttpServer> server;
  std::thread loop_thread;
  int port = 0;
  std::mutex log_mutex;
  std::vector<std::string> log;

  explicit LiveServer(stacksim::api::ApiConfig config = {}) : fixture(std::move(config)) {
    fixture.app().set_access_log([this](const std::string& line) {
      std::lock_guard lock(log_mutex);
      log.push_back(line);
    });
    stacksim::api::HttpServerOptions o;
    o.port = 0;
    o.worker_threads = 4;
    server = std::make_unique<stacksim::api::HttpServer>(fixture.app(), loop, o);
    port = server->bind();
    server->start();
    loop_thread = std::thread([this] { loop.run(); });
  }
  ~LiveServer() {
    server->stop();
    loop.stop();
    loop_thread.join();
  }
  httplib::Client client() const { return httplib::Client("127.0.0.1", port); }
};

std::string auth_body() {
  return ApiFixture::password_auth("admin", "secret-admin-pw", "admin").dump();
}

}  // namespace

TEST_CASE("the HTTP server hands requests to the loop and returns OpenStack responses") {
  LiveServer s;
  httplib::Client c = s.client();
  auto root = c.Get("/");
  REQUIRE(root);
  CHECK(root->status == 300);
  auto tok = c.Post("/v3/auth/tokens", auth_body(), "application/json");
  REQUIRE(tok);
  CHECK(tok->status == 201);
  const std::string token = tok->get_header_value("X-Subject-Token");
  CHECK(token.size() == 64);
  CHECK(tok->get_header_value("Content-Type") == "application/json");
  CHECK(json::parse(tok->body)["token"]["project"]["name"] == "admin");

  auto projects = c.Get("/v3/projects", {{"X-Auth-Token", token}});
  REQUIRE(projects);
  CHECK(projects->status == 200);
  auto head = c.Head("/v3/auth/tokens", {{"X-Auth-Token", token}, {"X-Subject-Token", token}});
  REQUIRE(head);
  CHECK(head->status == 200);
  CHECK(head->body.empty());
  auto denied = c.Get("/v3/projects");
  REQUIRE(denied);
  CHECK(denied->status == 401);
  CHECK(denied->get_header_value("WWW-Authenticate").starts_with("Keystone uri="));
}

TEST_CASE("an upload beyond the server's limit is refused with 413 before it is read") {
  stacksim::api::ApiConfig config;
  config.max_upload_bytes = 1024;
  LiveServer s(config);
  httplib::Client c = s.client();
  auto big = c.Post("/v3/auth/tokens", std::string(200 * 1024, 'x'), "application/json");
  REQUIRE(big);
  CHECK(big->status == 413);
}

TEST_CASE("concurrent clients are served one request at a time on the loop") {
  LiveServer s;
  std::string token;
  {
    httplib::Client c = s.client();
    token = c.Post("/v3/auth/tokens", auth_body(), "application/json")
                ->get_header_value("X-Subject-Token");
  }
  std::atomic<int> ok{0};
  std::vector<std::thread> clients;
  for (int t = 0; t < 4; ++t) {
    clients.emplace_back([&] {
      httplib::Client c = s.client();
      for (int i = 0; i < 25; ++i) {
        auto r = c.Get("/v3/projects", {{"X-Auth-Token", token}});
        if (r && r->status == 200) ++ok;
      }
    });
  }
  for (auto& t : clients)
    t.join();
  CHECK(ok == 100);
}

TEST_CASE("the access log has method, path and status but never passwords or tokens") {
  LiveServer s;
  httplib::Client c = s.client();
  auto tok = c.Post("/v3/auth/tokens", auth_body(), "application/json");
  const std::string token = tok->get_header_value("X-Subject-Token");
  c.Get("/v3/auth/tokens", {{"X-Auth-Token", token}, {"X-Subject-Token", token}});
  c.Post("/v3/users", json{{"user", {{"name", "u"}, {"password", "hunter2-secret"}}}}.dump(),
         "application/json");
  std::lock_guard lock(s.log_mutex);
  REQUIRE(s.log.size() == 3);
  CHECK(s.log[0].find("\"POST /v3/auth/tokens\" 201") != std::string::npos);
  for (const std::string& line : s.log) {
    CHECK(line.find("secret-admin-pw") == std::string::npos);
    CHECK(line.find("hunter2-secret") == std::string::npos);
    CHECK(line.find(token) == std::string::npos);
  }
}
