#include "core/connectors/lake/lake_layout.h"

#include <cctype>
#include <charconv>
#include <cstdio>
#include <ctime>

#include "core/record/json.h"

namespace tributary::connectors::lake {
namespace {

// Days since 1970-01-01 -> civil date (Howard Hinnant's algorithm), so no
// process-wide TZ or locale is touched.
void civilFromDays(std::int64_t z, int& y, int& m, int& d) {
  z += 719468;
  std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  auto doe = static_cast<unsigned>(z - era * 146097);
  unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  std::int64_t year = static_cast<std::int64_t>(yoe) + era * 400;
  unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  unsigned mp = (5 * doy + 2) / 153;
  d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  y = static_cast<int>(year + (m <= 2 ? 1 : 0));
}

std::int64_t floorDiv(std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

const record::Value* findPath(const record::Value& value, const std::string& path) {
  const record::Value* v = &value;
  std::size_t start = 0;
  while (v) {
    std::size_t dot = path.find('.', start);
    std::string part = path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (v->type() != record::ValueType::Object) return nullptr;
    v = v->find(part);
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return v;
}

std::string scalarText(const record::Value& v) {
  switch (v.type()) {
    case record::ValueType::String:
    case record::ValueType::Decimal:
      return std::string(v.asString());
    case record::ValueType::Int:
      return std::to_string(v.asInt());
    case record::ValueType::Bool:
      return v.asBool() ? "true" : "false";
    default:
      return record::toJson(v);
  }
}

}  // namespace

Result<std::int64_t> parseTimeZoneOffsetMs(const std::string& zone) {
  std::string z = zone;
  if (z == "UTC" || z == "Z" || z == "GMT" || z == "Etc/UTC") return std::int64_t{0};
  if (z.rfind("UTC", 0) == 0 || z.rfind("GMT", 0) == 0) z = z.substr(3);
  auto bad = [&] {
    return makeError(ErrorCode::Invalid,
                     "time zone \"" + zone +
                         "\" is not supported: use UTC or a fixed offset such as +02:00 (named zones like "
                         "Europe/Berlin need a time-zone database this build does not have)",
                     "config.timezone");
  };
  if (z.size() < 2 || (z[0] != '+' && z[0] != '-')) return bad();
  int sign = z[0] == '-' ? -1 : 1;
  std::string digits;
  for (std::size_t i = 1; i < z.size(); ++i) {
    if (z[i] == ':') continue;
    if (!std::isdigit(static_cast<unsigned char>(z[i]))) return bad();
    digits += z[i];
  }
  int hours = 0, minutes = 0;
  if (digits.size() <= 2) {
    hours = std::stoi(digits);
  } else if (digits.size() == 4) {
    hours = std::stoi(digits.substr(0, 2));
    minutes = std::stoi(digits.substr(2));
  } else {
    return bad();
  }
  if (hours > 14 || minutes > 59) return bad();
  return sign * (hours * 3600000LL + minutes * 60000LL);
}

Result<Partitioner> Partitioner::make(PartitionerOptions options) {
  Partitioner p;
  if (options.kind == "field") {
    if (options.fields.empty())
      return makeError(ErrorCode::Invalid, "the field partitioner needs at least one field", "config.partition_fields");
  } else if (options.kind == "time") {
    if (options.durationMs <= 0)
      return makeError(ErrorCode::Invalid, "partition_duration must be positive", "config.partition_duration");
    auto offset = parseTimeZoneOffsetMs(options.timezone);
    if (!offset) return offset.error();
    p.m_offsetMs = *offset;
    if (options.timestamp == TimestampSource::Field && options.timestampField.empty())
      return makeError(ErrorCode::Invalid, "timestamp \"field\" needs timestamp_field", "config.timestamp_field");
    // Joda-style: 'quoted literal', '' is a quote, letters are fields, the rest literal.
    const std::string& f = options.pathFormat;
    if (f.empty()) return makeError(ErrorCode::Invalid, "path_format is empty", "config.path_format");
    for (std::size_t i = 0; i < f.size();) {
      char c = f[i];
      if (c == '\'') {
        std::size_t end = f.find('\'', i + 1);
        if (end == std::string::npos)
          return makeError(ErrorCode::Invalid, "unclosed quote in path_format \"" + f + "\"", "config.path_format");
        p.m_tokens.push_back({0, 0, end == i + 1 ? "'" : f.substr(i + 1, end - i - 1)});
        i = end + 1;
      } else if (std::isalpha(static_cast<unsigned char>(c))) {
        std::size_t j = i;
        while (j < f.size() && f[j] == c) ++j;
        if (std::string("yYMdHms").find(c) == std::string::npos)
          return makeError(ErrorCode::Invalid,
                           std::string("path_format letter '") + c +
                               "' is not supported (use YYYY or yyyy, MM, dd, HH, mm, ss; quote literal text)",
                           "config.path_format");
        p.m_tokens.push_back({c == 'Y' ? 'y' : c, static_cast<int>(j - i), {}});
        i = j;
      } else {
        p.m_tokens.push_back({0, 0, std::string(1, c)});
        ++i;
      }
    }
  } else if (options.kind != "default") {
    return makeError(ErrorCode::Invalid, "unknown partitioner \"" + options.kind + "\" (use default, field or time)",
                     "config.partitioner");
  }
  p.m_kind = options.kind == "field" ? Kind::Field : options.kind == "time" ? Kind::Time : Kind::Default;
  p.m_options = std::move(options);
  return p;
}

std::string Partitioner::formatTime(std::int64_t ms) const {
  std::int64_t local = ms + m_offsetMs;
  std::int64_t days = floorDiv(local, 86400000);
  std::int64_t inDay = local - days * 86400000;
  int y = 0, mo = 0, d = 0;
  civilFromDays(days, y, mo, d);
  int h = static_cast<int>(inDay / 3600000), mi = static_cast<int>(inDay / 60000 % 60),
      s = static_cast<int>(inDay / 1000 % 60);
  std::string out;
  for (const Token& t : m_tokens) {
    if (t.letter == 0) {
      out += t.text;
      continue;
    }
    int v = t.letter == 'y' ? y : t.letter == 'M' ? mo : t.letter == 'd' ? d : t.letter == 'H' ? h : t.letter == 'm' ? mi : s;
    if (t.letter == 'y' && t.width == 2) v %= 100;
    char buf[16];
    std::snprintf(buf, sizeof buf, "%0*d", t.width, v);
    out += buf;
  }
  return out;
}

Result<std::int64_t> Partitioner::timestamp(const record::Record& record, std::int64_t nowMs) const {
  switch (m_options.timestamp) {
    case TimestampSource::Record:
      return record.timestampMs;
    case TimestampSource::WallClock:
      return nowMs;
    case TimestampSource::Field:
      break;
  }
  const record::Value* v = findPath(record.value, m_options.timestampField);
  if (!v || v->isNull())
    return makeError(ErrorCode::Invalid, "the record has no timestamp field \"" + m_options.timestampField + "\"");
  if (v->type() == record::ValueType::Int) return v->asInt();
  if (v->type() == record::ValueType::Timestamp) return floorDiv(v->asTimestampMicros(), 1000);
  if (v->type() == record::ValueType::Double) return static_cast<std::int64_t>(v->asDouble());
  return makeError(ErrorCode::Invalid, "timestamp field \"" + m_options.timestampField +
                                           "\" is not a number of milliseconds or a timestamp: " + record::toJson(*v));
}

Result<std::string> Partitioner::encode(const record::Record& record, std::int64_t timestampMs) const {
  if (m_kind == Kind::Default) return "partition=" + std::to_string(record.position.partition);
  if (m_kind == Kind::Field) {
    std::string out;
    for (const std::string& f : m_options.fields) {
      const record::Value* v = findPath(record.value, f);
      if (!v) return makeError(ErrorCode::Invalid, "the record has no field \"" + f + "\" to partition by");
      std::string text = scalarText(*v);
      if (text.find('/') != std::string::npos)
        return makeError(ErrorCode::Invalid, "partition field \"" + f + "\" contains a '/': " + text);
      if (!out.empty()) out += '/';
      out += f + "=" + text;
    }
    return out;
  }
  // time: truncate in local time to the partition duration, as Confluent's TimeBasedPartitioner does.
  std::int64_t local = timestampMs + m_offsetMs;
  std::int64_t bucket = floorDiv(local, m_options.durationMs) * m_options.durationMs - m_offsetMs;
  return formatTime(bucket);
}

std::string lakeFileName(const std::string& topic, std::int32_t partition, std::int64_t startOffset,
                         const std::string& ext) {
  char offset[32];
  std::snprintf(offset, sizeof offset, "%010lld", static_cast<long long>(startOffset));
  return topic + "+" + std::to_string(partition) + "+" + offset + ext;
}

std::string lakeFileKey(const std::string& topicsDir, const std::string& topic, const std::string& encoded,
                        std::int32_t partition, std::int64_t startOffset, const std::string& ext) {
  std::string key;
  if (!topicsDir.empty()) key = topicsDir + "/";
  return key + topic + "/" + encoded + "/" + lakeFileName(topic, partition, startOffset, ext);
}

std::optional<ParsedKey> parseLakeFileKey(const std::string& key, const std::string& topic, const std::string& ext) {
  std::size_t slash = key.rfind('/');
  std::string name = slash == std::string::npos ? key : key.substr(slash + 1);
  std::string prefix = topic + "+";
  if (name.size() <= prefix.size() + ext.size() || name.rfind(prefix, 0) != 0 ||
      name.compare(name.size() - ext.size(), ext.size(), ext) != 0)
    return std::nullopt;
  std::string middle = name.substr(prefix.size(), name.size() - prefix.size() - ext.size());
  std::size_t plus = middle.find('+');
  if (plus == std::string::npos || plus == 0 || middle.size() - plus - 1 < 10) return std::nullopt;
  ParsedKey k;
  auto r1 = std::from_chars(middle.data(), middle.data() + plus, k.partition);
  auto r2 = std::from_chars(middle.data() + plus + 1, middle.data() + middle.size(), k.startOffset);
  if (r1.ec != std::errc() || r1.ptr != middle.data() + plus || r2.ec != std::errc() ||
      r2.ptr != middle.data() + middle.size())
    return std::nullopt;
  return k;
}

}  // namespace tributary::connectors::lake
