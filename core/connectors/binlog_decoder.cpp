#include "core/connectors/binlog_decoder.h"

#include "core/connectors/mysql_json_binary.h"
#include "core/record/timestamp.h"

#include <array>
#include <bit>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace tributary::connectors::binlog {

using record::Value;

namespace {

// Bounds-checked little-endian / big-endian reader over one event.
class Reader {
 public:
  explicit Reader(std::string_view data) : m_data(data) {}
  std::size_t left() const { return m_data.size() - m_pos; }
  std::size_t pos() const { return m_pos; }
  bool need(std::size_t n) const { return left() >= n; }
  std::string_view rest() const { return m_data.substr(m_pos); }
  void skip(std::size_t n) { m_pos += n; }
  std::uint64_t le(std::size_t n) {
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < n; ++i) v |= static_cast<std::uint64_t>(byte(m_pos + i)) << (8 * i);
    m_pos += n;
    return v;
  }
  std::string_view bytes(std::size_t n) {
    std::string_view v = m_data.substr(m_pos, n);
    m_pos += n;
    return v;
  }
  // A length-encoded integer; nullopt when truncated or 0xFB (NULL) / 0xFF.
  std::optional<std::uint64_t> packed() {
    if (!need(1)) return std::nullopt;
    std::uint8_t first = byte(m_pos);
    ++m_pos;
    if (first < 251) return first;
    std::size_t n = first == 252 ? 2 : first == 253 ? 3 : first == 254 ? 8 : 0;
    if (n == 0 || !need(n)) return std::nullopt;
    return le(n);
  }

 private:
  std::uint8_t byte(std::size_t i) const { return static_cast<std::uint8_t>(m_data[i]); }
  std::string_view m_data;
  std::size_t m_pos = 0;
};

std::uint64_t be(const char* p, std::size_t n) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < n; ++i) v = (v << 8) | static_cast<std::uint8_t>(p[i]);
  return v;
}

std::uint64_t leAt(const char* p, std::size_t n) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < n; ++i) v |= static_cast<std::uint64_t>(static_cast<std::uint8_t>(p[i])) << (8 * i);
  return v;
}

// Slicing-by-8 tables: table[0] is the classic byte table; table[k][i] is the
// CRC of byte i followed by k zero bytes. Eight bytes per step (every streamed
// event is verified, so this is on the hot path).
using CrcTables = std::array<std::array<std::uint32_t, 256>, 8>;
const CrcTables& crcTables() {
  static const CrcTables tables = [] {
    CrcTables t{};
    for (std::uint32_t i = 0; i < 256; ++i) {
      std::uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[0][i] = c;
    }
    for (std::uint32_t i = 0; i < 256; ++i)
      for (std::size_t k = 1; k < 8; ++k) t[k][i] = (t[k - 1][i] >> 8) ^ t[0][t[k - 1][i] & 0xFF];
    return t;
  }();
  return tables;
}

std::string typeName(std::uint8_t type) {
  switch (type) {
    case kQueryEvent:
      return "QUERY";
    case kRotateEvent:
      return "ROTATE";
    case kFormatDescriptionEvent:
      return "FORMAT_DESCRIPTION";
    case kXidEvent:
      return "XID";
    case kTableMapEvent:
      return "TABLE_MAP";
    case kWriteRowsV1:
    case kWriteRowsV2:
      return "WRITE_ROWS";
    case kUpdateRowsV1:
    case kUpdateRowsV2:
      return "UPDATE_ROWS";
    case kDeleteRowsV1:
    case kDeleteRowsV2:
      return "DELETE_ROWS";
    case kGtidEvent:
      return "GTID";
    default:
      return "event type " + std::to_string(type);
  }
}

Error corrupt(std::uint8_t type, const std::string& what) {
  return Error{ErrorCode::Invalid, "binlog " + typeName(type) + " event: " + what, ""};
}

// Zero dates and dates with a zero part ("2020-00-00", allowed by some SQL modes) have no instant: null.
// So have values outside MySQL's range (only a damaged event holds those).
Value civilTimestamp(std::int64_t year, unsigned month, unsigned day, unsigned hour, unsigned minute, unsigned second,
                     std::int64_t micros) {
  if (year <= 0 || month == 0 || day == 0 || month > 12 || day > 31) return Value();
  if (year > 9999 || hour > 23 || minute > 59 || second > 59 || micros < 0 || micros > 999999) return Value();
  std::int64_t days = record::daysFromCivil(year, static_cast<int>(month), static_cast<int>(day));
  return Value::timestampMicros(((days * 24 + hour) * 60 + minute) * 60 * 1000000 + second * 1000000LL + micros);
}

Value dateText(unsigned year, unsigned month, unsigned day) {
  if (year == 0 && month == 0 && day == 0) return Value();
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04u-%02u-%02u", year, month, day);
  return Value(std::string(buf));
}

// The shortest text that reads back as the float, as a double: FLOAT columns
// read from the binlog (4 bytes) and from a SELECT ("1.1") then agree.
Value floatValue(float f) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf - 1, f);
  if (ec != std::errc()) return Value(static_cast<double>(f));
  *end = '\0';
  return Value(std::strtod(buf, nullptr));
}

