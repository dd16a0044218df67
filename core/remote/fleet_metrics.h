#pragma once
// FleetMetrics: one pipeline's metrics as several runners report them (their
// /metrics text, parsed), merged for the GUI: the canvas shows the
// merged figures per node, the dashboard the merged series and a series per
// runner.
//
// What it produces from each round of readings (one reading per runner):
//   - per runner, labelled source="runners", runner=<name>: every counter c
//     as a gauge c (the runner's total) and c:rate (per second since that
//     runner's previous reading; a counter that went down — a restarted
//     pipeline — counts from zero); gauges as they are; histograms as they
//     are (the dashboard's sampler turns them into quantiles).
//     Only runners that answered this round get series: a runner that stops
//     answering leaves a gap, not a flat line of old values.
//   - merged, labelled source="runners" (no runner label): c = the sum of the
//     runners' totals, *including the last totals of runners that stopped
//     answering* (records they processed stay processed; runners() says which
//     are stale), c:rate = the sum of the rates of the runners that answered;
//     gauges: the sum over answering runners (queue depth, lag), or the
//     maximum for times and positions (names ending in _seconds, or holding
//     _position_); histograms: buckets summed, stale runners' last buckets
//     included (so the sum never goes down).
// Node ids: the copies of a parallel stage ("<id>#<member>", members.h) count
// for their node, as in the engine's snapshot: nodes() sums their figures.
// The runner's split parts name the consuming half of a topic node
// that also has inputs "<id>" (type ...#consume); it is renamed "<id>~out"
// as in a whole-pipeline run, so its series do not collide with the
// producing half.
//
// Threads: one thread at a time (the GUI thread); plain value.

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/metrics/registry.h"
#include "core/model/pipeline.h"
#include "core/model/spec_registry.h"

namespace tributary::remote {

struct RunnerReading {
  std::string runner;      // label value: the runner's name as the GUI shows it
  bool answered = false;   // false: unreachable (or refused) this round
  std::string error;       // why not
  bool deployed = false;   // the pipeline is deployed there (when answered)
  std::string state;       // its state there: running, failed, ...
  std::string reason;
  std::string failedNode;  // failed or restarting: the node that failed ("failed_node"), if a node's
  std::int64_t timeMs = 0;  // when the answer arrived
  std::vector<metrics::FamilySnapshot> families;  // every family of the runner (filtered here)
};

class FleetMetrics {
 public:
  FleetMetrics() = default;
  // The pipeline being watched (its name filters the series; its nodes say
  // which counter is a node's throughput). Keeps what was read before when
  // the name stays the same.
  void setPipeline(const model::Pipeline& pipeline, const model::SpecRegistry& specs);
  const std::string& pipelineName() const { return m_name; }

  // One round: a reading per runner the GUI knows. Runners not in the round
  // are forgotten.
  void update(std::vector<RunnerReading> readings);
  void clear();

  // Series for the dashboard (see the header comment).
  std::vector<metrics::FamilySnapshot> families() const;

  struct NodeFigures {
    std::uint64_t records = 0;  // what it emitted (a sink: what it took in)
    std::uint64_t errors = 0;   // errors + dead-lettered
    double rate = 0;            // records per second
    // The node's input channel (tributary_node_queue_* gauges) over the
    // runners that answered: the fullest runner's fill and capacity, the
    // records waiting summed; capacity 0: no channel reported.
    double queueFill = 0;
    double queueDepth = 0;
    double queueCapacity = 0;
  };
  // Merged figures per node id (stale runners: totals yes, rates no).
  std::map<std::string, NodeFigures> nodes() const;
  // One runner's figures per node id (empty when unknown).
  std::map<std::string, NodeFigures> nodes(const std::string& runner) const;

  struct RunnerStatus {
    std::string runner;
    bool live = false;             // answered in the last round
    bool deployed = false;         // has the pipeline (as last known)
    std::string state, reason, error;
    std::string failedNode;  // see RunnerReading::failedNode
    std::int64_t lastAnswerMs = 0;  // 0: never
  };
  std::vector<RunnerStatus> runners() const;
  // Runners that have (or, when stale, had) the pipeline.
  int deployedCount() const;
  int staleCount() const;  // deployed ones that did not answer

 private:
  struct Counter {
    double value = 0;
    double rate = 0;
    bool hasRate = false;
  };
  struct PerRunner {
    RunnerStatus status;
    std::int64_t timeMs = 0;  // time of `families`
    std::vector<metrics::FamilySnapshot> families;  // this pipeline's, nodes renamed
    std::map<std::pair<std::string, metrics::Labels>, Counter> counters;
  };
  std::vector<metrics::FamilySnapshot> filter(const std::vector<metrics::FamilySnapshot>& families) const;
  bool throughputIsIn(const metrics::Labels& labels) const;

  std::string m_name;
  std::set<std::string> m_withInputs;              // node ids with incoming edges
  std::map<std::string, bool> m_sinkLike;          // node id -> its throughput is records in
  std::map<std::string, PerRunner> m_runners;      // by runner name
  std::vector<std::string> m_order;                // runner names in the order given
};

}  // namespace tributary::remote
