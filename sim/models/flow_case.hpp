#pragma once
// A flow case: links, hosts, explicit routes and flows (the input of `stacksim flows`, the
// differential tests against SimGrid and the network benchmark). Format:
// docs/models.md#flow-cases (after ../shared/reference/flows-case-format.md).

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/models/flow_network.hpp"

namespace stacksim::sim {

struct FlowCaseLink {
  std::string id;
  double bandwidth = 0;  // bytes/s
  double latency = 0;    // s
};

struct FlowCaseFlow {
  std::size_t source = 0;       // index into FlowCase::hosts
  std::size_t destination = 0;  // index into FlowCase::hosts
  double bytes = 0;
  double start = 0;     // s
  double rate_cap = 0;  // bytes/s, 0: uncapped
  std::optional<double> expected_end;
};

/// How flows share a bottleneck.
enum class FlowSharing {
  max_min,           // unweighted max-min (the default semantics of the case format)
  latency_weighted,  // CM02 with latencies inside SimGrid: share weighted by 1/route latency
};

struct FlowCase {
  std::string name;
  std::vector<FlowCaseLink> links;
  std::vector<std::string> hosts;
  std::map<std::pair<std::size_t, std::size_t>, std::vector<std::size_t>> routes;  // link indices
  std::vector<FlowCaseFlow> flows;

  /// The route of a flow (every flow's route exists once the case is validated).
  [[nodiscard]] const std::vector<std::size_t>& route_of(const FlowCaseFlow& flow) const {
    return routes.at({flow.source, flow.destination});
  }
  /// Sum of the route's link latencies, in route order.
  [[nodiscard]] double route_latency(const FlowCaseFlow& flow) const;
};

/// Validates and converts a case; errors name `file` and the JSON path of the bad element.
FlowCase read_flow_case(const nlohmann::json& document, const std::string& file);
FlowCase read_flow_case_file(const std::string& file);
nlohmann::json to_json(const FlowCase& flow_case);

struct FlowCaseResult {
  std::vector<double> ends;  // per flow, in input order: exact completion times (s)
  double makespan = 0;
  FlowNetworkStats stats;
};

/// Runs the flow network model alone on a case.
FlowCaseResult run_flow_case(const FlowCase& flow_case, FlowSharing sharing = FlowSharing::max_min);

}  // namespace stacksim::sim
