#pragma once
// Parallel stages: a source whose node has `parallelism: N` (a topic read in
// a consumer group, like Kafka Connect's tasks.max) runs as N members in one
// process. Each member gets its own copy of the stage — the source, the
// transforms and the sinks its records reach — with ids "<id>#<member>" for
// members 1..N-1 (member 0 keeps the ids), so every member has its own task
// chain and its own sink objects. `{member}` in any text of the stage's
// configs becomes the member's index (0..N-1); a sink that writes one file
// (a `path`) must use it, or the members would write the same file.
// Pure function of the graph, run by the engine before planning.

#include <map>
#include <string>

#include "core/base/result.h"
#include "core/model/pipeline.h"
#include "core/model/spec_registry.h"

namespace tributary::runtime {

struct Members {
  model::Pipeline pipeline;           // with the copies added
  std::map<std::string, int> member;  // node id -> member index (absent: 0)
};

Result<Members> expandMembers(const model::Pipeline& pipeline, const model::SpecRegistry& specs);

// The node id a member's copy started from: "shape#2" -> "shape".
std::string memberBaseId(const std::string& nodeId);
// The id the user drew: without a copy's "#m" and without the "~out" the
// engine gives the consuming half of a topic node that also has inputs
// ("x~out#2" -> "x"). Consumer groups and the canvas go by it.
std::string userNodeId(std::string nodeId);

}  // namespace tributary::runtime
