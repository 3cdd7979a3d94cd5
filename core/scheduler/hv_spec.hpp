#pragma once
// Hypervisor descriptions as Nova canonicalises them (nova.objects.fields Architecture, HVType and
// VMMode) and the hypervisor version requirement of img_hv_requested_version (a distutils
// VersionPredicate over StrictVersion, e.g. ">= 6.2, < 7").

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stacksim::scheduler {

/// Canonical names, or nullopt where Nova raises InvalidArchitectureName & co.
std::optional<std::string> canonical_architecture(std::string_view name);
std::optional<std::string> canonical_hv_type(std::string_view name);
std::optional<std::string> canonical_vm_mode(std::string_view name);

/// A parsed "op version[, op version...]" requirement.
class HypervisorVersionRequirement {
 public:
  /// Throws InvalidRequest on syntax VersionPredicate rejects.
  explicit HypervisorVersionRequirement(std::string_view text);

  /// satisfied_by(convert_version_to_str(version)); false when that string is not a StrictVersion.
  [[nodiscard]] bool satisfied_by(std::int64_t hypervisor_version) const;

 private:
  struct StrictVersion {
    std::int64_t major = 0, minor = 0, patch = 0;
    /// Pre-release tag: 0 none, 'a' or 'b' with its number.
    char pre_tag = 0;
    std::int64_t pre_number = 0;
  };
  enum class Cmp { lt, le, gt, ge, eq, ne };
  struct Predicate {
    Cmp cmp;
    StrictVersion version;
  };
  static std::optional<StrictVersion> parse_strict(std::string_view text);
  static int compare(const StrictVersion& a, const StrictVersion& b);

  std::vector<Predicate> predicates_;
};

}  // namespace stacksim::scheduler
