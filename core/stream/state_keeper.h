#pragma once
// What makes a stateful transform's state durable and consistent with the
// source checkpoints (docs/stream-processing.md, "State"). Shared by the
// aggregate and join transforms, which own one each and supply only the
// encoding of their own state.
//
// - hold(): the acknowledgement tickets of absorbed batches are held until
//   the next flush, so no source position is committed before the state it
//   produced is on disk.
// - admit(): records replayed after a restart that the stored state already
//   covers (offset <= the largest offset absorbed per input port and source
//   partition, as stored) are dropped, so a replay counts nothing twice. This
//   needs sources that give a replayed record the offset it had (files,
//   datagen, topics, CDC); see docs/stream-processing.md.
// - keep(): every result the node emits is also kept in an outbox, until a
//   record the node absorbed at or after that emission is committed at its
//   source (that record's batch travelled behind the result, so the result
//   reached every sink). flush() stores the outbox; after a crash the stored
//   results are emitted again (takeRestored), since the sinks may not have
//   got them. Duplicates are therefore limited to results emitted within
//   about one checkpoint interval before the crash, with identical content.
// - flush(): one atomic RocksDB batch with the node's changed state, the
//   covered offsets, the outbox and the node's metadata; then the held
//   tickets are released. With a changelog (changelog.h) the same changes go
//   to it first, acknowledged by Kafka, then the marker; only then the local
//   batch is written and the tickets released.
// - With a transactional changelog (an exactly_once stage, changelog.h):
//   no outbox (results, state and input offsets commit in one transaction,
//   so no result needs emitting again); a flush writes its changes and
//   markers into the stage's open transaction and releases the held
//   tickets; the local RocksDB batch is kept back and written only once that
//   transaction committed (writeCommitted), so the store never holds state of
//   an aborted transaction: it is a cache of the committed changelog.
// - attach() with a changelog restores the store from it when the store is
//   missing or behind the changelog's last complete flush, and repairs a
//   flush a crash left unfinished in the changelog.
//
// Thread: the task running the transform (attach: the engine's thread).

#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/base/result.h"
#include "core/record/record.h"
#include "core/runtime/node.h"
#include "core/stream/changelog.h"
#include "core/stream/state_store.h"

namespace tributary::stream {

class StateKeeper {
 public:
  // Opens the store; `fingerprint` identifies the node's configuration: a
  // store written under another one is cleared (its state would not fit).
  // `changelog` (may be null; outlives the keeper) mirrors the store;
  // `progress(done, total)` is told how far a restore from it is.
  Status attach(const std::filesystem::path& directory, std::vector<const runtime::AckTracker*> inputs,
                std::int64_t flushIntervalMs, const std::string& fingerprint, Changelog* changelog = nullptr,
                const std::function<void(std::uint64_t, std::uint64_t)>& progress = {});
  bool durable() const { return m_store != nullptr; }
  StateStore* store() { return m_store.get(); }
  // The node's metadata from the last flush before this run (null when none).
  const nlohmann::json& restoredMeta() const { return m_restoredMeta; }
  std::int64_t flushIntervalMs() const { return m_flushIntervalMs; }

  void hold(const std::vector<runtime::Ticket*>& tickets);
  // Before the node absorbs `batch` from input `port`: drops covered records.
  void admit(std::uint16_t port, record::Batch& batch);
  // After the node emitted: out[from..] are new results.
  void keep(const record::Batch& out, std::size_t from, bool fromInput);
  // Stored results of the previous run, to emit again (once, then empty).
  void takeRestored(record::Batch& out);
  // Before takeRestored(): stored results whose proof of delivery is already
  // committed at the source (`delivered(port, position)`: the source resumed
  // after that position) are not emitted again, only removed. A partition
  // handed over after its state was drained repeats nothing this way.
  void dropDelivered(const std::function<bool(std::uint16_t, const record::SourcePosition&)>& delivered);
  bool flushDue() const;
  // Writes `changes` (the node's own keys) plus metadata, covered offsets and outbox; releases held tickets.
  Status flush(const std::function<void(StateStore::Batch&)>& changes, const nlohmann::json& meta);
  // Gives the held tickets back without a flush (the state is not durable).
  void releaseHeld();
  // Whether tickets are held (records absorbed since the last flush).
  bool holding() const { return !m_held.empty(); }
  // Adds one reference to each held ticket and appends it to `out`: records
  // the node emits outside a batch (a timer) carry them, so the positions they
  // stand for are acknowledged only once those records are written too.
  void shareHeld(std::vector<runtime::Ticket*>& out);
  // A transactional changelog: flushes whose transaction committed are written to the local store.
  Status writeCommitted();
  bool exactlyOnce() const { return m_changelog && m_changelog->transactional(); }
  // A clean stop: every result emitted so far reached its sinks; the next
  // flush drops them from the outbox instead of keeping them to emit again.
  void markAllDelivered() { m_allDelivered = true; }

 private:
  struct Kept {
    std::uint64_t seq = 0;
    record::Record record;
    // The input record whose commit proves this result was delivered; unset until the next absorbed batch.
    std::optional<std::pair<std::uint16_t, record::SourcePosition>> proof;
    bool stored = false;
    bool withProof = false;  // stored under kProvenPrefix, with its proof
    bool pending = false;    // restored, not emitted again yet
  };
  void prune(StateStore::Batch& batch);
  Status restoreFromChangelog(const nlohmann::json& localMeta,
                              const std::function<void(std::uint64_t, std::uint64_t)>& progress);
  Status writeChangelog(const StateStore::Batch& batch, const std::string& offsets, nlohmann::json& doc);
  static std::string outboxKey(std::uint64_t seq, bool withProof = false);

  std::unique_ptr<StateStore> m_store;
  std::vector<const runtime::AckTracker*> m_inputs;
  std::int64_t m_flushIntervalMs = 1000;
  std::int64_t m_lastFlushMs = 0;
  std::string m_fingerprint;
  nlohmann::json m_restoredMeta = nlohmann::json::object();
  std::vector<runtime::Ticket*> m_held;
  std::map<std::uint16_t, std::map<std::int32_t, std::int64_t>> m_covered;     // port -> partition -> largest offset
  std::map<std::uint16_t, std::map<std::int32_t, std::int64_t>> m_replayUpTo;  // m_covered as restored; shrinks
  std::optional<std::pair<std::uint16_t, record::SourcePosition>> m_lastAdmitted;
  std::deque<Kept> m_outbox;
  bool m_allDelivered = false;
  std::uint64_t m_nextSeq = 0;
  std::size_t m_pending = 0;           // restored results not emitted again yet
  std::vector<std::string> m_dropped;  // outbox keys to remove at the next flush
  std::optional<Error> m_failure;  // a failed write: no further flushes
  Changelog* m_changelog = nullptr;
  std::uint64_t m_flushSeq = 1;            // the number of the next flush (changelog tag)
  bool m_seedChangelog = false;            // the next flush writes every stored key to the changelog
  std::vector<std::string> m_repair;       // keys whose changelog value must be rewritten by the next flush
  std::string m_lastMarker;                // the metadata of the last marker written
  std::vector<std::int64_t> m_markerOffsets;  // where that marker went, per partition
  // Transactional changelog: local batches waiting for their transaction (its number) to commit.
  std::deque<std::pair<std::uint64_t, std::unique_ptr<StateStore::Batch>>> m_uncommitted;
};

}  // namespace tributary::stream
