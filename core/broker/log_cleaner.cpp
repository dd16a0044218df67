#include "core/broker/log_cleaner.h"

#include <fcntl.h>
#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <unordered_map>

#include <spdlog/spdlog.h>

#include "core/broker/record_batch.h"
#include "core/broker/segment_files.h"
#include "core/broker/wire.h"

namespace tributary::broker {

namespace fs = std::filesystem;

namespace {

// Reads the batches of one segment file front to back through a buffer.
class SegmentReader {
 public:
  explicit SegmentReader(const CleanInput& in) : m_in(in) {}
  ~SegmentReader() {
    if (m_fd >= 0) ::close(m_fd);
  }
  SegmentReader(const SegmentReader&) = delete;
  SegmentReader& operator=(const SegmentReader&) = delete;

  Status open() {
    m_fd = ::open(m_in.path.c_str(), O_RDONLY | O_CLOEXEC);
    if (m_fd < 0) return ioError("cannot open segment", m_in.path);
    ::posix_fadvise(m_fd, 0, 0, POSIX_FADV_SEQUENTIAL);
    return {};
  }
  // The next batch, checked with its CRC; false at the end. A damaged batch is an error.
  Result<bool> next(std::string_view& batch, BatchHeader& h) {
    if (m_pos >= m_in.size) return false;
    if (!fill(kBatchLogOverhead)) return damaged("a partial batch");
    int32_t length = wire::loadI32(m_buf.data() + (m_pos - m_bufStart) + 8);
    if (length < static_cast<int32_t>(kBatchMinLength) || m_pos + static_cast<int64_t>(kBatchLogOverhead) + length > m_in.size)
      return damaged("a batch with a bad length");
    std::size_t total = kBatchLogOverhead + static_cast<std::size_t>(length);
    if (!fill(total)) return damaged("a partial batch");
    batch = std::string_view(m_buf.data() + (m_pos - m_bufStart), total);
    if (checkBatch(batch, h, false) != BatchCheck::Ok) return damaged("a batch that fails its CRC");
    m_pos += static_cast<int64_t>(total);
    return true;
  }
  int64_t position() const { return m_pos; }

 private:
  static constexpr std::size_t kChunk = 4u << 20;

  bool fill(std::size_t need) {
    std::size_t have = static_cast<std::size_t>(m_bufStart + static_cast<int64_t>(m_buf.size()) - m_pos);
    if (m_pos >= m_bufStart && have >= need) return true;
    std::size_t want = std::max(need, kChunk);
    want = static_cast<std::size_t>(std::min<int64_t>(static_cast<int64_t>(want), m_in.size - m_pos));
    if (want < need) return false;
    m_buf.resize(want);
    std::size_t done = 0;
    while (done < want) {
      ssize_t r = ::pread(m_fd, m_buf.data() + done, want - done, static_cast<off_t>(m_pos) + static_cast<off_t>(done));
      if (r < 0 && errno == EINTR) continue;
      if (r <= 0) return false;
      done += static_cast<std::size_t>(r);
    }
    m_bufStart = m_pos;
    return true;
  }
  Error damaged(const char* what) const {
    return makeError(ErrorCode::Invalid, std::string("segment has ") + what + " at byte " + std::to_string(m_pos) +
                                             "; it is not compacted",
                     m_in.path.string());
  }

  const CleanInput& m_in;
  int m_fd = -1;
  int64_t m_pos = 0;
  int64_t m_bufStart = 0;
  std::string m_buf;
};

// Writes one cleaned segment file and its index entries, mirroring PartitionLog's indexing.
class CleanedWriter {
 public:
  CleanedWriter(CleanedSegment& seg, int32_t indexIntervalBytes) : m_seg(seg), m_interval(indexIntervalBytes) {}
  ~CleanedWriter() {
    if (m_fd >= 0) ::close(m_fd);
  }
  CleanedWriter(const CleanedWriter&) = delete;
  CleanedWriter& operator=(const CleanedWriter&) = delete;

