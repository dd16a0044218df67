#include "widgets/dashboard/dashboard_layout.h"

#include <algorithm>
#include <cmath>
#include <set>

#include <QCoreApplication>

namespace tributary::widgets {
namespace {

Error invalid(const std::string& message, const std::string& where) {
  return makeError(ErrorCode::Invalid, message, where);
}

Status checkKeys(const nlohmann::json& object, const std::set<std::string>& keys, const std::string& path) {
  for (auto it = object.begin(); it != object.end(); ++it) {
    if (keys.count(it.key())) continue;
    std::string expected;
    for (const auto& k : keys) expected += (expected.empty() ? "" : ", ") + k;
    return invalid("unknown key \"" + it.key() + "\" (expected: " + expected + ")", path);
  }
  return {};
}

Result<PanelSpec> panelFromJson(const nlohmann::json& j, const std::string& path) {
  if (!j.is_object()) return invalid("a panel must be an object", path);
  if (auto s = checkKeys(
          j, {"id", "type", "reduce", "title", "unit", "queries", "scale", "thresholds", "width", "height"}, path);
      !s)
    return s.error();
  PanelSpec p;
  if (auto it = j.find("type"); it != j.end()) {
    const auto types = panelTypes();
    if (!it->is_string() || std::find(types.begin(), types.end(), it->get<std::string>()) == types.end())
      return invalid("must be one of \"timeseries\", \"stat\", \"table\", \"heatmap\"", path + ".type");
    p.type = it->get<std::string>();
  }
  if (auto it = j.find("reduce"); it != j.end()) {
    if (p.type != "stat") return invalid("only a \"stat\" panel has \"reduce\"", path + ".reduce");
    if (!it->is_string() || (*it != "sum" && *it != "max")) return invalid("must be \"sum\" or \"max\"", path + ".reduce");
    p.reduce = it->get<std::string>();
  }
  for (auto [key, target, required] :
       {std::tuple{"id", &p.id, true}, std::tuple{"title", &p.title, false}, std::tuple{"unit", &p.unit, false}}) {
    auto it = j.find(key);
    if (it == j.end()) {
      if (required) return invalid(std::string("missing \"") + key + "\"", path);
      continue;
    }
    if (!it->is_string()) return invalid("must be a string", path + "." + key);
    *target = it->get<std::string>();
  }
  if (p.id.empty()) return invalid("must not be empty", path + ".id");
  auto queries = j.find("queries");
  if (queries == j.end() || !queries->is_array() || queries->empty())
    return invalid("needs \"queries\": a non-empty array of {\"series\": ..., \"legend\": ...}", path);
  for (std::size_t i = 0; i < queries->size(); ++i) {
    const auto& q = (*queries)[i];
    std::string qpath = path + ".queries[" + std::to_string(i) + "]";
    if (!q.is_object()) return invalid("must be an object", qpath);
    if (auto s = checkKeys(q, {"series", "legend"}, qpath); !s) return s.error();
    if (!q.contains("series") || !q["series"].is_string()) return invalid("needs \"series\" (a string)", qpath);
    PanelQuery query{q["series"].get<std::string>(), {}};
    std::string error;
    if (!metrics::SeriesSelector::parse(query.series, &error)) return invalid(error, qpath + ".series");
    if (q.contains("legend")) {
      if (!q["legend"].is_string()) return invalid("must be a string", qpath + ".legend");
      query.legend = q["legend"].get<std::string>();
    }
    p.queries.push_back(std::move(query));
  }
  if (auto it = j.find("scale"); it != j.end()) {
    if (!it->is_number() || !std::isfinite(it->get<double>()) || it->get<double>() == 0)
      return invalid("must be a non-zero number", path + ".scale");
    p.scale = it->get<double>();
  }
  if (auto it = j.find("thresholds"); it != j.end()) {
    if (!it->is_array()) return invalid("must be an array of numbers", path + ".thresholds");
    for (std::size_t i = 0; i < it->size(); ++i) {
      if (!(*it)[i].is_number()) return invalid("must be a number", path + ".thresholds[" + std::to_string(i) + "]");
      p.thresholds.push_back((*it)[i].get<double>());
    }
  }
  if (p.type == "stat" &&
      (p.thresholds.size() > 2 || !std::is_sorted(p.thresholds.begin(), p.thresholds.end())))
    return invalid("a stat panel takes at most two ascending thresholds (amber from the first, red from the second)",
                   path + ".thresholds");
  if (p.type == "heatmap" && p.queries.size() != 1)
    return invalid("a heatmap draws exactly one series selector", path + ".queries");
  for (auto [key, target] : {std::pair{"width", &p.width}, std::pair{"height", &p.height}}) {
    auto it = j.find(key);
    if (it == j.end()) continue;
    if (!it->is_number_integer() || it->get<int>() < 1 || it->get<int>() > 2)
      return invalid("must be 1 or 2", path + "." + key);
    *target = it->get<int>();
  }
  return p;
}

// title: a QT_TRANSLATE_NOOP("DashboardLayout", ...) literal, shown (and saved
// with a customised dashboard) in the interface language.
PanelSpec panel(std::string id, const char* title, std::string unit, std::vector<PanelQuery> queries,
                double scale = 1) {
  PanelSpec p;
  p.id = std::move(id);
  p.title = QCoreApplication::translate("DashboardLayout", title).toStdString();
  p.unit = std::move(unit);
  p.queries = std::move(queries);
  p.scale = scale;
  return p;
}

std::string layoutText(const char* text) {
  return QCoreApplication::translate("DashboardLayout", text).toStdString();
}

}  // namespace

nlohmann::json toJson(const DashboardLayout& layout) {
  nlohmann::json panels = nlohmann::json::array();
  for (const PanelSpec& p : layout.panels) {
    nlohmann::json j;
    j["id"] = p.id;
    if (p.type != "timeseries") j["type"] = p.type;
    if (p.type == "stat" && p.reduce != "sum") j["reduce"] = p.reduce;
    j["title"] = p.title;
    if (!p.unit.empty()) j["unit"] = p.unit;
    nlohmann::json queries = nlohmann::json::array();
    for (const PanelQuery& q : p.queries) {
      nlohmann::json qj{{"series", q.series}};
      if (!q.legend.empty()) qj["legend"] = q.legend;
      queries.push_back(std::move(qj));
    }
    j["queries"] = std::move(queries);
    if (p.scale != 1) j["scale"] = p.scale;
    if (!p.thresholds.empty()) j["thresholds"] = p.thresholds;
    if (p.width != 1) j["width"] = p.width;
    if (p.height != 1) j["height"] = p.height;
    panels.push_back(std::move(j));
  }
  nlohmann::json alerts = nlohmann::json::array();
  for (const auto& rule : layout.alerts) alerts.push_back(metrics::toJson(rule));
  return nlohmann::json{{"panels", std::move(panels)}, {"alerts", std::move(alerts)}};
}

Result<DashboardLayout> dashboardFromJson(const nlohmann::json& json, const std::string& path) {
  if (!json.is_object()) return invalid("must be an object with \"panels\" and \"alerts\"", path);
  if (auto s = checkKeys(json, {"panels", "alerts"}, path); !s) return s.error();
  DashboardLayout layout;
  std::set<std::string> ids;
  if (auto it = json.find("panels"); it != json.end()) {
    if (!it->is_array()) return invalid("must be an array", path + ".panels");
    for (std::size_t i = 0; i < it->size(); ++i) {
      std::string ppath = path + ".panels[" + std::to_string(i) + "]";
      auto p = panelFromJson((*it)[i], ppath);
      if (!p) return p.error();
      if (!ids.insert(p->id).second) return invalid("duplicate panel id \"" + p->id + "\"", ppath + ".id");
      layout.panels.push_back(std::move(*p));
    }
  }
  std::set<std::string> ruleIds;
  if (auto it = json.find("alerts"); it != json.end()) {
    if (!it->is_array()) return invalid("must be an array", path + ".alerts");
    for (std::size_t i = 0; i < it->size(); ++i) {
      std::string apath = path + ".alerts[" + std::to_string(i) + "]";
      auto r = metrics::alertRuleFromJson((*it)[i], apath);
      if (!r) return r.error();
      if (!ruleIds.insert(r->id).second) return invalid("duplicate alert id \"" + r->id + "\"", apath + ".id");
      layout.alerts.push_back(std::move(*r));
    }
  }
  return layout;
}

DashboardLayout defaultDashboard(const model::Pipeline& pipeline, const std::vector<std::string>& metricNames) {
  DashboardLayout d;
  d.panels.push_back(panel("records-in", QT_TRANSLATE_NOOP("DashboardLayout", "Records in"), "records/s",
                           {{"tributary_node_records_in_total:rate", "{node}"}}));
  d.panels.push_back(panel("records-out", QT_TRANSLATE_NOOP("DashboardLayout", "Records out"), "records/s",
                           {{"tributary_node_records_out_total:rate", "{node}"}}));
  // Source -> sink time of delivered records (core/runtime/end_to_end_latency.h).
  d.panels.push_back(panel(
      "end-to-end", QT_TRANSLATE_NOOP("DashboardLayout", "End-to-end latency"), "ms",
      {{"tributary_pipeline_latency_seconds:p50", "p50"}, {"tributary_pipeline_latency_seconds:p99", "p99"}}, 1000));
  d.panels.push_back(panel("latency", QT_TRANSLATE_NOOP("DashboardLayout", "Batch latency p50 / p99"), "ms",
                           {{"tributary_node_batch_latency_seconds:p50", "{node} p50"},
                            {"tributary_node_batch_latency_seconds:p99", "{node} p99"}},
                           1000));
  d.panels.push_back(panel("errors", QT_TRANSLATE_NOOP("DashboardLayout", "Errors and dead-lettered"), "records/s",
                           {{"tributary_node_errors_total:rate", "{node} errors"},
                            {"tributary_node_dead_lettered_total:rate", "{node} dead-lettered"}}));
  d.panels.push_back(panel("queue", QT_TRANSLATE_NOOP("DashboardLayout", "Queue depth"), "records",
                           {{"tributary_node_queue_depth", "{node}"}}));
  d.panels.push_back(panel(
      "bytes", QT_TRANSLATE_NOOP("DashboardLayout", "Bytes in / out"), "bytes/s",
      {{"tributary_node_bytes_in_total:rate", "{node} in"}, {"tributary_node_bytes_out_total:rate", "{node} out"}}));
  // Kafka figures (from librdkafka's statistics, see core/kafka/statistics.h)
  // for pipelines with topics; other lag metrics when a node reports them.
  bool usesKafka =
      std::any_of(pipeline.nodes.begin(), pipeline.nodes.end(), [](const model::Node& n) { return n.type == "topic"; });
  std::set<std::string> lag;
  if (usesKafka) lag.insert("tributary_kafka_consumer_lag");
  for (const auto& name : metricNames)
    if (name.find("lag") != std::string::npos && name.find(":p") == std::string::npos) lag.insert(name);
  if (!lag.empty()) {
    std::vector<PanelQuery> queries;
    for (const auto& name : lag) queries.push_back({name, "{node} {topic}/{partition}"});
    d.panels.push_back(
        panel("lag", QT_TRANSLATE_NOOP("DashboardLayout", "Consumer lag"), "records", std::move(queries)));
  }
  if (usesKafka) {
    // Which partitions fall behind: a row per topic partition, coloured by lag.
    PanelSpec heatmap = newPanel("heatmap");
    heatmap.id = "lag-partitions";
    heatmap.width = 2;
    d.panels.push_back(std::move(heatmap));
    d.panels.push_back(panel("kafka-bytes", QT_TRANSLATE_NOOP("DashboardLayout", "Kafka bytes sent / received"),
                             "bytes/s",
                             {{"tributary_kafka_sent_bytes_total:rate", "{node} sent"},
                              {"tributary_kafka_received_bytes_total:rate", "{node} received"}}));
    d.panels.push_back(panel("kafka-rtt", QT_TRANSLATE_NOOP("DashboardLayout", "Broker round trip"), "ms",
                             {{"tributary_kafka_broker_rtt_seconds", "{node} broker {broker}"}}, 1000));
  }
  // Aggregates and joins: their state and late records (docs/stream-processing.md).
  bool stateful = std::any_of(pipeline.nodes.begin(), pipeline.nodes.end(), [](const model::Node& n) {
    return n.type == "transform.aggregate" || n.type == "transform.join";
  });
  if (stateful) {
    d.panels.push_back(panel("state-bytes", QT_TRANSLATE_NOOP("DashboardLayout", "State store size"), "bytes",
                             {{"tributary_node_state_bytes", "{node}"}}));
    d.panels.push_back(panel("late-records", QT_TRANSLATE_NOOP("DashboardLayout", "Late records"), "records/s",
                             {{"tributary_node_late_records_total:rate", "{node}"}}));
    // A store restoring from its changelog topic at start: records applied of all to apply.
    d.panels.push_back(panel("restore-progress", QT_TRANSLATE_NOOP("DashboardLayout", "State restore progress"),
                             "records",
                             {{"tributary_state_restore_records", "{node} restored"},
                              {"tributary_state_restore_records_total", "{node} to restore"}}));
  }
  return d;
}

DashboardLayout dashboardFor(const model::Pipeline& pipeline, std::string* error) {
  if (pipeline.dashboard.is_object()) {
    auto saved = dashboardFromJson(pipeline.dashboard);
    if (saved) {
      // Only alert rules written (by hand): the generated panels.
      if (!pipeline.dashboard.contains("panels")) saved->panels = defaultDashboard(pipeline).panels;
      return *saved;
    }
    if (error) *error = saved.error().toString();
  }
  return defaultDashboard(pipeline);
}

std::vector<std::string> panelTypes() {
  return {"timeseries", "stat", "table", "heatmap"};
}

PanelSpec newPanel(const std::string& type) {
  if (type == "stat") {
    PanelSpec p = panel("", QT_TRANSLATE_NOOP("DashboardLayout", "Errors /s"), "records/s",
                        {{"tributary_node_errors_total:rate", ""}});
    p.type = type;
    p.thresholds = {0.001, 10};
    return p;
  }
  if (type == "table") {
    // Legends are column titles, so they go through the translation too.
    PanelSpec p = panel("", QT_TRANSLATE_NOOP("DashboardLayout", "Nodes"), "",
                        {{"tributary_node_records_in_total:rate", layoutText(QT_TRANSLATE_NOOP("DashboardLayout", "In /s"))},
                         {"tributary_node_records_out_total:rate", layoutText(QT_TRANSLATE_NOOP("DashboardLayout", "Out /s"))},
                         {"tributary_node_errors_total:rate", layoutText(QT_TRANSLATE_NOOP("DashboardLayout", "Errors /s"))},
                         {"tributary_node_queue_depth", layoutText(QT_TRANSLATE_NOOP("DashboardLayout", "Queue"))},
                         {"tributary_node_queue_fill", layoutText(QT_TRANSLATE_NOOP("DashboardLayout", "Queue fill (0-1)"))}});
    p.type = type;
    return p;
  }
  if (type == "heatmap") {
    PanelSpec p = panel("", QT_TRANSLATE_NOOP("DashboardLayout", "Consumer lag per partition"), "records",
                        {{"tributary_kafka_consumer_lag", "{node} {topic}/{partition}"}});
    p.type = type;
    return p;
  }
  PanelSpec p = panel("", QT_TRANSLATE_NOOP("DashboardLayout", "New panel"), "records/s",
                      {{"tributary_node_records_out_total:rate", "{node}"}});
  return p;
}

std::vector<std::string> dashboardUnits() {
  return {"records/s", "bytes/s", "ms", "s", "records", "bytes", "count", ""};
}

}  // namespace tributary::widgets
