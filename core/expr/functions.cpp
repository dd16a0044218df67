// Built-in functions. Names are case-insensitive and resolved at compile time.
//
//   upper(s), lower(s)            ASCII letters change case; other characters are kept
//   trim(s)                       removes spaces, tabs and line breaks at both ends
//   concat(a, b, ...)             text of the arguments joined; NULL arguments are skipped
//   substr(s, start [, length])   1-based, counts characters (UTF-8); a negative start counts from the end
//   length(s)                     number of characters (UTF-8)
//   replace(s, from, to)          every occurrence; an empty `from` leaves s unchanged
//   coalesce(a, b, ...)           first non-NULL argument (later ones are not evaluated)
//   cast(x AS type)               int/bigint, double, string/varchar, boolean, decimal[(p,s)], timestamp
//   round(x [, digits])           half away from zero; Int stays Int; digits may be negative
//   floor(x), ceil(x), abs(x)     keep Int as Int
//   now()                         the time at which evaluate() was called (Timestamp)
//   date_trunc(unit, ts)          unit: microsecond, millisecond, second, minute, hour, day, week (Monday),
//                                 month, quarter, year; ts: timestamp, ISO string or epoch ms
//   format_timestamp(ts, pattern) Java-style pattern letters: yyyy yy MM M dd d HH H mm m ss s SSS SSSSSS,
//                                 X/XXX/Z (always UTC: "Z" / "+0000"), 'quoted text', '' for a quote
//   parse_timestamp(s [, pattern])  without a pattern: ISO-8601; with one: the letters above
//   json_extract(json, path)      json: a JSON string or an object/array value; path: $.a.b[0] or $['a b'];
//                                 NULL when the path does not exist or the text is not JSON
// Every function returns NULL when any argument is NULL, except concat and coalesce.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

#include "core/expr/nodes.h"
#include "core/record/json.h"
#include "core/record/timestamp.h"

namespace tributary::expr {

namespace {

using record::CivilTime;

constexpr std::size_t kMaxResultBytes = 16u << 20;

// The text of a string argument (other types are converted: upper(5) = '5').
std::string_view textArg(const Value& v, std::string& storage) {
  if (v.type() == ValueType::String) return v.asString();
  storage.clear();
  appendText(v, storage);
  return storage;
}

bool intArg(const Value& v, std::int64_t& out, EvalContext& ctx, const Node& call, std::string_view what) {
  if (v.type() == ValueType::Int) {
    out = v.asInt();
    return true;
  }
  if (v.type() == ValueType::Double && std::trunc(v.asDouble()) == v.asDouble() && std::fabs(v.asDouble()) < 9e18) {
    out = static_cast<std::int64_t>(v.asDouble());
    return true;
  }
  ctx.fail(call, std::string(what) + " must be an integer, got " + describe(v));
  return false;
}

std::size_t utf8Step(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead >> 5) == 0x6) return 2;
  if ((lead >> 4) == 0xE) return 3;
  if ((lead >> 3) == 0x1E) return 4;
  return 1;
}

std::size_t codePoints(std::string_view s) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < s.size(); i += utf8Step(static_cast<unsigned char>(s[i]))) ++count;
  return count;
}

// Byte offset of code point `index` (clamped to the end).
std::size_t byteOffset(std::string_view s, std::size_t index) {
  std::size_t i = 0;
  while (index > 0 && i < s.size()) {
    i += utf8Step(static_cast<unsigned char>(s[i]));
    --index;
  }
  return std::min(i, s.size());
}

void fnUpper(const Value* const* a, std::size_t, Value& out, EvalContext&, const Node&) {
  std::string storage;
  std::string s(textArg(*a[0], storage));
  for (char& c : s) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  out = Value(std::move(s));
}

void fnLower(const Value* const* a, std::size_t, Value& out, EvalContext&, const Node&) {
  std::string storage;
  std::string s(textArg(*a[0], storage));
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  out = Value(std::move(s));
}

void fnTrim(const Value* const* a, std::size_t, Value& out, EvalContext&, const Node&) {
  std::string storage;
  std::string_view s = textArg(*a[0], storage);
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  out = Value(s);
}

