#include "core/orchestration/cinder_resources.hpp"

#include <algorithm>
#include <regex>
#include <stdexcept>

#include "core/orchestration/nova_resources.hpp"
#include "core/orchestration/property_reader.hpp"
#include "core/runtime/service_error.hpp"
#include "core/runtime/sleep.hpp"
#include "core/volume/server_volumes.hpp"
#include "core/volume/volume_service.hpp"

namespace stacksim::orchestration {
namespace {

using nlohmann::json;

volume::VolumeService& cinder(const PluginContext& ctx) {
  if (ctx.volumes == nullptr) throw std::runtime_error("this cloud has no volume service");
  return *ctx.volumes;
}

volume::ServerVolumes& nova_volumes(const PluginContext& ctx) {
  if (ctx.server_volumes == nullptr) {
    throw std::runtime_error("this cloud cannot attach volumes (needs compute and volumes)");
  }
  return *ctx.server_volumes;
}

bool not_found(const runtime::ServiceError& e) {
  return e.http_status() == 404;
}

json attachments_of(const volume::Volume& v) {
  json out = json::array();
  for (const volume::VolumeAttachment& a : v.attachments) {
    out.push_back({{"id", a.id},
                   {"server_id", a.server_id},
                   {"host_name", a.host_name},
                   {"device", a.device},
                   {"attach_status", std::string(to_string(a.attach_status))}});
  }
  return out;
}

class VolumePlugin final : public ResourcePlugin {
 public:
  std::string_view type_name() const override { return "OS::Cinder::Volume"; }
  std::vector<PropertySpec> properties() const override {
    return {{"size", PropertyType::integer},        {"name", PropertyType::string},
            {"description", PropertyType::string},  {"volume_type", PropertyType::string},
            {"image", PropertyType::string},        {"snapshot_id", PropertyType::string},
            {"source_volid", PropertyType::string}, {"availability_zone", PropertyType::string},
            {"multiattach", PropertyType::boolean}, {"metadata", PropertyType::map}};
  }
  std::vector<std::string> attributes() const override {
    return {"id",          "name",        "description",       "size",
            "status",      "volume_type", "bootable",          "multiattach",
            "attachments", "metadata",    "availability_zone", "show"};
  }

  runtime::Task<ResourceData> create(PluginContext ctx, std::string name, json properties,
                                     std::string path) const override {
    const PropertyReader p(properties, path);
    volume::VolumeCreate request;
    request.size = p.integer("size", 0);
    if (request.size == 0 && !p.has("image") && !p.has("snapshot_id") && !p.has("source_volid")) {
      // Cinder takes the size of the source; without one the template must give it.
      throw TemplateError(p.path("size"), "needs a size, an image, a snapshot or a source volume");
    }
    request.name = p.string("name", ctx.stack_name + "-" + name);
    request.description = p.string("description");
    request.volume_type = p.optional_string("volume_type");
    request.availability_zone = p.optional_string("availability_zone");
    request.snapshot_id = p.optional_string("snapshot_id");
    request.source_volid = p.optional_string("source_volid");
    if (p.has("image")) request.image_id = glance_image_id(ctx, p.string("image"), p.path("image"));
    request.multiattach = p.optional_boolean("multiattach").value_or(false);
    const volume::Volume made = co_await cinder(ctx).create_volume_and_wait(ctx.request, request);
    ResourceData data;
    data.physical_id = made.id;
    if (made.status != volume::VolumeStatus::available) {
      // Heat's check_create_complete: ResourceInError. The engine never learns the id of a
      // failed resource, so the error volume (which holds quota) is deleted here.
      co_await remove(ctx, data);
      throw std::runtime_error("Went to status " + std::string(to_string(made.status)) +
                               " due to \"Unknown\"");
    }
    const json show = {{"id", made.id},
                       {"name", made.name},
                       {"description", made.description},
                       {"size", made.size},
                       {"status", std::string(to_string(made.status))},
                       {"volume_type", made.volume_type},
                       {"availability_zone", made.availability_zone},
                       {"bootable", made.bootable},
                       {"multiattach", made.multiattach},
                       {"os-vol-host-attr:host", made.host},
                       {"attachments", attachments_of(made)}};
    data.attributes = show;
    data.attributes["metadata"] = p.map("metadata");
    data.attributes["show"] = show;
    co_return data;
  }

