#pragma once
// The planner: turns a pipeline graph into tasks. A linear chain of
// transforms is fused into the task of its upstream node (records pass from
// one transform to the next in the same call, without a queue). Task
// boundaries — a bounded channel between two tasks — are placed:
//   - in front of every sink (so sources/transforms and sinks run in parallel),
//   - at fan-out (a node with several downstream edges feeds several channels),
//   - at fan-in (a node with several upstream edges reads one shared channel),
//   - around every `topic` node (which will be a Kafka producer on its input
//     side and a consumer group on its output side, so that several runners
//     can share the stages after it).
// Pure function of the graph; assumes validate() found no errors but checks
// what it relies on (known types, no cycles) itself.

#include <string>
#include <vector>

#include "core/base/result.h"
#include "core/model/pipeline.h"
#include "core/model/spec_registry.h"

namespace tributary::runtime {

struct PlanOutput {
  std::size_t task = 0;  // index of the downstream task
  std::string toPort;    // input port on that task's head node (empty: its only input)
};

struct PlanTask {
  std::string name;                // "gen+filter+map": the node ids it runs, joined by '+'
  std::vector<std::string> nodes;  // head first, then the fused transforms in order
  model::NodeCategory headCategory = model::NodeCategory::Source;
  int inputs = 0;                   // upstream edges feeding the head's channel (0 for a source)
  std::vector<PlanOutput> outputs;  // one per downstream edge of the last node
};

struct Plan {
  std::vector<PlanTask> tasks;  // in topological order: upstream tasks first

  // "task 0 gen+filter+map -> [1]\ntask 1 out (input from 1 edge)\n"
  std::string describe() const;
  // Index of the task running `nodeId`, or -1.
  int taskOf(const std::string& nodeId) const;
};

Result<Plan> plan(const model::Pipeline& pipeline, const model::SpecRegistry& specs);

}  // namespace tributary::runtime
