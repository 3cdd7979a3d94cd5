// The sections only the full control plane uses: backend, images, servers.

#include <set>

#include "live/live_backend_config.hpp"
#include "scenarios/schema/sections.hpp"

namespace stacksim::scenarios {

BackendSpec read_backend(const JsonFields& scenario) {
  BackendSpec spec;
  if (!scenario.has("backend")) return spec;
  const JsonFields b = scenario.object("backend");
  spec.type = b.choice("type", {"simulated", "live"}, std::string("simulated"));
  if (spec.type == "simulated") {
    b.reject_unknown_keys();
    return spec;
  }
  const nlohmann::json& section = scenario.value("backend");
  // Validated now, so `stacksim validate` reports a bad host or node file before a run starts.
  (void)live::read_live_backend_config(section, scenario.file(), scenario.path_of("backend"));
  spec.live_config = section.dump();
  return spec;
}

std::vector<ImageSpec> read_images(const JsonFields& scenario) {
  std::vector<ImageSpec> images;
  if (!scenario.has("images")) return images;
  const auto& list = scenario.array("images");
  std::set<std::string> names;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const JsonFields f = scenario.element(list, i, "images");
    ImageSpec image;
    image.id = f.string_or("id", "");
    image.name = f.string_or("name", image.id);
    if (image.name.empty()) f.fail("name", "an image needs a name or an id");
    if (!names.insert(image.name).second) f.fail("name", "a second image called " + image.name);
    image.disk_format =
        f.choice("disk_format", {"raw", "qcow2", "vhd", "vmdk", "vdi", "iso", "aki", "ari", "ami"},
                 image.disk_format);
    image.container_format = f.choice(
        "container_format", {"bare", "ovf", "ova", "aki", "ari", "ami", "docker", "compressed"},
        image.container_format);
    image.size_bytes = f.integer_in("size_bytes", 1, std::int64_t{1} << 44);
    f.reject_unknown_keys();
    images.push_back(std::move(image));
  }
  return images;
}

std::vector<ServerSpec> read_servers(const JsonFields& scenario,
                                     const std::vector<FlavorSpec>& flavors,
                                     const std::vector<ImageSpec>& images) {
  std::vector<ServerSpec> servers;
  if (!scenario.has("servers")) return servers;
  const auto& list = scenario.array("servers");
  for (std::size_t i = 0; i < list.size(); ++i) {
    const JsonFields f = scenario.element(list, i, "servers");
    ServerSpec server;
    server.name = f.string("name");
    server.flavor = f.string("flavor");
    bool known_flavor = false;
    for (const FlavorSpec& flavor : flavors)
      known_flavor |= flavor.name == server.flavor;
    if (!known_flavor) f.fail("flavor", "no flavor called " + server.flavor);
    server.image = f.string("image");
    bool known_image = false;
    for (const ImageSpec& image : images)
      known_image |= image.name == server.image || image.id == server.image;
    if (!known_image) f.fail("image", "no image called " + server.image + " in images");
    server.count = f.has("count") ? f.integer_in("count", 1, 100000) : 1;
    server.at_s = f.positive_or("at_s", 0, true);
    f.reject_unknown_keys();
    servers.push_back(std::move(server));
  }
  return servers;
}

}  // namespace stacksim::scenarios
