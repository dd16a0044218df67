#include "widgets/run/run_state.h"

namespace tributary::widgets {

RunState::RunState(QObject* parent) : QObject(parent) {}

void RunState::setNode(const QString& id, NodeRunFigures figures) {
  // A running node means a run is on again (a new run, or runners that came back).
  if (figures.status == RunNodeStatus::Running) m_ended = false;
  m_nodes.insert(id, std::move(figures));
  Q_EMIT nodeChanged(id);
}

const NodeRunFigures* RunState::node(const QString& id) const {
  auto it = m_nodes.constFind(id);
  return it == m_nodes.cend() ? nullptr : &it.value();
}

void RunState::setEdgeRate(const model::Edge& edge, double rate, std::optional<EdgeLoad> load) {
  m_edges[keyOf(edge)] = {rate, load};
  Q_EMIT edgeChanged(edge);
}

double RunState::edgeRate(const model::Edge& edge) const {
  if (m_ended) return hasRun() ? 0 : -1;
  auto it = m_edges.find(keyOf(edge));
  return it == m_edges.end() ? -1 : it->second.rate;
}

std::optional<EdgeLoad> RunState::edgeLoad(const model::Edge& edge) const {
  if (m_ended) return std::nullopt;
  auto it = m_edges.find(keyOf(edge));
  return it == m_edges.end() ? std::nullopt : it->second.load;
}

void RunState::end() {
  m_ended = true;
  for (auto& [key, run] : m_edges) run = {};
  Q_EMIT runEnded();
}

void RunState::clear() {
  m_nodes.clear();
  m_edges.clear();
  m_ended = false;
  Q_EMIT runCleared();
}

void RunState::setBadges(const std::map<QString, QString>& badges) {
  QHash<QString, QString> next;
  for (const auto& [id, text] : badges)
    if (!text.isEmpty()) next.insert(id, text);
  QStringList changed;
  for (auto it = m_badges.cbegin(); it != m_badges.cend(); ++it)
    if (next.value(it.key()) != it.value()) changed << it.key();
  for (auto it = next.cbegin(); it != next.cend(); ++it)
    if (!m_badges.contains(it.key())) changed << it.key();
  m_badges = std::move(next);
  for (const QString& id : changed) Q_EMIT badgeChanged(id);
}

}  // namespace tributary::widgets
