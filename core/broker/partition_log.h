#pragma once
// The log of one partition: a folder of segment files holding record batches
// exactly as producers sent them (the broker only writes base offsets), each
// with a sparse offset index (.index) and time index (.timeindex).
//
//   <dir>/00000000000000000000.log        batches, back to back
//   <dir>/00000000000000000000.index      8-byte entries: relative offset u32, file position u32
//   <dir>/00000000000000000000.timeindex  12-byte entries: max timestamp so far i64, relative offset u32
//   <dir>/log-start-offset                the low watermark after DeleteRecords
//   <dir>/cleaner-checkpoint              compacted topics: "<first dirty offset> <tombstone due ms>", then
//                                         a line "<marker offset> <since ms>" per marker kept for its two passes
//
// Compaction (see log_cleaner.h) replaces groups of closed segments by one
// cleaned file with the base offset of the first. The swap is crash-safe:
//   1. the cleaner writes and fsyncs <base>.log.cleaned;
//   2. it is renamed to <base>-<end>.swap (the commit point; the folder is synced);
//   3. the replaced segments' files are removed, the .swap renamed to <base>.log,
//      and new index files written.
// Opening a log deletes leftover .cleaned files and finishes any .swap (steps 3).
//
// Opening a log validates every batch of the active (last) segment with its
// CRC-32C and truncates a torn tail; its indexes are rebuilt from that scan.
// Older segments load their index files (rebuilt by a scan when unusable).
//
// Not thread-safe: owned and used by the broker's network thread only.

#include <climits>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/result.h"
#include "core/broker/log_cleaner.h"
#include "core/broker/record_batch.h"

namespace tributary::broker {

struct LogConfig {
  int64_t segmentBytes = 1024LL * 1024 * 1024;
  int64_t segmentMs = 7LL * 24 * 3600 * 1000;
  int64_t retentionBytes = -1;                   // -1: unlimited
  int64_t retentionMs = 7LL * 24 * 3600 * 1000;  // -1: unlimited
  int32_t maxMessageBytes = 1048588;             // largest batch accepted
  int32_t indexIntervalBytes = 4096;
  bool flushEveryBatch = false;  // fdatasync after each append, before the producer is answered
  bool compact = false;          // cleanup.policy has compact: the cleaner keeps the newest record per key
  bool deleteOld = true;         // cleanup.policy has delete: retention.ms / retention.bytes drop old segments
  int64_t deleteRetentionMs = 24LL * 3600 * 1000;  // how long tombstones outlive cleaning
  double minCleanableDirtyRatio = 0.5;             // dirty / (clean + dirty) bytes before a pass
};

struct AppendOutcome {
  int16_t error = 0;        // Kafka error code
  int64_t baseOffset = -1;  // offset given to the first record
  std::string message;
};

class PartitionLog {
 public:
  static Result<std::unique_ptr<PartitionLog>> open(const std::filesystem::path& dir, const LogConfig& config);
  ~PartitionLog();
  PartitionLog(const PartitionLog&) = delete;
  PartitionLog& operator=(const PartitionLog&) = delete;

  // Appends the batches in `batches` (one or more, each already checked with
  // checkBatch). Patches their base offsets in place. Idempotent producers'
  // retries of a batch already written return the original offset.
  AppendOutcome append(std::string_view batches, const std::vector<BatchHeader>& headers, int64_t nowMs);

  // Appends to `out` whole batches starting with the one holding `offset`,
  // at most `maxBytes` unless the first batch alone is larger and
  // `minOneBatch`. Returns a Kafka error code (OFFSET_OUT_OF_RANGE...).
  int16_t read(int64_t offset, int64_t maxBytes, bool minOneBatch, std::string& out) const;

  // Offset and timestamp of the first record with timestamp >= target; {-1,-1} when none.
  RecordPosition offsetForTimestamp(int64_t target) const;

  // DeleteRecords: moves the low watermark to `offset` (<= high watermark), drops whole segments below it.
  int16_t deleteRecordsBefore(int64_t offset);

  // Deletes segments past retention and rolls an active segment that is too old.
  void enforceRetention(int64_t nowMs);
  Status flush();
  void setConfig(const LogConfig& config) { m_config = config; }
  const LogConfig& config() const { return m_config; }

  // Compaction, called on the network thread. cleanJob() describes the closed
  // segments to clean (nullopt when nothing is due; `force` ignores the dirty
  // ratio); applyCleaned() swaps the cleaned files in, dropping a group whose
  // segments changed meanwhile. dirtyRatio() is dirty / all closed bytes.
  // Only segments ending at or below `stableOffset` (the last stable offset)
  // are included; `aborted` lists the partition's aborted transactions.
  // applyCleaned() returns false when a group was dropped.
  std::optional<CleanJob> cleanJob(int64_t nowMs, bool force, int64_t stableOffset = INT64_MAX,
                                   std::multimap<int64_t, std::pair<int64_t, int64_t>> aborted = {}) const;
  bool applyCleaned(CleanResult& result);
  double dirtyRatio() const;
  uint64_t id() const { return m_id; }

  int64_t logStartOffset() const { return m_logStart; }
  int64_t highWatermark() const;
  int64_t sizeBytes() const;
  // Grows with every byte appended; lets parked fetches see that data arrived.
  uint64_t appendedBytes() const { return m_appendedBytes; }
  std::size_t segmentCount() const { return m_segments.size(); }
  // Removes the folder and everything in it (topic deletion). The object is unusable afterwards.
  void destroy();

 private:
  struct Segment;
  struct ProducerBatch {
    int32_t firstSeq;
    int32_t lastSeq;
    int64_t baseOffset;
  };
  struct ProducerState {
    int16_t epoch = -1;
    std::deque<ProducerBatch> recent;  // the last 5 batches, like Kafka
  };

  explicit PartitionLog(std::filesystem::path dir, const LogConfig& config);
  Status load();
  Status scanSegment(Segment& seg, bool verify);
  Status writeIndexes(Segment& seg);
  Result<std::unique_ptr<Segment>> createSegment(int64_t baseOffset);
  Status roll(int64_t nowMs);
  void deleteSegment(std::unique_ptr<Segment>& seg);
  const Segment* segmentFor(int64_t offset) const;
  int64_t positionFor(const Segment& seg, int64_t offset) const;
  void remember(const BatchHeader& h);
  Status persistLogStart();
  Status recoverCleaning();
  void loadCleanerCheckpoint();
  void persistCleanerCheckpoint();

  std::filesystem::path m_dir;
  LogConfig m_config;
  std::vector<std::unique_ptr<Segment>> m_segments;  // ascending base offsets; never empty after open
  int64_t m_logStart = 0;
  uint64_t m_appendedBytes = 0;
  std::map<int64_t, ProducerState> m_producers;
  uint64_t m_id = 0;
  int64_t m_firstDirty = 0;        // segments ending at or below it hold unique keys
  int64_t m_tombstoneDueMs = -1;   // when a tombstone or marker kept by the last pass may go; -1: none
  std::map<int64_t, int64_t> m_emptyMarkers;  // markers whose transaction had no records left: offset -> since
};

}  // namespace tributary::broker
