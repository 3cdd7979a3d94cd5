#include "core/objectstore/ring.hpp"

#include <algorithm>
#include <fstream>
#include <set>
#include <tuple>

#include "core/objectstore/digest.hpp"
#include "core/objectstore/ring_errors.hpp"
#include "core/objectstore/text.hpp"

namespace stacksim::objectstore {

namespace {

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  const auto e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

std::uint32_t be32(const std::array<std::uint8_t, 16>& digest) {
  return (std::uint32_t{digest[0]} << 24) | (std::uint32_t{digest[1]} << 16) |
         (std::uint32_t{digest[2]} << 8) | std::uint32_t{digest[3]};
}

}  // namespace

HashPathConfig HashPathConfig::from_swift_conf(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw RingLoadError(cat("cannot read ", path.string()));
  HashPathConfig config;
  std::string line;
  std::string section;
  int line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    const std::string t = trim(line);
    if (t.empty() || t[0] == '#' || t[0] == ';') continue;
    if (t.front() == '[') {
      if (t.back() != ']')
        throw RingLoadError(cat(path.string(), ':', line_no, ": malformed section header"));
      section = trim(t.substr(1, t.size() - 2));
      continue;
    }
    const auto sep = t.find_first_of("=:");
    if (sep == std::string::npos) continue;
    std::string key = trim(t.substr(0, sep));
    std::transform(key.begin(), key.end(), key.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (section != "swift-hash") continue;
    if (key == "swift_hash_path_prefix") config.prefix = trim(t.substr(sep + 1));
    if (key == "swift_hash_path_suffix") config.suffix = trim(t.substr(sep + 1));
  }
  if (config.prefix.empty() && config.suffix.empty()) {
    throw RingLoadError(cat(path.string(),
                            ": [swift-hash] sets neither swift_hash_path_prefix nor "
                            "swift_hash_path_suffix"));
  }
  return config;
}

std::array<std::uint8_t, 16> hash_path(const HashPathConfig& config, std::string_view account,
                                       std::string_view container, std::string_view object) {
  if (!object.empty() && container.empty()) {
    throw std::invalid_argument("container is required if object is provided");
  }
  std::string key = config.prefix;
  key += '/';
  key += account;
  if (!container.empty()) {
    key += '/';
    key += container;
  }
  if (!object.empty()) {
    key += '/';
    key += object;
  }
  key += config.suffix;
  return md5(key);
}

Ring::Ring(RingData data, HashPathConfig config)
    : data_(std::move(data)), config_(std::move(config)) {
  if (data_.replica2part2dev.empty()) throw RingLoadError("ring has no partition assignments");
  std::vector<char> has_parts(data_.devs.size(), 0);
  for (const auto& row : data_.replica2part2dev) {
    for (std::uint16_t id : row) {
      if (id >= data_.devs.size() || !data_.devs[id]) {
        throw RingLoadError(cat("ring assigns a partition to missing device ", int{id}));
      }
      has_parts[id] = 1;
    }
  }
  std::set<int> regions;
  std::set<std::pair<int, int>> zones;
  std::set<std::tuple<int, int, std::string>> ips;
  for (const auto& d : data_.devs) {
    if (!d) continue;
    ++num_devs_;
    if (d->weight > 0) ++num_weighted_devs_;
    if (has_parts[static_cast<std::size_t>(d->id)]) {
      regions.insert(d->region);
      zones.insert({d->region, d->zone});
      ips.insert({d->region, d->zone, d->ip});
      ++num_assigned_devs_;
    }
  }
  num_regions_ = regions.size();
  num_zones_ = zones.size();
  num_ips_ = ips.size();
}

Ring Ring::load(const std::filesystem::path& ring_file, HashPathConfig config) {
  return Ring(load_ring_file(ring_file), std::move(config));
}

std::int64_t Ring::partition_count() const {
  return static_cast<std::int64_t>(data_.replica2part2dev[0].size());
}

std::uint32_t Ring::get_part(std::string_view account, std::string_view container,
                             std::string_view object) const {
  const std::uint32_t key = be32(hash_path(config_, account, container, object));
  return data_.part_shift >= 32 ? 0 : key >> data_.part_shift;
}

std::vector<RingNode> Ring::get_part_nodes(std::uint32_t part) const {
  std::vector<RingNode> nodes;
  for (const auto& row : data_.replica2part2dev) {
    if (part >= row.size()) continue;
    const std::uint16_t id = row[part];
    const bool seen = std::any_of(nodes.begin(), nodes.end(),
                                  [&](const RingNode& n) { return n.device.id == id; });
    if (!seen) nodes.push_back({*data_.devs[id], static_cast<int>(nodes.size()), -1});
  }
  return nodes;
}

std::pair<std::uint32_t, std::vector<RingNode>> Ring::get_nodes(std::string_view account,
                                                                std::string_view container,
                                                                std::string_view object) const {
  const std::uint32_t part = get_part(account, container, object);
  return {part, get_part_nodes(part)};
}

std::vector<RingNode> Ring::get_more_nodes(std::uint32_t part, std::size_t limit) const {
  std::vector<RingNode> out;
  const std::vector<RingNode> primaries = get_part_nodes(part);
  std::set<int> used;
  std::set<int> same_regions;
  std::set<std::pair<int, int>> same_zones;
  std::set<std::tuple<int, int, std::string>> same_ips;
  for (const RingNode& n : primaries) {
    used.insert(n.device.id);
    same_regions.insert(n.device.region);
    same_zones.insert({n.device.region, n.device.zone});
    same_ips.insert({n.device.region, n.device.zone, n.device.ip});
  }
  const auto parts = static_cast<std::uint64_t>(partition_count());
  const std::array<std::uint8_t, 16> part_hash = md5(std::to_string(part));
  const std::uint64_t start = data_.part_shift >= 32 ? 0 : be32(part_hash) >> data_.part_shift;
  const std::uint64_t inc = std::max<std::uint64_t>(parts / 65536, 1);
  // Swift walks range(start, parts, inc) then range(inc - (parts - start) % inc, start, inc);
  // generated as needed, since callers with a limit usually stop early.
  const auto walk = [&](auto&& visit) {
    for (std::uint64_t p = start; p < parts; p += inc) {
      if (!visit(p)) return;
    }
    for (std::uint64_t p = inc - (parts - start) % inc; p < start; p += inc) {
      if (!visit(p)) return;
    }
  };

  // Each pass yields devices new at one level (region, zone, server, device) until that level
  // is exhausted; `fresh` says whether a device qualifies in the pass.
  const auto pass = [&](auto&& exhausted, auto&& fresh, auto&& take) {
    walk([&](std::uint64_t handoff_part) {
      if (exhausted() || out.size() >= limit) return false;
      for (const auto& row : data_.replica2part2dev) {
        if (handoff_part >= row.size()) continue;
        const Device& d = *data_.devs[row[handoff_part]];
        if (used.count(d.id) != 0 || !fresh(d)) continue;
        out.push_back({d, -1, static_cast<int>(out.size())});
        used.insert(d.id);
        take(d);
        if (exhausted() || out.size() >= limit) break;
      }
      return true;
    });
  };
  const auto note_ip = [&](const Device& d) { same_ips.insert({d.region, d.zone, d.ip}); };
  const auto note_zone = [&](const Device& d) {
    same_zones.insert({d.region, d.zone});
    note_ip(d);
  };
  pass([&] { return same_regions.size() == num_regions_; },
       [&](const Device& d) { return same_regions.count(d.region) == 0; },
       [&](const Device& d) {
         same_regions.insert(d.region);
         note_zone(d);
       });
  pass([&] { return same_zones.size() == num_zones_; },
       [&](const Device& d) {
         return same_zones.count({d.region, d.zone}) == 0;
       },
       note_zone);
  pass([&] { return same_ips.size() == num_ips_; },
       [&](const Device& d) {
         return same_ips.count({d.region, d.zone, d.ip}) == 0;
       },
       note_ip);
  pass([&] { return used.size() == static_cast<std::size_t>(num_assigned_devs_); },
       [](const Device&) { return true; }, [](const Device&) {});
  return out;
}

}  // namespace stacksim::objectstore
