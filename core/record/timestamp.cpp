#include "core/record/timestamp.h"

#include <cstdio>

namespace tributary::record {

namespace {

constexpr std::int64_t kMicrosPerSecond = 1'000'000;
constexpr std::int64_t kMicrosPerDay = 86'400 * kMicrosPerSecond;

std::int64_t floorDiv(std::int64_t a, std::int64_t b) noexcept {
  std::int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

int daysInMonth(std::int64_t year, int month) noexcept {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2) {
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return leap ? 29 : 28;
  }
  return kDays[month - 1];
}

void appendDigits(std::string& out, std::int64_t value, int width) {
  char buffer[24];
  int n = 0;
  do {
    buffer[n++] = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value > 0 || n < width);
  while (n > 0) out.push_back(buffer[--n]);
}

}  // namespace

std::int64_t daysFromCivil(std::int64_t y, int m, int d) noexcept {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;
  const std::int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

CivilTime civilFromMicros(std::int64_t micros) noexcept {
  CivilTime t;
  std::int64_t days = floorDiv(micros, kMicrosPerDay);
  std::int64_t inDay = micros - days * kMicrosPerDay;
  t.micros = static_cast<int>(inDay % kMicrosPerSecond);
  std::int64_t secs = inDay / kMicrosPerSecond;
  t.second = static_cast<int>(secs % 60);
  t.minute = static_cast<int>((secs / 60) % 60);
  t.hour = static_cast<int>(secs / 3600);
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const std::int64_t doe = days - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  t.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  t.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  t.year = yoe + era * 400 + (t.month <= 2);
  return t;
}

std::int64_t microsFromCivil(const CivilTime& t) noexcept {
  return daysFromCivil(t.year, t.month, t.day) * kMicrosPerDay +
         (static_cast<std::int64_t>(t.hour) * 3600 + t.minute * 60 + t.second) * kMicrosPerSecond + t.micros;
}

void appendIsoTimestamp(std::int64_t micros, std::string& out) {
  CivilTime t = civilFromMicros(micros);
  if (t.year < 0) {
    out.push_back('-');
    appendDigits(out, -t.year, 4);
  } else {
    appendDigits(out, t.year, 4);
  }
  out.push_back('-');
  appendDigits(out, t.month, 2);
  out.push_back('-');
  appendDigits(out, t.day, 2);
  out.push_back('T');
  appendDigits(out, t.hour, 2);
  out.push_back(':');
  appendDigits(out, t.minute, 2);
  out.push_back(':');
  appendDigits(out, t.second, 2);
  if (t.micros != 0) {
    out.push_back('.');
    if (t.micros % 1000 == 0) {
      appendDigits(out, t.micros / 1000, 3);
    } else {
      appendDigits(out, t.micros, 6);
    }
  }
  out.push_back('Z');
}

std::string formatIsoTimestamp(std::int64_t micros) {
  std::string out;
  appendIsoTimestamp(micros, out);
  return out;
}

std::optional<std::int64_t> parseIsoTimestamp(std::string_view s) noexcept {
  std::size_t i = 0;
  auto digits = [&](int count, int& value) {
    value = 0;
    for (int k = 0; k < count; ++k, ++i) {
      if (i >= s.size() || s[i] < '0' || s[i] > '9') return false;
      value = value * 10 + (s[i] - '0');
    }
    return true;
  };
  auto expect = [&](char c) {
    if (i < s.size() && s[i] == c) {
      ++i;
      return true;
    }
    return false;
  };
  CivilTime t;
  int year = 0;
  if (!digits(4, year) || !expect('-') || !digits(2, t.month) || !expect('-') || !digits(2, t.day)) return std::nullopt;
  t.year = year;
  if (t.month < 1 || t.month > 12 || t.day < 1 || t.day > daysInMonth(t.year, t.month)) return std::nullopt;
  std::int64_t offsetMicros = 0;
  if (i < s.size()) {
    if (s[i] != 'T' && s[i] != 't' && s[i] != ' ') return std::nullopt;
    ++i;
    if (!digits(2, t.hour) || !expect(':') || !digits(2, t.minute)) return std::nullopt;
    if (expect(':')) {
      if (!digits(2, t.second)) return std::nullopt;
      if (expect('.') || expect(',')) {
        int scale = 100000;
        std::size_t start = i;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
          t.micros += (s[i] - '0') * scale;  // digits beyond microseconds are truncated
          scale /= 10;
          ++i;
        }
        if (i == start) return std::nullopt;
      }
    }
    if (t.hour > 23 || t.minute > 59 || t.second > 60) return std::nullopt;
    if (t.second == 60) t.second = 59;  // leap second: clamp
    if (i < s.size()) {
      if (s[i] == 'Z' || s[i] == 'z') {
        ++i;
      } else if (s[i] == '+' || s[i] == '-') {
        int sign = s[i] == '-' ? -1 : 1;
        ++i;
        int oh = 0, om = 0;
        if (!digits(2, oh)) return std::nullopt;
        if (expect(':')) {
          if (!digits(2, om)) return std::nullopt;
        } else if (i < s.size()) {
          if (!digits(2, om)) return std::nullopt;
        }
        if (oh > 23 || om > 59) return std::nullopt;
        offsetMicros = sign * (static_cast<std::int64_t>(oh) * 3600 + om * 60) * kMicrosPerSecond;
      } else {
        return std::nullopt;
      }
    }
  }
  if (i != s.size()) return std::nullopt;
  return microsFromCivil(t) - offsetMicros;
}

}  // namespace tributary::record
