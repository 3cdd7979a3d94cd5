#include "sim/backend/simulated_backend.hpp"

#include <stdexcept>

#include "sim/backend/simulated_network_driver.hpp"
#include "sim/backend/simulated_storage_driver.hpp"

namespace stacksim::sim {

SimulatedBackend::SimulatedBackend(Simulator& simulator, SimulatedDatacenter datacenter)
    : simulator_(simulator),
      datacenter_(std::move(datacenter)),
      network_(simulator),
      routing_(datacenter_.topology),
      streams_(datacenter_.seed),
      faults_(simulator, streams_,
              [this](const Component& component, bool up) { apply_fault(component, up); }) {
  const Topology& topology = datacenter_.topology;
  if (topology.hosts().empty()) throw std::invalid_argument("the datacenter has no hosts");
  topology.check_hosts_connected();
  install_links(topology, network_);
  if (datacenter_.image_store.empty()) {
    datacenter_.image_store = topology.node(topology.hosts().front()).name;
  }
  (void)topology.find(datacenter_.image_store);  // throws naming an unknown image store
  // Disk channels are links added after the topology's, so topology link ids stay network ids.
  for (NodeId id : topology.hosts()) {
    const std::string& name = topology.node(id).name;
    const auto own = datacenter_.disks.find(name);
    disks_.try_emplace(
        name, name, own != datacenter_.disks.end() ? own->second : datacenter_.host_disk, network_);
  }
  for (const auto& [name, spec] : datacenter_.disks) {
    (void)topology.find(name);  // throws naming a disk on an unknown node
    disks_.try_emplace(name, name, spec, network_);
  }
  for (NodeId id : topology.hosts()) {
    const std::string& name = topology.node(id).name;
    auto own = datacenter_.host_capacities.find(name);
    const HostCapacity& capacity =
        own == datacenter_.host_capacities.end() ? datacenter_.host_capacity : own->second;
    hypervisors_.emplace(name, std::make_unique<SimulatedHypervisor>(*this, name, id, capacity));
  }
  network_driver_ = std::make_unique<SimulatedNetworkDriver>(*this);
  storage_driver_ = std::make_unique<SimulatedStorageDriver>(*this);
  faults_.subscribe([this](const runtime::BackendEvent& event) { emit(event); });
}

SimulatedBackend::~SimulatedBackend() = default;

std::vector<std::string> SimulatedBackend::hosts() const {
  std::vector<std::string> names;
  for (NodeId id : datacenter_.topology.hosts())
    names.push_back(datacenter_.topology.node(id).name);
  return names;
}

SimulatedHypervisor& SimulatedBackend::simulated_host(std::string_view host) {
  auto it = hypervisors_.find(host);
  if (it == hypervisors_.end()) throw std::out_of_range("unknown host '" + std::string(host) + "'");
  return *it->second;
}

Disk& SimulatedBackend::disk(std::string_view node) {
  auto it = disks_.find(node);
  if (it == disks_.end()) throw std::out_of_range("node '" + std::string(node) + "' has no disk");
  return it->second;
}

runtime::HypervisorDriver& SimulatedBackend::hypervisor(std::string_view host) {
  return simulated_host(host);
}

runtime::NetworkDriver& SimulatedBackend::network() {
  return *network_driver_;
}
runtime::StorageDriver& SimulatedBackend::storage() {
  return *storage_driver_;
}

void SimulatedBackend::subscribe(runtime::BackendEventSink sink) {
  sinks_.push_back(std::move(sink));
}

void SimulatedBackend::emit(runtime::BackendEvent event) {
  for (const auto& sink : sinks_)
    sink(event);
}

std::vector<LinkId> SimulatedBackend::route(std::string_view from, std::string_view to) {
  const Topology& topology = datacenter_.topology;
  const NodeId source = topology.find(from);
  const NodeId destination = topology.find(to);
  if (source == destination) return {};
  return routing_.route(source, destination,
                        EcmpRouting::flow_hash(source, destination, next_flow_++));
}

std::vector<LinkId> SimulatedBackend::disk_route(std::string_view from, std::string_view to) {
  const LinkId write = disk(to).write_link();
  std::vector<LinkId> links{disk(from).read_link()};
  const std::vector<LinkId> network = route(from, to);
  links.insert(links.end(), network.begin(), network.end());
  links.push_back(write);
  return links;
}

void SimulatedBackend::apply_fault(const Component& component, bool up) {
  const Topology& topology = datacenter_.topology;
  switch (component.kind) {
    case ComponentKind::host:
      simulated_host(component.name).set_up(up);
      break;
    case ComponentKind::link:
    case ComponentKind::network_switch: {
      // A link is named "from>to"; a switch takes every link touching it.
      for (LinkId id = 0; id < topology.link_count(); ++id) {
        const TopologyLink& link = topology.link(id);
        const std::string& from = topology.node(link.from).name;
        const std::string& to = topology.node(link.to).name;
        const bool hit = component.kind == ComponentKind::link
                             ? component.name == from + ">" + to
                             : component.name == from || component.name == to;
        if (!hit) continue;
        routing_.set_link_usable(id, up);
        network_.set_link_up(id, up);
      }
      break;
    }
    case ComponentKind::disk:
      // A disk fault names its host (or storage backend); the control plane is told as well.
      disk(component.host.empty() ? component.name : component.host).set_up(up);
      break;
  }
}

}  // namespace stacksim::sim
