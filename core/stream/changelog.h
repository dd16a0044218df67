#pragma once
// The changelog of one state store: a compacted Kafka topic that mirrors every
// change of the store, so that a runner whose local store is missing or
// behind can rebuild it (docs/stream-processing.md, "Changelog topics").
// This header knows no Kafka: the connectors layer implements it on a topic
// (core/connectors/changelog_topic.*), tests and benchmarks may implement it
// in memory. The StateKeeper drives it.
//
// Every record is tagged with the flush that wrote it (a number that grows by
// one per flush of the store) and the source offsets that flush covers. A
// flush writes the changed keys first and, once all of them are acknowledged,
// one marker record (key kChangelogMarker, value the store's metadata) to
// every partition. A change whose flush has a marker somewhere is complete.
//
// Thread: the task that owns the store (one caller at a time).

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/result.h"

namespace tributary::stream {

inline constexpr std::string_view kChangelogMarker = "m";

struct ChangelogRecord {
  std::int32_t partition = 0;
  std::int64_t offset = 0;
  std::string key;
  std::optional<std::string> value;  // none: a tombstone
  std::uint64_t flush = 0;           // the flush that wrote it (0: untagged)
};

struct ChangelogEntry {
  std::string key;
  std::optional<std::string> value;  // none: a tombstone
  std::int32_t partition = -1;       // -1: chosen from the key (murmur2, as Kafka's default partitioner)
};

class Changelog {
 public:
  virtual ~Changelog() = default;
  virtual const std::string& name() const = 0;
  virtual int partitions() const = 0;
  // Earliest offset still stored and next offset to be written, per partition.
  virtual Result<std::vector<std::pair<std::int64_t, std::int64_t>>> watermarks() = 0;
  // Reads every partition p from from[p] up to (not including) to[p], in
  // offset order within a partition; compacted gaps are skipped.
  virtual Status read(const std::vector<std::int64_t>& from, const std::vector<std::int64_t>& to,
                      const std::function<void(const ChangelogRecord&)>& f) = 0;
  // Writes the entries tagged with `flush` and `offsets` (the covered source
  // positions, JSON) and returns once every one is acknowledged by all
  // in-sync replicas (acks=all): the offset each got, in order.
  virtual Result<std::vector<std::int64_t>> write(const std::vector<ChangelogEntry>& entries, std::uint64_t flush,
                                                  const std::string& offsets) = 0;
};

}  // namespace tributary::stream
