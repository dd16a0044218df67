#pragma once
// Kafka transactions on the embedded broker: the transaction coordinator
// (InitProducerId with a transactional id, AddPartitionsToTxn,
// AddOffsetsToTxn, TxnOffsetCommit, EndTxn, transaction timeouts) and the
// per-partition view fetches need (last stable offset, aborted transactions).
//
// Commit and abort markers are written at once when EndTxn arrives (there is
// one broker, so no two-phase WriteTxnMarkers): the coordinator asks the
// broker to append a control batch to each partition of the transaction
// (Hooks::writeMarker). Offsets of TxnOffsetCommit wait in the transaction and
// reach the group only on commit.
//
// State lives in <data>/transactions/state.json, rewritten atomically on each
// change: transactional ids with producer id, epoch, timeout, and the open
// transaction (partitions with their first offset, groups, pending offsets,
// start time); and per partition the aborted transactions a read_committed
// consumer must skip. After a restart an open transaction keeps holding back
// the last stable offset and is aborted when its timeout (counted from its
// start, wall clock) passes, as in Kafka.
//
// Not thread-safe: owned and driven by the broker's network thread.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/base/result.h"
#include "core/broker/group_coordinator.h"

namespace tributary::broker {

class TransactionCoordinator {
 public:
  using TopicPartition = std::pair<std::string, int32_t>;
  using Offsets = std::vector<std::pair<TopicPartition, CommittedOffset>>;
  struct Hooks {
    std::function<Result<int64_t>()> allocateProducerId;
    // Appends a commit or abort marker; returns its offset.
    std::function<Result<int64_t>(const TopicPartition& tp, int64_t producerId, int16_t epoch, bool commit)> writeMarker;
    // Stores committed offsets of a group (the transaction committed).
    std::function<int16_t(const std::string& group, const Offsets& offsets)> commitOffsets;
  };
  struct InitResult {
    int16_t error = 0;
    int64_t producerId = -1;
    int16_t epoch = -1;
  };
  struct Aborted {
    int64_t producerId = -1;
    int64_t firstOffset = -1;
    int64_t lastOffset = -1;  // the abort marker's offset
  };

  static constexpr int32_t kMaxTimeoutMs = 15 * 60 * 1000;  // Kafka's transaction.max.timeout.ms

  TransactionCoordinator(std::filesystem::path dir, Hooks hooks) : m_dir(std::move(dir)), m_hooks(std::move(hooks)) {}
  Status load();

  InitResult initProducerId(const std::string& transactionalId, int32_t timeoutMs, int64_t wallNowMs);
  int16_t addPartition(const std::string& transactionalId, int64_t producerId, int16_t epoch, const TopicPartition& tp,
                       int64_t wallNowMs);
  // Several partitions of one AddPartitionsToTxn request, saved once; an error per partition.
  std::vector<int16_t> addPartitions(const std::string& transactionalId, int64_t producerId, int16_t epoch,
                                     const std::vector<TopicPartition>& tps, int64_t wallNowMs);
  int16_t addOffsets(const std::string& transactionalId, int64_t producerId, int16_t epoch, const std::string& group,
                     int64_t wallNowMs);
  int16_t txnOffsetCommit(const std::string& transactionalId, int64_t producerId, int16_t epoch,
                          const std::string& group, const Offsets& offsets);
  int16_t endTxn(const std::string& transactionalId, int64_t producerId, int16_t epoch, bool commit);

  // A transactional Produce: NONE when `producerId`/`epoch` own the
  // transaction and it has added the partition.
  int16_t checkProduce(const std::string& transactionalId, int64_t producerId, int16_t epoch,
                       const TopicPartition& tp) const;
  // The transaction's data reached the partition at `baseOffset`.
  void appended(const std::string& transactionalId, const TopicPartition& tp, int64_t baseOffset);

  // The offset below which every transaction is decided (the high watermark
  // when none is open on the partition).
  int64_t lastStableOffset(const TopicPartition& tp, int64_t highWatermark) const;
  // Aborted transactions of the partition overlapping [from, to).
  std::vector<Aborted> abortedBetween(const TopicPartition& tp, int64_t from, int64_t to) const;

  // The log cleaner removed the abort marker at `markerOffset` (the transaction's records were gone already):
  // fetches stop listing that aborted transaction.
  void forgetAborted(const TopicPartition& tp, int64_t producerId, int64_t markerOffset);

  // Aborts transactions past their timeout.
  void tick(int64_t wallNowMs);
  void forgetTopic(const std::string& topic);

  struct Description {
    std::string transactionalId, state;
    int64_t producerId = -1;
    int16_t epoch = -1;
    int32_t timeoutMs = 0;
    int64_t startMs = -1;
    std::vector<TopicPartition> partitions;
  };
  std::vector<Description> list() const;

 private:
  struct Txn {
    int64_t producerId = -1;
    int16_t epoch = -1;
    int32_t timeoutMs = 60000;
    bool ongoing = false;
    int64_t startMs = -1;
    std::map<TopicPartition, int64_t> partitions;  // first offset of the transaction's data; -1: none yet
    std::set<std::string> groups;
    std::map<std::string, std::map<TopicPartition, CommittedOffset>> offsets;  // per group, until commit
    std::string lastOutcome = "Empty";
  };
  int16_t check(const std::string& id, int64_t producerId, int16_t epoch, const Txn** out) const;
  // Writes the markers and applies or drops the offsets; the transaction is then closed.
  int16_t complete(const std::string& id, Txn& t, bool commit);
  void persist() const;

  std::filesystem::path m_dir;
  Hooks m_hooks;
  std::map<std::string, Txn> m_txns;
  // Open transactions with data per partition: transactional id -> first
  // offset. What lastStableOffset() reads on every fetch.
  std::map<TopicPartition, std::map<std::string, int64_t>> m_open;
  std::map<TopicPartition, std::vector<Aborted>> m_aborted;
};

}  // namespace tributary::broker
