#pragma once
// A control plane with the REST API on a simulator, driven in-process: call() hands a request to
// the application as the HTTP server would and runs the simulator until the response is ready.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "core/api/api_application.hpp"
#include "core/api/identity/identity_api.hpp"
#include "core/api/image/image_api.hpp"
#include "core/identity/identity_service.hpp"
#include "core/store/database.hpp"
#include "sim/engine/simulator.hpp"
#include "tests/api/api_call.hpp"
#include "tests/image/fixed_rate_storage.hpp"

namespace stacksim::testing {

inline identity::IdentityConfig fast_identity() {
  identity::IdentityConfig c;
  c.password_hash_rounds = 1000;
  return c;
}

class ApiFixture {
 public:
  explicit ApiFixture(api::ApiConfig config = {})
      : db_(store::Database::open_in_memory()),
        keystone_(db_, sim_, fast_identity()),
        app_(std::move(config), keystone_, sim_),
        identity_api_(app_),
        images_(db_, sim_, keystone_.policy(), storage_),
        image_api_(app_, images_, "controller") {
    identity::BootstrapOptions b;
    b.admin_password = "secret-admin-pw";
    b.public_url = b.internal_url = b.admin_url = app_.config().public_url + "/v3";
    boot_ = keystone_.bootstrap(b);
    identity_api_.add_routes(app_.routes());
    image_api_.add_routes(app_.routes());
  }

  ApiReply call(const std::string& method, const std::string& path,
                const std::optional<nlohmann::json>& body = std::nullopt,
                const std::string& token = {},
                std::vector<std::pair<std::string, std::string>> headers = {}) {
    return send(make_request(method, path, body, token, std::move(headers)));
  }

  ApiReply send(api::HttpRequest request) { return run_request(app_, sim_, std::move(request)); }

  /// A project-scoped token by user and project name in the default domain.
  std::string token_for(const std::string& user, const std::string& password,
                        const std::string& project) {
    const ApiReply r = call("POST", "/v3/auth/tokens", password_auth(user, password, project));
    REQUIRE(r.status == 201);
    return r.header("X-Subject-Token");
  }
  std::string admin_token() { return token_for("admin", "secret-admin-pw", "admin"); }

  static nlohmann::json password_auth(const std::string& user, const std::string& password,
                                      const std::string& project) {
    return testing::password_auth(user, password, project);
  }

  /// A project with a member user in it; returns {project id, user id}.
  std::pair<std::string, std::string> make_member(const std::string& project,
                                                  const std::string& user,
                                                  const std::string& password) {
    const std::string admin = admin_token();
    const ApiReply p =
        call("POST", "/v3/projects",
             nlohmann::json{{"project", {{"name", project}, {"domain_id", "default"}}}}, admin);
    REQUIRE(p.status == 201);
    const ApiReply u =
        call("POST", "/v3/users",
             nlohmann::json{
                 {"user", {{"name", user}, {"domain_id", "default"}, {"password", password}}}},
             admin);
    REQUIRE(u.status == 201);
    const std::string pid = p.json()["project"]["id"];
    const std::string uid = u.json()["user"]["id"];
    const ApiReply g =
        call("PUT", "/v3/projects/" + pid + "/users/" + uid + "/roles/" + boot_.member_role.id,
             std::nullopt, admin);
    REQUIRE(g.status == 204);
    return {pid, uid};
  }

  sim::Simulator& sim() { return sim_; }
  identity::IdentityService& keystone() { return keystone_; }
  api::ApiApplication& app() { return app_; }
  const identity::BootstrapResult& boot() const { return boot_; }
  store::Database& db() { return db_; }
  FixedRateStorage& storage() { return storage_; }

 private:
  sim::Simulator sim_;
  store::Database db_;
  identity::IdentityService keystone_;
  api::ApiApplication app_;
  api::IdentityApi identity_api_;
  FixedRateStorage storage_{1e6};  // 1 MB/s: uploads take visible simulated time
  image::ImageService images_;
  api::ImageApi image_api_;
  identity::BootstrapResult boot_;
};

}  // namespace stacksim::testing
