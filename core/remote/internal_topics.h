#pragma once
// The two topics runners coordinate through (see deployment.h):
//   __tributary_coord        one partition; per pipeline, a consumer group on it
//                            elects the runner that runs the singleton part.
//   __tributary_checkpoints  one partition, cleanup.policy=compact; key
//                            "<pipeline>/<node>", value the source's checkpoint.
// Both are created on first use. The checkpoint topic is compact-only, on
// the embedded broker as on Kafka: time retention does not apply to it, and
// the cleaner keeps the newest checkpoint per key (and drops deleted ones
// after delete.retention.ms).

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
