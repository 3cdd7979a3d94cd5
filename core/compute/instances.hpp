#pragma once
// The instance records (Nova's instances table with the flavor kept in the record, as
// instance_extra does) and their faults. Deleted instances stay as soft-deleted rows.

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/compute/instance.hpp"
#include "core/store/database.hpp"

namespace stacksim::compute {

struct InstanceFilter {
  std::optional<std::string> project_id;
  std::optional<std::string> host;
  std::optional<std::string> reservation_id;
  bool include_deleted = false;
};

class Instances {
 public:
  explicit Instances(store::Database& db);

  void create(const Instance& instance);
  /// InstanceNotFound (404) if unknown or deleted (unless `include_deleted`).
  [[nodiscard]] Instance get(const std::string& uuid, bool include_deleted = false);
  [[nodiscard]] std::optional<Instance> find(const std::string& uuid);
  /// Writes every field of the record.
  void save(const Instance& instance);
  /// `listener` sees every record as created or saved (Nova's instance.update notification).
  void subscribe(std::function<void(const Instance&)> listener);
  /// In creation order.
  [[nodiscard]] std::vector<Instance> list(const InstanceFilter& filter = {});
  /// Counts the records created or saved so far: readers that keep something derived from the
  /// records (the API's rendered server lists) know it is stale when this has moved.
  [[nodiscard]] std::uint64_t generation() const noexcept { return generation_; }

  /// Per host, the instances that count as I/O work (Nova's io_workload stat): building, or in
  /// resize_prep, resize_migrating, rebuilding or rebuild_spawning.
  [[nodiscard]] std::map<std::string, std::int64_t> io_workload();

  void add_fault(const std::string& uuid, const InstanceFault& fault);
  /// The most recent fault, as the API shows it.
  [[nodiscard]] std::optional<InstanceFault> fault(const std::string& uuid);

 private:
  void notify(const Instance& instance);

  store::Database& db_;
  std::vector<std::function<void(const Instance&)>> listeners_;
  std::uint64_t generation_ = 0;
};

}  // namespace stacksim::compute
