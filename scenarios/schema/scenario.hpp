#pragma once
// A scenario as loaded and validated from its JSON file (docs/scenarios.md is the reference).
// Sections: datacenter (host classes, topology, storage), control_plane (scheduler, allocation
// ratios, latencies), flavors, workload (generators or a trace), faults, telemetry, outputs,
// autoscaling.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "scenarios/schema/ring_events_spec.hpp"
#include "scenarios/traces/trace_source.hpp"

namespace stacksim::scenarios {

struct PowerSpec {
  double idle_w = 0;  // at 0 % CPU
  double max_w = 0;   // at 100 % of the physical cores
};

/// Identical hosts. Compute hosts take instances; controller, network and storage nodes are
/// modelled for topology, Swift devices and faults only.
struct HostClass {
  std::string name;
  std::string role = "compute";  // compute, controller, network, storage
  std::int64_t count = 0;
  std::vector<std::string> hostnames;  // explicit names (count of them), else <name>-<i>
  std::int64_t vcpus = 0;
  std::int64_t memory_mb = 0;
  std::optional<std::int64_t> disk_gb;  // absent: disk is not a constraint
  std::string availability_zone = "nova";
  std::vector<std::string> aggregates;
  std::map<std::string, std::string> properties;  // for attribute constraints (aggregate metadata)
  std::optional<double> cpu_allocation_ratio;     // per-host overrides of the control plane's
  std::optional<double> ram_allocation_ratio;
  std::optional<double> disk_allocation_ratio;
  PowerSpec power{100, 300};

