#pragma once
// A record as it flows through a pipeline: key, value, headers, timestamp and
// where it came from. Batches of records move between tasks.

#include <cstdint>
#include <string>
#include <vector>

#include "core/record/value.h"

namespace tributary::record {

struct Header {
  std::string key;
  std::string value;  // raw bytes
  bool operator==(const Header&) const = default;
};

// Where a record came from, in the source's own terms: Kafka partition and
// offset, a file's byte offset (partition = file index), a Postgres LSN, a
// polling high-water mark. The runtime treats it as opaque and only keeps it
// ordered per (source, partition) for checkpointing.
struct SourcePosition {
  std::int32_t partition = -1;
  std::int64_t offset = -1;
  bool operator==(const SourcePosition&) const = default;
};

struct Record {
  Value key;  // null when the record has no key
  Value value;
  std::vector<Header> headers;
  std::int64_t timestampMs = 0;  // event time, ms since the epoch (UTC)
  SourcePosition position;
  bool operator==(const Record&) const = default;
};

using Batch = std::vector<Record>;

}  // namespace tributary::record
