#include "core/compute/host_manager.hpp"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "core/compute/compute_schema.hpp"
#include "core/compute/flavor_json.hpp"
#include "core/store/savepoint.hpp"

namespace stacksim::compute {
namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

scheduler::HostInfo scheduler_host(const runtime::HostInfo& info) {
  scheduler::HostInfo h;
  h.name = info.name;
  h.vcpus = info.vcpus;
  h.memory_mb = info.memory_mb;
  h.disk_gb = info.disk_gb;
  h.supported_instances = {{info.cpu_arch, lower(info.hypervisor_type), "hvm"}};
  h.hypervisor_type = info.hypervisor_type;
  h.hypervisor_version = info.hypervisor_version;
  return h;
}

std::string request_json(const AllocationRequest& r) {
  return nlohmann::json{{"flavor", nlohmann::json::parse(flavor_to_json(r.flavor))},
                        {"image_properties", r.image_properties},
                        {"group", r.group}}
      .dump();
}

AllocationRequest request_from_json(const std::string& text) {
  const nlohmann::json j = nlohmann::json::parse(text);
  return {flavor_from_json(j.at("flavor").dump()),
          j.at("image_properties").get<std::map<std::string, std::string>>(),
          j.at("group").get<std::string>()};
}

}  // namespace

HostManager::HostManager(store::Database& db, scheduler::SchedulerConfig config)
    : db_((ensure_compute_schema(db), db)), scheduler_(std::move(config)) {
  store::Statement& s = db_.cached(
      "SELECT host, vcpus, memory_mb, local_gb, cpu_arch, hypervisor_type, hypervisor_version "
      "FROM compute_nodes ORDER BY position");
  while (s.step()) {
    runtime::HostInfo info;
    info.name = s.column_text(0);
    info.vcpus = s.column_int(1);
    info.memory_mb = s.column_int64(2);
    info.disk_gb = s.column_int64(3);
    info.cpu_arch = s.column_text(4);
    info.hypervisor_type = s.column_text(5);
    info.hypervisor_version = s.column_int64(6);
    scheduler_.add_host(scheduler_host(info));
    nodes_.push_back(std::move(info));
  }
}

void HostManager::add_node(const runtime::HostInfo& info) {
  if (has_node(info.name)) {
    const runtime::HostInfo& known = node(info.name);
    if (known.vcpus != info.vcpus || known.memory_mb != info.memory_mb ||
        known.disk_gb != info.disk_gb) {
      throw std::invalid_argument("compute node " + info.name +
                                  " re-registered with a different capacity");
    }
    return;
  }
  db_.cached("INSERT INTO compute_nodes VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")
      .bind_all(info.name, static_cast<std::int64_t>(nodes_.size()), info.vcpus, info.memory_mb,
                info.disk_gb, info.cpu_arch, info.hypervisor_type, info.hypervisor_version)
      .execute();
  scheduler_.add_host(scheduler_host(info));
  nodes_.push_back(info);
  apply_memberships(info.name);
}

bool HostManager::has_node(const std::string& host) const {
  return scheduler_.find_host(host).has_value();
}

const runtime::HostInfo& HostManager::node(const std::string& host) const {
  return nodes_.at(id_of(host));
}

scheduler::HostId HostManager::id_of(const std::string& host) const {
  const std::optional<scheduler::HostId> id = scheduler_.find_host(host);
  if (!id) throw std::out_of_range("unknown compute node " + host);
  return *id;
}

std::string HostManager::host_name(scheduler::HostId id) const {
  return nodes_.at(id).name;
}

void HostManager::apply_memberships(const std::string& host) {
  const std::optional<scheduler::HostId> id = scheduler_.find_host(host);
  if (!id) return;  // joins when the node registers
  for (const std::string& aggregate : memberships_[host]) {
    scheduler_.add_host_to_aggregate(aggregate, *id);
  }
}

void HostManager::set_aggregates(const std::vector<HostAggregate>& aggregates) {
  std::map<std::string, std::set<std::string>> wanted;  // host -> aggregates
  std::map<std::string, std::map<std::string, std::string>> metadata;
  for (const HostAggregate& a : aggregates) {
    metadata[a.name] = a.metadata;
    for (const std::string& host : a.hosts)
      wanted[host].insert(a.name);
  }
  // Aggregates that went away keep an empty, memberless shell in the scheduler.
  for (const auto& [name, old] : mirrored_metadata_) {
    if (!metadata.contains(name)) scheduler_.set_aggregate_metadata(name, {});
  }
  for (const auto& [name, meta] : metadata) {
    auto it = mirrored_metadata_.find(name);
    if (it == mirrored_metadata_.end() || it->second != meta) {
      scheduler_.set_aggregate_metadata(name, meta);
    }
  }
  for (const auto& [host, old] : memberships_) {
    const std::optional<scheduler::HostId> id = scheduler_.find_host(host);
    if (!id) continue;
    for (const std::string& name : old) {
      if (!wanted[host].contains(name)) scheduler_.remove_host_from_aggregate(name, *id);
    }
  }
  for (const auto& [host, names] : wanted) {
    const std::optional<scheduler::HostId> id = scheduler_.find_host(host);
    if (!id) continue;
    for (const std::string& name : names) {
      if (!memberships_[host].contains(name)) scheduler_.add_host_to_aggregate(name, *id);
    }
  }
  memberships_ = std::move(wanted);
  mirrored_metadata_ = std::move(metadata);
}

