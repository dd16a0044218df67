#pragma once
// Internal: what the topic node's two halves and the dead-letter topic share —
// the node's cluster, the value format, and creating a missing topic.

#include <memory>
#include <string>

#include "core/kafka/client.h"
#include "core/record/value.h"
#include "core/runtime/error_policy.h"
#include "core/runtime/node.h"

namespace tributary::kafka {
class ClusterClient;
}

namespace tributary::connectors {

enum class TopicFormat { Json, String, Bytes };

Result<TopicFormat> topicFormatFromConfig(const nlohmann::json& config);

// The pipeline's cluster plus the node's own `properties`.
kafka::ClusterConfig clusterOf(const runtime::NodeContext& context);

// Bytes of a value as they go into Kafka (empty for null).
void encodeForKafka(const record::Value& value, TopicFormat format, std::string& out);

// Creates the topic when it does not exist yet (on the embedded broker and on
// clusters that allow it); an existing topic is left as it is.
Status ensureTopic(const kafka::ClusterConfig& cluster, const std::string& topic, int partitions, int replication);
Status ensureTopic(kafka::ClusterClient& admin, const std::string& topic, int partitions, int replication);

// The sink behind `dead_letter_topic` (registered with the topic node).
Result<std::shared_ptr<runtime::DeadLetterSink>> makeDeadLetterTopic(const runtime::NodeContext& context,
                                                                     const std::string& topic);

}  // namespace tributary::connectors
