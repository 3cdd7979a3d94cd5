#pragma once
// Nova's exception classes (nova.exception) as the compute API raises them: class name, the HTTP
// status the API answers with, and the message text.

#include <cstdint>
#include <string>

#include "core/runtime/service_error.hpp"

namespace stacksim::compute {

using runtime::ServiceError;

inline ServiceError flavor_not_found(const std::string& id) {
  return {"FlavorNotFound", 404, "Flavor " + id + " could not be found."};
}
inline ServiceError flavor_exists(const std::string& name) {
  return {"FlavorExists", 409, "Flavor with name " + name + " already exists."};
}
inline ServiceError flavor_id_exists(const std::string& id) {
  return {"FlavorIdExists", 409, "Flavor with ID " + id + " already exists."};
}
inline ServiceError instance_not_found(const std::string& uuid) {
  return {"InstanceNotFound", 404, "Instance " + uuid + " could not be found."};
}
/// "Instance <uuid> in <attr> <state>. Cannot <method> while the instance is in this state."
inline ServiceError instance_invalid_state(const std::string& uuid, const std::string& attr,
                                           const std::string& state, const std::string& method) {
  return {"InstanceInvalidState", 409,
          "Instance " + uuid + " in " + attr + " " + state + ". Cannot " + method +
              " while the instance is in this state."};
}
inline ServiceError image_not_found() {
  return {"ImageNotFound", 400, "Can not find requested image"};
}
inline ServiceError image_not_active(const std::string& image_id) {
  return {"ImageNotActive", 400, "Image " + image_id + " is not active."};
}
inline ServiceError keypair_not_found(const std::string& name, const std::string& user_id) {
  return {"KeypairNotFound", 404, "Keypair " + name + " not found for user " + user_id};
}
inline ServiceError invalid_request(const std::string& message) {
  return {"InvalidRequest", 400, message};
}
inline ServiceError invalid_input(const std::string& reason) {
  return {"InvalidInput", 400, "Invalid input received: " + reason};
}
inline ServiceError instance_group_not_found(const std::string& uuid) {
  return {"InstanceGroupNotFound", 404, "Instance group " + uuid + " could not be found."};
}
inline ServiceError compute_host_not_found(const std::string& host) {
  return {"ComputeHostNotFound", 404, "Compute host " + host + " could not be found."};
}
inline ServiceError compute_service_unavailable(const std::string& host) {
  return {"ComputeServiceUnavailable", 409,
          "Compute service of " + host + " is unavailable at this time."};
}
inline ServiceError compute_service_in_use(const std::string& host) {
  return {"ComputeServiceInUse", 400, "Compute service of " + host + " is still in use."};
}
inline ServiceError no_valid_host(const std::string& reason) {
  return {"NoValidHost", 400, "No valid host was found. " + reason};
}

}  // namespace stacksim::compute
