#include "core/connectors/mysql_json_binary.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "core/connectors/binlog_decoder.h"
#include "core/record/json.h"

namespace tributary::connectors::binlog {
namespace {

// Value types of the format (json_binary.h).
enum : std::uint8_t {
  kSmallObject = 0x00,
  kLargeObject = 0x01,
  kSmallArray = 0x02,
  kLargeArray = 0x03,
  kLiteral = 0x04,
  kInt16 = 0x05,
  kUint16 = 0x06,
  kInt32 = 0x07,
  kUint32 = 0x08,
  kInt64 = 0x09,
  kUint64 = 0x0A,
  kDouble = 0x0B,
  kString = 0x0C,
  kOpaque = 0x0F,
};
enum : std::uint8_t { kNullLiteral = 0x00, kTrueLiteral = 0x01, kFalseLiteral = 0x02 };

// Nested containers: deeper than MySQL allows (100) means damaged bytes.
constexpr int kMaxDepth = 150;

std::uint64_t le(const char* p, std::size_t n) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < n; ++i) v |= static_cast<std::uint64_t>(static_cast<std::uint8_t>(p[i])) << (8 * i);
  return v;
}

std::int64_t signedLe(const char* p, std::size_t n) {
  unsigned shift = static_cast<unsigned>(64 - 8 * n);
  return static_cast<std::int64_t>(le(p, n) << shift) >> shift;
}

Error bad(const std::string& what, std::size_t at) {
  return makeError(ErrorCode::Invalid, "MySQL binary JSON: " + what + " (at byte " + std::to_string(at) + ")");
}

void appendDouble(double d, std::string& out) {
  if (!std::isfinite(d)) {  // JSON has no spelling for these; MySQL never stores them
    out += "null";
    return;
  }
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d);
  std::string_view text(buf, static_cast<std::size_t>(end - buf));
  out += text;
  // MySQL prints a whole double with ".0" ("3.0"), unlike an integer.
  if (text.find_first_of(".e") == std::string_view::npos) out += ".0";
}

// DATE / TIME / DATETIME in MySQL's packed 8-byte form (my_time.h
// TIME_to_longlong_*_packed): ((ymd << 17 | hms) << 24) + microseconds, negated for a negative time.
void appendPackedTime(std::uint8_t fieldType, std::int64_t packed, std::string& out) {
  bool negative = packed < 0;
  std::uint64_t v = negative ? static_cast<std::uint64_t>(-packed) : static_cast<std::uint64_t>(packed);
  unsigned micros = static_cast<unsigned>(v & 0xFFFFFF);
  std::uint64_t ymdhms = v >> 24;
  std::uint64_t ymd = ymdhms >> 17, hms = ymdhms & 0x1FFFF;
  unsigned day = static_cast<unsigned>(ymd & 31), month = static_cast<unsigned>((ymd >> 5) % 13);
  unsigned year = static_cast<unsigned>((ymd >> 5) / 13);
  unsigned second = static_cast<unsigned>(hms & 63), minute = static_cast<unsigned>((hms >> 6) & 63);
  std::uint64_t hour = hms >> 12;
  char buf[64];
  if (fieldType == kTypeDate || fieldType == kTypeNewDate) {
    std::snprintf(buf, sizeof buf, "%04u-%02u-%02u", year, month, day);
  } else if (fieldType == kTypeTime || fieldType == kTypeTime2) {
    // TIME_to_longlong_time_packed: no date part, and the hour (up to 838) takes the bits above the minute.
    std::snprintf(buf, sizeof buf, "%s%02llu:%02u:%02u.%06u", negative ? "-" : "",
                  static_cast<unsigned long long>(ymdhms >> 12), minute, second, micros);
  } else {
    std::snprintf(buf, sizeof buf, "%04u-%02u-%02u %02llu:%02u:%02u.%06u", year, month, day,
                  static_cast<unsigned long long>(hour), minute, second, micros);
  }
  out.push_back('"');
  out += buf;
  out.push_back('"');
}

