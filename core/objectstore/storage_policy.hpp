#pragma once
// Swift storage policies (swift/common/storage_policy.py): each policy has its own object ring,
// "object" for policy 0 and "object-<N>" for policy N, beside the account and container rings.
// Policies come from swift.conf's [storage-policy:N] sections.

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/objectstore/ring.hpp"

namespace stacksim::objectstore {

enum class PolicyType { replication, erasure_coding };

struct StoragePolicy {
  int index = 0;
  std::string name;
  std::vector<std::string> aliases;
  bool is_default = false;
  bool deprecated = false;
  PolicyType type = PolicyType::replication;

  /// Swift's get_policy_string("object", index).
  [[nodiscard]] std::string ring_name() const;
};

/// The policies of a cluster, validated like Swift's StoragePolicyCollection: unique indexes and
/// names (case-insensitive), at least one non-deprecated policy, exactly one default (policy 0
/// when no section says default = yes), deprecated policies never default. Throws
/// std::invalid_argument naming the offending section.
class StoragePolicies {
 public:
  explicit StoragePolicies(std::vector<StoragePolicy> policies);
  /// [storage-policy:N] sections of swift.conf; a single legacy policy 0 "Policy-0" when none.
  static StoragePolicies from_swift_conf(const std::filesystem::path& path);

  [[nodiscard]] const std::vector<StoragePolicy>& all() const { return policies_; }
  [[nodiscard]] const StoragePolicy& default_policy() const;
  [[nodiscard]] const StoragePolicy* by_index(int index) const;
  [[nodiscard]] const StoragePolicy* by_name(const std::string& name) const;

 private:
  std::vector<StoragePolicy> policies_;
};

/// The rings a proxy needs: account, container and one object ring per policy, loaded from
/// <dir>/<name>.ring.gz with the cluster's hash path salt.
class RingSet {
 public:
  RingSet(const std::filesystem::path& dir, const StoragePolicies& policies,
          const HashPathConfig& salt);
  [[nodiscard]] const Ring& account() const { return *account_; }
  [[nodiscard]] const Ring& container() const { return *container_; }
  /// Throws std::out_of_range for an unknown policy index.
  [[nodiscard]] const Ring& object(int policy_index) const;

 private:
  std::optional<Ring> account_;
  std::optional<Ring> container_;
  std::map<int, Ring> objects_;
};

}  // namespace stacksim::objectstore
