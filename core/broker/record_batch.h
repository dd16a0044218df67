#pragma once
// Kafka record batches (magic 2) as they travel on the wire and sit on disk.
// The broker stores batches exactly as the producer sent them; it only writes
// the base offset (which the CRC does not cover). Pure functions, any thread.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tributary::broker {

// baseOffset(8) batchLength(4) leaderEpoch(4) magic(1) crc(4) attributes(2)
// lastOffsetDelta(4) baseTimestamp(8) maxTimestamp(8) producerId(8)
// producerEpoch(2) baseSequence(4) recordCount(4)
inline constexpr std::size_t kBatchHeaderSize = 61;
inline constexpr std::size_t kBatchLogOverhead = 12;  // baseOffset + batchLength precede the length-counted part
inline constexpr std::size_t kBatchCrcOffset = 17;
inline constexpr std::size_t kBatchAttributesOffset = 21;
inline constexpr std::size_t kBatchMinLength = kBatchHeaderSize - kBatchLogOverhead;  // 49

struct BatchHeader {
  int64_t baseOffset = 0;
  int32_t batchLength = 0;
  int32_t leaderEpoch = 0;
  int8_t magic = 0;
  uint32_t crc = 0;
  int16_t attributes = 0;
  int32_t lastOffsetDelta = 0;
  int64_t baseTimestamp = 0;
  int64_t maxTimestamp = 0;
  int64_t producerId = -1;
  int16_t producerEpoch = -1;
  int32_t baseSequence = -1;
  int32_t recordCount = 0;

  std::size_t totalSize() const { return kBatchLogOverhead + static_cast<std::size_t>(batchLength); }
  int64_t lastOffset() const { return baseOffset + lastOffsetDelta; }
  int compression() const { return attributes & 0x7; }
  bool transactional() const { return (attributes & 0x10) != 0; }
  bool control() const { return (attributes & 0x20) != 0; }
};

enum class BatchCheck {
  Ok,
  Truncated,         // fewer bytes than the batch says it has (a torn write, a short frame)
  Corrupt,           // bad length, CRC mismatch, inconsistent counts
  UnsupportedMagic,  // magic 0 or 1 message sets: not accepted
};

// Reads the fixed header of the batch at the start of `data` (no CRC check).
// Returns false when fewer than kBatchHeaderSize bytes are there.
bool parseBatchHeader(std::string_view data, BatchHeader& out);

// Checks the batch at the start of `data`: sizes, magic, CRC-32C and (when
// `strictCounts`) that the offset deltas match the record count as a producer
// must send them.
BatchCheck checkBatch(std::string_view data, BatchHeader& header, bool strictCounts);

// For an uncompressed batch: the offset and timestamp of the first record whose
// timestamp is >= target. nullopt when none is, or the records cannot be read.
struct RecordPosition {
  int64_t offset;
  int64_t timestamp;
};
std::optional<RecordPosition> findRecordByTimestamp(std::string_view batch, const BatchHeader& header, int64_t target);

// One record of an uncompressed batch, as the log cleaner sees it.
struct RecordView {
  std::string_view bytes;  // the whole record, its length varint included (copied as is when kept)
  int64_t offsetDelta = 0;
  bool hasKey = false;
  std::string_view key;
  bool nullValue = false;  // a tombstone
  std::string_view value;
};

// Calls `fn` for each record of the uncompressed batch `batch` (header
// included). Returns false when the records cannot be read (malformed, or the
// batch is compressed); `fn` may have been called for the ones before.
bool forEachRecord(std::string_view batch, const BatchHeader& header, const std::function<void(const RecordView&)>& fn);

// Appends to `out` a copy of the batch `original` holding only `records`
// (a subset of its records, in order): the base offset, last offset delta and
// timestamps stay, so offsets do not move (Kafka keeps them the same way);
// the record count, length and CRC are recomputed.
void rebuildBatch(std::string_view original, const std::vector<std::string_view>& records, std::string& out);

}  // namespace tributary::broker
