// Value operations shared by the operators (eval.cpp) and the functions
// (functions.cpp): numbers, text, comparison, LIKE and casts, plus the
// evaluation context's error path.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>

#include "core/expr/nodes.h"
#include "core/record/json.h"
#include "core/record/timestamp.h"

namespace tributary::expr {

const Value& nullValue() {
  static const Value kNull;
  return kNull;
}

const Value& EvalContext::fail(const Node& where, std::string message) {
  if (error->message.empty()) {
    error->code = ErrorCode::Invalid;
    error->message = std::move(message) + " in '" + where.snippet + "' at " +
                     (where.line > 1 ? "line " + std::to_string(where.line) + ", " : std::string()) + "column " +
                     std::to_string(where.column);
  }
  return nullValue();
}

// ------------------------------------------------------------------ helpers

bool toNumber(const Value& v, double& out) {
  switch (v.type()) {
    case ValueType::Int:
      out = static_cast<double>(v.asInt());
      return true;
    case ValueType::Double:
      out = v.asDouble();
      return true;
    case ValueType::Decimal:
      out = v.asDouble();
      return true;
    default:
      return false;
  }
}

std::string describe(const Value& v) {
  std::string out(record::toString(v.type()));
  if (v.isNull()) return out;
  out.push_back(' ');
  std::string text;
  if (v.type() == ValueType::String) {
    text = "'" + std::string(v.asString()) + "'";
  } else {
    text = record::toJson(v);
  }
  if (text.size() > 40) text = text.substr(0, 37) + "...";
  return out + text;
}

void appendText(const Value& v, std::string& out) {
  switch (v.type()) {
    case ValueType::Null:
      break;
    case ValueType::String:
    case ValueType::Decimal:
      out.append(v.asString());
      break;
    case ValueType::Bool:
      out.append(v.asBool() ? "true" : "false");
      break;
    case ValueType::Timestamp:
      record::appendIsoTimestamp(v.asTimestampMicros(), out);
      break;
    case ValueType::Bytes:
      record::appendBase64(v.asString(), out);
      break;
    case ValueType::Double:
      if (std::isnan(v.asDouble())) {
        out.append("NaN");
      } else if (std::isinf(v.asDouble())) {
        out.append(v.asDouble() > 0 ? "Infinity" : "-Infinity");
      } else {
        record::appendJson(v, out);
      }
      break;
    default:
      record::appendJson(v, out);
      break;
  }
}

bool toTimestampMicros(const Value& v, std::int64_t& out) {
  switch (v.type()) {
    case ValueType::Timestamp:
      out = v.asTimestampMicros();
      return true;
    case ValueType::Int:
      if (v.asInt() > std::numeric_limits<std::int64_t>::max() / 1000 ||
          v.asInt() < std::numeric_limits<std::int64_t>::min() / 1000) {
        return false;
      }
      out = v.asInt() * 1000;  // epoch milliseconds
      return true;
    case ValueType::Double: {
      double micros = v.asDouble() * 1000.0;
      if (!std::isfinite(micros) || std::fabs(micros) > 9.2e18) return false;
      out = static_cast<std::int64_t>(micros);
      return true;
    }
    case ValueType::String: {
      auto parsed = record::parseIsoTimestamp(v.asString());
      if (!parsed) return false;
      out = *parsed;
      return true;
    }
    default:
      return false;
  }
}

bool compareValues(const Value& a, const Value& b, int& result) {
  const ValueType ta = a.type(), tb = b.type();
  if (ta == ValueType::Int && tb == ValueType::Int) {
    result = a.asInt() < b.asInt() ? -1 : a.asInt() > b.asInt() ? 1 : 0;
    return true;
  }
  if (ta == ValueType::String && tb == ValueType::String) {
    int c = a.asString().compare(b.asString());
    result = c < 0 ? -1 : c > 0 ? 1 : 0;
    return true;
  }
  if (a.isNumber() && b.isNumber()) {
    if (ta == ValueType::Decimal && tb == ValueType::Decimal && a.asString() == b.asString()) {
      result = 0;
      return true;
    }
    double x = 0, y = 0;
    toNumber(a, x);
    toNumber(b, y);
    if (std::isnan(x) || std::isnan(y)) {
      // NaN sorts above every number and equals itself (as in PostgreSQL).
      result = std::isnan(x) ? (std::isnan(y) ? 0 : 1) : -1;
      return true;
    }
    result = x < y ? -1 : x > y ? 1 : 0;
    return true;
  }
  if (ta == ValueType::Bool && tb == ValueType::Bool) {
    result = static_cast<int>(a.asBool()) - static_cast<int>(b.asBool());
    return true;
  }
  if (ta == ValueType::Timestamp || tb == ValueType::Timestamp) {
    std::int64_t x = 0, y = 0;
    if (ta != tb &&
        (ta == ValueType::Int || tb == ValueType::Int || ta == ValueType::Double || tb == ValueType::Double)) {
      // timestamp vs epoch milliseconds
      if (!toTimestampMicros(a, x) || !toTimestampMicros(b, y)) return false;
    } else if (!toTimestampMicros(a, x) || !toTimestampMicros(b, y)) {
      return false;
    }
    result = x < y ? -1 : x > y ? 1 : 0;
    return true;
  }
  if (ta == ValueType::Bytes && tb == ValueType::Bytes) {
    int c = a.asString().compare(b.asString());
    result = c < 0 ? -1 : c > 0 ? 1 : 0;
    return true;
  }
  return false;
}

namespace {
std::size_t utf8Length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead >> 5) == 0x6) return 2;
  if ((lead >> 4) == 0xE) return 3;
  if ((lead >> 3) == 0x1E) return 4;
  return 1;
}
}  // namespace

