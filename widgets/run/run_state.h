#pragma once
// RunState: what the canvas shows about a run, as data. Per node: figures
// (records, records/s, errors), a state (running, stopped, failed with its
// reason), a note ("1 stale") and a detail tooltip; per edge: records/s; and
// the alert badges. Three writers fill it: RunController (the local run),
// RemoteRunMonitor (runners) and DashboardWidget (badges). PipelineScene only
// reads it and follows its change signals, as a QtNodes scene observes its
// graph model; no writer touches a canvas item.
//
// One RunState per scene (the scene creates it; runState() hands it to the
// writers). GUI thread only: writers that learn things on other threads post
// to the GUI thread first.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include <QHash>
#include <QObject>
#include <QString>
#include <QStringList>

#include "core/model/pipeline.h"
#include "core/runtime/repartition.h"

namespace tributary::widgets {

// What a node is doing in the run the canvas shows.
enum class RunNodeStatus { Running, Stopped, Failed };

// One member of a topic's consumer group run by this process (a local run) or
// by a runner, and the partitions it holds now (none: idle).
struct RunMember {
  QString runner;  // empty for a local run
  int member = 0;  // its index in the stage (parallelism)
  std::vector<int> partitions;
};

struct NodeRunFigures {
  double rate = 0;  // records/s: what it emits, or for a sink what it takes in
  std::uint64_t records = 0;
  std::uint64_t errors = 0;
  RunNodeStatus status = RunNodeStatus::Running;
  QString failure;  // Failed: why (the run's reason)
  QString note;     // shown after the figures, e.g. "1 stale"; not when failed
  QString lead;     // shown before the figures, e.g. "reconnecting #3 · 1.6 s"; not when failed
  QString detail;   // rich-text tooltip (per-runner breakdown); empty: the node's own
  // A stateful node's store size and late records ("state 4.2 KiB · 0 late"): the line below the figures
  // when no restore or members take it, also after the run.
  QString state;
  // A topic read in a group: its members and their partitions (run_gauges.h).
  // The canvas shows them when there are two or more.
  std::vector<RunMember> members;
  // A stateful node restoring its store from the changelog: records applied
  // of all (0 of 0: none; the restore is over once they are equal).
  std::uint64_t restored = 0, restoreTotal = 0;
};

// What the canvas shows about members and restores, below a node's figures;
// empty when there is nothing to show.
// "2 members · 4 partitions"; and "1 idle" when members hold no partition.
QString membersLine(const std::vector<RunMember>& members);
QString idleMembers(const std::vector<RunMember>& members);
// Each member with its partitions, one line each ("m0: 0, 1", "127.0.0.1:8080 m2: idle"); plain text.
QStringList memberLines(const std::vector<RunMember>& members);
// Rich text for the tooltip: memberLines under a heading, from two members on.
QString membersTip(const std::vector<RunMember>& members);
// Share of the restore done (0..1), or negative when no restore is under way.
double restoreShare(const NodeRunFigures& figures);
// "restoring 41 %" and "Restoring its state from the changelog: 8,192 of 1,174,494 records".
QString restoreLine(const NodeRunFigures& figures);
QString restoreTip(const NodeRunFigures& figures);

// How full the channel an edge feeds is: its target node's input channel
// (shared by every edge into that node). Green below 50 %, amber below 90 %,
// red above: at 100 % the upstream node waits for room (back-pressure).
struct EdgeLoad {
  double fill = 0;             // batches waiting / capacity, 0..1
  double records = 0;          // records waiting
  double capacityBatches = 0;  // the channel's capacity
  enum class Level { Low, Busy, Full };
  Level level() const { return fill < 0.5 ? Level::Low : fill < 0.9 ? Level::Busy : Level::Full; }
};

class RunState;

// Back-pressure, one code path for local runs (the engine's snapshot) and
// runner runs (the tributary_node_queue_* gauges they report): `loads` is
// each node's input channel by node id.
// "waiting on <target>" when a channel `node` feeds is full (empty: none).
QString waitingNote(const model::Pipeline& pipeline, const std::string& node,
                    const std::map<std::string, EdgeLoad>& loads);
// `note` with the waiting note in front.
QString withWaitingNote(const model::Pipeline& pipeline, const std::string& node,
                        const std::map<std::string, EdgeLoad>& loads, const QString& note);
// Every edge: its upstream node's rate (`rates`, 0 when missing) and its
// target's channel load (none once the run is `final`).
void showEdges(RunState& state, const model::Pipeline& pipeline, const std::map<std::string, double>& rates,
               const std::map<std::string, EdgeLoad>& loads, bool final);

class RunState final : public QObject {
  Q_OBJECT

 public:
  explicit RunState(QObject* parent = nullptr);

  // --- nodes and edges (RunController or RemoteRunMonitor)
  void setNode(const QString& id, NodeRunFigures figures);
  // Null when no run figures are shown for the node.
  const NodeRunFigures* node(const QString& id) const;
  // Records/s along an edge; negative when no run is shown (the edge is idle).
  // load: the target's input channel (none: the target has no channel of its
  // own, e.g. a transform run in its upstream's task).
  void setEdgeRate(const model::Edge& edge, double rate, std::optional<EdgeLoad> load = std::nullopt);
  double edgeRate(const model::Edge& edge) const;
  // The channel's fill while a run is on (none after it ended or without a channel).
  std::optional<EdgeLoad> edgeLoad(const model::Edge& edge) const;
  // The run ended: nodes keep their totals, every edge stops flowing (rate 0).
  void end();
  // Back to the designer's view: no run figures at all (badges stay).
  void clear();
  // Run figures are shown (set since the last clear()).
  bool hasRun() const { return !m_nodes.isEmpty() || !m_edges.empty(); }
  bool ended() const { return m_ended; }

  // --- the repartition topics the run's engine inserted, with the partition
  // counts it uses (found on the cluster), for the canvas's badges; cleared by clear().
  void setRepartitions(std::vector<runtime::Repartition> repartitions);
  const std::vector<runtime::Repartition>& repartitions() const { return m_repartitions; }

  // --- alert badges (DashboardWidget): node id -> text; the whole set at once.
  void setBadges(const std::map<QString, QString>& badges);
  QString badge(const QString& id) const { return m_badges.value(id); }

 Q_SIGNALS:
  void nodeChanged(const QString& id);
  void edgeChanged(const tributary::model::Edge& edge);
  void runEnded();
  void runCleared();
  void badgeChanged(const QString& id);
  void repartitionsChanged();

 private:
  using EdgeKey = std::tuple<std::string, std::string, std::string, std::string>;
  static EdgeKey keyOf(const model::Edge& edge) { return {edge.from, edge.fromPort, edge.to, edge.toPort}; }

  QHash<QString, NodeRunFigures> m_nodes;
  struct EdgeRun {
    double rate = 0;
    std::optional<EdgeLoad> load;
  };
  std::map<EdgeKey, EdgeRun> m_edges;
  QHash<QString, QString> m_badges;
  std::vector<runtime::Repartition> m_repartitions;
  bool m_ended = false;
};

}  // namespace tributary::widgets
