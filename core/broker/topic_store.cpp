#include "core/broker/topic_store.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>

#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include "core/base/files.h"
#include "core/broker/error_codes.h"

namespace tributary::broker {

namespace fs = std::filesystem;

namespace {

constexpr int32_t kMaxPartitions = 10000;

struct KnownConfig {
  const char* name;
  bool integer;
};
// The topic configs this broker understands; anything else is INVALID_CONFIG, as in Kafka.
const KnownConfig kKnown[] = {
    {"cleanup.policy", false},      {"retention.ms", true},
    {"retention.bytes", true},      {"segment.bytes", true},
    {"segment.ms", true},           {"max.message.bytes", true},
    {"index.interval.bytes", true}, {"message.timestamp.type", false},
    {"min.insync.replicas", true},  {"compression.type", false},
    {"delete.retention.ms", true},  {"min.cleanable.dirty.ratio", false},
};

std::optional<int64_t> parseInt(const std::string& s) {
  if (s.empty() || s.size() > 20) return std::nullopt;
  std::size_t used = 0;
  try {
    long long v = std::stoll(s, &used);
    if (used != s.size()) return std::nullopt;
    return v;
  } catch (...) {
    return std::nullopt;
  }
}

std::string ratioText(double r) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", r);
  return buf;
}

}  // namespace

bool TopicStore::validName(const std::string& name) {
  if (name.empty() || name.size() > 249 || name == "." || name == "..") return false;
  for (char c : name)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-')) return false;
  return true;
}

std::optional<std::string> TopicStore::makeLogConfig(const std::map<std::string, std::string>& overrides,
                                                     LogConfig& out) const {
  out = m_defaults.log;
  for (const auto& [name, value] : overrides) {
    const KnownConfig* known = nullptr;
    for (const KnownConfig& k : kKnown)
      if (name == k.name) known = &k;
    if (!known) return "unknown topic config '" + name + "'";
    std::optional<int64_t> n;
    if (known->integer) {
      n = parseInt(value);
      if (!n) return "config '" + name + "' needs a whole number, got '" + value + "'";
    }
    if (name == "retention.ms") {
      if (*n < -1) return "retention.ms must be -1 or more";
      out.retentionMs = *n;
    } else if (name == "retention.bytes") {
      if (*n < -1) return "retention.bytes must be -1 or more";
      out.retentionBytes = *n;
    } else if (name == "segment.bytes") {
      if (*n < 14 || *n > INT32_MAX) return "segment.bytes must be between 14 and 2147483647";
      out.segmentBytes = *n;
    } else if (name == "segment.ms") {
      if (*n < 1) return "segment.ms must be at least 1";
      out.segmentMs = *n;
    } else if (name == "max.message.bytes") {
      if (*n < 0 || *n > INT32_MAX) return "max.message.bytes out of range";
      out.maxMessageBytes = static_cast<int32_t>(*n);
    } else if (name == "index.interval.bytes") {
      if (*n < 0 || *n > INT32_MAX) return "index.interval.bytes out of range";
      out.indexIntervalBytes = static_cast<int32_t>(*n);
    } else if (name == "message.timestamp.type") {
      if (value != "CreateTime") return "only message.timestamp.type=CreateTime is supported";
    } else if (name == "min.insync.replicas") {
      if (*n != 1) return "a single-node broker has min.insync.replicas=1";
    } else if (name == "compression.type") {
      if (value != "producer") return "only compression.type=producer is supported (batches are stored as sent)";
    } else if (name == "cleanup.policy") {
      if (value != "delete" && value != "compact" && value != "compact,delete" && value != "delete,compact")
        return "cleanup.policy must be delete, compact or compact,delete";
      out.compact = value != "delete";
      out.deleteOld = value != "compact";
    } else if (name == "delete.retention.ms") {
      if (*n < 0) return "delete.retention.ms must be 0 or more";
      out.deleteRetentionMs = *n;
    } else if (name == "min.cleanable.dirty.ratio") {
      char* end = nullptr;
      double ratio = std::strtod(value.c_str(), &end);
      if (value.empty() || end != value.c_str() + value.size() || !(ratio >= 0.0 && ratio <= 1.0))
        return "min.cleanable.dirty.ratio needs a number from 0 to 1, got '" + value + "'";
      out.minCleanableDirtyRatio = ratio;
    }
  }
  return std::nullopt;
}