// '%' any sequence, '_' one character (UTF-8 aware), '\' escapes the next character.
// Iterative with one backtrack point: O(text * pattern) at worst.
bool likeMatch(std::string_view text, std::string_view pattern) {
  std::size_t t = 0, p = 0;
  std::size_t starP = std::string_view::npos, starT = 0;
  while (t < text.size()) {
    if (p < pattern.size()) {
      char pc = pattern[p];
      if (pc == '%') {
        starP = ++p;
        starT = t;
        continue;
      }
      if (pc == '_') {
        t += utf8Length(static_cast<unsigned char>(text[t]));
        ++p;
        continue;
      }
      if (pc == '\\' && p + 1 < pattern.size()) {
        if (text[t] == pattern[p + 1]) {
          ++t;
          p += 2;
          continue;
        }
      } else if (pc == text[t]) {
        ++t;
        ++p;
        continue;
      }
    }
    if (starP == std::string_view::npos) return false;
    p = starP;
    starT += utf8Length(static_cast<unsigned char>(text[starT]));
    t = starT;
  }
  while (p < pattern.size() && pattern[p] == '%') ++p;
  return p == pattern.size();
}

namespace {

std::string_view trimSpaces(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' || s.front() == '\r'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

bool parseDouble(std::string_view s, double& out) {
  s = trimSpaces(s);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  if (s.empty()) return false;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && ptr == s.data() + s.size();
}

// Fixed-point text of a double with the fewest digits that round-trip.
std::string fixedText(double d) {
  char buf[400];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::fixed);
  if (ec != std::errc()) return std::to_string(d);
  return std::string(buf, end);
}

// Normalises decimal text ("+1.50", "  2 ", "1e3") to plain digits; false if not a number.
bool normalizeDecimal(std::string_view s, std::string& out) {
  s = trimSpaces(s);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  bool neg = !s.empty() && s.front() == '-';
  std::string_view body = neg ? s.substr(1) : s;
  if (body.empty()) return false;
  bool sawDigit = false, sawDot = false;
  for (char c : body) {
    if (c >= '0' && c <= '9') {
      sawDigit = true;
    } else if (c == '.' && !sawDot) {
      sawDot = true;
    } else if (c == 'e' || c == 'E') {
      double d = 0;
      if (!parseDouble(s, d) || !std::isfinite(d)) return false;
      out = fixedText(d);
      return true;
    } else {
      return false;
    }
  }
  if (!sawDigit) return false;
  std::string digits(body);
  if (digits.front() == '.') digits.insert(digits.begin(), '0');
  if (digits.back() == '.') digits.pop_back();
  // strip leading zeros of the integer part
  std::size_t firstNonZero = 0;
  while (firstNonZero + 1 < digits.size() && digits[firstNonZero] == '0' && digits[firstNonZero + 1] != '.') {
    ++firstNonZero;
  }
  digits.erase(0, firstNonZero);
  out = (neg && digits.find_first_not_of("0.") != std::string::npos) ? "-" + digits : digits;
  return true;
}

// Rounds decimal text to `scale` fraction digits, half away from zero.
std::string roundDecimalText(const std::string& text, int scale) {
  bool neg = !text.empty() && text[0] == '-';
  std::string body = neg ? text.substr(1) : text;
  std::size_t dot = body.find('.');
  std::string intPart = dot == std::string::npos ? body : body.substr(0, dot);
  std::string frac = dot == std::string::npos ? "" : body.substr(dot + 1);
  if (static_cast<int>(frac.size()) <= scale) {
    frac.append(static_cast<std::size_t>(scale) - frac.size(), '0');
  } else {
    bool roundUp = frac[static_cast<std::size_t>(scale)] >= '5';
    frac.resize(static_cast<std::size_t>(scale));
    if (roundUp) {
      std::string all = intPart + frac;
      int i = static_cast<int>(all.size()) - 1;
      while (i >= 0) {
        if (all[static_cast<std::size_t>(i)] == '9') {
          all[static_cast<std::size_t>(i)] = '0';
          --i;
        } else {
          ++all[static_cast<std::size_t>(i)];
          break;
        }
      }
      if (i < 0) all.insert(all.begin(), '1');
      intPart = all.substr(0, all.size() - frac.size());
      frac = all.substr(all.size() - frac.size());
    }
  }
  std::string out = intPart.empty() ? "0" : intPart;
  if (scale > 0) out += "." + frac;
  bool isZero = out.find_first_not_of("0.") == std::string::npos;
  return (neg && !isZero) ? "-" + out : out;
}

}  // namespace

