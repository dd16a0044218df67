#include "widgets/run/run_state.h"

#include <algorithm>
#include <set>

#include <QCoreApplication>
#include <QLocale>
#include <QStringList>

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
  if (!m_repartitions.empty()) setRepartitions({});
}

void RunState::setRepartitions(std::vector<runtime::Repartition> repartitions) {
  m_repartitions = std::move(repartitions);
  Q_EMIT repartitionsChanged();
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

namespace {

QString memberName(const RunMember& m) {
  const QString index = QStringLiteral("m%1").arg(m.member);
  return m.runner.isEmpty() ? index : m.runner + QLatin1Char(' ') + index;
}

}  // namespace

QString membersLine(const std::vector<RunMember>& members) {
  if (members.size() < 2) return {};
  std::set<int> partitions;
  for (const RunMember& m : members) partitions.insert(m.partitions.begin(), m.partitions.end());
  // No %n plurals: the line shows from two members on, and "1 partitions" reads like the node's "1 records".
  return QCoreApplication::translate("RunState", "%1 members · %2 partitions")
      .arg(static_cast<qulonglong>(members.size()))
      .arg(static_cast<qulonglong>(partitions.size()));
}

QString idleMembers(const std::vector<RunMember>& members) {
  if (members.size() < 2) return {};
  const auto idle =
      std::count_if(members.begin(), members.end(), [](const RunMember& m) { return m.partitions.empty(); });
  return idle ? QCoreApplication::translate("RunState", "%1 idle").arg(static_cast<qlonglong>(idle)) : QString();
}

QStringList memberLines(const std::vector<RunMember>& members) {
  QStringList lines;
  for (const RunMember& m : members) {
    QStringList partitions;
    for (int p : m.partitions) partitions << QString::number(p);
    lines << QStringLiteral("%1: %2").arg(
        memberName(m),
        partitions.isEmpty() ? QCoreApplication::translate("RunState", "idle") : partitions.join(QStringLiteral(", ")));
  }
  return lines;
}

QString membersTip(const std::vector<RunMember>& members) {
  if (members.size() < 2) return {};
  QStringList lines = memberLines(members);
  for (QString& line : lines) line = line.toHtmlEscaped();
  return QCoreApplication::translate("RunState", "Members and their partitions:") + QStringLiteral("<br>&nbsp;&nbsp;") +
         lines.join(QStringLiteral("<br>&nbsp;&nbsp;"));
}

double restoreShare(const NodeRunFigures& figures) {
  if (figures.restoreTotal == 0 || figures.restored >= figures.restoreTotal) return -1;
  return static_cast<double>(figures.restored) / static_cast<double>(figures.restoreTotal);
}

QString restoreLine(const NodeRunFigures& figures) {
  const double share = restoreShare(figures);
  if (share < 0) return {};
  return QCoreApplication::translate("RunState", "restoring %1 %").arg(static_cast<int>(share * 100));
}

QString restoreTip(const NodeRunFigures& figures) {
  if (restoreShare(figures) < 0) return {};
  return QCoreApplication::translate("RunState", "Restoring its state from the changelog: %1 of %2 records")
      .arg(QLocale().toString(static_cast<qulonglong>(figures.restored)),
           QLocale().toString(static_cast<qulonglong>(figures.restoreTotal)));
}

}  // namespace tributary::widgets
