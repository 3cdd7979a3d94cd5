#include "scenarios/runner/experiment.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <set>
#include <stdexcept>
#include <string>

#include "scenarios/datacenter/datacenter_topology.hpp"
#include "scenarios/runner/ring_run.hpp"
#include "scenarios/scenario_error.hpp"

namespace stacksim::scenarios {
namespace {

std::int64_t allocatable(std::int64_t total, std::int64_t reserved, double ratio) {
  return static_cast<std::int64_t>(
      std::floor(static_cast<double>(std::max<std::int64_t>(total - reserved, 0)) * ratio));
}

}  // namespace

Experiment::Experiment(const Scenario& scenario) : scenario_(scenario), streams_(scenario.seed) {
  for (const auto& f : scenario_.flavors) {
    flavor_demands_.push_back({f.vcpus * 1000, f.memory_mb, f.disk_gb});
  }
  rejected_by_flavor_.assign(scenario_.flavors.size() + 1, 0);
  if (scenario_.workload.trace) trace_ = std::make_unique<TraceSource>(*scenario_.workload.trace);
  build_hosts();
  place_on_topology();
  policy_ = make_placement_policy(scenario_, hosts_, host_rows_);
  build_workload();
  resolve_faults();
  if (!scenario_.ring_events.empty()) rings_ = std::make_unique<SimulatedRingRun>(scenario_, sim_);
}

Experiment::~Experiment() = default;

void Experiment::add_host(const HostClass& c, std::size_t class_index, const std::string& name,
                          std::int64_t vcpus, std::int64_t memory_mb,
                          std::optional<std::int64_t> disk_gb) {
  const ControlPlaneSpec& cp = scenario_.control_plane;
  const double cpu_ratio = c.cpu_allocation_ratio.value_or(cp.cpu_allocation_ratio);
  const double ram_ratio = c.ram_allocation_ratio.value_or(cp.ram_allocation_ratio);
  const double disk_ratio = c.disk_allocation_ratio.value_or(cp.disk_allocation_ratio);
  Demand capacity;
  capacity.vcpu_milli = allocatable(vcpus * 1000, cp.reserved_host_cpus * 1000, cpu_ratio);
  capacity.memory_mb = allocatable(memory_mb, cp.reserved_host_memory_mb, ram_ratio);
  capacity.disk_gb =
      disk_gb ? allocatable(*disk_gb, cp.reserved_host_disk_gb, disk_ratio) : HostPool::kUnlimited;
  hosts_.add({name, class_index, c.availability_zone, "", &c.properties}, vcpus, capacity,
             {c.power.idle_w, c.power.max_w});
  HostRow row;
  row.name = name;
  row.host_class = c.name;
  row.availability_zone = c.availability_zone;
  row.vcpus = vcpus;
  row.memory_mb = memory_mb;
  row.disk_gb = disk_gb;
  row.vcpu_capacity = static_cast<double>(capacity.vcpu_milli) / 1000.0;
  row.memory_capacity_mb = capacity.memory_mb;
  host_rows_.push_back(std::move(row));
  physical_vcpus_ += static_cast<double>(vcpus);
  physical_memory_mb_ += static_cast<double>(memory_mb);
}

void Experiment::build_hosts() {
  const auto& classes = scenario_.datacenter.host_classes;
  std::vector<TraceMachine> machines;
  if (scenario_.workload.machines_from_trace) {
    machines = trace_->reader().machines();
    if (machines.empty()) {
      throw ScenarioError(scenario_.file, "/workload/machines_from_trace",
                          "the trace lists no machines (give it its machine_events / machine_meta "
                          "file)");
    }
  }
  bool machines_added = false;
  for (std::size_t ci = 0; ci < classes.size(); ++ci) {
    const HostClass& c = classes[ci];
    if (c.role != "compute") {
      for (std::int64_t i = 0; i < c.count; ++i) {
        other_nodes_.push_back(c.host_name(i));
      }
      continue;
    }
    if (!machines.empty()) {
      // The trace's machines take the place of the compute classes; the first compute class
      // lends them its ratios, zone and power model.
      if (machines_added) continue;
      machines_added = true;
      for (const auto& m : machines) {
        add_host(c, ci, "machine-" + m.id, std::max<std::int64_t>(1, std::llround(m.vcpus)),
                 std::max<std::int64_t>(1, std::llround(m.memory_mb)), c.disk_gb);
      }
      continue;
    }
    for (std::int64_t i = 0; i < c.count; ++i) {
      add_host(c, ci, c.host_name(i), c.vcpus, c.memory_mb, c.disk_gb);
    }
  }
  host_head_.assign(static_cast<std::size_t>(hosts_.size()), -1);
  track_instances_on_hosts_ = !scenario_.faults.empty();
  hosts_up_ = hosts_.size();
}

void Experiment::place_on_topology() {
  if (scenario_.datacenter.topology.kind == "none") return;
  std::vector<std::string> names;
  for (int h = 0; h < hosts_.size(); ++h)
    names.push_back(host_rows_[static_cast<std::size_t>(h)].name);
  names.insert(names.end(), other_nodes_.begin(), other_nodes_.end());
  const sim::Topology topology = build_datacenter_topology(scenario_, names);
  for (int h = 0; h < hosts_.size(); ++h) {
    const auto index = static_cast<std::size_t>(h);
    const sim::Location& where = topology.node(topology.hosts()[index]).location;
    host_rows_[index].rack = where.rack;
    hosts_.set_rack(h, where.rack);
  }
}

void Experiment::build_workload() {
  generators_ = make_generators(scenario_, streams_);
}

void Experiment::resolve_faults() {
  std::set<std::string> racks;
  for (int h = 0; h < hosts_.size(); ++h)
    racks.insert(hosts_.info(h).rack);
  for (std::size_t i = 0; i < scenario_.faults.size(); ++i) {
    const FaultSpec& f = scenario_.faults[i];
    std::vector<int> targets;
    const std::string where = "/faults/" + std::to_string(i);
    if (f.kind == "host-down" && !f.hosts.empty()) {
      for (const auto& name : f.hosts) {
        const int h = hosts_.find(name);
        if (h < 0) throw ScenarioError(scenario_.file, where + "/hosts", "no compute host " + name);
        targets.push_back(h);
      }
    } else if (f.kind == "host-down") {
      // `count` distinct compute hosts, drawn from the fault's own stream.
      if (f.count > hosts_.size()) {
        throw ScenarioError(scenario_.file, where + "/count", "more hosts than the datacenter has");
      }
      std::vector<int> all(static_cast<std::size_t>(hosts_.size()));
      for (int h = 0; h < hosts_.size(); ++h)
        all[static_cast<std::size_t>(h)] = h;
      runtime::Random& rng = streams_.stream("faults." + std::to_string(i));
      for (std::int64_t k = 0; k < f.count; ++k) {
        const auto j =
            static_cast<std::size_t>(k) +
            static_cast<std::size_t>(rng.below(all.size() - static_cast<std::size_t>(k)));
        std::swap(all[static_cast<std::size_t>(k)], all[j]);
        targets.push_back(all[static_cast<std::size_t>(k)]);
      }
    } else if (f.kind == "rack-down") {
      if (!racks.contains(f.rack)) {
        std::string known;
        for (const auto& r : racks)
          known += (known.empty() ? "" : ", ") + r;
        throw ScenarioError(scenario_.file, where + "/rack",
                            "no rack \"" + f.rack + "\" holds compute hosts; racks: " + known);
      }
      for (int h = 0; h < hosts_.size(); ++h) {
        if (hosts_.info(h).rack == f.rack) targets.push_back(h);
      }
    } else {
      for (int h = 0; h < hosts_.size(); ++h) {
        const auto& cls = scenario_.datacenter.host_classes[hosts_.info(h).host_class];
        if (f.host_class.empty() || cls.name == f.host_class) targets.push_back(h);
      }
    }
    fault_hosts_.push_back(std::move(targets));
  }
}

bool Experiment::background_done() const {
  // Samples and random failures keep going while there is work or time left, never alone.
  if (stop_) return true;
  if (scenario_.duration_s) return now_s() >= *scenario_.duration_s;
  return pending_work_ == 0;
}

RunSummary Experiment::run(const RunControl& control, RunRecorder* recorder) {
  start(recorder);
  advance(control);
  return finish();
}

void Experiment::start(RunRecorder* recorder) {
  if (started_) throw std::logic_error("this experiment has already been started");
  started_ = true;
  recorder_ = recorder;
  if (recorder_ != nullptr) recorder_->begin(scenario_, host_rows_);
  wall_start_ = last_report_ = std::chrono::steady_clock::now();
  for (std::size_t g = 0; g < generators_.size(); ++g)
    start_generator(g);
  if (trace_) pump_trace();
  schedule_faults();
  schedule_sample(0);
  if (rings_) {
    ++pending_work_;  // replication keeps a run without a duration going
    rings_->rings().start([this] { --pending_work_; });
  }
  if (scenario_.duration_s) {
    const double end = *scenario_.duration_s;
    sim_.schedule_at(runtime::at_seconds(end), [this, end] {
      stop_ = true;
      stop_time_ = end;
    });
    if (!scenario_.workload.max_arrivals) {
      sim_.schedule_at(runtime::at_seconds(end / 2), [this] { mark_half(); });
    }
  }
}

Experiment::Advance Experiment::advance(const RunControl& control, std::optional<double> until_s,
                                        std::uint64_t max_events) {
  if (!started_ || finished_) throw std::logic_error("advance() needs a started, unfinished run");
  if (until_s && *until_s < now_s()) {
    throw std::invalid_argument("cannot run until " + std::to_string(*until_s) +
                                " s: the clock is already at " + std::to_string(now_s()) + " s");
  }
  // Without a duration the run ends with the last workload event; samples and random failures
  // never keep it going on their own.
  const bool until_idle = !scenario_.duration_s;
  std::uint64_t ran = 0;
  while (!ended_) {
    if (stop_) break;
    if (until_s) {
      const auto next = sim_.next_event_time();
      if (next && *next > runtime::at_seconds(*until_s)) {
        sim_.run_until(runtime::at_seconds(*until_s));  // nothing is due: only moves the clock
        return Advance::reached;
      }
    }
    if (!sim_.step()) break;
    if (until_idle && pending_work_ == 0) break;
    if (++ran == max_events) return Advance::reached;
    if ((++steps_ & 0xFFF) != 0) continue;
    if (control.interrupted && control.interrupted()) return Advance::interrupted;
    const auto now = std::chrono::steady_clock::now();
    if (control.progress && now - last_report_ > std::chrono::milliseconds(200)) {
      last_report_ = now;
      RunProgress p;
      p.sim_time_s = now_s();
      p.events = sim_.events_processed();
      p.wall_s = std::chrono::duration<double>(now - wall_start_).count();
      if (scenario_.workload.max_arrivals) {
        p.fraction = static_cast<double>(total_.arrivals) /
                     static_cast<double>(*scenario_.workload.max_arrivals);
      } else if (scenario_.duration_s) {
        p.fraction = p.sim_time_s / *scenario_.duration_s;
      }
      control.progress(p);
    }
  }
  ended_ = true;
  return Advance::ended;
}

RunSummary Experiment::finish() {
  if (!started_ || finished_) throw std::logic_error("finish() needs a started, unfinished run");
  finished_ = true;
  RunSummary summary;
  summary.interrupted = !ended_;
  double t_end = now_s();
  if (stop_time_) {
    t_end = *stop_time_;
  } else if (scenario_.duration_s && ended_) {
    t_end = *scenario_.duration_s;  // nothing left to do, but time runs on to the end
  }
  summary.wall_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start_).count();
  finish_summary(summary, t_end);
  return summary;
}

