#pragma once
// Calendar arithmetic and ISO-8601 text for Value timestamps (microseconds
// since the Unix epoch, UTC, proleptic Gregorian calendar). Pure functions,
// safe on any thread.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tributary::record {

struct CivilTime {
  std::int64_t year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31
  int hour = 0, minute = 0, second = 0;
  int micros = 0;  // 0..999999
};

// Days since 1970-01-01 for a civil date (Howard Hinnant's algorithm).
std::int64_t daysFromCivil(std::int64_t year, int month, int day) noexcept;
CivilTime civilFromMicros(std::int64_t microsSinceEpoch) noexcept;
std::int64_t microsFromCivil(const CivilTime& time) noexcept;

// "2024-03-01T12:34:56Z", "...56.123Z" (millisecond precision when the
// microseconds are whole milliseconds) or "...56.123456Z".
void appendIsoTimestamp(std::int64_t microsSinceEpoch, std::string& out);
std::string formatIsoTimestamp(std::int64_t microsSinceEpoch);

// Accepts "YYYY-MM-DD", "YYYY-MM-DD[T| ]HH:MM[:SS[.fraction]]" followed by
// nothing (UTC), "Z" or an offset "+HH:MM" / "+HHMM" / "+HH". nullopt when
// the text is not such a timestamp or a field is out of range.
std::optional<std::int64_t> parseIsoTimestamp(std::string_view text) noexcept;

}  // namespace tributary::record
