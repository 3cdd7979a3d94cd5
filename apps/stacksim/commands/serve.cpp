// stacksim serve SCENARIO: the scenario's control plane (scenarios::Cloud: identity, images,
// compute, networking over the simulated datacenter) behind OpenStack's REST APIs on a loopback
// port, with the simulated clock paced to wall time (or, for a live scenario, on the live backend's
// wall clock), so the real `openstack` client can drive it
// and watch servers go BUILD -> ACTIVE.

#include <pthread.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "apps/stacksim/commands.hpp"
#include "core/api/api_application.hpp"
#include "core/api/compute/compute_api_routes.hpp"
#include "core/api/compute/server_volume_routes.hpp"
#include "core/api/dashboard/dashboard.hpp"
#include "core/api/http_server.hpp"
#include "core/api/identity/identity_api.hpp"
#include "core/api/image/image_api.hpp"
#include "core/api/network/network_api.hpp"
#include "core/api/object/object_api.hpp"
#include "core/api/orchestration/orchestration_api.hpp"
#include "core/api/paced_loop.hpp"
#include "core/api/volume/volume_api.hpp"
#include "core/api/wall_clock_loop.hpp"
#include "core/volume/server_volumes.hpp"
#include "scenarios/cloud/cloud.hpp"
#include "scenarios/schema/scenario_loader.hpp"
#include "sim/engine/simulator.hpp"

namespace stacksim::apps {
namespace {

struct ServeOptions {
  std::string scenario;
  std::string host = "127.0.0.1";
  int port = 5000;
  double speed = 1.0;
  std::string admin_user = "admin";
  std::string admin_password;
  std::string admin_project = "admin";
  std::string region = "RegionOne";
  std::string database;  // empty: in memory
  double token_expiration_s = 3600;
  std::size_t max_body_bytes = 114688;
  std::size_t max_upload_bytes = std::size_t{64} << 20;
  int workers = 8;
  bool log_requests = false;
  std::string swift_dir;  // empty: the rings are not written out
};

/// Blocks SIGINT and SIGTERM in every thread started after it; wait() returns when one arrives.
class StopSignals {
 public:
  StopSignals() {
    sigemptyset(&set_);
    sigaddset(&set_, SIGINT);
    sigaddset(&set_, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set_, nullptr);
  }
  void wait() const {
    int signal = 0;
    sigwait(&set_, &signal);
  }

