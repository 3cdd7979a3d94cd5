// Security groups and their rules, validated as neutron.db.securitygroups_db does; each project's
// "default" group is created on first use with Neutron's four rules.

#include <algorithm>

#include "core/network/network_error.hpp"
#include "core/network/network_service.hpp"
#include "core/network/security_group_rules.hpp"
#include "core/store/savepoint.hpp"

namespace stacksim::network {
namespace {

constexpr const char* rule_columns =
    "SELECT id, security_group_id, project_id, direction, ethertype, protocol, port_range_min, "
    "port_range_max, remote_ip_prefix, remote_group_id FROM network_security_group_rules";

SecurityGroupRule read_rule(const store::Statement& s) {
  SecurityGroupRule r;
  r.id = s.column_text(0);
  r.security_group_id = s.column_text(1);
  r.project_id = s.column_text(2);
  r.direction = s.column_text(3);
  r.ethertype = s.column_text(4);
  r.protocol = s.column_optional_text(5);
  if (auto v = s.column_optional_int64(6)) r.port_range_min = static_cast<int>(*v);
  if (auto v = s.column_optional_int64(7)) r.port_range_max = static_cast<int>(*v);
  r.remote_ip_prefix = s.column_optional_text(8);
  r.remote_group_id = s.column_optional_text(9);
  return r;
}

}  // namespace

SecurityGroupRule NetworkService::get_security_group_rule(const std::string& id) {
  store::Statement& s = db_.cached(std::string(rule_columns) + " WHERE id = ?1");
  s.bind(1, id);
  if (!s.step()) {
    s.reset();
    throw security_group_rule_not_found(id);
  }
  SecurityGroupRule r = read_rule(s);
  s.reset();
  return r;
}

SecurityGroup NetworkService::get_security_group(const std::string& id) {
  store::Statement& s = db_.cached(
      "SELECT id, name, description, project_id FROM network_security_groups WHERE id = ?1");
  s.bind(1, id);
  if (!s.step()) {
    s.reset();
    throw security_group_not_found(id);
  }
  SecurityGroup g{s.column_text(0), s.column_text(1), s.column_text(2), s.column_text(3), {}};
  s.reset();
  store::Statement& rules =
      db_.cached(std::string(rule_columns) + " WHERE security_group_id = ?1 ORDER BY seq");
  rules.bind(1, id);
  while (rules.step())
    g.rules.push_back(read_rule(rules));
  rules.reset();
  return g;
}

SecurityGroup NetworkService::ensure_default_security_group_unlocked(
    const std::string& project_id) {
  store::Statement& q =
      db_.cached("SELECT id FROM network_security_groups WHERE project_id = ?1 AND is_default = 1");
  q.bind(1, project_id);
  std::optional<std::string> existing;
  if (q.step()) existing = q.column_text(0);
  q.reset();
  if (existing) return get_security_group(*existing);
  const NewId id = next_id();
  db_.cached("INSERT INTO network_security_groups VALUES (?1, ?2, 'default', ?3, ?4, 1)")
      .bind_all(id.id, id.seq, std::string("Default security group"), project_id)
      .execute();
  for (const char* direction : {"egress", "ingress"}) {
    for (const char* ethertype : {"IPv4", "IPv6"}) {
      SecurityGroupRule rule;
      rule.security_group_id = id.id;
      rule.project_id = project_id;
      rule.direction = direction;
      rule.ethertype = ethertype;
      if (rule.direction == "ingress") rule.remote_group_id = id.id;
      const NewId rule_id = next_id();
      db_.cached(
             "INSERT INTO network_security_group_rules VALUES (?1, ?2, ?3, ?4, ?5, ?6, NULL, NULL, "
             "NULL, NULL, ?7)")
          .bind_all(rule_id.id, rule_id.seq, id.id, project_id, rule.direction, rule.ethertype,
                    rule.remote_group_id)
          .execute();
    }
  }
  return get_security_group(id.id);
}

SecurityGroup NetworkService::ensure_default_security_group(const std::string& project_id) {
  store::Savepoint tx(db_);
  SecurityGroup g = ensure_default_security_group_unlocked(project_id);
  tx.commit();
  return g;
}

SecurityGroup NetworkService::create_security_group(const std::string& project_id,
                                                    const std::string& name,
                                                    const std::string& description) {
  store::Savepoint tx(db_);
  ensure_default_security_group_unlocked(project_id);
  if (name == "default") {
    throw conflict("SecurityGroupDefaultAlreadyExists", "Default security group already exists.");
  }
  quota_.check(project_id, "security_group");
  const NewId id = next_id();
  db_.cached("INSERT INTO network_security_groups VALUES (?1, ?2, ?3, ?4, ?5, 0)")
      .bind_all(id.id, id.seq, name, description, project_id)
      .execute();
  // A new group lets everything out, as Neutron's do.
  for (const char* ethertype : {"IPv4", "IPv6"}) {
    const NewId rule_id = next_id();
    db_.cached(
           "INSERT INTO network_security_group_rules VALUES (?1, ?2, ?3, ?4, 'egress', ?5, NULL, "
           "NULL, NULL, NULL, NULL)")
        .bind_all(rule_id.id, rule_id.seq, id.id, project_id, std::string(ethertype))
        .execute();
  }
  SecurityGroup g = get_security_group(id.id);
  tx.commit();
  return g;
}

std::vector<SecurityGroup> NetworkService::list_security_groups(
    const std::optional<std::string>& project_id) {
  if (project_id) ensure_default_security_group(*project_id);
  store::Statement& s = db_.cached(
      "SELECT id FROM network_security_groups WHERE ?1 IS NULL OR project_id = ?1 ORDER BY seq");
  s.bind(1, project_id);
  std::vector<std::string> ids;
  while (s.step())
    ids.push_back(s.column_text(0));
  s.reset();
  std::vector<SecurityGroup> out;
  for (const std::string& id : ids)
    out.push_back(get_security_group(id));
  return out;
}

SecurityGroup NetworkService::update_security_group(const std::string& id,
                                                    const std::optional<std::string>& name,
                                                    const std::optional<std::string>& description) {
  store::Savepoint tx(db_);
  SecurityGroup g = get_security_group(id);
  if (name && *name != g.name && (g.name == "default" || *name == "default")) {
    throw bad_request("security_group", "Updating default security group not allowed");
  }
  db_.cached("UPDATE network_security_groups SET name = ?2, description = ?3 WHERE id = ?1")
      .bind_all(id, name.value_or(g.name), description.value_or(g.description))
      .execute();
  g = get_security_group(id);
  tx.commit();
  return g;
}

void NetworkService::delete_security_group(const std::string& id) {
  store::Savepoint tx(db_);
  (void)get_security_group(id);  // SecurityGroupNotFound
  store::Statement& d = db_.cached("SELECT is_default FROM network_security_groups WHERE id = ?1");
  d.bind(1, id);
  d.step();
  const bool is_default = d.column_int(0) != 0;
  d.reset();
  if (is_default) {
    throw conflict("SecurityGroupCannotRemoveDefault",
                   "Insufficient rights for removing default security group.");
  }
  store::Statement& q =
      db_.cached("SELECT 1 FROM network_port_security_groups WHERE security_group_id = ?1");
  q.bind(1, id);
  const bool in_use = q.step();
  q.reset();
  if (in_use) throw conflict("SecurityGroupInUse", "Security Group " + id + " in use.");
  db_.cached("DELETE FROM network_security_group_rules WHERE remote_group_id = ?1")
      .bind(1, id)
      .execute();
  db_.cached("DELETE FROM network_security_groups WHERE id = ?1").bind(1, id).execute();
  tx.commit();
}

SecurityGroupRule NetworkService::create_security_group_rule(const SecurityGroupRuleRequest& r) {
  SecurityGroupRule rule = validated_rule(r);
  store::Savepoint tx(db_);
  const SecurityGroup group = get_security_group(r.security_group_id);
  if (rule.remote_group_id) (void)get_security_group(*rule.remote_group_id);
  quota_.check(r.project_id, "security_group_rule");
  for (const SecurityGroupRule& existing : group.rules) {
    // Neutron compares normalised rules: the protocol by number, not by spelling.
    const bool same = existing.direction == rule.direction &&
                      existing.ethertype == rule.ethertype &&
                      protocol_number(existing.protocol) == protocol_number(rule.protocol) &&
                      existing.port_range_min == rule.port_range_min &&
                      existing.port_range_max == rule.port_range_max &&
                      existing.remote_ip_prefix == rule.remote_ip_prefix &&
                      existing.remote_group_id == rule.remote_group_id;
    if (same) {
      throw conflict("SecurityGroupRuleExists",
                     "Security group rule already exists. Rule id is " + existing.id + ".");
    }
  }
  const NewId id = next_id();
  rule.id = id.id;
  db_.cached(
         "INSERT INTO network_security_group_rules VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
         "?10, "
         "?11)")
      .bind_all(id.id, id.seq, rule.security_group_id, rule.project_id, rule.direction,
                rule.ethertype, rule.protocol, rule.port_range_min, rule.port_range_max,
                rule.remote_ip_prefix, rule.remote_group_id)
      .execute();
  tx.commit();
  return rule;
}

void NetworkService::delete_security_group_rule(const std::string& id) {
  store::Savepoint tx(db_);
  (void)get_security_group_rule(id);  // SecurityGroupRuleNotFound
  db_.cached("DELETE FROM network_security_group_rules WHERE id = ?1").bind(1, id).execute();
  tx.commit();
}

}  // namespace stacksim::network
