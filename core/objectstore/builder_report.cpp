#include "core/objectstore/builder_report.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <set>
#include <tuple>

#include "core/objectstore/dispersion.hpp"
#include "core/objectstore/ring_errors.hpp"
#include "core/objectstore/text.hpp"

namespace stacksim::objectstore {

namespace {

// printf into a std::string (Swift's reports are %-formatted).
[[gnu::format(printf, 1, 2)]] std::string fmt(const char* format, ...) {
  va_list args;
  va_start(args, format);
  va_list copy;
  va_copy(copy, args);
  const int n = std::vsnprintf(nullptr, 0, format, copy);
  va_end(copy);
  std::string out(static_cast<std::size_t>(std::max(n, 0)) + 1, '\0');
  std::vsnprintf(out.data(), out.size(), format, args);
  va_end(args);
  out.resize(static_cast<std::size_t>(std::max(n, 0)));
  return out;
}

bool is_ipv6(const std::string& ip) {
  unsigned char buf[16];
  return inet_pton(AF_INET6, ip.c_str(), buf) == 1;
}

std::string bracketed(const std::string& ip) {
  return ip.find(':') != std::string::npos ? cat('[', ip, ']') : ip;
}

int width_of(std::int64_t v) {
  return static_cast<int>(std::to_string(v).size());
}

bool same_ring(const RingData& a, const RingData& b) {
  if (a.part_shift != b.part_shift || a.next_part_power != b.next_part_power ||
      a.version != b.version || a.replica2part2dev != b.replica2part2dev ||
      a.devs.size() != b.devs.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.devs.size(); ++i) {
    const auto& x = a.devs[i];
    const auto& y = b.devs[i];
    if (x.has_value() != y.has_value()) return false;
    if (!x) continue;
    if (std::tie(x->id, x->region, x->zone, x->ip, x->port, x->replication_ip, x->replication_port,
                 x->device, x->weight,
                 x->meta) != std::tie(y->id, y->region, y->zone, y->ip, y->port, y->replication_ip,
                                      y->replication_port, y->device, y->weight, y->meta)) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::string format_timedelta(std::int64_t seconds) {
  const std::int64_t days = seconds / 86400;
  const std::int64_t rest = seconds % 86400;
  std::string out;
  if (days != 0) out = fmt("%lld day%s, ", static_cast<long long>(days), days == 1 ? "" : "s");
  return out + fmt("%lld:%02lld:%02lld", static_cast<long long>(rest / 3600),
                   static_cast<long long>(rest / 60 % 60), static_cast<long long>(rest % 60));
}

void print_builder_summary(std::ostream& out, const RingBuilder& b, const std::string& builder_file,
                           const std::filesystem::path& ring_file, std::int64_t now) {
  const RingBuilderState& s = b.state();
  out << fmt("%s, build version %lld, id %s\n", builder_file.c_str(),
             static_cast<long long>(s.version), s.id.empty() ? "(not assigned)" : s.id.c_str());
  std::set<int> regions;
  std::set<std::pair<int, int>> zones;
  std::vector<const Device*> devs;
  for (const auto& d : s.devs) {
    if (!d) continue;
    regions.insert(d->region);
    zones.insert({d->region, d->zone});
    devs.push_back(&*d);
  }
  double balance = 0;
  std::string empty_error;
  std::vector<double> balance_per_dev(s.devs.size(), 0.0);
  try {
    balance = b.get_balance();
    balance_per_dev = b.balance_per_dev();
  } catch (const EmptyRingError& e) {
    empty_error = e.what();
  }
  const std::string dispersion = s.dispersion ? fmt(", %.02f dispersion", *s.dispersion) : "";
  out << fmt(
      "%lld partitions, %.6f replicas, %zu regions, %zu zones, %zu devices, %.02f balance%s\n",
      static_cast<long long>(s.parts), s.replicas, regions.size(), zones.size(), devs.size(),
      balance, dispersion.c_str());
  out << fmt(
      "The minimum number of hours before a partition can be reassigned is %d (%s remaining)\n",
      s.min_part_hours, format_timedelta(b.min_part_seconds_left(now)).c_str());
  out << fmt("The overload factor is %0.2f%% (%.6f)\n", s.overload * 100, s.overload);

  const RingData builder_ring = b.get_ring();
  bool ring_matches = false;
  if (!std::filesystem::exists(ring_file)) {
    out << fmt("Ring file %s not found, probably it hasn't been written yet\n", ring_file.c_str());
  } else {
    try {
      ring_matches = same_ring(builder_ring, load_ring_file(ring_file));
      out << fmt("Ring file %s is %s\n", ring_file.c_str(),
                 ring_matches ? "up-to-date" : "obsolete");
    } catch (const std::exception& e) {
      out << fmt("Ring file %s is invalid: %s\n", ring_file.c_str(), e.what());
    }
  }

  int ip_width = 10, port_width = 4, rep_ip_width = 14, rep_port_width = 4, weight_width = 6;
  bool ip_v6 = false, rep_v6 = false;
  for (const Device* d : devs) {
    ip_v6 = ip_v6 || is_ipv6(d->ip);
    rep_v6 = rep_v6 || is_ipv6(d->replication_ip);
    ip_width = std::max(ip_width, static_cast<int>(d->ip.size()));
    rep_ip_width = std::max(rep_ip_width, static_cast<int>(d->replication_ip.size()));
    port_width = std::max(port_width, width_of(d->port));
    rep_port_width = std::max(rep_port_width, width_of(d->replication_port));
    weight_width = std::max(weight_width, static_cast<int>(fmt("%6.02f", d->weight).size()));
  }
  if (ip_v6) ip_width += 2;
  if (rep_v6) rep_ip_width += 2;
  out << fmt("Devices:%5s %6s %4s %*s:%-*s %*s:%-*s %5s %*s %10s %7s %5s %s\n", "id", "region",
             "zone", ip_width, "ip address", port_width, "port", rep_ip_width, "replication ip",
             rep_port_width, "port", "name", weight_width, "weight", "partitions", "balance",
             "flags", "meta");
  std::sort(devs.begin(), devs.end(), [](const Device* x, const Device* y) {
    return std::tie(x->region, x->zone, x->ip, x->device) <
           std::tie(y->region, y->zone, y->ip, y->device);
  });
  for (const Device* d : devs) {
    out << fmt("%13d %6d %4d %*s:%-*d %*s:%-*d %5s %*.02f %10lld %7.02f %5s %s\n", d->id, d->region,
               d->zone, ip_width, bracketed(d->ip).c_str(), port_width, d->port, rep_ip_width,
               bracketed(d->replication_ip).c_str(), rep_port_width, d->replication_port,
               d->device.c_str(), weight_width, d->weight, static_cast<long long>(d->parts),
               balance_per_dev[static_cast<std::size_t>(d->id)],
               b.marked_for_removal(d->id) ? "DEL" : "", d->meta.c_str());
  }
  if (s.next_part_power && *s.next_part_power == s.part_power + 1) {
    out << fmt("\nPreparing increase of partition power (%d -> %d)\n", s.part_power,
               *s.next_part_power);
    out << "Run \"swift-object-relinker relink\" on all nodes before moving on to "
           "increase_partition_power.\n";
  }
  if (s.next_part_power && *s.next_part_power == s.part_power) {
    out << fmt("\nIncreased partition power (%d -> %d)\n", s.part_power, *s.next_part_power);
    if (!ring_matches) {
      out << "First run \"swift-ring-builder <builderfile> write_ring\" now and copy the updated "
             ".ring.gz file to all nodes.\n";
    }
    out << "Run \"swift-object-relinker cleanup\" on all nodes before moving on to "
           "finish_increase_partition_power.\n";
  }
  if (!empty_error.empty()) out << empty_error << "\n";
}

bool print_dispersion_report(std::ostream& out, const RingBuilder& b,
                             const std::string& search_filter, bool verbose) {
  const DispersionReport report = dispersion_report(b.state(), search_filter, verbose);
  out << fmt("Dispersion is %.06f, Balance is %.06f, Overload is %0.2f%%\n", b.dispersion(),
             b.get_balance(), b.overload() * 100);
  out << fmt("Required overload is %.6f%%\n", b.get_required_overload() * 100);
  if (!report.worst_tier.empty()) {
    out << fmt("Worst tier is %.06f (%s)\n", report.max_dispersion, report.worst_tier.c_str());
  }
  if (!report.graph.empty()) {
    const int columns = static_cast<int>(std::ceil(b.replicas() + 1));
    const int count_width = std::max(width_of(b.parts()), 5);
    int tier_width = 30;
    for (const auto& row : report.graph)
      tier_width = std::max(tier_width, static_cast<int>(row.tier.size()));
    std::string header =
        fmt("%-*s %*s %6s %6s", tier_width, "Tier", count_width, "Parts", "%", "Max");
    for (int i = 0; i < columns; ++i)
      header += fmt(" %*d", count_width, i);
    const std::string underline(header.size(), '-');
    out << underline << "\n" << header << "\n" << underline << "\n";
    for (const auto& row : report.graph) {
      std::string line =
          fmt("%-*s %*lld %6.02f %6d", tier_width, row.tier.c_str(), count_width,
              static_cast<long long>(row.placed_parts), row.dispersion, row.max_replicas);
      for (std::size_t i = 0; i < row.replicas.size(); ++i) {
        line += fmt(" %*lld", count_width, static_cast<long long>(row.replicas[i]));
      }
      out << line << "\n";
    }
  }
  return !report.worst_tier.empty();
}

void print_device_search(std::ostream& out, const RingBuilder& b,
                         const std::vector<const Device*>& devs) {
  out << "Devices:    id  region  zone      ip address  port  replication ip  replication port"
         "      name weight partitions balance meta\n";
  const double weighted_parts = b.weight_of_one_part();
  for (const Device* d : devs) {
    double balance = 0;
    if (d->weight == 0) {
      balance = d->parts != 0 ? RingBuilder::kMaxBalance : 0.0;
    } else {
      balance = 100.0 * static_cast<double>(d->parts) / (d->weight * weighted_parts) - 100.0;
    }
    out << fmt("         %5d %7d %5d %15s %5d %15s %17d %9s %6.02f %10lld %7.02f %s\n", d->id,
               d->region, d->zone, d->ip.c_str(), d->port, d->replication_ip.c_str(),
               d->replication_port, d->device.c_str(), d->weight, static_cast<long long>(d->parts),
               balance, d->meta.c_str());
  }
}

}  // namespace stacksim::objectstore