void fnConcat(const Value* const* a, std::size_t n, Value& out, EvalContext&, const Node&) {
  std::string s;
  for (std::size_t i = 0; i < n; ++i) appendText(*a[i], s);
  out = Value(std::move(s));
}

void fnSubstr(const Value* const* a, std::size_t n, Value& out, EvalContext& ctx, const Node& call) {
  std::string storage;
  std::string_view s = textArg(*a[0], storage);
  std::int64_t start = 0, length = std::numeric_limits<std::int64_t>::max();
  if (!intArg(*a[1], start, ctx, call, "the start of substr")) return;
  if (n > 2 && !intArg(*a[2], length, ctx, call, "the length of substr")) return;
  const std::int64_t count = static_cast<std::int64_t>(codePoints(s));
  std::int64_t begin = start > 0 ? start - 1 : start < 0 ? std::max<std::int64_t>(0, count + start) : 0;
  if (length < 0 || begin >= count) {
    out = Value("");
    return;
  }
  std::int64_t end = length > count - begin ? count : begin + length;
  std::size_t b = byteOffset(s, static_cast<std::size_t>(begin));
  std::size_t e = byteOffset(s, static_cast<std::size_t>(end));
  out = Value(s.substr(b, e - b));
}

void fnLength(const Value* const* a, std::size_t, Value& out, EvalContext&, const Node&) {
  std::string storage;
  out = Value(static_cast<std::int64_t>(codePoints(textArg(*a[0], storage))));
}

void fnReplace(const Value* const* a, std::size_t, Value& out, EvalContext& ctx, const Node& call) {
  std::string s1, s2, s3;
  std::string_view s = textArg(*a[0], s1);
  std::string_view from = textArg(*a[1], s2);
  std::string_view to = textArg(*a[2], s3);
  if (from.empty()) {
    out = Value(s);
    return;
  }
  std::string result;
  std::size_t pos = 0;
  while (true) {
    std::size_t hit = s.find(from, pos);
    if (hit == std::string_view::npos) break;
    result.append(s.substr(pos, hit - pos));
    result.append(to);
    pos = hit + from.size();
    // The one function whose output can outgrow its input many times over
    // (nested replace calls multiply): keep evaluation bounded.
    if (result.size() > kMaxResultBytes) {
      ctx.fail(call, "replace: the result would be larger than 16 MiB");
      return;
    }
  }
  result.append(s.substr(pos));
  out = Value(std::move(result));
}

bool numberArg(const Value& v, EvalContext& ctx, const Node& call, std::string_view fn) {
  if (v.isNumber()) return true;
  ctx.fail(call, std::string(fn) + " expects a number, got " + describe(v));
  return false;
}

double roundHalfAway(double x, std::int64_t digits) {
  if (digits > 300 || digits < -300) return digits > 0 ? x : 0.0;
  double scale = std::pow(10.0, static_cast<double>(digits));
  double scaled = x * scale;
  if (!std::isfinite(scaled)) return x;
  return std::round(scaled) / scale;
}

void fnRound(const Value* const* a, std::size_t n, Value& out, EvalContext& ctx, const Node& call) {
  if (!numberArg(*a[0], ctx, call, "round")) return;
  std::int64_t digits = 0;
  if (n > 1 && !intArg(*a[1], digits, ctx, call, "the digits of round")) return;
  if (a[0]->type() == ValueType::Int) {
    if (digits >= 0) {
      out = *a[0];
      return;
    }
    double r = roundHalfAway(static_cast<double>(a[0]->asInt()), digits);
    out = Value(static_cast<std::int64_t>(r));
    return;
  }
  out = Value(roundHalfAway(a[0]->asDouble(), digits));
}

void fnFloor(const Value* const* a, std::size_t, Value& out, EvalContext& ctx, const Node& call) {
  if (!numberArg(*a[0], ctx, call, "floor")) return;
  if (a[0]->type() == ValueType::Int) {
    out = *a[0];
    return;
  }
  out = Value(std::floor(a[0]->asDouble()));
}

