#include "core/connectors/lake/lake_writer.h"

#include <algorithm>
#include <chrono>

#include <spdlog/spdlog.h>

namespace tributary::connectors::lake {
namespace {

std::int64_t wallMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

Result<std::unique_ptr<LakeWriter>> LakeWriter::make(std::unique_ptr<LakeStorage> storage, LakeOptions options,
                                                     bool blocking) {
  if (options.topic.empty())
    return makeError(ErrorCode::Invalid, "\"topic\" is required: the topic (or source) name used in file names",
                     "config.topic");
  if (options.topic.find('/') != std::string::npos || options.topic.find('+') != std::string::npos)
    return makeError(ErrorCode::Invalid, "\"topic\" may not contain '/' or '+': " + options.topic, "config.topic");
  if (options.flushSize < 1) return makeError(ErrorCode::Invalid, "flush_size must be at least 1", "config.flush_size");
  if (options.rotateIntervalMs < 0 || options.rotateScheduleMs < 0)
    return makeError(ErrorCode::Invalid, "rotation intervals cannot be negative", "config.rotate_interval");
  auto format = makeLakeFormat(options.format, options.compression, options.avro);
  if (!format) return format.error();
  auto partitioner = Partitioner::make(options.partitioner);
  if (!partitioner) return partitioner.error();
  if (options.rotateScheduleMs > 0)  // the schedule is aligned in the configured zone
    if (auto offset = parseTimeZoneOffsetMs(options.partitioner.timezone); !offset) return offset.error();
  return std::unique_ptr<LakeWriter>(
      new LakeWriter(std::move(storage), std::move(options), std::move(*format), std::move(*partitioner), blocking));
}

LakeWriter::LakeWriter(std::unique_ptr<LakeStorage> storage, LakeOptions options, std::unique_ptr<LakeFormat> format,
                       Partitioner partitioner, bool blocking)
    : m_storage(std::move(storage)),
      m_options(std::move(options)),
      m_format(std::move(format)),
      m_partitioner(std::move(partitioner)),
      m_blocking(blocking) {}

LakeWriter::~LakeWriter() { close(); }

Status LakeWriter::open(runtime::ErrorReporter&) {
  if (Status s = m_storage->check(); !s) return s;
  if (Status s = m_format->prepare(); !s) return s;
  return recover();
}

void LakeWriter::close() {
  if (m_storer.joinable()) {
    {
      // Closed files are stored still (a replay would write them the same); a failing store is given up.
      std::unique_lock lock(m_mutex);
      m_changed.wait(lock, [&] { return m_queue.empty() || (m_storeError && !m_retry); });
      m_stop = true;
    }
    m_wake.notify_all();
    m_storer.join();
  }
  m_queue.clear();
  m_queuedBytes = 0;
  m_streams.clear();
}

void LakeWriter::storeLoop() {
  std::unique_lock lock(m_mutex);
  while (true) {
    m_wake.wait(lock, [&] { return m_stop || (!m_queue.empty() && (!m_storeError || m_retry)); });
    if (m_stop) return;
    m_retry = false;
    std::vector<LakeStorage::File> files;
    files.reserve(m_queue.size());
    for (const Closed& c : m_queue) files.push_back({c.key, c.data, c.lastOffset});
    lock.unlock();
    std::size_t stored = 0;
    Status s = m_storage->putAll(files, stored);
    lock.lock();
    for (std::size_t i = 0; i < stored; ++i) {
      m_queuedBytes -= m_queue.front().data.size();
      m_queue.pop_front();
      ++m_filesStored;
    }
    if (s)
      m_storeError.reset();
    else
      m_storeError = s.error();
    m_changed.notify_all();
  }
}

Status LakeWriter::storeFailure() {
  if (!m_storeError) return {};
  m_retry = true;  // the storing thread tries the file again
  m_wake.notify_all();
  return *m_storeError;
}

Status LakeWriter::takeStoreError() {
  std::lock_guard lock(m_mutex);
  return storeFailure();
}

Status LakeWriter::waitStored() {
  std::unique_lock lock(m_mutex);
  m_changed.wait(lock, [&] { return m_queue.empty() || (m_storeError && !m_retry); });
  return storeFailure();
}

std::size_t LakeWriter::filesStored() const {
  std::lock_guard lock(m_mutex);
  return m_filesStored;
}

Status LakeWriter::recover() {
  std::string prefix = (m_options.topicsDir.empty() ? "" : m_options.topicsDir + "/") + m_options.topic + "/";
  auto keys = m_storage->list(prefix);
  if (!keys) return keys.error();
  std::map<std::int32_t, std::pair<std::int64_t, std::string>> newest;
  for (const std::string& key : *keys) {
    auto parsed = parseLakeFileKey(key, m_options.topic, m_format->extension());
    if (!parsed) continue;
    auto it = newest.find(parsed->partition);
    if (it == newest.end() || it->second.first < parsed->startOffset)
      newest[parsed->partition] = {parsed->startOffset, key};
  }
  for (const auto& [partition, found] : newest) {
    auto last = m_storage->lastOffset(found.second);
    if (!last) return last.error();
    if (*last) {
      m_streams[partition].storedLast = **last;
      spdlog::info("lake {}: partition {} resumes after position {} ({})", m_storage->describe(), partition, **last,
                   found.second);
      continue;
    }
    auto data = m_storage->get(found.second);
    if (!data) return data.error();
    auto count = m_format->countRecords(*data);
    if (!count) return makeError(count.error().code, count.error().message, m_storage->describe() + "/" + found.second);
    Stream& s = m_streams[partition];
    s.storedStart = found.first;
    s.storedLeft = *count;
    spdlog::info("lake {}: partition {} resumes after {} ({} records)", m_storage->describe(), partition, found.second,
                 *count);
  }
  return {};
}

Result<std::uint64_t> LakeWriter::write(const record::Batch& batch, runtime::ErrorReporter& errors) {
  if (Status s = takeStoreError(); !s) return s.error();
  if (batch.empty()) return std::uint64_t{0};
  std::size_t from = 0;
  if (m_progress && m_progress->size == batch.size() && m_progress->first == batch.front().position &&
      m_progress->last == batch.back().position) {
    from = m_progress->done;  // the same batch again after a failure
  } else {
    m_progress = Progress{batch.size(), batch.front().position, batch.back().position, 0};
  }
  std::int64_t now = wallMs();
  if (Status s = commitDue(now); !s) return s.error();
  std::uint64_t bytes = 0;
  for (std::size_t i = from; i < batch.size(); ++i) {
    if (Status s = place(batch[i], m_written + i + 1, now, errors, bytes); !s) return s.error();
    m_progress->done = i + 1;
    // Full: store it now rather than when the next record comes, so its records are acknowledged sooner.
    // (Grouped positions: wait for the next record, which may share the position.)
    auto it = m_streams.find(batch[i].position.partition);
    if (it != m_streams.end() && it->second.file && !it->second.grouped &&
        it->second.file->count >= m_options.flushSize)
      if (Status s = commit(it->first, it->second); !s) return s.error();
    if (errors.failed()) break;
  }
  m_progress.reset();
  m_written += batch.size();
  return bytes;
}

Status LakeWriter::place(const record::Record& r, std::uint64_t index, std::int64_t nowMs,
                         runtime::ErrorReporter& errors, std::uint64_t& bytes) {
  if (r.value.isNull()) {
    if (m_options.failOnNull)
      errors.report(r, makeError(ErrorCode::Invalid, "a record with a null value (tombstone) cannot be written to "
                                                     "the lake (null_values: fail)"));
    return {};
  }
  auto ts = m_partitioner.timestamp(r, nowMs);
  if (!ts) {
    errors.report(r, ts.error());
    return {};
  }
  Stream& stream = m_streams[r.position.partition];
  std::string encoded;
  if (stream.file && m_partitioner.bySourcePartition()) {
    encoded = stream.file->encoded;  // the default partitioner: the source partition's path, as the open file's
  } else {
    auto made = m_partitioner.encode(r, *ts);
    if (!made) {
      errors.report(r, made.error());
      return {};
    }
    encoded = std::move(*made);
  }
  bool samePosition = stream.lastOffset && *stream.lastOffset == r.position.offset;
  if (samePosition) stream.grouped = true;
  stream.lastOffset = r.position.offset;
  if (stream.storedLast) {  // recovery: skip what the stored files already hold
    if (r.position.offset <= *stream.storedLast) return {};
    stream.storedLast.reset();
  } else if (stream.storedStart) {
    if (r.position.offset < *stream.storedStart) return {};
    if (stream.storedLeft > 0) {
      --stream.storedLeft;
      return {};
    }
    stream.storedStart.reset();
  }
  if (stream.file) {
    const OpenFile& f = *stream.file;
    bool due = f.count >= m_options.flushSize || (f.deadlineMs > 0 && nowMs >= f.deadlineMs) ||
               (m_options.rotateIntervalMs > 0 && *ts - f.firstTimestampMs >= m_options.rotateIntervalMs);
    bool rotate = f.encoded != encoded || (due && !(stream.grouped && f.lastOffset == r.position.offset));
    if (rotate)
      if (Status s = commit(r.position.partition, stream); !s) return s;
  }
  if (!stream.file) {
    OpenFile f;
    f.encoded = std::move(encoded);
    f.startOffset = r.position.offset;
    f.firstTimestampMs = *ts;
    f.firstIndex = index;
    f.encoder = m_format->start();
    if (m_options.rotateScheduleMs > 0) {
      // The next boundary of the schedule in the configured zone, as Confluent aligns it.
      auto zone = parseTimeZoneOffsetMs(m_options.partitioner.timezone);  // checked in make()
      std::int64_t offset = zone ? *zone : 0;
      std::int64_t local = nowMs + offset;
      f.deadlineMs = (local / m_options.rotateScheduleMs + 1) * m_options.rotateScheduleMs - offset;
    }
    stream.file = std::move(f);
  }
  OpenFile& f = *stream.file;
  std::size_t before = f.encoder->bytes();
  if (Status s = f.encoder->append(r); !s) {
    errors.report(r, s.error());
    if (f.count == 0) stream.file.reset();
    return {};
  }
  ++f.count;
  f.lastOffset = r.position.offset;
  bytes += f.encoder->bytes() - before;
  return {};
}

Status LakeWriter::commit(std::int32_t partition, Stream& stream) {
  OpenFile& f = *stream.file;
  if (!f.data) {
    auto data = f.encoder->finish();
    if (!data) return data.error();
    f.data = std::move(*data);
  }
  {
    // Room in the queue (one file always fits), unless storing fails: then the file stays open, finished.
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [&] {
      return m_queue.empty() || m_queuedBytes + f.data->size() <= kQueuedBytes || (m_storeError && !m_retry);
    });
    if (Status s = storeFailure(); !s) return s;
    std::string key =
        lakeFileKey(m_options.topicsDir, m_options.topic, f.encoded, partition, f.startOffset, m_format->extension());
    // The storage is the storing thread's from the first file on (open() used it on this one before).
    if (!m_storer.joinable()) {
      m_stop = false;
      m_storer = std::thread([this] { storeLoop(); });
    }
    m_queuedBytes += f.data->size();
    m_queue.push_back(Closed{std::move(key), std::move(*f.data), f.lastOffset, f.firstIndex});
  }
  m_wake.notify_all();
  stream.file.reset();
  return {};
}

Status LakeWriter::commitDue(std::int64_t nowMs) {
  for (auto& [partition, stream] : m_streams) {
    if (!stream.file) continue;
    // Grouped positions: only at the next position change (place()), never inside a group.
    bool due = !stream.grouped && (stream.file->count >= m_options.flushSize ||
                                   (stream.file->deadlineMs > 0 && nowMs >= stream.file->deadlineMs));
    if (due)
      if (Status s = commit(partition, stream); !s) return s;
  }
  return {};
}

Status LakeWriter::flush() {
  for (auto& [partition, stream] : m_streams)
    if (stream.file)
      if (Status s = commit(partition, stream); !s) return s;
  return waitStored();
}

std::uint64_t LakeWriter::durableRecords() const {
  std::uint64_t durable = m_written;
  for (const auto& [partition, stream] : m_streams)
    if (stream.file) durable = std::min(durable, stream.file->firstIndex - 1);
  std::lock_guard lock(m_mutex);
  for (const Closed& c : m_queue) durable = std::min(durable, c.firstIndex - 1);
  return durable;
}

std::int64_t LakeWriter::tickMs() const {
  // Also without a schedule: files stored by the storing thread are acknowledged at the next tick
  // when no write() comes first.
  if (m_options.rotateScheduleMs <= 0) return kAckTickMs;
  return std::clamp<std::int64_t>(m_options.rotateScheduleMs / 10, 20, kAckTickMs);
}

Status LakeWriter::tick() {
  if (Status s = takeStoreError(); !s) return s;
  return commitDue(wallMs());
}

}  // namespace tributary::connectors::lake
