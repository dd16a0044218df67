#pragma once
// The two topics runners coordinate through (see deployment.h):
//   __tributary_coord        one partition; per pipeline, a consumer group on it
//                            elects the runner that runs the singleton part.
//   __tributary_checkpoints  one partition, cleanup.policy=compact; key
//                            "<pipeline>/<node>", value the source's checkpoint.
// Both are created on first use. The embedded broker accepts
// cleanup.policy=compact but does not compact (it keeps every record), and
// applies time retention even to compacted topics, so the checkpoint topic is
// created with retention.ms=-1 (real Kafka ignores retention.ms for a
// compact-only topic).

#include <string>
#include <utility>
#include <vector>

#include "core/base/result.h"
#include "core/kafka/client.h"

namespace tributary::remote {

inline constexpr const char* kCoordinationTopic = "__tributary_coord";
inline constexpr const char* kCheckpointTopic = "__tributary_checkpoints";

// Creates `topic` with one partition and `configs` unless it exists.
Status ensureInternalTopic(const kafka::ClusterConfig& cluster, const std::string& topic,
                           const std::vector<std::pair<std::string, std::string>>& configs);

}  // namespace tributary::remote
