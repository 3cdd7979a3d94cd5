#include "live/ovs_network.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <set>

#include "core/runtime/ofctl_text.hpp"
#include "core/runtime/service_error.hpp"
#include "core/runtime/sleep.hpp"
#include "live/openflow_version.hpp"
#include "live/ovsdb_values.hpp"

namespace stacksim::live {

using nlohmann::json;
using runtime::BackendEvent;
using runtime::BackendEventKind;
using runtime::Task;

namespace {

constexpr const char* database = "Open_vSwitch";

json bump_next_cfg() {
  return {{"op", "mutate"},
          {"table", "Open_vSwitch"},
          {"where", json::array()},
          {"mutations", json::array({json::array({"next_cfg", "+=", 1})})}};
}

json select_next_cfg() {
  return {{"op", "select"},
          {"table", "Open_vSwitch"},
          {"where", json::array()},
          {"columns", json::array({"next_cfg"})}};
}

json select_by_name(const std::string& table, const std::string& name,
                    std::vector<std::string> columns) {
  return {{"op", "select"},
          {"table", table},
          {"where", json::array({ovsdb::equals("name", name)})},
          {"columns", columns}};
}

// Fails the whole transaction unless the bridge exists, so a port is never committed unreferenced
// (OVSDB would garbage-collect it silently).
json require_bridge(const std::string& bridge) {
  return {{"op", "wait"},
          {"table", "Bridge"},
          {"timeout", 0},
          {"where", json::array({ovsdb::equals("name", bridge)})},
          {"columns", json::array({"name"})},
          {"until", "=="},
          {"rows", json::array({json{{"name", bridge}}})}};
}

// Neutron's OVS agent names tunnel ports after the remote IPv4 address in hex (vxlan-0a000102).
std::string tunnel_port_name(runtime::TunnelType type, const std::string& remote_ip) {
  const char* prefix = type == runtime::TunnelType::vxlan ? "vxlan"
                       : type == runtime::TunnelType::gre ? "gre"
                                                          : "gnv";
  in_addr address{};
  char suffix[16];
  if (inet_pton(AF_INET, remote_ip.c_str(), &address) == 1) {
    std::snprintf(suffix, sizeof suffix, "%08x", ntohl(address.s_addr));
  } else {
    std::snprintf(suffix, sizeof suffix, "%08zx", std::hash<std::string>{}(remote_ip)&0xffffffffU);
  }
  return std::string(prefix) + "-" + suffix;
}

bool constraint_violation(const OvsdbError& error) {
  return std::string_view(error.what()).find("constraint violation") != std::string_view::npos;
}

}  // namespace

OvsNetworkDriver::OvsNetworkDriver(std::vector<OvsHostConfig> hosts, runtime::Executor& executor,
                                   std::shared_ptr<EventRelay> events)
    : executor_(executor), events_(std::move(events)) {
  for (OvsHostConfig& config : hosts) {
    auto h = std::make_unique<Host>();
    h->client = std::make_unique<OvsdbClient>(config.ovsdb);
    h->config = std::move(config);
    const std::string name = h->config.host;
    if (!hosts_.emplace(name, std::move(h)).second) {
      throw std::invalid_argument("Open vSwitch host " + name + " is configured twice");
    }
  }
}

OvsNetworkDriver::~OvsNetworkDriver() {
  for (auto& [name, h] : hosts_)
    h->reconnect_task.cancel();
}

std::vector<std::string> OvsNetworkDriver::hosts() const {
  std::vector<std::string> out;
  for (const auto& [name, h] : hosts_)
    out.push_back(name);
  return out;
}

OvsNetworkDriver::Host& OvsNetworkDriver::host_state(const std::string& host) {
  auto it = hosts_.find(host);
  if (it == hosts_.end()) {
    throw runtime::ServiceError("HostNotFound", 404,
                                "no Open vSwitch is configured for host " + host);
  }
  return *it->second;
}

bool OvsNetworkDriver::connected(const std::string& host) const {
  auto it = hosts_.find(host);
  return it != hosts_.end() && it->second->client->connected();
}

void OvsNetworkDriver::on_connection_lost(Host& h, const std::string& why) {
  if (h.down.exchange(true)) return;
  events_->emit(BackendEvent{
      BackendEventKind::host_down, {}, h.config.host, {}, "OVSDB connection lost: " + why});
  executor_.post([this, &h] { start_reconnecting(h); });
}

void OvsNetworkDriver::start_reconnecting(Host& h) {
  if (h.reconnecting) return;
  h.reconnecting = true;
  h.reconnect_task = runtime::spawn(executor_, reconnect_loop(h));
}

Task<void> OvsNetworkDriver::reconnect_loop(Host& h) {
  for (int attempt = 0;; ++attempt) {
    co_await runtime::sleep_for(h.config.reconnect.delay(attempt));
    const bool opened = co_await runtime::blocking([&h] {
      try {
        h.client->connect();
        h.client->list_dbs();
        return true;
      } catch (const OvsdbError&) {
        h.client->close();
        return false;
      }
    });
    if (opened) break;
  }
  h.reconnecting = false;
  h.down = false;
  events_->emit(BackendEvent{BackendEventKind::host_up,
                             {},
                             h.config.host,
                             {},
                             "OVSDB connection to " + h.config.ovsdb + " reopened"});
}

Task<bool> OvsNetworkDriver::connect(std::string host) {
  Host& h = host_state(host);
  std::string failure;
  const bool opened = co_await runtime::blocking([&h, &failure] {
    try {
      h.client->connect();
      const std::vector<std::string> dbs = h.client->list_dbs();
      if (std::find(dbs.begin(), dbs.end(), database) == dbs.end()) {
        throw OvsdbError::unavailable(h.config.ovsdb, "it serves no Open_vSwitch database");
      }
      return true;
    } catch (const OvsdbError& error) {
      h.client->close();
      failure = error.what();
      return false;
    }
  });
  if (!opened) on_connection_lost(h, failure);
  co_return opened;
}

Task<void> OvsNetworkDriver::probe(std::string host) {
  Host& h = host_state(host);
  if (h.down) co_return;  // the reconnect loop is on it
  co_await ovsdb(h, [](OvsdbClient& c) { c.request("echo", json::array({"probe"})); });
}

Task<void> OvsNetworkDriver::commit(Host& h, json operations) {
  const bool wait = h.config.wait_for_vswitchd;
  if (wait) {
    operations.push_back(bump_next_cfg());
    operations.push_back(select_next_cfg());
  }
  const json results =
      co_await ovsdb(h, [&operations](OvsdbClient& c) { return c.transact(database, operations); });
  if (wait) {
    const std::int64_t next_cfg =
        results.back().at("rows").at(0).at("next_cfg").get<std::int64_t>();
    co_await wait_for_vswitchd(h, next_cfg);
  }
}

Task<void> OvsNetworkDriver::wait_for_vswitchd(Host& h, std::int64_t next_cfg) {
  const json query = json::array({json{{"op", "select"},
                                       {"table", "Open_vSwitch"},
                                       {"where", json::array()},
                                       {"columns", json::array({"cur_cfg"})}}});
  const runtime::TimePoint deadline = executor_.now() + h.config.vswitchd_timeout;
  for (;;) {
    const json results =
        co_await ovsdb(h, [&query](OvsdbClient& c) { return c.transact(database, query); });
    if (results.at(0).at("rows").at(0).at("cur_cfg").get<std::int64_t>() >= next_cfg) co_return;
    if (executor_.now() >= deadline) {
      throw runtime::ServiceError(
          "OvsdbError", 504,
          "ovs-vswitchd on " + h.config.host + " did not apply configuration " +
              std::to_string(next_cfg) + " within " +
              std::to_string(runtime::to_seconds(h.config.vswitchd_timeout)) + " s");
    }
    co_await runtime::sleep_for(std::chrono::milliseconds(2));
  }
}

Task<void> OvsNetworkDriver::ensure_bridge(std::string host, std::string bridge) {
  Host& h = host_state(host);
  const json query = json::array({select_by_name("Bridge", bridge, {"_uuid"})});
  const json found =
      co_await ovsdb(h, [&query](OvsdbClient& c) { return c.transact(database, query); });
  if (!found.at(0).at("rows").empty()) co_return;
  // Like Neutron's br-int: fail_mode secure, so nothing is forwarded until flows say so.
  json row = {{"name", bridge},
              {"ports", ovsdb::set({ovsdb::named_uuid("port")})},
              {"fail_mode", "secure"},
              {"datapath_type", h.config.datapath_type}};
  json operations = json::array(
      {json{{"op", "insert"},
            {"table", "Interface"},
            {"row", {{"name", bridge}, {"type", "internal"}}},
            {"uuid-name", "iface"}},
       json{{"op", "insert"},
            {"table", "Port"},
            {"row", {{"name", bridge}, {"interfaces", ovsdb::named_uuid("iface")}}},
            {"uuid-name", "port"}},
       json{{"op", "insert"}, {"table", "Bridge"}, {"row", row}, {"uuid-name", "bridge"}},
       json{{"op", "mutate"},
            {"table", "Open_vSwitch"},
            {"where", json::array()},
            {"mutations",
             json::array({json::array(
                 {"bridges", "insert", ovsdb::set({ovsdb::named_uuid("bridge")})})})}}});
  try {
    co_await commit(h, std::move(operations));
  } catch (const OvsdbError& error) {
    if (!constraint_violation(error)) throw;  // else created concurrently: it exists now
  }
}

Task<void> OvsNetworkDriver::delete_bridge(std::string host, std::string bridge) {
  Host& h = host_state(host);
  const json query = json::array({select_by_name("Bridge", bridge, {"_uuid"})});
  const json found =
      co_await ovsdb(h, [&query](OvsdbClient& c) { return c.transact(database, query); });
  const json& rows = found.at(0).at("rows");
  if (rows.empty()) co_return;
  // Unreferenced from Open_vSwitch, the bridge and its ports are garbage-collected.
  json operations = json::array({json{
      {"op", "mutate"},
      {"table", "Open_vSwitch"},
      {"where", json::array()},
      {"mutations",
       json::array({json::array({"bridges", "delete", ovsdb::set({rows[0].at("_uuid")})})})}}});
  co_await commit(h, std::move(operations));
}

Task<void> OvsNetworkDriver::upsert_port(Host& h, std::string bridge, std::string name,
                                         int vlan_tag, int ofport, std::string type,
                                         std::map<std::string, std::string> options,
                                         std::map<std::string, std::string> external_ids) {
  const json tag = vlan_tag > 0 ? json(vlan_tag) : ovsdb::set({});
  // The compiled flow tables name ports by OpenFlow number, so the number is requested.
  const json interface_row = {{"type", type},
                              {"options", ovsdb::map(options)},
                              {"ofport_request", ofport > 0 ? json(ofport) : ovsdb::set({})},
                              {"external_ids", ovsdb::map(external_ids)}};
  for (int attempt = 0;; ++attempt) {
    const json query = json::array({select_by_name("Port", name, {"_uuid"})});
    const json found =
        co_await ovsdb(h, [&query](OvsdbClient& c) { return c.transact(database, query); });
    const json& rows = found.at(0).at("rows");
    json operations = json::array({require_bridge(bridge)});
    json port_ref;
    if (rows.empty()) {
      json iface = interface_row;
      iface["name"] = name;
      operations.push_back(
          {{"op", "insert"}, {"table", "Interface"}, {"row", iface}, {"uuid-name", "iface"}});
      operations.push_back(
          {{"op", "insert"},
           {"table", "Port"},
           {"row", {{"name", name}, {"interfaces", ovsdb::named_uuid("iface")}, {"tag", tag}}},
           {"uuid-name", "port"}});
      port_ref = ovsdb::named_uuid("port");
    } else {
      port_ref = rows[0].at("_uuid");
      operations.push_back({{"op", "update"},
                            {"table", "Port"},
                            {"where", json::array({ovsdb::equals("_uuid", port_ref)})},
                            {"row", {{"tag", tag}}}});
      operations.push_back({{"op", "update"},
                            {"table", "Interface"},
                            {"where", json::array({ovsdb::equals("name", name)})},
                            {"row", interface_row}});
    }
    operations.push_back(
        {{"op", "mutate"},
         {"table", "Bridge"},
         {"where", json::array({ovsdb::equals("name", bridge)})},
         {"mutations", json::array({json::array({"ports", "insert", ovsdb::set({port_ref})})})}});
    try {
      co_await commit(h, std::move(operations));
      co_return;
    } catch (const OvsdbError& error) {
      // Added concurrently by someone else: update it instead.
      if (!constraint_violation(error) || attempt > 0) throw;
    }
  }
}

Task<void> OvsNetworkDriver::add_port(std::string host, runtime::PortSpec port) {
  Host& h = host_state(host);
  std::map<std::string, std::string> ids = port.external_ids;
  if (!port.port_id.empty()) ids.emplace("iface-id", port.port_id);
  if (!port.mac_address.empty()) ids.emplace("attached-mac", port.mac_address);
  if (!port.port_id.empty()) ids.emplace("iface-status", "active");
  co_await upsert_port(h, port.bridge, port.name, port.vlan_tag, port.ofport, port.type,
                       port.options, std::move(ids));
}

Task<void> OvsNetworkDriver::remove_port(std::string host, std::string bridge, std::string name) {
  Host& h = host_state(host);
  const json query = json::array({select_by_name("Port", name, {"_uuid"})});
  const json found =
      co_await ovsdb(h, [&query](OvsdbClient& c) { return c.transact(database, query); });
  const json& rows = found.at(0).at("rows");
  if (rows.empty()) co_return;
  json operations = json::array(
      {json{{"op", "mutate"},
            {"table", "Bridge"},
            {"where", json::array({ovsdb::equals("name", bridge)})},
            {"mutations",
             json::array({json::array({"ports", "delete", ovsdb::set({rows[0].at("_uuid")})})})}}});
  co_await commit(h, std::move(operations));
}

Task<void> OvsNetworkDriver::ensure_tunnel(runtime::TunnelSpec tunnel) {
  Host& h = host_state(tunnel.local_host);
  auto remote = hosts_.find(tunnel.remote_host);
  // A remote host without an OVS entry here may be given by its tunnel IP directly.
  const std::string remote_ip =
      remote != hosts_.end() ? remote->second->config.tunnel_ip : tunnel.remote_host;
  if (remote_ip.empty() || h.config.tunnel_ip.empty()) {
    throw runtime::ServiceError("InvalidRequest", 400,
                                "a tunnel from " + tunnel.local_host + " to " + tunnel.remote_host +
                                    " needs tunnel_ip on both hosts");
  }
  const char* type = tunnel.type == runtime::TunnelType::vxlan ? "vxlan"
                     : tunnel.type == runtime::TunnelType::gre ? "gre"
                                                               : "geneve";
  // Named values, not braced temporaries, as coroutine arguments (GCC 12 miscompiles those).
  std::map<std::string, std::string> options = {
      {"remote_ip", remote_ip}, {"local_ip", h.config.tunnel_ip}, {"key", "flow"}};
  std::string name = tunnel.name.empty() ? tunnel_port_name(tunnel.type, remote_ip) : tunnel.name;
  co_await upsert_port(h, tunnel.bridge, std::move(name), 0, tunnel.ofport, std::string(type),
                       std::move(options), std::map<std::string, std::string>());
}

std::string OvsNetworkDriver::openflow_target(const Host& h, const std::string& bridge) const {
  std::string target = h.config.openflow_target;
  if (target.empty()) {
    const std::string& db = h.config.ovsdb;
    if (db.starts_with("unix:")) {
      const std::string path = db.substr(5);
      const std::size_t slash = path.rfind('/');
      target = "unix:" + (slash == std::string::npos ? std::string(".") : path.substr(0, slash)) +
               "/{bridge}.mgmt";
    } else {
      target = "{bridge}";
    }
  }
  for (std::size_t at = target.find("{bridge}"); at != std::string::npos;
       at = target.find("{bridge}", at + bridge.size())) {
    target.replace(at, 8, bridge);
  }
  return target;
}

std::string OvsNetworkDriver::HostCommand::operator()() const {
  if (tolerate_failure) return run_command(command).output;
  return run_checked(command);
}

runtime::BlockingAwaiter<OvsNetworkDriver::HostCommand> OvsNetworkDriver::host_command(
    const Host& h, std::vector<std::string> argv, std::string input, bool tolerate_failure) {
  HostCommand call;
  call.command.argv = h.config.command_prefix;
  call.command.argv.insert(call.command.argv.end(), argv.begin(), argv.end());
  call.command.input = std::move(input);
  call.tolerate_failure = tolerate_failure;
  return runtime::BlockingAwaiter<HostCommand>(std::move(call));
}

Task<void> OvsNetworkDriver::apply_flow_table(std::string host, runtime::FlowTable table) {
  Host& h = host_state(host);
  std::vector<std::string> argv = {"ovs-ofctl"};
  if (needs_openflow13(table)) {
    argv.emplace_back("-O");
    argv.emplace_back("OpenFlow13");
  }
  argv.emplace_back("replace-flows");
  argv.push_back(openflow_target(h, table.bridge));
  argv.emplace_back("-");
  co_await host_command(h, std::move(argv), runtime::to_ofctl(table), false);
}

Task<std::string> OvsNetworkDriver::dump_flows(std::string host, std::string bridge) {
  Host& h = host_state(host);
  const std::string target = openflow_target(h, bridge);
  std::string flows = co_await command(h, "ovs-ofctl", "-O", "OpenFlow13", "dump-flows", target);
  co_return flows;
}

Task<void> OvsNetworkDriver::create_namespace(std::string host, std::string name) {
  Host& h = host_state(host);
  const std::string listed = co_await command(h, "ip", "netns", "list");
  // `ip netns list` prints "NAME" or "NAME (id: N)" per line.
  std::size_t at = 0;
  while (at < listed.size()) {
    const std::size_t end = listed.find('\n', at);
    const std::string line = listed.substr(at, end == std::string::npos ? end : end - at);
    if (line == name || line.starts_with(name + " ")) co_return;
    if (end == std::string::npos) break;
    at = end + 1;
  }
  co_await command(h, "ip", "netns", "add", name);
}

Task<void> OvsNetworkDriver::delete_namespace(std::string host, std::string name) {
  Host& h = host_state(host);
  // A namespace that is already gone is fine: deletion is idempotent.
  co_await tolerant_command(h, "ip", "netns", "delete", name);
}

Task<void> OvsNetworkDriver::plug_namespace_nic(std::string host, runtime::PortSpec port,
                                                NamespaceNic nic) {
  Host& h = host_state(host);
  const std::string& ns = nic.namespace_name;
  const std::string& guest = nic.guest_interface;
  co_await command(h, "ip", "link", "add", port.name, "type", "veth", "peer", "name", guest,
                   "netns", ns);
  try {
    if (!port.mac_address.empty()) {
      co_await command(h, "ip", "-n", ns, "link", "set", guest, "address", port.mac_address);
    }
    if (!nic.ip_cidr.empty()) {
      co_await command(h, "ip", "-n", ns, "addr", "add", nic.ip_cidr, "dev", guest);
    }
    co_await command(h, "ip", "-n", ns, "link", "set", "lo", "up");
    co_await command(h, "ip", "-n", ns, "link", "set", guest, "up");
    // The userspace datapath does not complete checksums a veth leaves to offload: without this
    // TCP fails while ICMP works.
    co_await command(h, "ip", "netns", "exec", ns, "ethtool", "-K", guest, "tx", "off");
    co_await command(h, "ip", "link", "set", port.name, "up");
    co_await add_port(host, port);
  } catch (...) {
    run_command(Command{{"ip", "link", "delete", port.name}, {}, {}});
    throw;
  }
}

Task<void> OvsNetworkDriver::unplug_namespace_nic(std::string host, std::string bridge,
                                                  std::string name) {
  Host& h = host_state(host);
  co_await remove_port(host, bridge, name);
  co_await tolerant_command(h, "ip", "link", "delete", name);
}

Task<std::vector<runtime::PortSpec>> OvsNetworkDriver::list_ports(std::string host,
                                                                  std::string bridge) {
  Host& h = host_state(host);
  const json query = json::array(
      {select_by_name("Bridge", bridge, {"ports"}),
       json{{"op", "select"},
            {"table", "Port"},
            {"where", json::array()},
            {"columns", json::array({"_uuid", "name", "tag", "interfaces"})}},
       json{{"op", "select"},
            {"table", "Interface"},
            {"where", json::array()},
            {"columns", json::array({"_uuid", "external_ids", "type", "options", "ofport"})}}});
  const json results =
      co_await ovsdb(h, [&query](OvsdbClient& c) { return c.transact(database, query); });
  std::vector<runtime::PortSpec> out;
  const json& bridges = results.at(0).at("rows");
  if (bridges.empty()) co_return out;
  std::set<std::string> members;
  for (const json& ref : ovsdb::elements(bridges[0].at("ports")))
    members.insert(ovsdb::uuid_of(ref));
  std::map<std::string, const json*> interfaces;
  for (const json& row : results.at(2).at("rows"))
    interfaces[ovsdb::uuid_of(row.at("_uuid"))] = &row;
  for (const json& row : results.at(1).at("rows")) {
    const std::string name = row.at("name").get<std::string>();
    if (!members.contains(ovsdb::uuid_of(row.at("_uuid"))) || name == bridge) continue;
    runtime::PortSpec port;
    port.bridge = bridge;
    port.name = name;
    const std::vector<json> tags = ovsdb::elements(row.at("tag"));
    port.vlan_tag = tags.empty() ? 0 : tags[0].get<int>();
    for (const json& ref : ovsdb::elements(row.at("interfaces"))) {
      auto found = interfaces.find(ovsdb::uuid_of(ref));
      if (found == interfaces.end()) continue;
      const json& iface = *found->second;
      port.external_ids = ovsdb::to_map(iface.at("external_ids"));
      port.options = ovsdb::to_map(iface.at("options"));
      port.type = iface.at("type").get<std::string>();
      const std::vector<json> ofports = ovsdb::elements(iface.at("ofport"));
      port.ofport = ofports.empty() ? 0 : ofports[0].get<int>();
    }
    if (auto id = port.external_ids.find("iface-id"); id != port.external_ids.end()) {
      port.port_id = id->second;
    }
    if (auto mac = port.external_ids.find("attached-mac"); mac != port.external_ids.end()) {
      port.mac_address = mac->second;
    }
    out.push_back(std::move(port));
  }
  std::sort(out.begin(), out.end(),
            [](const runtime::PortSpec& a, const runtime::PortSpec& b) { return a.name < b.name; });
  co_return out;
}

}  // namespace stacksim::live
