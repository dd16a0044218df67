#pragma once
// The embedded single-node Kafka-compatible broker: Tributary's "Local"
// cluster. It speaks the Kafka wire protocol (non-flexible versions; see
// proto::supportedApis() for exactly which) on a TCP listener, keeps topics in
// segment files under a data folder, and runs consumer groups.
//
// Threads: start() opens the data folder (recovering logs) and binds the
// listener on the calling thread, then spawns ONE network thread that owns
// everything else: it accepts connections, reads and answers requests,
// writes and reads segment files, runs group rebalances and timers, enforces
// retention and flushes. No other thread touches broker state. port(),
// bootstrap() and running() may be called from any thread; stop() (also
// called by the destructor) from any thread except the network thread.
//
// Topics with cleanup.policy=compact are compacted by a second thread, the
// log cleaner (log_cleaner.h), which only reads closed segments and writes
// new files; the network thread swaps them in.
//
// Not a cluster: one node, one replica per partition, no transactions.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "core/base/result.h"
#include "core/broker/log_cleaner.h"

namespace tributary::broker {

enum class FlushPolicy {
  EveryBatch,  // fdatasync each append before answering the producer (acks=1/-1 data survives power loss)
  Interval,    // fdatasync dirty partitions every flushIntervalMs (and on stop)
  Os,          // leave it to the operating system (and flush on stop)
};

struct BrokerOptions {
  std::filesystem::path dataDir;   // created when missing; locked while the broker runs
  std::string host = "127.0.0.1";  // address to bind
  uint16_t port = 0;               // 0: any free port
  std::string advertisedHost;      // host given to clients; empty: `host` (127.0.0.1 for a wildcard bind)
  bool autoCreateTopics = true;    // create unknown topics when clients ask for their metadata
  int32_t defaultPartitions = 1;
  FlushPolicy flushPolicy = FlushPolicy::Interval;
  int32_t flushIntervalMs = 1000;
  int32_t maxFrameBytes = 100 * 1024 * 1024;            // larger requests close the connection
  int64_t maxConnectionOutputBytes = 64 * 1024 * 1024;  // unsent responses beyond this pause reading
  int32_t maxConnections = 1000;
  int64_t retentionMs = 7LL * 24 * 3600 * 1000;  // topic default; -1 unlimited
  int64_t retentionBytes = -1;                   // topic default per partition; -1 unlimited
  int64_t segmentBytes = 1024LL * 1024 * 1024;
  int32_t maxMessageBytes = 1048588;
  int32_t retentionCheckIntervalMs = 5000;
  int32_t groupInitialRebalanceDelayMs = 300;
  int32_t groupMinSessionTimeoutMs = 1000;
  int32_t cleanerBackoffMs = 15000;  // how often compacted partitions are checked for work (log.cleaner.backoff.ms)
};

class Broker {
 public:
  static Result<std::unique_ptr<Broker>> start(BrokerOptions options);
  ~Broker();
  Broker(const Broker&) = delete;
  Broker& operator=(const Broker&) = delete;

  uint16_t port() const;
  std::string bootstrap() const;  // "host:port" for clients
  bool running() const;
  // Asks for a compaction pass over every partition of every compacted topic
  // now, whatever their dirty ratio (tests, tools). Returns a ticket;
  // cleaningDone(ticket) turns true once those passes are over. Any thread.
  uint64_t requestCleaning();
  bool cleaningDone(uint64_t ticket) const;
  CleanerStats cleanerStats() const;
  // Stops accepting, closes connections, flushes every log and joins the network thread. Idempotent.
  void stop();

  struct Impl;

 private:
  explicit Broker(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

}  // namespace tributary::broker