void Experiment::finish_summary(RunSummary& s, double t_end) {
  // Bring every integral to t_end, then record what is still alive.
  last_t_ = std::min(last_t_, t_end);
  const double dt = t_end - last_t_;
  vcpu_seconds_ += used_vcpus_ * dt;
  memory_seconds_ += used_memory_mb_ * dt;
  last_t_ = t_end;
  s.scenario = scenario_.name;
  s.placement_policy = policy_->name();
  s.seed = scenario_.seed;
  s.hosts = hosts_.size();
  s.arrivals = total_.arrivals;
  s.placed = total_.placed;
  s.rejected = total_.rejected;
  for (std::size_t f = 0; f < scenario_.flavors.size(); ++f) {
    if (rejected_by_flavor_[f] > 0)
      s.rejected_by_flavor.emplace_back(scenario_.flavors[f].name, rejected_by_flavor_[f]);
  }
  if (rejected_by_flavor_.back() > 0)
    s.rejected_by_flavor.emplace_back("trace", rejected_by_flavor_.back());
  s.departures = departures_;
  s.evacuations = total_.evacuations;
  s.lost = total_.lost;
  s.host_failures = host_failures_;
  s.active_end = active_;
  s.model_events = model_events_;
  s.engine_events = sim_.events_processed();
  s.sim_time_s = t_end;
  if (t_end > 0) {
    s.util_vcpu = vcpu_seconds_ / (physical_vcpus_ * t_end);
    s.util_ram = memory_seconds_ / (physical_memory_mb_ * t_end);
  }
  if (half_time_ && t_end > *half_time_) {
    const double window = t_end - *half_time_;
    s.util_vcpu_2h = (vcpu_seconds_ - vcpu_seconds_half_) / (physical_vcpus_ * window);
    s.util_ram_2h = (memory_seconds_ - memory_seconds_half_) / (physical_memory_mb_ * window);
    const auto arrivals = total_.arrivals - at_half_.arrivals;
    if (arrivals > 0) {
      s.reject_frac_2h =
          static_cast<double>(total_.rejected - at_half_.rejected) / static_cast<double>(arrivals);
    }
  }
  std::vector<HostSummaryRow> host_summaries;
  for (int h = 0; h < hosts_.size(); ++h) {
    hosts_.advance(h, t_end);
    s.energy_kwh += hosts_.energy_j(h) / 3.6e6;
    HostSummaryRow row;
    row.host = h;
    if (t_end > 0) {
      row.util_vcpu =
          hosts_.vcpu_seconds(h) / (static_cast<double>(hosts_.physical_vcpus(h)) * t_end);
      row.util_ram =
          hosts_.memory_seconds(h) /
          (static_cast<double>(host_rows_[static_cast<std::size_t>(h)].memory_mb) * t_end);
    }
    row.energy_kwh = hosts_.energy_j(h) / 3.6e6;
    row.placements = hosts_.placements(h);
    row.failures = hosts_.failures(h);
    host_summaries.push_back(row);
  }
  if (trace_) {
    s.trace_rows = trace_->stats().rows;
    s.trace_bad_rows = trace_->stats().bad_rows;
    s.trace_ignored_rows = trace_->stats().ignored_rows;
    s.trace_filtered = trace_->filter_stats().filtered;
    s.trace_bad_row_examples = trace_->stats().bad_row_examples;
  }
  if (rings_) {
    rings_->rings().summarize(s);
    if (recorder_ != nullptr) recorder_->rings(rings_->rings().results());
  }
  if (recorder_ != nullptr) {
    sample(t_end);
    for (std::size_t slot = 0; slot < instances_.size(); ++slot) {
      const Instance& inst = instances_[slot];
      if (inst.live) {
        record_instance(static_cast<int>(slot), inst.active_s >= 0 ? "active" : "building",
                        std::nullopt);
      }
    }
    recorder_->finish(s, host_summaries);
  }
}

}  // namespace stacksim::scenarios
