#pragma once
// How a runner divides a pipeline for scale-out (see deployment.h for the
// whole design). Topic nodes are the seams: cut every topic node into its
// producing side (edges into it) and its consuming side (edges out of it),
// and the graph falls apart into connected parts.
//   - A part whose only sources are topic consumers is *shared*: every
//     runner runs it, and the consumer group spreads the partitions.
//   - A part with any other source (datagen, a query or CDC source, a file
//     source) is a *singleton* part: exactly one runner runs it at a time.
// Both results are pipelines of the same name (so consumer groups, metric
// labels and checkpoint keys stay what a single `run` would use); a topic
// node appears in both, with only its incoming edges in the singleton part
// and only its outgoing edges in the shared part.

#include <optional>
#include <string>
#include <vector>

#include "core/model/pipeline.h"
#include "core/model/spec_registry.h"

namespace tributary::remote {

struct PipelineParts {
  std::optional<model::Pipeline> singleton;  // parts that must run on one runner at a time
  std::optional<model::Pipeline> shared;     // parts every runner runs
  std::vector<std::string> singletonSources;  // ids of the sources that make the singleton part
};

PipelineParts splitForRunners(const model::Pipeline& pipeline, const model::SpecRegistry& specs);

}  // namespace tributary::remote
