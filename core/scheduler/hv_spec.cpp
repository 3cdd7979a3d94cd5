#include "core/scheduler/hv_spec.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <tuple>

#include "core/scheduler/invalid_request.hpp"
#include "core/scheduler/python_text.hpp"

namespace stacksim::scheduler {
namespace {

std::string lower(std::string_view name) {
  std::string out(name);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& all, std::string_view name) {
  return std::find(all.begin(), all.end(), name) != all.end();
}

constexpr std::array<std::string_view, 34> kArchitectures{
    "alpha",  "armv6",    "armv7l",    "armv7b",     "aarch64",      "cris",    "i686",
    "ia64",   "lm32",     "m68k",      "microblaze", "microblazeel", "mips",    "mipsel",
    "mips64", "mips64el", "openrisc",  "parisc",     "parisc64",     "ppc",     "ppcle",
    "ppc64",  "ppc64le",  "ppcemb",    "s390",       "s390x",        "sh4",     "sh4eb",
    "sparc",  "sparc64",  "unicore32", "x86_64",     "xtensa",       "xtensaeb"};

constexpr std::array<std::string_view, 22> kHvTypes{
    "baremetal", "bhyve", "docker", "fake",      "hyperv", "ironic", "kqemu", "kvm",
    "lxc",       "lxd",   "openvz", "parallels", "phyp",   "qemu",   "test",  "uml",
    "vbox",      "vz",    "vmware", "xen",       "zvm",    "prsm"};

constexpr std::array<std::string_view, 4> kVmModes{"hvm", "xen", "uml", "exe"};

bool digits_only(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::int64_t to_int(std::string_view s) {
  std::int64_t v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

}  // namespace

std::optional<std::string> canonical_architecture(std::string_view name) {
  std::string n = lower(name);
  if (n == "i386" || n == "i486" || n == "i586" || n == "x86_32" || n == "x86_32p") n = "i686";
  if (n == "amd64") n = "x86_64";
  if (!contains(kArchitectures, n)) return std::nullopt;
  return n;
}

std::optional<std::string> canonical_hv_type(std::string_view name) {
  std::string n = lower(name);
  if (n == "xapi") n = "xen";
  if (!contains(kHvTypes, n)) return std::nullopt;
  return n;
}

std::optional<std::string> canonical_vm_mode(std::string_view name) {
  std::string n = lower(name);
  if (n == "pv") n = "xen";
  if (n == "hv" || n == "baremetal") n = "hvm";
  if (!contains(kVmModes, n)) return std::nullopt;
  return n;
}

std::optional<HypervisorVersionRequirement::StrictVersion>
HypervisorVersionRequirement::parse_strict(std::string_view text) {
  // ^(\d+)\.(\d+)(\.(\d+))?([ab](\d+))?$
  StrictVersion v;
  std::size_t pre = text.find_first_of("ab");
  std::string_view numbers = text.substr(0, pre);
  if (pre != std::string_view::npos) {
    const std::string_view tag_number = text.substr(pre + 1);
    if (!digits_only(tag_number)) return std::nullopt;
    v.pre_tag = text[pre];
    v.pre_number = to_int(tag_number);
  }
  std::array<std::string_view, 3> parts;
  std::size_t count = 0;
  while (true) {
    const std::size_t dot = numbers.find('.');
    if (count == parts.size()) return std::nullopt;
    parts[count++] = numbers.substr(0, dot);
    if (dot == std::string_view::npos) break;
    numbers.remove_prefix(dot + 1);
  }
  if (count < 2) return std::nullopt;
  for (std::size_t i = 0; i < count; ++i) {
    if (!digits_only(parts[i])) return std::nullopt;
  }
  v.major = to_int(parts[0]);
  v.minor = to_int(parts[1]);
  v.patch = count == 3 ? to_int(parts[2]) : 0;
  return v;
}

int HypervisorVersionRequirement::compare(const StrictVersion& a, const StrictVersion& b) {
  const auto ta = std::tie(a.major, a.minor, a.patch);
  const auto tb = std::tie(b.major, b.minor, b.patch);
  if (ta != tb) return ta < tb ? -1 : 1;
  // A release sorts after any of its pre-releases.
  if (a.pre_tag == 0 || b.pre_tag == 0) {
    if (a.pre_tag == b.pre_tag) return 0;
    return a.pre_tag == 0 ? 1 : -1;
  }
  const auto pa = std::tie(a.pre_tag, a.pre_number);
  const auto pb = std::tie(b.pre_tag, b.pre_number);
  if (pa == pb) return 0;
  return pa < pb ? -1 : 1;
}

HypervisorVersionRequirement::HypervisorVersionRequirement(std::string_view text) {
  std::string_view rest = text;
  while (true) {
    const std::size_t comma = rest.find(',');
    std::string_view pred = python_strip(rest.substr(0, comma));
    Cmp cmp{};
    std::size_t op_len = 2;
    if (pred.starts_with("<=")) {
      cmp = Cmp::le;
    } else if (pred.starts_with(">=")) {
      cmp = Cmp::ge;
    } else if (pred.starts_with("!=")) {
      cmp = Cmp::ne;
    } else if (pred.starts_with("==")) {
      cmp = Cmp::eq;
    } else if (pred.starts_with("<")) {
      cmp = Cmp::lt;
      op_len = 1;
    } else if (pred.starts_with(">")) {
      cmp = Cmp::gt;
      op_len = 1;
    } else {
      throw InvalidRequest("bad package restriction syntax: '" + std::string(pred) + "'");
    }
    const std::string_view version_text = python_strip(pred.substr(op_len));
    const auto version = parse_strict(version_text);
    if (!version) {
      throw InvalidRequest("invalid version number '" + std::string(version_text) + "'");
    }
    predicates_.push_back({cmp, *version});
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
}

bool HypervisorVersionRequirement::satisfied_by(std::int64_t hypervisor_version) const {
  // oslo convert_version_to_str: 6002000 -> "6.2.0" (three decimal digits per part).
  std::array<std::int64_t, 3> parts{};  // least significant first
  std::size_t count = 0;
  for (std::int64_t v = hypervisor_version; v != 0; v /= 1000) {
    if (count == parts.size()) return false;  // "1.2.3.4" is not a StrictVersion
    parts[count++] = v % 1000;
  }
  if (count < 2) return false;
  const StrictVersion host = count == 3 ? StrictVersion{parts[2], parts[1], parts[0], 0, 0}
                                        : StrictVersion{parts[1], parts[0], 0, 0, 0};
  for (const Predicate& p : predicates_) {
    const int c = compare(host, p.version);
    bool ok = false;
    switch (p.cmp) {
      case Cmp::lt:
        ok = c < 0;
        break;
      case Cmp::le:
        ok = c <= 0;
        break;
      case Cmp::gt:
        ok = c > 0;
        break;
      case Cmp::ge:
        ok = c >= 0;
        break;
      case Cmp::eq:
        ok = c == 0;
        break;
      case Cmp::ne:
        ok = c != 0;
        break;
    }
    if (!ok) return false;
  }
  return true;
}

}  // namespace stacksim::scheduler
