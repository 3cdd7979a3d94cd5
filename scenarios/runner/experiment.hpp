#pragma once
// Runs a scenario on the discrete-event engine. Until the compute service lands, the runner is
// its own small control plane: requests from generators or a trace are placed on modelled hosts by
// a placement policy (claim -> ACTIVE after the boot path -> released at the end of the
// lifetime), faults take hosts down (evacuating or losing their instances), and telemetry samples
// utilisation and power. Everything that happens goes to a RunRecorder.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/runtime/random.hpp"
#include "scenarios/runner/demand.hpp"
#include "scenarios/runner/host_pool.hpp"
#include "scenarios/runner/placement_policy.hpp"
#include "scenarios/runner/run_recorder.hpp"
#include "scenarios/runner/run_summary.hpp"
#include "scenarios/schema/scenario.hpp"
#include "scenarios/traces/trace_source.hpp"
#include "scenarios/workload/arrival_process.hpp"
#include "scenarios/workload/flavor_picker.hpp"
#include "scenarios/workload/workload_generator.hpp"
#include "sim/engine/random_streams.hpp"
#include "sim/engine/simulator.hpp"

namespace stacksim::scenarios {

class SimulatedRingRun;

struct RunProgress {
  double sim_time_s = 0;
  std::uint64_t events = 0;
  double wall_s = 0;
  std::optional<double> fraction;  // of the run, when its end is known
};

struct RunControl {
  /// Polled every few thousand events: true stops the run cleanly (results so far are kept).
  std::function<bool()> interrupted;
  /// Called about every 0.2 s of wall time.
  std::function<void(const RunProgress&)> progress;
};

class Experiment {
 public:
  /// Builds the datacenter, policy, workload and faults; throws ScenarioError on anything the
  /// loader could not check alone (rack names, topology size, trace headers).
  explicit Experiment(const Scenario& scenario);
  ~Experiment();
  Experiment(const Experiment&) = delete;
  Experiment& operator=(const Experiment&) = delete;

  /// Runs to the end (duration, arrival count, or end of work) or until interrupted.
  RunSummary run(const RunControl& control = {}, RunRecorder* recorder = nullptr);

  // Step-wise runs (the Python Simulation): start() schedules workload, faults and samples,
  // advance() runs events, finish() closes the run. run() is the three at once.
  enum class Advance { ended, reached, interrupted };
  void start(RunRecorder* recorder = nullptr);
  /// Runs events until the run ends, the next event lies after `until_s` (the clock then stands
  /// at until_s), `max_events` ran (0: no limit) or control.interrupted() says so.
  Advance advance(const RunControl& control, std::optional<double> until_s = std::nullopt,
                  std::uint64_t max_events = 0);
  /// Brings the integrals to the end of the run (to now if it stopped early) and reports.
  RunSummary finish();
  [[nodiscard]] double now() const { return now_s(); }
  [[nodiscard]] bool started() const noexcept { return started_; }
  [[nodiscard]] bool ended() const noexcept { return ended_; }
  [[nodiscard]] std::uint64_t engine_events() const noexcept { return sim_.events_processed(); }

  [[nodiscard]] const HostPool& hosts() const noexcept { return hosts_; }
  [[nodiscard]] const std::vector<HostRow>& host_rows() const noexcept { return host_rows_; }

 private:
  using Generator = WorkloadGenerator;
  // What every event of an instance touches (one cache line) ...
  struct Instance {
    Demand demand;
    double active_s = -1;
    double lifetime_s = 0;
    std::uint32_t generation = 0;
    int host = -1;
    int prev = -1, next = -1;  // the host's instance list (when faults need it)
    std::int32_t flavor = -1;  // index into the scenario's flavors; -1: sized by a trace
    std::int32_t source = -1;  // generator index; -1: the trace
    bool live = false;
    bool end_requested = false;  // the trace ended it before it became ACTIVE
    bool constrained = false;    // has placement constraints (in InstanceDetails)
  };
  // ... and what only results, traces and constraints need.
  struct InstanceDetails {
    std::int64_t id = 0;
    double requested_s = 0;
    int evacuations = 0;
    std::string trace_id;
    std::string tenant;
    std::vector<PlacementConstraint> constraints;
  };
  struct ServerGroup {
    std::string name;
    std::map<int, int> members_on;  // host -> members there
    std::int64_t members = 0;
  };
  struct Counters {
    std::int64_t arrivals = 0, placed = 0, rejected = 0, evacuations = 0, lost = 0;
  };

