#pragma once
// Cluster inspection and administration, Kafdrop-style: brokers, topics and
// partitions with watermarks, topic configs, consumer groups with lag, offset
// resets, topic and record administration, and producing single messages.
// Every call blocks for at most its timeout: call it from a worker thread
// (the GUI does), never from the GUI thread. One ClusterClient may be shared by
// several threads; librdkafka serialises what needs it.

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/base/result.h"
#include "core/kafka/cluster_config.h"

// librdkafka's types stay out of this header (the GUI includes it): declared
// here, defined in <librdkafka/rdkafka.h>, which only the .cpp files include.
struct rd_kafka_metadata;  // used as "struct rd_kafka_metadata": librdkafka also has a function of that name

namespace tributary::kafka {

using namespace std::chrono_literals;

struct BrokerInfo {
  std::int32_t id = -1;
  std::string host;
  int port = 0;
  std::string rack;  // empty when unknown
  bool controller = false;
};

struct PartitionInfo {
  std::int32_t id = 0;
  std::int32_t leader = -1;
  std::vector<std::int32_t> replicas;
  std::vector<std::int32_t> isr;
  std::int64_t low = -1;   // earliest offset still stored
  std::int64_t high = -1;  // next offset to be written
  std::int64_t messages() const { return low >= 0 && high >= low ? high - low : 0; }
  bool underReplicated() const { return isr.size() < replicas.size(); }
};

struct TopicInfo {
  std::string name;
  bool internal = false;  // "__consumer_offsets" and friends
  int replicationFactor = 0;
  std::vector<PartitionInfo> partitions;
  std::int64_t messages() const;
};

struct ClusterOverview {
  std::string bootstrap;
  std::int32_t controllerId = -1;
  std::vector<BrokerInfo> brokers;
  int topics = 0;
  int partitions = 0;
  int underReplicatedPartitions = 0;
};

struct ConfigEntry {
  std::string name;
  std::string value;  // empty with `sensitive`
  bool isDefault = false;
  bool readOnly = false;
  bool sensitive = false;
  std::string source;  // "DEFAULT_CONFIG", "DYNAMIC_TOPIC_CONFIG", ...
};

struct GroupSummary {
  std::string id;
  std::string state;  // "Stable", "Empty", "PreparingRebalance", ...
  bool simple = false;
};

struct GroupMember {
  std::string memberId;
  std::string clientId;
  std::string host;
  std::vector<std::pair<std::string, std::int32_t>> assignment;  // topic, partition
};

struct GroupOffset {
  std::string topic;
  std::int32_t partition = 0;
  std::int64_t committed = -1;  // -1: nothing committed
  std::int64_t high = -1;       // log end offset
  std::int64_t lag() const { return committed >= 0 && high >= committed ? high - committed : (high >= 0 ? high : 0); }
};

struct GroupDetail {
  std::string id;
  std::string state;
  std::string assignor;  // partition assignment strategy, e.g. "range"
  std::int32_t coordinator = -1;
  std::vector<GroupMember> members;
  std::vector<GroupOffset> offsets;  // sorted by topic, partition
  std::int64_t totalLag() const;
};

// Where to move a group's committed offsets.
struct OffsetReset {
  enum class To { Earliest, Latest, Timestamp, Offset };
  To to = To::Earliest;
  std::int64_t value = 0;  // ms since epoch for Timestamp; the offset for Offset
};

struct ProduceMessage {
  std::optional<std::string> key;
  std::optional<std::string> value;  // nullopt: a tombstone
  std::vector<std::pair<std::string, std::string>> headers;
  std::int32_t partition = -1;  // -1: let the partitioner choose (murmur2 of the key)
  std::int64_t timestampMs = 0;  // 0: now
};

struct Produced {
  std::int32_t partition = -1;
  std::int64_t offset = -1;
};

class Client;  // core/kafka/client.h

class ClusterClient {
 public:
  static Result<std::unique_ptr<ClusterClient>> connect(const ClusterConfig& cluster,
                                                        std::chrono::milliseconds timeout = 10s);

  const ClusterConfig& config() const { return m_config; }
  std::chrono::milliseconds timeout() const { return m_timeout; }

  Result<ClusterOverview> overview();
  // All topics (internal ones only when asked), each with partitions and watermarks.
  Result<std::vector<TopicInfo>> topics(bool includeInternal = false);
  Result<TopicInfo> describeTopic(const std::string& topic);

  Result<std::vector<ConfigEntry>> topicConfigs(const std::string& topic);
  // Sets the given configs; others keep their values (incremental in effect).
  Status alterTopicConfigs(const std::string& topic, const std::vector<std::pair<std::string, std::string>>& set);

  Status createTopic(const std::string& topic, int partitions, int replicationFactor,
                     const std::vector<std::pair<std::string, std::string>>& configs = {});
  Status deleteTopic(const std::string& topic);
  Status createPartitions(const std::string& topic, int newTotal);
  // Deletes records before `beforeOffset` (-1: all) in one partition; returns the new low watermark.
  Result<std::int64_t> deleteRecords(const std::string& topic, std::int32_t partition, std::int64_t beforeOffset);

  Result<std::vector<GroupSummary>> groups();
  Result<GroupDetail> describeGroup(const std::string& group);
  // Moves the group's committed offsets for `topic` (all partitions). Only for
  // groups without active members: Kafka refuses otherwise, and so do we, first.
  Result<std::vector<GroupOffset>> resetGroupOffsets(const std::string& group, const std::string& topic,
                                                     const OffsetReset& reset);

  Result<Produced> produce(const std::string& topic, const ProduceMessage& message);

  // Earliest and latest offsets of the given partitions, in one round trip per broker.
  Result<std::vector<std::pair<std::int64_t, std::int64_t>>> watermarks(const std::string& topic,
                                                                          const std::vector<std::int32_t>& partitions);
  // The first offset at or after `timestampMs` per partition (high watermark when none).
  Result<std::vector<std::int64_t>> offsetsForTime(const std::string& topic, const std::vector<std::int32_t>& partitions,
                                                   std::int64_t timestampMs);

  // Creates `topic` with `partitions` partitions, `configs` and `replication`
  // unless it exists; an existing topic is left as it is (losing a creation
  // race to another client counts as success).
  Status ensureTopic(const std::string& topic, int partitions,
                     const std::vector<std::pair<std::string, std::string>>& configs = {}, int replication = 1);

  Client& client() { return *m_client; }  // include core/kafka/client.h to use it
  // The resolved bootstrap address ("embedded" becomes the embedded broker's host:port).
  const std::string& bootstrap() const;
  ~ClusterClient();  // in the .cpp, where Client is complete

 private:
  ClusterClient(ClusterConfig config, std::unique_ptr<Client> client, std::chrono::milliseconds timeout);
  Result<const struct rd_kafka_metadata*> metadata(const std::string* topic);

  ClusterConfig m_config;
  std::unique_ptr<Client> m_client;
  std::chrono::milliseconds m_timeout;
};

}  // namespace tributary::kafka
