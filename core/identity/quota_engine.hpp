#pragma once
// Per-project quotas enforced at request time with reservations, as Nova's and Cinder's reservable
// quotas: reserve() checks in_use + reserved + delta <= limit for every positive delta and holds
// the amounts; commit() turns a reservation into usage, rollback() drops it, and reservations older
// than `reservation_expire` are rolled back by expire_reservations(). Limits: a project's own
// limit, else the default (the "default" quota class), else the built-in default.

#include <cstdint>
#include <string>

#include "core/identity/quota.hpp"
#include "core/runtime/executor.hpp"
#include "core/store/database.hpp"
#include "core/store/sequence.hpp"

namespace stacksim::identity {

class QuotaEngine {
 public:
  /// Nova's, Cinder's and Neutron's defaults: instances 10, cores 20, ram 51200 (MB), volumes 10,
  /// gigabytes 1000, snapshots 10, networks 100, ports 500, floating_ips 50.
  [[nodiscard]] static QuotaDeltas builtin_defaults();

  QuotaEngine(store::Database& db, const runtime::Executor& clock, std::uint64_t id_seed,
              runtime::Duration reservation_expire = std::chrono::hours(24));

  /// Changes the default limit of a resource for every project without its own limit.
  void set_default(const std::string& resource, std::int64_t limit);
  /// Sets a project's limit; -1 is unlimited. Refused (InvalidQuotaValue, 400) below what the
  /// project already uses and has reserved.
  void set_limit(const std::string& project_id, const std::string& resource, std::int64_t limit);
  /// Drops the project's own limits (back to the defaults).
  void clear_limits(const std::string& project_id);

  [[nodiscard]] QuotaUsage usage(const std::string& project_id, const std::string& resource);
  /// Every resource's limit and usage for a project, by resource name.
  [[nodiscard]] std::map<std::string, QuotaUsage> quota_set(const std::string& project_id);

  /// Holds `deltas` (negative deltas are not checked); returns the reservation id. QuotaExceeded
  /// lists every resource that would go over, and nothing is held then.
  std::string reserve(const std::string& project_id, const QuotaDeltas& deltas);
  void commit(const std::string& reservation_id);
  void rollback(const std::string& reservation_id);
  /// Rolls back reservations past their expiry; returns how many were dropped.
  int expire_reservations();
  /// Lowers usage right away (resources freed, e.g. a server deleted); never below zero.
  void release(const std::string& project_id, const QuotaDeltas& deltas);

 private:
  void check_resource(const std::string& resource) const;
  void settle(const std::string& reservation_id, bool apply);

  store::Database& db_;
  const runtime::Executor& clock_;
  std::uint64_t id_seed_;
  store::Sequence ids_;
  runtime::Duration reservation_expire_;
};

}  // namespace stacksim::identity
