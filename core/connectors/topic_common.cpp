#include "core/connectors/topic_common.h"

#include <atomic>

#include <spdlog/spdlog.h>

#include "core/kafka/cluster.h"
#include "core/record/json.h"
#include "core/runtime/members.h"
#include "core/runtime/node_config.h"

namespace tributary::connectors {

Result<TopicFormat> topicFormatFromConfig(const nlohmann::json& config) {
  runtime::NodeConfig c(config);
  std::string f = c.text("format");
  if (Status s = c.status(); !s) return s.error();
  return f == "string" ? TopicFormat::String
         : f == "bytes" ? TopicFormat::Bytes
         : f == "avro"  ? TopicFormat::Avro
                        : TopicFormat::Json;
}

Result<std::unique_ptr<registry::AvroSerde>> avroSerdeFromConfig(const nlohmann::json& config,
                                                                 const kafka::ClusterConfig& cluster) {
  auto client = registryClientFromConfig(config, cluster);
  if (!client) return client.error();
  return std::make_unique<registry::AvroSerde>(std::move(*client));
}

Result<std::shared_ptr<registry::RegistryClient>> registryClientFromConfig(const nlohmann::json& config,
                                                                           const kafka::ClusterConfig& cluster) {
  runtime::NodeConfig c(config);
  registry::RegistryClientConfig client;
  client.url = c.optionalText("schema_registry");
  client.user = c.optionalText("schema_registry_user");
  client.password = c.optionalText("schema_registry_password");
  if (Status s = c.status(); !s) return s.error();
  if (client.url.empty()) {  // the cluster's registry
    client.url = cluster.schemaRegistry;
    client.user = cluster.schemaRegistryUser;
    client.password = cluster.schemaRegistryPassword;
  }
  if (client.url.empty())
    return makeError(ErrorCode::Invalid,
                     "format \"avro\" needs a schema registry: set schema_registry on the node or on the "
                     "pipeline's cluster (a URL such as http://127.0.0.1:8081, or \"embedded\")",
                     "schema_registry");
  auto url = kafka::resolveSchemaRegistry(client.url);
  if (!url) return makeError(url.error().code, url.error().message, "schema_registry");
  client.url = *url;
  return std::make_shared<registry::RegistryClient>(std::move(client));
}

kafka::ClusterConfig clusterOf(const runtime::NodeContext& context) {
  kafka::ClusterConfig cluster;
  cluster.name = context.pipeline;
  cluster.bootstrap = context.cluster.bootstrap;
  cluster.properties = context.cluster.properties;
  cluster.schemaRegistry = context.cluster.schemaRegistry;
  cluster.schemaRegistryUser = context.cluster.schemaRegistryUser;
  cluster.schemaRegistryPassword = context.cluster.schemaRegistryPassword;
  if (context.config.contains("properties"))
    for (const auto& [k, v] : context.config["properties"].items())
      cluster.properties[k] = v.is_string() ? v.get<std::string>() : v.dump();
  return cluster;
}

namespace {
std::atomic_bool g_startOver{false};
}  // namespace

void setTopicsStartOver(bool startOver) { g_startOver = startOver; }
bool topicsStartOver() { return g_startOver; }

std::string topicConsumerGroup(const std::string& pipeline, const std::string& nodeId, const nlohmann::json& config) {
  std::string group = config.is_object() ? config.value("group", "") : "";
  return group.empty() ? "tributary." + pipeline + "." + userNodeId(nodeId) : group;
}

std::string topicInstanceId(const std::string& pipeline, const std::string& nodeId, int member,
                            const std::string& runner) {
  return "tributary." + pipeline + "." + userNodeId(nodeId) + "." + std::to_string(member) + "@" + runner;
}

void encodeForKafka(const record::Value& value, TopicFormat format, std::string& out) {
  out.clear();
  if (value.isNull()) return;
  if (format == TopicFormat::Json) {
    record::appendJson(value, out);
  } else if (value.type() == record::ValueType::String || value.type() == record::ValueType::Bytes ||
             value.type() == record::ValueType::Decimal) {
    out.assign(value.asString());
  } else {
    record::appendJson(value, out);  // a number or structure written as text
  }
}

Status ensureTopic(const kafka::ClusterConfig& cluster, const std::string& topic, int partitions, int replication) {
  auto admin = kafka::ClusterClient::connect(cluster);
  if (!admin) return admin.error();
  return (*admin)->ensureTopic(topic, partitions, {}, replication);
}

namespace {
// The cluster a topic node of `pipeline` talks to, as clusterOf gives it to the node itself.
kafka::ClusterConfig clusterOfNode(const model::Pipeline& pipeline, const model::Node& node) {
  runtime::NodeContext context;
  context.pipeline = pipeline.name;
  context.nodeId = node.id;
  context.type = node.type;
  context.config = node.config;
  context.cluster = pipeline.cluster;
  return clusterOf(context);
}
}  // namespace

Result<std::optional<int>> topicPartitionCount(const model::Pipeline& pipeline, const model::Node& topicNode) {
  auto admin = kafka::ClusterClient::connect(clusterOfNode(pipeline, topicNode));
  if (!admin) return admin.error();
  auto info = (*admin)->describeTopic(topicNode.config.value("name", std::string()));
  if (!info) {
    if (info.error().code == ErrorCode::NotFound) return std::optional<int>();
    return info.error();
  }
  return std::optional<int>(static_cast<int>(info->partitions.size()));
}

Status emptyTopic(const model::Pipeline& pipeline, const model::Node& topicNode) {
  auto admin = kafka::ClusterClient::connect(clusterOfNode(pipeline, topicNode));
  if (!admin) return admin.error();
  const std::string topic = topicNode.config.value("name", std::string());
  auto info = (*admin)->describeTopic(topic);
  if (!info) return info.error().code == ErrorCode::NotFound ? Status{} : Status(info.error());
  for (const kafka::PartitionInfo& p : info->partitions)
    if (auto cut = (*admin)->deleteRecords(topic, p.id, -1); !cut) return cut.error();
  return {};
}

}  // namespace tributary::connectors