Result<std::unique_ptr<TopicStore>> TopicStore::open(const fs::path& dataDir, const TopicDefaults& defaults) {
  std::unique_ptr<TopicStore> store(new TopicStore(dataDir / "topics", defaults));
  std::error_code ec;
  fs::create_directories(store->m_dir, ec);
  if (ec) return makeError(ErrorCode::Io, "cannot create the data folder: " + ec.message(), store->m_dir.string());
  for (const auto& entry : fs::directory_iterator(store->m_dir, ec)) {
    std::string dirName = entry.path().filename().string();
    if (dirName.rfind(".trash-", 0) == 0) {  // a deletion interrupted by a crash
      fs::remove_all(entry.path(), ec);
      continue;
    }
    auto text = base::readFile(entry.path() / "topic.json", 1 << 20);
    if (!text) {
      spdlog::warn("broker: skipping {}: {}", entry.path().string(), text.error().toString());
      continue;
    }
    auto topic = std::make_unique<Topic>();
    int32_t count = 0;
    try {
      auto j = nlohmann::json::parse(*text);
      topic->name = j.at("name").get<std::string>();
      count = j.at("partitions").get<int32_t>();
      for (auto& [k, v] : j.at("configs").items()) topic->overrides[k] = v.get<std::string>();
    } catch (const std::exception& e) {
      spdlog::warn("broker: skipping {}: unreadable topic.json ({})", entry.path().string(), e.what());
      continue;
    }
    if (topic->name != dirName || count < 1 || count > kMaxPartitions) {
      spdlog::warn("broker: skipping {}: inconsistent topic.json", entry.path().string());
      continue;
    }
    if (auto problem = store->makeLogConfig(topic->overrides, topic->log)) {
      spdlog::warn("broker: topic {}: {}; using defaults", topic->name, *problem);
      topic->overrides.clear();
      topic->log = defaults.log;
    }
    for (int32_t p = 0; p < count; ++p) {
      auto log = PartitionLog::open(entry.path() / std::to_string(p), topic->log);
      if (!log) return log.error();
      topic->partitions.push_back(std::move(*log));
    }
    spdlog::info("broker: loaded topic {} ({} partitions)", topic->name, count);
    store->m_topics[topic->name] = std::move(topic);
  }
  return store;
}

TopicStore::Topic* TopicStore::find(const std::string& name) {
  auto it = m_topics.find(name);
  return it == m_topics.end() ? nullptr : it->second.get();
}

Status TopicStore::persist(const Topic& topic) const {
  nlohmann::json j{
      {"name", topic.name}, {"partitions", topic.partitions.size()}, {"configs", nlohmann::json(topic.overrides)}};
  return base::writeFileAtomically(topicDir(topic.name) / "topic.json", j.dump(2) + "\n");
}

int16_t TopicStore::create(const std::string& name, int32_t partitions,
                           const std::map<std::string, std::string>& configs, bool validateOnly, std::string& message) {
  if (!validName(name)) {
    message = "topic names use 1 to 249 of the characters [a-zA-Z0-9._-]";
    return kerr::kInvalidTopic;
  }
  if (m_topics.count(name)) {
    message = "topic '" + name + "' already exists";
    return kerr::kTopicAlreadyExists;
  }
  if (partitions == -1) partitions = m_defaults.partitions;
  if (partitions < 1 || partitions > kMaxPartitions) {
    message = "the number of partitions must be between 1 and " + std::to_string(kMaxPartitions);
    return kerr::kInvalidPartitions;
  }
  auto topic = std::make_unique<Topic>();
  topic->name = name;
  topic->overrides = configs;
  if (auto problem = makeLogConfig(configs, topic->log)) {
    message = *problem;
    return kerr::kInvalidConfig;
  }
  if (validateOnly) return kerr::kNone;
  std::error_code ec;
  fs::create_directories(topicDir(name), ec);
  for (int32_t p = 0; p < partitions; ++p) {
    auto log = PartitionLog::open(topicDir(name) / std::to_string(p), topic->log);
    if (!log) {
      message = log.error().toString();
      fs::remove_all(topicDir(name), ec);
      return kerr::kKafkaStorageError;
    }
    topic->partitions.push_back(std::move(*log));
  }
  if (Status s = persist(*topic); !s) {
    message = s.error().toString();
    fs::remove_all(topicDir(name), ec);
    return kerr::kKafkaStorageError;
  }
  spdlog::info("broker: created topic {} ({} partitions)", name, partitions);
  m_topics[name] = std::move(topic);
  return kerr::kNone;
}

