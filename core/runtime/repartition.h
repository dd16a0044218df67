#pragma once
// Co-partitioning (docs/stream-processing.md, "Co-partitioning"): a stateful
// node (an aggregate's group, a join's key) must see every record of a key
// in the same task. When such a node reads — through stateless transforms —
// from a topic that is not keyed by the node's key, the planner rewrites the
// pipeline: the edge into the node goes through an internal topic node
// ("<pipeline>-<node>-repartition"; a join has one per side) that writes the
// records keyed by the node's key, partitioned with murmur2 (Java's hash),
// and reads them back in a consumer group. Since that is an ordinary topic
// node, the engine, parallel stages, the runners' split and `--reset` treat
// it like one the user drew.
//
// A topic counts as keyed by the node's key when its topic node's `key`
// expression (what its producing side keys by, or — on a topic the pipeline
// only reads — what the user declares it is keyed by) is the node's key
// expression, its keys are strings (key_format string) hashed by murmur2, and
// only filters (which change no record) stand between the topic and the node.
// Anything else is repartitioned: a topic round trip is the safe choice.
// Except inputs of one partition: one task reads all of it (and a join whose
// inputs both have one partition).
//
// Pure function of the graph and of what `lookup` says about partition counts.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/base/result.h"
#include "core/model/pipeline.h"
#include "core/model/spec_registry.h"

namespace tributary::runtime {

// The partitions of the topic a topic node names: a count, nullopt when it is
// not known (no cluster to ask, or the topic does not exist), or an error
// when the cluster could not be asked.
using PartitionLookup = std::function<Result<std::optional<int>>(const model::Node& topicNode)>;

// The partition count a topic node declares for the topic it creates
// (`partitions` written in its config, with `create` on), or nullopt.
std::optional<int> declaredPartitions(const model::Node& topicNode);

struct Repartition {
  std::string node;         // the stateful node
  std::string port;         // its input port: "" (an aggregate's only input), "left", "right"
  std::string topicNode;    // id of the inserted topic node
  std::string topic;        // the internal topic's name
  std::string key;          // the expression its records are keyed by
  std::string sourceNode;   // the topic node the records are read from
  std::string sourceTopic;  // and its topic
  int partitions = 0;       // 0: not known (no cluster to ask)
  std::string reason;       // why it was inserted, a sentence for tooltips and `validate`
};

struct Repartitioned {
  model::Pipeline pipeline;  // with the repartition topic nodes inserted
  std::vector<Repartition> inserted;
};

// Inserts the repartition topics. Fails when a join's inputs are topics keyed
// by its key whose partition counts differ (coPartitionMessage), or when
// `lookup` fails for a topic whose count is needed. Without a lookup counts
// are not known (Repartition::partitions 0) and nothing is refused.
Result<Repartitioned> insertRepartitions(const model::Pipeline& pipeline, const model::SpecRegistry& specs,
                                         const PartitionLookup& lookup = {});

// The refusal of a join whose inputs have different partition counts, the
// same words at run start, in `tributary-runner validate` and in the designer.
std::string coPartitionMessage(const std::string& join, const std::string& topicA, int partitionsA,
                               const std::string& topicB, int partitionsB);

// The topic nodes one consumer-group member reads together (docs/
// stream-processing.md, "One group member reads both sides of a join"): the
// topic inputs of each join, reached through stateless transforms, merged
// where one topic node feeds several joins; `join` is the first of them (the
// group is tributary.<pipeline>.<join>). Joins with an input that is not a
// topic are not read that way and not listed. `planned`: the pipeline with
// its repartition topics inserted.
struct JoinMember {
  std::string join;
  std::vector<std::string> joins;  // every join the topics feed
  std::vector<const model::Node*> topics;
};
std::vector<JoinMember> joinMembers(const model::Pipeline& planned, const model::SpecRegistry& specs);

// Refuses what one member cannot honour for all the topic nodes it reads:
// two topic nodes of one topic (it reads each topic once), `parallelism`
// above 1 (a second member would take partition p of one input only), and
// different `static_member` or `properties` (one client has one
// group.instance.id and one set of client properties). One sentence naming
// both nodes and their values; `where` is the join's id. The same check at
// run start (Engine::create), in `validate` and in the designer.
Status checkJoinMembers(const Repartitioned& planned, const model::SpecRegistry& specs);

// "<pipeline>-<node>-<suffix>" with the characters Kafka refuses in topic names as '_'.
std::string internalTopicName(const std::string& pipeline, const std::string& nodeId, const std::string& suffix);

// One line per inserted topic, for `validate` and `run`:
// "repartition: node `agg` reads topic `orders`, ...; inserted topic `p-agg-repartition` keyed by warehouse, 4 partitions".
std::string describe(const Repartition& repartition);

}  // namespace tributary::runtime
