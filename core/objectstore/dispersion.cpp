#include "core/objectstore/dispersion.hpp"

#include <algorithm>
#include <cmath>
#include <regex>

#include "core/objectstore/replica_plan.hpp"

namespace stacksim::objectstore {

namespace {
std::size_t u(int i) {
  return static_cast<std::size_t>(i);
}
}  // namespace

DispersionGraph build_dispersion_graph(const RingBuilderState& s,
                                       const std::vector<std::vector<std::uint16_t>>* old_rows) {
  DispersionGraph g{TierTree::build(s.devs), {}, {}, 0, 0};
  const RingLayout layout{s.devs, g.tree, s.replicas, s.parts, s.overload};
  g.max_replicas = max_replicas_by_tier(layout, true);
  const auto int_replicas = static_cast<std::size_t>(std::ceil(s.replicas));
  g.replicas_at_tier.assign(u(g.tree.size()), {});
  const auto& rows = s.replica2part2dev;
  std::size_t zipped = rows.empty() ? 0 : rows[0].size();
  for (const auto& row : rows)
    zipped = std::min(zipped, row.size());

  // Flat counts: graph[t * width + k] = parts with k replicas in tier t.
  const std::size_t width = int_replicas + 1;
  std::vector<std::int64_t> graph(u(g.tree.size()) * width, 0);
  std::vector<char> used(u(g.tree.size()), 0);
  std::vector<int> count(u(g.tree.size()), 0);
  std::vector<std::int64_t> max_int(u(g.tree.size()));
  std::vector<int> depth(u(g.tree.size()));
  for (std::size_t t = 0; t < max_int.size(); ++t) {
    max_int[t] = static_cast<std::int64_t>(g.max_replicas[t]);
    depth[t] = g.tree.tier(static_cast<int>(t)).depth;
  }
  std::vector<int> touched;
  std::int64_t at_risk = 0;
  for (std::size_t part = 0; part < zipped; ++part) {
    touched.clear();
    for (std::size_t r = 0; r < rows.size(); ++r) {
      const std::uint16_t dev_id = rows[r][part];
      for (int t : g.tree.tiers_of(dev_id)) {
        if (count[u(t)]++ == 0) touched.push_back(t);
      }
      if (old_rows == nullptr || r >= old_rows->size() || part >= (*old_rows)[r].size() ||
          (*old_rows)[r][part] != dev_id) {
        ++g.changed_parts;
      }
    }
    std::int64_t risk_by_depth[kTierDepth + 1] = {0, 0, 0, 0, 0};
    for (int t : touched) {
      const int replicas = count[u(t)];
      used[u(t)] = 1;
      --graph[u(t) * width];
      ++graph[u(t) * width + u(replicas)];
      if (replicas > max_int[u(t)]) risk_by_depth[depth[u(t)]] += replicas - max_int[u(t)];
      count[u(t)] = 0;
    }
    at_risk += *std::max_element(std::begin(risk_by_depth), std::end(risk_by_depth));
  }
  for (std::size_t t = 0; t < used.size(); ++t) {
    if (!used[t]) continue;
    auto& row = g.replicas_at_tier[t];
    row.assign(graph.begin() + static_cast<std::ptrdiff_t>(t * width),
               graph.begin() + static_cast<std::ptrdiff_t>((t + 1) * width));
    row[0] += s.parts;
  }
  g.dispersion = 100.0 * static_cast<double>(at_risk) / (static_cast<double>(s.parts) * s.replicas);
  return g;
}

DispersionReport dispersion_report(const RingBuilderState& s, const std::string& search_filter,
                                   bool verbose) {
  const DispersionGraph g = build_dispersion_graph(s, nullptr);
  std::vector<int> order;
  for (int t = 1; t < g.tree.size(); ++t) {
    if (!g.replicas_at_tier[u(t)].empty()) order.push_back(t);
  }
  std::sort(order.begin(), order.end(),
            [&](int a, int b) { return tier_less(g.tree.tier(a), g.tree.tier(b)); });
  const std::regex filter(search_filter.empty() ? std::string(".*") : search_filter);
  DispersionReport report;
  for (int t : order) {
    const std::string name = g.tree.name(t, s.devs);
    if (!search_filter.empty() &&
        !std::regex_search(name, filter, std::regex_constants::match_continuous)) {
      continue;
    }
    const auto& counts = g.replicas_at_tier[u(t)];
    const int max_replicas = static_cast<int>(g.max_replicas[u(t)]);
    std::int64_t at_risk = 0;
    std::int64_t placed = 0;
    for (std::size_t i = 1; i < counts.size(); ++i) {
      placed += counts[i] * static_cast<std::int64_t>(i);
      if (static_cast<int>(i) > max_replicas) {
        at_risk += counts[i] * (static_cast<std::int64_t>(i) - max_replicas);
      }
    }
    const double tier_dispersion =
        placed > 0 ? 100.0 * static_cast<double>(at_risk) / static_cast<double>(placed) : 0.0;
    if (tier_dispersion > report.max_dispersion) {
      report.max_dispersion = tier_dispersion;
      report.worst_tier = name;
    }
    if (verbose) report.graph.push_back({name, max_replicas, placed, tier_dispersion, counts});
  }
  return report;
}

}  // namespace stacksim::objectstore
