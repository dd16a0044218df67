#include "widgets/canvas/auto_layout.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>
#include <vector>

#include "widgets/document/qt_json.h"

namespace tributary::widgets {

std::map<QString, QPointF> autoLayout(const model::Pipeline& pipeline, const model::SpecRegistry& registry,
                                      const NodeGeometry& geometry, QPointF origin) {
  const std::size_t n = pipeline.nodes.size();
  std::unordered_map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < n; ++i) index.emplace(pipeline.nodes[i].id, i);
  std::vector<std::vector<std::size_t>> next(n), prev(n);
  for (const auto& e : pipeline.edges) {
    auto a = index.find(e.from), b = index.find(e.to);
    if (a == index.end() || b == index.end() || a->second == b->second) continue;
    next[a->second].push_back(b->second);
    prev[b->second].push_back(a->second);
  }
  // Longest-path layering over a topological order; nodes on a cycle go last.
  std::vector<int> indegree(n, 0), layer(n, 0);
  for (std::size_t i = 0; i < n; ++i) indegree[i] = static_cast<int>(prev[i].size());
  std::vector<std::size_t> ready, order;
  for (std::size_t i = 0; i < n; ++i)
    if (indegree[i] == 0) ready.push_back(i);
  std::reverse(ready.begin(), ready.end());
  while (!ready.empty()) {
    std::size_t i = ready.back();
    ready.pop_back();
    order.push_back(i);
    for (std::size_t j : next[i]) {
      layer[j] = std::max(layer[j], layer[i] + 1);
      if (--indegree[j] == 0) ready.push_back(j);
    }
  }
  int maxLayer = 0;
  for (std::size_t i : order) maxLayer = std::max(maxLayer, layer[i]);
  for (std::size_t i = 0; i < n; ++i)
    if (indegree[i] > 0) layer[i] = maxLayer + 1;
  // Sinks sit in the last column so that outputs line up on the right.
  int lastLayer = 0;
  for (std::size_t i = 0; i < n; ++i) lastLayer = std::max(lastLayer, layer[i]);
  for (std::size_t i = 0; i < n; ++i)
    if (next[i].empty() && !prev[i].empty()) {
      const auto* spec = registry.find(pipeline.nodes[i].type);
      if (spec && spec->category == model::NodeCategory::Sink) layer[i] = lastLayer;
    }

  std::vector<std::vector<std::size_t>> columns(static_cast<std::size_t>(lastLayer) + 2);
  for (std::size_t i = 0; i < n; ++i) columns[static_cast<std::size_t>(layer[i])].push_back(i);
  std::vector<double> rank(n, 0);
  for (auto& column : columns)
    for (std::size_t k = 0; k < column.size(); ++k) rank[column[k]] = static_cast<double>(k);
  // Two barycentre sweeps: right by predecessors, then left by successors.
  for (int sweep = 0; sweep < 4; ++sweep) {
    bool forward = sweep % 2 == 0;
    for (std::size_t c = 0; c < columns.size(); ++c) {
      auto& column = columns[forward ? c : columns.size() - 1 - c];
      std::vector<std::pair<double, std::size_t>> keyed;
      for (std::size_t i : column) {
        const auto& neighbours = forward ? prev[i] : next[i];
        double key = rank[i];
        if (!neighbours.empty()) {
          double sum = 0;
          for (std::size_t j : neighbours) sum += rank[j];
          key = sum / static_cast<double>(neighbours.size());
        }
        keyed.emplace_back(key, i);
      }
      std::stable_sort(keyed.begin(), keyed.end(), [](auto& a, auto& b) { return a.first < b.first; });
      for (std::size_t k = 0; k < keyed.size(); ++k) {
        column[k] = keyed[k].second;
        rank[keyed[k].second] = static_cast<double>(k);
      }
    }
  }

  auto sizeOf = [&](std::size_t i) {
    const auto* spec = registry.find(pipeline.nodes[i].type);
    return spec ? geometry.size(static_cast<int>(spec->inputs.size()), static_cast<int>(spec->outputs.size()))
                : geometry.size(0, 0);
  };
  QSizeF spacing = geometry.layoutSpacing();
  std::vector<double> heights(columns.size(), 0);
  double tallest = 0;
  for (std::size_t c = 0; c < columns.size(); ++c) {
    for (std::size_t i : columns[c]) heights[c] += sizeOf(i).height() + spacing.height();
    tallest = std::max(tallest, heights[c]);
  }
  const double grid = geometry.gridSize();
  auto snap = [grid](double v) { return std::round(v / grid) * grid; };
  std::map<QString, QPointF> out;
  double x = origin.x();
  for (std::size_t c = 0; c < columns.size(); ++c) {
    if (columns[c].empty()) continue;
    double y = origin.y() + (tallest - heights[c]) / 2;
    double width = 0;
    for (std::size_t i : columns[c]) {
      QSizeF s = sizeOf(i);
      out[toQt(pipeline.nodes[i].id)] = QPointF(snap(x), snap(y));
      y += s.height() + spacing.height();
      width = std::max(width, s.width());
    }
    x += width + spacing.width();
  }
  return out;
}

}  // namespace tributary::widgets
