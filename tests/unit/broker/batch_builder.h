#pragma once
// Builds uncompressed record batches (magic 2) for tests, as a producer would.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/broker/crc32c.h"
#include "core/broker/wire.h"

namespace testing {

inline void varint(std::string& out, int64_t v) {
  uint64_t u = (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
  while (u >= 0x80) {
    out.push_back(static_cast<char>((u & 0x7f) | 0x80));
    u >>= 7;
  }
  out.push_back(static_cast<char>(u));
}

// `count` records "v0".."v{count-1}" with timestamps baseTs + i * step.
inline std::string makeBatch(int count, int64_t baseTs, int64_t step = 1, int64_t producerId = -1,
                             int32_t baseSequence = -1) {
  std::string records;
  for (int i = 0; i < count; ++i) {
    std::string rec;
    rec.push_back(0);
    varint(rec, i * step);
    varint(rec, i);
    varint(rec, -1);
    std::string value = "v" + std::to_string(i);
    varint(rec, static_cast<int64_t>(value.size()));
    rec += value;
    varint(rec, 0);
    varint(records, static_cast<int64_t>(rec.size()));
    records += rec;
  }
  std::string tail;  // from attributes on: what the CRC covers
  tributary::broker::wire::Writer w(tail);
  w.i16(0);
  w.i32(count - 1);
  w.i64(baseTs);
  w.i64(baseTs + (count - 1) * step);
  w.i64(producerId);
  w.i16(producerId >= 0 ? 0 : -1);
  w.i32(baseSequence);
  w.i32(count);
  tail += records;
  std::string batch;
  tributary::broker::wire::Writer b(batch);
  b.i64(0);
  b.i32(static_cast<int32_t>(4 + 1 + 4 + tail.size()));
  b.i32(0);
  b.i8(2);
  b.u32(tributary::broker::crc32c(tail.data(), tail.size()));
  batch += tail;
  return batch;
}

// Records with keys (nullopt key: none) and values (nullopt: a tombstone), timestamps baseTs + i.
using KeyedRecord = std::pair<std::optional<std::string>, std::optional<std::string>>;
inline std::string makeKeyedBatch(const std::vector<KeyedRecord>& recs, int64_t baseTs) {
  std::string records;
  int count = static_cast<int>(recs.size());
  for (int i = 0; i < count; ++i) {
    std::string rec;
    rec.push_back(0);
    varint(rec, i);
    varint(rec, i);
    const auto& [key, value] = recs[static_cast<std::size_t>(i)];
    varint(rec, key ? static_cast<int64_t>(key->size()) : -1);
    if (key) rec += *key;
    varint(rec, value ? static_cast<int64_t>(value->size()) : -1);
    if (value) rec += *value;
    varint(rec, 0);
    varint(records, static_cast<int64_t>(rec.size()));
    records += rec;
  }
  std::string tail;
  tributary::broker::wire::Writer w(tail);
  w.i16(0);
  w.i32(count - 1);
  w.i64(baseTs);
  w.i64(baseTs + count - 1);
  w.i64(-1);
  w.i16(-1);
  w.i32(-1);
  w.i32(count);
  tail += records;
  std::string batch;
  tributary::broker::wire::Writer b(batch);
  b.i64(0);
  b.i32(static_cast<int32_t>(4 + 1 + 4 + tail.size()));
  b.i32(0);
  b.i8(2);
  b.u32(tributary::broker::crc32c(tail.data(), tail.size()));
  batch += tail;
  return batch;
}

// `batch` (from makeBatch/makeKeyedBatch) as a transactional batch of `producerId` at epoch 0, or as a
// control batch (a commit or abort marker) with `control`; the CRC is recomputed.
inline std::string inTransaction(std::string batch, int64_t producerId, bool control = false) {
  constexpr std::size_t kAttributes = 21, kProducerId = 43;  // the epoch follows the producer id
  std::string patch;
  tributary::broker::wire::Writer a(patch);
  a.i16(control ? 0x30 : 0x10);
  batch.replace(kAttributes, 2, patch);
  patch.clear();
  a.i64(producerId);
  a.i16(0);
  batch.replace(kProducerId, 10, patch);
  patch.clear();
  a.u32(tributary::broker::crc32c(batch.data() + kAttributes, batch.size() - kAttributes));
  batch.replace(17, 4, patch);
  return batch;
}

// An EndTransactionMarker of `producerId`: key version 0 and type (1 commit, 0 abort), value version 0 and
// coordinator epoch 0.
inline std::string makeMarker(int64_t producerId, bool commit, int64_t ts) {
  std::string key("\0\0\0", 3);
  key.push_back(commit ? 1 : 0);
  return inTransaction(makeKeyedBatch({{key, std::string(6, '\0')}}, ts), producerId, true);
}

}  // namespace testing
