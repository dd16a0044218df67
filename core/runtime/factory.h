#pragma once
// Type string -> spec + factory. The connectors layer fills one registry with
// every built-in node type (connectors::builtinFactories()); tests add fakes
// to registries of their own. Fill it once, then share it read-only.

#include <functional>
#include <map>
#include <memory>
#include <string>

#include "core/model/spec_registry.h"
#include "core/runtime/error_policy.h"
#include "core/runtime/node.h"
#include "core/runtime/repartition.h"

namespace tributary::runtime {

struct NodeFactory {
  model::NodeSpec spec;
  // Exactly one is set, matching spec.category (Topic nodes have none yet).
  std::function<Result<std::unique_ptr<Source>>(const NodeContext&)> source;
  std::function<Result<std::unique_ptr<Transform>>(const NodeContext&)> transform;
  std::function<Result<std::unique_ptr<Sink>>(const NodeContext&)> sink;
};

class FactoryRegistry {
 public:
  // Adds the standard error-policy fields to the spec (see error_policy.h) and
  // replaces an existing factory of the same type.
  void add(NodeFactory factory);
  const NodeFactory* find(std::string_view type) const;
  const model::SpecRegistry& specs() const { return m_specs; }

  // Who makes the sinks for nodes with `dead_letter_topic` (the Kafka connectors).
  void setDeadLetterTopicFactory(DeadLetterTopicFactory factory) { m_deadLetterTopic = std::move(factory); }
  const DeadLetterTopicFactory& deadLetterTopicFactory() const { return m_deadLetterTopic; }

  // How the repartition planner learns a topic's partition count on the
  // pipeline's cluster (the Kafka connectors); unset: counts are not known.
  using TopicPartitions = std::function<Result<std::optional<int>>(const model::Pipeline&, const model::Node&)>;
  void setTopicPartitions(TopicPartitions lookup) { m_topicPartitions = std::move(lookup); }
  const TopicPartitions& topicPartitions() const { return m_topicPartitions; }

 private:
  DeadLetterTopicFactory m_deadLetterTopic;
  TopicPartitions m_topicPartitions;
  std::map<std::string, NodeFactory, std::less<>> m_factories;
  model::SpecRegistry m_specs;
};

}  // namespace tributary::runtime
