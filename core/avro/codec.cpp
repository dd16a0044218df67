#include "core/avro/codec.h"

#include <avro.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "core/record/timestamp.h"

namespace tributary::avro {

using record::Value;
using record::ValueType;

namespace {

// Decimals of up to 38 digits are computed in 128-bit integers (GCC/Clang extension).
__extension__ typedef __int128 Int128;
__extension__ typedef unsigned __int128 UInt128;

Error fieldError(std::string message, const std::string& where) {
  return makeError(ErrorCode::Invalid, std::move(message), where);
}

std::string join(const std::string& path, std::string_view field) {
  return path.empty() ? std::string(field) : path + "." + std::string(field);
}

std::string avroError(const char* what) {
  return std::string(what) + ": " + avro_strerror();
}

// ---- logical types ----

// "-12.50" at `scale` -> unscaled integer; nullopt when not a decimal number,
// with more fraction digits than the scale (other than zeros), or beyond 128 bits.
std::optional<Int128> unscaledFromText(std::string_view text, int scale) {
  if (text.empty()) return std::nullopt;
  bool negative = false;
  std::size_t i = 0;
  if (text[0] == '-' || text[0] == '+') {
    negative = text[0] == '-';
    ++i;
  }
  const UInt128 limit = (static_cast<UInt128>(1) << 127) - (negative ? 0 : 1);
  UInt128 value = 0;
  int digits = 0, fraction = -1;
  auto push = [&](int digit) {
    if (value > (limit - static_cast<UInt128>(digit)) / 10) return false;
    value = value * 10 + static_cast<UInt128>(digit);
    return true;
  };
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (c == '.' && fraction < 0) {
      fraction = 0;
      continue;
    }
    if (c < '0' || c > '9') return std::nullopt;
    if (fraction >= 0) {
      if (fraction == scale) {
        if (c != '0') return std::nullopt;  // more fraction digits than the scale holds (and not zeros)
        continue;
      }
      ++fraction;
    }
    if (!push(c - '0')) return std::nullopt;
    ++digits;
  }
  if (digits == 0) return std::nullopt;
  for (int f = std::max(fraction, 0); f < scale; ++f)
    if (!push(0)) return std::nullopt;
  return negative ? static_cast<Int128>(-value) : static_cast<Int128>(value);
}

std::string textFromUnscaled(Int128 value, int scale) {
  bool negative = value < 0;
  UInt128 magnitude = negative ? -static_cast<UInt128>(value) : static_cast<UInt128>(value);
  std::string digits;
  do {
    digits.push_back(static_cast<char>('0' + static_cast<int>(magnitude % 10)));
    magnitude /= 10;
  } while (magnitude > 0);
  while (static_cast<int>(digits.size()) <= scale) digits.push_back('0');
  std::reverse(digits.begin(), digits.end());
  if (scale > 0) digits.insert(digits.size() - static_cast<std::size_t>(scale), 1, '.');
  return negative ? "-" + digits : digits;
}

// Big-endian two's complement in the fewest bytes (bytes) or exactly `size` bytes (fixed).
std::optional<std::string> twosComplement(Int128 value, int size) {
  std::string out;
  for (int i = 0; i < 16; ++i) out.insert(out.begin(), static_cast<char>(static_cast<unsigned char>(value >> (8 * i))));
  // Drop leading bytes that only repeat the sign.
  std::size_t start = 0;
  while (start + 1 < out.size()) {
    auto b = static_cast<unsigned char>(out[start]);
    auto next = static_cast<unsigned char>(out[start + 1]);
    if ((b == 0x00 && !(next & 0x80)) || (b == 0xFF && (next & 0x80)))
      ++start;
    else
      break;
  }
  out.erase(0, start);
  if (size > 0) {
    if (static_cast<int>(out.size()) > size) return std::nullopt;
    char fill = value < 0 ? static_cast<char>(0xFF) : '\0';
    out.insert(out.begin(), static_cast<std::size_t>(size) - out.size(), fill);
  }
  return out;
}

std::optional<Int128> fromTwosComplement(std::string_view bytes) {
  if (bytes.empty()) return static_cast<Int128>(0);
  if (bytes.size() > 16) {
    // Longer encodings are fine when the extra bytes are only sign extension.
    std::size_t extra = bytes.size() - 16;
    char sign = (static_cast<unsigned char>(bytes[extra]) & 0x80) ? static_cast<char>(0xFF) : '\0';
    for (std::size_t i = 0; i < extra; ++i)
      if (bytes[i] != sign) return std::nullopt;
    bytes.remove_prefix(extra);
  }
  UInt128 value = (static_cast<unsigned char>(bytes[0]) & 0x80) ? ~static_cast<UInt128>(0) : 0;
  for (char c : bytes) value = (value << 8) | static_cast<unsigned char>(c);
  return static_cast<Int128>(value);
}

std::string dateText(std::int64_t days) {
  std::string iso = record::formatIsoTimestamp(days * 86400LL * 1000000LL);
  return iso.substr(0, iso.find('T'));
}

std::string timeText(std::int64_t micros) {
  char buf[32];
  std::int64_t seconds = micros / 1000000;
  int frac = static_cast<int>(micros % 1000000);
  int n = std::snprintf(buf, sizeof buf, "%02d:%02d:%02d", static_cast<int>(seconds / 3600),
                        static_cast<int>(seconds / 60 % 60), static_cast<int>(seconds % 60));
  std::string out(buf, static_cast<std::size_t>(n));
  if (frac % 1000 == 0) {
    if (frac) {
      std::snprintf(buf, sizeof buf, ".%03d", frac / 1000);
      out += buf;
    }
  } else {
    std::snprintf(buf, sizeof buf, ".%06d", frac);
    out += buf;
  }
  return out;
}

// "HH:MM[:SS[.fraction]]" -> microseconds of the day.
std::optional<std::int64_t> parseTime(std::string_view text) {
  auto parsed = record::parseIsoTimestamp("1970-01-01T" + std::string(text));
  if (!parsed || *parsed < 0 || *parsed >= 86400LL * 1000000LL) return std::nullopt;
  return parsed;
}

// The Value of a raw (underlying type) Value under a logical type.
Result<Value> applyLogical(const Node& n, Value raw, const std::string& where) {
  switch (n.logical) {
    case LogicalType::None:
    case LogicalType::Uuid:
    case LogicalType::Duration: return raw;
    case LogicalType::Decimal: {
      auto unscaled = fromTwosComplement(raw.asString());
      if (!unscaled) return fieldError("a decimal of more than 38 digits cannot be read", where);
      return Value::decimal(textFromUnscaled(*unscaled, n.scale));
    }
    case LogicalType::Date:
      // Years 0000..9999 (ISO-8601 text without extensions).
      if (raw.asInt() < -719528 || raw.asInt() > 2932896)
        return fieldError("date " + std::to_string(raw.asInt()) + " (days since 1970) is out of range", where);
      return Value(dateText(raw.asInt()));
    case LogicalType::TimeMillis:
    case LogicalType::TimeMicros: {
      std::int64_t micros = n.logical == LogicalType::TimeMillis ? raw.asInt() * 1000 : raw.asInt();
      if (micros < 0 || micros >= 86400LL * 1000000LL)
        return fieldError("time of day " + std::to_string(raw.asInt()) + " is out of range", where);
      return Value(timeText(micros));
    }
    case LogicalType::TimestampMillis:
    case LogicalType::LocalTimestampMillis: {
      std::int64_t ms = raw.asInt();
      if (ms > std::numeric_limits<std::int64_t>::max() / 1000 || ms < std::numeric_limits<std::int64_t>::min() / 1000)
        return fieldError("timestamp-millis " + std::to_string(ms) + " is out of range", where);
      return Value::timestampMicros(ms * 1000);
    }
    case LogicalType::TimestampMicros:
    case LogicalType::LocalTimestampMicros: return Value::timestampMicros(raw.asInt());
  }
  return raw;
}

bool isTimestamp(LogicalType l) {
  return l == LogicalType::TimestampMillis || l == LogicalType::TimestampMicros ||
         l == LogicalType::LocalTimestampMillis || l == LogicalType::LocalTimestampMicros;
}
bool isMillis(LogicalType l) {
  return l == LogicalType::TimestampMillis || l == LogicalType::LocalTimestampMillis;
}

// How well a Value fits a union branch: 2 as is, 1 after a conversion, 0 not.
int fit(const Schema& schema, const Node& n, const Value& v) {
  const ValueType t = v.type();
  switch (n.type) {
    case Type::Null: return t == ValueType::Null ? 2 : 0;
    case Type::Boolean: return t == ValueType::Bool ? 2 : 0;
    case Type::Int:
      if (n.logical == LogicalType::Date || n.logical == LogicalType::TimeMillis)
        return t == ValueType::String ? 2 : (t == ValueType::Int || t == ValueType::Timestamp) ? 1 : 0;
      return t == ValueType::Int ? (v.asInt() >= INT32_MIN && v.asInt() <= INT32_MAX ? 2 : 0) : 0;
    case Type::Long:
      if (isTimestamp(n.logical)) return t == ValueType::Timestamp ? 2 : (t == ValueType::Int || t == ValueType::String) ? 1 : 0;
      if (n.logical == LogicalType::TimeMicros) return t == ValueType::String ? 2 : t == ValueType::Int ? 1 : 0;
      return t == ValueType::Int ? 2 : t == ValueType::Timestamp ? 1 : 0;
    case Type::Float:
    case Type::Double: return t == ValueType::Double ? 2 : (t == ValueType::Int || t == ValueType::Decimal) ? 1 : 0;
    case Type::String: return t == ValueType::String ? 2 : (t == ValueType::Decimal || t == ValueType::Timestamp) ? 1 : 0;
    case Type::Bytes:
      if (n.logical == LogicalType::Decimal)
        return t == ValueType::Decimal ? 2 : (t == ValueType::Int || t == ValueType::String) ? 1 : 0;
      return t == ValueType::Bytes ? 2 : t == ValueType::String ? 1 : 0;
    case Type::Fixed:
      if (n.logical == LogicalType::Decimal) return t == ValueType::Decimal ? 2 : t == ValueType::Int ? 1 : 0;
      return (t == ValueType::Bytes || t == ValueType::String) && v.asString().size() == static_cast<std::size_t>(n.size)
                 ? 2
                 : 0;
    case Type::Enum:
      if (t != ValueType::String) return 0;
      return std::find(n.symbols.begin(), n.symbols.end(), v.asString()) != n.symbols.end() ? 2 : 0;
    case Type::Array: return t == ValueType::Array ? 2 : 0;
    case Type::Map: return t == ValueType::Object ? 1 : 0;
    case Type::Record: {
      if (t != ValueType::Object) return 0;
      for (const Field& f : n.fields)
        if (!f.defaultValue && !v.find(f.name)) return 0;
      return 2;
    }
    case Type::Union: return 0;
  }
  (void)schema;
  return 0;
}

// Checks that `bytes` hold exactly one datum of the schema before Avro C reads
// them: Avro C trusts lengths and counts (a string length of 2^60 is an
// allocation of that size) and leaks what it allocated when a read fails
// halfway, so it only ever sees data that reads to the end.
class Validator {
 public:
  Validator(const Schema& schema, std::string_view bytes)
      : m_schema(schema),
        m_p(reinterpret_cast<const unsigned char*>(bytes.data())),
        m_end(m_p + bytes.size()),
        m_items(1000000 + bytes.size()) {}

