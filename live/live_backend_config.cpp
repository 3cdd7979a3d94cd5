#include "live/live_backend_config.hpp"

#include <filesystem>
#include <set>

namespace stacksim::live {
namespace {

using nlohmann::json;

// Typed reads of one JSON object; every failure names file and JSON path, and keys nobody read
// are rejected so a typo never passes silently.
class Fields {
 public:
  Fields(const json& object, std::string file, std::string path)
      : object_(object), file_(std::move(file)), path_(std::move(path)) {
    if (!object_.is_object()) fail("", "must be an object");
  }

  [[noreturn]] void fail(const std::string& key, const std::string& problem) const {
    throw LiveConfigError(file_ + ": " + path_ + (key.empty() ? "" : "/" + key) + ": " + problem);
  }
  [[nodiscard]] std::string path(const std::string& key) const { return path_ + "/" + key; }
  [[nodiscard]] bool has(const std::string& key) const {
    seen_.insert(key);
    return object_.contains(key);
  }
  [[nodiscard]] const json& at(const std::string& key) const {
    if (!has(key)) fail(key, "is required");
    return object_.at(key);
  }
  [[nodiscard]] std::string string(const std::string& key, std::string fallback = {}) const {
    if (!has(key)) return fallback;
    const json& v = object_.at(key);
    if (!v.is_string()) fail(key, "must be a string");
    return v.get<std::string>();
  }
  [[nodiscard]] double seconds(const std::string& key, double fallback) const {
    if (!has(key)) return fallback;
    const json& v = object_.at(key);
    if (!v.is_number() || v.get<double>() < 0) fail(key, "must be a number of seconds >= 0");
    return v.get<double>();
  }
  [[nodiscard]] long long integer(const std::string& key, long long fallback, long long min) const {
    if (!has(key)) return fallback;
    const json& v = object_.at(key);
    if (!v.is_number_integer() || v.get<long long>() < min) {
      fail(key, "must be an integer >= " + std::to_string(min));
    }
    return v.get<long long>();
  }
  [[nodiscard]] bool boolean(const std::string& key, bool fallback) const {
    if (!has(key)) return fallback;
    const json& v = object_.at(key);
    if (!v.is_boolean()) fail(key, "must be true or false");
    return v.get<bool>();
  }
  [[nodiscard]] std::vector<std::string> strings(const std::string& key) const {
    if (!has(key)) return {};
    const json& v = object_.at(key);
    if (!v.is_array()) fail(key, "must be an array of strings");
    std::vector<std::string> out;
    for (const json& e : v) {
      if (!e.is_string()) fail(key, "must be an array of strings");
      out.push_back(e.get<std::string>());
    }
    return out;
  }
  [[nodiscard]] Fields object(const std::string& key) const {
    return Fields(at(key), file_, path(key));
  }
  void reject_unknown_keys() const {
    for (const auto& [key, value] : object_.items()) {
      if (!seen_.contains(key)) fail(key, "is not a known field");
    }
  }
  [[nodiscard]] const std::string& file() const { return file_; }

