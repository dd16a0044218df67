#include "core/stream/time_zone.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>

#include "core/base/files.h"

namespace tributary::stream {

namespace {

std::int64_t readBig(const std::string& data, std::size_t at, int bytes) {
  std::uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v = (v << 8) | static_cast<unsigned char>(data[at + static_cast<std::size_t>(i)]);
  if (bytes == 4) return static_cast<std::int32_t>(static_cast<std::uint32_t>(v));
  return static_cast<std::int64_t>(v);
}

// "+05:30", "-08", "+0100" -> ms; false when not an offset.
bool parseFixedOffset(const std::string& text, std::int64_t& out) {
  if (text.size() < 3 || (text[0] != '+' && text[0] != '-')) return false;
  std::string digits;
  for (std::size_t i = 1; i < text.size(); ++i) {
    if (text[i] == ':' && i == 3) continue;
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) return false;
    digits += text[i];
  }
  if (digits.size() != 2 && digits.size() != 4) return false;
  int hours = std::stoi(digits.substr(0, 2));
  int minutes = digits.size() == 4 ? std::stoi(digits.substr(2, 2)) : 0;
  if (hours > 18 || minutes > 59) return false;
  out = (text[0] == '-' ? -1 : 1) * (hours * 3600000LL + minutes * 60000LL);
  return true;
}

}  // namespace

Result<TimeZone> TimeZone::load(const std::string& name) {
  TimeZone tz;
  tz.m_name = name;
  if (name.empty() || name == "UTC" || name == "Z" || name == "Etc/UTC") {
    tz.m_name = "UTC";
    return tz;
  }
  if (parseFixedOffset(name, tz.m_fixedOffsetMs)) return tz;
  if (name.find("..") != std::string::npos || name.front() == '/')
    return makeError(ErrorCode::Invalid, "\"" + name + "\" is not a time zone name such as Europe/Berlin or +02:00");
  const char* dir = std::getenv("TZDIR");
  std::filesystem::path file = std::filesystem::path(dir && *dir ? dir : "/usr/share/zoneinfo") / name;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec))
    return makeError(ErrorCode::Invalid, "unknown time zone \"" + name +
                                             "\" (use an IANA name such as Europe/Berlin, or an offset such as +02:00)");
  auto data = base::readFile(file, 1 << 20);
  if (!data) return data.error();
  const std::string& d = *data;
  auto damaged = [&] { return makeError(ErrorCode::Invalid, "time zone file is damaged", file.string()); };
  if (d.size() < 44 || d.compare(0, 4, "TZif") != 0) return damaged();
  // Header: magic, version, 15 reserved, then six 4-byte counts.
  auto counts = [&](std::size_t at, std::int64_t c[6]) {
    for (int i = 0; i < 6; ++i) c[i] = readBig(d, at + 20 + 4 * static_cast<std::size_t>(i), 4);
  };
  std::int64_t c[6];  // isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt
  counts(0, c);
  std::size_t at = 44;
  int timeBytes = 4;
  if (d[4] >= '2') {
    // Skip the 32-bit block; the 64-bit one follows with its own header.
    at += static_cast<std::size_t>(c[3] * 4 + c[3] + c[4] * 6 + c[5] + c[2] * 8 + c[1] + c[0]);
    if (d.size() < at + 44 || d.compare(at, 4, "TZif") != 0) return damaged();
    counts(at, c);
    at += 44;
    timeBytes = 8;
  }
  std::size_t timecnt = static_cast<std::size_t>(c[3]), typecnt = static_cast<std::size_t>(c[4]);
  std::size_t need = at + timecnt * static_cast<std::size_t>(timeBytes) + timecnt + typecnt * 6;
  if (typecnt == 0 || d.size() < need) return damaged();
  std::size_t idxAt = at + timecnt * static_cast<std::size_t>(timeBytes);
  std::size_t typeAt = idxAt + timecnt;
  auto typeOffset = [&](std::size_t type) { return readBig(d, typeAt + type * 6, 4) * 1000; };
  tz.m_initialOffsetMs = typeOffset(0);
  for (std::size_t i = 0; i < timecnt; ++i) {
    std::size_t type = static_cast<unsigned char>(d[idxAt + i]);
    if (type >= typecnt) return damaged();
    tz.m_transitions.push_back(readBig(d, at + i * static_cast<std::size_t>(timeBytes), timeBytes) * 1000);
    tz.m_offsets.push_back(typeOffset(type));
  }
  if (tz.m_transitions.empty()) tz.m_fixedOffsetMs = tz.m_initialOffsetMs;
  return tz;
}

std::int64_t TimeZone::offsetAtUtc(std::int64_t utcMs) const {
  if (m_transitions.empty()) return m_fixedOffsetMs;
  auto it = std::upper_bound(m_transitions.begin(), m_transitions.end(), utcMs);
  if (it == m_transitions.begin()) return m_initialOffsetMs;
  return m_offsets[static_cast<std::size_t>(it - m_transitions.begin() - 1)];
}

std::int64_t TimeZone::localToUtc(std::int64_t localMs) const {
  // Try the offsets in force just before and after; take the earliest instant that reads as localMs.
  std::int64_t guess = localMs - offsetAtUtc(localMs);
  std::int64_t a = localMs - offsetAtUtc(guess - 86400000);
  std::int64_t b = localMs - offsetAtUtc(guess + 86400000);
  std::int64_t best = std::max(a, b);
  for (std::int64_t cand : {std::min(a, b), std::max(a, b)})
    if (cand + offsetAtUtc(cand) == localMs) return cand;
  return best;  // in a gap: the first instant after it
}

}  // namespace tributary::stream
