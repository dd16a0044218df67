#pragma once
// One consumer-group member that reads several topics for several topic
// sources: the inputs of one join (docs/stream-processing.md,
// "Co-partitioning"). Kafka Streams reads all input topics of a
// sub-topology with one consumer for the same reason: with the `range`
// assignor, topics of equal partition counts subscribed by the same members
// get partition p of every topic assigned to the same member, so partition
// p of both sides of a join (and the changelog partition p of its state) is
// on one runner. Separate groups assign each topic on their own.
//
// Each source keeps its own positions, commits and rebalance handling; this
// class owns what they share: the client, one fetch at a time, and the
// messages fetched for a source other than the one polling, which wait for
// it. Rebalance callbacks (run inside a fetch) reach every source with the
// partitions of its own topic.

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "core/base/result.h"
#include "core/kafka/client.h"

namespace tributary::connectors {

class SharedConsumer {
 public:
  // `group`: the consumer group; `topics`: every topic it reads, in the order
  // of the sources that read them.
  SharedConsumer(std::string group, std::vector<std::string> topics);
  ~SharedConsumer();

  const std::string& group() const { return m_group; }
  const std::vector<std::string>& topics() const { return m_topics; }

  // The client: created by `create` for the first source that opens, the
  // same one for the others. It subscribes at the first fetch, once every
  // source opened (and created its topic).
  Result<std::shared_ptr<kafka::Client>> client(
      const std::function<Result<std::unique_ptr<kafka::Client>>()>& create);

  // A source that reads `topic`: `assign` and `revoke` get the partitions of
  // its topic in a rebalance (the offsets `assign` sets are assigned).
  void attach(const std::string& topic, kafka::Client::AssignHandler assign, kafka::Client::AssignHandler revoke);
  // The source stops reading: its waiting messages are dropped (the group
  // reads them again from the committed offsets).
  void detach(const std::string& topic);

  // At most `max` messages of `topic`: the ones waiting for it, else one fetch
  // of up to `timeoutMs`, whose messages of other topics wait for their
  // source. Fetches nothing while another source has more than `kMaxWaiting`
  // messages waiting (it reads slower). -1 with `error` set on failure.
  static constexpr std::size_t kMaxWaiting = 20000;
  ssize_t consume(const std::string& topic, rd_kafka_message_t** out, std::size_t max, int timeoutMs,
                  Error& error);

 private:
  struct Reader {
    kafka::Client::AssignHandler assign, revoke;
    std::deque<rd_kafka_message_t*> waiting;
    std::set<std::int32_t> revokedInFetch;               // partitions revoked during the current fetch
    std::map<std::int32_t, std::int64_t> reassignedInFetch;  // of those, assigned back: last offset kept
  };
  void rebalance(bool assign, rd_kafka_topic_partition_list_t* partitions);  // m_mutex held (inside a fetch)
  bool keep(Reader& reader, const rd_kafka_message_t* m);

  std::string m_group;
  std::vector<std::string> m_topics;
  std::mutex m_mutex;
  std::shared_ptr<kafka::Client> m_client;
  kafka::QueuePtr m_queue;
  bool m_subscribed = false;
  std::map<std::string, Reader> m_readers;
  std::vector<rd_kafka_message_t*> m_fetched;
};

}  // namespace tributary::connectors
