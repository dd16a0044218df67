#pragma once
// Reading messages for people: the newest N, from an offset or a time, a
// bounded search with progress, and a live tail — on one partition or all.
// Each call makes its own group-less consumer (it never commits, so browsing
// does not disturb any consumer group). Calls block: run them on a worker
// thread; a CancelFlag set from another thread stops them within ~100 ms.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/kafka/cluster.h"

struct rd_kafka_message_s;  // librdkafka's rd_kafka_message_t, defined in <librdkafka/rdkafka.h>

namespace tributary::kafka {

struct Message {
  std::int32_t partition = -1;
  std::int64_t offset = -1;
  std::int64_t timestampMs = -1;
  std::optional<std::string> key;    // nullopt: no key
  std::optional<std::string> value;  // nullopt: a tombstone; may be cut at maxValueBytes
  std::size_t keySize = 0;
  std::size_t valueSize = 0;  // full size, also when `value` was cut
  std::vector<std::pair<std::string, std::optional<std::string>>> headers;
  bool valueTruncated() const { return value && value->size() < valueSize; }
};

enum class StartAt { Newest, Earliest, Offset, Timestamp };

struct BrowseRequest {
  std::string topic;
  std::vector<std::int32_t> partitions;  // empty: all
  StartAt from = StartAt::Newest;
  std::int64_t offset = 0;       // StartAt::Offset
  std::int64_t timestampMs = 0;  // StartAt::Timestamp
  std::size_t limit = 100;
  std::size_t maxValueBytes = 64 * 1024;  // longer values are cut; fetchOne() loads them whole
};

struct SearchRequest {
  std::string topic;
  std::vector<std::int32_t> partitions;  // empty: all
  // Match when any of key, value and header values contains `substring`
  // (empty: everything matches), and `matcher` (when set) says yes.
  std::string substring;
  std::function<bool(const Message&)> matcher;
  bool newestFirst = true;  // scan the newest `maxScanned` messages, or from the earliest
  std::int64_t maxScanned = 1'000'000;
  std::size_t maxResults = 1000;
  std::size_t maxValueBytes = 64 * 1024;
};

struct SearchProgress {
  std::int64_t scanned = 0;
  std::int64_t total = 0;  // messages in the scanned range
  std::size_t matches = 0;
  bool cancelled = false;
  bool limitReached = false;  // stopped at maxResults
};

class MessageBrowser {
 public:
  explicit MessageBrowser(ClusterClient& cluster) : m_cluster(cluster) {}

  // Messages sorted by timestamp (then partition, offset), oldest first.
  Result<std::vector<Message>> browse(const BrowseRequest& request, const CancelFlag* cancel = nullptr);
  // One message, whole.
  Result<Message> fetchOne(const std::string& topic, std::int32_t partition, std::int64_t offset);
  // Streams matches to onMatch as they are found and progress about every 100 ms.
  Result<SearchProgress> search(const SearchRequest& request, const std::function<void(const Message&)>& onMatch,
                                const std::function<void(const SearchProgress&)>& onProgress,
                                const CancelFlag* cancel = nullptr);
  // Delivers messages written after the call, until `cancel` is set.
  Status tail(const std::string& topic, const std::vector<std::int32_t>& partitions,
              const std::function<void(const Message&)>& onMessage, const CancelFlag& cancel);

  // For readers of whole ranges (the browser's own searches, state changelogs):
  struct Range {
    std::int32_t partition;
    std::int64_t begin;  // first offset to read
    std::int64_t end;    // stop before this offset
  };
  Result<std::vector<std::int32_t>> partitionsOf(const std::string& topic, const std::vector<std::int32_t>& wanted);
  // Reads [begin, end) of every range, calling onMessage with librdkafka's
  // message (valid during the call only); stops early when it returns false.
  Status read(const std::string& topic, const std::vector<Range>& ranges,
              const std::function<bool(const rd_kafka_message_s&)>& onMessage, const CancelFlag* cancel);

 private:
  ClusterClient& m_cluster;
};

// A payload for display: "json" (pretty when it parses), "string" (UTF-8 with
// invalid bytes replaced), "hex", or "auto" (json, else string, else hex).
std::string formatPayload(const std::string& bytes, const std::string& format);

}  // namespace tributary::kafka
