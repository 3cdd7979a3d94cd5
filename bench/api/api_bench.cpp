// bench_api: requests per second and latency percentiles of the REST API on loopback, measured by
// wrk (Debian's wrk) against an in-process server over a scenarios::Cloud with 1,000 servers on a
// tenant network, beside the same requests handled in-process without HTTP (the reference: what
// the control loop alone sustains). Cases: token validation, GET /servers, GET /servers/detail and
// POST /servers. Bounded: a few seconds per case, plus building the servers.
//
//   bench_api [--seconds S] [--connections C] [--servers N] [--with-ports P] [--in-process-only]
//
// The first P servers (default 200) get a port on the network, the others boot without a NIC:
// each port's build recompiles the hosts' flows, which makes booting 1,000 ported servers take
// many minutes on a shared machine.

#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <optional>
#include <regex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

#include "core/api/api_application.hpp"
#include "core/api/compute/compute_api_routes.hpp"
#include "core/api/http_server.hpp"
#include "core/api/identity/identity_api.hpp"
#include "core/api/paced_loop.hpp"
#include "scenarios/cloud/cloud.hpp"
#include "scenarios/schema/scenario_loader.hpp"

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

/// wrk with the token header; `script`: a Lua file setting method and body (POST), or empty.
WrkResult wrk(const std::string& url, const std::string& token, const std::string& script,
              int seconds, int connections) {
  std::string command = "wrk -t2 -c" + std::to_string(connections) + " -d" +
                        std::to_string(seconds) + "s --latency -H 'X-Auth-Token: " + token +
                        "' -H 'X-Subject-Token: " + token + "' ";
  if (!script.empty()) command += "-s " + script + " ";
  const std::string out = run_command(command + url + " 2>&1");
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

/// 16 compute hosts: room for the servers at Nova's default allocation ratios.
scenarios::Scenario bench_scenario() {
  const nlohmann::json doc = {{"name", "api-bench"},
                              {"seed", 3},
                              {"datacenter",
                               {{"host_classes",
                                 {{{"name", "controller"},
                                   {"role", "controller"},
                                   {"hostnames", {"controller"}},
                                   {"vcpus", 8},
                                   {"memory_mb", 16384}},
                                  {{"name", "compute"},
                                   {"count", 16},
                                   {"vcpus", 16},
                                   {"memory_mb", 65536},
                                   {"disk_gb", 2000}}}}}}};
  return scenarios::parse_scenario(doc, "<api-bench>");
}

runtime::Task<void> upload_image(image::ImageService& images, identity::RequestContext admin,
                                 std::string id, std::string source) {
  image::ImageData data = image::ImageData::pattern(4096, 7);
  co_await images.upload(admin, std::move(id), std::move(data), std::move(source));
}

/// The admin project's quota lifted, a flavor, an image, and a /12 tenant network; returns the
/// boot request the benchmark repeats (one server on that network).
compute::ServerCreate prepare(scenarios::Cloud& cloud) {
  const identity::RequestContext& admin = cloud.admin();
  for (const char* resource : {"instances", "cores", "ram"})
    cloud.identity().quotas().set_limit(admin.project_id, resource, -1);
  compute::Flavor nano;
  nano.id = "0";
  nano.name = "m1.nano";
  nano.vcpus = 1;
  nano.memory_mb = 64;
  nano.root_gb = 1;
  cloud.compute().create_flavor(admin, nano);
  image::ImageCreate create;
  create.name = "cirros";
  create.disk_format = "qcow2";
  create.container_format = "bare";
  create.visibility = image::Visibility::public_;
  const std::string image_id = cloud.images().create(admin, create).id;
  cloud.run(upload_image(cloud.images(), admin, image_id, cloud.image_store()));
  network::NetworkRequest net;
  net.project_id = admin.project_id;
  net.name = "bench";
  const network::Network n = cloud.network().create_network(net);
  network::SubnetRequest subnet;
  subnet.project_id = admin.project_id;
  subnet.network_id = n.id;
  subnet.cidr = "10.0.0.0/12";
  cloud.network().create_subnet(subnet);

  compute::ServerCreate boot;
  boot.name = "bench";
  boot.flavor_id = nano.id;
  boot.image_id = image_id;
  boot.networks.mode = compute::NetworkRequest::Mode::listed;
  boot.networks.entries.push_back({n.id, "", ""});
  return boot;
}

api::HttpRequest request(const std::string& method, const std::string& path,
                         const std::string& token, std::string body = {}) {
  api::HttpRequest r;
  r.method = method;
  r.path = path;
  r.headers.add("X-Auth-Token", token);
  r.headers.add("X-Subject-Token", token);
  if (!body.empty()) r.headers.add("Content-Type", "application/json");
  r.body = std::move(body);
  r.remote_address = "127.0.0.1";
  return r;
}

/// Requests per second of `make()`'s request handled in-process, `n` times.
double in_process(api::ApiApplication& app, const std::function<api::HttpRequest()>& make, int n,
                  int expected_status) {
  const auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < n; ++i) {
    app.handle(make(), [expected_status](api::HttpResponse resp) {
      if (resp.status != expected_status) {
        throw std::runtime_error("reference request failed: " + std::to_string(resp.status) + " " +
                                 resp.body.substr(0, 200));
      }
    });
  }
  return n / std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

int main(int argc, char** argv) {
  int seconds = 5;
  int connections = 16;
  int servers = 1000;
  int with_ports = 200;
  bool http = true;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    const int value = i + 1 < argc ? std::atoi(argv[i + 1]) : 0;
    if (flag == "--in-process-only") {
      http = false;
      continue;
    }
    if (flag == "--seconds") seconds = value;
    if (flag == "--connections") connections = value;
    if (flag == "--servers") servers = value;
    if (flag == "--with-ports") with_ports = value;
    ++i;
  }
  scenarios::CloudOptions options;
  options.admin_password = "bench-admin";
  options.identity.password_hash_rounds = 1000;
  options.identity.token_expiration = std::chrono::hours(24 * 365);
  scenarios::Cloud cloud(bench_scenario(), options);
  api::ApiApplication app({}, cloud.identity(), cloud.executor());
  api::SimulationClock<sim::Simulator> clock(cloud.simulator());
  api::PacedLoop loop(clock, 1000.0);  // builds finish within a wall second
  api::HttpServerOptions http_options;
  http_options.port = 0;
  http_options.worker_threads = connections;
  api::HttpServer server(app, loop, http_options);
  const std::string url = "http://127.0.0.1:" + std::to_string(server.bind());
  app.set_public_url(url);
  api::IdentityApi identity_api(app);
  identity_api.add_routes(app.routes());
  api::ComputeApiRoutes compute_api(app, cloud.compute(), &cloud.network());
  compute_api.add_routes(app.routes());

  compute::ServerCreate boot = prepare(cloud);
  const auto setup0 = std::chrono::steady_clock::now();
  for (int made = 0; made < servers; made += 100) {
    compute::ServerCreate batch = boot;
    batch.min_count = batch.max_count = std::min(100, servers - made);
    if (made >= with_ports) batch.networks = {compute::NetworkRequest::Mode::none, {}};
    static_cast<void>(cloud.compute().create_servers(cloud.admin(), batch));
    cloud.settle();
  }
  const double setup_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - setup0).count();
  identity::PasswordCredentials creds;
  creds.user_name = "admin";
  creds.password = "bench-admin";
  const std::string token =
      cloud.identity()
          .tokens()
          .issue(creds, identity::TokenScope::project(cloud.admin().project_id))
          .id;
  const std::string servers_path = "/compute/v2.1/servers";
  const std::string boot_body = R"({"server": {"name": "wrk", "flavorRef": "0", "imageRef": ")" +
                                boot.image_id + R"(", "networks": [{"uuid": ")" +
                                boot.networks.entries.front().network_id + R"("}]}})";

  // References: the same requests handled in-process on this thread, without HTTP.
  struct Case {
    const char* name;
    std::string path;
    std::string body;  // POST when set
    int status;
    int reference_n;
  };
  const std::vector<Case> cases = {
      {"GET /v3/auth/tokens (validate)", "/v3/auth/tokens", "", 200, 20000},
      {"GET /servers", servers_path, "", 200, 2000},
      {"GET /servers/detail", servers_path + "/detail", "", 200, 100},
      {"POST /servers", servers_path, boot_body, 202, 200},
  };
  std::vector<double> reference;
  for (const Case& c : cases) {
    reference.push_back(in_process(
        app, [&] { return request(c.body.empty() ? "GET" : "POST", c.path, token, c.body); },
        c.reference_n, c.status));
    cloud.settle();  // the references' builds finish before the next case
  }
  std::printf(
      "bench_api: %d servers, %d of them with a port on a tenant network (built in %.1f s)\n",
      servers, std::min(servers, with_ports), setup_s);
  std::printf("%-32s %14s\n", "in-process reference", "requests/s");
  for (std::size_t i = 0; i < cases.size(); ++i)
    std::printf("%-32s %14.0f\n", cases[i].name, reference[i]);
  if (!http) return 0;

  const std::filesystem::path script =
      std::filesystem::temp_directory_path() / ("bench_api_post_" + std::to_string(getpid()));
  std::ofstream(script) << "wrk.method = \"POST\"\nwrk.headers[\"Content-Type\"] = "
                           "\"application/json\"\nwrk.body = '"
                        << boot_body << "'\n";
  server.start();
  std::thread loop_thread([&] { loop.run(); });
  std::printf("\nwrk -t2 -c%d -d%ds on loopback, 2 cores shared with wrk\n", connections, seconds);
  std::printf("%-32s %12s %10s %10s %8s %10s\n", "case", "requests/s", "p50", "p99", "non-2xx",
              "HTTP/ref");
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const Case& c = cases[i];
    const WrkResult r =
        wrk(url + c.path, token, c.body.empty() ? "" : script.string(), seconds, connections);
    std::printf("%-32s %12.0f %10s %10s %8lld %10.2f\n", c.name, r.requests_per_s, r.p50.c_str(),
                r.p99.c_str(), r.non_2xx, r.requests_per_s / reference[i]);
  }
  std::filesystem::remove(script);
  server.stop();
  loop.stop();
  loop_thread.join();
  return 0;
}
