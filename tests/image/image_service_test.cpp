#include <catch2/catch.hpp>

#include "core/identity/policy_engine.hpp"
#include "core/image/image_lifecycle.hpp"
#include "core/image/image_service.hpp"
#include "core/runtime/spawn.hpp"
#include "sim/engine/simulator.hpp"
#include "tests/identity/error_of.hpp"
#include "tests/identity/temp_database.hpp"
#include "tests/image/fixed_rate_storage.hpp"

using namespace stacksim::image;
using namespace std::chrono_literals;
using stacksim::identity::PolicyEngine;
using stacksim::identity::RequestContext;
using stacksim::runtime::ServiceError;
using stacksim::runtime::Task;
using stacksim::runtime::TimePoint;
using stacksim::sim::Simulator;
using stacksim::store::Database;
using stacksim::testing::error_of;
using stacksim::testing::FixedRateStorage;

namespace {

const RequestContext admin = RequestContext::for_project("admin", "p-admin", {"admin"});
const RequestContext alice = RequestContext::for_project("alice", "p-alice", {"member"});
const RequestContext bob = RequestContext::for_project("bob", "p-bob", {"member"});

struct Glance {
  Simulator sim;
  Database db;
  PolicyEngine policy;
  FixedRateStorage storage{1e6};  // 1 MB/s so transfers take visible time
  ImageService images;

  explicit Glance(Database database)
      : db(std::move(database)), policy(db), images(db, sim, policy, storage) {}
  Glance() : Glance(Database::open_in_memory()) {}

  Image upload(const RequestContext& ctx, const std::string& id, ImageData data,
               std::optional<std::int64_t> expected = std::nullopt) {
    std::optional<Image> result;
    auto body = [](ImageService& svc, RequestContext c, std::string i, ImageData d,
                   std::optional<std::int64_t> e, std::optional<Image>& out) -> Task<void> {
      std::string source = "client";
      out = co_await svc.upload(std::move(c), std::move(i), std::move(d), std::move(source), e);
    };
    auto handle =
        stacksim::runtime::spawn(sim, body(images, ctx, id, std::move(data), expected, result));
    sim.run_until_idle();
    handle.rethrow_if_failed();
    return *result;
  }
};

ImageCreate cirros(Visibility visibility = Visibility::shared) {
  ImageCreate c;
  c.name = "cirros";
  c.disk_format = "qcow2";
  c.container_format = "bare";
  c.visibility = visibility;
  return c;
}

}  // namespace

TEST_CASE("an image is created queued, uploaded through saving to active, with md5 and sha512") {
  Glance g;
  const Image created = g.images.create(alice, cirros());
  CHECK(created.status == ImageStatus::queued);
  CHECK(created.owner == "p-alice");
  CHECK(created.visibility == Visibility::shared);
  CHECK(created.id.size() == 36);

  // Watch the status while the 5-byte transfer (1 ms latency + 5 us) is in flight.
  std::optional<Image> result;
  auto body = [](ImageService& svc, std::string id, std::optional<Image>& out) -> Task<void> {
    RequestContext ctx = alice;
    ImageData data = ImageData::from_bytes("hello");
    std::string source = "client";
    out = co_await svc.upload(std::move(ctx), std::move(id), std::move(data), std::move(source));
  };
  auto handle = stacksim::runtime::spawn(g.sim, body(g.images, created.id, result));
  g.sim.run_until(TimePoint(500us));
  CHECK(g.images.get(alice, created.id).status == ImageStatus::saving);
  g.sim.run_until_idle();
  handle.rethrow_if_failed();
  REQUIRE(result);
  CHECK(result->status == ImageStatus::active);
  CHECK(result->size == 5);
  CHECK(result->checksum == "5d41402abc4b2a76b9719d911017c592");
  CHECK(result->os_hash_algo == "sha512");
  CHECK(
      result->os_hash_value ==
      "9b71d224bd62f3785d96d46ad3ea3d73319bfbc2890caadae2dff72519673ca72323c3d99ba5c11d7c7acc6e14b"
      "8c5da0c4663475c2e5c3adef46f73bcdec043");
  CHECK(result->location == "glance-store/" + created.id);
  REQUIRE(g.storage.transfers.size() == 1);
  CHECK(g.storage.transfers[0].source == "client");
  CHECK(g.storage.transfers[0].destination == "glance-store");
  CHECK(g.storage.transfers[0].kind == stacksim::runtime::TransferKind::image_upload);
  CHECK(g.sim.now() == TimePoint(1005us));
}

