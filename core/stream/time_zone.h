#pragma once
// A time zone for calendar-aligned windows ("one window per local day"):
// UTC offsets read from the system's IANA database (TZif files under
// /usr/share/zoneinfo, or $TZDIR), or a fixed offset ("+05:30", "UTC").
// GCC 12's <chrono> has no tzdb, so this reads the 64-bit transition table
// itself. Beyond the last listed transition the last offset holds (Debian
// ships "fat" files listing transitions until 2037).
// Immutable after load(); safe to share between threads.

#include <cstdint>
#include <string>
#include <vector>

#include "core/base/result.h"

namespace tributary::stream {

class TimeZone {
 public:
  TimeZone() = default;  // UTC
  static Result<TimeZone> load(const std::string& name);

  const std::string& name() const { return m_name; }
  bool isUtc() const { return m_transitions.empty() && m_fixedOffsetMs == 0; }
  // Offset from UTC in ms at the UTC instant `utcMs` (local = utc + offset).
  std::int64_t offsetAtUtc(std::int64_t utcMs) const;
  // The UTC instant of local wall time `localMs` (ms since 1970-01-01 local).
  // In a gap (spring forward) it maps past the gap; in an overlap, the earlier instant.
  std::int64_t localToUtc(std::int64_t localMs) const;

 private:
  std::string m_name = "UTC";
  std::int64_t m_fixedOffsetMs = 0;     // used when there are no transitions
  std::vector<std::int64_t> m_transitions;  // UTC ms, ascending
  std::vector<std::int64_t> m_offsets;      // offset in force from transition i on
  std::int64_t m_initialOffsetMs = 0;       // before the first transition
};

}  // namespace tributary::stream
