#include "core/compute/compute_services.hpp"

#include <stdexcept>

#include "core/compute/compute_error.hpp"
#include "core/compute/compute_schema.hpp"

namespace stacksim::compute {
namespace {

std::int64_t ticks(runtime::TimePoint t) {
  return t.time_since_epoch().count();
}
runtime::TimePoint at(std::int64_t n) {
  return runtime::TimePoint(runtime::Duration(n));
}

}  // namespace

ComputeServices::ComputeServices(store::Database& db, runtime::Duration report_interval,
                                 runtime::Duration service_down_time)
    : db_((ensure_compute_schema(db), db)),
      report_interval_(report_interval),
      service_down_time_(service_down_time) {
  if (report_interval <= runtime::Duration::zero()) {
    throw std::invalid_argument("report_interval must be positive");
  }
  if (service_down_time < report_interval) {
    throw std::invalid_argument("service_down_time must be at least report_interval");
  }
}

ComputeService ComputeServices::start(const std::string& host, runtime::TimePoint now) {
  db_.cached(
         "INSERT INTO compute_services VALUES (?1, 'nova-compute', 0, '', 0, ?2, NULL, 0) "
         "ON CONFLICT(host) DO UPDATE SET started_at = excluded.started_at, stopped_at = NULL")
      .bind_all(host, ticks(now))
      .execute();
  return get(host);
}

void ComputeServices::stop(const std::string& host, runtime::TimePoint now) {
  db_.cached("UPDATE compute_services SET stopped_at = ?2 WHERE host = ?1 AND stopped_at IS NULL")
      .bind_all(host, ticks(now))
      .execute();
}

ComputeService ComputeServices::get(const std::string& host) {
  store::Statement& s = db_.cached(
      "SELECT binary, disabled, disabled_reason, forced_down, started_at, stopped_at, "
      "failed_builds FROM compute_services WHERE host = ?1");
  s.bind(1, host);
  if (!s.step()) throw compute_host_not_found(host);
  ComputeService svc;
  svc.host = host;
  svc.binary = s.column_text(0);
  svc.disabled = s.column_int(1) != 0;
  svc.disabled_reason = s.column_text(2);
  svc.forced_down = s.column_int(3) != 0;
  svc.started_at = at(s.column_int64(4));
  if (auto stopped = s.column_optional_int64(5)) svc.stopped_at = at(*stopped);
  svc.failed_builds = s.column_int64(6);
  s.reset();
  return svc;
}

bool ComputeServices::exists(const std::string& host) {
  store::Statement& s = db_.cached("SELECT 1 FROM compute_services WHERE host = ?1");
  s.bind(1, host);
  const bool found = s.step();
  s.reset();
  return found;
}

std::vector<ComputeService> ComputeServices::list() {
  store::Statement& s = db_.cached("SELECT host FROM compute_services ORDER BY host");
  std::vector<std::string> hosts;
  while (s.step())
    hosts.push_back(s.column_text(0));
  std::vector<ComputeService> out;
  for (const std::string& h : hosts)
    out.push_back(get(h));
  return out;
}

ComputeService ComputeServices::set_disabled(const std::string& host, bool disabled,
                                             const std::string& reason) {
  (void)get(host);
  db_.cached("UPDATE compute_services SET disabled = ?2, disabled_reason = ?3 WHERE host = ?1")
      .bind_all(host, disabled, disabled ? reason : std::string())
      .execute();
  return get(host);
}

ComputeService ComputeServices::set_forced_down(const std::string& host, bool forced_down) {
  (void)get(host);
  db_.cached("UPDATE compute_services SET forced_down = ?2 WHERE host = ?1")
      .bind_all(host, forced_down)
      .execute();
  return get(host);
}

void ComputeServices::record_build(const std::string& host, bool succeeded) {
  db_.cached(succeeded ? "UPDATE compute_services SET failed_builds = 0 WHERE host = ?1"
                       : "UPDATE compute_services SET failed_builds = failed_builds + 1 WHERE "
                         "host = ?1")
      .bind(1, host)
      .execute();
}

runtime::TimePoint ComputeServices::last_seen_up(const ComputeService& service,
                                                 runtime::TimePoint now) const {
  runtime::TimePoint until = now;
  if (service.stopped_at && *service.stopped_at < until) until = *service.stopped_at;
  if (until < service.started_at) return service.started_at;
  const auto periods = (until - service.started_at) / report_interval_;
  return service.started_at + periods * report_interval_;
}

bool ComputeServices::is_up(const ComputeService& service, runtime::TimePoint now) const {
  return !service.forced_down && now - last_seen_up(service, now) <= service_down_time_;
}

}  // namespace stacksim::compute