TEST_CASE("Glance's status transitions") {
  using S = ImageStatus;
  CHECK(transition_allowed(S::queued, S::saving));
  CHECK(transition_allowed(S::queued, S::active));
  CHECK(transition_allowed(S::saving, S::killed));
  CHECK(transition_allowed(S::saving, S::queued));
  CHECK(transition_allowed(S::active, S::deactivated));
  CHECK(transition_allowed(S::deactivated, S::active));
  CHECK(transition_allowed(S::killed, S::deleted));
  CHECK_FALSE(transition_allowed(S::active, S::saving));
  CHECK_FALSE(transition_allowed(S::active, S::queued));
  CHECK_FALSE(transition_allowed(S::killed, S::active));
  CHECK_FALSE(transition_allowed(S::deleted, S::active));
  CHECK_FALSE(transition_allowed(S::queued, S::deactivated));
}

TEST_CASE("invalid transitions and state-dependent refusals carry Glance's errors") {
  Glance g;
  const Image img = g.images.create(alice, cirros());
  ServiceError e = error_of([&] { g.images.deactivate(admin, img.id); });
  CHECK(e.type() == "Forbidden");
  CHECK(std::string(e.what()) == "Not allowed to deactivate image in status 'queued'");

  g.upload(alice, img.id, ImageData::from_bytes("data"));
  e = error_of([&] { g.upload(alice, img.id, ImageData::from_bytes("again")); });
  CHECK(e.type() == "InvalidImageStatusTransition");
  CHECK(e.http_status() == 409);
  CHECK(std::string(e.what()) == "Image status transition from active to saving is not allowed");

  ImageUpdate change_format;
  change_format.disk_format = "raw";
  e = error_of([&] { g.images.update(alice, img.id, change_format); });
  CHECK(std::string(e.what()) == "Attribute disk_format can be only replaced for a queued image.");

  e = error_of([&] { g.images.deactivate(alice, img.id); });
  CHECK(e.type() == "PolicyNotAuthorized");
  CHECK(g.images.deactivate(admin, img.id).status == ImageStatus::deactivated);
  CHECK(g.images.reactivate(admin, img.id).status == ImageStatus::active);

  ImageCreate no_format;
  no_format.name = "blank";
  const Image blank = g.images.create(alice, no_format);
  e = error_of([&] { g.upload(alice, blank.id, ImageData::from_bytes("x")); });
  CHECK(e.type() == "BadRequest");
  CHECK(std::string(e.what()) ==
        "Properties disk_format, container_format must be set prior to saving data.");
  CHECK(g.images.get(alice, blank.id).status == ImageStatus::queued);
}

TEST_CASE("formats, reserved properties and negative minimums are validated") {
  Glance g;
  ImageCreate bad = cirros();
  bad.disk_format = "qcow3";
  ServiceError e = error_of([&] { g.images.create(alice, bad); });
  CHECK(e.type() == "BadRequest");
  CHECK_THAT(e.what(), Catch::StartsWith("Provided object does not match schema 'image': 'qcow3' "
                                         "is not one of ['ami', 'ari', 'aki', 'vhd', 'vmdk', "
                                         "'raw', 'qcow2', 'vdi', 'iso']"));
  bad = cirros();
  bad.container_format = "zip";
  CHECK(error_of([&] { g.images.create(alice, bad); }).type() == "BadRequest");
  for (const char* format : {"raw", "qcow2", "vhd", "vmdk", "vdi", "iso", "aki", "ari", "ami"}) {
    ImageCreate ok = cirros();
    ok.disk_format = format;
    CHECK_NOTHROW(g.images.create(alice, ok));
  }
  bad = cirros();
  bad.properties["status"] = "active";
  e = error_of([&] { g.images.create(alice, bad); });
  CHECK(e.type() == "Forbidden");
  CHECK(std::string(e.what()) == "Attribute 'status' is reserved.");
  bad = cirros();
  bad.min_ram = -1;
  CHECK(std::string(error_of([&] { g.images.create(alice, bad); }).what()) ==
        "Invalid value '-1' for parameter 'min_ram': Cannot be a negative value");
}

