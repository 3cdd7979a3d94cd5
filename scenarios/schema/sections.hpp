#pragma once
// Readers of the scenario file's sections (scenario_loader.cpp puts them together). Each reads
// its fields through JsonFields, so every error names the file and JSON path, and rejects keys it
// does not know.

#include <filesystem>

#include "scenarios/json_fields.hpp"
#include "scenarios/schema/scenario.hpp"

namespace stacksim::scenarios {

DatacenterSpec read_datacenter(const JsonFields& dc);
ControlPlaneSpec read_control_plane(const JsonFields& cp);
std::vector<FlavorSpec> read_flavors(const JsonFields& scenario);
/// Needs the flavors (generators name them) and the datacenter (normalised traces are scaled to
/// its largest host class).
WorkloadSpec read_workload(const JsonFields& w, const std::vector<FlavorSpec>& flavors,
                           const DatacenterSpec& dc, std::uint64_t seed,
                           const std::filesystem::path& base_dir);
LifetimeSpec read_lifetime(const JsonFields& l);
BackendSpec read_backend(const JsonFields& scenario);
/// Images and servers of the control plane; servers name flavors and images.
std::vector<ImageSpec> read_images(const JsonFields& scenario);
std::vector<ServerSpec> read_servers(const JsonFields& scenario,
                                     const std::vector<FlavorSpec>& flavors,
                                     const std::vector<ImageSpec>& images);
std::vector<FaultSpec> read_faults(const JsonFields& scenario, const DatacenterSpec& dc);
/// Reads the template (relative to `base_dir`) and checks it and the parameters as Heat would.
AutoscalingSpec read_autoscaling(const JsonFields& a, const std::filesystem::path& base_dir);
std::vector<RingEventSpec> read_ring_events(const JsonFields& scenario, const DatacenterSpec& dc);
RingReplicationSpec read_ring_replication(const JsonFields& r);

/// The names of every host the datacenter defines, in order (class by class).
std::vector<std::string> host_names(const DatacenterSpec& dc);

}  // namespace stacksim::scenarios
