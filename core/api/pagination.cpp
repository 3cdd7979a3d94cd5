#include "core/api/pagination.hpp"

#include <charconv>

namespace stacksim::api {

PageRequest page_request(const ApiRequest& r, std::size_t default_limit, std::size_t max_limit) {
  PageRequest p;
  p.limit = default_limit;
  if (std::optional<std::string> text = r.http.query_value("limit")) {
    long long value = -1;
    auto [ptr, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
    if (ec != std::errc() || ptr != text->data() + text->size() || value < 0) {
      throw runtime::ServiceError("BadRequest", 400, "limit must be a non-negative integer");
    }
    p.limit = static_cast<std::size_t>(value);
  }
  p.limit = std::min(p.limit, max_limit);
  p.marker = r.http.query_value("marker");
  return p;
}

}  // namespace stacksim::api
