#include "tests/python/flows/simgrid_flow_runner.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include <simgrid/s4u.hpp>

namespace stacksim::oracle {

namespace sg4 = simgrid::s4u;

namespace {

std::string config(const std::string& key, const std::string& value) {
  return "--cfg=" + key + ":" + value;
}

std::string number(double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.17g", value);
  return buffer;
}

}  // namespace

std::vector<double> run_in_simgrid(const sim::FlowCase& flow_case,
                                   const SimGridSettings& settings) {
  const bool latency_inside = settings.sharing == sim::FlowSharing::latency_weighted;
  const double maxmin_precision =
      settings.maxmin_precision > 0 ? settings.maxmin_precision : (latency_inside ? 1e-7 : 1e-13);
  std::vector<std::string> arguments = {
      "simgrid-flows",
      config("network/model", "CM02"),
      config("network/TCP-gamma", "0"),
      config("network/crosstraffic", "0"),
      config("network/optim", "Full"),
      config("network/weight-S", "0"),
      config("network/latency-factor", "1"),
      config("network/bandwidth-factor", "1"),
      config("maxmin/precision", number(maxmin_precision)),
      config("surf/precision", number(settings.surf_precision)),
      "--log=root.thres:critical",
  };
  std::vector<char*> argv;
  for (std::string& a : arguments)
    argv.push_back(a.data());
  argv.push_back(nullptr);
  int argc = static_cast<int>(arguments.size());
  sg4::Engine engine(&argc, argv.data());

  auto* zone = sg4::create_full_zone("datacenter");
  std::vector<sg4::Host*> hosts;
  for (const std::string& name : flow_case.hosts)
    hosts.push_back(zone->create_host(name, 1e9)->seal());
  std::vector<sg4::Link*> links;
  for (const sim::FlowCaseLink& l : flow_case.links) {
    links.push_back(zone->create_link(l.id, l.bandwidth)
                        ->set_latency(latency_inside ? l.latency : 0.0)
                        ->seal());
  }
  for (const auto& [ends, path] : flow_case.routes) {
    std::vector<sg4::LinkInRoute> route;
    for (std::size_t link : path)
      route.emplace_back(links[link]);
    zone->add_route(hosts[ends.first]->get_netpoint(), hosts[ends.second]->get_netpoint(), nullptr,
                    nullptr, route, false);
  }
  zone->seal();

  const std::size_t count = settings.flow_limit == 0
                                ? flow_case.flows.size()
                                : std::min(settings.flow_limit, flow_case.flows.size());
  std::vector<double> launch(count);
  for (std::size_t i = 0; i < count; ++i) {
    const sim::FlowCaseFlow& flow = flow_case.flows[i];
    if (flow.bytes != std::floor(flow.bytes)) {
      throw std::invalid_argument("SimGrid payloads are whole bytes; flow " + std::to_string(i) +
                                  " has " + number(flow.bytes));
    }
    if (latency_inside && flow.rate_cap > 0) {
      // CM02 bounds such a flow by min(rate, TCP-gamma / 2 latency) = 0, i.e. not at all.
      throw std::invalid_argument("flow " + std::to_string(i) +
                                  " has a rate cap, which SimGrid 3.32 ignores when latencies are "
                                  "inside it with TCP-gamma 0; run it in max-min mode");
    }
    launch[i] = latency_inside ? flow.start : flow.start + flow_case.route_latency(flow);
  }
  std::vector<std::size_t> order(count);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return launch[a] < launch[b]; });

  std::vector<double> ends(count, -1.0);
  // One launcher wakes at each launch time and starts an actor that sends the flow and records
  // when it arrives; actors are cheap enough for 1e5 flows, and each flow waits on its own comm.
  sg4::Actor::create("launcher", hosts.front(), [&] {
    for (std::size_t i : order) {
      sg4::this_actor::sleep_until(launch[i]);
      const sim::FlowCaseFlow& flow = flow_case.flows[i];
      sg4::Host* source = hosts[flow.source];
      sg4::Host* destination = hosts[flow.destination];
      if (flow.rate_cap > 0) {
        // Host-to-host comms ignore set_rate() in 3.32; a mailbox comm carries the sender's rate.
        sg4::Mailbox* mailbox = sg4::Mailbox::by_name("flow-" + std::to_string(i));
        sg4::Actor::create("receiver", destination, [mailbox] { mailbox->get<int>(); });
        sg4::Actor::create("sender", source, [&ends, i, mailbox, &flow] {
          static int payload = 0;
          mailbox->put_init(&payload, static_cast<std::uint64_t>(flow.bytes))
              ->set_rate(flow.rate_cap)
              ->wait();
          ends[i] = sg4::Engine::get_clock();
        });
        continue;
      }
      sg4::Actor::create("flow", source, [&ends, i, source, destination, &flow] {
        sg4::Comm::sendto(source, destination, static_cast<std::uint64_t>(flow.bytes));
        ends[i] = sg4::Engine::get_clock();
      });
    }
  });
  engine.run();
  return ends;
}

}  // namespace stacksim::oracle
