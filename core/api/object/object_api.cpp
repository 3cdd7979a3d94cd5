#include "core/api/object/object_api.hpp"

#include <nlohmann/json.hpp>

#include "core/api/object/swift_headers.hpp"
#include "core/api/object/swift_listing.hpp"
#include "core/api/responses.hpp"
#include "core/objectstore/swift_error.hpp"

namespace stacksim::api {
namespace {

using objectstore::swift_error;

/// Swift answers some requests with swob's html page for the status (202 Accepted).
HttpResponse swift_page(int status) {
  HttpResponse r;
  r.status = status;
  r.content_type = "text/html; charset=UTF-8";
  r.body = "<html><h1>" + std::string(reason_phrase(status)) + "</h1><p>" +
           objectstore::swift_explanation(status) + "</p></html>";
  return r;
}

/// A response with no body; Swift's proxy sends these as text/html with Content-Length 0.
HttpResponse empty_html(int status) {
  HttpResponse r = HttpResponse::empty(status);
  r.content_type = "text/html; charset=UTF-8";
  return r;
}

std::string count(std::int64_t n) {
  return std::to_string(n);
}

nlohmann::json swift_info(std::size_t max_file_size) {
  using C = SwiftConstraints;
  return {{"swift",
           {{"version", "2.30.1"},
            {"max_file_size", max_file_size},
            {"max_object_name_length", C::max_object_name_length},
            {"max_container_name_length", C::max_container_name_length},
            {"max_account_name_length", 256},
            {"max_meta_name_length", C::max_meta_name_length},
            {"max_meta_value_length", C::max_meta_value_length},
            {"max_meta_count", C::max_meta_count},
            {"max_meta_overall_size", C::max_meta_overall_size},
            {"max_header_size", 8192},
            {"extra_header_count", 0},
            {"account_listing_limit", objectstore::listing_limit},
            {"container_listing_limit", objectstore::listing_limit},
            {"valid_api_versions", {"v1", "v1.0"}},
            {"policies", {{{"name", "Policy-0"}, {"aliases", "Policy-0"}, {"default", true}}}},
            {"allow_account_management", false},
            {"account_autocreate", true},
            {"strict_cors_mode", true}}}};
}

void check_names(const objectstore::ObjectPath& path) {
  if (path.container.size() > SwiftConstraints::max_container_name_length) {
    throw swift_error(400, "Container name length of " + count(std::ssize(path.container)) +
                               " longer than " +
                               count(SwiftConstraints::max_container_name_length));
  }
  if (path.object.size() > SwiftConstraints::max_object_name_length) {
    throw swift_error(400, "Object name length of " + count(std::ssize(path.object)) +
                               " longer than " + count(SwiftConstraints::max_object_name_length));
  }
}

/// "<container>/<object>" of X-Copy-From and Destination; 412 otherwise, as Swift answers.
objectstore::ObjectPath copy_path(const std::string& account, std::string value,
                                  const std::string& header) {
  if (value.starts_with('/')) value.erase(0, 1);
  const std::size_t slash = value.find('/');
  if (slash == std::string::npos || slash == 0 || slash + 1 == value.size()) {
    throw swift_error(412, header + " header must be of the form <container name>/<object name>");
  }
  return {account, value.substr(0, slash), value.substr(slash + 1)};
}

bool true_value(const std::optional<std::string>& v) {
  return v && (*v == "true" || *v == "True" || *v == "1" || *v == "yes" || *v == "on");
}

}  // namespace

ObjectApi::ObjectApi(ApiApplication& app, objectstore::ObjectService& objects)
    : app_(app), objects_(objects) {
}

objectstore::ObjectPath ObjectApi::authorize(const ApiRequest& r) const {
  objectstore::ObjectPath path = split_swift_path(r.http.path);
  const bool owner =
      !r.context.project_id.empty() && path.account == "AUTH_" + r.context.project_id;
  if (!owner && !r.context.has_role("admin")) throw swift_error(403);
  check_names(path);
  return path;
}

// ---- accounts ----

HttpResponse ObjectApi::account_get(ApiRequest& r, bool head) {
  const objectstore::ObjectPath path = authorize(r);
  const objectstore::AccountInfo info = objects_.account(path.account);
  HttpResponse resp;
  if (head) {
    resp = HttpResponse::empty(204);
    resp.content_type = "text/plain; charset=utf-8";
  } else {
    resp = listing_response(listing_format(r.http),
                            objects_.list_containers(path.account, listing_query(r.http)),
                            app_.time());
  }
  HttpHeaders& h = resp.headers;
  h.set("X-Account-Container-Count", count(info.container_count));
  h.set("X-Account-Object-Count", count(info.object_count));
  h.set("X-Account-Bytes-Used", count(info.bytes_used));
  if (info.container_count > 0) {
    h.set("X-Account-Storage-Policy-Policy-0-Container-Count", count(info.container_count));
    h.set("X-Account-Storage-Policy-Policy-0-Object-Count", count(info.object_count));
    h.set("X-Account-Storage-Policy-Policy-0-Bytes-Used", count(info.bytes_used));
  }
  h.set("X-Timestamp", swift_timestamp(app_.time(), info.created_at));
  h.set("X-Put-Timestamp", swift_timestamp(app_.time(), info.created_at));
  add_metadata(h, info.metadata);
  return resp;
}

HttpResponse ObjectApi::account_post(ApiRequest& r) {
  const objectstore::ObjectPath path = authorize(r);
  objects_.update_account_metadata(path.account, user_metadata(r.http.headers, "Account"));
  return empty_html(204);
}

// ---- containers ----

HttpResponse ObjectApi::container_put(ApiRequest& r) {
  const objectstore::ObjectPath path = authorize(r);
  const bool created = objects_.put_container(path.account, path.container,
                                              user_metadata(r.http.headers, "Container"));
  return created ? empty_html(201) : swift_page(202);
}

HttpResponse ObjectApi::container_get(ApiRequest& r, bool head) {
  const objectstore::ObjectPath path = authorize(r);
  const objectstore::ContainerInfo info = objects_.container(path.account, path.container);
  HttpResponse resp;
  if (head) {
    resp = HttpResponse::empty(204);
    resp.content_type = "text/plain; charset=utf-8";
  } else {
    resp = listing_response(
        listing_format(r.http),
        objects_.list_objects(path.account, path.container, listing_query(r.http)), app_.time());
  }
  HttpHeaders& h = resp.headers;
  h.set("X-Container-Object-Count", count(info.object_count));
  h.set("X-Container-Bytes-Used", count(info.bytes_used));
  h.set("X-Timestamp", swift_timestamp(app_.time(), info.created_at));
  h.set("X-Put-Timestamp", swift_timestamp(app_.time(), info.modified_at));
  h.set("Last-Modified", http_date(app_.time(), info.modified_at));
  h.set("X-Storage-Policy", "Policy-0");
  add_metadata(h, info.metadata);
  return resp;
}

HttpResponse ObjectApi::container_post(ApiRequest& r) {
  const objectstore::ObjectPath path = authorize(r);
  objects_.update_container_metadata(path.account, path.container,
                                     user_metadata(r.http.headers, "Container"));
  return empty_html(204);
}

HttpResponse ObjectApi::container_delete(ApiRequest& r) {
  const objectstore::ObjectPath path = authorize(r);
  objects_.delete_container(path.account, path.container);
  return empty_html(204);
}

// ---- objects ----

HttpResponse ObjectApi::object_response(int status, const objectstore::ObjectInfo& info) const {
  HttpResponse resp = HttpResponse::empty(status);
  resp.content_type = info.content_type;
  HttpHeaders& h = resp.headers;
  h.set("ETag", info.etag);
  h.set("Last-Modified", http_date(app_.time(), info.modified_at));
  h.set("X-Timestamp", swift_timestamp(app_.time(), info.modified_at));
  h.set("Accept-Ranges", "bytes");
  add_metadata(h, info.metadata);
  std::string devices;
  for (int id : info.placement.devices) {
    if (!devices.empty()) devices.push_back(',');
    devices += std::to_string(id);
  }
  h.set("X-Stacksim-Object-Partition", std::to_string(info.placement.partition));
  h.set("X-Stacksim-Object-Devices", devices);
  return resp;
}

HttpResponse ObjectApi::copied(const objectstore::ObjectInfo& written,
                               const objectstore::ObjectInfo& source) const {
  HttpResponse resp = empty_html(201);
  resp.headers.set("ETag", written.etag);
  resp.headers.set("Last-Modified", http_date(app_.time(), written.modified_at));
  resp.headers.set("X-Copied-From", source.container + "/" + source.name);
  resp.headers.set("X-Copied-From-Last-Modified", http_date(app_.time(), source.modified_at));
  return resp;
}

runtime::Task<HttpResponse> ObjectApi::object_put(ApiRequest r) {
  const objectstore::ObjectPath path = authorize(r);
  const HttpHeaders& h = r.http.headers;
  if (const std::optional<std::string> from = h.get("X-Copy-From")) {
    if (!r.http.body.empty()) throw swift_error(400, "Copy requests require a zero byte body");
    objectstore::ObjectCopy copy;
    copy.source = copy_path(path.account, *from, "X-Copy-From");
    copy.destination = path;
    if (const std::optional<std::string> type = h.get("Content-Type"); type && !type->empty()) {
      copy.content_type = *type;
    }
    copy.metadata = user_metadata(h, "Object");
    copy.fresh_metadata = true_value(h.get("X-Fresh-Metadata"));
    const objectstore::ObjectInfo source = objects_.object(copy.source);
    const objectstore::ObjectInfo written = co_await objects_.copy_object(std::move(copy));
    co_return copied(written, source);
  }
  objectstore::ObjectPut put;
  put.path = path;
  put.content_type = h.get("Content-Type").value_or("");
  if (put.content_type.empty() || true_value(h.get("X-Detect-Content-Type"))) {
    put.content_type = guess_content_type(path.object);
  }
  put.metadata = user_metadata(h, "Object");
  if (const std::optional<std::string> etag = h.get("ETag")) {
    std::string expected = *etag;
    std::erase(expected, '"');
    put.expected_etag = expected;
  }
  if (const std::optional<std::string> none_match = h.get("If-None-Match")) {
    if (*none_match != "*") throw swift_error(400, "If-None-Match only supports *");
    put.if_none_match_any = true;
  }
  put.data = std::move(r.http.body);
  const objectstore::ObjectInfo info = co_await objects_.put_object(std::move(put));
  HttpResponse resp = empty_html(201);
  resp.headers.set("ETag", info.etag);
  resp.headers.set("Last-Modified", http_date(app_.time(), info.modified_at));
  co_return resp;
}

runtime::Task<HttpResponse> ObjectApi::object_get(ApiRequest r) {
  const objectstore::ObjectPath path = authorize(r);
  const objectstore::ObjectInfo info = objects_.object(path);
  std::optional<ByteRange> range;
  if (const std::optional<std::string> header = r.http.headers.get("Range")) {
    range = parse_byte_range(*header, info.size);
  }
  const std::int64_t first = range ? range->first : 0;
  const std::int64_t length = range ? range->length : info.size;
  std::string data = co_await objects_.read_object(path, first, length);
  HttpResponse resp = object_response(range ? 206 : 200, info);
  if (range) {
    resp.headers.set("Content-Range", "bytes " + std::to_string(first) + "-" +
                                          std::to_string(first + length - 1) + "/" +
                                          std::to_string(info.size));
  }
  resp.body = std::move(data);
  co_return resp;
}

runtime::Task<HttpResponse> ObjectApi::object_copy(ApiRequest r) {
  const objectstore::ObjectPath path = authorize(r);
  const std::optional<std::string> destination = r.http.headers.get("Destination");
  if (!destination) throw swift_error(412, "Destination header required");
  objectstore::ObjectCopy copy;
  copy.source = path;
  copy.destination = copy_path(path.account, *destination, "Destination");
  check_names(copy.destination);
  if (const std::optional<std::string> type = r.http.headers.get("Content-Type")) {
    copy.content_type = *type;
  }
  copy.metadata = user_metadata(r.http.headers, "Object");
  copy.fresh_metadata = true_value(r.http.headers.get("X-Fresh-Metadata"));
  const objectstore::ObjectInfo source = objects_.object(path);
  const objectstore::ObjectInfo written = co_await objects_.copy_object(std::move(copy));
  co_return copied(written, source);
}

HttpResponse ObjectApi::object_head(ApiRequest& r) {
  const objectstore::ObjectInfo info = objects_.object(authorize(r));
  HttpResponse resp = object_response(200, info);
  // No body: the length is the object's, as for the GET.
  resp.headers.set("Content-Length", std::to_string(info.size));
  return resp;
}

HttpResponse ObjectApi::object_post(ApiRequest& r) {
  const objectstore::ObjectPath path = authorize(r);
  std::optional<std::string> type = r.http.headers.get("Content-Type");
  if (type && type->empty()) type.reset();
  objects_.post_object(path, user_metadata(r.http.headers, "Object"), type);
  return swift_page(202);
}

HttpResponse ObjectApi::object_delete(ApiRequest& r) {
  objects_.delete_object(authorize(r));
  return empty_html(204);
}

void ObjectApi::add_routes(RouteTable& routes) {
  RouteBuilder info(routes, "/info", ErrorStyle::swift);
  const std::size_t max_file_size = app_.config().max_upload_bytes;
  info.open("GET", "",
            [max_file_size](ApiRequest&) { return json_response(200, swift_info(max_file_size)); });

  RouteBuilder v1(routes, prefix, ErrorStyle::swift);
  v1.get("/{account}", [this](ApiRequest& r) { return account_get(r, false); });
  v1.head("/{account}", [this](ApiRequest& r) { return account_get(r, true); });
  v1.post("/{account}", [this](ApiRequest& r) { return account_post(r); });

  const std::string container = "/{account}/{container}";
  v1.put(container, [this](ApiRequest& r) { return container_put(r); });
  v1.get(container, [this](ApiRequest& r) { return container_get(r, false); });
  v1.head(container, [this](ApiRequest& r) { return container_get(r, true); });
  v1.post(container, [this](ApiRequest& r) { return container_post(r); });
  v1.del(container, [this](ApiRequest& r) { return container_delete(r); });

  // An object name may hold slashes: the last placeholder takes the rest of the path.
  const std::string object = "/{account}/{container}/{object+}";
  v1.add("PUT", object, AsyncHandler([this](ApiRequest r) { return object_put(std::move(r)); }),
         Access::token, BodyKind::data);
  v1.add("GET", object, AsyncHandler([this](ApiRequest r) { return object_get(std::move(r)); }));
  v1.add("COPY", object, AsyncHandler([this](ApiRequest r) { return object_copy(std::move(r)); }));
  v1.head(object, [this](ApiRequest& r) { return object_head(r); });
  v1.post(object, [this](ApiRequest& r) { return object_post(r); });
  v1.del(object, [this](ApiRequest& r) { return object_delete(r); });
}

}  // namespace stacksim::api
