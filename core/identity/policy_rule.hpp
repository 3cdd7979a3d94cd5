#pragma once
// One policy rule in oslo.policy's syntax (the subset stacksim supports, see docs/identity.md):
//   "@" (always), "!" (never), "" (always),
//   "role:<name>"                  the caller holds the role (case-insensitive),
//   "rule:<name>"                  another named rule,
//   "<credential>:%(<key>)s"       a credential (user_id, project_id, domain_id) equals the
//   target's
//                                  value for <key>; a key missing from the target fails the check,
//   "<credential>:<literal>"       a credential equals a literal (is_admin:True),
//   "'<literal>':%(<key>)s"        a quoted literal equals the target's value,
//   combined with "not", "and", "or" (in that precedence) and parentheses.

#include <functional>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace stacksim::identity {

/// The caller's attributes a rule can test; `roles` are compared case-insensitively.
struct PolicyCredentials {
  std::map<std::string, std::string> attributes;  // user_id, project_id, domain_id, is_admin
  std::vector<std::string> roles;
};

/// What the request acts on: e.g. {"project_id": <owner of the server>}.
using PolicyTarget = std::map<std::string, std::string>;

class PolicySyntaxError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

class PolicyRule {
 public:
  /// Resolves "rule:<name>"; returns nullptr for an unknown name (the check then fails).
  using Resolver = std::function<const PolicyRule*(const std::string& name)>;

  /// Parses `text`; PolicySyntaxError names the offending token.
  static PolicyRule parse(std::string_view text);

  [[nodiscard]] bool evaluate(const PolicyCredentials& credentials, const PolicyTarget& target,
                              const Resolver& resolver) const;
  [[nodiscard]] const std::string& text() const noexcept { return text_; }

  struct Node;
  [[nodiscard]] const Node& root() const noexcept { return *root_; }

 private:
  PolicyRule(std::string text, std::shared_ptr<const Node> root)
      : text_(std::move(text)), root_(std::move(root)) {}

  std::string text_;
  std::shared_ptr<const Node> root_;
};

}  // namespace stacksim::identity
