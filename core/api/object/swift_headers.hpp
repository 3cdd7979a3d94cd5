#pragma once
// What Swift's proxy reads from and writes into headers: the request path split as
// swift.common.utils.split_path does, user metadata (X-<Type>-Meta-*, title-cased as swob stores
// header names, with Swift's metadata constraints), X-Timestamp and Last-Modified renderings, a
// single byte Range, and the content type guessed from an object's name when none is given.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/api/http_message.hpp"
#include "core/api/time_format.hpp"
#include "core/objectstore/object_service.hpp"

namespace stacksim::api {

/// swift.common.constraints defaults.
struct SwiftConstraints {
  static constexpr std::size_t max_object_name_length = 1024;
  static constexpr std::size_t max_container_name_length = 256;
  static constexpr std::size_t max_meta_name_length = 128;
  static constexpr std::size_t max_meta_value_length = 256;
  static constexpr std::size_t max_meta_count = 90;
  static constexpr std::size_t max_meta_overall_size = 4096;
};

/// /v1/<account>[/<container>[/<object>]]: the object keeps every '/' after the container's,
/// including a trailing one (a pseudo-directory marker).
objectstore::ObjectPath split_swift_path(std::string_view path);

/// A header name as swob stores it: Python's str.title() ("x-object-meta-color" ->
/// "X-Object-Meta-Color").
std::string title_case(std::string_view name);

/// The user metadata of a PUT or POST for `type` ("Object", "Container", "Account"):
/// X-<Type>-Meta-* headers, and for containers and accounts X-Remove-<Type>-Meta-* as removals
/// (empty values). ServiceError 400 with Swift's message when a constraint is exceeded.
objectstore::MetadataUpdate user_metadata(const HttpHeaders& headers, std::string_view type);

/// Adds stored metadata to a response.
void add_metadata(HttpHeaders& headers, const objectstore::Metadata& metadata);

/// Swift's normalized timestamp, "1700000000.12345" (Timestamp.normal).
std::string swift_timestamp(const TimeFormat& time, runtime::TimePoint t);
/// An HTTP date (RFC 7231) of the whole second at or after `t`, as Swift's Last-Modified.
std::string http_date(const TimeFormat& time, runtime::TimePoint t);

/// A satisfiable single byte range of an object of `size` bytes.
struct ByteRange {
  std::int64_t first = 0;
  std::int64_t length = 0;
};
/// Parses "bytes=a-b", "bytes=a-", "bytes=-n". nullopt when the header is not a single valid range
/// (Swift then serves the whole object); ServiceError 416 when it cannot be satisfied.
std::optional<ByteRange> parse_byte_range(const std::string& header, std::int64_t size);

/// mimetypes.guess_type for common extensions; application/octet-stream otherwise.
std::string guess_content_type(std::string_view object_name);

}  // namespace stacksim::api