 private:
  sigset_t set_{};
};

/// The services served, where they are mounted and how the catalog names them.
struct ServedService {
  const char* type;
  const char* name;
  std::string path;  // under the served URL
};

/// Registers each service's public, internal and admin endpoints at the served address, replacing
/// whatever the catalog held for that type (the bootstrap's placeholder, or a reopened database's
/// previous address).
void register_endpoints(identity::Catalog& catalog, const std::string& url,
                        const std::string& region, const std::vector<ServedService>& services) {
  for (const ServedService& s : services) {
    std::vector<identity::CatalogService> existing = catalog.list_services(s.type);
    const identity::CatalogService service =
        existing.empty() ? catalog.create_service(s.type, s.name) : existing.front();
    for (const identity::Endpoint& e : catalog.list_endpoints(service.id))
      catalog.delete_endpoint(e.id);
    for (const char* interface : {"public", "internal", "admin"})
      catalog.create_endpoint(service.id, interface, url + s.path, region);
  }
}

void serve(const ServeOptions& o) {
  if (o.admin_password.empty()) {
    throw std::invalid_argument(
        "--admin-password (or STACKSIM_ADMIN_PASSWORD) is required to bootstrap the admin user");
  }
  if (!(o.speed > 0)) throw std::invalid_argument("--speed must be positive");
  const scenarios::Scenario scenario = scenarios::load_scenario(o.scenario);
  const bool live = scenario.backend.type == "live";
  const StopSignals signals;

  scenarios::CloudOptions cloud_options;
  cloud_options.database = o.database;
  cloud_options.admin_password = o.admin_password;
  cloud_options.admin_user = o.admin_user;
  cloud_options.admin_project = o.admin_project;
  cloud_options.region = o.region;
  // Tokens last token_expiration_s of wall time, whatever the pace of the simulated clock.
  cloud_options.identity.token_expiration =
      runtime::from_seconds(o.token_expiration_s * (live ? 1.0 : o.speed));
  scenarios::Cloud cloud(scenario, cloud_options);

  api::ApiConfig config;
  config.max_body_bytes = o.max_body_bytes;
  config.max_upload_bytes = o.max_upload_bytes;
  config.epoch_unix_s = static_cast<std::int64_t>(std::time(nullptr));
  // The scenario's seed seeds every identifier, so two runs of a scenario hand out the same ids.
  config.request_id_seed = scenario.seed;
  config.region = o.region;
  api::ApiApplication app(config, cloud.identity(), cloud.executor());
  // The control loop: the simulated clock paced to wall time, or the live backend's executor.
  std::unique_ptr<api::SteppedClock> clock;
  std::unique_ptr<api::RequestLoop> loop;
  if (live) {
    loop = std::make_unique<api::WallClockLoop>(
        dynamic_cast<runtime::WallExecutor&>(cloud.executor()));
  } else {
    clock = std::make_unique<api::SimulationClock<sim::Simulator>>(cloud.simulator());
    loop = std::make_unique<api::PacedLoop>(*clock, o.speed);
  }
  api::HttpServerOptions http;
  http.host = o.host;
  http.port = o.port;
  http.worker_threads = o.workers;
  api::HttpServer server(app, *loop, http);
  const std::string url = "http://" + o.host + ":" + std::to_string(server.bind());
  app.set_public_url(url);

  register_endpoints(cloud.identity().catalog(), url, o.region,
                     {{"identity", "keystone", "/v3"},
                      {"compute", "nova", std::string(api::ComputeApiRoutes::prefix) + "/v2.1"},
                      {"image", "glance", api::ImageApi::prefix},
                      {"network", "neutron", api::NetworkApi::prefix},
                      // keystoneauth matches either as an alias of the other (os-service-types).
                      {"block-storage", "cinder", api::VolumeApi::catalog_path},
                      {"volumev3", "cinderv3", api::VolumeApi::catalog_path},
                      {"orchestration", "heat", api::OrchestrationApi::endpoint_path}});
  api::IdentityApi identity_api(app);
  identity_api.add_routes(app.routes());
  api::ComputeApiRoutes compute_api(app, cloud.compute(), &cloud.network());
  compute_api.add_routes(app.routes());
  api::ImageApi image_api(app, cloud.images(), cloud.image_store());
  image_api.add_routes(app.routes());
  api::NetworkApi network_api(app, cloud.network());
  network_api.add_routes(app.routes());
  api::VolumeApi volume_api(app, cloud.volumes());
  volume_api.add_routes(app.routes());
  volume::ServerVolumes server_volumes(cloud.compute(), cloud.volumes(), cloud.backend());
  api::ServerVolumeRoutes server_volume_routes(app, server_volumes);
  server_volume_routes.add_routes(app.routes());
  api::OrchestrationApi orchestration_api(app, cloud.orchestration());
  orchestration_api.add_routes(app.routes());
  std::vector<api::DashboardRing> rings;
  for (const scenarios::ScenarioRing& r : cloud.rings())
    rings.push_back({r.name, &r.builder});
  api::Dashboard dashboard(app, {cloud.compute(), cloud.network(), std::move(rings)});
  dashboard.add_routes(app.routes());
  // Swift's API when the scenario has an object ring: the proxy on the image store's host (the
  // controller) writes each object to the storage nodes its ring names, through the backend.
  std::optional<objectstore::ObjectService> objects;
  std::optional<api::ObjectApi> object_api;
  if (cloud.ring("object") != nullptr) {
    objectstore::ObjectCluster cluster(cloud.hash_path());
    for (const scenarios::ScenarioRing& r : cloud.rings())
      cluster.add_ring(r.name, r.builder.get_ring(), r.hosts);
    // Bytes move through the simulated datacenter; on live hosts only the placement is recorded.
    if (cloud.simulated()) cluster.set_storage(cloud.backend().storage(), cloud.image_store());
    if (!o.swift_dir.empty()) cluster.write_swift_dir(o.swift_dir);
    objects.emplace(cloud.database(), cloud.executor(), std::move(cluster));
    object_api.emplace(app, *objects);
    object_api->add_routes(app.routes());
    register_endpoints(
        cloud.identity().catalog(), url, o.region,
        {{"object-store", "swift", std::string(api::ObjectApi::prefix) + "/AUTH_%(project_id)s"}});
  }
  if (o.log_requests) {
    app.set_access_log([](const std::string& line) { std::fprintf(stderr, "%s\n", line.c_str()); });
  }

  server.start();
  char clock_text[64];
  if (live) {
    std::snprintf(clock_text, sizeof clock_text, "live backend, wall clock");
  } else {
    std::snprintf(clock_text, sizeof clock_text, "%gx wall time", o.speed);
  }
  std::printf("stacksim serve: listening on %s (identity v3 at %s/v3, clock %s)\n", url.c_str(),
              url.c_str(), clock_text);
  std::printf(
      "stacksim serve: serving identity, compute, image, network, volume, orchestration%s on %zu "
      "compute hosts%s\n",
      objects ? ", object-store" : "", cloud.compute_hosts().size(),
      objects ? "" : "; object-store needs an object ring (datacenter.storage.swift_rings)");
  std::printf("stacksim serve: dashboard at %s%s\n", url.c_str(), api::Dashboard::prefix);
  std::fflush(stdout);
  std::thread stopper([&] {
    signals.wait();
    server.stop();  // finishes requests in flight while the loop still runs
    loop->stop();
  });
  try {
    loop->run();
  } catch (...) {
    server.stop();
    kill(getpid(), SIGTERM);  // releases the stopper thread
    stopper.join();
    throw;
  }
  stopper.join();
}

}  // namespace

void register_serve(CLI::App& app) {
  auto o = std::make_shared<ServeOptions>();
  if (const char* pw = std::getenv("STACKSIM_ADMIN_PASSWORD")) o->admin_password = pw;
  CLI::App* cmd = app.add_subcommand(
      "serve", "Serve the control plane over OpenStack's REST APIs (the openstack client works)");
  cmd->add_option("scenario", o->scenario, "Scenario JSON file")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--host", o->host, "Address to listen on")->capture_default_str();
  cmd->add_option("--port", o->port, "Port (0: any free port)")->capture_default_str();
  cmd->add_option("--speed", o->speed, "Simulated seconds per wall second (1: real time)")
      ->capture_default_str();
  cmd->add_option("--admin-user", o->admin_user, "Bootstrap admin user")->capture_default_str();
  cmd->add_option("--admin-password", o->admin_password,
                  "Bootstrap admin password (default: $STACKSIM_ADMIN_PASSWORD)");
  cmd->add_option("--admin-project", o->admin_project, "Bootstrap admin project")
      ->capture_default_str();
  cmd->add_option("--region", o->region, "Region of the catalog endpoints")->capture_default_str();
  cmd->add_option("--database", o->database, "SQLite file for the control plane (default: memory)");
  cmd->add_option("--token-expiration", o->token_expiration_s, "Token lifetime, wall seconds")
      ->capture_default_str();
  cmd->add_option("--max-body-bytes", o->max_body_bytes, "Largest JSON request body (413 above)")
      ->capture_default_str();
  cmd->add_option("--max-upload-bytes", o->max_upload_bytes, "Largest upload (413 above)")
      ->capture_default_str();
  cmd->add_option("--workers", o->workers, "HTTP worker threads")->capture_default_str();
  cmd->add_option("--swift-dir", o->swift_dir,
                  "Write the scenario's rings and swift.conf here (as /etc/swift on a node)");
  cmd->add_flag("--log-requests", o->log_requests,
                "Log each request (method, path, status, size, time; never bodies or headers)");
  cmd->callback([o] { serve(*o); });
}

}  // namespace stacksim::apps