int16_t TopicStore::remove(const std::string& name, std::string& message) {
  auto it = m_topics.find(name);
  if (it == m_topics.end()) {
    message = "no topic '" + name + "'";
    return kerr::kUnknownTopicOrPartition;
  }
  it->second->partitions.clear();  // closes files
  auto stamp = std::chrono::steady_clock::now().time_since_epoch().count();
  fs::path trash = m_dir / (".trash-" + name + "-" + std::to_string(stamp));
  std::error_code ec;
  fs::rename(topicDir(name), trash, ec);
  if (ec) {
    message = "cannot delete the topic folder: " + ec.message();
    spdlog::error("broker: {}", message);
  }
  fs::remove_all(ec ? topicDir(name) : trash, ec);
  m_topics.erase(it);
  spdlog::info("broker: deleted topic {}", name);
  return kerr::kNone;
}

int16_t TopicStore::addPartitions(const std::string& name, int32_t newCount, bool validateOnly, std::string& message) {
  Topic* topic = find(name);
  if (!topic) {
    message = "no topic '" + name + "'";
    return kerr::kUnknownTopicOrPartition;
  }
  auto current = static_cast<int32_t>(topic->partitions.size());
  if (newCount <= current || newCount > kMaxPartitions) {
    message = "topic '" + name + "' has " + std::to_string(current) + " partitions; the new count must be larger";
    return kerr::kInvalidPartitions;
  }
  if (validateOnly) return kerr::kNone;
  for (int32_t p = current; p < newCount; ++p) {
    auto log = PartitionLog::open(topicDir(name) / std::to_string(p), topic->log);
    if (!log) {
      message = log.error().toString();
      return kerr::kKafkaStorageError;
    }
    topic->partitions.push_back(std::move(*log));
  }
  if (Status s = persist(*topic); !s) {
    message = s.error().toString();
    return kerr::kKafkaStorageError;
  }
  return kerr::kNone;
}

int16_t TopicStore::alterConfigs(const std::string& name, const std::map<std::string, std::string>& configs,
                                 bool validateOnly, std::string& message) {
  Topic* topic = find(name);
  if (!topic) {
    message = "no topic '" + name + "'";
    return kerr::kUnknownTopicOrPartition;
  }
  LogConfig log;
  if (auto problem = makeLogConfig(configs, log)) {
    message = *problem;
    return kerr::kInvalidConfig;
  }
  if (validateOnly) return kerr::kNone;
  auto previous = topic->overrides;
  topic->overrides = configs;
  if (Status s = persist(*topic); !s) {
    topic->overrides = previous;
    message = s.error().toString();
    return kerr::kKafkaStorageError;
  }
  topic->log = log;
  for (auto& p : topic->partitions) p->setConfig(log);
  return kerr::kNone;
}

std::vector<ConfigValue> TopicStore::describe(const Topic& topic) const {
  const LogConfig& d = m_defaults.log;
  std::vector<std::pair<std::string, std::string>> defaults = {
      {"cleanup.policy", "delete"},
      {"compression.type", "producer"},
      {"delete.retention.ms", std::to_string(d.deleteRetentionMs)},
      {"index.interval.bytes", std::to_string(d.indexIntervalBytes)},
      {"max.message.bytes", std::to_string(d.maxMessageBytes)},
      {"message.timestamp.type", "CreateTime"},
      {"min.cleanable.dirty.ratio", ratioText(d.minCleanableDirtyRatio)},
      {"min.insync.replicas", "1"},
      {"retention.bytes", std::to_string(d.retentionBytes)},
      {"retention.ms", std::to_string(d.retentionMs)},
      {"segment.bytes", std::to_string(d.segmentBytes)},
      {"segment.ms", std::to_string(d.segmentMs)},
  };
  std::vector<ConfigValue> out;
  for (auto& [name, value] : defaults) {
    auto it = topic.overrides.find(name);
    if (it != topic.overrides.end())
      out.push_back({name, it->second, false, false});
    else
      out.push_back({name, value, true, false});
  }
  return out;
}