  std::string check() {
    std::string why = datum(m_schema.rootIndex(), 0);
    if (why.empty() && m_p != m_end) why = "bytes are left over after the Avro datum (a different schema?)";
    return why;
  }

 private:
  const Schema& m_schema;
  const unsigned char* m_p;
  const unsigned char* m_end;
  std::size_t m_items;  // array/map items still allowed (items of zero bytes cost no input)

  bool varint(std::int64_t& out, int maxBytes) {
    std::uint64_t value = 0;
    for (int i = 0; i < maxBytes; ++i) {
      if (m_p == m_end) return false;
      unsigned char b = *m_p++;
      value |= static_cast<std::uint64_t>(b & 0x7F) << (7 * i);
      if (!(b & 0x80)) {
        out = static_cast<std::int64_t>(value >> 1) ^ -static_cast<std::int64_t>(value & 1);
        return true;
      }
    }
    return false;
  }
  bool take(std::uint64_t n) {
    if (n > static_cast<std::uint64_t>(m_end - m_p)) return false;
    m_p += n;
    return true;
  }

  std::string datum(int index, int depth) {
    if (depth > 200) return "the datum nests deeper than 200 levels";
    const Node& n = m_schema.node(index);
    std::int64_t x = 0;
    switch (n.type) {
      case Type::Null: return "";
      case Type::Boolean: return take(1) ? "" : "the data ends inside a boolean";
      case Type::Int:
        if (!varint(x, 5) || x < INT32_MIN || x > INT32_MAX) return "bad or cut int";
        return "";
      case Type::Long: return varint(x, 10) ? "" : "bad or cut long";
      case Type::Float: return take(4) ? "" : "the data ends inside a float";
      case Type::Double: return take(8) ? "" : "the data ends inside a double";
      case Type::String:
      case Type::Bytes:
        if (!varint(x, 10) || x < 0 || !take(static_cast<std::uint64_t>(x)))
          return std::string("bad or cut ") + (n.type == Type::String ? "string" : "bytes") + " length";
        return "";
      case Type::Fixed: return take(static_cast<std::uint64_t>(n.size)) ? "" : "the data ends inside a fixed";
      case Type::Enum:
        if (!varint(x, 5) || x < 0 || static_cast<std::size_t>(x) >= n.symbols.size())
          return "enum index out of range";
        return "";
      case Type::Union:
        if (!varint(x, 5) || x < 0 || static_cast<std::size_t>(x) >= n.branches.size())
          return "union branch out of range";
        return datum(n.branches[static_cast<std::size_t>(x)], depth + 1);
      case Type::Record:
        for (const Field& f : n.fields)
          if (std::string why = datum(f.type, depth + 1); !why.empty()) return why;
        return "";
      case Type::Array:
      case Type::Map:
        while (true) {
          std::int64_t count = 0;
          if (!varint(count, 10)) return "bad or cut block count";
          if (count == 0) return "";
          if (count < 0) {
            if (count == INT64_MIN) return "bad block count";
            count = -count;
            std::int64_t blockBytes = 0;
            if (!varint(blockBytes, 10) || blockBytes < 0) return "bad block size";
          }
          if (static_cast<std::uint64_t>(count) > m_items) return "more array or map items than the data can hold";
          m_items -= static_cast<std::size_t>(count);
          for (std::int64_t i = 0; i < count; ++i) {
            if (n.type == Type::Map && (!varint(x, 10) || x < 0 || !take(static_cast<std::uint64_t>(x))))
              return "bad or cut map key";
            if (std::string why = datum(n.items, depth + 1); !why.empty()) return why;
          }
        }
    }
    return "";
  }
};

}  // namespace

