#include "core/scheduler/host_capabilities.hpp"

#include <algorithm>
#include <array>
#include <variant>

#include <nlohmann/json.hpp>

#include "core/scheduler/python_text.hpp"

namespace stacksim::scheduler {
namespace {

using Json = nlohmann::ordered_json;

constexpr std::array<std::string_view, 10> kUsageAttributes{
    "free_ram_mb",   "free_disk_mb", "vcpus_used",  "num_instances",       "num_io_ops",
    "failed_builds", "disk_mb_used", "vcpus_total", "total_usable_ram_mb", "total_usable_disk_gb"};

// Attributes a HostState has that stacksim does not give a Python value; looking one up fails the
// host rather than guessing at the str() of a Nova object.
constexpr std::array<std::string_view, 16> kOpaqueAttributes{"uuid",
                                                             "_lock_name",
                                                             "pci_stats",
                                                             "limits",
                                                             "metrics",
                                                             "aggregates",
                                                             "instances",
                                                             "cell_uuid",
                                                             "updated",
                                                             "service",
                                                             "update",
                                                             "consume_from_request",
                                                             "_update_from_compute_node",
                                                             "_locked_consume_from_request",
                                                             "numa_topology",
                                                             "host_ip"};

constexpr std::array<std::string_view, 10> kValueAttributes{"host",
                                                            "nodename",
                                                            "hypervisor_hostname",
                                                            "hypervisor_type",
                                                            "hypervisor_version",
                                                            "cpu_info",
                                                            "supported_instances",
                                                            "cpu_allocation_ratio",
                                                            "ram_allocation_ratio",
                                                            "disk_allocation_ratio"};

template <std::size_t N>
bool in(const std::array<std::string_view, N>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

/// repr(str) for the ASCII range; other bytes are kept as printable characters.
void append_python_str_repr(std::string& out, std::string_view s) {
  const bool has_single = s.find('\'') != std::string_view::npos;
  const bool has_double = s.find('"') != std::string_view::npos;
  const char quote = has_single && !has_double ? '"' : '\'';
  out += quote;
  for (char c : s) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == quote) {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if ((c >= 0 && c < 0x20) || c == 0x7F) {
      static constexpr char hex[] = "0123456789abcdef";
      out += "\\x";
      out += hex[(c >> 4) & 0xF];
      out += hex[c & 0xF];
    } else {
      out += c;
    }
  }
  out += quote;
}

void append_python_repr(std::string& out, const Json& v) {
  switch (v.type()) {
    case Json::value_t::null:
      out += "None";
      break;
    case Json::value_t::boolean:
      out += v.get<bool>() ? "True" : "False";
      break;
    case Json::value_t::number_integer:
      out += std::to_string(v.get<std::int64_t>());
      break;
    case Json::value_t::number_unsigned:
      out += std::to_string(v.get<std::uint64_t>());
      break;
    case Json::value_t::number_float:
      append_python_float_repr(out, v.get<double>());
      break;
    case Json::value_t::string:
      append_python_str_repr(out, v.get_ref<const std::string&>());
      break;
    case Json::value_t::array: {
      out += '[';
      bool first = true;
      for (const Json& item : v) {
        if (!first) out += ", ";
        first = false;
        append_python_repr(out, item);
      }
      out += ']';
      break;
    }
    case Json::value_t::object: {
      out += '{';
      bool first = true;
      for (const auto& [key, item] : v.items()) {
        if (!first) out += ", ";
        first = false;
        append_python_str_repr(out, key);
        out += ": ";
        append_python_repr(out, item);
      }
      out += '}';
      break;
    }
    default:
      out += "None";
      break;
  }
}

/// str(value): a string is itself, everything else its repr.
std::string python_str(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  std::string out;
  append_python_repr(out, v);
  return out;
}

/// The Python value of HostState attribute `name`, or null (None).
Json attribute(const HostStates& h, HostId host, std::string_view name) {
  if (name == "host" || name == "nodename" || name == "hypervisor_hostname") return h.name[host];
  if (name == "free_ram_mb") return h.free_ram_mb[host];
  if (name == "free_disk_mb") return h.free_disk_mb[host];
  if (name == "vcpus_used") return h.vcpus_used[host];
  if (name == "vcpus_total") return h.vcpus_total[host];
  if (name == "num_instances") return h.num_instances[host];
  if (name == "num_io_ops") return h.num_io_ops[host];
  if (name == "failed_builds") return h.failed_builds[host];
  if (name == "disk_mb_used") return h.disk_mb_used[host];
  if (name == "total_usable_ram_mb") return h.total_usable_ram_mb[host];
  if (name == "total_usable_disk_gb") return h.total_usable_disk_gb[host];
  if (name == "cpu_allocation_ratio") return h.cpu_allocation_ratio[host];
  if (name == "ram_allocation_ratio") return h.ram_allocation_ratio[host];
  if (name == "disk_allocation_ratio") return h.disk_allocation_ratio[host];
  if (name == "hypervisor_type") {
    return h.hypervisor_type[host] ? Json(*h.hypervisor_type[host]) : Json();
  }
  if (name == "hypervisor_version") {
    return h.hypervisor_version[host] ? Json(*h.hypervisor_version[host]) : Json();
  }
  if (name == "cpu_info") return h.cpu_info[host] ? Json(*h.cpu_info[host]) : Json();
  if (name == "supported_instances") {
    Json list = Json::array();
    for (const HvSpec& s : h.hv_spec_lists[h.supported_instances[host]]) {
      list.push_back(Json::array({s.architecture, s.hv_type, s.vm_mode}));
    }
    return list;
  }
  if (name == "stats") {
    Json stats = Json::object();
    for (const auto& [k, v] : h.stats[host])
      stats[k] = v;
    return stats;
  }
  return Json();
}

}  // namespace

bool is_host_state_attribute(std::string_view name) {
  return in(kUsageAttributes, name) || in(kOpaqueAttributes, name) || in(kValueAttributes, name) ||
         name == "stats";
}

bool is_usage_attribute(std::string_view name) {
  return in(kUsageAttributes, name);
}

std::int64_t integer_attribute(const HostStates& h, HostId host, std::string_view name) {
  if (name == "free_ram_mb") return h.free_ram_mb[host];
  if (name == "free_disk_mb") return h.free_disk_mb[host];
  if (name == "vcpus_used") return h.vcpus_used[host];
  if (name == "vcpus_total") return h.vcpus_total[host];
  if (name == "num_instances") return h.num_instances[host];
  if (name == "num_io_ops") return h.num_io_ops[host];
  if (name == "failed_builds") return h.failed_builds[host];
  if (name == "disk_mb_used") return h.disk_mb_used[host];
  if (name == "total_usable_ram_mb") return h.total_usable_ram_mb[host];
  return h.total_usable_disk_gb[host];
}

std::optional<std::string> host_capability(const HostStates& hosts, HostId host,
                                           std::span<const std::string> scope) {
  // cap starts as the HostState itself; `at_host` marks that state.
  bool at_host = true;
  Json cap;
  for (const std::string& element : scope) {
    if (at_host) {
      at_host = false;
      if (in(kOpaqueAttributes, element)) {
        const bool none_here =
            element == "host_ip" || (element == "numa_topology" && hosts.numa[host].empty());
        if (!none_here) return std::nullopt;
      }
      cap = attribute(hosts, host, element);
      if (cap.is_null()) {
        const auto& stats = hosts.stats[host];
        const auto it = stats.find(element);
        if (it == stats.end()) return std::nullopt;
        cap = it->second;
      }
      continue;
    }
    if (cap.is_string()) {
      Json parsed = Json::parse(cap.get_ref<const std::string&>(), nullptr, false);
      if (parsed.is_discarded()) return std::nullopt;
      cap = std::move(parsed);
    }
    if (!cap.is_object()) return std::nullopt;  // getattr on a plain value: None / AttributeError
    const auto it = cap.find(element);
    if (it == cap.end() || it->is_null()) return std::nullopt;
    cap = Json(*it);
  }
  if (at_host || cap.is_null()) return std::nullopt;
  return python_str(cap);
}

}  // namespace stacksim::scheduler
