#pragma once
// The resources of a template and what each depends on (get_resource, get_attr and depends_on),
// as a Boost.Graph digraph: an edge u -> v means u needs v first. Construction rejects references
// to unknown resources or parameters (with the template path of the reference) and cycles (with
// the cycle).

#include <boost/graph/adjacency_list.hpp>
#include <set>
#include <string>
#include <vector>

#include "core/orchestration/hot_template.hpp"
#include "core/orchestration/intrinsics.hpp"

namespace stacksim::orchestration {

/// Parameters every stack has besides its template's.
inline const std::set<std::string>& pseudo_parameters() {
  static const std::set<std::string> names{"OS::stack_name", "OS::stack_id", "OS::project_id"};
  return names;
}

class DependencyGraph {
 public:
  explicit DependencyGraph(const HotTemplate& tmpl);

  [[nodiscard]] const std::vector<std::string>& names() const noexcept { return names_; }
  /// The resources `name` needs first (sorted).
  [[nodiscard]] std::vector<std::string> dependencies(const std::string& name) const;
  /// The resources that need `name` first (sorted).
  [[nodiscard]] std::vector<std::string> dependents(const std::string& name) const;
  /// Every resource after all it depends on (ties in name order).
  [[nodiscard]] std::vector<std::string> creation_order() const;
  /// Every function call of the template, with its location (for attribute checks).
  [[nodiscard]] const std::vector<FunctionReference>& references() const noexcept {
    return references_;
  }

 private:
  using Graph = boost::adjacency_list<boost::setS, boost::vecS, boost::bidirectionalS>;
  [[nodiscard]] std::size_t index_of(const std::string& name) const;
  void reject_cycles() const;

  std::vector<std::string> names_;  // vertex index -> resource name (sorted)
  Graph graph_;
  std::vector<FunctionReference> references_;
};

}  // namespace stacksim::orchestration
