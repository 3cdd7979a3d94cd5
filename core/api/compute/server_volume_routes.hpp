#pragma once
// Nova's os-volume_attachments (/compute/v2.1/servers/{server_id}/os-volume_attachments) over
// volume::ServerVolumes: list, attach (200 with the reservation; the export and the hypervisor's
// attach follow on the executor), show and detach (202). The view follows the microversion as
// Nova's: "id" until 2.88, "tag" from 2.70, "delete_on_termination" from 2.79, "attachment_id" and
// "bdm_uuid" from 2.89. `openstack server add volume` / `server remove volume` call these.

#include <nlohmann/json.hpp>

#include "core/api/api_application.hpp"
#include "core/volume/server_volumes.hpp"

namespace stacksim::api {

class ServerVolumeRoutes {
 public:
  ServerVolumeRoutes(ApiApplication& app, volume::ServerVolumes& server_volumes)
      : app_(app), server_volumes_(server_volumes) {}

  /// Adds the routes under the Compute API's prefix (ComputeApiRoutes::prefix + "/v2.1").
  void add_routes(RouteTable& routes);

 private:
  [[nodiscard]] static nlohmann::json view(const volume::VolumeAttachment& a, int minor);

  ApiApplication& app_;
  volume::ServerVolumes& server_volumes_;
};

}  // namespace stacksim::api
