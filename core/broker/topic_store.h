#pragma once
// The topics of the broker and their partition logs, on disk under
// <data>/topics/<topic>/ (topic.json + one folder per partition).
// Topic configs (retention.ms, retention.bytes, segment.bytes, ...) are kept
// as Kafka-style overrides on top of the broker defaults.
// Not thread-safe: owned and used by the broker's network thread only.

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/base/result.h"
#include "core/broker/partition_log.h"
#include "core/broker/transaction_coordinator.h"

namespace tributary::broker {

struct TopicDefaults {
  int32_t partitions = 1;
  LogConfig log;
};

struct ConfigValue {
  std::string name;
  std::string value;
  bool isDefault = true;
  bool readOnly = false;
};

class TopicStore {
 public:
  struct Topic {
    std::string name;
    std::map<std::string, std::string> overrides;
    LogConfig log;
    std::vector<std::unique_ptr<PartitionLog>> partitions;
  };

  static Result<std::unique_ptr<TopicStore>> open(const std::filesystem::path& dataDir, const TopicDefaults& defaults);

  Topic* find(const std::string& name);
  const std::map<std::string, std::unique_ptr<Topic>>& topics() const { return m_topics; }

  // Each returns a Kafka error code and fills `message` on failure.
  int16_t create(const std::string& name, int32_t partitions, const std::map<std::string, std::string>& configs,
                 bool validateOnly, std::string& message);
  int16_t remove(const std::string& name, std::string& message);
  int16_t addPartitions(const std::string& name, int32_t newCount, bool validateOnly, std::string& message);
  // Replaces all overrides of a topic (AlterConfigs semantics).
  int16_t alterConfigs(const std::string& name, const std::map<std::string, std::string>& configs, bool validateOnly,
                       std::string& message);
  std::vector<ConfigValue> describe(const Topic& topic) const;
  std::vector<ConfigValue> describeBroker() const;

  void enforceRetention(int64_t nowMs);
  void flushAll();

  // Compaction (network thread): the next partition to clean, taking `forced`
  // ones first (and removing them from the set); then puts a finished result in place.
  // Jobs stay below each partition's last stable offset and know its aborted transactions (`txns`).
  std::optional<CleanJob> nextCleanJob(int64_t nowMs, std::set<std::pair<std::string, int32_t>>& forced,
                                       const TransactionCoordinator& txns);
  // Returns the abort markers the pass removed (producer id, offset), when all of it was applied.
  std::vector<std::pair<int64_t, int64_t>> applyCleaned(CleanResult& result);

  static bool validName(const std::string& name);
  const TopicDefaults& defaults() const { return m_defaults; }

 private:
  TopicStore(std::filesystem::path dir, const TopicDefaults& defaults) : m_dir(std::move(dir)), m_defaults(defaults) {}
  std::optional<std::string> makeLogConfig(const std::map<std::string, std::string>& overrides, LogConfig& out) const;
  Status persist(const Topic& topic) const;
  std::filesystem::path topicDir(const std::string& name) const { return m_dir / name; }

  std::filesystem::path m_dir;
  TopicDefaults m_defaults;
  std::map<std::string, std::unique_ptr<Topic>> m_topics;
};

}  // namespace tributary::broker