void appendBase64(std::string_view data, std::string& out) {
  static const char* table = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::size_t i = 0;
  for (; i + 2 < data.size(); i += 3) {
    std::uint32_t n = (static_cast<std::uint8_t>(data[i]) << 16) | (static_cast<std::uint8_t>(data[i + 1]) << 8) |
                      static_cast<std::uint8_t>(data[i + 2]);
    for (int k = 18; k >= 0; k -= 6) out.push_back(table[(n >> k) & 63]);
  }
  if (std::size_t rest = data.size() - i; rest > 0) {
    std::uint32_t n = static_cast<std::uint8_t>(data[i]) << 16;
    if (rest == 2) n |= static_cast<std::uint8_t>(data[i + 1]) << 8;
    out.push_back(table[(n >> 18) & 63]);
    out.push_back(table[(n >> 12) & 63]);
    out.push_back(rest == 2 ? table[(n >> 6) & 63] : '=');
    out.push_back('=');
  }
}

class JsonReader {
 public:
  explicit JsonReader(std::string_view data) : m_data(data) {}

  // The value of `type` stored at [at, end of data).
  Status value(std::uint8_t type, std::size_t at, std::size_t end, int depth, std::string& out) {
    if (depth > kMaxDepth) return bad("nested deeper than " + std::to_string(kMaxDepth) + " levels", at);
    const char* p = m_data.data() + at;
    auto need = [&](std::size_t n) { return at <= end && end - at >= n; };
    switch (type) {
      case kSmallObject:
      case kLargeObject:
      case kSmallArray:
      case kLargeArray:
        return container(type, at, end, depth, out);
      case kLiteral:
        if (!need(1)) return bad("literal cut short", at);
        return literal(static_cast<std::uint8_t>(*p), at, out);
      case kInt16:
      case kUint16:
        if (!need(2)) return bad("int16 cut short", at);
        out += type == kInt16 ? std::to_string(signedLe(p, 2)) : std::to_string(le(p, 2));
        return {};
      case kInt32:
      case kUint32:
        if (!need(4)) return bad("int32 cut short", at);
        out += type == kInt32 ? std::to_string(signedLe(p, 4)) : std::to_string(le(p, 4));
        return {};
      case kInt64:
      case kUint64:
        if (!need(8)) return bad("int64 cut short", at);
        out += type == kInt64 ? std::to_string(signedLe(p, 8)) : std::to_string(le(p, 8));
        return {};
      case kDouble: {
        if (!need(8)) return bad("double cut short", at);
        double d;
        std::uint64_t bits = le(p, 8);
        std::memcpy(&d, &bits, 8);
        appendDouble(d, out);
        return {};
      }
      case kString: {
        std::size_t len = 0, used = 0;
        if (Status s = varLength(at, end, len, used); !s) return s;
        if (end - at - used < len) return bad("string of " + std::to_string(len) + " bytes cut short", at);
        record::appendJsonString(m_data.substr(at + used, len), out);
        return {};
      }
      case kOpaque: {
        if (!need(1)) return bad("opaque value cut short", at);
        auto fieldType = static_cast<std::uint8_t>(*p);
        std::size_t len = 0, used = 0;
        if (Status s = varLength(at + 1, end, len, used); !s) return s;
        std::size_t start = at + 1 + used;
        if (end - start < len) return bad("opaque value of " + std::to_string(len) + " bytes cut short", at);
        return opaque(fieldType, m_data.substr(start, len), at, out);
      }
      default:
        return bad("unknown value type " + std::to_string(type), at);
    }
  }

 private:
  Status literal(std::uint8_t v, std::size_t at, std::string& out) {
    switch (v) {
      case kNullLiteral:
        out += "null";
        return {};
      case kTrueLiteral:
        out += "true";
        return {};
      case kFalseLiteral:
        out += "false";
        return {};
      default:
        return bad("unknown literal " + std::to_string(v), at);
    }
  }