struct Codec::Impl {
  avro_schema_t avroSchema = nullptr;
  avro_value_iface_t* iface = nullptr;
  avro_value_t value{};
  bool hasValue = false;
  std::string buffer;

  ~Impl() {
    if (hasValue) avro_value_decref(&value);
    if (iface) avro_value_iface_decref(iface);
    if (avroSchema) avro_schema_decref(avroSchema);
  }

  // ---- Value -> Avro C value ----
  Status put(const Schema& s, int index, const Value& v, avro_value_t* out, const std::string& where) {
    const Node& n = s.node(index);
    const ValueType t = v.type();
    auto mismatch = [&](const std::string& expected) {
      return fieldError("expected " + expected + " for Avro " + std::string(toString(n.type)) +
                            (n.logical != LogicalType::None ? " (" + std::string(toString(n.logical)) + ")" : "") +
                            ", got " + std::string(record::toString(t)),
                        where.empty() ? "value" : where);
    };
    int rc = 0;
    switch (n.type) {
      case Type::Null:
        if (t != ValueType::Null) return mismatch("null");
        rc = avro_value_set_null(out);
        break;
      case Type::Boolean:
        if (t != ValueType::Bool) return mismatch("true or false");
        rc = avro_value_set_boolean(out, v.asBool() ? 1 : 0);
        break;
      case Type::Int: {
        std::int64_t x = 0;
        if (n.logical == LogicalType::Date && t == ValueType::String) {
          auto ts = record::parseIsoTimestamp(v.asString());
          if (!ts) return mismatch("a date (YYYY-MM-DD)");
          x = (*ts >= 0 ? *ts : *ts - 86400000000LL + 1) / 86400000000LL;
        } else if (n.logical == LogicalType::Date && t == ValueType::Timestamp) {
          std::int64_t us = v.asTimestampMicros();
          x = (us >= 0 ? us : us - 86400000000LL + 1) / 86400000000LL;
        } else if (n.logical == LogicalType::TimeMillis && t == ValueType::String) {
          auto us = parseTime(v.asString());
          if (!us) return mismatch("a time (HH:MM:SS.sss)");
          x = *us / 1000;
        } else if (t == ValueType::Int) {
          x = v.asInt();
        } else {
          return mismatch("an integer");
        }
        if (x < INT32_MIN || x > INT32_MAX) return fieldError(std::to_string(x) + " does not fit an Avro int", where);
        rc = avro_value_set_int(out, static_cast<std::int32_t>(x));
        break;
      }
      case Type::Long: {
        std::int64_t x = 0;
        if (isTimestamp(n.logical) && (t == ValueType::Timestamp || t == ValueType::String)) {
          std::int64_t us = 0;
          if (t == ValueType::String) {
            auto ts = record::parseIsoTimestamp(v.asString());
            if (!ts) return mismatch("an ISO-8601 timestamp");
            us = *ts;
          } else {
            us = v.asTimestampMicros();
          }
          x = isMillis(n.logical) ? (us >= 0 ? us / 1000 : (us - 999) / 1000) : us;
        } else if (n.logical == LogicalType::TimeMicros && t == ValueType::String) {
          auto us = parseTime(v.asString());
          if (!us) return mismatch("a time (HH:MM:SS.ssssss)");
          x = *us;
        } else if (t == ValueType::Int) {
          x = v.asInt();
        } else if (t == ValueType::Timestamp) {
          x = v.asTimestampMicros();
        } else {
          return mismatch("an integer");
        }
        rc = avro_value_set_long(out, x);
        break;
      }
      case Type::Float:
      case Type::Double: {
        double x = 0;
        if (t == ValueType::Double || t == ValueType::Int || t == ValueType::Decimal)
          x = v.asDouble();
        else
          return mismatch("a number");
        rc = n.type == Type::Float ? avro_value_set_float(out, static_cast<float>(x)) : avro_value_set_double(out, x);
        break;
      }
      case Type::String: {
        std::string text;
        std::string_view view;
        if (t == ValueType::String || t == ValueType::Decimal) {
          view = v.asString();
        } else if (t == ValueType::Timestamp) {
          text = record::formatIsoTimestamp(v.asTimestampMicros());
          view = text;
        } else {
          return mismatch("a string");
        }
        // Avro C copies size-1 bytes (the size counts a terminating NUL).
        text.assign(view.data(), view.size());
        rc = avro_value_set_string_len(out, text.c_str(), text.size() + 1);
        break;
      }
      case Type::Bytes:
      case Type::Fixed: {
        std::string data;
        if (n.logical == LogicalType::Decimal) {
          std::optional<Int128> unscaled;
          if (t == ValueType::Decimal || t == ValueType::String)
            unscaled = unscaledFromText(v.asString(), n.scale);
          else if (t == ValueType::Int)
            unscaled = unscaledFromText(std::to_string(v.asInt()), n.scale);
          else
            return mismatch("a decimal");
          if (!unscaled)
            return fieldError("'" + std::string(t == ValueType::Int ? std::to_string(v.asInt()) : v.asString()) +
                                  "' is not a decimal with at most " + std::to_string(n.scale) +
                                  " fraction digits that fits 128 bits",
                              where);
          auto encoded = twosComplement(*unscaled, n.type == Type::Fixed ? n.size : 0);
          if (!encoded) return fieldError("the decimal does not fit " + std::to_string(n.size) + " bytes", where);
          data = std::move(*encoded);
        } else if (t == ValueType::Bytes || t == ValueType::String) {
          data.assign(v.asString());
        } else {
          return mismatch("bytes");
        }
        if (n.type == Type::Fixed) {
          if (data.size() != static_cast<std::size_t>(n.size))
            return fieldError("expected " + std::to_string(n.size) + " bytes for fixed " + n.fullName + ", got " +
                                  std::to_string(data.size()),
                              where);
          rc = avro_value_set_fixed(out, data.data(), data.size());
        } else {
          rc = avro_value_set_bytes(out, data.data(), data.size());
        }
        break;
      }
      case Type::Enum: {
        if (t != ValueType::String) return mismatch("an enum symbol (string)");
        auto it = std::find(n.symbols.begin(), n.symbols.end(), v.asString());
        if (it == n.symbols.end())
          return fieldError("'" + std::string(v.asString()) + "' is not a symbol of enum " + n.fullName, where);
        rc = avro_value_set_enum(out, static_cast<int>(it - n.symbols.begin()));
        break;
      }
      case Type::Array: {
        if (t != ValueType::Array) return mismatch("an array");
        const auto& items = v.asArray();
        for (std::size_t i = 0; i < items.size(); ++i) {
          avro_value_t child;
          if (avro_value_append(out, &child, nullptr)) return makeError(ErrorCode::Internal, avroError("array"), where);
          if (Status st = put(s, n.items, items[i], &child, where + "[" + std::to_string(i) + "]"); !st) return st;
        }
        break;
      }
      case Type::Map: {
        if (t != ValueType::Object) return mismatch("an object (map)");
        for (const auto& [key, item] : v.asObject()) {
          avro_value_t child;
          int isNew = 0;
          if (avro_value_add(out, key.c_str(), &child, nullptr, &isNew))
            return makeError(ErrorCode::Internal, avroError("map"), where);
          if (Status st = put(s, n.items, item, &child, join(where, key)); !st) return st;
        }
        break;
      }
      case Type::Record: {
        if (t != ValueType::Object) return mismatch("an object (record " + n.fullName + ")");
        for (std::size_t i = 0; i < n.fields.size(); ++i) {
          const Field& f = n.fields[i];
          avro_value_t child;
          if (avro_value_get_by_index(out, i, &child, nullptr))
            return makeError(ErrorCode::Internal, avroError("record"), where);
          const Value* given = v.find(f.name);
          std::string at = join(where, f.name);
          if (!given) {
            if (!f.defaultValue) return fieldError("field '" + f.name + "' is missing and has no default", at);
            auto fallback = defaultValue(s, f.type, *f.defaultValue);
            if (!fallback) return fallback.error();
            if (Status st = put(s, f.type, *fallback, &child, at); !st) return st;
            continue;
          }
          if (Status st = put(s, f.type, *given, &child, at); !st) return st;
        }
        break;
      }
      case Type::Union: {
        int best = -1, bestFit = 0;
        for (std::size_t b = 0; b < n.branches.size(); ++b) {
          int f = fit(s, s.node(n.branches[b]), v);
          if (f > bestFit) {
            best = static_cast<int>(b);
            bestFit = f;
            if (f == 2) break;
          }
        }
        if (best < 0) {
          std::string names;
          for (int b : n.branches) names += (names.empty() ? "" : ", ") + std::string(toString(s.node(b).type));
          return fieldError("a " + std::string(record::toString(t)) + " matches no branch of the union [" + names + "]",
                            where.empty() ? "value" : where);
        }
        avro_value_t branch;
        if (avro_value_set_branch(out, best, &branch)) return makeError(ErrorCode::Internal, avroError("union"), where);
        return put(s, n.branches[static_cast<std::size_t>(best)], v, &branch, where);
      }
    }
    if (rc) return makeError(ErrorCode::Internal, avroError("setting a value"), where);
    return {};
  }

