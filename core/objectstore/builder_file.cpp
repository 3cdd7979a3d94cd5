#include "core/objectstore/builder_file.hpp"

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

#include "core/objectstore/atomic_file.hpp"
#include "core/objectstore/base64.hpp"
#include "core/objectstore/ring_errors.hpp"

namespace stacksim::objectstore {

namespace {

using nlohmann::json;

std::string row_bytes(const std::vector<std::uint16_t>& row) {
  std::string out;
  out.reserve(row.size() * 2);
  for (std::uint16_t v : row) {
    out += static_cast<char>(v & 0xFF);
    out += static_cast<char>(v >> 8);
  }
  return out;
}

json device_to_json(const Device& d) {
  json j = {{"id", d.id},
            {"region", d.region},
            {"zone", d.zone},
            {"ip", d.ip},
            {"port", d.port},
            {"replication_ip", d.replication_ip},
            {"replication_port", d.replication_port},
            {"device", d.device},
            {"weight", d.weight},
            {"meta", d.meta},
            {"parts", d.parts},
            {"parts_wanted", d.parts_wanted}};
  if (d.weight_is_int) j["weight_is_int"] = true;
  return j;
}

// Typed access to one JSON object with errors naming the file and the field's path.
class Fields {
 public:
  Fields(const json& obj, std::string source, std::string path)
      : obj_(obj), source_(std::move(source)), path_(std::move(path)) {
    if (!obj_.is_object()) fail("", "must be an object");
  }
  [[noreturn]] void fail(const std::string& key, const std::string& what) const {
    throw RingLoadError("Ring Builder file is invalid: " + source_ + ": " + path_ +
                        (key.empty() ? "" : "." + key) + " " + what);
  }
  const json& at(const std::string& key) const {
    const auto it = obj_.find(key);
    if (it == obj_.end()) fail(key, "is missing");
    return *it;
  }
  bool has(const std::string& key) const {
    const auto it = obj_.find(key);
    return it != obj_.end() && !it->is_null();
  }
  std::int64_t integer(const std::string& key) const {
    const json& v = at(key);
    if (!v.is_number_integer()) fail(key, "must be an integer");
    return v.get<std::int64_t>();
  }
  int int32(const std::string& key) const {
    const std::int64_t v = integer(key);
    if (v < INT32_MIN || v > INT32_MAX) fail(key, "is out of range");
    return static_cast<int>(v);
  }
  double number(const std::string& key) const {
    const json& v = at(key);
    if (!v.is_number()) fail(key, "must be a number");
    return v.get<double>();
  }
  bool boolean(const std::string& key) const {
    const json& v = at(key);
    if (!v.is_boolean()) fail(key, "must be true or false");
    return v.get<bool>();
  }
  std::string string(const std::string& key) const {
    const json& v = at(key);
    if (!v.is_string()) fail(key, "must be a string");
    return v.get<std::string>();
  }
  std::string bytes(const std::string& key) const {
    auto decoded = base64_decode(string(key));
    if (!decoded) fail(key, "is not valid base64");
    return *decoded;
  }
  const json& array(const std::string& key) const {
    const json& v = at(key);
    if (!v.is_array()) fail(key, "must be a list");
    return v;
  }

