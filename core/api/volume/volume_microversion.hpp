#pragma once
// Cinder's microversions: a request asks for "OpenStack-API-Version: volume 3.x" (3.0 when it asks
// for none, "latest" for the newest); an unparsable value is a 400, one outside 3.0..max a 406, in
// Cinder's words. Every response says which version answered it.

#include "core/api/route_table.hpp"

namespace stacksim::api {

/// The newest Block Storage microversion served, as Cinder 21 (Zed) reports it.
inline constexpr int volume_max_minor = 70;

/// The minor part of the request's volume microversion (0 when none is asked for).
int volume_microversion_minor(const ApiRequest& r);

/// The microversion headers Cinder adds to every response (OpenStack-API-Version, Vary).
void add_volume_version_headers(HttpResponse& response, int minor);

/// Checks the requested microversion, runs `handler`, and adds the microversion headers.
/// `min_minor` is the first microversion that has the route (Cinder answers 404 below it, as for a
/// path it does not know).
SyncHandler volume_versioned(SyncHandler handler, int min_minor = 0);
/// The same for handlers that wait on the backend.
AsyncHandler volume_versioned(AsyncHandler handler, int min_minor = 0);

}  // namespace stacksim::api
