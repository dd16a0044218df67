#include "core/broker/partition_log.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <sstream>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include <spdlog/spdlog.h>

#include "core/base/files.h"
#include "core/broker/error_codes.h"
#include "core/broker/segment_files.h"
#include "core/broker/wire.h"

namespace tributary::broker {

namespace fs = std::filesystem;

struct PartitionLog::Segment {
  int64_t base = 0;
  int64_t nextOffset = 0;
  int64_t size = 0;
  int64_t maxTimestamp = -1;
  int64_t createdMs = 0;
  int fd = -1;
  int indexFd = -1;  // open for appends on the active segment only
  int timeFd = -1;
  std::vector<std::pair<int64_t, int64_t>> index;      // offset -> file position
  std::vector<std::pair<int64_t, int64_t>> timeIndex;  // max timestamp so far -> offset
  int64_t bytesSinceIndex = 0;
  fs::path logPath, indexPath, timePath;

  void closeAppenders() {
    if (indexFd >= 0) ::close(indexFd);
    if (timeFd >= 0) ::close(timeFd);
    indexFd = timeFd = -1;
  }
  ~Segment() {
    closeAppenders();
    if (fd >= 0) ::close(fd);
  }
  int64_t retentionTimestamp() const { return maxTimestamp >= 0 ? maxTimestamp : createdMs; }
};

namespace {

bool preadAll(int fd, char* buf, std::size_t n, int64_t pos) {
  std::size_t done = 0;
  while (done < n) {
    ssize_t r = ::pread(fd, buf + done, n - done, static_cast<off_t>(pos + static_cast<int64_t>(done)));
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return false;
    done += static_cast<std::size_t>(r);
  }
  return true;
}

bool writeAll(int fd, const char* buf, std::size_t n) {
  while (n > 0) {
    ssize_t w = ::write(fd, buf, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return false;
    buf += w;
    n -= static_cast<std::size_t>(w);
  }
  return true;
}

int64_t fileMtimeMs(int fd) {
  struct stat st {};
  if (::fstat(fd, &st) != 0) return 0;
  return static_cast<int64_t>(st.st_mtim.tv_sec) * 1000 + st.st_mtim.tv_nsec / 1000000;
}

}  // namespace

PartitionLog::PartitionLog(fs::path dir, const LogConfig& config) : m_dir(std::move(dir)), m_config(config) {
  static std::atomic<uint64_t> lastId{0};
  m_id = ++lastId;
}

PartitionLog::~PartitionLog() = default;

Result<std::unique_ptr<PartitionLog>> PartitionLog::open(const fs::path& dir, const LogConfig& config) {
  std::unique_ptr<PartitionLog> log(new PartitionLog(dir, config));
  if (Status s = log->load(); !s) return s.error();
  return log;
}

Status PartitionLog::load() {
  std::error_code ec;
  fs::create_directories(m_dir, ec);
  if (ec) return makeError(ErrorCode::Io, "cannot create the partition folder: " + ec.message(), m_dir.string());
  if (Status s = recoverCleaning(); !s) return s;
  loadCleanerCheckpoint();
  if (auto text = base::readFile(m_dir / "log-start-offset", 64); text.ok()) {
    try {
      m_logStart = std::stoll(*text);
    } catch (...) {
      spdlog::warn("broker: ignoring unreadable {}", (m_dir / "log-start-offset").string());
    }
  }
  std::vector<int64_t> bases;
  for (const auto& entry : fs::directory_iterator(m_dir, ec)) {
    const fs::path& p = entry.path();
    if (p.extension() != ".log") continue;
    std::string stem = p.stem().string();
    if (stem.size() != 20 || !std::all_of(stem.begin(), stem.end(), ::isdigit)) continue;
    bases.push_back(std::stoll(stem));
  }
  if (ec) return makeError(ErrorCode::Io, "cannot list the partition folder: " + ec.message(), m_dir.string());
  std::sort(bases.begin(), bases.end());
  for (std::size_t i = 0; i < bases.size(); ++i) {
    auto seg = std::make_unique<Segment>();
    seg->base = bases[i];
    seg->logPath = m_dir / (segmentName(bases[i]) + ".log");
    seg->indexPath = m_dir / (segmentName(bases[i]) + ".index");
    seg->timePath = m_dir / (segmentName(bases[i]) + ".timeindex");
    seg->fd = ::open(seg->logPath.c_str(), O_RDWR | O_CLOEXEC);
    if (seg->fd < 0) return ioError("cannot open segment", seg->logPath);
    struct stat st {};
    if (::fstat(seg->fd, &st) != 0) return ioError("cannot stat segment", seg->logPath);
    seg->size = st.st_size;
    seg->createdMs = fileMtimeMs(seg->fd);
    bool last = i + 1 == bases.size();
    seg->nextOffset = last ? seg->base : bases[i + 1];
    bool indexOk = false;
    if (!last) {
      // Load the index files of a closed segment; rebuild them if they do not fit it.
      auto idx = base::readFile(seg->indexPath, 1u << 30);
      auto tix = base::readFile(seg->timePath, 1u << 30);
      if (idx.ok() && tix.ok() && idx->size() % 8 == 0 && tix->size() % 12 == 0) {
        indexOk = true;
        int64_t prevOff = -1, prevPos = -1;
        for (std::size_t k = 0; k + 8 <= idx->size(); k += 8) {
          int64_t off = seg->base + static_cast<uint32_t>(wire::loadI32(idx->data() + k));
          int64_t pos = static_cast<uint32_t>(wire::loadI32(idx->data() + k + 4));
          if (off <= prevOff || pos <= prevPos || pos >= seg->size) indexOk = false;
          prevOff = off;
          prevPos = pos;
          seg->index.emplace_back(off, pos);
        }
        for (std::size_t k = 0; k + 12 <= tix->size(); k += 12) {
          int64_t ts = wire::loadI64(tix->data() + k);
          int64_t off = seg->base + static_cast<uint32_t>(wire::loadI32(tix->data() + k + 8));
          seg->timeIndex.emplace_back(ts, off);
        }
        if (!seg->timeIndex.empty())
          seg->maxTimestamp = seg->timeIndex.back().first;
        else if (seg->size > 0)
          indexOk = false;
      }
    }
    if (!indexOk) {
      seg->index.clear();
      seg->timeIndex.clear();
      if (Status s = scanSegment(*seg, last); !s) return s;
      if (!last) seg->nextOffset = bases[i + 1];
      if (Status s = writeIndexes(*seg); !s) return s;
    }
    m_segments.push_back(std::move(seg));
  }
  if (m_segments.empty()) {
    auto seg = createSegment(std::max<int64_t>(m_logStart, 0));
    if (!seg) return seg.error();
    m_segments.push_back(std::move(*seg));
  } else {
    Segment& active = *m_segments.back();
    active.indexFd = ::open(active.indexPath.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    active.timeFd = ::open(active.timePath.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (active.indexFd < 0 || active.timeFd < 0) return ioError("cannot open index", active.indexPath);
  }
  m_logStart = std::clamp(m_logStart, m_segments.front()->base, highWatermark());
  return {};
}

Status PartitionLog::scanSegment(Segment& seg, bool verify) {
  int64_t pos = 0;
  int64_t expected = seg.base;
  std::string buf;
  seg.maxTimestamp = -1;
  seg.bytesSinceIndex = 0;
  const char* problem = nullptr;
  while (pos < seg.size) {
    char head[kBatchHeaderSize];
    if (seg.size - pos < static_cast<int64_t>(kBatchHeaderSize) || !preadAll(seg.fd, head, kBatchHeaderSize, pos)) {
      problem = "a partial batch header";
      break;
    }
    BatchHeader h;
    parseBatchHeader(std::string_view(head, kBatchHeaderSize), h);
    if (h.batchLength < static_cast<int32_t>(kBatchMinLength) || static_cast<int64_t>(h.totalSize()) > seg.size - pos ||
        h.baseOffset < expected || h.magic != 2 || h.lastOffsetDelta < 0) {
      problem = "a truncated or malformed batch";
      break;
    }
    if (verify) {
      buf.resize(h.totalSize());
      BatchHeader check;
      if (!preadAll(seg.fd, buf.data(), buf.size(), pos) || checkBatch(buf, check, false) != BatchCheck::Ok) {
        problem = "a batch whose CRC does not match";
        break;
      }
      remember(h);
    }
    if (seg.bytesSinceIndex >= m_config.indexIntervalBytes) {
      seg.index.emplace_back(h.baseOffset, pos);
      if (seg.maxTimestamp >= 0 && (seg.timeIndex.empty() || seg.maxTimestamp > seg.timeIndex.back().first))
        seg.timeIndex.emplace_back(seg.maxTimestamp, h.baseOffset);
      seg.bytesSinceIndex = 0;
    }
    seg.bytesSinceIndex += static_cast<int64_t>(h.totalSize());
    seg.maxTimestamp = std::max(seg.maxTimestamp, h.maxTimestamp);
    expected = h.lastOffset() + 1;
    pos += static_cast<int64_t>(h.totalSize());
  }
  if (seg.maxTimestamp >= 0 && (seg.timeIndex.empty() || seg.maxTimestamp > seg.timeIndex.back().first))
    seg.timeIndex.emplace_back(seg.maxTimestamp, expected - 1);
  seg.nextOffset = expected;
  if (problem) {
    spdlog::warn("broker: {} ends with {} at byte {} of {}; truncating the torn tail", seg.logPath.string(), problem,
                 pos, seg.size);
    if (::ftruncate(seg.fd, pos) != 0) return ioError("cannot truncate segment", seg.logPath);
    ::fsync(seg.fd);
    seg.size = pos;
  }
  return {};
}

Status PartitionLog::writeIndexes(Segment& seg) {
  std::string idx, tix;
  wire::Writer wi(idx), wt(tix);
  for (auto [off, pos] : seg.index) {
    wi.i32(static_cast<int32_t>(off - seg.base));
    wi.i32(static_cast<int32_t>(pos));
  }
  for (auto [ts, off] : seg.timeIndex) {
    wt.i64(ts);
    wt.i32(static_cast<int32_t>(off - seg.base));
  }
  for (auto [path, data] : {std::pair{seg.indexPath, &idx}, std::pair{seg.timePath, &tix}}) {
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return ioError("cannot write index", path);
    bool ok = writeAll(fd, data->data(), data->size());
    ::close(fd);
    if (!ok) return ioError("cannot write index", path);
  }
  return {};
}

Result<std::unique_ptr<PartitionLog::Segment>> PartitionLog::createSegment(int64_t baseOffset) {
  auto seg = std::make_unique<Segment>();
  seg->base = seg->nextOffset = baseOffset;
  seg->logPath = m_dir / (segmentName(baseOffset) + ".log");
  seg->indexPath = m_dir / (segmentName(baseOffset) + ".index");
  seg->timePath = m_dir / (segmentName(baseOffset) + ".timeindex");
  seg->fd = ::open(seg->logPath.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  seg->indexFd = ::open(seg->indexPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0644);
  seg->timeFd = ::open(seg->timePath.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0644);
  if (seg->fd < 0 || seg->indexFd < 0 || seg->timeFd < 0) return ioError("cannot create segment", seg->logPath);
  seg->createdMs = fileMtimeMs(seg->fd);
  if (int dirFd = ::open(m_dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dirFd >= 0) {
    ::fsync(dirFd);
    ::close(dirFd);
  }
  return seg;
}

Status PartitionLog::roll(int64_t nowMs) {
  Segment& active = *m_segments.back();
  if (active.maxTimestamp >= 0 && (active.timeIndex.empty() || active.maxTimestamp > active.timeIndex.back().first)) {
    active.timeIndex.emplace_back(active.maxTimestamp, active.nextOffset - 1);
    std::string e;
    wire::Writer w(e);
    w.i64(active.maxTimestamp);
    w.i32(static_cast<int32_t>(active.nextOffset - 1 - active.base));
    writeAll(active.timeFd, e.data(), e.size());
  }
  ::fdatasync(active.fd);
  if (active.indexFd >= 0) ::fdatasync(active.indexFd);
  if (active.timeFd >= 0) ::fdatasync(active.timeFd);
  active.closeAppenders();
  auto seg = createSegment(active.nextOffset);
  if (!seg) return seg.error();
  (*seg)->createdMs = nowMs;
  m_segments.push_back(std::move(*seg));
  return {};
}

void PartitionLog::deleteSegment(std::unique_ptr<Segment>& seg) {
  std::error_code ec;
  fs::path logPath = seg->logPath, indexPath = seg->indexPath, timePath = seg->timePath;
  seg.reset();
  fs::remove(logPath, ec);
  fs::remove(indexPath, ec);
  fs::remove(timePath, ec);
}

void PartitionLog::remember(const BatchHeader& h) {
  if (h.producerId < 0 || h.control()) return;  // transaction markers carry no sequence
  ProducerState& st = m_producers[h.producerId];
  if (h.producerEpoch != st.epoch) {
    st.epoch = h.producerEpoch;
    st.recent.clear();
  }
  st.recent.push_back({h.baseSequence, h.baseSequence + h.lastOffsetDelta, h.baseOffset});
  if (st.recent.size() > 5) st.recent.pop_front();
}

AppendOutcome PartitionLog::append(std::string_view batches, const std::vector<BatchHeader>& headers, int64_t nowMs) {
  AppendOutcome out;
  if (headers.empty()) return out;
  // Idempotent producers: a retry of a batch we already have gets its old offset.
  const BatchHeader& first = headers.front();
  if (first.producerId >= 0 && first.baseSequence >= 0) {
    if (auto it = m_producers.find(first.producerId); it != m_producers.end()) {
      const ProducerState& st = it->second;
      if (first.producerEpoch < st.epoch) {
        out.error = kerr::kInvalidProducerEpoch;
        out.message = "producer epoch is older than the current one";
        return out;
      }
      if (first.producerEpoch == st.epoch) {
        int32_t lastSeq = first.baseSequence + first.lastOffsetDelta;
        for (const ProducerBatch& b : st.recent)
          if (b.firstSeq == first.baseSequence && b.lastSeq == lastSeq) {
            out.baseOffset = b.baseOffset;
            return out;
          }
        if (!st.recent.empty()) {
          int32_t expected = st.recent.back().lastSeq == INT32_MAX ? 0 : st.recent.back().lastSeq + 1;
          if (first.baseSequence != expected) {
            out.error = kerr::kOutOfOrderSequenceNumber;
            out.message =
                "expected sequence " + std::to_string(expected) + ", got " + std::to_string(first.baseSequence);
            return out;
          }
        }
      }
    }
  }
  Segment* active = m_segments.back().get();
  int64_t count = 0;
  for (const BatchHeader& h : headers) count += h.lastOffsetDelta + 1;
  bool full = active->size + static_cast<int64_t>(batches.size()) > std::min<int64_t>(m_config.segmentBytes, INT32_MAX);
  bool old = nowMs - active->createdMs >= m_config.segmentMs;
  bool offsetsOverflow = active->nextOffset + count - active->base > INT32_MAX;
  if (active->size > 0 && (full || old || offsetsOverflow)) {
    if (Status s = roll(nowMs); !s) {
      out.error = kerr::kKafkaStorageError;
      out.message = s.error().toString();
      return out;
    }
    active = m_segments.back().get();
  }
  std::string buf(batches);
  int64_t next = active->nextOffset;
  std::size_t p = 0;
  for (const BatchHeader& h : headers) {
    wire::storeI64(buf.data() + p, next);
    next += h.lastOffsetDelta + 1;
    p += h.totalSize();
  }
  std::size_t done = 0;
  while (done < buf.size()) {
    ssize_t w = ::pwrite(active->fd, buf.data() + done, buf.size() - done,
                         static_cast<off_t>(active->size) + static_cast<off_t>(done));
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) {
      out.error = kerr::kKafkaStorageError;
      out.message = std::string("cannot write the log: ") + std::strerror(errno);
      spdlog::error("broker: {}: {}", active->logPath.string(), out.message);
      if (::ftruncate(active->fd, active->size) != 0) spdlog::error("broker: cannot undo a partial write");
      return out;
    }
    done += static_cast<std::size_t>(w);
  }
  if (m_config.flushEveryBatch && ::fdatasync(active->fd) != 0) {
    out.error = kerr::kKafkaStorageError;
    out.message = std::string("cannot flush the log: ") + std::strerror(errno);
    return out;
  }
  out.baseOffset = active->nextOffset;
  int64_t pos = active->size;
  int64_t offset = active->nextOffset;
  std::string idx, tix;
  wire::Writer wi(idx), wt(tix);
  for (BatchHeader h : headers) {
    h.baseOffset = offset;
    if (active->bytesSinceIndex >= m_config.indexIntervalBytes) {
      active->index.emplace_back(offset, pos);
      wi.i32(static_cast<int32_t>(offset - active->base));
      wi.i32(static_cast<int32_t>(pos));
      if (active->maxTimestamp >= 0 &&
          (active->timeIndex.empty() || active->maxTimestamp > active->timeIndex.back().first)) {
        active->timeIndex.emplace_back(active->maxTimestamp, offset);
        wt.i64(active->maxTimestamp);
        wt.i32(static_cast<int32_t>(offset - active->base));
      }
      active->bytesSinceIndex = 0;
    }
    active->bytesSinceIndex += static_cast<int64_t>(h.totalSize());
    active->maxTimestamp = std::max(active->maxTimestamp, h.maxTimestamp);
    remember(h);
    pos += static_cast<int64_t>(h.totalSize());
    offset += h.lastOffsetDelta + 1;
  }
  if (!idx.empty()) writeAll(active->indexFd, idx.data(), idx.size());
  if (!tix.empty()) writeAll(active->timeFd, tix.data(), tix.size());
  active->size = pos;
  active->nextOffset = offset;
  m_appendedBytes += buf.size();
  return out;
}

const PartitionLog::Segment* PartitionLog::segmentFor(int64_t offset) const {
  auto it = std::upper_bound(m_segments.begin(), m_segments.end(), offset,
                             [](int64_t o, const std::unique_ptr<Segment>& s) { return o < s->base; });
  if (it == m_segments.begin()) return m_segments.front().get();
  return (it - 1)->get();
}

int64_t PartitionLog::positionFor(const Segment& seg, int64_t offset) const {
  int64_t pos = 0;
  auto it = std::upper_bound(seg.index.begin(), seg.index.end(), offset,
                             [](int64_t o, const std::pair<int64_t, int64_t>& e) { return o < e.first; });
  if (it != seg.index.begin()) pos = (it - 1)->second;
  char head[27];
  while (pos + 27 <= seg.size) {
    if (!preadAll(seg.fd, head, sizeof head, pos)) break;
    int64_t base = wire::loadI64(head);
    int32_t len = wire::loadI32(head + 8);
    int64_t last = base + wire::loadI32(head + 23);
    if (last >= offset) return pos;
    if (len <= 0) break;
    pos += kBatchLogOverhead + static_cast<int64_t>(len);
  }
  return seg.size;
}

int16_t PartitionLog::read(int64_t offset, int64_t maxBytes, bool minOneBatch, std::string& out) const {
  if (offset < m_logStart || offset > highWatermark()) return kerr::kOffsetOutOfRange;
  if (offset == highWatermark()) return kerr::kNone;
  auto segIt = std::find_if(m_segments.begin(), m_segments.end(),
                            [seg = segmentFor(offset)](const std::unique_ptr<Segment>& s) { return s.get() == seg; });
  int64_t pos = positionFor(**segIt, offset);
  int64_t budget = std::max<int64_t>(maxBytes, 0);
  bool first = true;
  while (segIt != m_segments.end()) {
    const Segment& seg = **segIt;
    int64_t avail = seg.size - pos;
    if (avail <= 0) {
      ++segIt;
      pos = 0;
      continue;
    }
    int64_t want = std::min(avail, budget);
    std::size_t start = out.size();
    std::size_t got = 0;
    if (want >= static_cast<int64_t>(kBatchLogOverhead)) {
      out.resize(start + static_cast<std::size_t>(want));
      if (!preadAll(seg.fd, out.data() + start, static_cast<std::size_t>(want), pos)) {
        out.resize(start);
        return kerr::kKafkaStorageError;
      }
      got = static_cast<std::size_t>(want);
    }
    std::size_t q = 0;
    while (q + kBatchLogOverhead <= got) {
      int32_t len = wire::loadI32(out.data() + start + q + 8);
      if (len <= 0) break;
      std::size_t total = kBatchLogOverhead + static_cast<std::size_t>(len);
      if (q + total > got) break;
      q += total;
    }
    if (q == 0) {
      out.resize(start);
      if (!(first && minOneBatch)) break;
      char head[kBatchLogOverhead];
      if (!preadAll(seg.fd, head, sizeof head, pos)) return kerr::kKafkaStorageError;
      int32_t len = wire::loadI32(head + 8);
      if (len <= 0 || static_cast<int64_t>(kBatchLogOverhead) + len > avail) break;
      std::size_t total = kBatchLogOverhead + static_cast<std::size_t>(len);
      out.resize(start + total);
      if (!preadAll(seg.fd, out.data() + start, total, pos)) {
        out.resize(start);
        return kerr::kKafkaStorageError;
      }
      got = q = total;
    }
    out.resize(start + q);
    budget -= static_cast<int64_t>(q);
    first = false;
    if (q < got || budget <= 0 || static_cast<int64_t>(q) < avail) break;
    ++segIt;
    pos = 0;
  }
  return kerr::kNone;
}

RecordPosition PartitionLog::offsetForTimestamp(int64_t target) const {
  std::string buf;
  for (const auto& segPtr : m_segments) {
    const Segment& seg = *segPtr;
    if (seg.maxTimestamp < target || seg.size == 0) continue;
    int64_t pos = 0;
    auto it = std::lower_bound(seg.timeIndex.begin(), seg.timeIndex.end(), target,
                               [](const std::pair<int64_t, int64_t>& e, int64_t t) { return e.first < t; });
    if (it != seg.timeIndex.begin()) pos = positionFor(seg, (it - 1)->second);
    while (pos + static_cast<int64_t>(kBatchHeaderSize) <= seg.size) {
      char head[kBatchHeaderSize];
      if (!preadAll(seg.fd, head, sizeof head, pos)) break;
      BatchHeader h;
      parseBatchHeader(std::string_view(head, sizeof head), h);
      if (h.batchLength <= 0) break;
      if (h.maxTimestamp >= target && h.lastOffset() >= m_logStart) {
        if (h.compression() == 0) {
          buf.resize(h.totalSize());
          if (preadAll(seg.fd, buf.data(), buf.size(), pos))
            if (auto found = findRecordByTimestamp(buf, h, target); found && found->offset >= m_logStart) return *found;
        }
        // Compressed batch: answer with the batch (the records are not decompressed here).
        return RecordPosition{std::max(h.baseOffset, m_logStart), h.maxTimestamp};
      }
      pos += static_cast<int64_t>(h.totalSize());
    }
  }
  return RecordPosition{-1, -1};
}

Status PartitionLog::persistLogStart() {
  return base::writeFileAtomically(m_dir / "log-start-offset", std::to_string(m_logStart));
}

int16_t PartitionLog::deleteRecordsBefore(int64_t offset) {
  if (offset == -1) offset = highWatermark();
  if (offset < 0 || offset > highWatermark()) return kerr::kOffsetOutOfRange;
  if (offset <= m_logStart) return kerr::kNone;
  m_logStart = offset;
  if (Status s = persistLogStart(); !s) {
    spdlog::error("broker: {}", s.error().toString());
    return kerr::kKafkaStorageError;
  }
  if (offset == highWatermark() && m_segments.back()->size > 0) {
    if (Status s = roll(0); !s) spdlog::error("broker: {}", s.error().toString());
  }
  while (m_segments.size() > 1 && m_segments[1]->base <= offset) {
    deleteSegment(m_segments.front());
    m_segments.erase(m_segments.begin());
  }
  return kerr::kNone;
}

void PartitionLog::enforceRetention(int64_t nowMs) {
  Segment& active = *m_segments.back();
  bool tooOld = active.size > 0 && nowMs - active.createdMs >= m_config.segmentMs;
  bool expired = active.size > 0 && m_config.deleteOld && m_config.retentionMs >= 0 && active.retentionTimestamp() < nowMs - m_config.retentionMs;
  if (tooOld || expired) {
    if (Status s = roll(nowMs); !s) spdlog::error("broker: {}", s.error().toString());
  }
  int64_t total = sizeBytes();
  while (m_config.deleteOld && m_segments.size() > 1) {
    Segment& oldest = *m_segments.front();
    bool timeUp = m_config.retentionMs >= 0 && oldest.retentionTimestamp() < nowMs - m_config.retentionMs;
    bool tooBig = m_config.retentionBytes >= 0 && total - oldest.size >= m_config.retentionBytes;
    if (!timeUp && !tooBig) break;
    spdlog::debug("broker: retention deletes {}", oldest.logPath.string());
    total -= oldest.size;
    deleteSegment(m_segments.front());
    m_segments.erase(m_segments.begin());
    m_logStart = std::max(m_logStart, m_segments.front()->base);
  }
}

Status PartitionLog::flush() {
  Segment& active = *m_segments.back();
  if (::fdatasync(active.fd) != 0) return ioError("cannot flush", active.logPath);
  if (active.indexFd >= 0) ::fdatasync(active.indexFd);
  if (active.timeFd >= 0) ::fdatasync(active.timeFd);
  return {};
}

int64_t PartitionLog::sizeBytes() const {
  int64_t total = 0;
  for (const auto& s : m_segments) total += s->size;
  return total;
}

namespace {

bool isDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

void syncDir(const fs::path& dir) {
  if (int dirFd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dirFd >= 0) {
    ::fsync(dirFd);
    ::close(dirFd);
  }
}

// Index files of a cleaned segment. Not synced: a lost or torn pair after a
// crash is rebuilt or still valid (a prefix of a sparse index is one), and
// an empty time index for a non-empty segment makes load() rebuild both.
void writeIndexFiles(const fs::path& indexPath, const fs::path& timePath, int64_t base,
                     const std::vector<std::pair<int64_t, int64_t>>& index,
                     const std::vector<std::pair<int64_t, int64_t>>& timeIndex) {
  std::string idx, tix;
  wire::Writer wi(idx), wt(tix);
  for (auto [off, pos] : index) {
    wi.i32(static_cast<int32_t>(off - base));
    wi.i32(static_cast<int32_t>(pos));
  }
  for (auto [ts, off] : timeIndex) {
    wt.i64(ts);
    wt.i32(static_cast<int32_t>(off - base));
  }
  for (auto [path, data] : {std::pair{&indexPath, &idx}, std::pair{&timePath, &tix}}) {
    fs::path tmp = fs::path(path->string() + ".tmp");
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    bool ok = fd >= 0 && writeAll(fd, data->data(), data->size());
    if (fd >= 0) ::close(fd);
    if (!ok || ::rename(tmp.c_str(), path->c_str()) != 0) {
      spdlog::warn("broker: cannot write {} (rebuilt on the next start)", path->string());
      std::error_code ec;
      fs::remove(tmp, ec);
      fs::remove(*path, ec);
    }
  }
}

}  // namespace

Status PartitionLog::recoverCleaning() {
  std::error_code ec;
  std::vector<std::pair<int64_t, int64_t>> swaps;
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(m_dir, ec)) files.push_back(entry.path());
  if (ec) return makeError(ErrorCode::Io, "cannot list the partition folder: " + ec.message(), m_dir.string());
  for (const fs::path& p : files) {
    std::string name = p.filename().string();
    if (name.ends_with(".index.tmp") || name.ends_with(".timeindex.tmp")) {
      fs::remove(p, ec);
    } else if (name.size() > 8 && name.ends_with(".cleaned")) {
      spdlog::info("broker: removing {} (compaction interrupted before its swap)", p.string());
      fs::remove(p, ec);
    } else if (name.size() == 46 && name.ends_with(".swap") && name[20] == '-' && isDigits(name.substr(0, 20)) &&
               isDigits(name.substr(21, 20))) {
      swaps.emplace_back(std::stoll(name.substr(0, 20)), std::stoll(name.substr(21, 20)));
    }
  }
  std::sort(swaps.begin(), swaps.end());
  for (auto [base, end] : swaps) {
    spdlog::info("broker: {}: finishing the swap of compacted segments {}..{}", m_dir.string(), base, end);
    for (const fs::path& p : files) {
      std::string name = p.filename().string();
      std::string ext = p.extension().string();
      if (name.size() < 21 || !isDigits(name.substr(0, 20)) || name[20] != '.') continue;
      if (ext != ".log" && ext != ".index" && ext != ".timeindex") continue;
      int64_t b = std::stoll(name.substr(0, 20));
      if (b < base || b >= end || (b == base && ext == ".log")) continue;
      fs::remove(p, ec);
    }
    fs::path swap = m_dir / (segmentName(base) + "-" + segmentName(end) + ".swap");
    fs::rename(swap, m_dir / (segmentName(base) + ".log"), ec);
    if (ec) return makeError(ErrorCode::Io, "cannot finish a compaction swap: " + ec.message(), swap.string());
  }
  if (!swaps.empty()) syncDir(m_dir);
  return {};
}

void PartitionLog::loadCleanerCheckpoint() {
  auto text = base::readFile(m_dir / "cleaner-checkpoint", 16u << 20);
  if (!text) return;
  std::istringstream in(*text);
  std::string line;
  long long firstDirty = 0, due = -1;
  if (!std::getline(in, line) || std::sscanf(line.c_str(), "%lld %lld", &firstDirty, &due) < 1) return;
  m_firstDirty = firstDirty;
  m_tombstoneDueMs = due;
  long long offset = 0, since = 0;
  while (std::getline(in, line))
    if (std::sscanf(line.c_str(), "%lld %lld", &offset, &since) == 2) m_emptyMarkers[offset] = since;
}

void PartitionLog::persistCleanerCheckpoint() {
  std::string text = std::to_string(m_firstDirty) + " " + std::to_string(m_tombstoneDueMs) + "\n";
  for (auto [offset, since] : m_emptyMarkers) text += std::to_string(offset) + " " + std::to_string(since) + "\n";
  if (Status s = base::writeFileAtomically(m_dir / "cleaner-checkpoint", text); !s)
    spdlog::warn("broker: {}", s.error().toString());  // only costs a re-clean after a restart
}

double PartitionLog::dirtyRatio() const {
  int64_t dirty = 0, total = 0;
  for (std::size_t i = 0; i + 1 < m_segments.size(); ++i) {
    total += m_segments[i]->size;
    if (m_segments[i]->nextOffset > m_firstDirty) dirty += m_segments[i]->size;
  }
  return total > 0 ? static_cast<double>(dirty) / static_cast<double>(total) : 0.0;
}

std::optional<CleanJob> PartitionLog::cleanJob(int64_t nowMs, bool force, int64_t stableOffset,
                                               std::multimap<int64_t, std::pair<int64_t, int64_t>> aborted) const {
  if (!m_config.compact || m_segments.size() < 2 || m_segments[0]->nextOffset > stableOffset) return std::nullopt;
  std::size_t stable = 0;  // closed segments wholly below the last stable offset
  while (stable + 1 < m_segments.size() && m_segments[stable]->nextOffset <= stableOffset) ++stable;
  bool anyDirty = m_segments[stable - 1]->nextOffset > m_firstDirty;
  bool due = force || (anyDirty && dirtyRatio() >= m_config.minCleanableDirtyRatio) ||
             (m_tombstoneDueMs >= 0 && nowMs >= m_tombstoneDueMs);
  if (!due) return std::nullopt;
  CleanJob job;
  job.logId = m_id;
  job.dir = m_dir;
  job.firstDirty = m_firstDirty;
  job.nowMs = nowMs;
  job.deleteRetentionMs = m_config.deleteRetentionMs;
  job.maxSegmentBytes = std::min<int64_t>(m_config.segmentBytes, INT32_MAX);
  job.indexIntervalBytes = m_config.indexIntervalBytes;
  job.aborted = std::move(aborted);
  job.emptyMarkers = m_emptyMarkers;
  for (std::size_t i = 0; i + 1 < m_segments.size(); ++i) {
    const Segment& seg = *m_segments[i];
    if (seg.nextOffset > stableOffset) break;  // never at or past an open transaction
    job.segments.push_back(CleanInput{seg.base, seg.nextOffset, seg.size, fileMtimeMs(seg.fd), seg.logPath});
  }
  return job;
}

bool PartitionLog::applyCleaned(CleanResult& result) {
  std::error_code ec;
  bool allSwapped = true;
  struct Ready {
    CleanedSegment* group;
    std::unique_ptr<Segment> seg;
    fs::path swap;
  };
  std::vector<Ready> ready;
  for (CleanedSegment& g : result.groups) {
    // The group's segments must still be there, closed and unchanged (retention or DeleteRecords may have run).
    auto it = std::find_if(m_segments.begin(), m_segments.end(),
                           [&](const std::unique_ptr<Segment>& s) { return s->base == g.base; });
    std::size_t first = static_cast<std::size_t>(it - m_segments.begin());
    bool same = it != m_segments.end() && first + g.inputs.size() < m_segments.size();
    for (std::size_t k = 0; same && k < g.inputs.size(); ++k)
      same = m_segments[first + k]->base == g.inputs[k].first && m_segments[first + k]->size == g.inputs[k].second;
    if (same) same = m_segments[first + g.inputs.size()]->base == g.end;
    if (!same) {
      spdlog::debug("broker: {}: segments {}..{} changed while they were cleaned; dropping the result", m_dir.string(),
                    g.base, g.end);
      fs::remove(g.tempPath, ec);
      allSwapped = false;
      continue;
    }
    // Step 2: the cleaned file becomes <base>-<end>.swap; its descriptor follows it through the renames.
    Ready r{&g, std::make_unique<Segment>(), m_dir / (segmentName(g.base) + "-" + segmentName(g.end) + ".swap")};
    if (::rename(g.tempPath.c_str(), r.swap.c_str()) != 0 ||
        (r.seg->fd = ::open(r.swap.c_str(), O_RDWR | O_CLOEXEC)) < 0) {
      spdlog::error("broker: compaction of {}: cannot put {} in place: {}", m_dir.string(), g.tempPath.string(),
                    std::strerror(errno));
      fs::remove(g.tempPath, ec);
      fs::remove(r.swap, ec);
      allSwapped = false;
      continue;
    }
    ready.push_back(std::move(r));
  }
  if (!ready.empty()) syncDir(m_dir);  // the commit point: from here a restart finishes the swaps
  // Step 3, newest group first so that the positions of older ones stay valid.
  for (auto r = ready.rbegin(); r != ready.rend(); ++r) {
    CleanedSegment& g = *r->group;
    auto it = std::find_if(m_segments.begin(), m_segments.end(),
                           [&](const std::unique_ptr<Segment>& s) { return s->base == g.base; });
    std::size_t first = static_cast<std::size_t>(it - m_segments.begin());
    std::size_t last = first + g.inputs.size();
    Segment& seg = *r->seg;
    seg.base = g.base;
    seg.nextOffset = g.end;
    seg.size = g.size;
    seg.createdMs = g.mtimeMs;
    seg.maxTimestamp = g.maxTimestamp;
    seg.index = std::move(g.index);
    seg.timeIndex = std::move(g.timeIndex);
    seg.logPath = m_dir / (segmentName(g.base) + ".log");
    seg.indexPath = m_dir / (segmentName(g.base) + ".index");
    seg.timePath = m_dir / (segmentName(g.base) + ".timeindex");
    std::vector<fs::path> doomed;
    for (std::size_t k = first; k < last; ++k) {
      doomed.push_back(m_segments[k]->indexPath);
      doomed.push_back(m_segments[k]->timePath);
      if (m_segments[k]->base != g.base) doomed.push_back(m_segments[k]->logPath);
    }
    m_segments.erase(m_segments.begin() + static_cast<std::ptrdiff_t>(first),
                     m_segments.begin() + static_cast<std::ptrdiff_t>(last));
    m_segments.insert(m_segments.begin() + static_cast<std::ptrdiff_t>(first), std::move(r->seg));
    for (const fs::path& p : doomed) fs::remove(p, ec);
    Segment& s = *m_segments[first];
    if (::rename(r->swap.c_str(), s.logPath.c_str()) != 0)
      spdlog::error("broker: cannot rename {}: {} (finished on the next start)", r->swap.string(),
                    std::strerror(errno));
    writeIndexFiles(s.indexPath, s.timePath, s.base, s.index, s.timeIndex);
  }
  if (!ready.empty()) syncDir(m_dir);
  if (allSwapped || result.newFirstDirty <= m_firstDirty) {
    m_firstDirty = std::max(m_firstDirty, result.newFirstDirty);
    m_tombstoneDueMs = result.tombstoneDueMs;
  }
  if (allSwapped) m_emptyMarkers = std::move(result.emptyMarkers);
  persistCleanerCheckpoint();
  return allSwapped;
}

void PartitionLog::destroy() {
  m_segments.clear();
  std::error_code ec;
  fs::remove_all(m_dir, ec);
}

}  // namespace tributary::broker

namespace tributary::broker {
int64_t PartitionLog::highWatermark() const {
  return m_segments.back()->nextOffset;
}
}  // namespace tributary::broker
