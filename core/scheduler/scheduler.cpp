#include "core/scheduler/scheduler.hpp"

#include <algorithm>
#include <numeric>
#include <stdexcept>

#include "core/scheduler/invalid_request.hpp"
#include "core/scheduler/prepared_request.hpp"

namespace stacksim::scheduler {
namespace {

void require(bool condition, const std::string& problem) {
  if (!condition) throw SchedulerConfigError(problem);
}

}  // namespace

Scheduler::Scheduler(SchedulerConfig config, const PluginRegistry& registry)
    : config_(std::move(config)), rng_(config_.seed) {
  require(config_.host_subset_size >= 1, "host_subset_size must be at least 1");
  require(config_.max_attempts >= 1, "max_attempts must be at least 1");
  require(config_.service_down_time_s > 0, "service_down_time must be positive");
  require(!config_.max_placement_results || *config_.max_placement_results >= 1,
          "max_placement_results must be at least 1 (or null for no limit)");
  for (const std::string& name : config_.enabled_filters) {
    filters_.push_back(registry.make_filter(name));
    if (name == "NUMATopologyFilter") numa_filter_enabled_ = true;
  }
  policy_ = make_placement_policy(config_, registry);
}

HostId Scheduler::add_host(const HostInfo& info) {
  if (info.name.empty()) throw std::invalid_argument("a host needs a name");
  if (hosts_.find(info.name)) throw std::invalid_argument("host " + info.name + " already exists");
  if (info.vcpus < 0 || info.memory_mb < 0 || info.disk_gb < 0 || info.vcpus_used < 0 ||
      info.memory_mb_used < 0 || info.disk_gb_used < 0) {
    throw std::invalid_argument("host " + info.name + ": capacities and usage must be >= 0");
  }
  const double cpu_ratio = info.cpu_allocation_ratio.value_or(config_.effective_cpu_ratio());
  const double ram_ratio = info.ram_allocation_ratio.value_or(config_.effective_ram_ratio());
  const double disk_ratio = info.disk_allocation_ratio.value_or(config_.effective_disk_ratio());
  const std::int64_t reserved_cpus = info.reserved_host_cpus.value_or(config_.reserved_host_cpus);
  const std::int64_t reserved_memory =
      info.reserved_host_memory_mb.value_or(config_.reserved_host_memory_mb);
  const std::int64_t reserved_disk_mb =
      info.reserved_host_disk_mb.value_or(config_.reserved_host_disk_mb);
  const HostId id = hosts_.add(info, cpu_ratio, ram_ratio, disk_ratio, reserved_cpus,
                               reserved_memory, reserved_disk_mb);
  host_aggregates_.emplace_back();
  // Inventories as the libvirt driver reports them; reserved disk is rounded up to whole GB.
  placement_.add_provider(
      {Inventory{info.vcpus, reserved_cpus, cpu_ratio},
       Inventory{info.memory_mb, reserved_memory, ram_ratio},
       Inventory{info.disk_gb, (reserved_disk_mb + 1023) / 1024, disk_ratio}},
      ResourceAmounts{{info.vcpus_used, info.memory_mb_used, info.disk_gb_used}});
  group_count_.push_back(0);
  return id;
}

std::optional<HostId> Scheduler::find_host(std::string_view name) const {
  return hosts_.find(name);
}

void Scheduler::set_service_enabled(HostId host, bool enabled) {
  hosts_.disabled.at(host) = enabled ? 0 : 1;
}

void Scheduler::set_forced_down(HostId host, bool forced_down) {
  hosts_.forced_down.at(host) = forced_down ? 1 : 0;
}

void Scheduler::heartbeat(HostId host, runtime::TimePoint when) {
  hosts_.last_seen_up.at(host) = when;
}

void Scheduler::report_usage(HostId host, const HostUsage& usage) {
  hosts_.set_usage(host, usage);
  placement_.set_used(
      host, ResourceAmounts{{usage.vcpus_used, usage.memory_mb_used, usage.disk_gb_used}});
}

void Scheduler::set_host_stats(HostId host, std::int64_t io_ops, std::int64_t failed_builds) {
  hosts_.num_io_ops.at(host) = io_ops;
  hosts_.failed_builds.at(host) = failed_builds;
}

void Scheduler::set_aggregate_metadata(const std::string& aggregate,
                                       std::map<std::string, std::string> metadata) {
  aggregates_.set_metadata(aggregates_.ensure(aggregate), std::move(metadata));
}

void Scheduler::reassign_aggregates(HostId host) {
  hosts_.aggregate_set.at(host) = aggregates_.intern(host_aggregates_.at(host));
}

void Scheduler::add_host_to_aggregate(const std::string& aggregate, HostId host) {
  const AggregateId id = aggregates_.ensure(aggregate);
  auto& members = host_aggregates_.at(host);
  if (std::find(members.begin(), members.end(), id) == members.end()) members.push_back(id);
  reassign_aggregates(host);
}

void Scheduler::remove_host_from_aggregate(const std::string& aggregate, HostId host) {
  const std::optional<AggregateId> id = aggregates_.find(aggregate);
  if (!id) return;
  std::erase(host_aggregates_.at(host), *id);
  reassign_aggregates(host);
}

void Scheduler::create_server_group(const std::string& name, GroupPolicy policy,
                                    std::optional<int> max_server_per_host) {
  groups_.create(name, policy, max_server_per_host);
}

const ServerGroup* Scheduler::server_group(std::string_view name) const {
  return groups_.find(name);
}

std::optional<HostId> Scheduler::host_of(std::string_view instance_uuid) const {
  const auto it = instances_.find(std::string(instance_uuid));
  if (it == instances_.end()) return std::nullopt;
  return it->second.host;
}

void Scheduler::find_candidates(const RequestSpec& request, const PreparedRequest& prepared,
                                const std::function<bool(HostId)>& host_allowed) {
  list_.clear();
  if (prepared.unavailable_resource_class) return;
  // map_az_to_placement_aggregate: only when some aggregate's availability_zone is exactly it.
  std::vector<AggregateId> zone_aggregates;
  if (config_.query_placement_for_availability_zone && request.availability_zone &&
      !request.availability_zone->empty()) {
    zone_aggregates = aggregates_.with_availability_zone(*request.availability_zone);
    az_member_by_set_.assign(aggregates_.set_count(), -1);
  }
  const auto in_zone = [&](HostId h) {
    std::int8_t& memo = az_member_by_set_[hosts_.aggregate_set[h]];
    if (memo < 0) {
      const auto& members = aggregates_.members(hosts_.aggregate_set[h]);
      memo = std::any_of(zone_aggregates.begin(), zone_aggregates.end(), [&](AggregateId a) {
        return std::binary_search(members.begin(), members.end(), a);
      });
    }
    return memo == 1;
  };
  const auto traits_ok = [&](HostId h) {
    const auto& traits = hosts_.traits[h];
    const auto has = [&](const std::string& t) {
      return std::binary_search(traits.begin(), traits.end(), t);
    };
    return std::all_of(prepared.required_traits.begin(), prepared.required_traits.end(), has) &&
           std::none_of(prepared.forbidden_traits.begin(), prepared.forbidden_traits.end(), has);
  };
  // Nova drops the limit for group and same/different host hints.
  const bool unlimited = request.group || !request.same_host.empty() ||
                         !request.different_host.empty() || !config_.max_placement_results;
  const std::size_t limit =
      unlimited ? hosts_.size() : static_cast<std::size_t>(*config_.max_placement_results);
  // Usually the only trait involved is the COMPUTE_STATUS_DISABLED every request forbids.
  const bool check_traits = prepared.required_traits.size() + prepared.forbidden_traits.size() > 1;
  for (HostId h = 0; h < hosts_.size() && list_.size() < limit; ++h) {
    if (hosts_.disabled[h] != 0) continue;  // disabled services carry COMPUTE_STATUS_DISABLED
    if (check_traits ? !traits_ok(h) : hosts_.status_disabled_trait[h] != 0) continue;
    if (!zone_aggregates.empty() && !in_zone(h)) continue;
    if (!placement_.can_allocate(h, prepared.resources)) continue;
    if (host_allowed && !host_allowed(h)) continue;
    list_.push_back(h);
  }
}

void Scheduler::resolve_hint_hosts(const std::vector<std::string>& uuids,
                                   std::vector<HostId>& out) const {
  out.clear();
  for (const std::string& uuid : uuids) {
    if (const auto host = host_of(uuid)) out.push_back(*host);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
}

Scheduler::PlacedInstance Scheduler::consume(HostId host, const PreparedRequest& prepared,
                                             std::optional<InstanceNumaTopology>& numa) {
  PlacedInstance placed;
  placed.host = host;
  placed.resources = prepared.resources;
  placed.vcpus = prepared.consume_vcpus;
  placed.memory_mb = prepared.consume_memory_mb;
  placed.disk_mb = prepared.consume_disk_mb;
  if (!hosts_.numa[host].empty() && numa) {
    // The NUMA limits exist only where NUMATopologyFilter recorded them on the host state.
    std::optional<NumaLimits> limits;
    if (numa_filter_enabled_) {
      limits = NumaLimits{hosts_.cpu_allocation_ratio[host], hosts_.ram_allocation_ratio[host]};
    }
    placed.numa = numa_fit_instance_to_host(hosts_.numa[host], *numa, limits);
    // On failure spec_obj.numa_topology becomes None for the rest of the request.
    if (!placed.numa) numa.reset();
  }
  apply_usage(placed, 1);
  return placed;
}

void Scheduler::apply_usage(const PlacedInstance& placed, int sign) {
  const HostId host = placed.host;
  hosts_.free_ram_mb[host] -= sign * placed.memory_mb;
  hosts_.free_disk_mb[host] -= sign * placed.disk_mb;
  hosts_.vcpus_used[host] += sign * placed.vcpus;
  hosts_.num_instances[host] += sign;
  hosts_.num_io_ops[host] += sign;
  if (placed.numa) numa_apply_usage(hosts_.numa[host], *placed.numa, sign);
}

void Scheduler::unplace(const PlacedInstance& placed) {
  apply_usage(placed, -1);
  placement_.release(placed.host, placed.resources);
}

void Scheduler::record_top(const SelectOptions& options, InstanceDecision& record,
                           const std::vector<std::uint32_t>& positions) {
  const std::size_t count = std::min(options.top_hosts, list_.size());
  record.top.resize(count);
  for (std::size_t i = 0; i < count; ++i) {
    const std::uint32_t pos = positions[i];
    WeighedHost& entry = record.top[i];
    entry.host = list_[pos];
    entry.weight = weights_[pos];
    entry.scores.clear();
    if (options.explain) {
      for (const auto& component : breakdown_.scores)
        entry.scores.push_back(component[pos]);
    }
  }
}

void Scheduler::order_and_claim(const RequestContext& ctx, bool last_instance,
                                std::size_t instances, const SelectOptions& options,
                                InstanceDecision& record) {
  const std::size_t n = list_.size();
  claimed_.reset();
  claims_tried_ = 0;
  order_.resize(n);
  std::iota(order_.begin(), order_.end(), 0U);
  // Python's sorted(reverse=True) is stable: ties keep list order.
  const auto better = [this](std::uint32_t a, std::uint32_t b) {
    return weights_[a] > weights_[b] || (weights_[a] == weights_[b] && a < b);
  };
  const auto walk = [&](std::size_t from, std::size_t to) {
    for (std::size_t i = from; i < to && !claimed_; ++i) {
      ++claims_tried_;
      if (placement_.claim(list_[order_[i]], ctx.prepared.resources)) claimed_ = order_[i];
    }
  };
  if (last_instance && config_.host_subset_size == 1 && !config_.shuffle_best_same_weighed_hosts) {
    // The order after the last instance is not carried anywhere: sorting the head suffices
    // (the rest is sorted only if every claim in the head fails).
    const std::size_t alternates =
        options.alternates ? static_cast<std::size_t>(config_.max_attempts - 1) + instances : 0;
    const std::size_t head = std::min(n, std::max<std::size_t>(options.top_hosts, 1) + alternates);
    std::partial_sort(order_.begin(), order_.begin() + static_cast<std::ptrdiff_t>(head),
                      order_.end(), better);
    record_top(options, record, order_);
    walk(0, head);
    final_order_size_ = head;
    if (!claimed_ && head < n) {
      std::sort(order_.begin() + static_cast<std::ptrdiff_t>(head), order_.end(), better);
      walk(head, n);
      final_order_size_ = n;
    }
    return;
  }
  std::sort(order_.begin(), order_.end(), better);
  if (config_.shuffle_best_same_weighed_hosts) {
    std::size_t best = 1;
    while (best < n && weights_[order_[best]] == weights_[order_[0]])
      ++best;
    for (std::size_t i = best; i-- > 1;)
      std::swap(order_[i], order_[rng_.below(i + 1)]);
  }
  if (config_.host_subset_size > 1) {
    // random.choice among the first host_subset_size hosts, moved to the front.
    const auto subset =
        std::min<std::size_t>(static_cast<std::size_t>(config_.host_subset_size), n);
    const auto chosen = static_cast<std::ptrdiff_t>(rng_.below(subset));
    std::rotate(order_.begin(), order_.begin() + chosen, order_.begin() + chosen + 1);
  }
  record_top(options, record, order_);
  walk(0, n);
  // The next instance starts from this order.
  sorted_list_.resize(n);
  for (std::size_t i = 0; i < n; ++i)
    sorted_list_[i] = list_[order_[i]];
  std::swap(list_, sorted_list_);
  if (claimed_) {
    claimed_ = static_cast<std::uint32_t>(std::find(order_.begin(), order_.end(), *claimed_) -
                                          order_.begin());
  }
  std::iota(order_.begin(), order_.end(), 0U);
  final_order_size_ = n;
}

Decision Scheduler::select_destinations(const RequestSpec& request, runtime::TimePoint now,
                                        const SelectOptions& options) {
  Decision decision;
  select_destinations(request, now, options, decision);
  return decision;
}

void Scheduler::select_destinations(const RequestSpec& request, runtime::TimePoint now,
                                    const SelectOptions& options, Decision& out) {
  out.selections.clear();
  out.failure.reset();
  out.instances.clear();
  out.weight_components.clear();
  const PreparedRequest prepared = PreparedRequest::from(request, config_);
  ServerGroup* group = nullptr;
  if (request.group) {
    group = groups_.find(*request.group);
    if (group == nullptr) {
      throw InvalidRequest("Server group " + *request.group + " could not be found.");
    }
  }
  for (std::size_t i = 0; i < request.instance_uuids.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (request.instance_uuids[i] == request.instance_uuids[j]) {
        throw InvalidRequest("instance " + request.instance_uuids[i] + " appears twice");
      }
    }
  }
  if (options.explain) out.weight_components = policy_->components();

  find_candidates(request, prepared, options.host_allowed);
  if (list_.empty()) {
    out.failure = NoValidHost{""};  // no allocation candidates from Placement
    return;
  }

  GroupView view;
  if (group != nullptr) {
    view.policy = group->policy;
    view.max_server_per_host = group->max_server_per_host;
    for (const auto& [host, count] : group->members_on_host)
      group_count_[host] = count;
    view.members_on_host = group_count_;
    view.no_hosts = group->members_on_host.empty();
  }
  resolve_hint_hosts(request.same_host, same_host_hosts_);
  resolve_hint_hosts(request.different_host, different_host_hosts_);
  std::optional<InstanceNumaTopology> numa = prepared.numa_topology;

  const std::size_t count = request.instance_uuids.size();
  std::vector<PlacedInstance> placed;
  placed.reserve(count);
  bool failed = false;
  for (std::size_t k = 0; k < count && !failed; ++k) {
    const std::string& uuid = request.instance_uuids[k];
    const RequestContext ctx{request,
                             prepared,
                             config_,
                             hosts_,
                             aggregates_,
                             placement_,
                             now,
                             k,
                             uuid,
                             host_of(uuid),
                             group != nullptr ? &view : nullptr,
                             same_host_hosts_,
                             different_host_hosts_,
                             &numa,
                             numa_filter_enabled_};
    InstanceDecision& record = out.instances.emplace_back();
    record.hosts_considered = list_.size();
    for (const auto& filter : filters_) {
      if (k > 0 && filter->run_filter_once_per_request()) continue;
      const std::size_t before = list_.size();
      filter->filter(ctx, list_);
      if (options.explain)
        record.filters.push_back({std::string(filter->name()), before, list_.size()});
      if (list_.empty()) break;
    }
    if (list_.empty()) {
      failed = true;
      break;
    }
    if (list_.size() == 1) {
      // A single host gets weight 0.0 and no weigher runs.
      weights_.assign(1, 0.0);
      breakdown_.scores.assign(out.weight_components.size(), std::vector<double>(1, 0.0));
    } else {
      policy_->weigh(ctx, list_, weights_, options.explain ? &breakdown_ : nullptr);
    }
    order_and_claim(ctx, k + 1 == count, count, options, record);
    record.claims_tried = claims_tried_;
    if (!claimed_) {
      failed = true;
      break;
    }
    const HostId host = list_[*claimed_];
    record.host = host;
    PlacedInstance& p = placed.emplace_back(consume(host, prepared, numa));
    if (group != nullptr) {
      p.group = group->name;
      ++group_count_[host];
      view.no_hosts = false;
    }
  }

  if (group != nullptr) {
    for (const auto& [host, c] : group->members_on_host)
      group_count_[host] = 0;
    for (const PlacedInstance& p : placed)
      group_count_[p.host] = 0;
  }
  if (failed) {
    for (auto it = placed.rbegin(); it != placed.rend(); ++it)
      unplace(*it);
    out.failure = NoValidHost{"There are not enough hosts available."};
    return;
  }

  // Commit: the instances now exist on their hosts and the group gains its members.
  for (std::size_t k = 0; k < count; ++k) {
    const std::string& uuid = request.instance_uuids[k];
    if (instances_.contains(uuid)) release(uuid);  // a move: the old placement goes away
    if (group != nullptr) {
      group->members.push_back(uuid);
      ++group->members_on_host[placed[k].host];
    }
    if (options.record_instances) instances_[uuid] = placed[k];
  }
  const auto alternates =
      static_cast<std::size_t>(options.alternates ? config_.max_attempts - 1 : 0);
  for (std::size_t k = 0; k < count; ++k) {
    Selection& s = out.selections.emplace_back();
    s.instance_uuid = request.instance_uuids[k];
    s.host = placed[k].host;
    for (std::size_t i = 0; i < final_order_size_ && s.alternates.size() < alternates; ++i) {
      const HostId candidate = list_[order_[i]];
      const bool selected = std::any_of(placed.begin(), placed.end(), [&](const PlacedInstance& p) {
        return p.host == candidate;
      });
      if (!selected) s.alternates.push_back(candidate);
    }
  }
}

bool Scheduler::release(std::string_view instance_uuid) {
  const auto it = instances_.find(std::string(instance_uuid));
  if (it == instances_.end()) return false;
  const PlacedInstance& placed = it->second;
  unplace(placed);
  if (ServerGroup* group = placed.group.empty() ? nullptr : groups_.find(placed.group)) {
    std::erase(group->members, it->first);
    if (--group->members_on_host[placed.host] == 0) group->members_on_host.erase(placed.host);
  }
  instances_.erase(it);
  return true;
}

bool Scheduler::claim_on(const RequestSpec& request, std::string_view instance_uuid, HostId host) {
  const PreparedRequest prepared = PreparedRequest::from(request, config_);
  ServerGroup* group = request.group ? groups_.find(*request.group) : nullptr;
  if (request.group && group == nullptr) {
    throw InvalidRequest("Server group " + *request.group + " could not be found.");
  }
  const std::string uuid(instance_uuid);
  // A retry or move replaces the instance's current placement; on the same host that placement
  // makes room for the new claim.
  const auto it = instances_.find(uuid);
  std::optional<PlacedInstance> previous;
  if (it != instances_.end()) previous = it->second;
  if (previous && previous->host == host) unplace(*previous);
  if (!placement_.claim(host, prepared.resources)) {
    if (previous && previous->host == host) {
      placement_.claim(host, previous->resources);
      apply_usage(*previous, 1);
    }
    return false;
  }
  if (previous) {
    if (previous->host != host) unplace(*previous);
    if (ServerGroup* g = previous->group.empty() ? nullptr : groups_.find(previous->group)) {
      std::erase(g->members, uuid);
      if (--g->members_on_host[previous->host] == 0) g->members_on_host.erase(previous->host);
    }
  }
  std::optional<InstanceNumaTopology> numa = prepared.numa_topology;
  PlacedInstance placed = consume(host, prepared, numa);
  if (group != nullptr) {
    placed.group = group->name;
    group->members.push_back(uuid);
    ++group->members_on_host[host];
  }
  instances_[uuid] = std::move(placed);
  return true;
}

}  // namespace stacksim::scheduler
