#include "core/api/image/image_api.hpp"

#include <array>
#include <string_view>

#include "core/api/json_view.hpp"
#include "core/api/pagination.hpp"
#include "core/api/responses.hpp"
#include "core/image/image_error.hpp"

namespace stacksim::api {
namespace {

using nlohmann::json;

// Attributes Glance computes itself: setting them is 403 "Attribute 'x' is read-only."
constexpr std::array<std::string_view, 12> read_only_attributes = {
    "status",     "size",       "virtual_size", "checksum", "os_hash_algo", "os_hash_value",
    "created_at", "updated_at", "direct_url",   "self",     "file",         "schema"};
// Attributes with their own handling, not free-form properties.
constexpr std::array<std::string_view, 10> base_attributes = {
    "id",       "name",    "visibility", "protected", "disk_format", "container_format",
    "min_disk", "min_ram", "tags",       "owner"};

template <std::size_t N>
bool one_of(const std::array<std::string_view, N>& set, std::string_view key) {
  for (std::string_view s : set) {
    if (s == key) return true;
  }
  return false;
}

runtime::ServiceError read_only(std::string_view attribute) {
  return image::forbidden("Attribute '" + std::string(attribute) + "' is read-only.");
}

std::int64_t non_negative(const JsonView& v, std::string_view key) {
  const std::int64_t n = v.integer(key);
  if (n < 0) throw v.error(key, std::to_string(n) + " is less than the minimum of 0");
  return n;
}

json glance_versions(const std::string& base) {
  json versions = json::array();
  versions.push_back({{"id", "v2.16"},
                      {"status", "CURRENT"},
                      {"links", json::array({{{"rel", "self"}, {"href", base + "/v2/"}}})}});
  for (int minor = 15; minor >= 0; --minor) {
    versions.push_back({{"id", "v2." + std::to_string(minor)},
                        {"status", "SUPPORTED"},
                        {"links", json::array({{{"rel", "self"}, {"href", base + "/v2/"}}})}});
  }
  return {{"versions", std::move(versions)}};
}

}  // namespace

ImageApi::ImageApi(ApiApplication& app, image::ImageService& images, std::string upload_source)
    : app_(app), images_(images), upload_source_(std::move(upload_source)) {
}

json ImageApi::view(const image::Image& img) const {
  const TimeFormat& t = app_.time();
  json j = {{"id", img.id},
            {"name", string_or_null(img.name)},
            {"status", std::string(to_string(img.status))},
            {"visibility", std::string(to_string(img.visibility))},
            {"protected", img.is_protected},
            {"os_hidden", false},
            {"checksum", string_or_null(img.checksum)},
            {"os_hash_algo", string_or_null(img.os_hash_algo)},
            {"os_hash_value", string_or_null(img.os_hash_value)},
            {"owner", img.owner},
            {"size", img.size ? json(*img.size) : json(nullptr)},
            {"virtual_size", nullptr},
            {"disk_format", string_or_null(img.disk_format)},
            {"container_format", string_or_null(img.container_format)},
            {"min_disk", img.min_disk},
            {"min_ram", img.min_ram},
            {"tags", img.tags},
            {"created_at", t.iso8601(img.created_at)},
            {"updated_at", t.iso8601(img.updated_at)},
            {"self", "/v2/images/" + img.id},
            {"file", "/v2/images/" + img.id + "/file"},
            {"schema", "/v2/schemas/image"}};
  for (const auto& [k, v] : img.properties)
    j[k] = v;
  return j;
}

json ImageApi::member_view(const image::ImageMember& m, const image::Image& img) const {
  return {{"image_id", m.image_id},
          {"member_id", m.member_id},
          {"status", std::string(to_string(m.status))},
          {"created_at", app_.time().iso8601(img.created_at)},
          {"updated_at", app_.time().iso8601(img.updated_at)},
          {"schema", "/v2/schemas/member"}};
}

HttpResponse ImageApi::create(ApiRequest& r) {
  const json doc = parse_json_body(r.http);
  const JsonView body(doc, "");
  image::ImageCreate c;
  for (auto it = doc.begin(); it != doc.end(); ++it) {
    const std::string& key = it.key();
    if (one_of(read_only_attributes, key)) throw read_only(key);
    if (key == "os_hidden") {
      if (body.boolean(key)) throw body.error(key, "hidden images are not supported by stacksim");
      continue;
    }
    if (one_of(base_attributes, key)) continue;
    if (key == "locations") throw read_only(key);
    c.properties[key] = body.string(key);  // additionalProperties: {"type": "string"}
  }
  c.name = body.optional_string("name").value_or("");
  c.id = body.optional_string("id");
  c.owner = body.optional_string("owner");
  c.disk_format = body.optional_string("disk_format").value_or("");
  c.container_format = body.optional_string("container_format").value_or("");
  if (auto v = body.optional_string("visibility")) c.visibility = image::parse_visibility(*v);
  c.is_protected = body.optional_boolean("protected").value_or(false);
  if (body.has("min_disk")) c.min_disk = non_negative(body, "min_disk");
  if (body.has("min_ram")) c.min_ram = non_negative(body, "min_ram");
  if (body.has("tags")) {
    for (const std::string& tag : body.strings("tags"))
      c.tags.insert(tag);
  }
  const image::Image img = images_.create(r.context, c);
  HttpResponse resp = json_response(201, view(img));
  resp.headers.set("Location", r.base_url + prefix + "/v2/images/" + img.id);
  return resp;
}

HttpResponse ImageApi::list(ApiRequest& r) {
  image::ImageFilters f;
  if (auto v = r.http.query_value("visibility"); v && *v != "all")
    f.visibility = image::parse_visibility(*v);
  if (auto v = r.http.query_value("status")) f.status = image::parse_image_status(*v);
  f.name = r.http.query_value("name");
  f.tag = r.http.query_value("tag");
  if (auto v = r.http.query_value("member_status"); v && *v != "all")
    f.member_status = image::parse_member_status(*v);
  const PageRequest page = page_request(r, 25, 1000);
  const Page<image::Image> p =
      paginate(images_.list(r.context, f), page, [](const image::Image& i) { return i.id; });
  json items = json::array();
  for (const image::Image& img : p.items)
    items.push_back(view(img));
  json body = {
      {"images", std::move(items)}, {"first", "/v2/images"}, {"schema", "/v2/schemas/images"}};
  if (p.more && !p.items.empty()) {
    body["next"] =
        "/v2/images?marker=" + p.items.back().id + "&limit=" + std::to_string(page.limit);
  }
  return json_response(200, body);
}

HttpResponse ImageApi::update(ApiRequest& r) {
  const std::string content_type = r.http.headers.get("Content-Type").value_or("");
  if (!content_type.starts_with("application/openstack-images-v2.1-json-patch") &&
      !content_type.starts_with("application/openstack-images-v2.0-json-patch")) {
    throw runtime::ServiceError("UnsupportedMediaType", 415,
                                "Unsupported Content-Type: use "
                                "application/openstack-images-v2.1-json-patch");
  }
  const json ops = json::parse(r.http.body, nullptr, false);
  if (!ops.is_array()) throw image::bad_request("The request body must be a JSON-patch array.");
  const std::string& id = r.param("image_id");
  const image::Image current = images_.get(r.context, id);
  image::ImageUpdate u;
  std::set<std::string> tags = current.tags;
  bool tags_changed = false;
  for (std::size_t i = 0; i < ops.size(); ++i) {
    std::string where = std::to_string(i);
    where.insert(where.begin(), '[');
    where.push_back(']');
    const JsonView op(ops[i], where);
    const std::string kind = op.choice("op", {"add", "replace", "remove"});
    const std::string path = op.string("path");
    if (path.size() < 2 || path[0] != '/') throw op.error("path", "'" + path + "' is not a path");
    const std::string attr = path.substr(1);
    if (one_of(read_only_attributes, attr) || attr == "id" || attr == "owner" ||
        attr == "locations") {
      throw read_only(attr);
    }
    if (kind == "remove") {
      if (one_of(base_attributes, attr)) {
        throw image::forbidden("Attribute '" + attr + "' cannot be removed.");
      }
      u.remove_properties.push_back(attr);
      continue;
    }
    if (attr == "name") {
      u.name = op.optional_string("value").value_or("");
    } else if (attr == "visibility") {
      u.visibility = image::parse_visibility(op.string("value"));
    } else if (attr == "protected") {
      u.is_protected = op.boolean("value");
    } else if (attr == "min_disk") {
      u.min_disk = non_negative(op, "value");
    } else if (attr == "min_ram") {
      u.min_ram = non_negative(op, "value");
    } else if (attr == "disk_format") {
      u.disk_format = op.string("value");
    } else if (attr == "container_format") {
      u.container_format = op.string("value");
    } else if (attr == "tags") {
      const std::vector<std::string> values = op.strings("value");
      tags = std::set<std::string>(values.begin(), values.end());
      tags_changed = true;
    } else {
      u.set_properties[attr] = op.string("value");
    }
  }
  image::Image img = images_.update(r.context, id, u);
  if (tags_changed) {
    for (const std::string& t : current.tags) {
      if (!tags.contains(t)) img = images_.remove_tag(r.context, id, t);
    }
    for (const std::string& t : tags) {
      if (!current.tags.contains(t)) img = images_.add_tag(r.context, id, t);
    }
  }
  return json_response(200, view(img));
}

runtime::Task<HttpResponse> ImageApi::upload(ApiRequest r) {
  const std::string id = r.param("image_id");
  const std::optional<std::string> length = r.http.headers.get("Content-Length");
  std::optional<std::int64_t> expected;
  if (length && !length->empty()) expected = static_cast<std::int64_t>(r.http.body.size());
  co_await images_.upload(r.context, id, image::ImageData::from_bytes(std::move(r.http.body)),
                          upload_source_, expected);
  co_return no_content();
}

void ImageApi::add_routes(RouteTable& routes) {
  RouteBuilder root(routes, prefix, ErrorStyle::glance);
  const std::string base = app_.config().public_url + prefix;
  root.open("GET", "", [base](ApiRequest&) { return json_response(300, glance_versions(base)); });
  root.open("GET", "/versions",
            [base](ApiRequest&) { return json_response(200, glance_versions(base)); });

  RouteBuilder v2(routes, std::string(prefix) + "/v2", ErrorStyle::glance);
  v2.get("/schemas/image", [](ApiRequest&) { return json_response(200, glance_image_schema()); });
  v2.get("/schemas/images", [](ApiRequest&) { return json_response(200, glance_images_schema()); });
  v2.get("/schemas/member", [](ApiRequest&) { return json_response(200, glance_member_schema()); });
  v2.get("/schemas/members",
         [](ApiRequest&) { return json_response(200, glance_members_schema()); });
  v2.get("/images", [this](ApiRequest& r) { return list(r); });
  v2.post("/images", [this](ApiRequest& r) { return create(r); });
  v2.get("/images/{image_id}", [this](ApiRequest& r) {
    return json_response(200, view(images_.get(r.context, r.param("image_id"))));
  });
  v2.patch("/images/{image_id}", [this](ApiRequest& r) { return update(r); });
  v2.del("/images/{image_id}", [this](ApiRequest& r) {
    images_.delete_image(r.context, r.param("image_id"));
    return no_content();
  });
  v2.add("PUT", "/images/{image_id}/file",
         AsyncHandler([this](ApiRequest r) { return upload(std::move(r)); }), Access::token,
         BodyKind::data);
  v2.post("/images/{image_id}/actions/deactivate", [this](ApiRequest& r) {
    static_cast<void>(images_.deactivate(r.context, r.param("image_id")));
    return no_content();
  });
  v2.post("/images/{image_id}/actions/reactivate", [this](ApiRequest& r) {
    static_cast<void>(images_.reactivate(r.context, r.param("image_id")));
    return no_content();
  });
  v2.put("/images/{image_id}/tags/{tag}", [this](ApiRequest& r) {
    static_cast<void>(images_.add_tag(r.context, r.param("image_id"), r.param("tag")));
    return no_content();
  });
  v2.del("/images/{image_id}/tags/{tag}", [this](ApiRequest& r) {
    static_cast<void>(images_.remove_tag(r.context, r.param("image_id"), r.param("tag")));
    return no_content();
  });
  add_member_routes(v2);
}

void ImageApi::add_member_routes(RouteBuilder& v2) {
  v2.get("/images/{image_id}/members", [this](ApiRequest& r) {
    const image::Image img = images_.get(r.context, r.param("image_id"));
    json items = json::array();
    for (const image::ImageMember& m : images_.list_members(r.context, img.id))
      items.push_back(member_view(m, img));
    return json_response(200, {{"members", std::move(items)}, {"schema", "/v2/schemas/members"}});
  });
  v2.post("/images/{image_id}/members", [this](ApiRequest& r) {
    const json doc = parse_json_body(r.http);
    const std::string member = JsonView(doc, "").string("member");
    const image::ImageMember m = images_.add_member(r.context, r.param("image_id"), member);
    return json_response(200, member_view(m, images_.get(r.context, m.image_id)));
  });
  v2.get("/images/{image_id}/members/{member_id}", [this](ApiRequest& r) {
    const image::Image img = images_.get(r.context, r.param("image_id"));
    for (const image::ImageMember& m : images_.list_members(r.context, img.id)) {
      if (m.member_id == r.param("member_id")) return json_response(200, member_view(m, img));
    }
    throw runtime::ServiceError(
        "NotFound", 404, "Member " + r.param("member_id") + " not found for image " + img.id);
  });
  v2.put("/images/{image_id}/members/{member_id}", [this](ApiRequest& r) {
    const json doc = parse_json_body(r.http);
    const image::MemberStatus status =
        image::parse_member_status(JsonView(doc, "").string("status"));
    const image::ImageMember m =
        images_.update_member(r.context, r.param("image_id"), r.param("member_id"), status);
    return json_response(200, member_view(m, images_.get(r.context, m.image_id)));
  });
  v2.del("/images/{image_id}/members/{member_id}", [this](ApiRequest& r) {
    images_.remove_member(r.context, r.param("image_id"), r.param("member_id"));
    return no_content();
  });
}

}  // namespace stacksim::api
