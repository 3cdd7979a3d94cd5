// bench_api: requests per second and latency percentiles of the REST API on loopback, measured by
// wrk (Debian's wrk) against an in-process server, beside the same requests handled in-process
// without HTTP (the reference: what the control loop alone sustains). Bounded: a few seconds per
// case.
//
//   bench_api [--seconds S] [--connections C]

#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <regex>
#include <stdexcept>
#include <string>
#include <thread>

#include "core/api/api_application.hpp"
#include "core/api/http_server.hpp"
#include "core/api/identity/identity_api.hpp"
#include "core/api/paced_loop.hpp"
#include "core/identity/identity_service.hpp"
#include "core/store/database.hpp"
#include "sim/engine/simulator.hpp"

using namespace stacksim;

namespace {

struct WrkResult {
  double requests_per_s = 0;
  std::string p50, p99;
  long long non_2xx = 0;
};

std::string run_command(const std::string& command) {
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  if (!pipe) throw std::runtime_error("cannot run: " + command);
  std::string out;
  std::array<char, 4096> buf{};
  while (std::fgets(buf.data(), buf.size(), pipe.get()) != nullptr)
    out += buf.data();
  return out;
}

WrkResult wrk(const std::string& url, const std::string& header1, const std::string& header2,
              int seconds, int connections) {
  const std::string command = "wrk -t2 -c" + std::to_string(connections) + " -d" +
                              std::to_string(seconds) + "s --latency -H '" + header1 + "' -H '" +
                              header2 + "' " + url + " 2>&1";
  const std::string out = run_command(command);
  WrkResult r;
  std::smatch m;
  if (std::regex_search(out, m, std::regex(R"(Requests/sec:\s+([0-9.]+))")))
    r.requests_per_s = std::stod(m[1]);
  if (std::regex_search(out, m, std::regex(R"(\n\s+50%\s+(\S+))"))) r.p50 = m[1];
  if (std::regex_search(out, m, std::regex(R"(\n\s+99%\s+(\S+))"))) r.p99 = m[1];
  if (std::regex_search(out, m, std::regex(R"(Non-2xx or 3xx responses:\s+(\d+))")))
    r.non_2xx = std::stoll(m[1]);
  if (r.requests_per_s == 0) throw std::runtime_error("wrk failed:\n" + out);
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  int seconds = 5;
  int connections = 16;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--seconds") seconds = std::atoi(argv[i + 1]);
    if (flag == "--connections") connections = std::atoi(argv[i + 1]);
  }
  sim::Simulator simulator;
  store::Database db = store::Database::open_in_memory();
  identity::IdentityConfig ic;
  ic.password_hash_rounds = 1000;
  ic.token_expiration = std::chrono::hours(24 * 365);
  identity::IdentityService keystone(db, simulator, ic);
  api::ApiApplication app({}, keystone, simulator);
  api::SimulationClock<sim::Simulator> clock(simulator);
  api::PacedLoop loop(clock, 1.0);
  api::HttpServerOptions http;
  http.port = 0;
  http.worker_threads = connections;
  api::HttpServer server(app, loop, http);
  const std::string url = "http://127.0.0.1:" + std::to_string(server.bind());
  app.set_public_url(url);
  identity::BootstrapOptions boot;
  boot.admin_password = "bench-admin";
  boot.public_url = boot.internal_url = boot.admin_url = url + "/v3";
  keystone.bootstrap(boot);
  api::IdentityApi identity_api(app);
  identity_api.add_routes(app.routes());

  identity::PasswordCredentials creds;
  creds.user_name = "admin";
  creds.password = "bench-admin";
  const std::string token =
      keystone.tokens()
          .issue(creds, identity::TokenScope::project(
                            keystone.directory().find_project("admin", "default").id))
          .id;

  // Reference: the same validation handled in-process on this thread, without HTTP.
  const int reference_n = 20000;
  const auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < reference_n; ++i) {
    api::HttpRequest r;
    r.method = "GET";
    r.path = "/v3/auth/tokens";
    r.headers.add("X-Auth-Token", token);
    r.headers.add("X-Subject-Token", token);
    app.handle(std::move(r), [](api::HttpResponse resp) {
      if (resp.status != 200) throw std::runtime_error("reference request failed");
    });
  }
  const double reference_rps =
      reference_n / std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  server.start();
  std::thread loop_thread([&] { loop.run(); });
  std::printf("bench_api: wrk -t2 -c%d -d%ds on loopback, 2 cores shared with wrk\n", connections,
              seconds);
  std::printf("%-34s %12s %10s %10s %8s\n", "case", "requests/s", "p50", "p99", "non-2xx");
  auto report = [&](const char* name, const WrkResult& r) {
    std::printf("%-34s %12.0f %10s %10s %8lld\n", name, r.requests_per_s, r.p50.c_str(),
                r.p99.c_str(), r.non_2xx);
  };
  const WrkResult validate = wrk(url + "/v3/auth/tokens", "X-Auth-Token: " + token,
                                 "X-Subject-Token: " + token, seconds, connections);
  report("GET /v3/auth/tokens (validate)", validate);
  const WrkResult catalog = wrk(url + "/v3/auth/catalog", "X-Auth-Token: " + token,
                                "Accept: application/json", seconds, connections);
  report("GET /v3/auth/catalog", catalog);
  const WrkResult projects = wrk(url + "/v3/projects", "X-Auth-Token: " + token,
                                 "Accept: application/json", seconds, connections);
  report("GET /v3/projects", projects);
  std::printf("reference: token validation in-process, no HTTP: %.0f requests/s\n", reference_rps);
  std::printf("ratio HTTP/in-process (validate): %.2f\n", validate.requests_per_s / reference_rps);
  server.stop();
  loop.stop();
  loop_thread.join();
  return 0;
}
