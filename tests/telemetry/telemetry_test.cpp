#include <catch2/catch.hpp>

#include "core/runtime/spawn.hpp"
#include "core/telemetry/alarm_evaluator.hpp"
#include "core/telemetry/telemetry_service.hpp"
#include "sim/engine/simulator.hpp"

using namespace stacksim;
using telemetry::AlarmState;

namespace {

runtime::TimePoint at(double s) {
  return runtime::at_seconds(s);
}

/// A pollster that reports given values of one meter, one per poll, for two resources.
class ScriptedPollster final : public telemetry::Pollster {
 public:
  explicit ScriptedPollster(std::vector<double> values) : values_(std::move(values)) {}
  runtime::Task<std::vector<telemetry::Sample>> poll(runtime::TimePoint now) override {
    const double v = values_.at(std::min(next_++, values_.size() - 1));
    co_return std::vector<telemetry::Sample>{{"cpu_util", "%", "vm-a", now, v},
                                             {"cpu_util", "%", "vm-b", now, v + 10}};
  }

 private:
  std::vector<double> values_;
  std::size_t next_ = 0;
};

}  // namespace

TEST_CASE("statistics over periods aggregate samples per resource, group or meter") {
  store::Database db = store::Database::open_in_memory();
  telemetry::MeterStore meters(db);
  std::vector<telemetry::Sample> samples;
  for (int i = 0; i < 6; ++i) {
    samples.push_back({"cpu_util", "%", "vm-a", at(10.0 * i), 10.0 * i});
    samples.push_back({"cpu_util", "%", "vm-b", at(10.0 * i), 100});
  }
  meters.record(samples);
  telemetry::StatisticsQuery q{"cpu_util", std::string("vm-a"),     std::nullopt, at(0),
                               at(60),     std::chrono::seconds(30)};
  const auto stats = meters.statistics(q);
  REQUIRE(stats.size() == 2);
  CHECK(stats[0].period_start == at(0));
  CHECK(stats[0].period_end == at(30));
  CHECK(stats[0].count == 3);
  CHECK(stats[0].avg == Approx(10));
  CHECK(stats[0].min == 0);
  CHECK(stats[0].max == 20);
  CHECK(stats[0].sum == 30);
  CHECK(stats[1].avg == Approx(40));

  meters.set_group_members("g", {"vm-b"});
  q.resource_id.reset();
  q.group = "g";
  CHECK(meters.statistics(q).at(0).avg == 100);
  q.group.reset();
  CHECK(meters.statistics(q).at(0).count == 6);  // every resource
  CHECK(meters.samples("cpu_util", "vm-a").size() == 6);
}

TEST_CASE("threshold alarms need every evaluation period to agree") {
  store::Database db = store::Database::open_in_memory();
  telemetry::MeterStore meters(db);
  telemetry::AlarmDefinition d;
  d.name = "high";
  d.meter = "cpu_util";
  d.comparison_operator = telemetry::ComparisonOperator::gt;
  d.threshold = 50;
  d.period = std::chrono::seconds(60);
  d.evaluation_periods = 3;
  CHECK(evaluate_threshold(d, meters, at(180))->state == AlarmState::insufficient_data);
  meters.record({{"cpu_util", "%", "vm", at(10), 80}, {"cpu_util", "%", "vm", at(70), 90}});
  CHECK(evaluate_threshold(d, meters, at(180))->state == AlarmState::insufficient_data);
  meters.record({{"cpu_util", "%", "vm", at(130), 40}});
  CHECK_FALSE(evaluate_threshold(d, meters, at(180)).has_value());  // mixed: keep the state
  meters.record({{"cpu_util", "%", "vm", at(190), 95}});
  // Window (60, 240]: 90, 40, 95 -> still mixed; with a ge 40 threshold all breach.
  d.comparison_operator = telemetry::ComparisonOperator::ge;
  d.threshold = 40;
  const auto verdict = evaluate_threshold(d, meters, at(240));
  REQUIRE(verdict.has_value());
  CHECK(verdict->state == AlarmState::alarm);
  CHECK(verdict->reason ==
        "Transition to alarm due to 3 samples outside threshold, most recent: 95");
  d.comparison_operator = telemetry::ComparisonOperator::lt;
  d.threshold = 20;
  CHECK(evaluate_threshold(d, meters, at(240))->state == AlarmState::ok);
  for (const auto op : {"lt", "le", "eq", "ne", "ge", "gt"})
    CHECK(telemetry::to_string(*telemetry::parse_comparison_operator(op)) == op);
  CHECK(telemetry::compare(1, telemetry::ComparisonOperator::le, 1));
  CHECK_FALSE(telemetry::compare(1, telemetry::ComparisonOperator::ne, 1));
}

TEST_CASE("the service polls, evaluates alarms and calls notifiers on transitions") {
  sim::Simulator sim;
  store::Database db = store::Database::open_in_memory();
  telemetry::TelemetryConfig config;
  config.polling_interval = std::chrono::seconds(10);
  config.evaluation_interval = std::chrono::seconds(10);
  telemetry::TelemetryService service(db, sim, config);
  // vm-a: 20 for 6 polls, then 90; vm-b is 10 higher.
  std::vector<double> values(6, 20.0);
  values.resize(20, 90.0);
  service.add_pollster(std::make_unique<ScriptedPollster>(values));
  service.meters().set_group_members("web", {"vm-a"});
  telemetry::AlarmDefinition d;
  d.name = "busy";
  d.meter = "cpu_util";
  d.threshold = 50;
  d.period = std::chrono::seconds(30);
  d.evaluation_periods = 2;
  d.group = "web";
  d.alarm_actions = {"test://scale-out", "nowhere://x"};
  d.ok_actions = {"test://ok"};
  const telemetry::Alarm alarm = service.create_alarm(d);
  std::vector<std::pair<double, std::string>> calls;
  service.register_notifier("test", [&](const std::string& action, const telemetry::Alarm& a) {
    CHECK(a.id == alarm.id);
    calls.emplace_back(runtime::to_seconds(sim.now()), action);
  });
  service.start();
  sim.run_until(at(175));
  service.stop();
  sim.run_until_idle();
  // Polls at 0, 10, ...; evaluations at 10, 20, ... over [now - 60, now) in two 30 s buckets.
  // ok at 40 (buckets [-20, 10) and [10, 40) both hold samples of 20); alarm at 110 (buckets
  // [50, 80): 20, 90, 90 averaging 66.7, and [80, 110): 90).
  REQUIRE(calls.size() == 2);
  CHECK(calls[0].second == "test://ok");
  CHECK(calls[0].first == 40);
  CHECK(calls[1].second == "test://scale-out");
  CHECK(calls[1].first == 110);
  CHECK(service.get_alarm(alarm.id).state == AlarmState::alarm);
  const auto history = service.alarm_history(alarm.id);
  REQUIRE(history.size() == 3);
  CHECK(history[1].previous == AlarmState::ok);
  CHECK(history[1].state == AlarmState::alarm);
  CHECK(history[2].reason == "Action nowhere://x is invalid: no notifier for its scheme");
  CHECK_THROWS_AS(service.create_alarm(telemetry::AlarmDefinition{}), std::invalid_argument);
  service.delete_alarm(alarm.id);
  CHECK(service.list_alarms().empty());
}