TEST_CASE("a failed upload restores the image to queued and a size mismatch kills it") {
  Glance g;
  const Image img = g.images.create(alice, cirros());
  g.storage.fail_to.insert("glance-store");
  CHECK_THROWS_WITH(g.upload(alice, img.id, ImageData::from_bytes("data")),
                    Catch::Contains("link down"));
  CHECK(g.images.get(alice, img.id).status == ImageStatus::queued);
  g.storage.fail_to.clear();
  CHECK(g.upload(alice, img.id, ImageData::from_bytes("data")).status == ImageStatus::active);

  const Image other = g.images.create(alice, cirros());
  CHECK_THROWS_WITH(g.upload(alice, other.id, ImageData::from_bytes("data"), 10),
                    Catch::Contains("does not match the expected size (10)"));
  CHECK(g.images.get(alice, other.id).status == ImageStatus::killed);
}

TEST_CASE("tags, properties, protection and deletion") {
  Glance g;
  ImageCreate c = cirros();
  c.properties = {{"hw_architecture", "x86_64"}};
  c.tags = {"base"};
  const Image img = g.images.create(alice, c);
  g.images.add_tag(alice, img.id, "ubuntu");
  CHECK(g.images.get(alice, img.id).tags == std::set<std::string>{"base", "ubuntu"});
  g.images.remove_tag(alice, img.id, "base");
  CHECK(error_of([&] { g.images.remove_tag(alice, img.id, "base"); }).http_status() == 404);
  ImageUpdate u;
  u.set_properties = {{"img_hv_type", "kvm"}};
  u.remove_properties = {"hw_architecture"};
  u.is_protected = true;
  u.min_disk = 1;
  const Image updated = g.images.update(alice, img.id, u);
  CHECK(updated.properties == std::map<std::string, std::string>{{"img_hv_type", "kvm"}});
  CHECK(updated.min_disk == 1);
  CHECK(g.images.list(alice, {std::nullopt, std::nullopt, std::nullopt, std::string("ubuntu")})
            .size() == 1);

  const ServiceError e = error_of([&] { g.images.delete_image(alice, img.id); });
  CHECK(e.type() == "ProtectedImageDelete");
  CHECK(std::string(e.what()) == "Image " + img.id + " is protected and cannot be deleted.");
  ImageUpdate unprotect;
  unprotect.is_protected = false;
  g.images.update(alice, img.id, unprotect);
  g.images.delete_image(alice, img.id);
  const ServiceError gone = error_of([&] { (void)g.images.get(alice, img.id); });
  CHECK(gone.type() == "ImageNotFound");
  CHECK(std::string(gone.what()) == "No image found with ID " + img.id);
  CHECK(g.images.list(alice).empty());
}

