#include "core/remote/log_ring.h"

#include <chrono>

namespace tributary::remote {

void LogRing::sink_it_(const spdlog::details::log_msg& msg) {
  LogLine line;
  line.timeMs = std::chrono::duration_cast<std::chrono::milliseconds>(msg.time.time_since_epoch()).count();
  line.seq = m_nextSeq++;
  auto level = spdlog::level::to_string_view(msg.level);
  line.level.assign(level.data(), level.size());
  line.message.assign(msg.payload.data(), msg.payload.size());
  m_lines.push_back(std::move(line));
  while (m_lines.size() > m_capacity) m_lines.pop_front();
}

std::vector<LogLine> LogRing::lines(std::uint64_t afterSeq, std::int64_t sinceMs, const std::string& contains,
                                    std::size_t limit) {
  std::lock_guard lock(mutex_);
  std::vector<LogLine> out;
  for (const LogLine& l : m_lines) {
    if (l.seq <= afterSeq || l.timeMs < sinceMs) continue;
    if (!contains.empty() && l.message.find(contains) == std::string::npos) continue;
    out.push_back(l);
  }
  if (out.size() > limit) out.erase(out.begin(), out.end() - static_cast<std::ptrdiff_t>(limit));
  return out;
}

}  // namespace tributary::remote