// ISO-8859-1 (MySQL's latin1 is cp1252; the printable range agrees) to UTF-8.
std::string latin1ToUtf8(std::string_view in) {
  std::string out;
  out.reserve(in.size() + 8);
  for (char ch : in) {
    auto c = static_cast<unsigned char>(ch);
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back(static_cast<char>(0xC0 | (c >> 6)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
  }
  return out;
}

Value textValue(const ColumnInfo* column, std::string_view data) {
  if (column && column->binary) return Value::bytes(std::string(data));
  if (column && column->latin1) return Value(latin1ToUtf8(data));
  return Value(data);
}

Value setText(std::uint64_t bits, const ColumnInfo* column) {
  std::string out;
  for (unsigned i = 0; i < 64; ++i) {
    if (!(bits & (std::uint64_t{1} << i))) continue;
    if (!out.empty()) out.push_back(',');
    if (column && i < column->elements.size())
      out += column->elements[i];
    else
      out += std::to_string(i + 1);
  }
  return Value(std::move(out));
}

Value unsignedValue(std::uint64_t v) {
  if (v > static_cast<std::uint64_t>(INT64_MAX)) return Value::decimal(std::to_string(v));
  return Value(static_cast<std::int64_t>(v));
}

Value signedValue(std::uint64_t raw, std::size_t bytes) {
  unsigned shift = static_cast<unsigned>(64 - 8 * bytes);
  return Value(static_cast<std::int64_t>(raw << shift) >> shift);
}

constexpr int kDigitBytes[10] = {0, 1, 1, 2, 2, 3, 3, 4, 4, 4};

std::size_t decimalSize(unsigned precision, unsigned scale) {
  unsigned intg = precision - scale;
  return (intg / 9) * 4 + kDigitBytes[intg % 9] + (scale / 9) * 4 + kDigitBytes[scale % 9];
}

// MySQL's binary DECIMAL (decimal2bin): groups of 9 digits in 4 big-endian
// bytes, partial groups in fewer; the sign is the inverted top bit, and a
// negative number has every byte inverted.
Value decodeDecimal(const char* p, unsigned precision, unsigned scale) {
  unsigned intg = precision - scale;
  std::size_t size = decimalSize(precision, scale);
  std::string buf(p, size);
  bool negative = (static_cast<unsigned char>(buf[0]) & 0x80) == 0;
  buf[0] = static_cast<char>(buf[0] ^ 0x80);
  if (negative)
    for (char& c : buf) c = static_cast<char>(~c);
  const char* q = buf.data();
  std::string intText;
  auto take = [&](std::size_t n) {
    std::uint64_t v = be(q, n);
    q += n;
    return v;
  };
  if (unsigned lead = intg % 9; lead > 0) {
    std::uint64_t v = take(static_cast<std::size_t>(kDigitBytes[lead]));
    if (v != 0) intText = std::to_string(v);
  }
  for (unsigned g = 0; g < intg / 9; ++g) {
    std::uint64_t v = take(4);
    char digits[16];
    if (intText.empty()) {
      if (v != 0) intText = std::to_string(v);
    } else {
      std::snprintf(digits, sizeof digits, "%09llu", static_cast<unsigned long long>(v));
      intText += digits;
    }
  }
  if (intText.empty()) intText = "0";
  std::string out = negative ? "-" + intText : intText;
  if (scale > 0) {
    out.push_back('.');
    char digits[16];
    for (unsigned g = 0; g < scale / 9; ++g) {
      std::snprintf(digits, sizeof digits, "%09llu", static_cast<unsigned long long>(take(4)));
      out += digits;
    }
    if (unsigned tail = scale % 9; tail > 0) {
      std::snprintf(digits, sizeof digits, "%0*llu", static_cast<int>(tail),
                    static_cast<unsigned long long>(take(static_cast<std::size_t>(kDigitBytes[tail]))));
      out += digits;
    }
  }
  return Value::decimal(std::move(out));
}

std::size_t fractionBytes(unsigned fsp) {
  return (fsp + 1) / 2;
}

// Microseconds from the fractional part of TIMESTAMP2 / DATETIME2 (big-endian).
std::int64_t fractionMicros(const char* p, unsigned fsp) {
  switch (fractionBytes(fsp)) {
    case 1:
      return static_cast<std::int64_t>(static_cast<std::uint8_t>(p[0])) * 10000;
    case 2:
      return static_cast<std::int64_t>(be(p, 2)) * 100;
    case 3:
      return static_cast<std::int64_t>(be(p, 3));
    default:
      return 0;
  }
}

std::string timeText(bool negative, std::uint64_t hour, unsigned minute, unsigned second, std::int64_t micros,
                     unsigned fsp) {
  char buf[48];
  int n = std::snprintf(buf, sizeof buf, "%s%02llu:%02u:%02u", negative ? "-" : "", static_cast<unsigned long long>(hour),
                        minute, second);
  std::string out(buf, static_cast<std::size_t>(n));
  if (fsp > 0) {
    char frac[16];
    std::snprintf(frac, sizeof frac, "%06lld", static_cast<long long>(micros));
    out.push_back('.');
    out.append(frac, std::min<unsigned>(fsp, 6));
  }
  return out;
}

// TIME2: 3 bytes big-endian (offset 0x800000) of sign/hour/minute/second, then the fraction.
Value decodeTime2(const char* p, unsigned fsp) {
  std::int64_t packed = 0;
  std::int64_t intpart = static_cast<std::int64_t>(be(p, 3)) - 0x800000;
  switch (fractionBytes(fsp)) {
    case 0:
      packed = intpart * (std::int64_t{1} << 24);
      break;
    case 1: {
      std::int64_t frac = static_cast<std::uint8_t>(p[3]);
      if (intpart < 0 && frac) {
        ++intpart;
        frac -= 0x100;
      }
      packed = intpart * (std::int64_t{1} << 24) + frac * 10000;
      break;
    }
    case 2: {
      std::int64_t frac = static_cast<std::int64_t>(be(p + 3, 2));
      if (intpart < 0 && frac) {
        ++intpart;
        frac -= 0x10000;
      }
      packed = intpart * (std::int64_t{1} << 24) + frac * 100;
      break;
    }
    default:
      packed = static_cast<std::int64_t>(be(p, 6)) - 0x800000000000LL;
      break;
  }
  bool negative = packed < 0;
  if (negative) packed = -packed;
  std::int64_t micros = packed % (std::int64_t{1} << 24);
  std::uint64_t hms = static_cast<std::uint64_t>(packed >> 24);
  return Value(timeText(negative, (hms >> 12) % (1 << 10), static_cast<unsigned>((hms >> 6) % 64),
                        static_cast<unsigned>(hms % 64), micros, fsp));
}

Value decodeDateTime2(const char* p, unsigned fsp) {
  std::int64_t intpart = static_cast<std::int64_t>(be(p, 5)) - 0x8000000000LL;
  if (intpart < 0) return Value();
  std::uint64_t ymdhms = static_cast<std::uint64_t>(intpart);
  std::uint64_t ymd = ymdhms >> 17;
  std::uint64_t ym = ymd >> 5;
  std::uint64_t hms = ymdhms % (1 << 17);
  return civilTimestamp(static_cast<std::int64_t>(ym / 13), static_cast<unsigned>(ym % 13),
                        static_cast<unsigned>(ymd % 32), static_cast<unsigned>(hms >> 12),
                        static_cast<unsigned>((hms >> 6) % 64), static_cast<unsigned>(hms % 64),
                        fractionMicros(p + 5, fsp));
}

bool isNumeric(std::uint8_t type) {
  switch (type) {
    case kTypeTiny:
    case kTypeShort:
    case kTypeInt24:
    case kTypeLong:
    case kTypeLongLong:
    case kTypeNewDecimal:
    case kTypeFloat:
    case kTypeDouble:
      return true;
    default:
      return false;
  }
}

// Bytes of metadata a column type has in TABLE_MAP.
int metadataBytes(std::uint8_t type) {
  switch (type) {
    case kTypeFloat:
    case kTypeDouble:
    case kTypeTinyBlob:
    case kTypeMediumBlob:
    case kTypeLongBlob:
    case kTypeBlob:
    case kTypeGeometry:
    case kTypeJson:
    case kTypeTimestamp2:
    case kTypeDateTime2:
    case kTypeTime2:
      return 1;
    case kTypeVarchar:
    case kTypeBit:
    case kTypeNewDecimal:
    case kTypeString:
    case kTypeVarString:
    case kTypeEnum:
    case kTypeSet:
      return 2;
    default:
      return 0;
  }
}

bool isRowsEvent(std::uint8_t type) {
  return (type >= kWriteRowsV1 && type <= kDeleteRowsV1) || (type >= kWriteRowsV2 && type <= kDeleteRowsV2);
}

}  // namespace

std::uint32_t crc32(std::string_view data, std::uint32_t crc) {
  const CrcTables& t = crcTables();
  crc = ~crc;
  const auto* p = reinterpret_cast<const std::uint8_t*>(data.data());
  std::size_t n = data.size();
  while (n >= 8) {
    std::uint32_t lo = crc ^ (static_cast<std::uint32_t>(p[0]) | static_cast<std::uint32_t>(p[1]) << 8 |
                              static_cast<std::uint32_t>(p[2]) << 16 | static_cast<std::uint32_t>(p[3]) << 24);
    crc = t[7][lo & 0xFF] ^ t[6][(lo >> 8) & 0xFF] ^ t[5][(lo >> 16) & 0xFF] ^ t[4][lo >> 24] ^ t[3][p[4]] ^
          t[2][p[5]] ^ t[1][p[6]] ^ t[0][p[7]];
    p += 8;
    n -= 8;
  }
  while (n--) crc = t[0][(crc ^ *p++) & 0xFF] ^ (crc >> 8);
  return ~crc;
}

std::optional<std::string> decimalText(std::string_view data, unsigned precision, unsigned scale) {
  if (precision == 0 || precision > 65 || scale > 30 || scale > precision) return std::nullopt;
  if (data.size() < decimalSize(precision, scale)) return std::nullopt;
  return std::string(decodeDecimal(data.data(), precision, scale).asString());
}

std::string Gtid::text() const {
  if (!mysqlSource.empty()) return mysqlSource + ":" + std::to_string(sequence);
  return std::to_string(domain) + "-" + std::to_string(serverId) + "-" + std::to_string(sequence);
}

Result<Value> decodeValue(std::uint8_t type, std::uint16_t meta, const ColumnInfo* column, std::string_view data,
                          std::size_t& used) {
  auto need = [&](std::size_t n) -> bool { return data.size() >= n; };
  auto truncated = [&]() {
    return makeError(ErrorCode::Invalid, "row image ends inside a value of column type " + std::to_string(type));
  };
  const char* p = data.data();
  bool isUnsigned = column && column->isUnsigned;
  switch (type) {
    case kTypeTiny:
    case kTypeShort:
    case kTypeInt24:
    case kTypeLong:
    case kTypeLongLong: {
      std::size_t n = type == kTypeTiny    ? 1
                      : type == kTypeShort ? 2
                      : type == kTypeInt24 ? 3
                      : type == kTypeLong  ? 4
                                           : 8;
      if (!need(n)) return truncated();
      used = n;
      std::uint64_t raw = leAt(p, n);
      return isUnsigned ? unsignedValue(raw) : signedValue(raw, n);
    }
    case kTypeFloat: {
      if (!need(4)) return truncated();
      used = 4;
      auto bits = static_cast<std::uint32_t>(leAt(p, 4));
      return floatValue(std::bit_cast<float>(bits));
    }
    case kTypeDouble: {
      if (!need(8)) return truncated();
      used = 8;
      return Value(std::bit_cast<double>(leAt(p, 8)));
    }
    case kTypeNull:
      used = 0;
      return Value();
    case kTypeYear: {
      if (!need(1)) return truncated();
      used = 1;
      auto y = static_cast<std::uint8_t>(p[0]);
      return Value(static_cast<std::int64_t>(y == 0 ? 0 : 1900 + y));
    }
    case kTypeDate:
    case kTypeNewDate: {
      if (!need(3)) return truncated();
      used = 3;
      auto v = static_cast<std::uint32_t>(leAt(p, 3));
      return dateText(v >> 9, (v >> 5) & 15, v & 31);
    }
    case kTypeTime: {  // before 5.6: HHMMSS as a signed 3-byte integer
      if (!need(3)) return truncated();
      used = 3;
      std::int64_t v = signedValue(leAt(p, 3), 3).asInt();
      bool negative = v < 0;
      if (negative) v = -v;
      return Value(timeText(negative, static_cast<std::uint64_t>(v / 10000), static_cast<unsigned>(v / 100 % 100),
                            static_cast<unsigned>(v % 100), 0, 0));
    }
    case kTypeTime2: {
      unsigned fsp = std::min<unsigned>(meta, 6);
      std::size_t n = 3 + fractionBytes(fsp);
      if (!need(n)) return truncated();
      used = n;
      return decodeTime2(p, fsp);
    }
    case kTypeTimestamp: {  // before 5.6: seconds, little-endian
      if (!need(4)) return truncated();
      used = 4;
      std::uint64_t s = leAt(p, 4);
      return s == 0 ? Value() : Value::timestampMicros(static_cast<std::int64_t>(s) * 1000000);
    }
    case kTypeTimestamp2: {
      unsigned fsp = std::min<unsigned>(meta, 6);
      std::size_t n = 4 + fractionBytes(fsp);
      if (!need(n)) return truncated();
      used = n;
      std::int64_t s = static_cast<std::int64_t>(be(p, 4));
      std::int64_t micros = fractionMicros(p + 4, fsp);
      if (s == 0 && micros == 0) return Value();  // '0000-00-00 00:00:00'
      return Value::timestampMicros(s * 1000000 + micros);
    }
    case kTypeDateTime: {  // before 5.6: YYYYMMDDhhmmss as an 8-byte integer
      if (!need(8)) return truncated();
      used = 8;
      std::uint64_t v = leAt(p, 8);
      std::uint64_t d = v / 1000000, t = v % 1000000;
      return civilTimestamp(static_cast<std::int64_t>(d / 10000), static_cast<unsigned>(d / 100 % 100),
                            static_cast<unsigned>(d % 100), static_cast<unsigned>(t / 10000),
                            static_cast<unsigned>(t / 100 % 100), static_cast<unsigned>(t % 100), 0);
    }
    case kTypeDateTime2: {
      unsigned fsp = std::min<unsigned>(meta, 6);
      std::size_t n = 5 + fractionBytes(fsp);
      if (!need(n)) return truncated();
      used = n;
      return decodeDateTime2(p, fsp);
    }
    case kTypeNewDecimal: {
      unsigned precision = meta >> 8, scale = meta & 0xFF;
      if (precision == 0 || precision > 65 || scale > 30 || scale > precision)
        return makeError(ErrorCode::Invalid, "DECIMAL(" + std::to_string(precision) + "," + std::to_string(scale) +
                                                 ") in the table map is not a valid decimal");
      std::size_t n = decimalSize(precision, scale);
      if (!need(n)) return truncated();
      used = n;
      return decodeDecimal(p, precision, scale);
    }
    case kTypeVarchar:
    case kTypeVarString: {
      std::size_t prefix = meta > 255 ? 2 : 1;
      if (!need(prefix)) return truncated();
      std::size_t len = leAt(p, prefix);
      if (!need(prefix + len)) return truncated();
      used = prefix + len;
      return textValue(column, data.substr(prefix, len));
    }
    case kTypeBit: {
      std::size_t bits = meta & 0xFF, bytes = meta >> 8;
      std::size_t n = bytes + (bits > 0 ? 1 : 0);
      if (n == 0 || n > 8) return makeError(ErrorCode::Invalid, "BIT column with " + std::to_string(n) + " bytes");
      if (!need(n)) return truncated();
      used = n;
      if (bytes == 0 && bits == 1) return Value((p[0] & 1) != 0);
      return Value::bytes(std::string(p, n));
    }
    case kTypeEnum:
    case kTypeSet:
    case kTypeString: {
      unsigned realType = type == kTypeString ? meta >> 8 : type;
      std::size_t len = type == kTypeString ? meta & 0xFF : meta & 0xFF;
      if (type == kTypeString && (realType & 0x30) != 0x30) {
        // CHAR longer than 255 bytes keeps two length bits in the type byte.
        len |= ((realType & 0x30) ^ 0x30) << 4;
        realType |= 0x30;
      }
      if (realType == kTypeEnum) {
        if (len != 1 && len != 2) return makeError(ErrorCode::Invalid, "ENUM column stored in " + std::to_string(len) + " bytes");
        if (!need(len)) return truncated();
        used = len;
        std::uint64_t index = leAt(p, len);
        if (index == 0) return Value("");  // the error value of an invalid ENUM insert
        if (column && index <= column->elements.size()) return Value(column->elements[index - 1]);
        return Value(std::to_string(index));
      }
      if (realType == kTypeSet) {
        if (len < 1 || len > 8) return makeError(ErrorCode::Invalid, "SET column stored in " + std::to_string(len) + " bytes");
        if (!need(len)) return truncated();
        used = len;
        return setText(leAt(p, len), column);
      }
      std::size_t prefix = len > 255 ? 2 : 1;
      if (!need(prefix)) return truncated();
      std::size_t n = leAt(p, prefix);
      if (!need(prefix + n)) return truncated();
      used = prefix + n;
      if (column && column->binary && n < len) {
        // BINARY(n) drops trailing zero bytes in the binlog; a SELECT shows them.
        std::string padded(data.substr(prefix, n));
        padded.resize(len, '\0');
        return Value::bytes(std::move(padded));
      }
      return textValue(column, data.substr(prefix, n));
    }
    case kTypeTinyBlob:
    case kTypeMediumBlob:
    case kTypeLongBlob:
    case kTypeBlob:
    case kTypeGeometry: {
      std::size_t prefix = meta;
      if (prefix < 1 || prefix > 4) return makeError(ErrorCode::Invalid, "BLOB with a " + std::to_string(prefix) + "-byte length");
      if (!need(prefix)) return truncated();
      std::size_t n = leAt(p, prefix);
      if (data.size() - prefix < n) return truncated();
      used = prefix + n;
      if (type == kTypeGeometry) return Value::bytes(std::string(data.substr(prefix, n)));
      return textValue(column, data.substr(prefix, n));
    }
    case kTypeJson: {
      // MySQL's binary JSON behind a BLOB-like length; given as JSON text, as a SELECT shows it.
      std::size_t prefix = meta;
      if (prefix < 1 || prefix > 4) return makeError(ErrorCode::Invalid, "JSON with a " + std::to_string(prefix) + "-byte length");
      if (!need(prefix)) return truncated();
      std::size_t n = leAt(p, prefix);
      if (data.size() - prefix < n) return truncated();
      used = prefix + n;
      auto text = mySqlJsonText(data.substr(prefix, n));
      if (!text) return text.error();
      return Value(std::move(*text));
    }
    default:
      return makeError(ErrorCode::Unsupported, "column type " + std::to_string(type) + " is not supported");
  }
}

Value mySqlTextValue(std::uint8_t type, bool isUnsigned, bool binary, std::uint32_t length, const ColumnInfo* column,
                     std::string_view text) {
  switch (type) {
    case kTypeTiny:
    case kTypeShort:
    case kTypeInt24:
    case kTypeLong:
    case kTypeLongLong:
    case kTypeYear: {
      if (isUnsigned) {
        std::uint64_t v = 0;
        std::from_chars(text.data(), text.data() + text.size(), v);
        return unsignedValue(v);
      }
      std::int64_t v = 0;
      std::from_chars(text.data(), text.data() + text.size(), v);
      return Value(v);
    }
    case kTypeDecimal:
    case kTypeNewDecimal:
      return Value::decimal(std::string(text));
    case kTypeFloat:
      return floatValue(std::strtof(std::string(text).c_str(), nullptr));
    case kTypeDouble:
      return Value(std::strtod(std::string(text).c_str(), nullptr));
    case kTypeDate:
    case kTypeNewDate:
      if (text == "0000-00-00") return Value();
      return Value(text);
    case kTypeTime:
    case kTypeTime2:
      return Value(text);
    case kTypeTimestamp:
    case kTypeTimestamp2:
    case kTypeDateTime:
    case kTypeDateTime2: {
      unsigned y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
      std::int64_t micros = 0;
      std::string t(text);
      if (std::sscanf(t.c_str(), "%u-%u-%u %u:%u:%u", &y, &mo, &d, &h, &mi, &s) < 3) return Value(text);
      if (auto dot = t.find('.'); dot != std::string::npos) {
        std::string frac = t.substr(dot + 1, 6);
        frac.resize(6, '0');
        micros = std::strtoll(frac.c_str(), nullptr, 10);
      }
      return civilTimestamp(y, mo, d, h, mi, s, micros);
    }
    case kTypeBit:
      if (length == 1) return Value(!text.empty() && (text.back() & 1) != 0);
      return Value::bytes(std::string(text));
    case kTypeGeometry:
      return Value::bytes(std::string(text));
    case kTypeJson:  // MySQL reports JSON with the binary character set; it is text
      return Value(text);
    default:
      if (binary) return Value::bytes(std::string(text));
      (void)column;
      return Value(text);
  }
}

BinlogDecoder::BinlogDecoder() = default;

void BinlogDecoder::setTableFilter(std::function<bool(std::string_view, std::string_view)> wantRows) {
  m_wantRows = std::move(wantRows);
}

const TableMap* BinlogDecoder::table(std::uint64_t tableId) const {
  auto it = m_tables.find(tableId);
  return it == m_tables.end() ? nullptr : it->second.get();
}

void BinlogDecoder::reset() {
  m_tables.clear();
  m_checksum = false;
  m_formatSeen = false;
}

std::size_t BinlogDecoder::postHeaderLength(std::uint8_t type, std::size_t fallback) const {
  if (type >= 1 && type <= m_postHeader.size()) return m_postHeader[type - 1];
  return fallback;
}

Result<Event> BinlogDecoder::decode(std::string_view bytes, SchemaLookup* schema) {
  if (bytes.size() < kHeaderSize)
    return makeError(ErrorCode::Invalid,
                     "binlog event of " + std::to_string(bytes.size()) + " bytes is shorter than its 19-byte header");
  Reader header(bytes);
  Event ev;
  ev.header.timestamp = static_cast<std::uint32_t>(header.le(4));
  ev.header.type = static_cast<std::uint8_t>(header.le(1));
  ev.header.serverId = static_cast<std::uint32_t>(header.le(4));
  ev.header.length = static_cast<std::uint32_t>(header.le(4));
  ev.header.nextPos = static_cast<std::uint32_t>(header.le(4));
  ev.header.flags = static_cast<std::uint16_t>(header.le(2));
  std::uint8_t type = ev.header.type;
  if (ev.header.length != bytes.size())
    return corrupt(type, "the header says " + std::to_string(ev.header.length) + " bytes, the event has " +
                             std::to_string(bytes.size()));
  std::string_view body = bytes.substr(kHeaderSize);

  if (type == kFormatDescriptionEvent) {
    if (Status s = decodeFormatDescription(body); !s) return s.error();
    m_formatSeen = true;
    if (m_checksum) {
      std::uint32_t stored = static_cast<std::uint32_t>(leAt(bytes.data() + bytes.size() - 4, 4));
      if (crc32(bytes.substr(0, bytes.size() - 4)) != stored) return corrupt(type, "CRC32 checksum mismatch");
    }
    m_tables.clear();
    return ev;
  }
  if (!m_formatSeen && !m_checksum && body.size() >= 4) {
    // Before the format description (the rotate a dump starts with) nothing says whether
    // events carry a CRC32; one whose last 4 bytes are the CRC of the rest does.
    std::uint32_t stored = static_cast<std::uint32_t>(leAt(bytes.data() + bytes.size() - 4, 4));
    if (crc32(bytes.substr(0, bytes.size() - 4)) == stored) body.remove_suffix(4);
  } else if (m_checksum && body.size() >= 4) {
    std::uint32_t stored = static_cast<std::uint32_t>(leAt(bytes.data() + bytes.size() - 4, 4));
    if (crc32(bytes.substr(0, bytes.size() - 4)) == stored) {
      body.remove_suffix(4);
    } else if (!(ev.header.flags & kArtificialFlag) && ev.header.timestamp != 0) {
      // Events the server makes up for a dump (the first rotate, heartbeats: artificial, time 0)
      // may come without a checksum; every real event has one.
      return corrupt(type, "CRC32 checksum mismatch (corrupt event or wrong position)");
    }
  }

  Reader r(body);
  switch (type) {
    case kRotateEvent: {
      std::size_t ph = postHeaderLength(type, 8);
      if (!r.need(ph) || ph < 8) return corrupt(type, "too short");
      std::uint64_t pos = r.le(8);
      r.skip(ph - 8);
      ev.rotate = std::make_pair(std::string(r.rest()), pos);
      return ev;
    }
    case kQueryEvent: {
      std::size_t ph = postHeaderLength(type, 13);
      if (ph < 13 || !r.need(ph)) return corrupt(type, "too short");
      r.skip(8);
      std::size_t dbLen = r.le(1);
      r.skip(2);
      std::size_t statusLen = r.le(2);
      r.skip(ph - 13);
      if (!r.need(statusLen + dbLen + 1)) return corrupt(type, "too short for its status block and database name");
      r.skip(statusLen);
      ev.queryDb = std::string(r.bytes(dbLen));
      r.skip(1);
      ev.query = std::string(r.rest());
      return ev;
    }
    case kXidEvent:
      if (!r.need(8)) return corrupt(type, "too short");
      ev.xid = r.le(8);
      return ev;
    case kGtidEvent: {
      if (!r.need(13)) return corrupt(type, "too short");
      Gtid g;
      g.sequence = r.le(8);
      g.domain = static_cast<std::uint32_t>(r.le(4));
      g.standalone = (r.le(1) & 0x01) != 0;
      g.serverId = ev.header.serverId;
      ev.gtid = g;
      return ev;
    }
    case kMySqlGtidEvent: {
      // commit flag (1), source server UUID (16), transaction number (8), then logical clocks.
      if (!r.need(25)) return corrupt(type, "too short");
      r.skip(1);
      std::string_view sid = r.bytes(16);
      static const char* kHex = "0123456789abcdef";
      Gtid g;
      for (std::size_t i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) g.mysqlSource.push_back('-');
        auto b = static_cast<std::uint8_t>(sid[i]);
        g.mysqlSource.push_back(kHex[b >> 4]);
        g.mysqlSource.push_back(kHex[b & 15]);
      }
      g.sequence = r.le(8);
      g.serverId = ev.header.serverId;
      ev.gtid = g;
      return ev;
    }
    case kTableMapEvent: {
      auto t = decodeTableMap(body);
      if (!t) return t.error();
      ev.tableMap = *t;
      return ev;
    }
    default:
      break;
  }
  if (isRowsEvent(type)) {
    auto rows = decodeRows(type, body, schema);
    if (!rows) return rows.error();
    ev.rows = std::move(*rows);
    return ev;
  }
  if (type >= kWriteRowsCompressedV1 && type <= kDeleteRowsCompressed)
    return corrupt(type, "compressed row events are not supported; set log_bin_compress=OFF on the server");
  return ev;  // an event the source does not need (GTID list, checkpoint, annotate, heartbeat, ...)
}

