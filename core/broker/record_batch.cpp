#include "core/broker/record_batch.h"

#include "core/broker/crc32c.h"
#include "core/broker/wire.h"

namespace tributary::broker {

bool parseBatchHeader(std::string_view data, BatchHeader& h) {
  if (data.size() < kBatchHeaderSize) return false;
  wire::Reader r(data.data(), kBatchHeaderSize);
  h.baseOffset = r.i64();
  h.batchLength = r.i32();
  h.leaderEpoch = r.i32();
  h.magic = r.i8();
  h.crc = r.u32();
  h.attributes = r.i16();
  h.lastOffsetDelta = r.i32();
  h.baseTimestamp = r.i64();
  h.maxTimestamp = r.i64();
  h.producerId = r.i64();
  h.producerEpoch = r.i16();
  h.baseSequence = r.i32();
  h.recordCount = r.i32();
  return r.ok();
}

BatchCheck checkBatch(std::string_view data, BatchHeader& h, bool strictCounts) {
  if (data.size() < kBatchLogOverhead + 5) return BatchCheck::Truncated;
  // Magic sits at the same place in every message format: look at it first so
  // that old message sets get a precise answer.
  int8_t magic = static_cast<int8_t>(data[16]);
  int32_t length = wire::loadI32(data.data() + 8);
  if (length < 0) return BatchCheck::Corrupt;
  if (magic != 2) return BatchCheck::UnsupportedMagic;
  if (static_cast<std::size_t>(length) < kBatchMinLength) return BatchCheck::Corrupt;
  if (data.size() < kBatchLogOverhead + static_cast<std::size_t>(length)) return BatchCheck::Truncated;
  if (!parseBatchHeader(data, h)) return BatchCheck::Truncated;
  const char* covered = data.data() + kBatchAttributesOffset;
  std::size_t coveredSize = h.totalSize() - kBatchAttributesOffset;
  if (crc32c(covered, coveredSize) != h.crc) return BatchCheck::Corrupt;
  if (h.recordCount < 0 || h.lastOffsetDelta < 0) return BatchCheck::Corrupt;
  if (strictCounts && (h.recordCount == 0 || h.lastOffsetDelta != h.recordCount - 1)) return BatchCheck::Corrupt;
  return BatchCheck::Ok;
}

std::optional<RecordPosition> findRecordByTimestamp(std::string_view batch, const BatchHeader& h, int64_t target) {
  if (h.compression() != 0 || batch.size() < h.totalSize()) return std::nullopt;
  wire::Reader r(batch.data() + kBatchHeaderSize, h.totalSize() - kBatchHeaderSize);
  for (int32_t i = 0; i < h.recordCount && r.ok(); ++i) {
    int64_t length = r.varint();
    if (length < 0 || static_cast<uint64_t>(length) > r.remaining()) return std::nullopt;
    wire::Reader rec(r.raw(static_cast<std::size_t>(length)));
    rec.i8();  // attributes
    int64_t timestampDelta = rec.varint();
    int64_t offsetDelta = rec.varint();
    if (!rec.ok()) return std::nullopt;
    int64_t ts = h.baseTimestamp + timestampDelta;
    if (ts >= target) return RecordPosition{h.baseOffset + offsetDelta, ts};
  }
  return std::nullopt;
}

bool forEachRecord(std::string_view batch, const BatchHeader& h, const std::function<void(const RecordView&)>& fn) {
  if (h.compression() != 0 || batch.size() < h.totalSize() || h.totalSize() < kBatchHeaderSize) return false;
  wire::Reader r(batch.data() + kBatchHeaderSize, h.totalSize() - kBatchHeaderSize);
  for (int32_t i = 0; i < h.recordCount; ++i) {
    const char* start = batch.data() + (h.totalSize() - r.remaining());
    int64_t length = r.varint();
    if (!r.ok() || length < 0 || static_cast<uint64_t>(length) > r.remaining()) return false;
    std::string_view body = r.raw(static_cast<std::size_t>(length));
    RecordView rec;
    rec.bytes = std::string_view(start, static_cast<std::size_t>(body.data() + body.size() - start));
    wire::Reader b(body.data(), body.size());
    b.i8();      // attributes
    b.varint();  // timestamp delta
    rec.offsetDelta = b.varint();
    int64_t keyLength = b.varint();
    if (!b.ok() || keyLength < -1 || (keyLength > 0 && static_cast<uint64_t>(keyLength) > b.remaining())) return false;
    if (keyLength >= 0) {
      rec.hasKey = true;
      rec.key = b.raw(static_cast<std::size_t>(keyLength));
    }
    int64_t valueLength = b.varint();
    if (!b.ok() || valueLength < -1) return false;
    rec.nullValue = valueLength < 0;
    if (valueLength > 0) {
      if (static_cast<uint64_t>(valueLength) > b.remaining()) return false;
      rec.value = b.raw(static_cast<std::size_t>(valueLength));
    }
    fn(rec);
  }
  return r.ok();
}

void rebuildBatch(std::string_view original, const std::vector<std::string_view>& records, std::string& out) {
  std::size_t start = out.size();
  out.append(original.substr(0, kBatchHeaderSize));
  for (std::string_view rec : records) out.append(rec);
  char* p = out.data() + start;
  wire::storeI32(p + 8, static_cast<int32_t>(out.size() - start - kBatchLogOverhead));
  wire::storeI32(p + kBatchHeaderSize - 4, static_cast<int32_t>(records.size()));
  // The attributes, flags and header fields are kept; clear nothing but recompute the CRC.
  uint32_t crc = crc32c(p + kBatchAttributesOffset, out.size() - start - kBatchAttributesOffset);
  p[kBatchCrcOffset] = static_cast<char>(crc >> 24);
  p[kBatchCrcOffset + 1] = static_cast<char>(crc >> 16);
  p[kBatchCrcOffset + 2] = static_cast<char>(crc >> 8);
  p[kBatchCrcOffset + 3] = static_cast<char>(crc);
}

}  // namespace tributary::broker
