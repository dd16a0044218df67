#include "core/remote/fleet_metrics.h"

#include "core/runtime/members.h"

#include <algorithm>

namespace tributary::remote {
namespace {

std::string labelOf(const metrics::Labels& labels, const std::string& key) {
  for (const auto& [k, v] : labels)
    if (k == key) return v;
  return {};
}

bool endsWith(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

metrics::Labels withLabels(metrics::Labels labels, const std::string* runner) {
  labels.emplace_back("source", "runners");
  if (runner) labels.emplace_back("runner", *runner);
  std::sort(labels.begin(), labels.end());
  return labels;
}

// Gauges that are not amounts: merged by the maximum, not the sum.
bool mergedByMax(const std::string& name) {
  return endsWith(name, "_seconds") || name.find("_position_") != std::string::npos;
}

using Key = std::pair<std::string, metrics::Labels>;

}  // namespace

void FleetMetrics::setPipeline(const model::Pipeline& pipeline, const model::SpecRegistry& specs) {
  if (pipeline.name != m_name) m_runners.clear();
  m_name = pipeline.name;
  m_withInputs.clear();
  m_sinkLike.clear();
  for (const model::Edge& e : pipeline.edges) m_withInputs.insert(e.to);
  for (const model::Node& n : pipeline.nodes) {
    const model::NodeSpec* spec = specs.find(n.type);
    m_sinkLike[n.id] = spec && spec->category == model::NodeCategory::Sink;
  }
}

void FleetMetrics::clear() {
  m_runners.clear();
  m_order.clear();
}

std::vector<metrics::FamilySnapshot> FleetMetrics::filter(const std::vector<metrics::FamilySnapshot>& families) const {
  std::vector<metrics::FamilySnapshot> out;
  for (const metrics::FamilySnapshot& f : families) {
    metrics::FamilySnapshot kept{f.name, f.help, f.type, {}};
    for (const metrics::SeriesSnapshot& s : f.series) {
      if (labelOf(s.labels, "pipeline") != m_name) continue;
      metrics::SeriesSnapshot copy = s;
      // The shared part's consumer of a topic node with inputs: "<id>~out", as in a whole run.
      const std::string node = labelOf(s.labels, "node");
      if (endsWith(labelOf(s.labels, "type"), "#consume") && node.find('~') == std::string::npos &&
          m_withInputs.count(node))
        for (auto& [k, v] : copy.labels)
          if (k == "node") v = node + "~out";
      kept.series.push_back(std::move(copy));
    }
    if (!kept.series.empty()) out.push_back(std::move(kept));
  }
  return out;
}

void FleetMetrics::update(std::vector<RunnerReading> readings) {
  std::map<std::string, PerRunner> next;
  m_order.clear();
  for (RunnerReading& r : readings) {
    PerRunner pr;
    if (auto it = m_runners.find(r.runner); it != m_runners.end()) pr = std::move(it->second);
    m_order.push_back(r.runner);
    pr.status.runner = r.runner;
    pr.status.live = r.answered;
    if (!r.answered) {
      // Stale: keep what it said last, and say why it is quiet.
      pr.status.error = r.error;
      next[r.runner] = std::move(pr);
      continue;
    }
    pr.status.error.clear();
    pr.status.deployed = r.deployed;
    pr.status.state = r.state;
    pr.status.reason = r.reason;
    pr.status.failedNode = r.failedNode;
    pr.status.lastAnswerMs = r.timeMs;
    pr.families = r.deployed ? filter(r.families) : std::vector<metrics::FamilySnapshot>{};
    const double dt = pr.timeMs > 0 && r.timeMs > pr.timeMs ? static_cast<double>(r.timeMs - pr.timeMs) / 1000.0 : 0;
    std::map<Key, Counter> counters;
    for (const metrics::FamilySnapshot& f : pr.families) {
      if (f.type != metrics::MetricType::Counter) continue;
      for (const metrics::SeriesSnapshot& s : f.series) {
        Key key{f.name, s.labels};
        Counter c;
        c.value = s.value;
        auto prev = pr.counters.find(key);
        if (prev != pr.counters.end() && dt > 0) {
          c.rate = (s.value >= prev->second.value ? s.value - prev->second.value : s.value) / dt;
          c.hasRate = true;
        }
        counters[key] = c;
      }
    }
    pr.counters = std::move(counters);
    pr.timeMs = r.timeMs;
    next[r.runner] = std::move(pr);
  }
  m_runners = std::move(next);
}

std::vector<metrics::FamilySnapshot> FleetMetrics::families() const {
  std::vector<metrics::FamilySnapshot> out;
  std::map<std::string, std::size_t> index;
  auto family = [&](const std::string& name, const std::string& help, metrics::MetricType type) -> metrics::FamilySnapshot& {
    auto [it, added] = index.emplace(name, out.size());
    if (added) out.push_back({name, help, type, {}});
    return out[it->second];
  };
  struct Merged {
    double value = 0, rate = 0;
    bool hasRate = false, any = false;
    metrics::HistogramSnapshot histogram;
  };
  std::map<Key, Merged> merged;
  std::map<std::string, std::pair<std::string, metrics::MetricType>> kinds;  // family -> help, type
  for (const std::string& name : m_order) {
    const PerRunner& pr = m_runners.at(name);
    if (!pr.status.deployed) continue;
    const bool live = pr.status.live;
    for (const metrics::FamilySnapshot& f : pr.families) {
      kinds.emplace(f.name, std::make_pair(f.help, f.type));
      for (const metrics::SeriesSnapshot& s : f.series) {
        Key key{f.name, s.labels};
        Merged& m = merged[key];
        switch (f.type) {
          case metrics::MetricType::Counter: {
            const Counter& c = pr.counters.at(key);
            m.value += c.value;  // stale runners' totals too
            m.any = true;
            if (live && c.hasRate) {
              m.rate += c.rate;
              m.hasRate = true;
            }
            if (live) {
              family(f.name, f.help, metrics::MetricType::Gauge).series.push_back({withLabels(s.labels, &name), c.value, {}});
              if (c.hasRate)
                family(f.name + ":rate", f.help, metrics::MetricType::Gauge)
                    .series.push_back({withLabels(s.labels, &name), c.rate, {}});
            }
            break;
          }
          case metrics::MetricType::Gauge:
            if (!live) break;
            m.value = !m.any ? s.value : mergedByMax(f.name) ? std::max(m.value, s.value) : m.value + s.value;
            m.any = true;
            family(f.name, f.help, f.type).series.push_back({withLabels(s.labels, &name), s.value, {}});
            break;
          case metrics::MetricType::Histogram: {
            const metrics::HistogramSnapshot& h = s.histogram;
            if (!m.any) {
              m.histogram = h;
              m.any = true;
            } else if (m.histogram.upperBounds == h.upperBounds && m.histogram.counts.size() == h.counts.size()) {
              for (std::size_t i = 0; i < h.counts.size(); ++i) m.histogram.counts[i] += h.counts[i];
              m.histogram.sum += h.sum;
              m.histogram.count += h.count;
            }
            if (live) family(f.name, f.help, f.type).series.push_back({withLabels(s.labels, &name), 0, h});
            break;
          }
        }
      }
    }
  }
  for (const auto& [key, m] : merged) {
    if (!m.any) continue;
    const auto& [help, type] = kinds.at(key.first);
    metrics::Labels labels = withLabels(key.second, nullptr);
    switch (type) {
      case metrics::MetricType::Counter:
        family(key.first, help, metrics::MetricType::Gauge).series.push_back({labels, m.value, {}});
        if (m.hasRate) family(key.first + ":rate", help, metrics::MetricType::Gauge).series.push_back({labels, m.rate, {}});
        break;
      case metrics::MetricType::Gauge:
        family(key.first, help, type).series.push_back({labels, m.value, {}});
        break;
      case metrics::MetricType::Histogram:
        family(key.first, help, type).series.push_back({labels, 0, m.histogram});
        break;
    }
  }
  return out;
}

bool FleetMetrics::throughputIsIn(const metrics::Labels& labels) const {
  const std::string type = labelOf(labels, "type");
  if (endsWith(type, "#produce")) return true;
  if (endsWith(type, "#consume")) return false;
  auto it = m_sinkLike.find(runtime::memberBaseId(labelOf(labels, "node")));
  return it != m_sinkLike.end() && it->second;
}

namespace {

void addTo(std::map<std::string, FleetMetrics::NodeFigures>& out, const std::string& metric, const std::string& node,
           bool throughputIn, double value, double rate) {
  FleetMetrics::NodeFigures& n = out[node];
  if ((metric == "tributary_node_records_in_total" && throughputIn) ||
      (metric == "tributary_node_records_out_total" && !throughputIn)) {
    n.records += static_cast<std::uint64_t>(value);
    n.rate += rate;
  } else if (metric == "tributary_node_errors_total" || metric == "tributary_node_dead_lettered_total") {
    n.errors += static_cast<std::uint64_t>(value);
  }
}

// The queue gauges of one runner's families into `out` (see NodeFigures).
void addQueues(std::map<std::string, FleetMetrics::NodeFigures>& out,
               const std::vector<metrics::FamilySnapshot>& families) {
  std::map<std::string, std::pair<double, double>> channel;  // node -> (fill, capacity) on this runner
  for (const auto& f : families) {
    const bool fill = f.name == "tributary_node_queue_fill", depth = f.name == "tributary_node_queue_depth",
               capacity = f.name == "tributary_node_queue_capacity_batches";
    if (!fill && !depth && !capacity) continue;
    for (const auto& series : f.series) {
      const std::string node = runtime::memberBaseId(labelOf(series.labels, "node"));
      if (node.empty()) continue;
      if (depth) out[node].queueDepth += series.value;
      if (fill) channel[node].first = std::max(channel[node].first, series.value);
      if (capacity) channel[node].second = std::max(channel[node].second, series.value);
    }
  }
  for (const auto& [node, fc] : channel) {
    FleetMetrics::NodeFigures& n = out[node];
    if (fc.second > 0 && (n.queueCapacity == 0 || fc.first > n.queueFill)) {
      n.queueFill = fc.first;
      n.queueCapacity = fc.second;
    }
  }
}

}  // namespace

std::map<std::string, FleetMetrics::NodeFigures> FleetMetrics::nodes() const {
  std::map<std::string, NodeFigures> out;
  for (const auto& [name, pr] : m_runners) {
    if (!pr.status.deployed) continue;
    for (const auto& [key, c] : pr.counters) {
      const std::string node = runtime::memberBaseId(labelOf(key.second, "node"));
      if (node.empty()) continue;
      addTo(out, key.first, node, throughputIsIn(key.second), c.value, pr.status.live && c.hasRate ? c.rate : 0);
    }
    if (pr.status.live) addQueues(out, pr.families);  // a runner that no longer answers has no queue now
  }
  return out;
}

std::map<std::string, FleetMetrics::NodeFigures> FleetMetrics::nodes(const std::string& runner) const {
  std::map<std::string, NodeFigures> out;
  auto it = m_runners.find(runner);
  if (it == m_runners.end() || !it->second.status.deployed) return out;
  for (const auto& [key, c] : it->second.counters) {
    const std::string node = runtime::memberBaseId(labelOf(key.second, "node"));
    if (!node.empty())
      addTo(out, key.first, node, throughputIsIn(key.second), c.value, it->second.status.live && c.hasRate ? c.rate : 0);
  }
  if (it->second.status.live) addQueues(out, it->second.families);
  return out;
}

std::vector<FleetMetrics::RunnerStatus> FleetMetrics::runners() const {
  std::vector<RunnerStatus> out;
  for (const std::string& name : m_order) out.push_back(m_runners.at(name).status);
  return out;
}

int FleetMetrics::deployedCount() const {
  int n = 0;
  for (const auto& [name, pr] : m_runners) n += pr.status.deployed ? 1 : 0;
  return n;
}

int FleetMetrics::staleCount() const {
  int n = 0;
  for (const auto& [name, pr] : m_runners) n += pr.status.deployed && !pr.status.live ? 1 : 0;
  return n;
}

}  // namespace tributary::remote
