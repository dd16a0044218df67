#pragma once
// The runner's recent log lines, kept in memory for GET /api/v1/logs: an
// spdlog sink (added behind the redactor with log::addSink, so secrets never
// reach it) holding the newest `capacity` messages. Thread-safe.

#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <spdlog/sinks/base_sink.h>

namespace tributary::remote {

struct LogLine {
  std::int64_t timeMs = 0;  // since the epoch
  std::uint64_t seq = 0;    // increasing; clients ask for lines after the last one they saw
  std::string level;
  std::string message;
};

class LogRing final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  explicit LogRing(std::size_t capacity = 2000) : m_capacity(capacity) {}

  // Lines with seq > afterSeq and time >= sinceMs whose message contains
  // `contains` (empty: all), oldest first, at most `limit` (the newest ones).
  std::vector<LogLine> lines(std::uint64_t afterSeq, std::int64_t sinceMs, const std::string& contains,
                             std::size_t limit);

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override;
  void flush_() override {}

 private:
  std::size_t m_capacity;
  std::deque<LogLine> m_lines;  // guarded by base_sink's mutex
  std::uint64_t m_nextSeq = 1;
};

}  // namespace tributary::remote