  Status open() {
    m_fd = ::open(m_seg.tempPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (m_fd < 0) return ioError("cannot create the cleaned segment", m_seg.tempPath);
    return {};
  }
  Status add(std::string_view batch, const BatchHeader& h) {
    if (m_sinceIndex >= m_interval) {
      m_seg.index.emplace_back(h.baseOffset, m_seg.size);
      if (m_seg.maxTimestamp >= 0 && (m_seg.timeIndex.empty() || m_seg.maxTimestamp > m_seg.timeIndex.back().first))
        m_seg.timeIndex.emplace_back(m_seg.maxTimestamp, h.baseOffset);
      m_sinceIndex = 0;
    }
    m_sinceIndex += static_cast<int64_t>(batch.size());
    m_seg.maxTimestamp = std::max(m_seg.maxTimestamp, h.maxTimestamp);
    m_lastOffset = h.lastOffset();
    m_pending.append(batch);
    m_seg.size += static_cast<int64_t>(batch.size());
    if (m_pending.size() >= (4u << 20)) return drain();
    return {};
  }
  Status finish() {
    if (m_seg.maxTimestamp >= 0 && (m_seg.timeIndex.empty() || m_seg.maxTimestamp > m_seg.timeIndex.back().first))
      m_seg.timeIndex.emplace_back(m_seg.maxTimestamp, m_lastOffset);
    if (Status s = drain(); !s) return s;
    // The cleaned file keeps the age of what it replaces (segment.ms, delete.retention.ms go by it).
    timespec times[2];
    times[0].tv_sec = times[1].tv_sec = m_seg.mtimeMs / 1000;
    times[0].tv_nsec = times[1].tv_nsec = (m_seg.mtimeMs % 1000) * 1000000;
    ::futimens(m_fd, times);
    if (::fsync(m_fd) != 0) return ioError("cannot sync the cleaned segment", m_seg.tempPath);
    ::close(m_fd);
    m_fd = -1;
    return {};
  }

 private:
  Status drain() {
    const char* p = m_pending.data();
    std::size_t n = m_pending.size();
    while (n > 0) {
      ssize_t w = ::write(m_fd, p, n);
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) return ioError("cannot write the cleaned segment", m_seg.tempPath);
      p += w;
      n -= static_cast<std::size_t>(w);
    }
    m_pending.clear();
    return {};
  }

