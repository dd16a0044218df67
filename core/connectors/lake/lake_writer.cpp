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

Status LakeWriter::open(runtime::ErrorReporter&) {
  if (Status s = m_storage->check(); !s) return s;
  if (Status s = m_format->prepare(); !s) return s;
  return recover();
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
  auto encoded = m_partitioner.encode(r, *ts);
  if (!encoded) {
    errors.report(r, encoded.error());
    return {};
  }
  Stream& stream = m_streams[r.position.partition];
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
    bool rotate = f.encoded != *encoded || (due && !(stream.grouped && f.lastOffset == r.position.offset));
    if (rotate)
      if (Status s = commit(r.position.partition, stream); !s) return s;
  }
  if (!stream.file) {
    OpenFile f;
    f.encoded = *encoded;
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
  std::string key =
      lakeFileKey(m_options.topicsDir, m_options.topic, f.encoded, partition, f.startOffset, m_format->extension());
  if (Status s = m_storage->put(key, *f.data, f.lastOffset); !s) return s;
  ++m_filesStored;
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
  return {};
}

std::uint64_t LakeWriter::durableRecords() const {
  std::uint64_t durable = m_written;
  for (const auto& [partition, stream] : m_streams)
    if (stream.file) durable = std::min(durable, stream.file->firstIndex - 1);
  return durable;
}

std::int64_t LakeWriter::tickMs() const {
  if (m_options.rotateScheduleMs <= 0) return 0;
  return std::clamp<std::int64_t>(m_options.rotateScheduleMs / 10, 20, 1000);
}

Status LakeWriter::tick() { return commitDue(wallMs()); }

}  // namespace tributary::connectors::lake
