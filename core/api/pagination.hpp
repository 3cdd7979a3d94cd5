#pragma once
// limit/marker pagination as the OpenStack APIs do it: items after the one whose id is `marker`,
// at most `limit` of them, and whether more remain (the "next" link).

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/api/api_request.hpp"
#include "core/runtime/service_error.hpp"

namespace stacksim::api {

struct PageRequest {
  std::size_t limit = 0;
  std::optional<std::string> marker;
};

/// Reads ?limit= and ?marker=; a limit above `max_limit` is lowered to it, a bad one is a 400.
PageRequest page_request(const ApiRequest& r, std::size_t default_limit, std::size_t max_limit);

template <class T>
struct Page {
  std::vector<T> items;
  bool more = false;
};

/// The page of `all` (in order) after `page.marker`; MarkerNotFound (400) if the marker is unknown.
template <class T, class IdOf>
Page<T> paginate(std::vector<T> all, const PageRequest& page, IdOf id_of) {
  auto first = all.begin();
  if (page.marker) {
    first =
        std::find_if(all.begin(), all.end(), [&](const T& t) { return id_of(t) == *page.marker; });
    if (first == all.end()) {
      throw runtime::ServiceError("MarkerNotFound", 400, "marker [" + *page.marker + "] not found");
    }
    ++first;
  }
  Page<T> out;
  const auto remaining = static_cast<std::size_t>(all.end() - first);
  const std::size_t n = std::min(remaining, page.limit);
  out.more = remaining > n;
  out.items.assign(std::make_move_iterator(first),
                   std::make_move_iterator(first + static_cast<std::ptrdiff_t>(n)));
  return out;
}

}  // namespace stacksim::api
