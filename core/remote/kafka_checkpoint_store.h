#pragma once
// Checkpoints of a runner's pipeline in the compacted topic
// __tributary_checkpoints, so that whichever runner runs a source next
// resumes where the last one stopped. One record per source:
//   key   "<pipeline>/<node>"
//   value {"tributary_checkpoint": 1, "pipeline": ..., "node": ..., "type": ...,
//          "state": <the source's checkpointState()>, "runner": ..., "updated": ...}
// Sources that consume topics in a consumer group ("topic#consume") are not
// written: their positions are the group's committed offsets already.
// load() reads the topic from its start to the high watermark and keeps the
// newest record per key; compaction (Kafka's, or the embedded broker's) keeps
// that read about as long as the number of keys, plus the not yet compacted
// tail. save() only writes a source whose state changed.
// Used by one engine's supervisor thread (CheckpointBackend's contract).

#include <map>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "core/kafka/client.h"
#include "core/runtime/checkpoint_store.h"

namespace tributary::remote {

class KafkaCheckpointStore final : public runtime::CheckpointBackend {
 public:
  // `runner` names the writer in each record (for people reading the topic).
  KafkaCheckpointStore(kafka::ClusterConfig cluster, std::string pipeline, std::string runner);
  ~KafkaCheckpointStore() override;

  Result<nlohmann::json> load() const override;
  Status save(const nlohmann::json& sources) override;
  std::string location() const override;

 private:
  kafka::ClusterConfig m_cluster;
  std::string m_pipeline;
  std::string m_runner;
  std::unique_ptr<kafka::Client> m_producer;
  std::map<std::string, nlohmann::json> m_written;  // node -> state last written (or loaded)
  mutable std::map<std::string, nlohmann::json> m_loaded;
};

}  // namespace tributary::remote