std::vector<ConfigValue> TopicStore::describeBroker() const {
  const LogConfig& d = m_defaults.log;
  return {
      {"num.partitions", std::to_string(m_defaults.partitions), true, true},
      {"log.retention.ms", std::to_string(d.retentionMs), true, true},
      {"log.retention.bytes", std::to_string(d.retentionBytes), true, true},
      {"log.segment.bytes", std::to_string(d.segmentBytes), true, true},
      {"message.max.bytes", std::to_string(d.maxMessageBytes), true, true},
      {"log.flush.interval.messages", d.flushEveryBatch ? "1" : "9223372036854775807", true, true},
  };
}

void TopicStore::enforceRetention(int64_t nowMs) {
  for (auto& [name, topic] : m_topics)
    for (auto& p : topic->partitions) p->enforceRetention(nowMs);
}

namespace {

std::optional<CleanJob> transactionAwareJob(const std::string& topic, int32_t partition, const PartitionLog& log,
                                            int64_t nowMs, bool force, const TransactionCoordinator& txns) {
  TransactionCoordinator::TopicPartition tp{topic, partition};
  int64_t hw = log.highWatermark();
  std::multimap<int64_t, std::pair<int64_t, int64_t>> aborted;
  for (const auto& a : txns.abortedBetween(tp, log.logStartOffset(), hw))
    aborted.emplace(a.producerId, std::make_pair(a.firstOffset, a.lastOffset));
  auto job = log.cleanJob(nowMs, force, txns.lastStableOffset(tp, hw), std::move(aborted));
  if (job) {
    job->topic = topic;
    job->partition = partition;
  }
  return job;
}

}  // namespace

std::optional<CleanJob> TopicStore::nextCleanJob(int64_t nowMs, std::set<std::pair<std::string, int32_t>>& forced,
                                                 const TransactionCoordinator& txns) {
  // Forced partitions first (a test or an operator asked), then the dirtiest due one.
  while (!forced.empty()) {
    auto [name, index] = *forced.begin();
    forced.erase(forced.begin());
    Topic* t = find(name);
    if (!t || index >= static_cast<int32_t>(t->partitions.size())) continue;
    if (auto job = transactionAwareJob(name, index, *t->partitions[static_cast<std::size_t>(index)], nowMs, true, txns))
      return job;
  }
  std::optional<CleanJob> best;
  double bestRatio = -1;
  for (auto& [name, topic] : m_topics) {
    if (!topic->log.compact) continue;
    for (std::size_t p = 0; p < topic->partitions.size(); ++p) {
      auto job = transactionAwareJob(name, static_cast<int32_t>(p), *topic->partitions[p], nowMs, false, txns);
      if (!job) continue;
      double ratio = topic->partitions[p]->dirtyRatio();
      if (ratio > bestRatio) {
        bestRatio = ratio;
        best = std::move(job);
      }
    }
  }
  return best;
}

std::vector<std::pair<int64_t, int64_t>> TopicStore::applyCleaned(CleanResult& result) {
  Topic* t = find(result.topic);
  PartitionLog* log = t && result.partition < static_cast<int32_t>(t->partitions.size())
                          ? t->partitions[static_cast<std::size_t>(result.partition)].get()
                          : nullptr;
  if (!log || log->id() != result.logId) {  // deleted (or deleted and created again) meanwhile
    std::error_code ec;
    for (const CleanedSegment& g : result.groups) fs::remove(g.tempPath, ec);
    return {};
  }
  int64_t before = log->sizeBytes();
  bool all = log->applyCleaned(result);
  spdlog::info(
      "broker: compacted {}[{}]: {} -> {} bytes, {} records removed ({} tombstones, {} of aborted transactions, {} "
      "markers) in {:.3f} s",
      result.topic, result.partition, before, log->sizeBytes(), result.recordsRemoved, result.tombstonesRemoved,
      result.abortedRemoved, result.markersRemoved, result.seconds);
  return all ? std::move(result.removedAbortMarkers) : std::vector<std::pair<int64_t, int64_t>>{};
}

void TopicStore::flushAll() {
  for (auto& [name, topic] : m_topics)
    for (auto& p : topic->partitions)
      if (Status s = p->flush(); !s) spdlog::error("broker: {}", s.error().toString());
}

}  // namespace tributary::broker