  // Setup (experiment.cpp).
  void build_hosts();
  void add_host(const HostClass& c, std::size_t class_index, const std::string& name,
                std::int64_t vcpus, std::int64_t memory_mb, std::optional<std::int64_t> disk_gb);
  void place_on_topology();
  void build_workload();
  void resolve_faults();
  [[nodiscard]] bool background_done() const;
  void finish_summary(RunSummary& summary, double t_end);

  // Instance lifecycle (experiment_lifecycle.cpp).
  void start_generator(std::size_t g);
  void generator_arrival(std::size_t g);
  void pump_trace();
  void handle_trace_item();
  int new_instance();
  void free_instance(int slot);
  void arrive(int slot);
  void decide(int slot, std::uint32_t generation);
  void activate(int slot, std::uint32_t generation);
  void depart(int slot, std::uint32_t generation);
  void end_instance(int slot, std::string_view state);
  int choose_host(int slot);
  void attach(int slot, int host);
  void detach(int slot);
  int group_id(const std::string& name);
  void record_instance(int slot, std::string_view state, std::optional<double> ended);
  void count_arrival();

  // Faults (experiment_faults.cpp).
  void schedule_faults();
  static constexpr std::size_t kNoFault = static_cast<std::size_t>(-1);
  /// `mtbf_fault`: the host-mtbf fault that failed the host (it fails again after repair).
  void fail_host(int h, bool evacuate, std::optional<double> repair_after, std::string_view cause,
                 std::size_t mtbf_fault);
  void repair_host(int h, std::size_t mtbf_fault);
  void schedule_mtbf_failure(std::size_t fault, int h);

  // Telemetry and energy (experiment_telemetry.cpp).
  void accumulate();
  void sample(double t);
  void schedule_sample(double at);
  void mark_half();

  [[nodiscard]] double now_s() const { return runtime::to_seconds(sim_.now()); }

  const Scenario& scenario_;
  sim::Simulator sim_;
  std::unique_ptr<SimulatedRingRun> rings_;  // scenarios with ring_events
  sim::RandomStreams streams_;
  HostPool hosts_;
  std::vector<HostRow> host_rows_;
  std::vector<std::string> other_nodes_;  // controller/network/storage node names
  std::unique_ptr<PlacementPolicy> policy_;
  std::vector<Demand> flavor_demands_;
  std::vector<Generator> generators_;
  std::unique_ptr<TraceSource> trace_;
  TraceItem trace_item_;
  std::vector<std::vector<int>> fault_hosts_;  // per scenario fault: the hosts it concerns
  RunRecorder* recorder_ = nullptr;

  std::vector<Instance> instances_;
  std::vector<InstanceDetails> details_;  // parallel to instances_
  std::vector<int> free_slots_;
  std::vector<int> host_head_;  // per-host instance lists, kept only when faults need them
  bool track_instances_on_hosts_ = false;
  std::unordered_map<std::string, std::vector<int>> open_by_trace_id_;
  std::vector<ServerGroup> groups_;
  std::unordered_map<std::string, int> group_ids_;
  std::vector<int> free_groups_;

  std::int64_t next_instance_id_ = 1;
  std::int64_t pending_work_ = 0;  // queued events that are part of the workload
  std::int64_t hosts_up_ = 0;
  std::int64_t active_ = 0;
  bool stop_ = false;
  bool started_ = false;
  bool ended_ = false;
  bool finished_ = false;
  std::uint64_t steps_ = 0;
  std::chrono::steady_clock::time_point wall_start_, last_report_;
  std::optional<double> stop_time_;
  Counters total_, at_last_sample_;
  std::uint64_t model_events_ = 0;
  std::int64_t departures_ = 0;
  std::int64_t host_failures_ = 0;
  std::vector<std::int64_t> rejected_by_flavor_;  // scenario flavors, then trace-sized
  double physical_vcpus_ = 0;
  double physical_memory_mb_ = 0;

  // Usage integrals (time-weighted) for utilisation; the *_half values snapshot them at the start
  // of the second half.
  double last_t_ = 0;
  double used_vcpus_ = 0;  // in vCPUs
  double used_memory_mb_ = 0;
  double used_disk_gb_ = 0;
  double vcpu_seconds_ = 0;
  double memory_seconds_ = 0;
  std::optional<double> half_time_;
  double vcpu_seconds_half_ = 0, memory_seconds_half_ = 0;
  Counters at_half_;
};

}  // namespace stacksim::scenarios
