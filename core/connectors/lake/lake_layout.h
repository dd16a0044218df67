#pragma once
// Where the lake writer puts a record: Confluent's S3/HDFS sink layout
//   <topics.dir>/<topic>/<encoded partition>/<topic>+<partition>+<start offset, 10 digits>.<ext>
// and the partitioners that compute the encoded partition:
//   default  partition=<p>
//   field    name=value/... from fields of the record's value
//   time     a Joda-style path format ('year'=YYYY/'month'=MM/...) applied to
//            the record's timestamp (record time, a field, or the wall clock)
//            truncated to the partition duration in the configured time zone.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/base/result.h"
#include "core/record/record.h"

namespace tributary::connectors::lake {

enum class TimestampSource { Record, Field, WallClock };

struct PartitionerOptions {
  std::string kind = "default";  // default | field | time
  std::vector<std::string> fields;
  std::string pathFormat = "'year'=YYYY/'month'=MM/'day'=dd/'hour'=HH";
  std::int64_t durationMs = 3600000;
  std::string timezone = "UTC";
  TimestampSource timestamp = TimestampSource::Record;
  std::string timestampField;
};

// A fixed offset from UTC: "UTC", "Z", "+02:00", "-0530", "UTC+1".
// Named zones (Europe/Berlin) need a time-zone database this build lacks.
Result<std::int64_t> parseTimeZoneOffsetMs(const std::string& zone);

class Partitioner {
 public:
  static Result<Partitioner> make(PartitionerOptions options);

  // The encoded partition of a record (no leading or trailing slash).
  Result<std::string> encode(const record::Record& record, std::int64_t timestampMs) const;
  // The timestamp the time partitioner and rotate_interval use for `record`;
  // `nowMs` is the wall clock. An error when the field is missing or not a time.
  Result<std::int64_t> timestamp(const record::Record& record, std::int64_t nowMs) const;

  // True when the encoded partition depends on the record's source partition alone (default).
  bool bySourcePartition() const { return m_kind == Kind::Default; }

  // Formats `ms` (UTC) with the path format in the partitioner's zone; for tests.
  std::string formatTime(std::int64_t ms) const;

 private:
  struct Token {
    char letter = 0;  // 0: literal text
    int width = 0;
    std::string text;
  };
  enum class Kind { Default, Field, Time };
  PartitionerOptions m_options;
  Kind m_kind = Kind::Default;
  std::int64_t m_offsetMs = 0;
  std::vector<Token> m_tokens;
};

// "<topic>+<partition>+<offset zero-padded to 10>" + ext.
std::string lakeFileName(const std::string& topic, std::int32_t partition, std::int64_t startOffset,
                         const std::string& ext);
// The full key under the lake root.
std::string lakeFileKey(const std::string& topicsDir, const std::string& topic, const std::string& encoded,
                        std::int32_t partition, std::int64_t startOffset, const std::string& ext);

// Parses a key written by lakeFileKey back: partition and start offset, when
// `key` is a file of `topic` with extension `ext`.
struct ParsedKey {
  std::int32_t partition = 0;
  std::int64_t startOffset = 0;
};
std::optional<ParsedKey> parseLakeFileKey(const std::string& key, const std::string& topic, const std::string& ext);

}  // namespace tributary::connectors::lake
