#include "scenarios/runner/experiment.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <set>

#include "scenarios/scenario_error.hpp"
#include "sim/models/fat_tree.hpp"
#include "sim/models/leaf_spine.hpp"

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
  policy_ = make_placement_policy(scenario_.control_plane.scheduler, hosts_, scenario_.file);
  build_workload();
  resolve_faults();
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
        other_nodes_.push_back(c.hostnames.empty() ? c.name + "-" + std::to_string(i)
                                                   : c.hostnames[static_cast<std::size_t>(i)]);
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
      const std::string name = c.hostnames.empty() ? c.name + "-" + std::to_string(i)
                                                   : c.hostnames[static_cast<std::size_t>(i)];
      add_host(c, ci, name, c.vcpus, c.memory_mb, c.disk_gb);
    }
  }
  host_head_.assign(static_cast<std::size_t>(hosts_.size()), -1);
  track_instances_on_hosts_ = !scenario_.faults.empty();
  hosts_up_ = hosts_.size();
}

void Experiment::place_on_topology() {
  const TopologySpec& t = scenario_.datacenter.topology;
  if (t.kind == "none") return;
  sim::Topology topology;
  if (t.kind == "fat-tree") {
    sim::FatTreeSpec spec;
    spec.k = t.k;
    spec.host_bandwidth = t.host_gbps * 1.25e8;
    spec.fabric_bandwidth = t.fabric_gbps * 1.25e8;
    spec.latency = t.latency_us * 1e-6;
    spec.availability_zones = t.availability_zones;
    topology = sim::build_fat_tree(spec);
  } else {
    sim::LeafSpineSpec spec;
    spec.tiers = t.tiers;
    spec.pods = t.pods;
    spec.leaves = t.leaves;
    spec.spines = t.spines;
    spec.super_spines_per_plane = t.super_spines_per_plane;
    spec.hosts_per_leaf = t.hosts_per_leaf;
    spec.host_bandwidth = t.host_gbps * 1.25e8;
    spec.leaf_bandwidth = t.fabric_gbps * 1.25e8;
    spec.spine_bandwidth = t.spine_gbps * 1.25e8;
    spec.latency = t.latency_us * 1e-6;
    topology = sim::build_leaf_spine(spec);
  }
  // Compute hosts take the topology's host slots in order, then the other nodes.
  const auto& slots = topology.hosts();
  const std::size_t needed = static_cast<std::size_t>(hosts_.size()) + other_nodes_.size();
  if (slots.size() < needed) {
    throw ScenarioError(scenario_.file, "/datacenter/topology",
                        "the " + t.kind + " has " + std::to_string(slots.size()) +
                            " host slots, the datacenter " + std::to_string(needed) + " hosts");
  }
  for (int h = 0; h < hosts_.size(); ++h) {
    const sim::Location& where = topology.node(slots[static_cast<std::size_t>(h)]).location;
    host_rows_[static_cast<std::size_t>(h)].rack = where.rack;
    hosts_.set_rack(h, where.rack);
  }
}

void Experiment::build_workload() {
  for (const auto& g : scenario_.workload.generators) {
    std::vector<std::size_t> indexes;
    std::vector<double> weights;
    for (const auto& [name, weight] : g.flavor_weights) {
      for (std::size_t i = 0; i < scenario_.flavors.size(); ++i) {
        if (scenario_.flavors[i].name == name) indexes.push_back(i);
      }
      weights.push_back(weight);
    }
    generators_.push_back(Generator{&g, make_arrival_process(g), FlavorPicker(indexes, weights),
                                    &streams_.stream("workload." + g.name)});
  }
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
  recorder_ = recorder;
  if (recorder_ != nullptr) recorder_->begin(scenario_, host_rows_);
  const auto wall_start = std::chrono::steady_clock::now();
  for (std::size_t g = 0; g < generators_.size(); ++g)
    start_generator(g);
  if (trace_) pump_trace();
  schedule_faults();
  schedule_sample(0);
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
  RunSummary summary;
  std::uint64_t steps = 0;
  auto last_report = wall_start;
  // Without a duration the run ends with the last workload event; samples and random failures
  // never keep it going on their own.
  const bool until_idle = !scenario_.duration_s;
  while (!stop_ && sim_.step()) {
    if (until_idle && pending_work_ == 0) break;
    if ((++steps & 0xFFF) != 0) continue;
    if (control.interrupted && control.interrupted()) {
      summary.interrupted = true;
      break;
    }
    const auto now = std::chrono::steady_clock::now();
    if (control.progress && now - last_report > std::chrono::milliseconds(200)) {
      last_report = now;
      RunProgress p;
      p.sim_time_s = now_s();
      p.events = sim_.events_processed();
      p.wall_s = std::chrono::duration<double>(now - wall_start).count();
      if (scenario_.workload.max_arrivals) {
        p.fraction = static_cast<double>(total_.arrivals) /
                     static_cast<double>(*scenario_.workload.max_arrivals);
      } else if (scenario_.duration_s) {
        p.fraction = p.sim_time_s / *scenario_.duration_s;
      }
      control.progress(p);
    }
  }
  double t_end = now_s();
  if (stop_time_) {
    t_end = *stop_time_;
  } else if (scenario_.duration_s && !summary.interrupted) {
    t_end = *scenario_.duration_s;  // nothing left to do, but time runs on to the end
  }
  summary.wall_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
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