  CleanedSegment& m_seg;
  int32_t m_interval;
  int m_fd = -1;
  int64_t m_sinceIndex = 0;
  int64_t m_lastOffset = -1;
  std::string m_pending;
};

// Lets the offset map be searched with the string_view of a record's key, without a copy.
struct KeyHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
using OffsetMap = std::unordered_map<std::string, int64_t, KeyHash, std::equal_to<>>;

Error aborted() {
  return makeError(ErrorCode::Unavailable, "the broker is stopping");
}

// A data batch of a transaction that was aborted.
bool abortedBatch(const CleanJob& job, const BatchHeader& h) {
  if (!h.transactional() || h.control()) return false;
  auto [from, to] = job.aborted.equal_range(h.producerId);
  for (auto it = from; it != to; ++it)
    if (it->second.first <= h.baseOffset && h.baseOffset <= it->second.second) return true;
  return false;
}

// The control record's type: 0 abort, 1 commit (key: version i16, type i16); -1 when unreadable.
int controlType(std::string_view batch, const BatchHeader& h) {
  int type = -1;
  forEachRecord(batch, h, [&](const RecordView& r) {
    if (r.hasKey && r.key.size() >= 4) type = (static_cast<uint8_t>(r.key[2]) << 8) | static_cast<uint8_t>(r.key[3]);
  });
  return type;
}

}  // namespace

Result<CleanResult> cleanLog(const CleanJob& job, const std::atomic<bool>& abort) {
  auto started = std::chrono::steady_clock::now();
  CleanResult result;
  result.logId = job.logId;
  result.topic = job.topic;
  result.partition = job.partition;
  result.newFirstDirty = job.firstDirty;
  const auto& segs = job.segments;
  if (segs.empty()) return result;

  // 1. The newest offset of each key in the dirty segments (up to the memory limit, whole segments only).
  OffsetMap latest;
  std::size_t mapBytes = 0;
  std::size_t cleanUpTo = 0;  // segments [0, cleanUpTo) are rewritten
  std::size_t firstDirtyIndex = 0;
  while (firstDirtyIndex < segs.size() && segs[firstDirtyIndex].end <= job.firstDirty) ++firstDirtyIndex;
  cleanUpTo = firstDirtyIndex;
  for (std::size_t i = firstDirtyIndex; i < segs.size(); ++i) {
    SegmentReader reader(segs[i]);
    if (Status s = reader.open(); !s) return s.error();
    std::string_view batch;
    BatchHeader h;
    for (;;) {
      auto more = reader.next(batch, h);
      if (!more) return more.error();
      if (!*more) break;
      if (abort) return aborted();
      if (h.control() || abortedBatch(job, h)) continue;  // markers have no key; aborted records hide nothing
      forEachRecord(batch, h, [&](const RecordView& r) {
        if (!r.hasKey) return;
        int64_t offset = h.baseOffset + r.offsetDelta;
        if (auto it = latest.find(r.key); it != latest.end()) {
          it->second = offset;
        } else {
          latest.emplace(std::string(r.key), offset);
          mapBytes += r.key.size() + 64;
        }
      });
    }
    result.bytesRead += segs[i].size;
    cleanUpTo = i + 1;
    if (mapBytes > job.mapBytesLimit) break;
  }
  if (cleanUpTo > firstDirtyIndex) result.newFirstDirty = segs[cleanUpTo - 1].end;

  // 2. Groups of consecutive segments that fit one segment file (sizes before cleaning, as Kafka does).
  std::vector<std::pair<std::size_t, std::size_t>> groups;  // [from, to)
  for (std::size_t i = 0; i < cleanUpTo;) {
    std::size_t j = i + 1;
    int64_t bytes = segs[i].size;
    while (j < cleanUpTo && bytes + segs[j].size <= job.maxSegmentBytes && segs[j].end - segs[i].base <= INT32_MAX) {
      bytes += segs[j].size;
      ++j;
    }
    groups.emplace_back(i, j);
    i = j;
  }

  // 3. Rewrite each group keeping the newest record of each key.
  bool sawCompressed = false;
  int64_t tombstoneDue = -1;
  std::vector<std::string_view> kept;
  std::string rebuilt;
  std::unordered_map<int64_t, bool> txnHasRecords;  // producer id -> a record of its current transaction is kept
  auto noteDue = [&](int64_t due) { tombstoneDue = tombstoneDue < 0 ? due : std::min(tombstoneDue, due); };
  for (auto [from, to] : groups) {
    CleanedSegment out;
    out.base = segs[from].base;
    out.end = segs[to - 1].end;
    out.tempPath = job.dir / (segmentName(out.base) + ".log.cleaned");
    for (std::size_t i = from; i < to; ++i) {
      out.inputs.emplace_back(segs[i].base, segs[i].size);
      out.mtimeMs = std::max(out.mtimeMs, segs[i].mtimeMs);
    }
    CleanedWriter writer(out, job.indexIntervalBytes);
    if (Status s = writer.open(); !s) return s.error();
    for (std::size_t i = from; i < to; ++i) {
      const CleanInput& in = segs[i];
      bool tombstonesOldEnough = in.mtimeMs + job.deleteRetentionMs <= job.nowMs;
      // Tombstones of the newest closed segment stay, so the log never ends in a gap.
      bool newestSegment = i + 1 == segs.size();
      SegmentReader reader(in);
      if (Status s = reader.open(); !s) return s.error();
      if (i < firstDirtyIndex) result.bytesRead += in.size;
      std::string_view batch;
      BatchHeader h;
      for (;;) {
        auto more = reader.next(batch, h);
        if (!more) return more.error();
        if (!*more) break;
        if (abort) return aborted();
        if (h.control()) {
          // A commit or abort marker: kept while its transaction has records left, and for
          // delete.retention.ms after a pass first found none (Kafka's two passes).
          int64_t marker = h.baseOffset;
          bool hasRecords = txnHasRecords[h.producerId];
          txnHasRecords.erase(h.producerId);
          result.recordsRead += h.recordCount;
          bool drop = false;
          if (!hasRecords) {
            auto known = job.emptyMarkers.find(marker);
            int64_t since = known != job.emptyMarkers.end() ? known->second : job.nowMs;
            if (since + job.deleteRetentionMs <= job.nowMs && !newestSegment && known != job.emptyMarkers.end()) {
              drop = true;
            } else {
              result.emptyMarkers[marker] = since;
              // In the newest closed segment it waits for newer data, like a tombstone.
              if (!(newestSegment && since + job.deleteRetentionMs <= job.nowMs)) noteDue(since + job.deleteRetentionMs);
            }
          }
          if (drop) {
            if (controlType(batch, h) == 0) result.removedAbortMarkers.emplace_back(h.producerId, marker);
            ++result.markersRemoved;
            result.recordsRemoved += h.recordCount;
            continue;
          }
          if (Status s = writer.add(batch, h); !s) return s.error();
          continue;
        }
        if (abortedBatch(job, h)) {
          result.recordsRead += h.recordCount;
          result.recordsRemoved += h.recordCount;
          result.abortedRemoved += h.recordCount;
          continue;
        }
        if (h.compression() != 0) {
          sawCompressed = true;
          if (h.transactional()) txnHasRecords[h.producerId] = true;
          result.recordsRead += h.recordCount;
          if (Status s = writer.add(batch, h); !s) return s.error();
          continue;
        }
        kept.clear();
        int32_t seen = 0;
        bool readable = forEachRecord(batch, h, [&](const RecordView& r) {
          ++seen;
          int64_t offset = h.baseOffset + r.offsetDelta;
          bool keep = r.hasKey;
          if (keep) {
            auto it = latest.find(r.key);
            keep = it == latest.end() || it->second <= offset;
          }
          if (keep && r.nullValue) {
            if (tombstonesOldEnough && !newestSegment && !sawCompressed) {
              keep = false;
              ++result.tombstonesRemoved;
            } else if (!tombstonesOldEnough) {
              // Worth a pass of its own later; the other cases wait for new data to be cleaned.
              noteDue(in.mtimeMs + job.deleteRetentionMs);
            }
          }
          if (keep) kept.push_back(r.bytes);
        });
        if (!readable)
          return makeError(ErrorCode::Invalid,
                           "a batch at offset " + std::to_string(h.baseOffset) + " has unreadable records; not compacted",
                           in.path.string());
        result.recordsRead += seen;
        result.recordsRemoved += seen - static_cast<int64_t>(kept.size());
        if (kept.empty()) continue;
        if (h.transactional()) txnHasRecords[h.producerId] = true;
        if (static_cast<int32_t>(kept.size()) == seen) {
          if (Status s = writer.add(batch, h); !s) return s.error();
          continue;
        }
        rebuilt.clear();
        rebuildBatch(batch, kept, rebuilt);
        if (Status s = writer.add(rebuilt, h); !s) return s.error();
      }
    }
    if (Status s = writer.finish(); !s) return s.error();
    result.bytesWritten += out.size;
    result.groups.push_back(std::move(out));
  }
  result.tombstoneDueMs = tombstoneDue;
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return result;
}

LogCleaner::LogCleaner(std::function<void()> wake) : m_wake(std::move(wake)) {
  m_thread = std::thread([this] {
    pthread_setname_np(pthread_self(), "tb-cleaner");
    loop();
  });
}

LogCleaner::~LogCleaner() {
  stop();
}

void LogCleaner::stop() {
  {
    std::lock_guard lock(m_mutex);
    m_stop = true;
    m_abort = true;
  }
  m_cv.notify_all();
  if (m_thread.joinable()) m_thread.join();
}

bool LogCleaner::busy() const {
  std::lock_guard lock(m_mutex);
  return m_job.has_value() || m_running || m_result.has_value();
}

void LogCleaner::submit(CleanJob job) {
  {
    std::lock_guard lock(m_mutex);
    m_job = std::move(job);
  }
  m_cv.notify_all();
}

std::optional<Result<CleanResult>> LogCleaner::takeResult() {
  std::lock_guard lock(m_mutex);
  std::optional<Result<CleanResult>> r = std::move(m_result);
  m_result.reset();
  return r;
}

CleanerStats LogCleaner::stats() const {
  std::lock_guard lock(m_mutex);
  return m_stats;
}

void LogCleaner::loop() {
  std::unique_lock lock(m_mutex);
  for (;;) {
    m_cv.wait(lock, [this] { return m_stop || m_job.has_value(); });
    if (m_stop) return;
    CleanJob job = std::move(*m_job);
    m_job.reset();
    m_running = true;
    lock.unlock();
    auto result = cleanLog(job, m_abort);
    if (!result) {
      // Leave nothing half-written behind; the log itself was not touched.
      std::error_code ec;
      for (const CleanInput& in : job.segments) fs::remove(job.dir / (segmentName(in.base) + ".log.cleaned"), ec);
    }
    lock.lock();
    m_running = false;
    if (result) {
      ++m_stats.passes;
      m_stats.bytesRead += result->bytesRead;
      m_stats.bytesWritten += result->bytesWritten;
      m_stats.recordsRemoved += result->recordsRemoved;
      m_stats.seconds += result->seconds;
    } else {
      ++m_stats.failures;
    }
    m_result = std::move(result);
    if (m_stop) return;
    lock.unlock();
    m_wake();
    lock.lock();
  }
}

}  // namespace tributary::broker
