#include "core/scheduler/prepared_request.hpp"

#include <algorithm>
#include <array>
#include <map>

#include "core/scheduler/invalid_request.hpp"
#include "core/scheduler/python_text.hpp"

namespace stacksim::scheduler {
namespace {

// os_resource_classes.STANDARDS: classes Placement knows without a CUSTOM_ prefix.
constexpr std::array<std::string_view, 21> kStandardResourceClasses{
    "VCPU",
    "MEMORY_MB",
    "DISK_GB",
    "PCI_DEVICE",
    "SRIOV_NET_VF",
    "NUMA_SOCKET",
    "NUMA_CORE",
    "NUMA_THREAD",
    "NUMA_MEMORY_MB",
    "IPV4_ADDRESS",
    "VGPU",
    "VGPU_DISPLAY_HEAD",
    "NET_BW_EGR_KILOBIT_PER_SEC",
    "NET_BW_IGR_KILOBIT_PER_SEC",
    "PCPU",
    "MEM_ENCRYPTION_CONTEXT",
    "FPGA",
    "PGPU",
    "NET_PACKET_RATE_KILOPACKET_PER_SEC",
    "NET_PACKET_RATE_EGR_KILOPACKET_PER_SEC",
    "NET_PACKET_RATE_IGR_KILOPACKET_PER_SEC"};

std::optional<ResourceClass> modelled_class(std::string_view name) {
  for (ResourceClass rc : {ResourceClass::vcpu, ResourceClass::memory_mb, ResourceClass::disk_gb}) {
    if (resource_class_name(rc) == name) return rc;
  }
  return std::nullopt;
}

bool valid_suffix(std::string_view suffix) {
  return suffix.size() <= 64 && std::all_of(suffix.begin(), suffix.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '_' || c == '-';
         });
}

/// ResourceRequest._process_extra_specs: "resources[$S]:<class>" and "trait[$S]:<name>".
void read_placement_extra_specs(const Flavor& flavor, PreparedRequest& out,
                                std::map<std::string, std::int64_t>& explicit_resources) {
  for (const auto& [key, value] : flavor.extra_specs) {
    const std::size_t colon = key.find(':');
    if (colon == std::string::npos) continue;
    const std::string_view head = std::string_view(key).substr(0, colon);
    const std::string_view name = std::string_view(key).substr(colon + 1);
    std::string_view prefix;
    for (std::string_view p : {std::string_view("resources"), std::string_view("trait")}) {
      if (head.starts_with(p) && valid_suffix(head.substr(p.size()))) prefix = p;
    }
    if (prefix.empty()) continue;
    if (head.size() != prefix.size()) {
      throw InvalidRequest("extra spec '" + key +
                           "': numbered request groups are not modelled by stacksim's Placement");
    }
    if (prefix == "trait") {
      // Values other than required/forbidden are ignored, as in Nova.
      if (value == "required") out.required_traits.emplace_back(name);
      if (value == "forbidden") out.forbidden_traits.emplace_back(name);
      continue;
    }
    const bool known = name.starts_with("CUSTOM_") ||
                       std::find(kStandardResourceClasses.begin(), kStandardResourceClasses.end(),
                                 name) != kStandardResourceClasses.end();
    const std::optional<long long> amount = python_int(value);
    // Nova logs and skips an unknown class or a bad amount.
    if (!known || !amount || *amount < 0) continue;
    explicit_resources[std::string(name)] = *amount;
  }
}

std::optional<std::string> canonical_or_throw(
    const std::map<std::string, std::string>& props, const std::string& key,
    const std::optional<std::string>& fallback,
    std::optional<std::string> (*canonicalize)(std::string_view), const char* what) {
  auto it = props.find(key);
  const std::optional<std::string> raw = it != props.end() ? std::optional(it->second) : fallback;
  if (!raw) return std::nullopt;
  std::optional<std::string> canonical = canonicalize(*raw);
  if (!canonical) throw InvalidRequest(std::string(what) + " '" + *raw + "' is not recognised");
  return canonical;
}

}  // namespace

PreparedRequest PreparedRequest::from(const RequestSpec& spec, const SchedulerConfig& config) {
  const Flavor& flavor = spec.flavor;
  if (spec.instance_uuids.empty()) throw InvalidRequest("a request needs at least one instance");
  if (flavor.vcpus < 1 || flavor.memory_mb < 1 || flavor.root_gb < 0 || flavor.ephemeral_gb < 0 ||
      flavor.swap_mb < 0) {
    throw InvalidRequest("flavor '" + flavor.name +
                         "' needs vcpus >= 1, memory_mb >= 1 and non-negative disk sizes");
  }
  PreparedRequest out;
  std::map<std::string, std::int64_t> explicit_resources;
  read_placement_extra_specs(flavor, out, explicit_resources);
  for (const auto& [key, value] : spec.image_properties) {
    if (key.starts_with("trait:") && value == "required")
      out.required_traits.push_back(key.substr(6));
  }
  // Flavor amounts apply to classes the extra specs did not set.
  if (!explicit_resources.contains("VCPU") && !explicit_resources.contains("PCPU")) {
    explicit_resources["VCPU"] = flavor.vcpus;
  }
  explicit_resources.try_emplace("MEMORY_MB", flavor.memory_mb);
  explicit_resources.try_emplace(
      "DISK_GB", flavor.ephemeral_gb + (flavor.swap_mb + 1023) / 1024 + flavor.root_gb);
  for (const auto& [name, amount] : explicit_resources) {
    if (amount == 0) continue;  // strip_zeros
    if (const auto rc = modelled_class(name)) {
      out.resources[*rc] = amount;
    } else if (!out.unavailable_resource_class) {
      out.unavailable_resource_class = name;
    }
  }
  out.forbidden_traits.emplace_back("COMPUTE_STATUS_DISABLED");

  out.image_hv_props[0] = canonical_or_throw(spec.image_properties, "hw_architecture",
                                             config.image_properties_default_architecture,
                                             canonical_architecture, "Architecture name");
  out.image_hv_props[1] = canonical_or_throw(spec.image_properties, "img_hv_type", std::nullopt,
                                             canonical_hv_type, "Hypervisor virtualization type");
  out.image_hv_props[2] = canonical_or_throw(spec.image_properties, "hw_vm_mode", std::nullopt,
                                             canonical_vm_mode, "Virtual machine mode");
  if (auto it = spec.image_properties.find("img_hv_requested_version");
      it != spec.image_properties.end() && !it->second.empty()) {
    out.hv_version_requirement.emplace(it->second);
  }
  out.numa_topology = numa_constraints(flavor, spec.image_properties);
  out.consume_vcpus = flavor.vcpus;
  out.consume_memory_mb = flavor.memory_mb;
  out.consume_disk_mb = (flavor.root_gb + flavor.ephemeral_gb) * 1024;
  return out;
}

}  // namespace stacksim::scheduler