void fnCeil(const Value* const* a, std::size_t, Value& out, EvalContext& ctx, const Node& call) {
  if (!numberArg(*a[0], ctx, call, "ceil")) return;
  if (a[0]->type() == ValueType::Int) {
    out = *a[0];
    return;
  }
  out = Value(std::ceil(a[0]->asDouble()));
}

void fnAbs(const Value* const* a, std::size_t, Value& out, EvalContext& ctx, const Node& call) {
  if (!numberArg(*a[0], ctx, call, "abs")) return;
  if (a[0]->type() == ValueType::Int) {
    std::int64_t v = a[0]->asInt();
    if (v == std::numeric_limits<std::int64_t>::min()) {
      ctx.fail(call, "integer overflow");
      return;
    }
    out = Value(v < 0 ? -v : v);
    return;
  }
  if (a[0]->type() == ValueType::Decimal) {
    std::string_view d = a[0]->asString();
    out = Value::decimal(std::string(d.substr(0, 1) == "-" ? d.substr(1) : d));
    return;
  }
  out = Value(std::fabs(a[0]->asDouble()));
}

void fnNow(const Value* const*, std::size_t, Value& out, EvalContext& ctx, const Node&) {
  out = Value::timestampMicros(ctx.nowMicros);
}

bool timestampArg(const Value& v, std::int64_t& micros, EvalContext& ctx, const Node& call, std::string_view fn) {
  if (toTimestampMicros(v, micros)) return true;
  ctx.fail(call,
           std::string(fn) + " expects a timestamp (or ISO-8601 text, or epoch milliseconds), got " + describe(v));
  return false;
}

