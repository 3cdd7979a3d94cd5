#include "core/orchestration/dependency_graph.hpp"

#include <algorithm>
#include <boost/graph/depth_first_search.hpp>
#include <boost/graph/topological_sort.hpp>

#include "core/orchestration/template_error.hpp"

namespace stacksim::orchestration {
namespace {

/// Records the DFS path; a back edge closes a cycle along it.
template <class Graph>
struct CycleFinder : boost::default_dfs_visitor {
  std::vector<std::size_t>* path;
  std::vector<std::size_t>* cycle;

  void discover_vertex(std::size_t v, const Graph&) const { path->push_back(v); }
  void finish_vertex(std::size_t, const Graph&) const { path->pop_back(); }
  template <class Edge>
  void back_edge(const Edge& e, const Graph& g) const {
    if (!cycle->empty()) return;
    const std::size_t target = boost::target(e, g);
    const auto start = std::find(path->begin(), path->end(), target);
    cycle->assign(start, path->end());
    cycle->push_back(target);
  }
};

}  // namespace

DependencyGraph::DependencyGraph(const HotTemplate& tmpl) {
  for (const ResourceDefinition& r : tmpl.resources)
    names_.push_back(r.name);
  std::sort(names_.begin(), names_.end());
  graph_ = Graph(names_.size());
  for (const ResourceDefinition& r : tmpl.resources) {
    const std::string path = child_path("resources", r.name);
    const std::size_t from = index_of(r.name);
    for (std::size_t i = 0; i < r.depends_on.size(); ++i) {
      const std::string& target = r.depends_on[i];
      if (!std::binary_search(names_.begin(), names_.end(), target)) {
        throw TemplateError(child_path(child_path(path, "depends_on"), i),
                            "unknown resource '" + target + "'");
      }
      boost::add_edge(from, index_of(target), graph_);
    }
    for (FunctionReference& ref : scan_functions(r.properties, child_path(path, "properties"))) {
      if (ref.kind == FunctionReference::Kind::parameter) {
        if (tmpl.find_parameter(ref.name) == nullptr && !pseudo_parameters().contains(ref.name)) {
          throw TemplateError(ref.path, "unknown parameter '" + ref.name + "'");
        }
      } else {
        if (!std::binary_search(names_.begin(), names_.end(), ref.name)) {
          throw TemplateError(ref.path, "unknown resource '" + ref.name + "'");
        }
        if (ref.name == r.name) throw TemplateError(ref.path, "a resource cannot refer to itself");
        boost::add_edge(from, index_of(ref.name), graph_);
      }
      references_.push_back(std::move(ref));
    }
  }
  for (const OutputDefinition& o : tmpl.outputs) {
    for (FunctionReference& ref :
         scan_functions(o.value, child_path(child_path("outputs", o.name), "value"))) {
      const bool known =
          ref.kind == FunctionReference::Kind::parameter
              ? tmpl.find_parameter(ref.name) != nullptr || pseudo_parameters().contains(ref.name)
              : std::binary_search(names_.begin(), names_.end(), ref.name);
      if (!known) {
        throw TemplateError(
            ref.path,
            std::string("unknown ") +
                (ref.kind == FunctionReference::Kind::parameter ? "parameter '" : "resource '") +
                ref.name + "'");
      }
      references_.push_back(std::move(ref));
    }
  }
  reject_cycles();
}

std::size_t DependencyGraph::index_of(const std::string& name) const {
  return static_cast<std::size_t>(std::lower_bound(names_.begin(), names_.end(), name) -
                                  names_.begin());
}

void DependencyGraph::reject_cycles() const {
  std::vector<std::size_t> path;
  std::vector<std::size_t> cycle;
  std::vector<boost::default_color_type> colors(names_.size());
  boost::depth_first_search(
      graph_, CycleFinder<Graph>{{}, &path, &cycle},
      boost::make_iterator_property_map(colors.begin(), boost::get(boost::vertex_index, graph_)));
  if (cycle.empty()) return;
  std::string text;
  for (std::size_t v : cycle)
    text += (text.empty() ? "" : " -> ") + names_[v];
  throw TemplateError("resources", "circular dependency: " + text);
}

std::vector<std::string> DependencyGraph::dependencies(const std::string& name) const {
  std::vector<std::string> out;
  for (auto [it, end] = boost::adjacent_vertices(index_of(name), graph_); it != end; ++it)
    out.push_back(names_[*it]);
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> DependencyGraph::dependents(const std::string& name) const {
  std::vector<std::string> out;
  for (auto [it, end] = boost::inv_adjacent_vertices(index_of(name), graph_); it != end; ++it)
    out.push_back(names_[*it]);
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> DependencyGraph::creation_order() const {
  // topological_sort lists a vertex after everything reachable from it: edges point at what is
  // needed first, so its output is already creation order.
  std::vector<std::size_t> order;
  boost::topological_sort(graph_, std::back_inserter(order));
  std::vector<std::string> out;
  for (std::size_t v : order)
    out.push_back(names_[v]);
  return out;
}

}  // namespace stacksim::orchestration
