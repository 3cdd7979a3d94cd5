#include "core/scheduler/numa.hpp"

#include <algorithm>
#include <set>
#include <utility>

#include "core/scheduler/invalid_request.hpp"
#include "core/scheduler/python_text.hpp"

namespace stacksim::scheduler {
namespace {

constexpr int kNumaNodesMax = 128;  // ImageMetaProps.NUMA_NODES_MAX

/// nova.virt.hardware.parse_cpu_spec: "0-3,^2,5".
std::set<long long> parse_cpu_spec(std::string_view spec) {
  std::set<long long> include, reject;
  std::string_view rest = spec;
  while (true) {
    const std::size_t comma = rest.find(',');
    const std::string_view rule = python_strip(rest.substr(0, comma));
    if (!rule.empty()) {
      const std::size_t dash = rule.find('-');
      if (dash != std::string_view::npos) {
        std::string_view first = rule.substr(0, dash);
        const bool is_reject = !first.empty() && first.front() == '^';
        if (is_reject) first.remove_prefix(1);
        const auto start = python_int(first);
        const auto end = python_int(rule.substr(dash + 1));
        if (!start || !end || *start > *end) {
          throw InvalidRequest("Invalid range expression '" + std::string(rule) + "'");
        }
        for (long long c = *start; c <= *end; ++c)
          (is_reject ? reject : include).insert(c);
      } else if (rule.front() == '^') {
        const auto c = python_int(rule.substr(1));
        if (!c) throw InvalidRequest("Invalid exclusion expression '" + std::string(rule) + "'");
        reject.insert(*c);
      } else {
        const auto c = python_int(rule);
        if (!c) throw InvalidRequest("Invalid inclusion expression '" + std::string(rule) + "'");
        include.insert(*c);
      }
    }
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  for (long long c : reject)
    include.erase(c);
  return include;
}

const std::string* lookup(const std::map<std::string, std::string>& map, const std::string& key) {
  auto it = map.find(key);
  return it == map.end() ? nullptr : &it->second;
}

/// _get_constraint_mappings_from_flavor: "<key>.0", "<key>.1", ... until the first gap.
std::vector<std::string> indexed_values(const std::map<std::string, std::string>& map,
                                        const std::string& key) {
  std::vector<std::string> values;
  for (int cell = 0; cell < kNumaNodesMax; ++cell) {
    const std::string* v = lookup(map, key + "." + std::to_string(cell));
    if (v == nullptr) break;
    values.push_back(*v);
  }
  return values;
}

/// Flavor value unless absent; both present is forbidden (ImageNUMATopologyForbidden).
std::vector<std::string> flavor_or_image_list(const Flavor& flavor,
                                              const std::map<std::string, std::string>& image,
                                              const std::string& name) {
  std::vector<std::string> from_flavor = indexed_values(flavor.extra_specs, "hw:" + name);
  std::vector<std::string> from_image = indexed_values(image, "hw_" + name);
  if (!from_flavor.empty() && !from_image.empty()) {
    throw InvalidRequest("Image property 'hw_" + name +
                         "' is not permitted to override NUMA configuration set against the "
                         "flavor");
  }
  return from_flavor.empty() ? from_image : from_flavor;
}

void reject_unsupported(const Flavor& flavor, const std::map<std::string, std::string>& image) {
  for (const auto& [flavor_key, image_key] :
       {std::pair<std::string, std::string>{"hw:cpu_policy", "hw_cpu_policy"}}) {
    for (const std::string* v :
         {lookup(flavor.extra_specs, flavor_key), lookup(image, image_key)}) {
      if (v == nullptr || *v == "shared") continue;
      if (*v == "dedicated" || *v == "mixed") {
        throw InvalidRequest("CPU policy '" + *v +
                             "' (pinned CPUs) is not modelled by stacksim's scheduler");
      }
      throw InvalidRequest("CPU policy requested from '" + flavor_key + "' is invalid, given: '" +
                           *v + "', available: '('dedicated', 'shared', 'mixed')'.");
    }
  }
  if (lookup(flavor.extra_specs, "hw:mem_page_size") || lookup(image, "hw_mem_page_size")) {
    throw InvalidRequest("memory page sizes (hw:mem_page_size) are not modelled by stacksim");
  }
}

}  // namespace

std::vector<HostNumaCell> host_numa_cells(const std::vector<NumaCellInfo>& cells) {
  std::vector<HostNumaCell> result;
  result.reserve(cells.size());
  for (std::size_t i = 0; i < cells.size(); ++i) {
    result.push_back({static_cast<int>(i), cells[i].cpus, cells[i].memory_mb, cells[i].cpu_usage,
                      cells[i].memory_usage_mb});
  }
  return result;
}

std::optional<InstanceNumaTopology> numa_constraints(
    const Flavor& flavor, const std::map<std::string, std::string>& image_properties) {
  reject_unsupported(flavor, image_properties);
  const std::string* flavor_nodes = lookup(flavor.extra_specs, "hw:numa_nodes");
  const std::string* image_nodes = lookup(image_properties, "hw_numa_nodes");
  if (flavor_nodes && image_nodes) {
    throw InvalidRequest(
        "Image property 'hw_numa_nodes' is not permitted to override NUMA configuration set "
        "against the flavor");
  }
  const std::string* nodes_text = flavor_nodes ? flavor_nodes : image_nodes;
  if (nodes_text == nullptr) return std::nullopt;  // CPU lists alone do not make a topology
  const auto parsed = python_int(*nodes_text);
  if (!parsed || std::to_string(*parsed) != *nodes_text || *parsed < 1) {
    throw InvalidRequest("The property 'numa_nodes' cannot be '" + *nodes_text +
                         "'. It must be a number greater than 0");
  }
  const int nodes = static_cast<int>(*parsed);
  const std::vector<std::string> cpu_list =
      flavor_or_image_list(flavor, image_properties, "numa_cpus");
  const std::vector<std::string> mem_list =
      flavor_or_image_list(flavor, image_properties, "numa_mem");

  InstanceNumaTopology topology;
  if (cpu_list.empty() && mem_list.empty()) {
    if (flavor.vcpus % nodes != 0 || flavor.memory_mb % nodes != 0) {
      throw InvalidRequest(
          "Instance CPUs and/or memory cannot be evenly distributed across instance NUMA nodes. "
          "Explicit assignment of CPUs and memory to nodes is required");
    }
    for (int node = 0; node < nodes; ++node) {
      topology.cells.push_back({node, flavor.vcpus / nodes, flavor.memory_mb / nodes});
    }
    return topology;
  }
  if (cpu_list.size() != static_cast<std::size_t>(nodes) ||
      mem_list.size() != static_cast<std::size_t>(nodes)) {
    throw InvalidRequest("CPU and memory allocation must be provided for all NUMA nodes");
  }
  std::set<long long> available;
  for (int c = 0; c < flavor.vcpus; ++c)
    available.insert(c);
  std::int64_t total_memory = 0;
  for (int node = 0; node < nodes; ++node) {
    const std::set<long long> cpus = parse_cpu_spec(cpu_list[static_cast<std::size_t>(node)]);
    const auto memory = python_int(mem_list[static_cast<std::size_t>(node)]);
    if (!memory) {
      throw InvalidRequest("invalid literal for int() with base 10: '" +
                           mem_list[static_cast<std::size_t>(node)] + "'");
    }
    for (long long cpu : cpus) {
      if (cpu > flavor.vcpus - 1) {
        throw InvalidRequest("CPU number " + std::to_string(cpu) + " is larger than max " +
                             std::to_string(flavor.vcpus - 1));
      }
      if (available.erase(cpu) == 0) {
        throw InvalidRequest("CPU number " + std::to_string(cpu) + " is assigned to two nodes");
      }
    }
    topology.cells.push_back({node, static_cast<int>(cpus.size()), *memory});
    total_memory += *memory;
  }
  if (!available.empty()) {
    std::string list;
    for (long long c : available)
      list += (list.empty() ? "" : ", ") + std::to_string(c);
    throw InvalidRequest("CPU number {" + list + "} is not assigned to any node");
  }
  if (total_memory != flavor.memory_mb) {
    throw InvalidRequest(std::to_string(total_memory) + " MB of memory assigned, but expected " +
                         std::to_string(flavor.memory_mb) + " MB");
  }
  return topology;
}

namespace {

/// _numa_fit_instance_cell for shared CPUs on a host without explicit page sizes.
bool fit_cell(const HostNumaCell& host, InstanceNumaCell& cell,
              const std::optional<NumaLimits>& limits) {
  // An instance may not overcommit against itself on one cell.
  if (cell.memory_mb > host.memory_mb) return false;
  if (cell.cpus > host.cpus) return false;
  if (limits) {
    const double cpu_limit = static_cast<double>(host.cpus) * limits->cpu_allocation_ratio;
    if (static_cast<double>(host.cpu_usage + cell.cpus) > cpu_limit) return false;
    const double ram_limit = static_cast<double>(host.memory_mb) * limits->ram_allocation_ratio;
    if (static_cast<double>(host.memory_usage_mb + cell.memory_mb) > ram_limit) return false;
  }
  cell.id = host.id;
  return true;
}

/// Advances `perm` (distinct indices into n items) to the next r-permutation in
/// itertools.permutations order; false after the last one.
bool next_permutation_of(std::vector<std::size_t>& perm, std::size_t n) {
  const std::size_t r = perm.size();
  for (std::size_t pos = r; pos-- > 0;) {
    std::vector<bool> used(n, false);
    for (std::size_t i = 0; i < pos; ++i)
      used[perm[i]] = true;
    for (std::size_t candidate = perm[pos] + 1; candidate < n; ++candidate) {
      if (used[candidate]) continue;
      perm[pos] = candidate;
      used[candidate] = true;
      // Fill the rest with the smallest unused indices.
      std::size_t next = 0;
      for (std::size_t i = pos + 1; i < r; ++i) {
        while (used[next])
          ++next;
        perm[i] = next;
        used[next] = true;
      }
      return true;
    }
  }
  return false;
}

}  // namespace

std::optional<InstanceNumaTopology> numa_fit_instance_to_host(
    const std::vector<HostNumaCell>& host, InstanceNumaTopology& instance,
    const std::optional<NumaLimits>& limits) {
  const std::size_t r = instance.cells.size();
  if (host.empty() || r == 0 || host.size() < r) return std::nullopt;
  std::vector<HostNumaCell> cells = host;
  if (cells.size() > r) {
    // Spread (packing_host_numa_cells_allocation_strategy = False): most free memory first, then
    // least used CPUs first; both sorts are stable like Python's sorted().
    std::stable_sort(cells.begin(), cells.end(), [](const HostNumaCell& a, const HostNumaCell& b) {
      return a.memory_mb - a.memory_usage_mb > b.memory_mb - b.memory_usage_mb;
    });
    std::stable_sort(cells.begin(), cells.end(), [](const HostNumaCell& a, const HostNumaCell& b) {
      return a.cpu_usage < b.cpu_usage;
    });
  }
  std::set<std::pair<int, int>> not_fit, fit;
  std::vector<std::size_t> perm(r);
  for (std::size_t i = 0; i < r; ++i)
    perm[i] = i;
  do {
    std::size_t chosen = 0;
    for (std::size_t i = 0; i < r; ++i) {
      const HostNumaCell& host_cell = cells[perm[i]];
      InstanceNumaCell& cell = instance.cells[i];
      const std::pair<int, int> pair{host_cell.id, cell.id};
      if (not_fit.contains(pair)) break;
      if (fit.contains(pair)) {
        cell.id = host_cell.id;
        ++chosen;
        continue;
      }
      if (!fit_cell(host_cell, cell, limits)) {
        not_fit.insert(pair);
        break;
      }
      fit.insert(pair);
      ++chosen;
    }
    if (chosen == r) return instance;
  } while (next_permutation_of(perm, cells.size()));
  return std::nullopt;
}

void numa_apply_usage(std::vector<HostNumaCell>& host, const InstanceNumaTopology& fitted,
                      int sign) {
  for (HostNumaCell& cell : host) {
    std::int64_t memory = cell.memory_usage_mb;
    int cpus = cell.cpu_usage;
    for (const InstanceNumaCell& inst : fitted.cells) {
      if (inst.id != cell.id) continue;
      memory += sign * inst.memory_mb;
      cpus += sign * inst.cpus;
    }
    cell.memory_usage_mb = std::max<std::int64_t>(0, memory);
    cell.cpu_usage = std::max(0, cpus);
  }
}

}  // namespace stacksim::scheduler
