#include "core/compute/instances.hpp"

#include <nlohmann/json.hpp>

#include "core/compute/compute_error.hpp"
#include "core/compute/compute_schema.hpp"
#include "core/compute/flavor_json.hpp"
#include "core/compute/instance_states.hpp"

namespace stacksim::compute {
namespace {

constexpr const char* columns =
    "SELECT uuid, name, project_id, user_id, flavor, old_flavor, new_flavor, image_id, "
    "image_properties, key_name, server_group, availability_zone, host, vm_state, task_state, "
    "power_state, launched_at, terminated_at, created_at, updated_at, reservation_id, "
    "launch_index, hints, deleted FROM compute_instances";

std::int64_t ticks(runtime::TimePoint t) {
  return t.time_since_epoch().count();
}
runtime::TimePoint at(std::int64_t n) {
  return runtime::TimePoint(runtime::Duration(n));
}
std::optional<std::int64_t> ticks(const std::optional<runtime::TimePoint>& t) {
  return t ? std::optional<std::int64_t>(ticks(*t)) : std::nullopt;
}

constexpr const char* mode_names[] = {"auto", "none", "listed"};

// The boot request's details the conductor needs after the API call (scheduler hints, networks,
// security groups) share one JSON column; rows written before networks existed lack those keys.
std::string hints_json(const Instance& i) {
  nlohmann::json networks = nlohmann::json::array();
  for (const RequestedNetwork& r : i.requested_networks.entries)
    networks.push_back({{"uuid", r.network_id}, {"port", r.port_id}, {"fixed_ip", r.fixed_ip}});
  return nlohmann::json{{"same_host", i.same_host},
                        {"different_host", i.different_host},
                        {"networks_mode", mode_names[static_cast<int>(i.requested_networks.mode)]},
                        {"networks", std::move(networks)},
                        {"security_groups", i.security_groups}}
      .dump();
}

void read_hints(const nlohmann::json& hints, Instance& i) {
  i.same_host = hints.at("same_host").get<std::vector<std::string>>();
  i.different_host = hints.at("different_host").get<std::vector<std::string>>();
  const std::string mode = hints.value("networks_mode", std::string("auto"));
  for (int m = 0; m < 3; ++m)
    if (mode == mode_names[m]) i.requested_networks.mode = static_cast<NetworkRequest::Mode>(m);
  for (const nlohmann::json& r : hints.value("networks", nlohmann::json::array()))
    i.requested_networks.entries.push_back({r.at("uuid").get<std::string>(),
                                            r.at("port").get<std::string>(),
                                            r.at("fixed_ip").get<std::string>()});
  i.security_groups =
      hints.value("security_groups", nlohmann::json::array()).get<std::vector<std::string>>();
}

Instance read_instance(const store::Statement& s) {
  Instance i;
  i.uuid = s.column_text(0);
  i.name = s.column_text(1);
  i.project_id = s.column_text(2);
  i.user_id = s.column_text(3);
  i.flavor = flavor_from_json(s.column_text(4));
  if (auto old = s.column_optional_text(5)) i.old_flavor = flavor_from_json(*old);
  if (auto next = s.column_optional_text(6)) i.new_flavor = flavor_from_json(*next);
  i.image_id = s.column_text(7);
  i.image_properties =
      nlohmann::json::parse(s.column_text(8)).get<std::map<std::string, std::string>>();
  i.key_name = s.column_text(9);
  i.server_group = s.column_text(10);
  i.availability_zone = s.column_text(11);
  i.host = s.column_text(12);
  i.vm_state = parse_vm_state(s.column_text(13));
  i.task_state = s.is_null(14) ? TaskState::none : parse_task_state(s.column_text(14));
  i.power_state = static_cast<PowerState>(s.column_int(15));
  if (auto t = s.column_optional_int64(16)) i.launched_at = at(*t);
  if (auto t = s.column_optional_int64(17)) i.terminated_at = at(*t);
  i.created_at = at(s.column_int64(18));
  i.updated_at = at(s.column_int64(19));
  i.reservation_id = s.column_text(20);
  i.launch_index = s.column_int(21);
  read_hints(nlohmann::json::parse(s.column_text(22)), i);
  i.deleted = s.column_int(23) != 0;
  return i;
}

void bind_instance(store::Statement& s, const Instance& i) {
  s.bind_all(
      i.uuid, i.name, i.project_id, i.user_id, flavor_to_json(i.flavor),
      i.old_flavor ? std::optional<std::string>(flavor_to_json(*i.old_flavor)) : std::nullopt,
      i.new_flavor ? std::optional<std::string>(flavor_to_json(*i.new_flavor)) : std::nullopt,
      i.image_id, nlohmann::json(i.image_properties).dump(), i.key_name, i.server_group,
      i.availability_zone, i.host, to_string(i.vm_state),
      i.task_state == TaskState::none
          ? std::optional<std::string>()
          : std::optional<std::string>(std::string(to_string(i.task_state))),
      static_cast<int>(i.power_state), ticks(i.launched_at), ticks(i.terminated_at),
      ticks(i.created_at), ticks(i.updated_at), i.reservation_id, i.launch_index, hints_json(i),
      i.deleted);
}

}  // namespace

Instances::Instances(store::Database& db) : db_((ensure_compute_schema(db), db)) {
}

void Instances::create(const Instance& instance) {
  store::Statement& s = db_.cached(
      "INSERT INTO compute_instances VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, "
      "?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24)");
  bind_instance(s, instance);
  s.execute();
  notify(instance);
}

std::optional<Instance> Instances::find(const std::string& uuid) {
  store::Statement& s = db_.cached(std::string(columns) + " WHERE uuid = ?1");
  s.bind(1, uuid);
  if (!s.step()) return std::nullopt;
  Instance i = read_instance(s);
  s.reset();
  return i;
}

Instance Instances::get(const std::string& uuid, bool include_deleted) {
  std::optional<Instance> i = find(uuid);
  if (!i || (i->deleted && !include_deleted)) throw instance_not_found(uuid);
  return *i;
}

void Instances::save(const Instance& instance) {
  store::Statement& s = db_.cached(
      "UPDATE compute_instances SET name = ?2, project_id = ?3, user_id = ?4, flavor = ?5, "
      "old_flavor = ?6, new_flavor = ?7, image_id = ?8, image_properties = ?9, key_name = ?10, "
      "server_group = ?11, availability_zone = ?12, host = ?13, vm_state = ?14, "
      "task_state = ?15, power_state = ?16, launched_at = ?17, terminated_at = ?18, "
      "created_at = ?19, updated_at = ?20, reservation_id = ?21, launch_index = ?22, "
      "hints = ?23, deleted = ?24 WHERE uuid = ?1");
  bind_instance(s, instance);
  if (s.execute() == 0) throw instance_not_found(instance.uuid);
  notify(instance);
}

void Instances::subscribe(std::function<void(const Instance&)> listener) {
  listeners_.push_back(std::move(listener));
}

void Instances::notify(const Instance& instance) {
  ++generation_;
  for (const auto& listener : listeners_)
    listener(instance);
}

std::vector<Instance> Instances::list(const InstanceFilter& filter) {
  store::Statement& s =
      db_.cached(std::string(columns) +
                 " WHERE (?1 IS NULL OR project_id = ?1) AND (?2 IS NULL OR host = ?2) AND "
                 "(?3 IS NULL OR reservation_id = ?3) AND (?4 = 1 OR deleted = 0) "
                 "ORDER BY created_at, reservation_id, launch_index");
  s.bind(1, filter.project_id).bind(2, filter.host).bind(3, filter.reservation_id);
  s.bind(4, filter.include_deleted);
  std::vector<Instance> out;
  while (s.step())
    out.push_back(read_instance(s));
  return out;
}

std::map<std::string, std::int64_t> Instances::io_workload() {
  store::Statement& s = db_.cached(
      "SELECT host, count(*) FROM compute_instances WHERE deleted = 0 AND host != '' AND "
      "(vm_state = 'building' OR task_state IN ('resize_prep', 'resize_migrating', "
      "'rebuilding', 'rebuild_spawning')) GROUP BY host");
  std::map<std::string, std::int64_t> out;
  while (s.step())
    out.emplace(s.column_text(0), s.column_int64(1));
  return out;
}

void Instances::add_fault(const std::string& uuid, const InstanceFault& fault) {
  db_.cached(
         "INSERT INTO compute_instance_faults(instance_uuid, code, message, details, created_at) "
         "VALUES (?1, ?2, ?3, ?4, ?5)")
      .bind_all(uuid, fault.code, fault.message, fault.details, ticks(fault.created_at))
      .execute();
}

std::optional<InstanceFault> Instances::fault(const std::string& uuid) {
  store::Statement& s = db_.cached(
      "SELECT code, message, details, created_at FROM compute_instance_faults WHERE "
      "instance_uuid = ?1 ORDER BY id DESC LIMIT 1");
  s.bind(1, uuid);
  if (!s.step()) return std::nullopt;
  InstanceFault f{s.column_int(0), s.column_text(1), s.column_text(2), at(s.column_int64(3))};
  s.reset();
  return f;
}

}  // namespace stacksim::compute