bool castValue(const Value& v, CastType type, int decimalScale, Value& out, std::string& message) {
  auto failCast = [&](std::string_view target) {
    message = "cannot cast " + describe(v) + " to " + std::string(target);
    return false;
  };
  switch (type) {
    case CastType::Int: {
      switch (v.type()) {
        case ValueType::Int:
          out = v;
          return true;
        case ValueType::Bool:
          out = Value(std::int64_t{v.asBool() ? 1 : 0});
          return true;
        case ValueType::Timestamp: {
          std::int64_t micros = v.asTimestampMicros();
          out = Value(micros >= 0 ? micros / 1000 : -((-micros + 999) / 1000));
          return true;
        }
        case ValueType::String:
        case ValueType::Decimal:
        case ValueType::Double: {
          if (v.type() != ValueType::Double) {
            std::string_view s = trimSpaces(v.asString());
            if (!s.empty() && s.front() == '+') s.remove_prefix(1);
            std::int64_t n = 0;
            auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
            if (ec == std::errc() && ptr == s.data() + s.size()) {
              out = Value(n);
              return true;
            }
          }
          double d = 0;
          if (v.type() == ValueType::Double) {
            d = v.asDouble();
          } else if (!parseDouble(v.asString(), d)) {
            return failCast("int");
          }
          d = std::trunc(d);
          if (!std::isfinite(d) || d >= 9.2233720368547758e18 || d < -9.2233720368547758e18) {
            message = "cannot cast " + describe(v) + " to int: out of range";
            return false;
          }
          out = Value(static_cast<std::int64_t>(d));
          return true;
        }
        default:
          return failCast("int");
      }
    }
    case CastType::Double: {
      double d = 0;
      switch (v.type()) {
        case ValueType::Int:
        case ValueType::Double:
        case ValueType::Decimal:
          toNumber(v, d);
          out = Value(d);
          return true;
        case ValueType::Bool:
          out = Value(v.asBool() ? 1.0 : 0.0);
          return true;
        case ValueType::Timestamp:
          out = Value(static_cast<double>(v.asTimestampMicros()) / 1000.0);
          return true;
        case ValueType::String:
          if (parseDouble(v.asString(), d)) {
            out = Value(d);
            return true;
          }
          return failCast("double");
        default:
          return failCast("double");
      }
    }
    case CastType::String: {
      std::string text;
      appendText(v, text);
      out = Value(std::move(text));
      return true;
    }
    case CastType::Boolean: {
      switch (v.type()) {
        case ValueType::Bool:
          out = v;
          return true;
        case ValueType::Int:
          out = Value(v.asInt() != 0);
          return true;
        case ValueType::Double:
          out = Value(v.asDouble() != 0.0);
          return true;
        case ValueType::String: {
          std::string s(trimSpaces(v.asString()));
          for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
          if (s == "true" || s == "t" || s == "yes" || s == "y" || s == "1") {
            out = Value(true);
            return true;
          }
          if (s == "false" || s == "f" || s == "no" || s == "n" || s == "0") {
            out = Value(false);
            return true;
          }
          return failCast("boolean");
        }
        default:
          return failCast("boolean");
      }
    }
    case CastType::Decimal: {
      std::string digits;
      switch (v.type()) {
        case ValueType::Int:
          digits = std::to_string(v.asInt());
          break;
        case ValueType::Double:
          if (!std::isfinite(v.asDouble())) return failCast("decimal");
          digits = fixedText(v.asDouble());
          break;
        case ValueType::Decimal:
        case ValueType::String:
          if (!normalizeDecimal(v.asString(), digits)) return failCast("decimal");
          break;
        case ValueType::Bool:
          digits = v.asBool() ? "1" : "0";
          break;
        default:
          return failCast("decimal");
      }
      if (decimalScale >= 0) digits = roundDecimalText(digits, decimalScale);
      out = Value::decimal(std::move(digits));
      return true;
    }
    case CastType::Timestamp: {
      std::int64_t micros = 0;
      if (!toTimestampMicros(v, micros)) return failCast("timestamp");
      out = Value::timestampMicros(micros);
      return true;
    }
  }
  return failCast("?");
}

}  // namespace tributary::expr
