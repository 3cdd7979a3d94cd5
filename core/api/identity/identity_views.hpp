#pragma once
// Keystone v3 representations of the identity entities, with their "links".

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/api/time_format.hpp"
#include "core/identity/catalog.hpp"
#include "core/identity/directory.hpp"
#include "core/identity/token.hpp"

namespace stacksim::api {

class IdentityViews {
 public:
  IdentityViews(std::string base_url, const TimeFormat& time)
      : v3_(std::move(base_url) + "/v3"), time_(time) {}

  [[nodiscard]] nlohmann::json domain(const identity::Domain& d) const;
  [[nodiscard]] nlohmann::json project(const identity::Project& p) const;
  [[nodiscard]] nlohmann::json user(const identity::User& u) const;
  [[nodiscard]] nlohmann::json role(const identity::Role& r) const;
  [[nodiscard]] nlohmann::json region(const identity::Region& r) const;
  [[nodiscard]] nlohmann::json service(const identity::CatalogService& s) const;
  [[nodiscard]] nlohmann::json endpoint(const identity::Endpoint& e) const;
  [[nodiscard]] nlohmann::json catalog(const std::vector<identity::CatalogEntry>& entries) const;
  /// The body of POST/GET /v3/auth/tokens; `domains` resolves the names of referenced domains.
  [[nodiscard]] nlohmann::json token(const identity::Token& t, identity::Directory& directory,
                                     bool with_catalog) const;

  /// {"<key>": [...], "links": {"self": ..., "previous": null, "next": null}}.
  [[nodiscard]] nlohmann::json collection(const std::string& key, const std::string& path,
                                          nlohmann::json items) const;

  [[nodiscard]] const std::string& v3() const noexcept { return v3_; }

 private:
  [[nodiscard]] nlohmann::json links(const std::string& path) const;

  std::string v3_;
  const TimeFormat& time_;
};

}  // namespace stacksim::api