TEST_CASE("visibility: private, shared with members, public, community") {
  Glance g;
  const Image priv = g.images.create(alice, cirros(Visibility::private_));
  const Image shared = g.images.create(alice, cirros(Visibility::shared));
  const Image community = g.images.create(alice, cirros(Visibility::community));
  CHECK(error_of([&] { g.images.create(alice, cirros(Visibility::public_)); }).type() ==
        "PolicyNotAuthorized");
  const Image pub = g.images.create(admin, cirros(Visibility::public_));

  CHECK(error_of([&] { (void)g.images.get(bob, priv.id); }).type() == "ImageNotFound");
  CHECK(error_of([&] { (void)g.images.get(bob, shared.id); }).type() == "ImageNotFound");
  CHECK(g.images.get(bob, community.id).id == community.id);
  CHECK(g.images.get(bob, pub.id).id == pub.id);
  CHECK(g.images.list(bob).size() == 1);  // public only; community is listed on request
  ImageFilters communities;
  communities.visibility = Visibility::community;
  CHECK(g.images.list(bob, communities).size() == 1);
  CHECK(g.images.list(alice).size() == 4);  // own images (all) + public

  // Sharing: a pending member can see the image but does not list it until it accepts.
  CHECK(g.images.add_member(alice, shared.id, "p-bob").status == MemberStatus::pending);
  CHECK(g.images.get(bob, shared.id).id == shared.id);
  CHECK(g.images.list(bob).size() == 1);
  CHECK(error_of([&] {
          g.images.update_member(alice, shared.id, "p-bob", MemberStatus::accepted);
        }).type() == "PolicyNotAuthorized");  // only the member decides
  g.images.update_member(bob, shared.id, "p-bob", MemberStatus::accepted);
  CHECK(g.images.list(bob).size() == 2);
  CHECK(g.images.list_members(bob, shared.id).size() == 1);
  CHECK(error_of([&] { g.images.add_member(alice, shared.id, "p-bob"); }).type() == "Conflict");
  CHECK(std::string(error_of([&] { g.images.add_member(alice, priv.id, "p-bob"); }).what()) ==
        "Only shared images have members.");
  CHECK(error_of([&] { g.images.update(bob, shared.id, ImageUpdate{}); }).type() ==
        "PolicyNotAuthorized");
  g.images.remove_member(alice, shared.id, "p-bob");
  CHECK(error_of([&] { (void)g.images.get(bob, shared.id); }).type() == "ImageNotFound");
}

TEST_CASE("registering a location makes an image active without an upload") {
  Glance g;
  const Image img = g.images.create(admin, cirros(Visibility::public_));
  const ImageDigest digest = ImageData::pattern(3 << 20, 42).digest();
  CHECK(digest.size == 3 << 20);
  CHECK(ImageData::pattern(3 << 20, 42).digest().md5 == digest.md5);  // deterministic
  CHECK(ImageData::pattern(3 << 20, 43).digest().md5 != digest.md5);
  const Image active = g.images.add_location(
      admin, img.id, {"rbd://images/" + img.id, 3 << 20, digest.md5, digest.sha512});
  CHECK(active.status == ImageStatus::active);
  CHECK(active.size == 3 << 20);
  CHECK(g.storage.transfers.empty());
  CHECK(error_of([&] {
          g.images.add_location(admin, img.id, {"x", 1, digest.md5, digest.sha512});
        }).type() == "InvalidImageStatusTransition");
  const Image other = g.images.create(alice, cirros());
  CHECK(error_of([&] {
          g.images.add_location(alice, other.id, {"x", 1, digest.md5, digest.sha512});
        }).type() == "PolicyNotAuthorized");
}

TEST_CASE("images persist across reopen of the database file") {
  const auto path = stacksim::testing::temp_database("image", "images.db");
  std::string id;
  {
    Glance g(Database::open(path));
    ImageCreate c = cirros();
    c.properties = {{"os_distro", "cirros"}};
    c.tags = {"tiny"};
    id = g.images.create(alice, c).id;
    g.upload(alice, id, ImageData::from_bytes("hello"));
    g.images.add_member(alice, id, "p-bob");
  }
  Glance g(Database::open(path));
  const Image img = g.images.get(bob, id);
  CHECK(img.status == ImageStatus::active);
  CHECK(img.checksum == "5d41402abc4b2a76b9719d911017c592");
  CHECK(img.properties.at("os_distro") == "cirros");
  CHECK(img.tags.contains("tiny"));
  // New ids continue the sequence.
  CHECK(g.images.create(alice, cirros()).id != id);
}
