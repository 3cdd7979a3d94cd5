#include "sim/models/flow_case.hpp"

#include <algorithm>
#include <string_view>
#include <unordered_map>

#include "sim/engine/simulator.hpp"
#include "sim/models/flow_network.hpp"
#include "sim/models/json_input.hpp"

namespace stacksim::sim {

using nlohmann::json;

double FlowCase::route_latency(const FlowCaseFlow& flow) const {
  double latency = 0;
  for (std::size_t link : route_of(flow))
    latency += links[link].latency;
  return latency;
}

namespace {

std::unordered_map<std::string, std::size_t> index_names(const JsonInput& array,
                                                         std::vector<std::string> names,
                                                         std::string_view what) {
  std::unordered_map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (!index.emplace(names[i], i).second) {
      array[i].fail("duplicate " + std::string(what) + " '" + names[i] + "'");
    }
  }
  return index;
}

std::size_t lookup(const std::unordered_map<std::string, std::size_t>& index, const JsonInput& at,
                   std::string_view what) {
  const std::string name = at.string();
  auto it = index.find(name);
  if (it == index.end()) at.fail("unknown " + std::string(what) + " '" + name + "'");
  return it->second;
}

}  // namespace

FlowCase read_flow_case(const json& document, const std::string& file) {
  const JsonInput root(document, file);
  root.allow_only({"name", "description", "links", "hosts", "routes", "flows", "expected"});
  FlowCase out;
  if (auto name = root.find("name")) out.name = name->string();
  if (auto description = root.find("description")) (void)description->string();

  const JsonInput links = root["links"];
  std::vector<std::string> link_names;
  for (std::size_t i = 0; i < links.size(); ++i) {
    const JsonInput link = links[i];
    link.allow_only({"id", "bw", "lat"});
    FlowCaseLink l;
    l.id = link["id"].string();
    l.bandwidth = link["bw"].positive();
    l.latency = link["lat"].non_negative();
    link_names.push_back(l.id);
    out.links.push_back(std::move(l));
  }
  const auto link_index = index_names(links, link_names, "link id");

  const JsonInput hosts = root["hosts"];
  for (std::size_t i = 0; i < hosts.size(); ++i)
    out.hosts.push_back(hosts[i].string());
  const auto host_index = index_names(hosts, out.hosts, "host");

  const JsonInput routes = root["routes"];
  for (const std::string& key : routes.keys()) {
    const JsonInput route = routes[key];
    const std::size_t arrow = key.find("->");
    if (arrow == std::string::npos) route.fail("route key must be \"src->dst\"");
    const auto source = host_index.find(key.substr(0, arrow));
    const auto destination = host_index.find(key.substr(arrow + 2));
    if (source == host_index.end()) {
      route.fail("unknown source host '" + key.substr(0, arrow) + "'");
    }
    if (destination == host_index.end()) {
      route.fail("unknown destination host '" + key.substr(arrow + 2) + "'");
    }
    std::vector<std::size_t> path;
    for (std::size_t i = 0; i < route.size(); ++i)
      path.push_back(lookup(link_index, route[i], "link"));
    out.routes[{source->second, destination->second}] = std::move(path);
  }

  const JsonInput flows = root["flows"];
  for (std::size_t i = 0; i < flows.size(); ++i) {
    const JsonInput flow = flows[i];
    flow.allow_only(
        {"src", "dst", "bytes", "start", "rate_cap", "expected_end", "expected_end_cm02_native"});
    FlowCaseFlow f;
    f.source = lookup(host_index, flow["src"], "host");
    f.destination = lookup(host_index, flow["dst"], "host");
    f.bytes = flow["bytes"].non_negative();
    f.start = flow["start"].non_negative();
    if (auto cap = flow.find("rate_cap")) f.rate_cap = cap->positive();
    if (auto expected = flow.find("expected_end")) f.expected_end = expected->number();
    if (auto native = flow.find("expected_end_cm02_native")) (void)native->number();
    if (!out.routes.contains({f.source, f.destination})) {
      flow.fail("no route from '" + out.hosts[f.source] + "' to '" + out.hosts[f.destination] +
                "' in /routes");
    }
    out.flows.push_back(f);
  }
  return out;
}

FlowCase read_flow_case_file(const std::string& file) {
  return read_flow_case(JsonInput::parse_file(file), file);
}

json to_json(const FlowCase& flow_case) {
  json doc;
  doc["name"] = flow_case.name;
  doc["links"] = json::array();
  for (const FlowCaseLink& link : flow_case.links) {
    doc["links"].push_back({{"id", link.id}, {"bw", link.bandwidth}, {"lat", link.latency}});
  }
  doc["hosts"] = flow_case.hosts;
  doc["routes"] = json::object();
  for (const auto& [ends, path] : flow_case.routes) {
    json ids = json::array();
    for (std::size_t link : path)
      ids.push_back(flow_case.links[link].id);
    doc["routes"][flow_case.hosts[ends.first] + "->" + flow_case.hosts[ends.second]] = ids;
  }
  doc["flows"] = json::array();
  for (const FlowCaseFlow& flow : flow_case.flows) {
    json f = {{"src", flow_case.hosts[flow.source]},
              {"dst", flow_case.hosts[flow.destination]},
              {"bytes", flow.bytes},
              {"start", flow.start}};
    if (flow.rate_cap > 0) f["rate_cap"] = flow.rate_cap;
    if (flow.expected_end) f["expected_end"] = *flow.expected_end;
    doc["flows"].push_back(std::move(f));
  }
  return doc;
}

FlowCaseResult run_flow_case(const FlowCase& flow_case, FlowSharing sharing) {
  Simulator simulator;
  FlowNetwork network(simulator);
  for (const FlowCaseLink& link : flow_case.links)
    network.add_link(link.bandwidth, link.latency);
  FlowCaseResult result;
  result.ends.assign(flow_case.flows.size(), 0.0);
  for (std::size_t i = 0; i < flow_case.flows.size(); ++i) {
    const FlowCaseFlow& flow = flow_case.flows[i];
    FlowRequest request;
    const auto& path = flow_case.route_of(flow);
    request.route.assign(path.begin(), path.end());
    request.bytes = flow.bytes;
    request.rate_cap = flow.rate_cap;
    request.start_time = flow.start;
    if (sharing == FlowSharing::latency_weighted) {
      // SimGrid's CM02 penalty is the route latency (a flow's share is proportional to 1/latency);
      // a route without latency keeps weight 1, as SimGrid does.
      const double latency = flow_case.route_latency(flow);
      request.weight = latency > 0 ? 1.0 / latency : 1.0;
    }
    request.on_end = [&result, i](const FlowEnd& end) { result.ends[i] = end.time; };
    network.start_flow(std::move(request));
  }
  simulator.run_until_idle();
  for (double end : result.ends)
    result.makespan = std::max(result.makespan, end);
  result.stats = network.stats();
  return result;
}

}  // namespace stacksim::sim
