#pragma once
// Internal: what the topic node's two halves and the dead-letter topic share —
// the node's cluster, the value format, and creating a missing topic.

#include <memory>
#include <string>

#include "core/kafka/client.h"
#include "core/record/value.h"
#include "core/registry/registry_client.h"
#include "core/runtime/error_policy.h"
#include "core/runtime/members.h"
#include "core/runtime/node.h"

namespace tributary::kafka {
class ClusterClient;
}

namespace tributary::connectors {

enum class TopicFormat { Json, String, Bytes, Avro };

Result<TopicFormat> topicFormatFromConfig(const nlohmann::json& config);

// For format "avro": a serde on the node's `schema_registry` (URL, with
// `schema_registry_user` / `schema_registry_password`), else the cluster's;
// "embedded" is the embedded broker's registry. Confluent framing.
Result<std::unique_ptr<registry::AvroSerde>> avroSerdeFromConfig(const nlohmann::json& config,
                                                                 const kafka::ClusterConfig& cluster);
// The registry client behind it (also the lake's Avro format, for a subject's schema).
Result<std::shared_ptr<registry::RegistryClient>> registryClientFromConfig(const nlohmann::json& config,
                                                                           const kafka::ClusterConfig& cluster);

// The pipeline's cluster plus the node's own `properties`.
kafka::ClusterConfig clusterOf(const runtime::NodeContext& context);

// The id the user gave a topic node, from the engine's "<node>~out" for its consuming half.
using runtime::userNodeId;

// The consumer group a topic node's consuming half joins: its `group`, or
// tributary.<pipeline>.<node>. `nodeId` may be the engine's "<node>~out".
std::string topicConsumerGroup(const std::string& pipeline, const std::string& nodeId, const nlohmann::json& config);
// Its group.instance.id (static membership): unique per pipeline, node,
// member index and runner, so two runners never fence each other and a
// restarted one is recognised.
std::string topicInstanceId(const std::string& pipeline, const std::string& nodeId, int member,
                            const std::string& runner);

// `run --reset` for this process: topic nodes opened afterwards start every
// partition at their `start` the first time they get it, ignoring the offsets
// their group committed (a group with live members cannot have its offsets
// moved from outside, and a stopped static member stays one until its
// session times out).
void setTopicsStartOver(bool startOver);
bool topicsStartOver();

// Bytes of a value as they go into Kafka (empty for null).
void encodeForKafka(const record::Value& value, TopicFormat format, std::string& out);

// Creates the topic when it does not exist yet (on the embedded broker and on
// clusters that allow it); an existing topic is left as it is
// (kafka::ClusterClient::ensureTopic on a connection of its own).
Status ensureTopic(const kafka::ClusterConfig& cluster, const std::string& topic, int partitions, int replication);

// The partitions of the topic a topic node names, on the pipeline's cluster
// with the node's `properties`; nullopt when the topic does not exist. For
// the repartition planner (runtime::FactoryRegistry::setTopicPartitions).
Result<std::optional<int>> topicPartitionCount(const model::Pipeline& pipeline, const model::Node& topicNode);

// Empties an internal topic (every partition cut at its end) when it exists:
// `run --reset` for the repartition topics, whose records were counted already.
Status emptyTopic(const model::Pipeline& pipeline, const model::Node& topicNode);

// The sink behind `dead_letter_topic` (registered with the topic node).
Result<std::shared_ptr<runtime::DeadLetterSink>> makeDeadLetterTopic(const runtime::NodeContext& context,
                                                                     const std::string& topic);

}  // namespace tributary::connectors
