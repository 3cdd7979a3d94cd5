#include "core/objectstore/storage_policy.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <set>
#include <stdexcept>

#include "core/objectstore/ring_errors.hpp"
#include "core/objectstore/text.hpp"

namespace stacksim::objectstore {

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

// Swift's config_true_value.
bool true_value(const std::string& v) {
  const std::string l = lower(trim(v));
  return l == "true" || l == "1" || l == "yes" || l == "on" || l == "t" || l == "y";
}

bool valid_name(const std::string& name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](unsigned char c) {
    return std::isalnum(c) != 0 || c == '-';
  });
}

}  // namespace

std::string StoragePolicy::ring_name() const {
  return index == 0 ? "object" : cat("object-", index);
}

StoragePolicies::StoragePolicies(std::vector<StoragePolicy> policies)
    : policies_(std::move(policies)) {
  if (policies_.empty()) throw std::invalid_argument("no storage policies");
  std::sort(policies_.begin(), policies_.end(),
            [](const StoragePolicy& a, const StoragePolicy& b) { return a.index < b.index; });
  std::set<int> indexes;
  std::set<std::string> names;
  for (StoragePolicy& p : policies_) {
    const std::string where = cat("storage-policy:", p.index);
    if (p.index < 0) throw std::invalid_argument(cat(where, ": Invalid index"));
    if (!indexes.insert(p.index).second)
      throw std::invalid_argument(cat(where, ": Duplicate index"));
    if (p.name.empty()) p.name = cat("Policy-", p.index);
    std::vector<std::string> all_names{p.name};
    all_names.insert(all_names.end(), p.aliases.begin(), p.aliases.end());
    for (const std::string& n : all_names) {
      if (!valid_name(n)) throw std::invalid_argument(cat(where, ": Invalid name '", n, "'"));
      if (lower(n) == "policy-0" && p.index != 0) {
        throw std::invalid_argument(
            cat(where, ": The name Policy-0 is reserved for policy index 0"));
      }
      if (!names.insert(lower(n)).second)
        throw std::invalid_argument(cat(where, ": Duplicate name ", n));
    }
    if (p.deprecated && p.is_default) {
      throw std::invalid_argument(cat(where, ": Deprecated policy can not be default"));
    }
  }
  if (std::all_of(policies_.begin(), policies_.end(), [](const auto& p) { return p.deprecated; })) {
    throw std::invalid_argument("Unable to find policy that's not deprecated!");
  }
  const auto defaults =
      std::count_if(policies_.begin(), policies_.end(), [](const auto& p) { return p.is_default; });
  if (defaults > 1) throw std::invalid_argument("Duplicate default storage policies");
  if (defaults == 0) {
    if (policies_.size() > 1)
      throw std::invalid_argument(
          "You must specify a storage policy section for policy index 0 or a default");
    policies_[0].is_default = true;
  }
}

StoragePolicies StoragePolicies::from_swift_conf(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw RingLoadError(cat("cannot read ", path.string()));
  std::vector<StoragePolicy> policies;
  StoragePolicy* current = nullptr;
  std::string line;
  int line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    const std::string t = trim(line);
    if (t.empty() || t[0] == '#' || t[0] == ';') continue;
    if (t.front() == '[') {
      const std::string section = trim(t.substr(1, t.size() - 2));
      current = nullptr;
      if (section.rfind("storage-policy:", 0) == 0) {
        StoragePolicy p;
        try {
          p.index = std::stoi(section.substr(15));
        } catch (const std::exception&) {
          throw std::invalid_argument(
              cat(path.string(), ':', line_no, ": bad section [", section, "]"));
        }
        policies.push_back(p);
        current = &policies.back();
      }
      continue;
    }
    if (current == nullptr) continue;
    const auto sep = t.find_first_of("=:");
    if (sep == std::string::npos) continue;
    const std::string key = lower(trim(t.substr(0, sep)));
    const std::string value = trim(t.substr(sep + 1));
    if (key == "name") {
      current->name = value;
    } else if (key == "aliases") {
      std::string alias;
      for (char c : value + ",") {
        if (c == ',') {
          if (!trim(alias).empty()) current->aliases.push_back(trim(alias));
          alias.clear();
        } else {
          alias += c;
        }
      }
    } else if (key == "default") {
      current->is_default = true_value(value);
    } else if (key == "deprecated") {
      current->deprecated = true_value(value);
    } else if (key == "policy_type") {
      if (value == "replication") {
        current->type = PolicyType::replication;
      } else if (value == "erasure_coding") {
        current->type = PolicyType::erasure_coding;
      } else {
        throw std::invalid_argument(cat(path.string(), ':', line_no, ": Invalid type ", value));
      }
    }
  }
  if (policies.empty()) {
    StoragePolicy legacy;
    legacy.is_default = true;
    policies.push_back(legacy);
  }
  return StoragePolicies(std::move(policies));
}

const StoragePolicy& StoragePolicies::default_policy() const {
  return *std::find_if(policies_.begin(), policies_.end(),
                       [](const auto& p) { return p.is_default; });
}

const StoragePolicy* StoragePolicies::by_index(int index) const {
  const auto it = std::find_if(policies_.begin(), policies_.end(),
                               [&](const auto& p) { return p.index == index; });
  return it == policies_.end() ? nullptr : &*it;
}

const StoragePolicy* StoragePolicies::by_name(const std::string& name) const {
  for (const StoragePolicy& p : policies_) {
    if (lower(p.name) == lower(name)) return &p;
    for (const std::string& a : p.aliases) {
      if (lower(a) == lower(name)) return &p;
    }
  }
  return nullptr;
}

RingSet::RingSet(const std::filesystem::path& dir, const StoragePolicies& policies,
                 const HashPathConfig& salt) {
  account_.emplace(Ring::load(dir / "account.ring.gz", salt));
  container_.emplace(Ring::load(dir / "container.ring.gz", salt));
  for (const StoragePolicy& p : policies.all()) {
    objects_.emplace(p.index, Ring::load(dir / cat(p.ring_name(), ".ring.gz"), salt));
  }
}

const Ring& RingSet::object(int policy_index) const {
  const auto it = objects_.find(policy_index);
  if (it == objects_.end()) throw std::out_of_range(cat("No policy with index ", policy_index));
  return it->second;
}

}  // namespace stacksim::objectstore