  // ---- Avro C value -> Value, optionally resolved against a reader schema ----
  Result<Value> get(const Schema& ws, int wi, avro_value_t* in, const Schema* rs, int ri, const std::string& where) {
    const Node& w = ws.node(wi);
    if (w.type == Type::Union) {
      int discriminant = 0;
      avro_value_t branch;
      if (avro_value_get_discriminant(in, &discriminant) || avro_value_get_current_branch(in, &branch) ||
          discriminant < 0 || static_cast<std::size_t>(discriminant) >= w.branches.size())
        return fieldError("bad union branch", where);
      return get(ws, w.branches[static_cast<std::size_t>(discriminant)], &branch, rs, ri, where);
    }
    if (rs && rs->node(ri).type == Type::Union) {
      const Node& r = rs->node(ri);
      int pick = -1;
      for (std::size_t b = 0; b < r.branches.size() && pick < 0; ++b)
        if (readable(*rs, r.branches[b], ws, wi)) pick = static_cast<int>(b);
      if (pick < 0)
        return fieldError("the reader's union has no branch for the writer's " + std::string(toString(w.type)), where);
      return get(ws, wi, in, rs, r.branches[static_cast<std::size_t>(pick)], where);
    }
    const Node* r = rs ? &rs->node(ri) : nullptr;
    if (r && !readable(*rs, ri, ws, wi))
      return fieldError("the reader's " + std::string(toString(r->type)) + " cannot read the writer's " +
                            std::string(toString(w.type)),
                        where);
    const Node& logicalNode = r ? *r : w;
    Value raw;
    switch (w.type) {
      case Type::Null: break;
      case Type::Boolean: {
        int b = 0;
        avro_value_get_boolean(in, &b);
        raw = Value(b != 0);
        break;
      }
      case Type::Int: {
        std::int32_t x = 0;
        avro_value_get_int(in, &x);
        raw = r && (r->type == Type::Float || r->type == Type::Double) ? Value(static_cast<double>(x))
                                                                       : Value(static_cast<std::int64_t>(x));
        break;
      }
      case Type::Long: {
        std::int64_t x = 0;
        avro_value_get_long(in, &x);
        raw = r && (r->type == Type::Float || r->type == Type::Double) ? Value(static_cast<double>(x)) : Value(x);
        break;
      }
      case Type::Float: {
        float x = 0;
        avro_value_get_float(in, &x);
        raw = Value(static_cast<double>(x));
        break;
      }
      case Type::Double: {
        double x = 0;
        avro_value_get_double(in, &x);
        raw = Value(x);
        break;
      }
      case Type::String:
      case Type::Bytes: {
        const void* data = nullptr;
        std::size_t size = 0;
        if (w.type == Type::String) {
          const char* text = nullptr;
          avro_value_get_string(in, &text, &size);
          data = text;
          if (size > 0) --size;  // Avro C counts the terminating NUL
        } else {
          avro_value_get_bytes(in, &data, &size);
        }
        std::string_view bytes(static_cast<const char*>(data), size);
        Type as = r ? r->type : w.type;
        raw = as == Type::String ? Value(bytes) : Value::bytes(std::string(bytes));
        break;
      }
      case Type::Fixed: {
        const void* data = nullptr;
        std::size_t size = 0;
        avro_value_get_fixed(in, &data, &size);
        raw = Value::bytes(std::string(static_cast<const char*>(data), size));
        break;
      }
      case Type::Enum: {
        int symbol = 0;
        avro_value_get_enum(in, &symbol);
        if (symbol < 0 || static_cast<std::size_t>(symbol) >= w.symbols.size())
          return fieldError("enum index " + std::to_string(symbol) + " is out of range", where);
        const std::string& name = w.symbols[static_cast<std::size_t>(symbol)];
        if (r && std::find(r->symbols.begin(), r->symbols.end(), name) == r->symbols.end()) {
          if (!r->enumDefault)
            return fieldError("symbol '" + name + "' is not in the reader's enum " + r->fullName, where);
          raw = Value(*r->enumDefault);
        } else {
          raw = Value(name);
        }
        break;
      }
      case Type::Array: {
        std::size_t size = 0;
        avro_value_get_size(in, &size);
        raw = Value::makeArray(size);
        for (std::size_t i = 0; i < size; ++i) {
          avro_value_t child;
          avro_value_get_by_index(in, i, &child, nullptr);
          auto item = get(ws, w.items, &child, rs, r ? r->items : -1, where + "[" + std::to_string(i) + "]");
          if (!item) return item;
          raw.asArray().push_back(std::move(*item));
        }
        break;
      }
      case Type::Map: {
        std::size_t size = 0;
        avro_value_get_size(in, &size);
        raw = Value::makeObject(size);
        for (std::size_t i = 0; i < size; ++i) {
          avro_value_t child;
          const char* key = nullptr;
          avro_value_get_by_index(in, i, &child, &key);
          auto item = get(ws, w.items, &child, rs, r ? r->items : -1, join(where, key ? key : ""));
          if (!item) return item;
          raw.append(key ? key : "", std::move(*item));
        }
        break;
      }
      case Type::Record: {
        if (!r) {
          raw = Value::makeObject(w.fields.size());
          for (std::size_t i = 0; i < w.fields.size(); ++i) {
            avro_value_t child;
            avro_value_get_by_index(in, i, &child, nullptr);
            auto item = get(ws, w.fields[i].type, &child, nullptr, -1, join(where, w.fields[i].name));
            if (!item) return item;
            raw.append(w.fields[i].name, std::move(*item));
          }
          break;
        }
        raw = Value::makeObject(r->fields.size());
        for (const Field& rf : r->fields) {
          std::size_t found = w.fields.size();
          for (std::size_t i = 0; i < w.fields.size() && found == w.fields.size(); ++i)
            if (w.fields[i].name == rf.name) found = i;
          for (const auto& alias : rf.aliases)
            for (std::size_t i = 0; i < w.fields.size() && found == w.fields.size(); ++i)
              if (w.fields[i].name == alias) found = i;
          if (found == w.fields.size()) {
            if (!rf.defaultValue)
              return fieldError("the reader's field '" + rf.name + "' is not written and has no default", where);
            auto fallback = defaultValue(*rs, rf.type, *rf.defaultValue);
            if (!fallback) return fallback;
            raw.append(rf.name, std::move(*fallback));
            continue;
          }
          avro_value_t child;
          avro_value_get_by_index(in, found, &child, nullptr);
          auto item = get(ws, w.fields[found].type, &child, rs, rf.type, join(where, rf.name));
          if (!item) return item;
          raw.append(rf.name, std::move(*item));
        }
        return raw;  // records carry no logical type
      }
      case Type::Union: break;  // handled above
    }
    if (logicalNode.logical != LogicalType::None && raw.type() != ValueType::Null) {
      // The logical type applies to the underlying type it was declared on.
      bool underlyingMatches = (logicalNode.type == Type::Int || logicalNode.type == Type::Long)
                                   ? raw.type() == ValueType::Int
                               : (logicalNode.type == Type::Bytes || logicalNode.type == Type::Fixed ||
                                  logicalNode.type == Type::String)
                                   ? (raw.type() == ValueType::Bytes || raw.type() == ValueType::String)
                                   : false;
      if (underlyingMatches) return applyLogical(logicalNode, std::move(raw), where);
    }
    return raw;
  }

