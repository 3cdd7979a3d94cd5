// The instance lifecycle of the experiment runner: arrivals from generators and the trace,
// placement decisions, ACTIVE, departures, and server-group bookkeeping.

#include <cmath>
#include <limits>

#include "scenarios/runner/experiment.hpp"
#include "scenarios/runner/host_attributes.hpp"
#include "scenarios/workload/lifetime_sampler.hpp"

namespace stacksim::scenarios {
namespace {

constexpr double kForever = std::numeric_limits<double>::infinity();

}  // namespace

void Experiment::start_generator(std::size_t g) {
  Generator& gen = generators_[g];
  const auto delay = gen.process->next(gen.spec->start_s, true, *gen.rng);
  if (!delay || (gen.spec->end_s && gen.spec->start_s + *delay >= *gen.spec->end_s)) return;
  ++pending_work_;
  sim_.schedule_at(runtime::at_seconds(gen.spec->start_s) + runtime::from_seconds(*delay),
                   [this, g] { generator_arrival(g); });
}

void Experiment::generator_arrival(std::size_t g) {
  --pending_work_;
  Generator& gen = generators_[g];
  const GeneratorSpec& spec = *gen.spec;
  const std::int64_t batch = gen.process->batch_size();
  for (std::int64_t i = 0; i < batch && !stop_; ++i) {
    if (spec.max_arrivals && gen.arrivals >= *spec.max_arrivals) return;
    const int slot = new_instance();
    Instance& inst = instances_[static_cast<std::size_t>(slot)];
    const std::size_t flavor = gen.picker.pick(*gen.rng);
    inst.lifetime_s = sample_lifetime(spec.lifetime, *gen.rng);
    inst.demand = flavor_demands_[flavor];
    inst.flavor = static_cast<std::int32_t>(flavor);
    inst.source = static_cast<std::int32_t>(g);
    if (!spec.tenant.empty()) details_[static_cast<std::size_t>(slot)].tenant = spec.tenant;
    if (!spec.server_group.empty()) {
      inst.constrained = true;
      details_[static_cast<std::size_t>(slot)].constraints.push_back(
          spec.server_group_policy == "affinity"
              ? PlacementConstraint{PlacementConstraint::Kind::affinity, spec.server_group, "", "",
                                    1}
              : PlacementConstraint::anti_affinity_in(spec.server_group));
    }
    ++gen.arrivals;
    arrive(slot);
  }
  if (stop_ || (spec.max_arrivals && gen.arrivals >= *spec.max_arrivals)) return;
  const auto delay = gen.process->next(now_s(), false, *gen.rng);
  if (!delay || (spec.end_s && now_s() + *delay >= *spec.end_s)) return;
  ++pending_work_;
  sim_.schedule_after(runtime::from_seconds(*delay), [this, g] { generator_arrival(g); });
}

void Experiment::pump_trace() {
  if (stop_ || !trace_->next(trace_item_)) return;
  ++pending_work_;
  sim_.schedule_at(runtime::at_seconds(item_time(trace_item_)), [this] {
    --pending_work_;
    handle_trace_item();
    pump_trace();
  });
}

void Experiment::handle_trace_item() {
  if (const auto* end = std::get_if<TraceEnd>(&trace_item_)) {
    const auto it = open_by_trace_id_.find(end->id);
    if (it == open_by_trace_id_.end()) return;  // filtered out, rejected, or lost
    for (const int tagged : it->second) {
      const int slot = tagged;
      Instance& inst = instances_[static_cast<std::size_t>(slot)];
      if (!inst.live || details_[static_cast<std::size_t>(slot)].trace_id != end->id) continue;
      if (inst.active_s >= 0) {
        ++model_events_;
        ++departures_;
        end_instance(slot, "deleted");
      } else {
        inst.end_requested = true;  // still building: it goes as soon as it is ACTIVE
      }
    }
    open_by_trace_id_.erase(it);
    return;
  }
  const TraceRequest& r = std::get<TraceRequest>(trace_item_);
  for (std::int64_t k = 0; k < r.count && !stop_; ++k) {
    const int slot = new_instance();
    Instance& inst = instances_[static_cast<std::size_t>(slot)];
    inst.demand.vcpu_milli = std::llround(r.vcpus * 1000.0);
    inst.demand.memory_mb = static_cast<std::int64_t>(std::ceil(r.memory_mb));
    inst.demand.disk_gb = static_cast<std::int64_t>(std::ceil(r.disk_gb));
    inst.lifetime_s = r.lifetime_s ? *r.lifetime_s : kForever;
    inst.constrained = !r.constraints.empty();
    InstanceDetails& d = details_[static_cast<std::size_t>(slot)];
    d.trace_id = r.id;
    d.tenant = r.tenant;
    d.constraints = r.constraints;
    if (!r.lifetime_s && !r.id.empty()) open_by_trace_id_[r.id].push_back(slot);
    arrive(slot);
  }
}

int Experiment::new_instance() {
  int slot;
  if (!free_slots_.empty()) {
    slot = free_slots_.back();
    free_slots_.pop_back();
  } else {
    slot = static_cast<int>(instances_.size());
    instances_.emplace_back();
    details_.emplace_back();
  }
  instances_[static_cast<std::size_t>(slot)].live = true;
  const std::int64_t id = next_instance_id_++;
  if (recorder_ != nullptr) {  // only the results read them
    InstanceDetails& d = details_[static_cast<std::size_t>(slot)];
    d.id = id;
    d.requested_s = now_s();
  }
  return slot;
}

void Experiment::free_instance(int slot) {
  Instance& inst = instances_[static_cast<std::size_t>(slot)];
  ++inst.generation;  // pending events for the old instance become no-ops
  inst.live = false;
  inst.end_requested = false;
  inst.active_s = -1;
  inst.host = inst.prev = inst.next = -1;
  inst.flavor = inst.source = -1;
  if (inst.constrained || recorder_ != nullptr || trace_) {
    InstanceDetails& d = details_[static_cast<std::size_t>(slot)];
    d.evacuations = 0;
    d.trace_id.clear();
    d.tenant.clear();
    d.constraints.clear();
  }
  inst.constrained = false;
  free_slots_.push_back(slot);
}

void Experiment::arrive(int slot) {
  ++total_.arrivals;
  ++model_events_;
  const ControlPlaneSpec& cp = scenario_.control_plane;
  const double delay = cp.api_latency_s + cp.rpc_latency_s + cp.scheduler_latency_s;
  const std::uint32_t generation = instances_[static_cast<std::size_t>(slot)].generation;
  if (delay > 0) {
    ++pending_work_;
    sim_.schedule_after(runtime::from_seconds(delay), [this, slot, generation] {
      --pending_work_;
      decide(slot, generation);
    });
  } else {
    decide(slot, generation);
  }
  if (const auto& m = scenario_.workload.max_arrivals) {
    if (total_.arrivals == *m / 2) mark_half();
    if (total_.arrivals == *m) {
      stop_ = true;  // the reference model's end: right after the M-th arrival
      stop_time_ = now_s();
    }
  }
}

void Experiment::decide(int slot, std::uint32_t generation) {
  Instance& inst = instances_[static_cast<std::size_t>(slot)];
  if (inst.generation != generation) return;
  if (inst.end_requested) {  // the trace ended it before it was scheduled
    record_instance(slot, "deleted", now_s());
    free_instance(slot);
    return;
  }
  const int host = choose_host(slot);
  if (recorder_ != nullptr && scenario_.outputs.record_decisions) {
    const std::string reason =
        host >= 0 ? std::string()
                  : "NoValidHost: no host with " + describe(inst.demand) + " free" +
                        (inst.constrained ? " that meets the request's constraints" : "");
    recorder_->decision(
        {now_s(), details_[static_cast<std::size_t>(slot)].id, "boot", host, reason});
  }
  if (host < 0) {
    ++total_.rejected;
    ++rejected_by_flavor_[inst.flavor >= 0 ? static_cast<std::size_t>(inst.flavor)
                                           : rejected_by_flavor_.size() - 1];
    record_instance(slot, "rejected", now_s());
    free_instance(slot);
    return;
  }
  ++total_.placed;
  attach(slot, host);
  const ControlPlaneSpec& cp = scenario_.control_plane;
  const double boot = cp.rpc_latency_s + cp.boot_time_s;
  if (boot > 0) {
    ++pending_work_;
    sim_.schedule_after(runtime::from_seconds(boot), [this, slot, generation] {
      --pending_work_;
      activate(slot, generation);
    });
  } else {
    activate(slot, generation);
  }
}

void Experiment::activate(int slot, std::uint32_t generation) {
  Instance& inst = instances_[static_cast<std::size_t>(slot)];
  if (inst.generation != generation) return;
  inst.active_s = now_s();
  ++active_;
  if (inst.end_requested) {
    ++model_events_;
    ++departures_;
    end_instance(slot, "deleted");
    return;
  }
  if (std::isinf(inst.lifetime_s)) return;  // runs past the end
  ++pending_work_;
  sim_.schedule_after(runtime::from_seconds(inst.lifetime_s),
                      [this, slot, generation] { depart(slot, generation); });
}

void Experiment::depart(int slot, std::uint32_t generation) {
  --pending_work_;
  if (instances_[static_cast<std::size_t>(slot)].generation != generation) return;
  ++model_events_;
  ++departures_;
  end_instance(slot, "deleted");
}

void Experiment::end_instance(int slot, std::string_view state) {
  Instance& inst = instances_[static_cast<std::size_t>(slot)];
  if (inst.active_s >= 0) --active_;
  record_instance(slot, state, now_s());
  if (inst.host >= 0) detach(slot);
  free_instance(slot);
}

int Experiment::choose_host(int slot) {
  const Instance& inst = instances_[static_cast<std::size_t>(slot)];
  if (!inst.constrained) return policy_->select(inst.demand, {});
  const std::vector<PlacementConstraint>& constraints =
      details_[static_cast<std::size_t>(slot)].constraints;
  std::vector<const ServerGroup*> groups(constraints.size(), nullptr);
  std::vector<int> required_host(constraints.size(), -1);
  for (std::size_t i = 0; i < constraints.size(); ++i) {
    const auto& c = constraints[i];
    if (c.kind == PlacementConstraint::Kind::anti_affinity ||
        c.kind == PlacementConstraint::Kind::affinity) {
      const auto it = group_ids_.find(c.key);
      if (it != group_ids_.end()) groups[i] = &groups_[static_cast<std::size_t>(it->second)];
    } else if (c.kind == PlacementConstraint::Kind::host) {
      required_host[i] = hosts_.find(c.key);
      if (required_host[i] < 0) return -1;  // the trace's host is not in this datacenter
    }
  }
  const auto allowed = [&](int h) {
    for (std::size_t i = 0; i < constraints.size(); ++i) {
      const auto& c = constraints[i];
      switch (c.kind) {
        case PlacementConstraint::Kind::anti_affinity:
          if (groups[i] != nullptr) {
            const auto on = groups[i]->members_on.find(h);
            if (on != groups[i]->members_on.end() && on->second >= c.max_per_host) return false;
          }
          break;
        case PlacementConstraint::Kind::affinity:
          if (groups[i] != nullptr && groups[i]->members > 0 &&
              !groups[i]->members_on.contains(h)) {
            return false;
          }
          break;
        case PlacementConstraint::Kind::attribute:
          if (!host_attribute_matches(hosts_.info(h), c)) return false;
          break;
        case PlacementConstraint::Kind::host:
          if (h != required_host[i]) return false;
          break;
      }
    }
    return true;
  };
  return policy_->select(inst.demand, allowed);
}

int Experiment::group_id(const std::string& name) {
  const auto it = group_ids_.find(name);
  if (it != group_ids_.end()) return it->second;
  int id;
  if (!free_groups_.empty()) {
    id = free_groups_.back();
    free_groups_.pop_back();
  } else {
    id = static_cast<int>(groups_.size());
    groups_.emplace_back();
  }
  groups_[static_cast<std::size_t>(id)] = ServerGroup{name, {}, 0};
  group_ids_.emplace(name, id);
  return id;
}

void Experiment::attach(int slot, int host) {
  Instance& inst = instances_[static_cast<std::size_t>(slot)];
  accumulate();
  hosts_.claim(host, inst.demand, last_t_);
  policy_->host_changed(host);
  used_vcpus_ += static_cast<double>(inst.demand.vcpu_milli) / 1000.0;
  used_memory_mb_ += static_cast<double>(inst.demand.memory_mb);
  used_disk_gb_ += static_cast<double>(inst.demand.disk_gb);
  inst.host = host;
  if (track_instances_on_hosts_) {
    inst.prev = -1;
    inst.next = host_head_[static_cast<std::size_t>(host)];
    if (inst.next >= 0) instances_[static_cast<std::size_t>(inst.next)].prev = slot;
    host_head_[static_cast<std::size_t>(host)] = slot;
  }
  if (!inst.constrained) return;
  for (const auto& c : details_[static_cast<std::size_t>(slot)].constraints) {
    if (c.kind != PlacementConstraint::Kind::anti_affinity &&
        c.kind != PlacementConstraint::Kind::affinity) {
      continue;
    }
    ServerGroup& g = groups_[static_cast<std::size_t>(group_id(c.key))];
    ++g.members_on[host];
    ++g.members;
  }
}

void Experiment::detach(int slot) {
  Instance& inst = instances_[static_cast<std::size_t>(slot)];
  const int host = inst.host;
  accumulate();
  hosts_.release(host, inst.demand, last_t_);
  policy_->host_changed(host);
  used_vcpus_ -= static_cast<double>(inst.demand.vcpu_milli) / 1000.0;
  used_memory_mb_ -= static_cast<double>(inst.demand.memory_mb);
  used_disk_gb_ -= static_cast<double>(inst.demand.disk_gb);
  if (track_instances_on_hosts_) {
    if (inst.prev >= 0) {
      instances_[static_cast<std::size_t>(inst.prev)].next = inst.next;
    } else {
      host_head_[static_cast<std::size_t>(host)] = inst.next;
    }
    if (inst.next >= 0) instances_[static_cast<std::size_t>(inst.next)].prev = inst.prev;
  }
  inst.host = inst.prev = inst.next = -1;
  if (!inst.constrained) return;
  for (const auto& c : details_[static_cast<std::size_t>(slot)].constraints) {
    if (c.kind != PlacementConstraint::Kind::anti_affinity &&
        c.kind != PlacementConstraint::Kind::affinity) {
      continue;
    }
    const auto it = group_ids_.find(c.key);
    if (it == group_ids_.end()) continue;
    const int id = it->second;
    ServerGroup& g = groups_[static_cast<std::size_t>(id)];
    if (--g.members_on[host] == 0) g.members_on.erase(host);
    // A trace's groups come and go; forget an empty one (a generator's group is re-created on use).
    if (--g.members == 0) {
      group_ids_.erase(it);
      free_groups_.push_back(id);
    }
  }
}

void Experiment::record_instance(int slot, std::string_view state, std::optional<double> ended) {
  if (recorder_ == nullptr || !scenario_.outputs.record_instances) return;
  const Instance& inst = instances_[static_cast<std::size_t>(slot)];
  const InstanceDetails& d = details_[static_cast<std::size_t>(slot)];
  InstanceRow row;
  row.id = d.id;
  row.source = inst.source >= 0
                   ? std::string_view(generators_[static_cast<std::size_t>(inst.source)].spec->name)
                   : std::string_view("trace");
  row.trace_id = d.trace_id;
  row.tenant = d.tenant;
  row.flavor = inst.flavor >= 0
                   ? std::string_view(scenario_.flavors[static_cast<std::size_t>(inst.flavor)].name)
                   : std::string_view();
  row.vcpus = static_cast<double>(inst.demand.vcpu_milli) / 1000.0;
  row.memory_mb = inst.demand.memory_mb;
  row.disk_gb = inst.demand.disk_gb;
  row.requested_s = d.requested_s;
  row.host = inst.host;
  if (inst.active_s >= 0) row.active_s = inst.active_s;
  row.ended_s = ended;
  row.state = state;
  row.evacuations = d.evacuations;
  recorder_->instance(row);
}

}  // namespace stacksim::scenarios
