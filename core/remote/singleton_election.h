#pragma once
// Elects, through Kafka, the one runner that runs a pipeline's singleton part.
// Every runner that has the pipeline joins the consumer group
// "tributary.<pipeline>.singleton" on the one-partition topic
// __tributary_coord; whoever is assigned partition 0 is the owner. Kafka's
// group protocol does the rest: when the owner leaves (stop, crash, lost
// network) the partition moves to another member once the owner's session
// times out (sessionTimeoutMs, 6 s by default), and cooperative-sticky
// assignment keeps it where it is when other runners join or leave.
//
// Handover: elected() runs when partition 0 arrives; revoked() runs when it
// leaves, before this runner gives it back, so a graceful handover (stop,
// restart, rebalance) drains the singleton part and writes its last
// checkpoint before the next owner starts reading it. A crashed owner cannot
// do that: the next owner resumes from the last checkpoint it wrote, and
// records after it are produced again (at-least-once).
//
// Threads: one thread of its own polls the group and calls the handlers, one
// at a time. The destructor leaves the group (calling revoked() first when
// this runner owns the partition) and joins the thread.

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "core/base/result.h"
#include "core/kafka/cluster_config.h"

struct rd_kafka_s;  // librdkafka's rd_kafka_t; only the .cpp includes <librdkafka/rdkafka.h>

namespace tributary::remote {

class SingletonElection {
 public:
  struct Handlers {
    std::function<void()> elected;
    std::function<void()> revoked;  // may block until the singleton part has drained
  };
  struct Options {
    int sessionTimeoutMs = 6000;
    int heartbeatIntervalMs = 1000;
    std::string clientId = "tributary-runner";
  };

  static std::string groupFor(const std::string& pipeline) { return "tributary." + pipeline + ".singleton"; }

  // Creates the coordination topic when missing and joins the group.
  static Result<std::unique_ptr<SingletonElection>> start(const kafka::ClusterConfig& cluster, std::string group,
                                                          Handlers handlers, Options options);
  ~SingletonElection();
  SingletonElection(const SingletonElection&) = delete;
  SingletonElection& operator=(const SingletonElection&) = delete;

  bool owner() const { return m_owner.load(); }
  const std::string& group() const { return m_group; }

 private:
  SingletonElection() = default;
  struct Callbacks;  // librdkafka's rebalance and log callbacks, defined in the .cpp
  void run();
  void lose(const char* why);

  std::string m_group;
  Handlers m_handlers;
  rd_kafka_s* m_handle = nullptr;
  std::atomic<bool> m_owner{false};
  std::atomic<bool> m_stop{false};
  std::thread m_thread;
};

}  // namespace tributary::remote
