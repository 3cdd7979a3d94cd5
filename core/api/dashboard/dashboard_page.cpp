#include "core/api/dashboard/dashboard_page.hpp"

#include "core/api/dashboard/html_text.hpp"

namespace stacksim::api {
namespace {

std::string head(std::string_view title) {
  return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" +
         xml_escape(title) +
         "</title><link rel=\"stylesheet\" href=\"/dashboard/static/dashboard.css\"></head><body>";
}

std::string cell(std::string_view text) {
  return "<td>" + xml_escape(text) + "</td>";
}

/// A utilisation bar with its figures: "<meter> 3 / 8 vCPU".
std::string usage_cell(std::int64_t used, std::int64_t total, std::string_view unit) {
  const std::string u = std::to_string(used);
  const std::string t = std::to_string(total);
  // Amber from 75 %, red from 90 %: where overcommit starts to bite.
  return "<td class=\"usage\"><meter min=\"0\" max=\"" + t + "\" low=\"" +
         fixed_decimals(0.75 * static_cast<double>(total), 1) + "\" high=\"" +
         fixed_decimals(0.9 * static_cast<double>(total), 1) + "\" optimum=\"0\" value=\"" + u +
         "\"></meter> " + u + " / " + t + " " + xml_escape(unit) + "</td>";
}

std::string admin_only(std::string_view section_id, std::string_view title) {
  return "<section id=\"" + std::string(section_id) + "\"><h2>" + xml_escape(title) +
         "</h2><p class=\"admin-only\">admin only</p></section>";
}

std::string clock_section(const DashboardView& view, const TimeFormat& time) {
  return "<section id=\"clock\"><h2>Simulated clock</h2><p><time>" +
         xml_escape(time.iso8601(view.clock)) + "</time> (" +
         fixed_decimals(runtime::to_seconds(view.clock.time_since_epoch()), 1) +
         " s since the simulation started)</p></section>";
}

std::string hosts_section(const DashboardView& view) {
  if (!view.hosts) return admin_only("hosts", "Hosts");
  std::string out =
      "<section id=\"hosts\"><h2>Hosts</h2><table><thead><tr><th>Host</th><th>State</th>"
      "<th>Status</th><th>vCPUs</th><th>RAM</th><th>Disk</th><th>Instances</th></tr></thead>"
      "<tbody>";
  for (const HostRow& h : *view.hosts) {
    out += "<tr class=\"host\" data-name=\"" + xml_escape(h.name) + "\">" + cell(h.name) +
           cell(h.up ? "up" : "down") + cell(h.disabled ? "disabled" : "enabled") +
           usage_cell(h.vcpus_used, h.vcpus, "vCPU") +
           usage_cell(h.memory_mb_used, h.memory_mb, "MB") +
           usage_cell(h.disk_gb_used, h.disk_gb, "GB") + cell(std::to_string(h.instances)) +
           "</tr>";
  }
  return out + "</tbody></table></section>";
}

std::string instances_section(const DashboardView& view) {
  std::string out =
      "<section id=\"instances\"><h2>Instances</h2><table><thead><tr><th>Name</th>"
      "<th>Status</th><th>Host</th><th>Flavor</th><th>Addresses</th></tr></thead><tbody>";
  for (const InstanceRow& i : view.instances) {
    std::string addresses;
    for (const std::string& a : i.addresses)
      addresses += (addresses.empty() ? "" : ", ") + a;
    out += "<tr class=\"instance\" data-id=\"" + xml_escape(i.id) + "\">" + cell(i.name) +
           "<td class=\"status\">" + xml_escape(i.status) + "</td>" +
           (i.host ? cell(*i.host) : std::string("<td class=\"admin-only\">admin only</td>")) +
           cell(i.flavor) + cell(addresses) + "</tr>";
  }
  if (view.instances.empty()) out += "<tr><td colspan=\"5\">No instances.</td></tr>";
  return out + "</tbody></table></section>";
}

std::string networks_section(const DashboardView& view) {
  std::string out =
      "<section id=\"networks\"><h2>Networks</h2><table><thead><tr><th>Name</th><th>Status</th>"
      "<th>Shared</th><th>External</th><th>Subnets</th></tr></thead><tbody>";
  for (const NetworkRow& n : view.networks) {
    std::string subnets;
    for (const SubnetRow& s : n.subnets) {
      subnets += "<li>" + xml_escape(s.name) + " " + xml_escape(s.cidr) +
                 (s.gateway.empty() ? "" : " gateway " + xml_escape(s.gateway)) + "</li>";
    }
    out += "<tr class=\"network\" data-id=\"" + xml_escape(n.id) + "\">" + cell(n.name) +
           cell(n.status) + cell(n.shared ? "yes" : "no") + cell(n.external ? "yes" : "no") +
           "<td><ul>" + subnets + "</ul></td></tr>";
  }
  if (view.networks.empty()) out += "<tr><td colspan=\"5\">No networks.</td></tr>";
  return out + "</tbody></table></section>";
}

std::string rings_section(const DashboardView& view) {
  if (!view.rings) return admin_only("rings", "Rings");
  std::string out = "<section id=\"rings\"><h2>Rings</h2>";
  if (view.rings->empty()) out += "<p>The scenario has no Swift rings.</p>";
  for (const RingRow& r : *view.rings) {
    out += "<div class=\"ring\" data-name=\"" + xml_escape(r.name) + "\"><h3>" +
           xml_escape(r.name) + " ring</h3><p>" + std::to_string(r.partitions) + " partitions, " +
           fixed_decimals(r.replicas, 2) + " replicas, balance " + fixed_decimals(r.balance, 2) +
           ", dispersion " + fixed_decimals(r.dispersion, 2) +
           "</p><table><thead><tr><th>Id</th><th>Region</th><th>Zone</th><th>Address</th>"
           "<th>Device</th><th>Weight</th><th>Partitions</th><th>Balance</th></tr></thead><tbody>";
    for (const RingDeviceRow& d : r.devices) {
      out += "<tr class=\"device\">" + cell(std::to_string(d.id)) + cell(std::to_string(d.region)) +
             cell(std::to_string(d.zone)) + cell(d.address) + cell(d.device) +
             cell(fixed_decimals(d.weight, 2)) + cell(std::to_string(d.partitions)) +
             cell(fixed_decimals(d.balance, 2)) + "</tr>";
    }
    out += "</tbody></table></div>";
  }
  return out + "</section>";
}

}  // namespace

std::string render_login_page(std::string_view message) {
  std::string out = head("stacksim dashboard: log in") + "<main class=\"login\"><h1>stacksim</h1>";
  if (!message.empty()) out += "<p class=\"error\" role=\"alert\">" + xml_escape(message) + "</p>";
  return out +
         "<form method=\"post\" action=\"/dashboard/login\">"
         "<label>User name <input name=\"username\" autocomplete=\"username\" required></label>"
         "<label>Password <input name=\"password\" type=\"password\" "
         "autocomplete=\"current-password\" required></label>"
         "<label>Project <input name=\"project\" required></label>"
         "<button type=\"submit\">Log in</button></form></main></body></html>";
}

std::string render_dashboard_sections(const DashboardView& view, const TimeFormat& time) {
  return clock_section(view, time) + hosts_section(view) + instances_section(view) +
         networks_section(view) + rings_section(view);
}

std::string render_dashboard_page(const DashboardView& view, const TimeFormat& time) {
  return head("stacksim dashboard") + "<header><h1>stacksim</h1><p>Signed in as <b>" +
         xml_escape(view.user) + "</b> in project <b>" + xml_escape(view.project) + "</b>" +
         (view.admin ? " (admin)" : "") +
         "</p><form method=\"post\" action=\"/dashboard/logout\"><button type=\"submit\">"
         "Log out</button></form></header><main id=\"sections\">" +
         render_dashboard_sections(view, time) +
         "</main><script src=\"/dashboard/static/dashboard.js\"></script></body></html>";
}

}  // namespace stacksim::api