 private:
  const json& object_;
  std::string file_;
  std::string path_;
  mutable std::set<std::string> seen_;
};

Backoff read_backoff(const Fields& f) {
  Backoff b;
  b.initial = runtime::from_seconds(f.seconds("initial_s", runtime::to_seconds(b.initial)));
  b.max = runtime::from_seconds(f.seconds("max_s", runtime::to_seconds(b.max)));
  if (b.max < b.initial) f.fail("max_s", "must be >= initial_s");
  f.reject_unknown_keys();
  return b;
}

LibvirtHostConfig read_libvirt(const Fields& f, const std::string& host, const Backoff& backoff) {
  LibvirtHostConfig c;
  c.host = host;
  c.reconnect = backoff;
  const bool has_uri = f.has("uri");
  const bool has_node_file = f.has("node_file");
  if (has_uri == has_node_file) f.fail("uri", "give exactly one of uri and node_file");
  if (has_uri) {
    c.uri = f.string("uri");
  } else {
    // A libvirt test-driver node file: one simulated host with private state, no daemon.
    std::filesystem::path node = f.string("node_file");
    if (node.is_relative()) node = std::filesystem::path(f.file()).parent_path() / node;
    std::error_code ec;
    const std::filesystem::path absolute = std::filesystem::absolute(node, ec);
    if (ec || !std::filesystem::is_regular_file(absolute)) {
      f.fail("node_file", "no such file: " + node.string());
    }
    c.uri = "test://" + absolute.lexically_normal().string();
  }
  c.domain_type = f.string("domain_type", c.domain_type);
  c.emulator = f.string("emulator");
  c.machine = f.string("machine");
  c.integration_bridge = f.string("integration_bridge", c.integration_bridge);
  c.storage_pool = f.string("storage_pool");
  c.shutdown_timeout = runtime::from_seconds(
      f.seconds("shutdown_timeout_s", runtime::to_seconds(c.shutdown_timeout)));
  c.keepalive_interval_s = static_cast<int>(f.integer("keepalive_interval_s", 5, 0));
  f.reject_unknown_keys();
  return c;
}

OvsHostConfig read_ovs(const Fields& f, const std::string& host, const Backoff& backoff) {
  OvsHostConfig c;
  c.host = host;
  c.reconnect = backoff;
  c.ovsdb = f.string("ovsdb", c.ovsdb);
  if (!c.ovsdb.starts_with("unix:") && !c.ovsdb.starts_with("tcp:")) {
    f.fail("ovsdb", "must be unix:PATH or tcp:HOST:PORT");
  }
  c.openflow_target = f.string("openflow_target");
  c.datapath_type = f.string("datapath_type", c.datapath_type);
  if (c.datapath_type != "system" && c.datapath_type != "netdev") {
    f.fail("datapath_type", "must be \"system\" or \"netdev\"");
  }
  c.command_prefix = f.strings("command_prefix");
  c.tunnel_ip = f.string("tunnel_ip");
  c.wait_for_vswitchd = f.boolean("wait_for_vswitchd", true);
  f.reject_unknown_keys();
  return c;
}

}  // namespace

LiveBackendConfig read_live_backend_config(const json& section, const std::string& file,
                                           const std::string& json_path) {
  const Fields f(section, file, json_path);
  LiveBackendConfig config;
  if (f.has("type") && f.string("type") != "live") f.fail("type", "must be \"live\"");
  config.blocking_threads = static_cast<unsigned>(f.integer("blocking_threads", 4, 1));
  config.health_interval = runtime::from_seconds(f.seconds("health_interval_s", 5));
  const Backoff backoff = f.has("reconnect") ? read_backoff(f.object("reconnect")) : Backoff{};
  const json& hosts = f.at("hosts");
  if (!hosts.is_array() || hosts.empty()) f.fail("hosts", "must be a non-empty array");
  std::set<std::string> names;
  for (std::size_t i = 0; i < hosts.size(); ++i) {
    const Fields h(hosts[i], file, f.path("hosts") + "/" + std::to_string(i));
    LiveHostConfig host;
    host.name = h.string("name");
    if (host.name.empty()) h.fail("name", "is required");
    if (!names.insert(host.name).second) h.fail("name", "host " + host.name + " appears twice");
    if (h.has("libvirt")) host.libvirt = read_libvirt(h.object("libvirt"), host.name, backoff);
    if (h.has("ovs")) host.ovs = read_ovs(h.object("ovs"), host.name, backoff);
    host.compute = h.boolean("compute", host.libvirt.has_value());
    if (host.compute && !host.libvirt) h.fail("libvirt", "a compute host needs a libvirt section");
    h.reject_unknown_keys();
    config.hosts.push_back(std::move(host));
  }
  if (f.has("storage")) {
    const Fields s = f.object("storage");
    StorageConfig storage;
    storage.host = s.string("host");
    storage.pool = s.string("pool", storage.pool);
    const LiveHostConfig* owner = nullptr;
    for (const LiveHostConfig& h : config.hosts)
      if (h.name == storage.host) owner = &h;
    if (owner == nullptr || !owner->libvirt) {
      s.fail("host", "must name a host with a libvirt section");
    }
    storage.uri = owner->libvirt->uri;
    s.reject_unknown_keys();
    config.storage = storage;
  }
  f.reject_unknown_keys();
  return config;
}

}  // namespace stacksim::live
