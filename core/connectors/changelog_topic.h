#pragma once
// The changelog of a stateful node's store (stream::Changelog) on the
// pipeline's Kafka cluster: a compacted topic named like Kafka Streams names
// its changelogs, `<pipeline>-<node>-changelog`, with as many partitions as
// the node's input. Created when missing; an existing one with another
// partition count or without compaction is refused with a sentence.
// Writes wait for acks=all. Reads and watermarks are read_committed
// (librdkafka's default isolation.level, stated in kafka::MessageBrowser).
// Thread: the task that owns the store.

#include <memory>
#include <string>

#include "core/base/result.h"
#include "core/runtime/node.h"
#include "core/stream/changelog.h"

namespace tributary::connectors {

// Kafka Streams' name, with characters Kafka does not allow in a topic name replaced by '_'.
std::string changelogTopicName(const std::string& pipeline, const std::string& nodeId);

// Whether the node's pipeline has a cluster to keep changelogs on: a named
// cluster, or "embedded" while the embedded broker runs in this process.
bool changelogAvailable(const runtime::NodeContext& context);

class StageTransaction;

// With `txn` (an exactly_once stage): written in the stage's open transaction
// (acknowledged, then durable with its commit); reads see committed data only.
Result<std::unique_ptr<stream::Changelog>> openChangelogTopic(const runtime::NodeContext& context, int partitions,
                                                              std::shared_ptr<StageTransaction> txn = nullptr);

// `run --reset` for this process: changelogs opened afterwards are emptied first.
void setChangelogsStartOver(bool startOver);

}  // namespace tributary::connectors