  /// The i-th host's name: hostnames[i] when given, else <name>-<i>.
  [[nodiscard]] std::string host_name(std::int64_t i) const {
    return hostnames.empty() ? name + "-" + std::to_string(i)
                             : hostnames[static_cast<std::size_t>(i)];
  }
};

struct TopologySpec {
  std::string kind = "none";  // none, fat-tree, leaf-spine
  int k = 4;                  // fat-tree
  int tiers = 2, pods = 1, leaves = 4, spines = 2, super_spines_per_plane = 1,
      hosts_per_leaf = 4;  // leaf-spine
  double host_gbps = 10, fabric_gbps = 10, spine_gbps = 40;
  double latency_us = 1;
  int availability_zones = 1;  // fat-tree
};

struct SwiftDevice {
  std::string host;
  std::string device;
  double weight = 100;
  double size_gb = 0;
};

struct SwiftZone {
  int region = 1;
  int zone = 1;
  std::vector<SwiftDevice> devices;
};

struct SwiftRingSpec {
  std::string name = "object";
  int part_power = 10;
  double replicas = 3;
  int min_part_hours = 1;
  std::vector<SwiftZone> zones;
};

struct BlockBackend {
  std::string name;
  std::string host;
  double capacity_gb = 0;
};

struct StorageSpec {
  std::vector<SwiftRingSpec> rings;
  std::vector<BlockBackend> block_backends;
};

struct DatacenterSpec {
  std::vector<HostClass> host_classes;
  TopologySpec topology;
  StorageSpec storage;
};

struct SchedulerSpec {
  std::string placement_policy = "nova";     // nova, best-fit, first-fit, worst-fit
  std::vector<std::string> enabled_filters;  // empty: Nova's defaults
  std::vector<std::string> weight_classes;   // empty: Nova's defaults
  std::map<std::string, double> weigher_multipliers;
  int host_subset_size = 1;
  bool shuffle_best_same_weighed_hosts = false;
  int max_attempts = 3;
};

struct ControlPlaneSpec {
  SchedulerSpec scheduler;
  double cpu_allocation_ratio = 16.0;  // Nova's initial_*_allocation_ratio
  double ram_allocation_ratio = 1.5;
  double disk_allocation_ratio = 1.0;
  std::int64_t reserved_host_cpus = 0;
  std::int64_t reserved_host_memory_mb = 512;
  std::int64_t reserved_host_disk_gb = 0;
  double api_latency_s = 0;        // request accepted -> conductor
  double rpc_latency_s = 0;        // each RPC hop (conductor -> scheduler -> compute)
  double scheduler_latency_s = 0;  // one placement decision
  double boot_time_s = 0;          // claimed -> ACTIVE
};

struct FlavorSpec {
  std::string name;
  std::int64_t vcpus = 0;
  std::int64_t memory_mb = 0;
  std::int64_t disk_gb = 0;
};

struct LifetimeSpec {
  std::string distribution =
      "exponential";              // exponential, fixed, uniform, lognormal, weibull, forever
  double mean_s = 0;              // exponential
  double value_s = 0;             // fixed
  double min_s = 0, max_s = 0;    // uniform
  double mu = 0, sigma = 0;       // lognormal (of ln seconds)
  double shape = 0, scale_s = 0;  // weibull
};

struct GeneratorSpec {
  std::string name;
  std::string kind;  // poisson, diurnal, bursty, batch
  // poisson
  double rate_per_s = 0;
  // diurnal: rate(t) = mean_rate * (1 + amplitude * cos(2 pi (t - peak_s) / period_s))
  double mean_rate_per_s = 0;
  double amplitude = 0;
  double period_s = 86400;
  double peak_s = 0;
  // bursty: a two-state Markov-modulated Poisson process
  double base_rate_per_s = 0;
  double burst_rate_per_s = 0;
  double mean_burst_s = 0;
  double mean_quiet_s = 0;
  // batch: `size` requests at first_s, then every every_s
  std::int64_t size = 0;
  double first_s = 0;
  std::optional<double> every_s;
  // all kinds
  std::vector<std::pair<std::string, double>> flavor_weights;  // flavor name, relative weight
  LifetimeSpec lifetime;
  std::string tenant;
  std::string server_group;         // empty: none
  std::string server_group_policy;  // anti-affinity, affinity
  double start_s = 0;
  std::optional<double> end_s;
  std::optional<std::int64_t> max_arrivals;
};

struct WorkloadSpec {
  std::vector<GeneratorSpec> generators;
  std::optional<TraceSpec> trace;
  std::optional<std::int64_t> max_arrivals;  // stop right after this many arrivals in all
  bool machines_from_trace = false;          // hosts from the trace's machine list
};

struct FaultSpec {
  std::string kind;  // host-down, host-mtbf, rack-down
  // host-down / rack-down
  double at_s = 0;
  std::vector<std::string> hosts;  // host-down: names
  std::string rack;                // rack-down
  std::int64_t count = 0;          // host-down: this many random compute hosts instead of names
  std::optional<double> repair_after_s;
  // host-mtbf
  std::string host_class;                    // empty: every compute host
  std::string distribution = "exponential";  // exponential, weibull (time to failure)
  double mtbf_s = 0;
  double shape = 1;
  double mttr_s = 0;
  // all
  bool evacuate = false;
};

struct TelemetrySpec {
  double interval_s = 300;
  bool host_samples = false;  // per-host rows as well as datacenter totals
};

struct OutputsSpec {
  std::string database;  // results SQLite file; empty: none (unless given on the command line)
  std::string csv_dir;   // CSV export of every table
  std::string json;      // JSON export
  std::string report;    // HTML report
  bool record_decisions = true;
  bool record_instances = true;
};

/// Which backend the control plane drives. "simulated": the datacenter section's model; "live":
/// real hosts through libvirt and Open vSwitch, configured by the rest of the section
/// (docs/live.md), kept as JSON text for live::read_live_backend_config.
struct BackendSpec {
  std::string type = "simulated";
  std::string live_config;  // the backend section as JSON text, when type is "live"
};

/// An image the control plane has at the start (Glance), uploaded by the admin as public.
struct ImageSpec {
  std::string name;
  std::string id;  // empty: Glance chooses
  std::string disk_format = "qcow2";
  std::string container_format = "bare";
  std::int64_t size_bytes = 0;
};

/// Servers booted through the compute API at a given time (the install guides' "launch an
/// instance"); they run until the end of the run.
struct ServerSpec {
  std::string name;
  std::string flavor;
  std::string image;
  std::int64_t count = 1;  // a multi-create request (min_count = max_count = count)
  double at_s = 0;
};

/// The autoscaling experiment (core/orchestration/autoscaling_experiment.hpp): a Heat stack with an
/// AutoScalingGroup, its policies and alarms, under a diurnal CPU demand shared by the members.
struct AutoscalingSpec {
  std::string template_file;  // as resolved against the scenario's directory
  std::string template_text;
  std::string stack_name = "autoscaling";
  std::map<std::string, std::string> parameters;
  std::string group_resource = "asg";  // the OS::Heat::AutoScalingGroup in the template
  // demand(t) = mean_vcpus * (1 - amplitude * cos(2 pi (t - trough_s) / period_s))
  double mean_vcpus = 4;
  double amplitude = 0.6;
  double period_s = 86400;
  double trough_s = 0;
  double bytes_per_vcpu_second = 1e6;  // disk and network traffic per unit of work
  double duration_s = 86400;
  double sample_interval_s = 300;
};

struct Scenario {
  std::string file;
  std::string text;  // the scenario as run (overrides applied), for the results
  std::string name;
  std::string description;
  std::uint64_t seed = 1;
  std::optional<double> duration_s;
  DatacenterSpec datacenter;
  ControlPlaneSpec control_plane;
  std::vector<FlavorSpec> flavors;
  BackendSpec backend;
  std::vector<ImageSpec> images;
  std::vector<ServerSpec> servers;
  WorkloadSpec workload;
  std::vector<FaultSpec> faults;
  std::vector<RingEventSpec> ring_events;  // in file order
  RingReplicationSpec ring_replication;
  TelemetrySpec telemetry;
  OutputsSpec outputs;
  std::optional<AutoscalingSpec> autoscaling;

  [[nodiscard]] const FlavorSpec* flavor(const std::string& flavor_name) const {
    for (const auto& f : flavors) {
      if (f.name == flavor_name) return &f;
    }
    return nullptr;
  }
};

}  // namespace stacksim::scenarios
