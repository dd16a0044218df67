#pragma once
// Where a schema registry keeps its state: an append-only log of keyed JSON
// records, the newest per key winning, null values deleting (a Kafka topic
// with cleanup.policy=compact, `_schemas`, as Confluent's registry does).
// The registry replays it at start and appends each change before it answers.
// One registry writes to a log; its calls come one at a time (the registry
// serialises them).

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/base/result.h"
#include "core/kafka/cluster_config.h"

namespace tributary::registry {

inline constexpr const char* kSchemasTopic = "_schemas";

struct LogRecord {
  std::string key;
  std::optional<std::string> value;  // nullopt: a tombstone
};

class SchemaLog {
 public:
  virtual ~SchemaLog() = default;
  // Every record from the start, in order.
  virtual Result<std::vector<LogRecord>> readAll() = 0;
  // Returns once the record is stored (for Kafka: acknowledged by all replicas).
  virtual Status append(const LogRecord& record) = 0;
  virtual std::string describe() const = 0;
};

// In memory (tests, fuzzing).
class MemorySchemaLog final : public SchemaLog {
 public:
  Result<std::vector<LogRecord>> readAll() override { return m_records; }
  Status append(const LogRecord& record) override {
    m_records.push_back(record);
    return {};
  }
  std::string describe() const override { return "memory"; }
  const std::vector<LogRecord>& records() const { return m_records; }

 private:
  std::vector<LogRecord> m_records;
};

// The compacted topic `topic` on `cluster` (created with one partition when missing).
std::unique_ptr<SchemaLog> makeKafkaSchemaLog(kafka::ClusterConfig cluster, std::string topic = kSchemasTopic);

}  // namespace tributary::registry