  // A string's length: 7 bits a byte, low bits first, high bit set while more follow (at most 5 bytes).
  Status varLength(std::size_t at, std::size_t end, std::size_t& len, std::size_t& used) {
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < 5; ++i) {
      if (at + i >= end) return bad("length cut short", at);
      auto b = static_cast<std::uint8_t>(m_data[at + i]);
      v |= static_cast<std::uint64_t>(b & 0x7F) << (7 * i);
      if (!(b & 0x80)) {
        if (v > 0xFFFFFFFFu) return bad("length above 4 GiB", at);
        len = static_cast<std::size_t>(v);
        used = i + 1;
        return {};
      }
    }
    return bad("length longer than 5 bytes", at);
  }

  // Objects and arrays: count, size, key entries (objects), value entries,
  // then keys and values; offsets count from the container's first byte.
  Status container(std::uint8_t type, std::size_t at, std::size_t end, int depth, std::string& out) {
    bool large = type == kLargeObject || type == kLargeArray;
    bool object = type == kSmallObject || type == kLargeObject;
    std::size_t w = large ? 4 : 2;  // width of counts, sizes and offsets
    if (end - at < 2 * w) return bad(std::string(object ? "object" : "array") + " header cut short", at);
    const char* base = m_data.data() + at;
    std::size_t count = le(base, w), size = le(base + w, w);
    if (size > end - at || size < 2 * w)
      return bad(std::string(object ? "object" : "array") + " size " + std::to_string(size) + " does not fit", at);
    std::size_t keyEntry = w + 2, valueEntry = 1 + w;
    std::size_t headerSize = 2 * w + count * ((object ? keyEntry : 0) + valueEntry);
    if (count > size || headerSize > size)
      return bad(std::to_string(count) + " elements do not fit in " + std::to_string(size) + " bytes", at);
    std::size_t limit = at + size;
    out.push_back(object ? '{' : '[');
    for (std::size_t i = 0; i < count; ++i) {
      if (i) out += ", ";
      if (object) {
        const char* k = base + 2 * w + i * keyEntry;
        std::size_t keyOffset = le(k, w), keyLength = le(k + w, 2);
        if (keyOffset < headerSize || keyOffset > size || size - keyOffset < keyLength)
          return bad("key " + std::to_string(i) + " lies outside its object", at);
        record::appendJsonString(m_data.substr(at + keyOffset, keyLength), out);
        out += ": ";
      }
      const char* v = base + 2 * w + count * (object ? keyEntry : 0) + i * valueEntry;
      auto valueType = static_cast<std::uint8_t>(v[0]);
      // Small values sit in the entry itself.
      bool inlined = valueType == kLiteral || valueType == kInt16 || valueType == kUint16 ||
                     (large && (valueType == kInt32 || valueType == kUint32));
      std::size_t entryAt = static_cast<std::size_t>(v + 1 - m_data.data());
      if (inlined) {
        if (Status s = value(valueType, entryAt, entryAt + w, depth + 1, out); !s) return s;
        continue;
      }
      std::size_t offset = le(v + 1, w);
      if (offset < headerSize || offset >= size)
        return bad("value " + std::to_string(i) + " lies outside its " + (object ? "object" : "array"), at);
      if (Status s = value(valueType, at + offset, limit, depth + 1, out); !s) return s;
    }
    out.push_back(object ? '}' : ']');
    return {};
  }

  Status opaque(std::uint8_t fieldType, std::string_view data, std::size_t at, std::string& out) {
    switch (fieldType) {
      case kTypeDate:
      case kTypeNewDate:
      case kTypeTime:
      case kTypeTime2:
      case kTypeDateTime:
      case kTypeDateTime2:
      case kTypeTimestamp:
      case kTypeTimestamp2:
        if (data.size() < 8) return bad("date/time opaque value shorter than 8 bytes", at);
        appendPackedTime(fieldType, signedLe(data.data(), 8), out);
        return {};
      case kTypeNewDecimal: {
        // Precision and scale, then the binary DECIMAL.
        if (data.size() < 2) return bad("decimal opaque value cut short", at);
        auto precision = static_cast<std::uint8_t>(data[0]), scale = static_cast<std::uint8_t>(data[1]);
        auto text = decimalText(data.substr(2), precision, scale);
        if (!text) return bad("decimal opaque value is not a valid DECIMAL(" + std::to_string(precision) + "," +
                                  std::to_string(scale) + ")",
                              at);
        out += *text;
        return {};
      }
      default:
        // What MySQL prints for other opaque values (BLOB, BIT, GEOMETRY, ...).
        out += "\"base64:type" + std::to_string(fieldType) + ":";
        appendBase64(data, out);
        out.push_back('"');
        return {};
    }
  }

  std::string_view m_data;
};

}  // namespace

Result<std::string> mySqlJsonText(std::string_view binary) {
  if (binary.empty()) return std::string("null");
  std::string out;
  JsonReader reader(binary);
  if (Status s = reader.value(static_cast<std::uint8_t>(binary[0]), 1, binary.size(), 0, out); !s) return s.error();
  return out;
}

}  // namespace tributary::connectors::binlog
