#pragma once
// The OpenStack control plane of a scenario (scenarios::Cloud) driven from Python: the scenario it
// was built from, Nova's volume attachments on top, and a clock Python advances in slices so that
// Ctrl-C (a signal seen by `interrupted`) can stop a long run between events.

#include <functional>
#include <optional>
#include <string>

#include "core/identity/request_context.hpp"
#include "core/image/image_data.hpp"
#include "core/image/image_service.hpp"
#include "core/volume/server_volumes.hpp"
#include "scenarios/cloud/cloud.hpp"

namespace stacksim::python {

class ControlPlane {
 public:
  /// Polled between events (every few thousand on a simulated clock); true stops the run.
  using Interrupted = std::function<bool()>;

  /// `database`: the control plane's SQLite file ("" keeps it in memory).
  ControlPlane(scenarios::Scenario scenario, const std::string& admin_password,
               const std::string& database);

  [[nodiscard]] scenarios::Cloud& cloud() noexcept { return cloud_; }
  [[nodiscard]] volume::ServerVolumes& server_volumes() noexcept { return server_volumes_; }
  [[nodiscard]] const scenarios::Scenario& scenario() const noexcept { return scenario_; }

  /// Seconds on the cloud's clock (simulated, or the wall clock of a live cloud).
  [[nodiscard]] double now();
  /// Runs every event due by `until_s` and sets the clock there; false when interrupted first.
  bool run_until(double until_s, const Interrupted& interrupted);
  /// Runs until nothing is pending (simulated clocks only); false when interrupted first.
  bool settle(const Interrupted& interrupted);
  /// Runs the next `events` events (simulated clocks only); false when none was left.
  bool step(std::uint64_t events);
  /// Pending events on the simulated clock.
  [[nodiscard]] std::size_t pending();

  /// Creates an image and uploads `data` from the image store's host (the clock runs until the
  /// upload finished, as for a client waiting on PUT /file); returns the active image.
  image::Image upload_image(const identity::RequestContext& ctx, const image::ImageCreate& create,
                            image::ImageData data);

 private:
  scenarios::Scenario scenario_;
  scenarios::Cloud cloud_;
  volume::ServerVolumes server_volumes_;
};

}  // namespace stacksim::python
