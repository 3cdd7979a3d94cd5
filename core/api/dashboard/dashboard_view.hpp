#pragma once
// What the dashboard shows one caller at one moment, gathered on the control loop's thread under
// the same policy rules as the REST APIs: instances through Nova's list (a member sees its
// project's), networks as Neutron shows them to the project (its own, shared and external ones),
// hosts only if os-hypervisors allows the caller, rings only to admins (Swift's rings are operator
// state with no tenant API). Sections the caller may not see are absent (std::nullopt), and the
// page says "admin only".

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/compute/compute_api.hpp"
#include "core/identity/policy_engine.hpp"
#include "core/identity/token.hpp"
#include "core/network/network_service.hpp"
#include "core/objectstore/ring_builder.hpp"

namespace stacksim::api {

/// A Swift ring the dashboard shows: its name (account, container, object) and its builder.
struct DashboardRing {
  std::string name;
  const objectstore::RingBuilder* builder = nullptr;
};

/// The services the dashboard reads; they outlive it.
struct DashboardSources {
  compute::ComputeApi& compute;
  network::NetworkService& network;
  std::vector<DashboardRing> rings;
};

struct HostRow {
  std::string name;
  bool up = false;
  bool disabled = false;
  std::int64_t vcpus = 0, vcpus_used = 0;
  std::int64_t memory_mb = 0, memory_mb_used = 0;
  std::int64_t disk_gb = 0, disk_gb_used = 0;
  std::int64_t instances = 0;
};

struct InstanceRow {
  std::string id;
  std::string name;
  std::string status;               // Nova's status (BUILD, ACTIVE, SHUTOFF, ERROR, ...)
  std::optional<std::string> host;  // nullopt: the caller may not see hosts
  std::string flavor;
  std::vector<std::string> addresses;  // "<network>=<ip>", floating ones "... (floating)"
};

struct SubnetRow {
  std::string name;
  std::string cidr;
  std::string gateway;  // empty: no gateway
};

struct NetworkRow {
  std::string id;
  std::string name;
  std::string status;
  bool shared = false;
  bool external = false;
  std::vector<SubnetRow> subnets;
};

struct RingDeviceRow {
  int id = 0;
  int region = 0;
  int zone = 0;
  std::string address;  // ip:port
  std::string device;
  double weight = 0;
  std::int64_t partitions = 0;  // partition-replicas assigned
  double balance = 0;           // percent over (+) or under (-) its weighted share
};

struct RingRow {
  std::string name;
  std::int64_t partitions = 0;
  double replicas = 0;
  double balance = 0;
  double dispersion = 0;
  std::vector<RingDeviceRow> devices;
};

struct DashboardView {
  std::string user;
  std::string project;
  bool admin = false;
  runtime::TimePoint clock{};
  std::optional<std::vector<HostRow>> hosts;  // nullopt: admin only
  std::vector<InstanceRow> instances;
  std::vector<NetworkRow> networks;
  std::optional<std::vector<RingRow>> rings;  // nullopt: admin only
};

/// Gathers the view for the holder of `token` at `now`.
DashboardView gather_dashboard_view(const DashboardSources& sources,
                                    const identity::PolicyEngine& policy,
                                    const identity::Token& token, runtime::TimePoint now);

}  // namespace stacksim::api