  runtime::Task<void> remove(PluginContext ctx, ResourceData data) const override {
    try {
      cinder(ctx).delete_volume(ctx.request, data.physical_id);
      for (;;) {
        const volume::Volume v = cinder(ctx).get_volume(ctx.request, data.physical_id);
        if (v.status == volume::VolumeStatus::error_deleting) {
          throw std::runtime_error("Volume " + v.id + " went to status error_deleting");
        }
        co_await runtime::sleep_for(ctx.poll_interval);
      }
    } catch (const runtime::ServiceError& e) {
      if (!not_found(e)) throw;
    }
  }
};

/// Nova's validation of a requested device name (nova.block_device.match_device).
void check_mountpoint(const std::string& mountpoint, const std::string& path) {
  static const std::regex device("^(/dev/x{0,1}[a-z]{0,1}d{0,1})([a-z]+)[0-9]*$");
  if (!std::regex_match(mountpoint, device)) {
    throw TemplateError(path, "The supplied device path (" + mountpoint + ") is invalid.");
  }
}

std::optional<volume::VolumeAttachment> find_attachment(const PluginContext& ctx,
                                                        const std::string& server_id,
                                                        const std::string& attachment_id) {
  for (volume::VolumeAttachment& a : cinder(ctx).server_attachments(server_id))
    if (a.id == attachment_id) return std::move(a);
  return std::nullopt;
}

class VolumeAttachmentPlugin final : public ResourcePlugin {
 public:
  std::string_view type_name() const override { return "OS::Cinder::VolumeAttachment"; }
  std::vector<PropertySpec> properties() const override {
    return {{"instance_uuid", PropertyType::string, true},
            {"volume_id", PropertyType::string, true},
            {"mountpoint", PropertyType::string}};
  }
  std::vector<std::string> attributes() const override { return {"device", "host", "show"}; }

  runtime::Task<ResourceData> create(PluginContext ctx, std::string name, json properties,
                                     std::string path) const override {
    (void)name;
    const PropertyReader p(properties, path);
    // Like Nova with libvirt, the requested name is checked and the driver picks the device.
    if (p.has("mountpoint")) check_mountpoint(p.string("mountpoint"), p.path("mountpoint"));
    const std::string server_id = p.string("instance_uuid");
    const std::string volume_id = p.string("volume_id");
    const volume::VolumeAttachment reserved =
        nova_volumes(ctx).attach_volume(ctx.request, server_id, volume_id);
    // Heat's check_create_complete: the attachment is done when Cinder reports it attached; it
    // disappears when the export or the hypervisor refused the disk (the attach was undone).
    for (;;) {
      const std::optional<volume::VolumeAttachment> a =
          find_attachment(ctx, server_id, reserved.id);
      if (!a) {
        throw std::runtime_error("Failed to attach volume " + volume_id + " to server " +
                                 server_id);
      }
      if (a->attach_status == volume::AttachStatus::attached) {
        const json show = {{"id", a->id},
                           {"server_id", a->server_id},
                           {"volume_id", a->volume_id},
                           {"device", a->device},
                           {"host_name", a->host_name}};
        co_return ResourceData{a->id,
                               {{"device", a->device}, {"host", a->host_name}, {"show", show}}};
      }
      co_await runtime::sleep_for(ctx.poll_interval);
    }
  }

  runtime::Task<void> remove(PluginContext ctx, ResourceData data) const override {
    const std::string server_id = data.attributes["show"]["server_id"].get<std::string>();
    const std::string volume_id = data.attributes["show"]["volume_id"].get<std::string>();
    try {
      nova_volumes(ctx).detach_volume(ctx.request, server_id, volume_id);
    } catch (const runtime::ServiceError& e) {
      if (!not_found(e)) throw;  // the server or its attachment is already gone
      co_return;
    }
    // Gone when detached; back to attached when the guest or the backend kept the disk.
    for (;;) {
      const std::optional<volume::VolumeAttachment> a =
          find_attachment(ctx, server_id, data.physical_id);
      if (!a) co_return;
      if (a->attach_status == volume::AttachStatus::attached) {
        throw std::runtime_error("Failed to detach volume " + volume_id + " from server " +
                                 server_id);
      }
      co_await runtime::sleep_for(ctx.poll_interval);
    }
  }
};

}  // namespace

void add_cinder_resources(PluginRegistry& registry) {
  registry.add(std::make_unique<VolumePlugin>());
  registry.add(std::make_unique<VolumeAttachmentPlugin>());
}

}  // namespace stacksim::orchestration