 private:
  const json& obj_;
  std::string source_;
  std::string path_;
};

Device device_from_json(const json& j, const std::string& source, std::size_t index) {
  const Fields f(j, source, "devs[" + std::to_string(index) + "]");
  Device d;
  d.id = f.int32("id");
  d.region = f.int32("region");
  d.zone = f.int32("zone");
  d.ip = f.string("ip");
  d.port = f.int32("port");
  d.replication_ip = f.string("replication_ip");
  d.replication_port = f.int32("replication_port");
  d.device = f.string("device");
  d.weight = f.number("weight");
  d.meta = f.string("meta");
  d.parts = f.integer("parts");
  d.parts_wanted = f.number("parts_wanted");
  d.weight_is_int = f.has("weight_is_int") && f.boolean("weight_is_int");
  return d;
}

}  // namespace

std::string builder_to_json(const RingBuilder& builder) {
  const RingBuilderState& s = builder.state();
  json devs = json::array();
  for (const auto& d : s.devs)
    devs.push_back(d ? device_to_json(*d) : json(nullptr));
  json rows = json::array();
  for (const auto& row : s.replica2part2dev)
    rows.push_back(base64_encode(row_bytes(row)));
  const std::string moves(s.last_part_moves.begin(), s.last_part_moves.end());
  json doc = {{"format", kBuilderFormat},
              {"format_version", kBuilderFormatVersion},
              {"id", s.id},
              {"part_power", s.part_power},
              {"next_part_power", s.next_part_power ? json(*s.next_part_power) : json(nullptr)},
              {"replicas", s.replicas},
              {"min_part_hours", s.min_part_hours},
              {"parts", s.parts},
              {"overload", s.overload},
              {"version", s.version},
              {"devs_changed", s.devs_changed},
              {"dispersion", s.dispersion ? json(*s.dispersion) : json(nullptr)},
              {"last_part_moves_epoch", s.last_part_moves_epoch},
              {"last_part_gather_start", s.last_part_gather_start},
              {"remove_devs", s.remove_devs},
              {"devs", devs},
              {"replica2part2dev", rows},
              {"last_part_moves", base64_encode(moves)}};
  return doc.dump(1) + "\n";
}

RingBuilder builder_from_json(const std::string& text, const std::string& source) {
  json doc;
  try {
    doc = json::parse(text);
  } catch (const json::parse_error& e) {
    throw RingLoadError("Ring Builder file is invalid: " + source + ": " + e.what());
  }
  const Fields f(doc, source, "$");
  if (f.string("format") != kBuilderFormat)
    f.fail("format", "must be \"" + std::string(kBuilderFormat) + "\"");
  if (f.integer("format_version") != kBuilderFormatVersion) {
    f.fail("format_version", "must be " + std::to_string(kBuilderFormatVersion));
  }
  RingBuilderState s;
  s.id = f.string("id");
  s.part_power = f.int32("part_power");
  if (f.has("next_part_power")) s.next_part_power = f.int32("next_part_power");
  s.replicas = f.number("replicas");
  s.min_part_hours = f.int32("min_part_hours");
  s.parts = f.integer("parts");
  s.overload = f.number("overload");
  s.version = f.integer("version");
  s.devs_changed = f.boolean("devs_changed");
  if (f.has("dispersion")) {
    s.dispersion = f.number("dispersion");
  } else {
    s.dispersion.reset();
  }
  s.last_part_moves_epoch = f.integer("last_part_moves_epoch");
  s.last_part_gather_start = f.integer("last_part_gather_start");
  for (const json& id : f.array("remove_devs")) {
    if (!id.is_number_integer()) f.fail("remove_devs", "must list integer device ids");
    s.remove_devs.push_back(id.get<int>());
  }
  const json& devs = f.array("devs");
  for (std::size_t i = 0; i < devs.size(); ++i) {
    s.devs.push_back(devs[i].is_null()
                         ? std::nullopt
                         : std::optional<Device>(device_from_json(devs[i], source, i)));
  }
  const json& rows = f.array("replica2part2dev");
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const std::string where = "replica2part2dev[" + std::to_string(r) + "]";
    if (!rows[r].is_string()) f.fail(where, "must be a base64 string");
    const auto bytes = base64_decode(rows[r].get<std::string>());
    if (!bytes || bytes->size() % 2 != 0) f.fail(where, "is not base64 of uint16 values");
    std::vector<std::uint16_t> row(bytes->size() / 2);
    for (std::size_t p = 0; p < row.size(); ++p) {
      row[p] = static_cast<std::uint16_t>(static_cast<unsigned char>((*bytes)[2 * p]) |
                                          (static_cast<unsigned char>((*bytes)[2 * p + 1]) << 8));
    }
    s.replica2part2dev.push_back(std::move(row));
  }
  const std::string moves = f.bytes("last_part_moves");
  s.last_part_moves.assign(moves.begin(), moves.end());
  try {
    return RingBuilder::from_state(std::move(s));
  } catch (const RingValidationError& e) {
    throw RingLoadError("Ring Builder file is invalid: " + source + ": " + e.what());
  }
}

void save_builder(const RingBuilder& builder, const std::filesystem::path& path) {
  write_file_atomically(path, builder_to_json(builder));
}

RingBuilder load_builder(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (!std::filesystem::exists(path)) {
      throw RingLoadError("Ring Builder file does not exist: " + path.string());
    }
    throw RingLoadError("Ring Builder file cannot be accessed: " + path.string());
  }
  std::ostringstream buf;
  buf << in.rdbuf();
  return builder_from_json(buf.str(), path.string());
}

}  // namespace stacksim::objectstore