  // Whether reader node `ri` reads writer node `wi` at the top (names, types, promotions).
  static bool readable(const Schema& rs, int ri, const Schema& ws, int wi) {
    const Node& r = rs.node(ri);
    const Node& w = ws.node(wi);
    if (w.type == Type::Union) return true;  // decided per datum, by the branch written
    if (r.type == w.type) {
      if (!isNamed(r.type)) return true;
      return r.name() == w.name() || std::find(r.aliases.begin(), r.aliases.end(), w.fullName) != r.aliases.end();
    }
    switch (r.type) {
      case Type::Long: return w.type == Type::Int;
      case Type::Float: return w.type == Type::Int || w.type == Type::Long;
      case Type::Double: return w.type == Type::Int || w.type == Type::Long || w.type == Type::Float;
      case Type::Bytes: return w.type == Type::String;
      case Type::String: return w.type == Type::Bytes;
      case Type::Union:
        for (int b : r.branches)
          if (readable(rs, b, ws, wi)) return true;
        return false;
      default: return false;
    }
  }
};

Codec::Codec(std::unique_ptr<Impl> impl, std::shared_ptr<const Schema> schema)
    : m_impl(std::move(impl)), m_schema(std::move(schema)) {}

Codec::~Codec() = default;

Result<std::unique_ptr<Codec>> Codec::create(std::shared_ptr<const Schema> schema) {
  auto impl = std::make_unique<Impl>();
  const std::string& text = schema->text();
  if (avro_schema_from_json_length(text.data(), text.size(), &impl->avroSchema))
    return makeError(ErrorCode::Invalid, avroError("Avro C does not accept the schema"));
  impl->iface = avro_generic_class_from_schema(impl->avroSchema);
  if (!impl->iface) return makeError(ErrorCode::Invalid, avroError("Avro C cannot build values of the schema"));
  if (avro_generic_value_new(impl->iface, &impl->value))
    return makeError(ErrorCode::Internal, avroError("Avro C cannot make a value"));
  impl->hasValue = true;
  return std::unique_ptr<Codec>(new Codec(std::move(impl), std::move(schema)));
}

