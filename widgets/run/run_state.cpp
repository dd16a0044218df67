#include "widgets/run/run_state.h"

#include <QCoreApplication>

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

QString waitingNote(const model::Pipeline& pipeline, const std::string& node,
                    const std::map<std::string, EdgeLoad>& loads) {
  for (const auto& edge : pipeline.edges)
    if (auto load = loads.find(edge.to);
        edge.from == node && load != loads.end() && load->second.level() == EdgeLoad::Level::Full)
      return QCoreApplication::translate("RunController", "waiting on %1").arg(QString::fromStdString(edge.to));
  return {};
}

QString withWaitingNote(const model::Pipeline& pipeline, const std::string& node,
                        const std::map<std::string, EdgeLoad>& loads, const QString& note) {
  const QString waiting = waitingNote(pipeline, node, loads);
  if (waiting.isEmpty()) return note;
  return note.isEmpty() ? waiting : waiting + QStringLiteral(" · ") + note;
}

void showEdges(RunState& state, const model::Pipeline& pipeline, const std::map<std::string, double>& rates,
               const std::map<std::string, EdgeLoad>& loads, bool final) {
  for (const auto& edge : pipeline.edges) {
    auto rate = rates.find(edge.from);
    auto load = loads.find(edge.to);
    state.setEdgeRate(edge, rate == rates.end() ? 0 : rate->second,
                      load == loads.end() || final ? std::nullopt : std::optional(load->second));
  }
}

}  // namespace tributary::widgets
