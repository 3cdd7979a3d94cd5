#include "python/src/control_plane.hpp"

#include <algorithm>
#include <chrono>
#include <stdexcept>

namespace stacksim::python {
namespace {

/// Events run between two looks at `interrupted` (a look takes the GIL).
constexpr std::uint64_t kEventsPerCheck = 4096;
/// Wall time a live cloud runs between two looks at `interrupted`.
constexpr runtime::Duration kLiveSlice = std::chrono::milliseconds(100);

scenarios::CloudOptions cloud_options(const std::string& admin_password,
                                      const std::string& database) {
  scenarios::CloudOptions options;
  options.admin_password = admin_password;
  options.database = database;
  return options;
}

runtime::Task<void> upload(image::ImageService& images, identity::RequestContext ctx,
                           std::string id, image::ImageData data, std::string source,
                           image::Image* out) {
  *out = co_await images.upload(std::move(ctx), std::move(id), std::move(data), std::move(source));
}

}  // namespace

ControlPlane::ControlPlane(scenarios::Scenario scenario, const std::string& admin_password,
                           const std::string& database)
    : scenario_(std::move(scenario)),
      cloud_(scenario_, cloud_options(admin_password, database)),
      server_volumes_(cloud_.compute(), cloud_.volumes(), cloud_.backend()) {
}

double ControlPlane::now() {
  return runtime::to_seconds(cloud_.executor().now());
}

bool ControlPlane::run_until(double until_s, const Interrupted& interrupted) {
  const runtime::TimePoint until{runtime::from_seconds(until_s)};
  if (!cloud_.simulated()) {
    runtime::Executor& clock = cloud_.executor();
    while (clock.now() < until) {
      if (interrupted()) return false;
      cloud_.run_until(std::min(until, clock.now() + kLiveSlice));
    }
    return true;
  }
  sim::Simulator& simulator = cloud_.simulator();
  std::uint64_t since_check = 0;
  for (;;) {
    const std::optional<runtime::TimePoint> next = simulator.next_event_time();
    if (!next || *next > until) break;
    if (++since_check == kEventsPerCheck) {
      since_check = 0;
      if (interrupted()) return false;
    }
    simulator.step();
  }
  simulator.run_until(until);  // nothing is due by then: moves the clock
  return true;
}

bool ControlPlane::settle(const Interrupted& interrupted) {
  sim::Simulator& simulator = cloud_.simulator();
  std::uint64_t since_check = 0;
  while (simulator.pending() > 0) {
    if (++since_check == kEventsPerCheck) {
      since_check = 0;
      if (interrupted()) return false;
    }
    simulator.step();
  }
  return true;
}

bool ControlPlane::step(std::uint64_t events) {
  sim::Simulator& simulator = cloud_.simulator();
  for (std::uint64_t i = 0; i < events; ++i) {
    if (!simulator.step()) return false;
  }
  return true;
}

std::size_t ControlPlane::pending() {
  return cloud_.simulator().pending();
}

image::Image ControlPlane::upload_image(const identity::RequestContext& ctx,
                                        const image::ImageCreate& create, image::ImageData data) {
  const image::Image created = cloud_.images().create(ctx, create);
  image::Image uploaded;
  cloud_.run(
      upload(cloud_.images(), ctx, created.id, std::move(data), cloud_.image_store(), &uploaded));
  return uploaded;
}

}  // namespace stacksim::python
