#pragma once
// Account and container listings as Swift's proxy returns them: the query parameters (prefix,
// delimiter, marker, end_marker, limit) with Swift's 412 answers, and the body in the format asked
// for by ?format= or Accept: plain text (one name per line; 204 when empty) or JSON (container
// entries {name, count, bytes, last_modified}, object entries {name, hash, bytes, content_type,
// last_modified}, {"subdir": ...} for rolled-up names). XML listings are not served (406).

#include <vector>

#include "core/api/http_message.hpp"
#include "core/api/time_format.hpp"
#include "core/objectstore/object_service.hpp"

namespace stacksim::api {

enum class ListingFormat { plain, json };

/// ServiceError 406 for XML.
ListingFormat listing_format(const HttpRequest& request);
/// ServiceError 412 for a bad limit or delimiter, as Swift's constrain_req_limit and listing
/// checks.
objectstore::ListingQuery listing_query(const HttpRequest& request);

HttpResponse listing_response(
    ListingFormat format,
    const std::vector<objectstore::ListingEntry<objectstore::ContainerInfo>>& entries,
    const TimeFormat& time);
HttpResponse listing_response(
    ListingFormat format,
    const std::vector<objectstore::ListingEntry<objectstore::ObjectInfo>>& entries,
    const TimeFormat& time);

}  // namespace stacksim::api
