#include "scenarios/report/replication_section.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <vector>

#include "scenarios/report/svg_chart.hpp"
#include "scenarios/results/results_export.hpp"

namespace stacksim::scenarios {
namespace {

constexpr double kGB = 1e9;

struct RingCurves {
  ChartSeries under, bytes;
};

std::string rebalance_label(double time_s, const std::string& ring) {
  char text[64];
  std::snprintf(text, sizeof text, "%s %.0f s", ring.c_str(), time_s);
  return text;
}

}  // namespace

std::string replication_report_section(const store::Database& db) {
  // Results written before ring events existed have no ring tables.
  if (!has_table(db, "ring_rebalances")) return "";
  std::vector<std::string> labels;
  std::vector<double> balances;
  bool any_event = false;
  {
    store::Statement q =
        db.prepare("SELECT time_s, ring, balance FROM ring_rebalances ORDER BY rowid");
    while (q.step()) {
      const double t = q.column_double(0);
      any_event |= t > 0;
      labels.push_back(rebalance_label(t, q.column_text(1)));
      balances.push_back(q.column_double(2));
    }
  }
  std::map<std::string, RingCurves> rings;
  double horizon = 0;
  {
    store::Statement q = db.prepare(
        "SELECT time_s, ring, under_replicated, bytes_moved FROM ring_replication_samples"
        " ORDER BY ring, time_s");
    while (q.step()) {
      const double t = q.column_double(0);
      RingCurves& c = rings[q.column_text(1)];
      // A sample's counts hold until the next one: draw steps, not ramps between samples.
      if (!c.under.x.empty()) {
        c.under.x.push_back(t);
        c.under.y.push_back(c.under.y.back());
        c.bytes.y.push_back(c.bytes.y.back());
      }
      c.under.x.push_back(t);
      c.under.y.push_back(q.column_double(2));
      c.bytes.y.push_back(q.column_double(3) / kGB);
      horizon = std::max(horizon, t);
    }
  }
  if (!any_event && rings.empty()) return "";
  const double unit = horizon > 7200 ? 3600.0 : 1.0;
  const std::string time_label = unit > 1 ? "simulated time (h)" : "simulated time (s)";
  std::vector<ChartSeries> under, bytes;
  for (auto& [name, c] : rings) {
    for (double& x : c.under.x)
      x /= unit;
    c.bytes.x = c.under.x;
    c.under.name = c.bytes.name = name;
    under.push_back(std::move(c.under));
    bytes.push_back(std::move(c.bytes));
  }
  std::string body;
  if (!under.empty()) {
    body += svg_line_chart(
        {"Partitions with fewer live replicas than the ring's", time_label, "partitions"}, under);
    body += svg_line_chart({"Bytes moved by the replicators", time_label, "GB"}, bytes);
  }
  body +=
      svg_bar_chart({"Balance after each rebalance (0 s: the initial build)", "", "balance (%)"},
                    labels, balances);
  return "<section><h2>Replication progress</h2>" + body + "</section>\n";
}

}  // namespace stacksim::scenarios
