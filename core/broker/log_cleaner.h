#pragma once
// Log compaction (cleanup.policy=compact), scaled down from Kafka's cleaner.
//
// The broker's network thread owns the partition logs; it hands the cleaner
// a CleanJob describing closed (immutable) segments of one partition. The
// cleaner thread (one for the broker) reads them, keeps only the newest
// record of each key, drops tombstones (null values) that have been in the
// log for delete.retention.ms, and writes each group of consecutive segments
// into one new file "<base>.log.cleaned" (fsynced, same base offset, offsets
// kept: a compacted log has gaps). The network thread then swaps the files
// in (PartitionLog::applyCleaned): the crash-safe rename sequence is there.
//
// Threads: submit(), takeResult(), busy(), stats() and stop() are called by
// the network thread (stats() by any thread); the job runs on the cleaner's
// own thread and touches only the files named in it and the new files.
//
// Transactions (as Kafka's cleaner): the job covers only segments below the
// partition's last stable offset (no open transaction is touched). Records of
// aborted transactions are dropped (and do not hide older values of their
// keys); commit and abort markers are not keyed records. A marker stays while
// any record of its transaction is left; once none is, the pass that sees
// this notes the time, and a pass delete.retention.ms later drops the marker
// (Kafka's two passes), also reporting a dropped abort marker so that the
// broker stops listing that aborted transaction to read_committed fetches.
//
// Records in compressed batches are not decompressed (no codec libraries in
// the broker): such batches are kept whole, their keys do not count, and no
// tombstone after one is removed (the older value could come back).

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "core/base/result.h"

namespace tributary::broker {

struct CleanInput {
  int64_t base = 0;
  int64_t end = 0;  // base of the next segment
  int64_t size = 0;
  int64_t mtimeMs = 0;  // when the segment was last written
  std::filesystem::path path;
};

struct CleanJob {
  uint64_t logId = 0;  // PartitionLog::id(): the result is dropped if the log was replaced meanwhile
  std::string topic;
  int32_t partition = 0;
  std::filesystem::path dir;
  std::vector<CleanInput> segments;  // closed segments, ascending and contiguous
  int64_t firstDirty = 0;            // segments below this were cleaned already (their keys are unique)
  int64_t nowMs = 0;                 // wall clock
  int64_t deleteRetentionMs = 86400000;
  int64_t maxSegmentBytes = 1LL << 30;  // groups of inputs are merged up to this size
  int32_t indexIntervalBytes = 4096;
  std::size_t mapBytesLimit = 64u << 20;  // key bytes held in memory; more dirty segments wait for the next pass
  // Aborted transactions of the partition: producer id -> [first offset, abort marker offset].
  std::multimap<int64_t, std::pair<int64_t, int64_t>> aborted;
  // Markers whose transaction had no records left at an earlier pass: offset -> since (wall ms).
  std::map<int64_t, int64_t> emptyMarkers;
};

struct CleanedSegment {
  int64_t base = 0;
  int64_t end = 0;
  std::vector<std::pair<int64_t, int64_t>> inputs;  // base, size of each replaced segment
  std::filesystem::path tempPath;                   // "<base>.log.cleaned"
  int64_t size = 0;
  int64_t mtimeMs = 0;
  int64_t maxTimestamp = -1;
  std::vector<std::pair<int64_t, int64_t>> index;      // offset -> position
  std::vector<std::pair<int64_t, int64_t>> timeIndex;  // max timestamp so far -> offset
};

struct CleanResult {
  uint64_t logId = 0;
  std::string topic;
  int32_t partition = 0;
  std::vector<CleanedSegment> groups;
  int64_t newFirstDirty = 0;
  int64_t tombstoneDueMs = -1;  // wall time at which a kept tombstone or marker may go; -1: none kept
  std::map<int64_t, int64_t> emptyMarkers;  // kept markers of transactions without records: offset -> since
  std::vector<std::pair<int64_t, int64_t>> removedAbortMarkers;  // producer id, offset of each abort marker dropped
  int64_t abortedRemoved = 0;                                    // records of aborted transactions dropped
  int64_t markersRemoved = 0;
  int64_t bytesRead = 0;
  int64_t bytesWritten = 0;
  int64_t recordsRead = 0;
  int64_t recordsRemoved = 0;
  int64_t tombstonesRemoved = 0;
  double seconds = 0;
};

// Runs one job on the calling thread. Stops early (with an error) when `abort` becomes true.
Result<CleanResult> cleanLog(const CleanJob& job, const std::atomic<bool>& abort);

struct CleanerStats {
  uint64_t passes = 0;
  uint64_t failures = 0;
  int64_t bytesRead = 0;
  int64_t bytesWritten = 0;
  int64_t recordsRemoved = 0;
  double seconds = 0;
};

class LogCleaner {
 public:
  // `wake` is called on the cleaner thread when a result is ready (it wakes the network thread).
  explicit LogCleaner(std::function<void()> wake);
  ~LogCleaner();
  LogCleaner(const LogCleaner&) = delete;
  LogCleaner& operator=(const LogCleaner&) = delete;

  bool busy() const;  // a job is queued, running, or its result not yet taken
  void submit(CleanJob job);
  std::optional<Result<CleanResult>> takeResult();
  CleanerStats stats() const;
  void stop();  // aborts a running job and joins the thread; idempotent

 private:
  void loop();

  std::function<void()> m_wake;
  mutable std::mutex m_mutex;
  std::condition_variable m_cv;
  std::optional<CleanJob> m_job;
  std::optional<Result<CleanResult>> m_result;
  bool m_running = false;
  std::atomic<bool> m_abort{false};
  bool m_stop = false;
  CleanerStats m_stats;
  std::thread m_thread;
};

}  // namespace tributary::broker
