#pragma once
// Checkpoints of embedded runs: one JSON file per pipeline in a state folder,
// replaced atomically (temporary file, fsync, rename), so a crash leaves the
// previous checkpoint or the new one, never a torn file:
//   {"tributary_checkpoint": 1, "pipeline": "demo", "updated": "2024-...Z",
//    "sources": {"gen": {"type": "source.datagen", "state": {...}}}}
// "state" is whatever the source's checkpointState() returned. Runners will
// keep the same documents in a compacted Kafka topic instead.
// Not thread-safe; the engine's supervisor thread is its only user.

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "core/base/result.h"

namespace tributary::runtime {

// Where an engine keeps its checkpoints: the file store below, or (runners)
// a compacted Kafka topic (core/remote/kafka_checkpoint_store.h).
// Called on the engine's supervisor thread only.
class CheckpointBackend {
 public:
  virtual ~CheckpointBackend() = default;
  // The "sources" object of the stored checkpoint; an empty object when there is none yet.
  virtual Result<nlohmann::json> load() const = 0;
  virtual Status save(const nlohmann::json& sources) = 0;
  // Where the checkpoints are, for messages ("/path/x.checkpoint.json", "kafka topic ...").
  virtual std::string location() const = 0;
};

// The folder of the stateful nodes' stores that belong with a checkpoint
// file: DIR/<name>.checkpoint.json -> DIR/<name>.state (one sub-folder per node).
std::filesystem::path stateFolderFor(const std::filesystem::path& checkpointFile);

class CheckpointStore final : public CheckpointBackend {
 public:
  CheckpointStore(std::filesystem::path directory, std::string pipelineName);

  // The file this store reads and writes: DIR/<name>.checkpoint.json, with
  // characters other than [A-Za-z0-9._-] in the name replaced by '_'.
  const std::filesystem::path& file() const { return m_file; }

  // The "sources" object of the stored checkpoint; an empty object when there is none yet.
  Result<nlohmann::json> load() const override;
  Status save(const nlohmann::json& sources) override;
  std::string location() const override { return m_file.string(); }

 private:
  std::filesystem::path m_file;
  std::string m_pipeline;
};

}  // namespace tributary::runtime