Status BinlogDecoder::decodeFormatDescription(std::string_view body) {
  // binlog version (2), server version (50), create time (4), header length (1),
  // post-header lengths (one per event type), checksum algorithm (1), CRC (4).
  constexpr std::size_t kFixed = 2 + 50 + 4 + 1;
  if (body.size() < kFixed + 5) return corrupt(kFormatDescriptionEvent, "too short");
  auto headerLen = static_cast<std::uint8_t>(body[56]);
  if (headerLen != kHeaderSize)
    return corrupt(kFormatDescriptionEvent, "event headers of " + std::to_string(headerLen) +
                                                " bytes are not supported (binlog format version 4 has 19)");
  auto alg = static_cast<std::uint8_t>(body[body.size() - 5]);
  m_checksum = alg == 1;
  std::string_view lengths = body.substr(kFixed, body.size() - kFixed - 5);
  m_postHeader.assign(lengths.begin(), lengths.end());
  return {};
}

Result<const TableMap*> BinlogDecoder::decodeTableMap(std::string_view body) {
  constexpr std::uint8_t type = kTableMapEvent;
  Reader r(body);
  std::size_t ph = postHeaderLength(type, 8);
  if (ph < 6 || !r.need(ph)) return corrupt(type, "too short");
  auto t = std::make_unique<TableMap>();
  t->tableId = ph == 6 ? r.le(4) : r.le(6);
  r.skip(ph == 6 ? 2 : ph - 6);
  if (!r.need(1)) return corrupt(type, "no database name");
  std::size_t dbLen = r.le(1);
  if (!r.need(dbLen + 2)) return corrupt(type, "database name runs past the event");
  t->db = std::string(r.bytes(dbLen));
  r.skip(1);
  std::size_t tableLen = r.le(1);
  if (!r.need(tableLen + 1)) return corrupt(type, "table name runs past the event");
  t->table = std::string(r.bytes(tableLen));
  r.skip(1);
  auto columns = r.packed();
  if (!columns || *columns > 4096 || !r.need(*columns))
    return corrupt(type, "bad column count for " + t->db + "." + t->table);
  std::size_t n = *columns;
  std::string_view types = r.bytes(n);
  t->types.assign(types.begin(), types.end());
  auto metaLen = r.packed();
  if (!metaLen || !r.need(*metaLen)) return corrupt(type, "metadata block runs past the event");
  Reader meta(r.bytes(*metaLen));
  t->meta.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    int bytes = metadataBytes(t->types[i]);
    if (!meta.need(static_cast<std::size_t>(bytes))) return corrupt(type, "metadata shorter than its column types");
    if (bytes == 1) {
      t->meta[i] = static_cast<std::uint16_t>(meta.le(1));
    } else if (bytes == 2) {
      std::uint8_t b0 = static_cast<std::uint8_t>(meta.le(1)), b1 = static_cast<std::uint8_t>(meta.le(1));
      std::uint8_t tp = t->types[i];
      // VARCHAR and BIT keep theirs little-endian; the others (type or precision first) big-endian.
      t->meta[i] = (tp == kTypeVarchar || tp == kTypeVarString || tp == kTypeBit)
                       ? static_cast<std::uint16_t>(b0 | (b1 << 8))
                       : static_cast<std::uint16_t>((b0 << 8) | b1);
    }
  }
  std::size_t bitmapBytes = (n + 7) / 8;
  if (!r.need(bitmapBytes)) return corrupt(type, "null bitmap runs past the event");
  std::string_view nulls = r.bytes(bitmapBytes);
  t->nullable.resize(n);
  for (std::size_t i = 0; i < n; ++i) t->nullable[i] = (static_cast<std::uint8_t>(nulls[i / 8]) >> (i % 8)) & 1;
  // Optional metadata (binlog_row_metadata=MINIMAL/FULL): type, length, value.
  while (r.left() > 0) {
    auto fieldType = static_cast<std::uint8_t>(r.le(1));
    auto len = r.packed();
    if (!len || !r.need(*len)) break;  // not trusted further; the names come from information_schema then
    Reader f(r.bytes(*len));
    if (fieldType == 1) {  // SIGNEDNESS: one bit per numeric column, most significant bit first
      t->unsignedFlags.assign(n, false);
      std::string_view bits = f.rest();
      std::size_t bit = 0;
      for (std::size_t i = 0; i < n; ++i) {
        if (!isNumeric(t->types[i])) continue;
        if (bit / 8 >= bits.size()) break;
        t->unsignedFlags[i] = (static_cast<std::uint8_t>(bits[bit / 8]) >> (7 - bit % 8)) & 1;
        ++bit;
      }
    } else if (fieldType == 4) {  // COLUMN_NAME: length-prefixed names
      std::vector<std::string> names;
      while (f.left() > 0 && names.size() < n) {
        auto nameLen = f.packed();
        if (!nameLen || !f.need(*nameLen)) break;
        names.emplace_back(f.bytes(*nameLen));
      }
      if (names.size() == n) t->names = std::move(names);
    }
  }
  auto& slot = m_tables[t->tableId];
  slot = std::move(t);
  return slot.get();
}