void fnDateTrunc(const Value* const* a, std::size_t, Value& out, EvalContext& ctx, const Node& call) {
  std::string storage;
  std::string unit(textArg(*a[0], storage));
  for (char& c : unit) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::int64_t micros = 0;
  if (!timestampArg(*a[1], micros, ctx, call, "date_trunc")) return;
  auto floorTo = [&](std::int64_t step) {
    std::int64_t q = micros / step;
    if (micros % step != 0 && micros < 0) --q;
    return q * step;
  };
  std::int64_t result = 0;
  if (unit == "microsecond" || unit == "microseconds") {
    result = micros;
  } else if (unit == "millisecond" || unit == "milliseconds") {
    result = floorTo(1000);
  } else if (unit == "second" || unit == "seconds") {
    result = floorTo(1'000'000);
  } else if (unit == "minute" || unit == "minutes") {
    result = floorTo(60'000'000);
  } else if (unit == "hour" || unit == "hours") {
    result = floorTo(3'600'000'000LL);
  } else if (unit == "day" || unit == "days") {
    result = floorTo(86'400'000'000LL);
  } else if (unit == "week" || unit == "weeks") {
    // 1970-01-01 was a Thursday: shift so weeks start on Monday.
    const std::int64_t day = 86'400'000'000LL;
    std::int64_t shifted = micros + 3 * day;
    std::int64_t q = shifted / (7 * day);
    if (shifted % (7 * day) != 0 && shifted < 0) --q;
    result = q * 7 * day - 3 * day;
  } else if (unit == "month" || unit == "months" || unit == "quarter" || unit == "quarters" || unit == "year" ||
             unit == "years") {
    CivilTime t = record::civilFromMicros(micros);
    t.day = 1;
    t.hour = t.minute = t.second = t.micros = 0;
    if (unit[0] == 'q') t.month = (t.month - 1) / 3 * 3 + 1;
    if (unit[0] == 'y') t.month = 1;
    result = record::microsFromCivil(t);
  } else {
    ctx.fail(call,
             "date_trunc: unknown unit '" + unit +
                 "' (expected microsecond, millisecond, second, minute, hour, day, week, month, quarter or year)");
    return;
  }
  out = Value::timestampMicros(result);
}

// Java-style pattern support shared by format_timestamp and parse_timestamp.
struct PatternItem {
  char letter = 0;  // 0: literal text
  int width = 0;
  std::string literal;
};

bool compilePattern(std::string_view pattern, std::vector<PatternItem>& items, std::string& message) {
  std::size_t i = 0;
  while (i < pattern.size()) {
    char c = pattern[i];
    if (c == '\'') {
      PatternItem item;
      ++i;
      if (i < pattern.size() && pattern[i] == '\'') {
        item.literal = "'";
        ++i;
      } else {
        while (i < pattern.size()) {
          if (pattern[i] == '\'') {
            if (i + 1 < pattern.size() && pattern[i + 1] == '\'') {
              item.literal.push_back('\'');
              i += 2;
              continue;
            }
            break;
          }
          item.literal.push_back(pattern[i++]);
        }
        if (i >= pattern.size()) {
          message = "unclosed quote in the timestamp pattern";
          return false;
        }
        ++i;
      }
      items.push_back(std::move(item));
      continue;
    }
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
      int width = 0;
      while (i < pattern.size() && pattern[i] == c) {
        ++width;
        ++i;
      }
      const std::string_view supported = "yMdHmsSXZ";
      if (supported.find(c) == std::string_view::npos) {
        message = std::string("unsupported letter '") + c +
                  "' in the timestamp pattern (supported: y M d H m s S X Z; quote text with '...')";
        return false;
      }
      items.push_back(PatternItem{c, width, {}});
      continue;
    }
    PatternItem item;
    item.literal.push_back(c);
    ++i;
    items.push_back(std::move(item));
  }
  return true;
}

void appendPadded(std::string& out, std::int64_t v, int width) {
  std::string digits = std::to_string(v < 0 ? -v : v);
  if (v < 0) out.push_back('-');
  for (int k = static_cast<int>(digits.size()); k < width; ++k) out.push_back('0');
  out.append(digits);
}

void fnFormatTimestamp(const Value* const* a, std::size_t, Value& out, EvalContext& ctx, const Node& call) {
  std::int64_t micros = 0;
  if (!timestampArg(*a[0], micros, ctx, call, "format_timestamp")) return;
  std::string storage;
  std::vector<PatternItem> items;
  std::string message;
  if (!compilePattern(textArg(*a[1], storage), items, message)) {
    ctx.fail(call, message);
    return;
  }
  CivilTime t = record::civilFromMicros(micros);
  std::string s;
  for (const PatternItem& item : items) {
    switch (item.letter) {
      case 0:
        s.append(item.literal);
        break;
      case 'y':
        if (item.width == 2) {
          appendPadded(s, ((t.year % 100) + 100) % 100, 2);
        } else {
          appendPadded(s, t.year, item.width);
        }
        break;
      case 'M':
        appendPadded(s, t.month, item.width);
        break;
      case 'd':
        appendPadded(s, t.day, item.width);
        break;
      case 'H':
        appendPadded(s, t.hour, item.width);
        break;
      case 'm':
        appendPadded(s, t.minute, item.width);
        break;
      case 's':
        appendPadded(s, t.second, item.width);
        break;
      case 'S': {
        std::string frac;
        appendPadded(frac, t.micros, 6);
        if (item.width <= 6) {
          s.append(frac.substr(0, static_cast<std::size_t>(item.width)));
        } else {
          s.append(frac);
          s.append(static_cast<std::size_t>(item.width - 6), '0');
        }
        break;
      }
      case 'X':
        s.append("Z");
        break;
      case 'Z':
        s.append("+0000");
        break;
      default:
        break;
    }
  }
  out = Value(std::move(s));
}

void fnParseTimestamp(const Value* const* a, std::size_t n, Value& out, EvalContext& ctx, const Node& call) {
  std::string s1, s2;
  std::string_view text = textArg(*a[0], s1);
  if (n == 1) {
    auto parsed = record::parseIsoTimestamp(text);
    if (!parsed) {
      ctx.fail(call, "parse_timestamp: '" + std::string(text) + "' is not an ISO-8601 timestamp");
      return;
    }
    out = Value::timestampMicros(*parsed);
    return;
  }
  std::string_view pattern = textArg(*a[1], s2);
  std::vector<PatternItem> items;
  std::string message;
  if (!compilePattern(pattern, items, message)) {
    ctx.fail(call, message);
    return;
  }
  CivilTime t;
  std::int64_t offsetMicros = 0;
  std::size_t i = 0;
  auto bad = [&]() {
    ctx.fail(call,
             "parse_timestamp: '" + std::string(text) + "' does not match the pattern '" + std::string(pattern) + "'");
  };
  auto readNumber = [&](int minDigits, int maxDigits, std::int64_t& v, int& digits) {
    v = 0;
    digits = 0;
    while (i < text.size() && digits < maxDigits && text[i] >= '0' && text[i] <= '9') {
      v = v * 10 + (text[i] - '0');
      ++i;
      ++digits;
    }
    return digits >= minDigits;
  };
  for (std::size_t k = 0; k < items.size(); ++k) {
    const PatternItem& item = items[k];
    if (item.letter == 0) {
      if (text.substr(i, item.literal.size()) != item.literal) return bad();
      i += item.literal.size();
      continue;
    }
    // Adjacent numeric fields need fixed widths; a lone field may be wider (e.g. yyyy vs 12345).
    bool nextIsNumber =
        k + 1 < items.size() && items[k + 1].letter != 0 && items[k + 1].letter != 'X' && items[k + 1].letter != 'Z';
    int maxDigits = nextIsNumber ? item.width : 9;
    std::int64_t v = 0;
    int digits = 0;
    switch (item.letter) {
      case 'y':
        if (!readNumber(item.width == 2 ? 2 : 1, item.width == 2 ? 2 : maxDigits, v, digits)) return bad();
        t.year = item.width == 2 ? 2000 + v : v;
        break;
      case 'M':
        if (!readNumber(1, std::max(2, item.width), v, digits) || v < 1 || v > 12) return bad();
        t.month = static_cast<int>(v);
        break;
      case 'd':
        if (!readNumber(1, std::max(2, item.width), v, digits) || v < 1 || v > 31) return bad();
        t.day = static_cast<int>(v);
        break;
      case 'H':
        if (!readNumber(1, std::max(2, item.width), v, digits) || v > 23) return bad();
        t.hour = static_cast<int>(v);
        break;
      case 'm':
        if (!readNumber(1, std::max(2, item.width), v, digits) || v > 59) return bad();
        t.minute = static_cast<int>(v);
        break;
      case 's':
        if (!readNumber(1, std::max(2, item.width), v, digits) || v > 60) return bad();
        t.second = static_cast<int>(std::min<std::int64_t>(v, 59));
        break;
      case 'S': {
        if (!readNumber(1, std::max(item.width, 1), v, digits)) return bad();
        while (digits < 6) {
          v *= 10;
          ++digits;
        }
        while (digits > 6) {
          v /= 10;
          --digits;
        }
        t.micros = static_cast<int>(v);
        break;
      }
      case 'X':
      case 'Z': {
        if (i < text.size() && (text[i] == 'Z' || text[i] == 'z')) {
          ++i;
          break;
        }
        if (i >= text.size() || (text[i] != '+' && text[i] != '-')) return bad();
        int sign = text[i] == '-' ? -1 : 1;
        ++i;
        std::int64_t hh = 0, mm = 0;
        if (!readNumber(2, 2, hh, digits)) return bad();
        if (i < text.size() && text[i] == ':') ++i;
        if (i < text.size() && text[i] >= '0' && text[i] <= '9' && !readNumber(2, 2, mm, digits)) return bad();
        offsetMicros = sign * (hh * 3600 + mm * 60) * 1'000'000;
        break;
      }
      default:
        return bad();
    }
  }
  if (i != text.size()) return bad();
  out = Value::timestampMicros(record::microsFromCivil(t) - offsetMicros);
}

// JSONPath subset: $ . name  ['name']  [index]
void fnJsonExtract(const Value* const* a, std::size_t, Value& out, EvalContext& ctx, const Node& call) {
  Value parsed;
  const Value* doc = a[0];
  if (a[0]->type() == ValueType::String) {
    auto result = record::parseJson(a[0]->asString());
    if (!result.ok()) {
      out = Value();
      return;
    }
    parsed = std::move(result).value();
    doc = &parsed;
  }
  std::string storage;
  std::string_view path = textArg(*a[1], storage);
  std::size_t i = 0;
  auto badPath = [&]() {
    ctx.fail(call, "json_extract: invalid path '" + std::string(path) + "' (write it like $.a.b[0] or $['a b'])");
  };
  if (i < path.size() && path[i] == '$') ++i;
  const Value* cur = doc;
  while (i < path.size()) {
    if (path[i] == '.') {
      ++i;
      std::size_t start = i;
      while (i < path.size() && path[i] != '.' && path[i] != '[') ++i;
      if (i == start) return badPath();
      const Value* next = cur->find(path.substr(start, i - start));
      if (next == nullptr) {
        out = Value();
        return;
      }
      cur = next;
    } else if (path[i] == '[') {
      ++i;
      if (i < path.size() && (path[i] == '\'' || path[i] == '"')) {
        char q = path[i++];
        std::size_t end = path.find(q, i);
        if (end == std::string_view::npos || end + 1 >= path.size() || path[end + 1] != ']') return badPath();
        const Value* next = cur->find(path.substr(i, end - i));
        i = end + 2;
        if (next == nullptr) {
          out = Value();
          return;
        }
        cur = next;
      } else {
        std::size_t start = i;
        while (i < path.size() && path[i] >= '0' && path[i] <= '9') ++i;
        if (i == start || i >= path.size() || path[i] != ']') return badPath();
        std::uint64_t index = 0;
        auto [ptr, ec] = std::from_chars(path.data() + start, path.data() + i, index);
        (void)ptr;
        ++i;
        if (ec != std::errc() || cur->type() != ValueType::Array || index >= cur->asArray().size()) {
          out = Value();
          return;
        }
        cur = &cur->asArray()[index];
      }
    } else {
      return badPath();
    }
  }
  out = *cur;
}

constexpr FunctionSpec kFunctions[] = {
    {"upper", 1, 1, fnUpper, true, "upper(string)"},
    {"lower", 1, 1, fnLower, true, "lower(string)"},
    {"trim", 1, 1, fnTrim, true, "trim(string)"},
    {"concat", 1, -1, fnConcat, false, "concat(value, ...)"},
    {"substr", 2, 3, fnSubstr, true, "substr(string, start [, length])"},
    {"substring", 2, 3, fnSubstr, true, "substring(string, start [, length])"},
    {"length", 1, 1, fnLength, true, "length(string)"},
    {"replace", 3, 3, fnReplace, true, "replace(string, from, to)"},
    {"coalesce", 1, -1, nullptr, false, "coalesce(value, ...)"},
    {"round", 1, 2, fnRound, true, "round(number [, digits])"},
    {"floor", 1, 1, fnFloor, true, "floor(number)"},
    {"ceil", 1, 1, fnCeil, true, "ceil(number)"},
    {"ceiling", 1, 1, fnCeil, true, "ceiling(number)"},
    {"abs", 1, 1, fnAbs, true, "abs(number)"},
    {"now", 0, 0, fnNow, false, "now()"},
    {"date_trunc", 2, 2, fnDateTrunc, true, "date_trunc(unit, timestamp)"},
    {"format_timestamp", 2, 2, fnFormatTimestamp, true, "format_timestamp(timestamp, pattern)"},
    {"parse_timestamp", 1, 2, fnParseTimestamp, true, "parse_timestamp(string [, pattern])"},
    {"json_extract", 2, 2, fnJsonExtract, true, "json_extract(json, path)"},
};

bool iequalsName(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

std::size_t editDistance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t cost = std::tolower(static_cast<unsigned char>(a[i - 1])) == b[j - 1] ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

}  // namespace

const FunctionSpec* findFunction(std::string_view name) {
  for (const FunctionSpec& spec : kFunctions) {
    if (iequalsName(spec.name, name)) return &spec;
  }
  return nullptr;
}

std::string_view suggestFunction(std::string_view name) {
  if (name.size() > 64) return {};
  std::string_view best;
  std::size_t bestDistance = 3;
  for (const FunctionSpec& spec : kFunctions) {
    std::size_t d = editDistance(name, spec.name);
    if (d < bestDistance) {
      bestDistance = d;
      best = spec.name;
    }
  }
  return best;
}

}  // namespace tributary::expr