Status Codec::encode(const Value& value, std::string& out) {
  Impl& impl = *m_impl;
  avro_value_reset(&impl.value);
  if (Status s = impl.put(*m_schema, m_schema->rootIndex(), value, &impl.value, ""); !s) return s;
  std::size_t size = 0;
  if (avro_value_sizeof(&impl.value, &size)) return makeError(ErrorCode::Internal, avroError("sizing a datum"));
  const std::size_t start = out.size();
  out.resize(start + size);
  avro_writer_t writer = avro_writer_memory(out.data() + start, static_cast<int64_t>(size));
  int rc = avro_value_write(writer, &impl.value);
  avro_writer_free(writer);
  if (rc) {
    out.resize(start);
    return makeError(ErrorCode::Internal, avroError("writing a datum"));
  }
  return {};
}

Result<Value> Codec::decode(std::string_view bytes, const Schema* reader) {
  Impl& impl = *m_impl;
  if (std::string why = Validator(*m_schema, bytes).check(); !why.empty())
    return makeError(ErrorCode::Invalid, "not Avro data of this schema: " + why);
  avro_value_reset(&impl.value);
  avro_reader_t in = avro_reader_memory(bytes.data(), static_cast<int64_t>(bytes.size()));
  int rc = avro_value_read(in, &impl.value);
  // A memory reader has no "at end" test: reading one more byte must fail.
  char extra = 0;
  bool atEnd = rc == 0 && avro_read(in, &extra, 1) != 0;
  avro_reader_free(in);
  if (rc) return makeError(ErrorCode::Invalid, avroError("not Avro data of this schema"));
  if (!atEnd) return makeError(ErrorCode::Invalid, "bytes are left over after the Avro datum (a different schema?)");
  return impl.get(*m_schema, m_schema->rootIndex(), &impl.value, reader, reader ? reader->rootIndex() : -1, "");
}

