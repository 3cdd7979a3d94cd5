#include "core/api/object/swift_listing.hpp"

#include <charconv>

#include <nlohmann/json.hpp>

#include "core/objectstore/swift_error.hpp"

namespace stacksim::api {
namespace {

using nlohmann::json;

json container_entry(const objectstore::ContainerInfo& c, const TimeFormat& time) {
  return {{"name", c.name},
          {"count", c.object_count},
          {"bytes", c.bytes_used},
          {"last_modified", time.iso8601(c.modified_at, TimePrecision::cinder)}};
}

json object_entry(const objectstore::ObjectInfo& o, const TimeFormat& time) {
  return {{"name", o.name},
          {"hash", o.etag},
          {"bytes", o.size},
          {"content_type", o.content_type},
          {"last_modified", time.iso8601(o.modified_at, TimePrecision::cinder)}};
}

template <class Item, class Entry>
HttpResponse render(ListingFormat format,
                    const std::vector<objectstore::ListingEntry<Item>>& entries,
                    const TimeFormat& time, Entry entry) {
  HttpResponse r;
  if (format == ListingFormat::json) {
    json body = json::array();
    for (const auto& e : entries)
      body.push_back(e.item ? entry(*e.item, time) : json{{"subdir", e.name}});
    r.body = body.dump();
    r.content_type = "application/json; charset=utf-8";
    return r;
  }
  if (entries.empty()) {
    r = HttpResponse::empty(204);
    r.content_type = "text/plain; charset=utf-8";
    return r;
  }
  for (const auto& e : entries) {
    r.body += e.name;
    r.body += '\n';
  }
  r.content_type = "text/plain; charset=utf-8";
  return r;
}

}  // namespace

ListingFormat listing_format(const HttpRequest& request) {
  std::string wanted = request.query_value("format").value_or("");
  if (wanted.empty()) {
    const std::string accept = request.headers.get("Accept").value_or("");
    if (accept.find("application/json") != std::string::npos) wanted = "json";
    if (accept.find("/xml") != std::string::npos) wanted = "xml";
  }
  if (wanted == "json") return ListingFormat::json;
  if (wanted == "xml") {
    throw objectstore::swift_error(406, "stacksim serves plain and JSON listings, not XML");
  }
  return ListingFormat::plain;
}

objectstore::ListingQuery listing_query(const HttpRequest& request) {
  objectstore::ListingQuery q;
  q.prefix = request.query_value("prefix").value_or("");
  q.delimiter = request.query_value("delimiter").value_or("");
  q.marker = request.query_value("marker").value_or("");
  q.end_marker = request.query_value("end_marker").value_or("");
  if (q.delimiter.size() > 1 || (q.delimiter.size() == 1 && q.delimiter[0] == '\xff')) {
    throw objectstore::swift_error(412, "Bad delimiter");
  }
  if (const std::optional<std::string> limit = request.query_value("limit")) {
    long long n = -1;
    const auto [end, ec] = std::from_chars(limit->data(), limit->data() + limit->size(), n);
    if (ec != std::errc() || end != limit->data() + limit->size() || n < 0) {
      throw objectstore::swift_error(412, "Value of limit must be a positive integer");
    }
    if (static_cast<unsigned long long>(n) > objectstore::listing_limit) {
      throw objectstore::swift_error(
          412, "Maximum limit is " + std::to_string(objectstore::listing_limit));
    }
    q.limit = static_cast<std::size_t>(n);
  }
  return q;
}

HttpResponse listing_response(
    ListingFormat format,
    const std::vector<objectstore::ListingEntry<objectstore::ContainerInfo>>& entries,
    const TimeFormat& time) {
  return render(format, entries, time, container_entry);
}

HttpResponse listing_response(
    ListingFormat format,
    const std::vector<objectstore::ListingEntry<objectstore::ObjectInfo>>& entries,
    const TimeFormat& time) {
  return render(format, entries, time, object_entry);
}

}  // namespace stacksim::api
