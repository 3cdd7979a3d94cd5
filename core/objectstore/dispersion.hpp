#pragma once
// Dispersion: how many partitions keep more replicas in one failure domain than an even split
// allows. Swift's _build_dispersion_graph (which also counts moved partition-replicas) and
// dispersion_report.

#include <cstdint>
#include <string>
#include <vector>

#include "core/objectstore/ring_builder.hpp"
#include "core/objectstore/tier_tree.hpp"

namespace stacksim::objectstore {

struct DispersionGraph {
  TierTree tree;
  // Per tier of `tree`: parts holding 0, 1, ... replicas there. Empty for tiers no part uses.
  std::vector<std::vector<std::int64_t>> replicas_at_tier;
  std::vector<double> max_replicas;  // Swift's even-split maximum per tier (0 off the tree)
  double dispersion = 0;             // percent of part-replicas at risk
  std::int64_t changed_parts = 0;    // slots that differ from `old_rows`
};

/// Counts every part's replicas per tier. Like Swift, walks only partitions present in every
/// replica row (zip of the rows), and compares with `old_rows` (nullptr: everything changed).
DispersionGraph build_dispersion_graph(const RingBuilderState& state,
                                       const std::vector<std::vector<std::uint16_t>>* old_rows);

struct DispersionTierReport {
  std::string tier;
  int max_replicas = 0;
  std::int64_t placed_parts = 0;
  double dispersion = 0;
  std::vector<std::int64_t> replicas;
};

struct DispersionReport {
  double max_dispersion = 0;
  std::string worst_tier;                   // empty: none at risk
  std::vector<DispersionTierReport> graph;  // filled when verbose, in sorted tier order
};

/// Swift's dispersion_report; `search_filter` is a regex matched at the start of tier names.
DispersionReport dispersion_report(const RingBuilderState& state, const std::string& search_filter,
                                   bool verbose);

}  // namespace stacksim::objectstore
