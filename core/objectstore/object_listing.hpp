#pragma once
// Container and account listings as Swift's container and account servers produce them
// (swift.container.backend.ContainerBroker.list_objects_iter): names in byte order after `marker`
// and before `end_marker`, starting with `prefix`, at most `limit`; with a `delimiter`, names
// holding it after the prefix are rolled up into one "subdir" entry (prefix up to and including
// the delimiter) and the scan resumes after everything under that subdir.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace stacksim::objectstore {

/// Swift's CONTAINER_LISTING_LIMIT and ACCOUNT_LISTING_LIMIT.
inline constexpr std::size_t listing_limit = 10000;

struct ListingQuery {
  std::string prefix;
  std::string delimiter;  // empty or one character
  std::string marker;
  std::string end_marker;
  std::size_t limit = listing_limit;
};

/// One listed name: an item (a container or an object), or a subdir when `item` is empty.
template <class Item>
struct ListingEntry {
  std::string name;
  std::optional<Item> item;
};

/// A page of names from the store: up to `limit` items with name > `after` (>= when `inclusive`)
/// and, when `before` is not empty, name < `before`, in byte order.
struct ListingScan {
  std::string after;
  bool inclusive = false;
  std::string before;
  std::size_t limit = 0;
};

/// Runs Swift's listing loop over `fetch(ListingScan) -> std::vector<Item>`; Item has `name`.
template <class Item, class Fetch>
std::vector<ListingEntry<Item>> list_with_delimiter(const ListingQuery& query, Fetch fetch) {
  std::vector<ListingEntry<Item>> results;
  std::string marker = query.marker;
  while (results.size() < query.limit) {
    ListingScan scan{marker, false, query.end_marker, query.limit - results.size()};
    if (query.prefix > marker) scan = {query.prefix, true, query.end_marker, scan.limit};
    std::vector<Item> rows = fetch(scan);
    if (rows.empty()) break;
    bool rescan = false;
    for (Item& row : rows) {
      // Names are sorted: the first one without the prefix ends the listing.
      if (!row.name.starts_with(query.prefix)) return results;
      marker = row.name;
      const std::size_t end = query.delimiter.empty()
                                  ? std::string::npos
                                  : row.name.find(query.delimiter, query.prefix.size());
      if (end != std::string::npos) {
        std::string subdir = row.name.substr(0, end + 1);
        // Resume after every name under the subdir: its delimiter byte plus one.
        marker = row.name.substr(0, end) + static_cast<char>(query.delimiter[0] + 1);
        if (subdir != query.marker) results.push_back({std::move(subdir), std::nullopt});
        rescan = true;
        break;
      }
      std::string name = row.name;
      results.push_back({std::move(name), std::move(row)});
    }
    if (!rescan && rows.size() < scan.limit) break;
  }
  return results;
}

}  // namespace stacksim::objectstore
