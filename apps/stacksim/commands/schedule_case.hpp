#pragma once
// Scheduling cases (../shared/reference/schedule-case-format.md, docs/scheduler.md): hosts with
// their aggregates, a scheduler configuration and a list of boot requests. Reading validates
// every field and reports errors with the file and JSON path.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/scheduler/config.hpp"
#include "core/scheduler/host_info.hpp"
#include "core/scheduler/request_spec.hpp"
#include "core/scheduler/scheduler.hpp"

namespace stacksim::apps {

struct CaseAggregate {
  std::string name;
  std::map<std::string, std::string> metadata;
  std::string path;  // JSON path, for errors
};

struct CaseHost {
  scheduler::HostInfo info;
  std::vector<CaseAggregate> aggregates;  // including "az:<zone>" for a non-default az
  std::string path;
};

struct CaseGroup {
  std::string name;
  scheduler::GroupPolicy policy = scheduler::GroupPolicy::affinity;
  std::optional<int> max_server_per_host;
};

struct CaseRequest {
  scheduler::RequestSpec spec;  // instance ids are "<request>-<instance>"
  std::optional<CaseGroup> group;
  std::string path;
};

struct ScheduleCase {
  std::string file;
  scheduler::SchedulerConfig config;
  std::vector<CaseHost> hosts;
  std::vector<CaseRequest> requests;
};

ScheduleCase read_schedule_case(const std::string& file);

/// A scheduler holding the case's hosts and aggregates (errors name the host's JSON path).
std::unique_ptr<scheduler::Scheduler> build_case_scheduler(const ScheduleCase& c);

}  // namespace stacksim::apps
