// volume-scheduler: reads pools and requests as JSON on stdin, prints for each request the pools
// every filter passes and the weighed order with weights, as JSON on stdout. Exit 2 with a message
// naming the field on bad input.

#include <iostream>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "core/volume/volume_scheduler.hpp"

using nlohmann::json;
using namespace stacksim::volume;

namespace {

CapabilityValue capability(const json& value, const std::string& key) {
  if (value.is_boolean()) return value.get<bool>();
  if (value.is_number_integer()) return value.get<std::int64_t>();
  if (value.is_number_float()) return value.get<double>();
  if (value.is_string()) return value.get<std::string>();
  if (value.is_array()) return value.get<std::vector<std::string>>();
  throw std::invalid_argument("pools[].capabilities." + key +
                              ": expected a bool, number, string or list of strings");
}

PoolState read_pool(const json& j) {
  PoolState p;
  p.name = j.at("name").get<std::string>();
  p.volume_backend_name = j.value("volume_backend_name", std::string());
  p.availability_zone = j.value("availability_zone", std::string("nova"));
  p.total_capacity_gb = j.at("total_capacity_gb").get<double>();
  p.free_capacity_gb = j.at("free_capacity_gb").get<double>();
  p.allocated_capacity_gb = j.at("allocated_capacity_gb").get<double>();
  p.provisioned_capacity_gb = j.at("provisioned_capacity_gb").get<double>();
  p.reserved_percentage = j.at("reserved_percentage").get<int>();
  p.thin_provisioning_support = j.at("thin_provisioning_support").get<bool>();
  p.thick_provisioning_support = j.value("thick_provisioning_support", true);
  p.max_over_subscription_ratio = j.at("max_over_subscription_ratio").get<double>();
  p.total_iops = j.value("total_iops", std::int64_t{0});
  p.multiattach = j.value("multiattach", false);
  const json capabilities = j.value("capabilities", json::object());
  for (const auto& [key, value] : capabilities.items())
    p.capabilities[key] = capability(value, key);
  return p;
}

RequestSpec read_request(const json& j) {
  RequestSpec r;
  r.size = j.at("size").get<std::int64_t>();
  if (j.contains("new_size")) r.new_size = j.at("new_size").get<std::int64_t>();
  r.extra_specs = j.value("extra_specs", std::map<std::string, std::string>{});
  r.availability_zone = j.value("availability_zone", std::string());
  return r;
}

}  // namespace

int main() {
  try {
    const json input = json::parse(std::cin);
    VolumeSchedulerConfig config;
    const json& c = input.at("config");
    config.default_filters = c.at("filters").get<std::vector<std::string>>();
    config.default_weighers = c.at("weighers").get<std::vector<std::string>>();
    config.capacity_weight_multiplier = c.at("capacity_weight_multiplier").get<double>();
    config.allocated_capacity_weight_multiplier =
        c.at("allocated_capacity_weight_multiplier").get<double>();
    const VolumeScheduler scheduler(config);
    std::vector<PoolState> pools;
    for (const json& p : input.at("pools"))
      pools.push_back(read_pool(p));
    json results = json::array();
    for (const json& r : input.at("requests")) {
      const RequestSpec request = read_request(r);
      const std::vector<const PoolState*> passed = scheduler.filter(pools, request);
      json names = json::array();
      for (const PoolState* p : passed)
        names.push_back(p->name);
      json weighed = json::array();
      for (const WeighedPool& w : scheduler.weigh(passed, request))
        weighed.push_back({w.pool->name, w.weight});
      results.push_back({{"passed", names}, {"weighed", weighed}});
    }
    std::cout << json{{"results", results}}.dump() << '\n';
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "volume-scheduler: " << e.what() << '\n';
    return 2;
  }
}
