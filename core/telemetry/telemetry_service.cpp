#include "core/telemetry/telemetry_service.hpp"

#include <stdexcept>

#include "core/runtime/sleep.hpp"
#include "core/runtime/uuid.hpp"
#include "core/telemetry/alarm_evaluator.hpp"
#include "core/telemetry/alarm_json.hpp"

namespace stacksim::telemetry {
namespace {

std::int64_t ns(runtime::TimePoint t) {
  return t.time_since_epoch().count();
}
runtime::TimePoint at_ns(std::int64_t value) {
  return runtime::TimePoint(runtime::Duration(value));
}

void validate(const AlarmDefinition& d) {
  if (d.name.empty()) throw std::invalid_argument("alarm name: must not be empty");
  if (d.meter.empty()) throw std::invalid_argument("alarm meter_name: must not be empty");
  if (d.period <= runtime::Duration::zero()) {
    throw std::invalid_argument("alarm period: must be positive");
  }
  if (d.evaluation_periods < 1) {
    throw std::invalid_argument("alarm evaluation_periods: must be at least 1");
  }
  if (d.resource_id && d.group) {
    throw std::invalid_argument("alarm query: give a resource_id or a group, not both");
  }
}

Alarm alarm_from_row(const store::Statement& s) {
  Alarm a;
  a.id = s.column_text(0);
  a.definition = alarm_definition_from_json(nlohmann::json::parse(s.column_text(1)));
  a.state = parse_alarm_state(s.column_text(2)).value_or(AlarmState::insufficient_data);
  a.state_timestamp = at_ns(s.column_int64(3));
  return a;
}

}  // namespace

TelemetryService::TelemetryService(store::Database& db, runtime::Executor& executor,
                                   TelemetryConfig config, std::uint64_t id_seed)
    : db_(db),
      executor_(executor),
      config_(config),
      id_seed_(id_seed),
      ids_(db, "telemetry.ids"),
      meters_(db) {
  if (config_.polling_interval <= runtime::Duration::zero() ||
      config_.evaluation_interval <= runtime::Duration::zero()) {
    throw std::invalid_argument("telemetry polling and evaluation intervals must be positive");
  }
}

TelemetryService::~TelemetryService() {
  stop();
}

void TelemetryService::add_pollster(std::unique_ptr<Pollster> pollster) {
  pollsters_.push_back(std::move(pollster));
}

void TelemetryService::register_notifier(const std::string& scheme, Notifier notifier) {
  notifiers_[scheme] = std::move(notifier);
}

void TelemetryService::start() {
  if (started_) return;
  started_ = true;
  polling_ = runtime::spawn(executor_, polling_loop());
  evaluating_ = runtime::spawn(executor_, evaluation_loop());
}

void TelemetryService::stop() {
  polling_.cancel();
  evaluating_.cancel();
  started_ = false;
}

runtime::Task<void> TelemetryService::poll_once() {
  const runtime::TimePoint now = executor_.now();
  for (const std::unique_ptr<Pollster>& pollster : pollsters_) {
    const std::vector<Sample> samples = co_await pollster->poll(now);
    meters_.record(samples);
  }
}

runtime::Task<void> TelemetryService::polling_loop() {
  for (;;) {
    co_await poll_once();
    co_await runtime::sleep_for(config_.polling_interval);
  }
}

runtime::Task<void> TelemetryService::evaluation_loop() {
  for (;;) {
    co_await runtime::sleep_for(config_.evaluation_interval);
    evaluate_alarms();
  }
}

void TelemetryService::evaluate_alarms() {
  const runtime::TimePoint now = executor_.now();
  for (Alarm alarm : list_alarms()) {
    if (!alarm.definition.enabled) continue;
    const std::optional<AlarmVerdict> verdict = evaluate_threshold(alarm.definition, meters_, now);
    if (!verdict) continue;
    const AlarmState previous = alarm.state;
    if (verdict->state != previous) {
      alarm.state = verdict->state;
      alarm.state_timestamp = now;
      save_state(alarm);
      record_history(alarm.id, previous, alarm.state, verdict->reason);
      notify(alarm);
    } else if (alarm.definition.repeat_actions) {
      notify(alarm);
    }
  }
}

void TelemetryService::notify(const Alarm& alarm) {
  const AlarmDefinition& d = alarm.definition;
  const std::vector<std::string>& actions = alarm.state == AlarmState::alarm ? d.alarm_actions
                                            : alarm.state == AlarmState::ok
                                                ? d.ok_actions
                                                : d.insufficient_data_actions;
  for (const std::string& action : actions) {
    const std::size_t colon = action.find("://");
    const auto notifier =
        colon == std::string::npos ? notifiers_.end() : notifiers_.find(action.substr(0, colon));
    if (notifier == notifiers_.end()) {
      record_history(alarm.id, alarm.state, alarm.state,
                     "Action " + action + " is invalid: no notifier for its scheme");
      continue;
    }
    notifier->second(action, alarm);
  }
}

Alarm TelemetryService::create_alarm(const AlarmDefinition& definition) {
  validate(definition);
  Alarm alarm;
  alarm.id = runtime::Uuid::at(id_seed_, static_cast<std::uint64_t>(ids_.next())).str();
  alarm.definition = definition;
  alarm.state_timestamp = executor_.now();
  db_.cached(
         "INSERT INTO telemetry_alarms(id, name, definition, state, state_timestamp_ns) "
         "VALUES (?1, ?2, ?3, ?4, ?5)")
      .bind_all(alarm.id, definition.name, to_json(definition).dump(),
                std::string(to_string(alarm.state)), ns(alarm.state_timestamp))
      .execute();
  return alarm;
}

Alarm TelemetryService::get_alarm(const std::string& id) const {
  store::Statement s = db_.prepare(
      "SELECT id, definition, state, state_timestamp_ns FROM telemetry_alarms WHERE id = ?1");
  s.bind(1, id);
  if (!s.step()) throw std::out_of_range("Alarm " + id + " not found");
  return alarm_from_row(s);
}

std::vector<Alarm> TelemetryService::list_alarms() const {
  store::Statement s = db_.prepare(
      "SELECT id, definition, state, state_timestamp_ns FROM telemetry_alarms ORDER BY rowid");
  std::vector<Alarm> out;
  while (s.step())
    out.push_back(alarm_from_row(s));
  return out;
}

void TelemetryService::delete_alarm(const std::string& id) {
  if (db_.cached("DELETE FROM telemetry_alarms WHERE id = ?1").bind(1, id).execute() == 0) {
    throw std::out_of_range("Alarm " + id + " not found");
  }
}

std::vector<AlarmTransition> TelemetryService::alarm_history(const std::string& id) const {
  store::Statement s = db_.prepare(
      "SELECT timestamp_ns, previous_state, state, reason FROM telemetry_alarm_history WHERE "
      "alarm_id = ?1 ORDER BY id");
  s.bind(1, id);
  std::vector<AlarmTransition> out;
  while (s.step()) {
    out.push_back({id, at_ns(s.column_int64(0)),
                   parse_alarm_state(s.column_text(1)).value_or(AlarmState::insufficient_data),
                   parse_alarm_state(s.column_text(2)).value_or(AlarmState::insufficient_data),
                   s.column_text(3)});
  }
  return out;
}

void TelemetryService::save_state(const Alarm& alarm) {
  db_.cached("UPDATE telemetry_alarms SET state = ?2, state_timestamp_ns = ?3 WHERE id = ?1")
      .bind_all(alarm.id, std::string(to_string(alarm.state)), ns(alarm.state_timestamp))
      .execute();
}

void TelemetryService::record_history(const std::string& alarm_id, AlarmState previous,
                                      AlarmState state, const std::string& reason) {
  db_.cached(
         "INSERT INTO telemetry_alarm_history(alarm_id, timestamp_ns, previous_state, state, "
         "reason) VALUES (?1, ?2, ?3, ?4, ?5)")
      .bind_all(alarm_id, ns(executor_.now()), std::string(to_string(previous)),
                std::string(to_string(state)), reason)
      .execute();
}

}  // namespace stacksim::telemetry