Result<Rows> BinlogDecoder::decodeRows(std::uint8_t type, std::string_view body, SchemaLookup* schema) {
  bool v2 = type >= kWriteRowsV2;
  Rows out;
  std::uint8_t base = v2 ? kWriteRowsV2 : kWriteRowsV1;
  out.kind = type == base ? RowsKind::Write : type == base + 1 ? RowsKind::Update : RowsKind::Delete;
  Reader r(body);
  std::size_t ph = postHeaderLength(type, v2 ? 10 : 8);
  if (ph < 6 || !r.need(ph)) return corrupt(type, "too short");
  out.tableId = ph == 6 ? r.le(4) : r.le(6);
  std::uint16_t flags = static_cast<std::uint16_t>(r.le(2));
  out.statementEnd = (flags & 0x01) != 0;
  std::size_t consumed = ph == 6 ? 6 : 8;
  if (v2) {
    if (!r.need(2)) return corrupt(type, "too short for its extra data length");
    std::size_t extra = r.le(2);
    consumed += 2;
    if (extra < 2 || !r.need(extra - 2)) return corrupt(type, "extra data runs past the event");
    r.skip(extra - 2);
  }
  if (ph > consumed && !v2) r.skip(ph - consumed);
  auto it = m_tables.find(out.tableId);
  if (it == m_tables.end())
    return corrupt(type, "no TABLE_MAP for table id " + std::to_string(out.tableId) +
                             " (the stream must start at a transaction boundary)");
  const TableMap& t = *it->second;
  out.table = &t;
  if (m_wantRows && !m_wantRows(t.db, t.table)) return out;

  auto columns = r.packed();
  if (!columns || *columns != t.types.size())
    return corrupt(type, "column count differs from the table map of " + t.db + "." + t.table);
  std::size_t n = *columns;
  std::size_t bitmapBytes = (n + 7) / 8;
  if (!r.need(bitmapBytes)) return corrupt(type, "column bitmap runs past the event");
  std::string_view present1 = r.bytes(bitmapBytes);
  std::string_view present2 = present1;
  if (out.kind == RowsKind::Update) {
    if (!r.need(bitmapBytes)) return corrupt(type, "second column bitmap runs past the event");
    present2 = r.bytes(bitmapBytes);
  }
  const std::vector<ColumnInfo>* info = schema ? schema->columns(t) : nullptr;
  if (info && info->size() != n) info = nullptr;
  std::vector<ColumnInfo> fromMap;  // signedness from the optional metadata when there is no schema
  if (!info && !t.unsignedFlags.empty()) {
    fromMap.resize(n);
    for (std::size_t i = 0; i < n; ++i) fromMap[i].isUnsigned = t.unsignedFlags[i];
    info = &fromMap;
  }
  auto bitSet = [](std::string_view bits, std::size_t i) {
    return (static_cast<std::uint8_t>(bits[i / 8]) >> (i % 8)) & 1;
  };
  auto readImage = [&](std::string_view present, std::vector<Value>& values) -> Status {
    std::size_t count = 0;
    for (std::size_t i = 0; i < n; ++i) count += bitSet(present, i);
    std::size_t nullBytes = (count + 7) / 8;
    if (!r.need(nullBytes)) return corrupt(type, "null bitmap runs past the event");
    std::string_view nulls = r.bytes(nullBytes);
    values.assign(n, Value());
    std::size_t k = 0;
    for (std::size_t i = 0; i < n; ++i) {
      if (!bitSet(present, i)) continue;
      bool isNull = bitSet(nulls, k++);
      if (isNull) continue;
      std::size_t used = 0;
      auto v = decodeValue(t.types[i], t.meta[i], info ? &(*info)[i] : nullptr, r.rest(), used);
      if (!v) {
        Error e = v.error();
        e.message = "binlog " + typeName(type) + " event, " + t.db + "." + t.table + " column " +
                    std::to_string(i + 1) + ": " + e.message;
        return e;
      }
      values[i] = std::move(*v);
      r.skip(used);
    }
    return {};
  };
  while (r.left() > 0) {
    std::size_t start = r.pos();
    RowChange change;
    if (out.kind == RowsKind::Write) {
      if (Status s = readImage(present1, change.after); !s) return s.error();
    } else {
      if (Status s = readImage(present1, change.before); !s) return s.error();
      if (out.kind == RowsKind::Update)
        if (Status s = readImage(present2, change.after); !s) return s.error();
    }
    // An image with no columns takes no bytes: it would repeat forever.
    if (r.pos() == start) return corrupt(type, "a row image with no columns");
    out.rows.push_back(std::move(change));
  }
  return out;
}

}  // namespace tributary::connectors::binlog
