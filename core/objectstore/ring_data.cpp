#include "core/objectstore/ring_data.hpp"

#include <nlohmann/json.hpp>

#include <bit>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "core/objectstore/atomic_file.hpp"
#include "core/objectstore/digest.hpp"
#include "core/objectstore/gzip_file.hpp"
#include "core/objectstore/python_json.hpp"
#include "core/objectstore/ring_errors.hpp"

namespace stacksim::objectstore {

namespace {

// Swift fixes the gzip mtime so identical rings give identical bytes.
constexpr std::uint32_t kRingMtime = 1300507380;

// json.dumps(dev, sort_keys=True): the builder's keys in sorted order.
std::string device_json(const Device& d) {
  std::string s = "{\"device\": " + python_json_string(d.device);
  s += ", \"id\": " + std::to_string(d.id);
  s += ", \"ip\": " + python_json_string(d.ip);
  s += ", \"meta\": " + python_json_string(d.meta);
  s += ", \"port\": " + std::to_string(d.port);
  s += ", \"region\": " + std::to_string(d.region);
  s += ", \"replication_ip\": " + python_json_string(d.replication_ip);
  s += ", \"replication_port\": " + std::to_string(d.replication_port);
  s += ", \"weight\": " + (d.weight_is_int ? std::to_string(static_cast<long long>(d.weight))
                                           : python_float_repr(d.weight));
  s += ", \"zone\": " + std::to_string(d.zone) + "}";
  return s;
}

void put_be(std::string& out, std::uint64_t v, int bytes) {
  for (int i = bytes - 1; i >= 0; --i)
    out += static_cast<char>((v >> (8 * i)) & 0xFF);
}

std::uint64_t get_be(const std::string& s, std::size_t pos, int bytes) {
  std::uint64_t v = 0;
  for (int i = 0; i < bytes; ++i)
    v = (v << 8) | static_cast<unsigned char>(s[pos + static_cast<std::size_t>(i)]);
  return v;
}

int json_int(const nlohmann::json& obj, const char* key, const std::string& where) {
  const auto it = obj.find(key);
  if (it == obj.end() || !it->is_number_integer()) {
    throw RingLoadError(where + ": \"" + key + "\" must be an integer");
  }
  return it->get<int>();
}

std::string json_string(const nlohmann::json& obj, const char* key, const std::string& where,
                        const std::string* fallback) {
  const auto it = obj.find(key);
  if (it == obj.end() && fallback != nullptr) return *fallback;
  if (it == obj.end() || !it->is_string()) {
    throw RingLoadError(where + ": \"" + key + "\" must be a string");
  }
  return it->get<std::string>();
}

Device parse_device(const nlohmann::json& j, std::size_t index, const std::string& source) {
  const std::string where = "Ring file " + source + ": devs[" + std::to_string(index) + "]";
  if (!j.is_object()) throw RingLoadError(where + " must be an object or null");
  Device d;
  d.id = json_int(j, "id", where);
  if (d.id < 0 || static_cast<std::size_t>(d.id) != index) {
    throw RingLoadError(where + " has id " + std::to_string(d.id) + ", not its index");
  }
  d.region = j.contains("region") ? json_int(j, "region", where) : 1;
  d.zone = json_int(j, "zone", where);
  d.ip = json_string(j, "ip", where, nullptr);
  d.port = json_int(j, "port", where);
  d.device = json_string(j, "device", where, nullptr);
  d.replication_ip = json_string(j, "replication_ip", where, &d.ip);
  d.replication_port =
      j.contains("replication_port") ? json_int(j, "replication_port", where) : d.port;
  const std::string no_meta;
  d.meta = json_string(j, "meta", where, &no_meta);
  if (const auto w = j.find("weight"); w != j.end()) {
    if (!w->is_number()) throw RingLoadError(where + ": \"weight\" must be a number");
    d.weight = w->get<double>();
    d.weight_is_int = w->is_number_integer();
  }
  return d;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw RingLoadError("Ring file " + path.string() + " does not exist or cannot be read");
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

}  // namespace

double RingData::replica_count() const {
  if (replica2part2dev.empty() || replica2part2dev[0].empty()) return 0;
  return static_cast<double>(replica2part2dev.size() - 1) +
         static_cast<double>(replica2part2dev.back().size()) /
             static_cast<double>(replica2part2dev[0].size());
}

std::string serialize_ring_v1(const RingData& ring) {
  std::string devs = "[";
  for (std::size_t i = 0; i < ring.devs.size(); ++i) {
    if (i > 0) devs += ", ";
    devs += ring.devs[i] ? device_json(*ring.devs[i]) : "null";
  }
  devs += "]";
  std::string header = "{\"byteorder\": \"little\", \"devs\": " + devs;
  if (ring.next_part_power)
    header += ", \"next_part_power\": " + std::to_string(*ring.next_part_power);
  header += ", \"part_shift\": " + std::to_string(ring.part_shift);
  header += ", \"replica_count\": " + std::to_string(ring.replica2part2dev.size());
  if (ring.version) header += ", \"version\": " + std::to_string(*ring.version);
  header += "}";
  std::string out = "R1NG";
  put_be(out, 1, 2);
  put_be(out, header.size(), 4);
  out += header;
  for (const auto& row : ring.replica2part2dev) {
    for (std::uint16_t id : row) {
      out += static_cast<char>(id & 0xFF);
      out += static_cast<char>(id >> 8);
    }
  }
  return out;
}

RingData deserialize_ring_v1(const std::string& payload, const std::string& source) {
  const std::string where = "Ring file " + source;
  if (payload.size() < 4 || payload.compare(0, 4, "R1NG") != 0) {
    throw RingLoadError(where + " does not start with R1NG (pickled rings are not supported)");
  }
  if (payload.size() < 10) throw RingLoadError(where + " is truncated in its header");
  const auto version = get_be(payload, 4, 2);
  if (version != 1)
    throw RingLoadError(where + ": unknown ring format version " + std::to_string(version));
  const auto json_len = get_be(payload, 6, 4);
  if (payload.size() - 10 < json_len)
    throw RingLoadError(where + " is truncated in its JSON header");
  nlohmann::json header;
  try {
    header = nlohmann::json::parse(payload.begin() + 10,
                                   payload.begin() + 10 + static_cast<std::ptrdiff_t>(json_len));
  } catch (const nlohmann::json::parse_error& e) {
    throw RingLoadError(where + ": invalid JSON header: " + e.what());
  }
  if (!header.is_object()) throw RingLoadError(where + ": JSON header is not an object");
  RingData ring;
  ring.part_shift = json_int(header, "part_shift", where);
  if (ring.part_shift < 0 || ring.part_shift > 32) {
    throw RingLoadError(where + ": part_shift " + std::to_string(ring.part_shift) +
                        " is out of range");
  }
  const int replica_count = json_int(header, "replica_count", where);
  if (replica_count < 0) throw RingLoadError(where + ": negative replica_count");
  if (header.contains("next_part_power") && !header["next_part_power"].is_null()) {
    ring.next_part_power = json_int(header, "next_part_power", where);
  }
  if (header.contains("version") && !header["version"].is_null()) {
    ring.version = header["version"].get<std::int64_t>();
  }
  std::string byteorder = "little";
  if (header.contains("byteorder")) byteorder = json_string(header, "byteorder", where, nullptr);
  if (byteorder != "little" && byteorder != "big") {
    throw RingLoadError(where + ": byteorder must be \"little\" or \"big\", not \"" + byteorder +
                        "\"");
  }
  const auto devs = header.find("devs");
  if (devs == header.end() || !devs->is_array())
    throw RingLoadError(where + ": \"devs\" must be a list");
  for (std::size_t i = 0; i < devs->size(); ++i) {
    const auto& j = (*devs)[i];
    ring.devs.push_back(j.is_null() ? std::nullopt
                                    : std::optional<Device>(parse_device(j, i, source)));
  }
  const std::uint64_t parts = std::uint64_t{1} << (32 - ring.part_shift);
  std::size_t pos = 10 + json_len;
  const bool swap = byteorder == "big";
  for (int r = 0; r < replica_count; ++r) {
    const std::size_t left = payload.size() - pos;
    const std::uint64_t take = std::min<std::uint64_t>(left, 2 * parts);
    if (take % 2 != 0 || (take < 2 * parts && r + 1 < replica_count)) {
      throw RingLoadError(where + " is truncated: replica row " + std::to_string(r) + " has " +
                          std::to_string(take) + " bytes, expected " + std::to_string(2 * parts));
    }
    std::vector<std::uint16_t> row(take / 2);
    for (std::size_t p = 0; p < row.size(); ++p) {
      const auto lo = static_cast<unsigned char>(payload[pos + 2 * p]);
      const auto hi = static_cast<unsigned char>(payload[pos + 2 * p + 1]);
      row[p] = static_cast<std::uint16_t>(swap ? (lo << 8) | hi : (hi << 8) | lo);
      const auto id = static_cast<std::size_t>(row[p]);
      if (id >= ring.devs.size() || !ring.devs[id]) {
        throw RingLoadError(where + ": replica " + std::to_string(r) + " of partition " +
                            std::to_string(p) + " names device " + std::to_string(id) +
                            ", which is not in the ring");
      }
    }
    pos += take;
    ring.replica2part2dev.push_back(std::move(row));
  }
  if (pos != payload.size()) {
    throw RingLoadError(where + " has " + std::to_string(payload.size() - pos) +
                        " unexpected bytes after its partition table");
  }
  return ring;
}

std::string save_ring_file(const RingData& ring, const std::filesystem::path& path) {
  std::string name = path.filename().string();
  if (name.size() >= 3 && name.compare(name.size() - 3, 3, ".gz") == 0)
    name.resize(name.size() - 3);
  const std::string bytes = gzip_compress(serialize_ring_v1(ring), name, kRingMtime);
  write_file_atomically(path, bytes);
  return md5_hex(bytes);
}

RingData load_ring_file(const std::filesystem::path& path) {
  const std::string compressed = read_file(path);
  return deserialize_ring_v1(gzip_decompress(compressed, path.string()), path.string());
}

}  // namespace stacksim::objectstore