Result<Value> defaultValue(const Schema& schema, int index, const nlohmann::json& j) {
  const Node& n = schema.node(index);
  Value raw;
  switch (n.type) {
    case Type::Null: break;
    case Type::Boolean: raw = Value(j.get<bool>()); break;
    case Type::Int:
    case Type::Long: raw = Value(j.get<std::int64_t>()); break;
    case Type::Float:
    case Type::Double: raw = Value(j.get<double>()); break;
    case Type::String:
    case Type::Enum: raw = Value(j.get<std::string>()); break;
    case Type::Bytes:
    case Type::Fixed: {
      // JSON defaults of bytes are strings of code points 0-255 (checked when parsed).
      const std::string& text = j.get_ref<const std::string&>();
      std::string data;
      for (std::size_t i = 0; i < text.size(); ++i) {
        auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
          data.push_back(static_cast<char>(c));
        } else {
          data.push_back(static_cast<char>(((c & 0x03) << 6) | (static_cast<unsigned char>(text[i + 1]) & 0x3F)));
          ++i;
        }
      }
      raw = Value::bytes(std::move(data));
      break;
    }
    case Type::Array: {
      raw = Value::makeArray(j.size());
      for (const auto& item : j) {
        auto v = defaultValue(schema, n.items, item);
        if (!v) return v;
        raw.asArray().push_back(std::move(*v));
      }
      return raw;
    }
    case Type::Map: {
      raw = Value::makeObject(j.size());
      for (auto it = j.begin(); it != j.end(); ++it) {
        auto v = defaultValue(schema, n.items, it.value());
        if (!v) return v;
        raw.append(it.key(), std::move(*v));
      }
      return raw;
    }
    case Type::Record: {
      raw = Value::makeObject(n.fields.size());
      for (const Field& f : n.fields) {
        auto it = j.find(f.name);
        const nlohmann::json* source = it != j.end() ? &*it : (f.defaultValue ? &*f.defaultValue : nullptr);
        if (!source) return fieldError("the default has no value for field '" + f.name + "'", n.fullName);
        auto v = defaultValue(schema, f.type, *source);
        if (!v) return v;
        raw.append(f.name, std::move(*v));
      }
      return raw;
    }
    case Type::Union: return defaultValue(schema, n.branches.front(), j);
  }
  if (n.logical != LogicalType::None && raw.type() != ValueType::Null) return applyLogical(n, std::move(raw), "default");
  return raw;
}

void appendConfluentHeader(std::int32_t schemaId, std::string& out) {
  auto id = static_cast<std::uint32_t>(schemaId);
  out.push_back('\0');
  out.push_back(static_cast<char>(id >> 24));
  out.push_back(static_cast<char>(id >> 16));
  out.push_back(static_cast<char>(id >> 8));
  out.push_back(static_cast<char>(id));
}

std::optional<std::pair<std::int32_t, std::string_view>> parseConfluentFrame(std::string_view message) {
  if (message.size() < kConfluentHeaderSize || message[0] != '\0') return std::nullopt;
  std::uint32_t id = 0;
  for (std::size_t i = 1; i < kConfluentHeaderSize; ++i) id = (id << 8) | static_cast<unsigned char>(message[i]);
  return std::pair{static_cast<std::int32_t>(id), message.substr(kConfluentHeaderSize)};
}

}  // namespace tributary::avro
