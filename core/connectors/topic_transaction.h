#pragma once
// Exactly-once between topics (`exactly_once: true` on a consumed topic): the
// one transactional producer of the stage after that topic. Every topic write
// of the stage goes through it — each output topic node and the dead-letter
// topic of each node of the stage — and the consumed topic's offsets commit
// in the same transaction (Kafka Streams' exactly_once_v2), so outputs,
// dead letters and the input position move together or not at all.
//
// Owned (shared) by the consuming topic node (TopicSource), which decides when
// to commit, the producing topic nodes and the dead-letter topics. Threads:
// writers produce from their task threads while holding producing(); the
// commit takes the lock exclusively, so nothing is produced while a
// transaction commits and the next one begins.

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>

#include "core/base/result.h"
#include "core/kafka/client.h"
#include "core/kafka/cluster_config.h"

namespace tributary::runtime {
class AckTracker;
}

namespace tributary::connectors {

class StageTransaction {
 public:
  StageTransaction(kafka::ClusterConfig cluster, std::string transactionalId, std::string topic,
                   std::string sourceNode);
  ~StageTransaction();
  StageTransaction(const StageTransaction&) = delete;
  StageTransaction& operator=(const StageTransaction&) = delete;

  const std::string& transactionalId() const { return m_id; }
  const std::string& topic() const { return m_topic; }            // the consumed topic
  const std::string& sourceNode() const { return m_sourceNode; }  // its node, as the user named it
  const kafka::ClusterConfig& cluster() const { return m_cluster; }

  // Creates the producer on the first call (any writer or the source, whichever
  // opens first): InitProducerId fences an earlier producer with the same id
  // (a killed run) and aborts its open transaction; then a transaction begins.
  Status open();
  // The producer, once open() succeeded. Produce only while a Producing lives.
  kafka::Client& client() { return *m_client; }
  // Held while producing into the open transaction (shared with other
  // writers, never with a commit). Nests on one thread: a sink's write may
  // send a bad record to the dead-letter topic of the same transaction.
  class Producing {
   public:
    explicit Producing(StageTransaction& txn);
    ~Producing();
    Producing(const Producing&) = delete;
    Producing& operator=(const Producing&) = delete;

   private:
    StageTransaction& m_txn;
    bool m_owns = false;
  };

  // The source's consumer while it is open: its group metadata goes with the offsets.
  void setConsumer(rd_kafka_t* rk);

  // Sends `offsets` (next offset per partition of the consumed topic) and
  // commits the open transaction with everything produced in it, then begins
  // the next. Only when every record read before those offsets was written
  // (the caller checks its acknowledgements). A failure aborts the
  // transaction and fails the stage (failure()).
  Status commit(const std::map<std::int32_t, std::int64_t>& offsets);
  // Aborts the open transaction: nothing written in it becomes visible to
  // read_committed readers, and its offsets are not committed.
  void abort();

  // Stateful nodes of the stage (aggregates, joins) write their changelogs in
  // the transaction. The source asks them to flush now when it wants to
  // commit (or must, in a rebalance) and stops asking after the commit;
  // their flushes release their held acknowledgements, which the commit
  // waits for. Any thread.
  void requestFlush(bool requested) { m_flushRequested.store(requested, std::memory_order_release); }
  bool flushRequested() const { return m_flushRequested.load(std::memory_order_acquire); }
  // Transactions committed so far; the open one has the next number. Read
  // inside a Producing for the number of the transaction being written.
  std::uint64_t committedTransactions() const { return m_committedCount.load(std::memory_order_acquire); }

  // A write of the stage failed, or a transaction: the source stops the stage,
  // which resumes from the last committed transaction when restarted.
  void fail(Error error);
  std::optional<Error> failure() const;

 private:
  Error abortAfter(rd_kafka_error_t* e, const std::string& what);  // destroys `e`
  rd_kafka_consumer_group_metadata_t* groupMetadata();              // m_lock held exclusively

  const kafka::ClusterConfig m_cluster;
  const std::string m_id, m_topic, m_sourceNode;
  std::shared_mutex m_lock;  // shared: producing; exclusive: open, commit, abort
  std::unique_ptr<kafka::Client> m_client;
  std::atomic<bool> m_flushRequested{false};
  std::atomic<std::uint64_t> m_committedCount{0};
  mutable std::mutex m_mutex;  // the fields below
  rd_kafka_t* m_consumer = nullptr;
  std::optional<Error> m_failure;
};

// A stateful node (aggregate, join) in an exactly_once stage: its changelog
// is written in `txn`, and its inputs must all come from `tracker`'s source
// (the topic whose offsets the transaction commits).
class TransactionalState {
 public:
  virtual ~TransactionalState() = default;
  virtual Status joinTransaction(std::shared_ptr<StageTransaction> txn, const runtime::AckTracker* tracker) = 0;
};

// A dead-letter sink that can write through a stage's transaction (the
// dead-letter topic). Letters of `node` go through `txn` from now on; an
// error when the topic is on another cluster than the transaction.
class TransactionalLetters {
 public:
  virtual ~TransactionalLetters() = default;
  virtual Status joinTransaction(const std::string& node, std::shared_ptr<StageTransaction> txn) = 0;
};

}  // namespace tributary::connectors
