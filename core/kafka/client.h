#pragma once
// librdkafka client handles for one cluster: configuration (bootstrap servers
// plus any librdkafka property passed through unchanged), RAII ownership, and
// the translation of librdkafka errors into messages a person can act on.
// A Client may be used from any thread; librdkafka's own threads only record
// the last connection error into it.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include <librdkafka/rdkafka.h>

#include "core/base/result.h"
#include "core/kafka/cluster_config.h"

namespace tributary::kafka {

// Consumer settings that keep librdkafka 2.0.2 fetching without pauses.
// librdkafka stops fetching a partition once its local queue passes
// queued.min.messages (100,000 by default) and only looks again about a second
// later, so a consumer that drains faster than that sits idle most of each
// second. The message count limit is lifted to its maximum; memory stays
// bounded by queued.max.messages.kbytes (`maxKbytes` of prefetched data for the
// whole consumer), large enough that a fast consumer needs over a second to
// drain it. Caller settings and cluster properties override these.
std::map<std::string, std::string> consumerQueueSettings(int maxKbytes = 131072);

struct HandleDeleter {
  void operator()(rd_kafka_t* rk) const;
};
using HandlePtr = std::unique_ptr<rd_kafka_t, HandleDeleter>;

struct PartitionListDeleter {
  void operator()(rd_kafka_topic_partition_list_t* list) const { rd_kafka_topic_partition_list_destroy(list); }
};
using PartitionListPtr = std::unique_ptr<rd_kafka_topic_partition_list_t, PartitionListDeleter>;

struct EventDeleter {
  void operator()(rd_kafka_event_t* event) const { rd_kafka_event_destroy(event); }
};
using EventPtr = std::unique_ptr<rd_kafka_event_t, EventDeleter>;

struct QueueDeleter {
  void operator()(rd_kafka_queue_t* queue) const { rd_kafka_queue_destroy(queue); }
};
using QueuePtr = std::unique_ptr<rd_kafka_queue_t, QueueDeleter>;

// What a produced message's delivery report is written into (its msg_opaque).
struct DeliveryReport {
  std::atomic_bool done{false};
  rd_kafka_resp_err_t error = RD_KAFKA_RESP_ERR_NO_ERROR;
  std::int32_t partition = -1;
  std::int64_t offset = -1;
  std::string value;  // the message's value, kept only when its delivery failed (for the error policy)
};

// One librdkafka handle with the error state its callbacks fill in.
class Client {
 public:
  enum class Kind { Producer, Consumer };

  // `extra` properties override the cluster's (used for consumer settings).
  static Result<std::unique_ptr<Client>> create(const ClusterConfig& cluster, Kind kind,
                                                const std::map<std::string, std::string>& extra = {});
  ~Client();

  rd_kafka_t* handle() const { return m_handle.get(); }
  const std::string& bootstrap() const { return m_bootstrap; }

  // An Error for `err` during `what`, with the last connection error librdkafka
  // reported when that explains it ("no broker reachable at ...").
  Error error(rd_kafka_resp_err_t err, const std::string& what) const;
  Error timeoutError(const std::string& what, std::chrono::milliseconds timeout) const;
  std::string lastConnectionError() const;

  // Receives librdkafka's statistics JSON (only when `statistics.interval.ms`
  // is set). Called on a librdkafka thread; set it right after create().
  void setStatisticsHandler(std::function<void(std::string_view json)> handler);

  // Consumers: called with partitions about to be assigned, before they are
  // (e.g. to set start offsets by time); runs on the thread that polls the
  // consumer. Without one, assignments use the committed offsets or
  // auto.offset.reset. Set it before subscribing.
  using AssignHandler = std::function<void(rd_kafka_t* rk, rd_kafka_topic_partition_list_t* partitions)>;
  void setAssignHandler(AssignHandler handler);
  // Consumers: called with partitions about to be taken away in a rebalance,
  // before they are (e.g. to commit what was processed, so the next owner
  // starts there); runs on the thread that polls the consumer.
  void setRevokeHandler(AssignHandler handler);

 private:
  Client() = default;
  static void onError(rd_kafka_t* rk, int err, const char* reason, void* opaque);
  static void onLog(const rd_kafka_t* rk, int level, const char* facility, const char* message);
  void recordFailure(std::string reason);
  static void onDelivery(rd_kafka_t* rk, const rd_kafka_message_t* message, void* opaque);
  static int onStatistics(rd_kafka_t* rk, char* json, size_t size, void* opaque);
  static void onRebalance(rd_kafka_t* rk, rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* partitions,
                          void* opaque);

  HandlePtr m_handle;
  std::string m_bootstrap;
  mutable std::mutex m_mutex;
  std::string m_lastError;  // guarded by m_mutex; written on librdkafka threads
  std::function<void(std::string_view)> m_statistics;  // guarded by m_mutex
  AssignHandler m_assign;                              // guarded by m_mutex
  AssignHandler m_revoke;                              // guarded by m_mutex
};

// Runs an admin request whose result arrives as an event on a temporary queue.
// `start` issues the request on that queue; waits up to `timeout`.
Result<EventPtr> runAdmin(const Client& client, const std::string& what, std::chrono::milliseconds timeout,
                          const std::function<void(rd_kafka_queue_t*, rd_kafka_AdminOptions_t*)>& start);

}  // namespace tributary::kafka
