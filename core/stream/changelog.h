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

  // A changelog written inside the Kafka transactions of an exactly_once
  // stage (docs/stream-processing.md, "Changelog topics and exactly_once"):
  // an acknowledged write is durable only once its transaction commits, and
  // reads see only committed transactions (read_committed). Then:
  // transaction() is the number of the transaction the last write() went
  // into, committed() the number of the last committed one (both grow by one
  // per commit); a write is one call with the changes and the markers (one
  // transaction holds a whole flush or none of it).
  virtual bool transactional() const { return false; }
  virtual std::uint64_t transaction() const { return 0; }
  virtual std::uint64_t committed() const { return 0; }
};

// One partition of a changelog, seen as a changelog with one partition (its
// partition 0 is `partition` of `all`): the store of the task that owns one
// input partition writes and restores only the changelog partition of the
// same number, so a runner taking over input partition p reads changelog
// partition p alone, and two owners of different partitions never write the
// same changelog partition. `all` outlives the view.
class ChangelogPartition final : public Changelog {
 public:
  ChangelogPartition(Changelog& all, std::int32_t partition) : m_all(all), m_partition(partition) {}
  const std::string& name() const override { return m_all.name(); }
  int partitions() const override { return 1; }
  Result<std::vector<std::pair<std::int64_t, std::int64_t>>> watermarks() override {
    auto all = m_all.watermarks();
    if (!all) return all.error();
    if (static_cast<std::size_t>(m_partition) >= all->size())
      return makeError(ErrorCode::Invalid, "the changelog has no partition " + std::to_string(m_partition));
    return std::vector<std::pair<std::int64_t, std::int64_t>>{(*all)[static_cast<std::size_t>(m_partition)]};
  }
  Status read(const std::vector<std::int64_t>& from, const std::vector<std::int64_t>& to,
              const std::function<void(const ChangelogRecord&)>& f) override {
    if (from.empty() || to.empty()) return {};
    std::vector<std::int64_t> allFrom(static_cast<std::size_t>(m_all.partitions()), 0), allTo = allFrom;
    allFrom[static_cast<std::size_t>(m_partition)] = from[0];
    allTo[static_cast<std::size_t>(m_partition)] = to[0];
    return m_all.read(allFrom, allTo, [&](const ChangelogRecord& r) {
      ChangelogRecord own = r;
      own.partition = 0;
      f(own);
    });
  }
  Result<std::vector<std::int64_t>> write(const std::vector<ChangelogEntry>& entries, std::uint64_t flush,
                                          const std::string& offsets) override {
    std::vector<ChangelogEntry> own = entries;
    for (ChangelogEntry& e : own) e.partition = m_partition;
    return m_all.write(own, flush, offsets);
  }
  bool transactional() const override { return m_all.transactional(); }
  std::uint64_t transaction() const override { return m_all.transaction(); }
  std::uint64_t committed() const override { return m_all.committed(); }

 private:
  Changelog& m_all;
  std::int32_t m_partition;
};

}  // namespace tributary::stream
