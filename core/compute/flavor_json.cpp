#include "core/compute/flavor_json.hpp"

#include <nlohmann/json.hpp>

namespace stacksim::compute {

std::string flavor_to_json(const Flavor& f) {
  const nlohmann::json j = {{"id", f.id},
                            {"name", f.name},
                            {"vcpus", f.vcpus},
                            {"memory_mb", f.memory_mb},
                            {"root_gb", f.root_gb},
                            {"ephemeral_gb", f.ephemeral_gb},
                            {"swap", f.swap_mb},
                            {"rxtx_factor", f.rxtx_factor},
                            {"is_public", f.is_public},
                            {"disabled", f.disabled},
                            {"extra_specs", f.extra_specs}};
  return j.dump();
}

Flavor flavor_from_json(const std::string& text) {
  const nlohmann::json j = nlohmann::json::parse(text);
  Flavor f;
  f.id = j.at("id").get<std::string>();
  f.name = j.at("name").get<std::string>();
  f.vcpus = j.at("vcpus").get<int>();
  f.memory_mb = j.at("memory_mb").get<std::int64_t>();
  f.root_gb = j.at("root_gb").get<std::int64_t>();
  f.ephemeral_gb = j.at("ephemeral_gb").get<std::int64_t>();
  f.swap_mb = j.at("swap").get<std::int64_t>();
  f.rxtx_factor = j.at("rxtx_factor").get<double>();
  f.is_public = j.at("is_public").get<bool>();
  f.disabled = j.at("disabled").get<bool>();
  f.extra_specs = j.at("extra_specs").get<std::map<std::string, std::string>>();
  return f;
}

}  // namespace stacksim::compute
