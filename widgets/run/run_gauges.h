#pragma once
// What a run's gauges say about a node beyond its counters, read alike from a
// local run's metrics registry (RunController) and from the runners' merged
// /metrics (RemoteRunMonitor, FleetMetrics::families()), as showEdges() does
// for channel loads:
//   - the members of a topic's consumer group in this process (or on each
//     runner) and the partitions each holds now
//     (tributary_source_member_partitions / _partition, set by the topic
//     source on every rebalance);
//   - a stateful node's restore from its changelog
//     (tributary_state_restore_records / _total).
// Keys are canvas node ids: a parallel stage's copies ("x#1") and a topic's
// consuming half ("x~out") count for the node the user drew ("x").
// Plain functions; GUI thread (they only read the snapshots given).

#include <map>
#include <string>
#include <vector>

#include "core/metrics/registry.h"
#include "widgets/run/run_state.h"

namespace tributary::widgets {

struct RunGauges {
  std::vector<RunMember> members;  // sorted by runner, then member index
  std::uint64_t restored = 0;      // changelog records applied (summed over runners and members)
  std::uint64_t restoreTotal = 0;  // changelog records to apply (0: no restore)
};

// `families`: series labelled pipeline=`pipeline`. Series of one runner carry
// runner=<name>; the merged series of FleetMetrics (source="runners", no
// runner label) count for restore progress only, since members are per runner.
std::map<std::string, RunGauges> readRunGauges(const std::vector<metrics::FamilySnapshot>& families,
                                               const std::string& pipeline);

// Copies the node's members and restore progress into `figures` (nothing when none).
void addRunGauges(NodeRunFigures& figures, const std::map<std::string, RunGauges>& gauges, const std::string& nodeId);

}  // namespace tributary::widgets
