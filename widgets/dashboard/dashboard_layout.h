#pragma once
// DashboardLayout: what a pipeline's dashboard shows — panels in a grid (in
// order, each one or two columns wide and one or two rows high) and alert
// rules — as a plain value, stored in the pipeline file under "dashboard":
//
//   "dashboard": {
//     "panels": [{"id": "in", "title": "Records in", "unit": "records/s",
//                 "queries": [{"series": "tributary_node_records_in_total:rate", "legend": "{node}"}],
//                 "scale": 1, "thresholds": [1000], "width": 1, "height": 1}],
//     "alerts": [{"id": "slow", "series": "...", "condition": "above", "threshold": 0.5, "for": "30s"}]
//   }
//
// Series selectors leave out the pipeline label: the dashboard adds the
// running pipeline's name, so renaming a pipeline keeps its dashboard.
// No Qt widgets here; GUI thread (a value, copy freely).

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/base/result.h"
#include "core/metrics/alert_rule.h"
#include "core/model/pipeline.h"

namespace tributary::widgets {

struct PanelQuery {
  std::string series;  // a selector, e.g. tributary_node_records_out_total:rate{node="shape"}
  std::string legend;  // "{node}", "{node} p99": labels in braces are replaced
  bool operator==(const PanelQuery&) const = default;
};

// Panel types: "timeseries" (lines over time, the default), "stat" (one
// number, the sum or the largest of its series' newest values, with a
// sparkline and up to two ascending thresholds: amber from the first, red
// from the second), "table" (one row per node, one column per query: the
// newest value, the legend being the column's title), "heatmap" (one query;
// one row per topic/partition, colour by value over time: consumer lag).
struct PanelSpec {
  std::string id;
  std::string type = "timeseries";
  std::string reduce = "sum";  // stat: "sum" or "max" of its series
  std::string title;
  std::string unit;  // records/s, bytes/s, ms, records, count (shown on the axis and in the legend)
  std::vector<PanelQuery> queries;
  double scale = 1;  // multiplies every value (seconds -> ms: 1000)
  std::vector<double> thresholds;
  int width = 1;   // grid columns: 1 or 2
  int height = 1;  // grid rows: 1 or 2
  bool operator==(const PanelSpec&) const = default;
};

struct DashboardLayout {
  std::vector<PanelSpec> panels;
  std::vector<metrics::AlertRule> alerts;
  bool operator==(const DashboardLayout&) const = default;
};

nlohmann::json toJson(const DashboardLayout& layout);
// Errors name the path ("$.dashboard.panels[1].width").
Result<DashboardLayout> dashboardFromJson(const nlohmann::json& json, const std::string& path = "$.dashboard");

// The dashboard every pipeline gets until it saves its own: records/s in and
// out per node, end-to-end latency p50/p99, batch latency p50/p99, errors and dead-lettered, queue depth,
// bytes in/out; with topic nodes, Kafka consumer lag, bytes and broker round
// trip; other lag metrics when `metricNames` has one.
DashboardLayout defaultDashboard(const model::Pipeline& pipeline, const std::vector<std::string>& metricNames = {});

// The pipeline's saved dashboard, or the default one (a broken saved one: the
// default, with *error set). A saved dashboard without "panels" (say, only
// hand-written "alerts") gets the default panels.
DashboardLayout dashboardFor(const model::Pipeline& pipeline, std::string* error = nullptr);

// The panel types, in the order the panel editor offers them.
std::vector<std::string> panelTypes();
// A new panel of `type` with sensible series (the editor's starting point).
PanelSpec newPanel(const std::string& type);

// Units offered in the panel editor.
std::vector<std::string> dashboardUnits();

}  // namespace tributary::widgets