void HostManager::add_group(const ServerGroup& group) {
  scheduler_.create_server_group(group.uuid, group.policy, group.max_server_per_host);
}

void HostManager::restore_allocations() {
  store::Statement& s =
      db_.cached("SELECT consumer_uuid, host, request FROM compute_allocations ORDER BY rowid");
  std::vector<std::tuple<std::string, std::string, std::string>> rows;
  while (s.step())
    rows.emplace_back(s.column_text(0), s.column_text(1), s.column_text(2));
  for (const auto& [consumer, host, request] : rows) {
    scheduler::RequestSpec spec = spec_for(request_from_json(request));
    spec.instance_uuids = {consumer};
    if (!scheduler_.claim_on(spec, consumer, id_of(host))) {
      throw std::runtime_error("cannot restore the allocation of " + consumer + " on " + host +
                               ": it no longer fits (were allocation ratios lowered?)");
    }
  }
}

void HostManager::refresh(ComputeServices& services, runtime::TimePoint now,
                          const std::map<std::string, std::int64_t>& io_ops) {
  for (const ComputeService& svc : services.list()) {
    const std::optional<scheduler::HostId> id = scheduler_.find_host(svc.host);
    if (!id) continue;
    scheduler_.set_service_enabled(*id, !svc.disabled);
    scheduler_.set_forced_down(*id, svc.forced_down);
    scheduler_.heartbeat(*id, services.last_seen_up(svc, now));
    const auto it = io_ops.find(svc.host);
    scheduler_.set_host_stats(*id, it == io_ops.end() ? 0 : it->second, svc.failed_builds);
  }
}

scheduler::RequestSpec HostManager::spec_for(const AllocationRequest& request) {
  scheduler::RequestSpec spec;
  const Flavor& f = request.flavor;
  spec.flavor = {f.name, f.vcpus, f.memory_mb, f.root_gb, f.ephemeral_gb, f.swap_mb, f.extra_specs};
  spec.image_properties = request.image_properties;
  if (!request.group.empty()) spec.group = request.group;
  return spec;
}

void HostManager::record(const std::string& consumer, const std::string& host,
                         const AllocationRequest& request) {
  db_.cached(
         "INSERT INTO compute_allocations VALUES (?1, ?2, ?3) ON CONFLICT(consumer_uuid) DO "
         "UPDATE SET host = excluded.host, request = excluded.request")
      .bind_all(consumer, host, request_json(request))
      .execute();
}

scheduler::Decision HostManager::select(const AllocationRequest& request,
                                        const std::vector<std::string>& instance_uuids,
                                        const PlacementHints& hints, runtime::TimePoint now) {
  scheduler::RequestSpec spec = spec_for(request);
  spec.instance_uuids = instance_uuids;
  spec.availability_zone = hints.availability_zone;
  spec.same_host = hints.same_host;
  spec.different_host = hints.different_host;
  // Ignored hosts are kept out the way Placement keeps out disabled ones (the
  // COMPUTE_STATUS_DISABLED trait), which removes them before any filter or weigher sees them.
  std::vector<std::pair<scheduler::HostId, bool>> ignored;
  for (const std::string& host : hints.ignore_hosts) {
    const scheduler::HostId id = id_of(host);
    ignored.emplace_back(id, scheduler_.hosts().disabled[id] != 0);
    scheduler_.set_service_enabled(id, false);
  }
  scheduler::Decision decision;
  try {
    decision = scheduler_.select_destinations(spec, now);
  } catch (...) {
    for (const auto& [id, disabled] : ignored)
      scheduler_.set_service_enabled(id, !disabled);
    throw;
  }
  for (const auto& [id, disabled] : ignored)
    scheduler_.set_service_enabled(id, !disabled);
  if (decision.ok()) {
    store::Savepoint tx(db_);
    for (const scheduler::Selection& s : decision.selections) {
      record(s.instance_uuid, host_name(s.host), request);
    }
    tx.commit();
  }
  return decision;
}

bool HostManager::claim(const std::string& consumer, const std::string& host,
                        const AllocationRequest& request) {
  scheduler::RequestSpec spec = spec_for(request);
  spec.instance_uuids = {consumer};
  if (!scheduler_.claim_on(spec, consumer, id_of(host))) return false;
  record(consumer, host, request);
  return true;
}

void HostManager::release(const std::string& consumer) {
  scheduler_.release(consumer);
  db_.cached("DELETE FROM compute_allocations WHERE consumer_uuid = ?1")
      .bind(1, consumer)
      .execute();
}

std::optional<std::string> HostManager::host_of(const std::string& consumer) {
  const std::optional<scheduler::HostId> id = scheduler_.host_of(consumer);
  if (!id) return std::nullopt;
  return host_name(*id);
}

HostUsage HostManager::usage(const std::string& host) {
  const scheduler::HostId id = id_of(host);
  const scheduler::Placement& p = scheduler_.placement();
  HostUsage u;
  u.vcpus_used = p.used(id, scheduler::ResourceClass::vcpu);
  u.memory_mb_used = p.used(id, scheduler::ResourceClass::memory_mb);
  u.local_gb_used = p.used(id, scheduler::ResourceClass::disk_gb);
  store::Statement& s = db_.cached("SELECT count(*) FROM compute_allocations WHERE host = ?1");
  s.bind(1, host);
  s.step();
  u.consumers = s.column_int64(0);
  s.reset();
  return u;
}

}  // namespace stacksim::compute
