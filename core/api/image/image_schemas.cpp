// The schemas Glance serves at /v2/schemas: glanceclient reads them to tell base attributes from
// free-form properties.

#include <string_view>

#include "core/api/image/image_api.hpp"
#include "core/image/image_formats.hpp"

namespace stacksim::api {
namespace {

using nlohmann::json;

template <std::size_t N>
json enum_of(const std::array<std::string_view, N>& values) {
  json out = json::array({nullptr});
  for (std::string_view v : values)
    out.push_back(std::string(v));
  return out;
}

json string_property(const char* description, bool read_only = false) {
  json p = {{"type", "string"}, {"description", description}};
  if (read_only) p["readOnly"] = true;
  return p;
}

}  // namespace

json glance_image_schema() {
  json props = {
      {"id",
       {{"type", "string"},
        {"description", "An identifier for the image"},
        {"pattern",
         "^([0-9a-fA-F]){8}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}-([0-9a-fA-F]){12}"
         "$"}}},
      {"name",
       {{"type", {"null", "string"}},
        {"description", "Descriptive name for the image"},
        {"maxLength", 255}}},
      {"status",
       {{"type", "string"},
        {"readOnly", true},
        {"description", "Status of the image"},
        {"enum",
         {"queued", "saving", "active", "killed", "deleted", "uploading", "importing",
          "pending_delete", "deactivated"}}}},
      {"visibility",
       {{"type", "string"},
        {"description", "Scope of image accessibility"},
        {"enum", {"community", "public", "private", "shared"}}}},
      {"protected",
       {{"type", "boolean"}, {"description", "If true, image will not be deletable."}}},
      {"os_hidden",
       {{"type", "boolean"},
        {"description", "If true, image will not appear in default image list response."}}},
      {"checksum",
       {{"type", {"null", "string"}},
        {"readOnly", true},
        {"maxLength", 32},
        {"description", "md5 hash of image contents."}}},
      {"os_hash_algo",
       {{"type", {"null", "string"}},
        {"readOnly", true},
        {"maxLength", 64},
        {"description", "Algorithm to calculate the os_hash_value"}}},
      {"os_hash_value",
       {{"type", {"null", "string"}},
        {"readOnly", true},
        {"maxLength", 128},
        {"description", "Hexdigest of the image contents"}}},
      {"owner",
       {{"type", {"null", "string"}}, {"maxLength", 255}, {"description", "Owner of the image"}}},
      {"size",
       {{"type", {"null", "integer"}},
        {"readOnly", true},
        {"description", "Size of image file in bytes"}}},
      {"virtual_size",
       {{"type", {"null", "integer"}},
        {"readOnly", true},
        {"description", "Virtual size of image in bytes"}}},
      {"container_format",
       {{"type", {"null", "string"}},
        {"description", "Format of the container"},
        {"enum", enum_of(image::container_formats)}}},
      {"disk_format",
       {{"type", {"null", "string"}},
        {"description", "Format of the disk"},
        {"enum", enum_of(image::disk_formats)}}},
      {"created_at", string_property("Date and time of image registration", true)},
      {"updated_at", string_property("Date and time of the last image modification", true)},
      {"tags",
       {{"type", "array"},
        {"description", "List of strings related to the image"},
        {"items", {{"type", "string"}, {"maxLength", 255}}}}},
      {"direct_url", string_property("URL to access the image file kept in external store", true)},
      {"min_ram",
       {{"type", "integer"}, {"description", "Amount of ram (in MB) required to boot image."}}},
      {"min_disk",
       {{"type", "integer"},
        {"description", "Amount of disk space (in GB) required to boot image."}}},
      {"self", string_property("An image self url", true)},
      {"file", string_property("An image file url", true)},
      {"schema", string_property("An image schema url", true)},
      {"locations",
       {{"type", "array"},
        {"description", "A set of URLs to access the image file"},
        {"items", {{"type", "object"}}}}},
  };
  return {{"name", "image"},
          {"properties", std::move(props)},
          {"additionalProperties", {{"type", "string"}}},
          {"links", json::array({{{"rel", "self"}, {"href", "{self}"}},
                                 {{"rel", "enclosure"}, {"href", "{file}"}},
                                 {{"rel", "describedby"}, {"href", "{schema}"}}})}};
}

json glance_images_schema() {
  return {{"name", "images"},
          {"properties",
           {{"images", {{"type", "array"}, {"items", glance_image_schema()}}},
            {"schema", {{"type", "string"}}},
            {"first", {{"type", "string"}}},
            {"next", {{"type", "string"}}}}},
          {"links", json::array({{{"rel", "first"}, {"href", "{first}"}},
                                 {{"rel", "next"}, {"href", "{next}"}},
                                 {{"rel", "describedby"}, {"href", "{schema}"}}})}};
}

json glance_member_schema() {
  return {{"name", "member"},
          {"properties",
           {{"created_at", string_property("Date and time of image member creation")},
            {"image_id", string_property("An identifier for the image")},
            {"member_id", string_property("An identifier for the image member (tenantId)")},
            {"updated_at", string_property("Date and time of last modification of image member")},
            {"status",
             {{"type", "string"},
              {"description", "The status of this image member"},
              {"enum", {"pending", "accepted", "rejected"}}}},
            {"schema", string_property("An image member schema url", true)}}}};
}

json glance_members_schema() {
  return {{"name", "members"},
          {"properties",
           {{"members", {{"type", "array"}, {"items", glance_member_schema()}}},
            {"schema", {{"type", "string"}}}}},
          {"links", json::array({{{"rel", "schema"}, {"href", "{schema}"}}})}};
}

}  // namespace stacksim::api
