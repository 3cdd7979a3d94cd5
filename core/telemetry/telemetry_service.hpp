#pragma once
// Ceilometer + Gnocchi + Aodh for stacksim: pollsters sampled every polling interval into the
// MeterStore, and threshold alarms evaluated every evaluation interval, whose state transitions
// call notifiers chosen by the action URL's scheme. Both loops are coroutines on the executor;
// start() spawns them and stop() cancels them (the executor must not run after the service is
// gone while they are started).

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/runtime/executor.hpp"
#include "core/runtime/spawn.hpp"
#include "core/store/sequence.hpp"
#include "core/telemetry/alarm.hpp"
#include "core/telemetry/meter_store.hpp"
#include "core/telemetry/pollster.hpp"

namespace stacksim::telemetry {

struct TelemetryConfig {
  runtime::Duration polling_interval = std::chrono::seconds(60);
  runtime::Duration evaluation_interval = std::chrono::seconds(60);
};

/// Called with the action URL and the alarm (already in its new state).
using Notifier = std::function<void(const std::string& action, const Alarm& alarm)>;

class TelemetryService {
 public:
  TelemetryService(store::Database& db, runtime::Executor& executor, TelemetryConfig config = {},
                   std::uint64_t id_seed = 1);
  TelemetryService(const TelemetryService&) = delete;
  TelemetryService& operator=(const TelemetryService&) = delete;
  ~TelemetryService();

  [[nodiscard]] const TelemetryConfig& config() const noexcept { return config_; }
  [[nodiscard]] MeterStore& meters() noexcept { return meters_; }

  void add_pollster(std::unique_ptr<Pollster> pollster);
  /// Handles actions whose URL starts with "<scheme>://". Actions of unknown schemes are logged
  /// in the alarm history as failed notifications.
  void register_notifier(const std::string& scheme, Notifier notifier);

  void start();
  void stop();

  /// One polling round: every pollster, recorded.
  runtime::Task<void> poll_once();
  /// One evaluation round over every enabled alarm, at the executor's current time.
  void evaluate_alarms();

  // Alarms (Aodh's API). create_alarm validates the definition (std::invalid_argument).
  Alarm create_alarm(const AlarmDefinition& definition);
  [[nodiscard]] Alarm get_alarm(const std::string& id) const;
  [[nodiscard]] std::vector<Alarm> list_alarms() const;
  void delete_alarm(const std::string& id);
  [[nodiscard]] std::vector<AlarmTransition> alarm_history(const std::string& id) const;

 private:
  runtime::Task<void> polling_loop();
  runtime::Task<void> evaluation_loop();
  void save_state(const Alarm& alarm);
  void notify(const Alarm& alarm);
  void record_history(const std::string& alarm_id, AlarmState previous, AlarmState state,
                      const std::string& reason);

  store::Database& db_;
  runtime::Executor& executor_;
  TelemetryConfig config_;
  std::uint64_t id_seed_;
  store::Sequence ids_;
  MeterStore meters_;
  std::vector<std::unique_ptr<Pollster>> pollsters_;
  std::map<std::string, Notifier> notifiers_;
  runtime::TaskHandle polling_;
  runtime::TaskHandle evaluating_;
  bool started_ = false;
};

}  // namespace stacksim::telemetry
