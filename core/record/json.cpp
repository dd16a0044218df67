#include "core/record/json.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <unordered_map>

#include <simdjson.h>
#include <nlohmann/json.hpp>

#include "core/record/timestamp.h"

namespace tributary::record {

namespace {

// One DOM parser and one padded input buffer per thread: simdjson parsers are
// not thread-safe, and reusing them keeps parsing allocation-free apart from
// the Values built. The DOM API is used (not On-Demand) because libsimdjson
// picks the SIMD kernel (haswell, icelake, ...) at run time for it, while
// On-Demand is compiled into our code for the baseline x86-64 target, which
// is the slow "fallback" kernel unless the whole build uses -march flags.
struct ThreadParser {
  simdjson::dom::parser parser;
  std::string buffer;
};

ThreadParser& threadParser() {
  thread_local ThreadParser state;
  return state;
}

// The JSON number grammar (RFC 8259), to accept numbers simdjson cannot hold
// (beyond int64 / double range) as exact decimals without accepting garbage.
bool isJsonNumber(std::string_view s) {
  std::size_t i = 0;
  auto digit = [&](std::size_t k) { return k < s.size() && s[k] >= '0' && s[k] <= '9'; };
  if (i < s.size() && s[i] == '-') ++i;
  if (!digit(i)) return false;
  if (s[i] == '0') {
    ++i;
  } else {
    while (digit(i)) ++i;
  }
  if (i < s.size() && s[i] == '.') {
    ++i;
    if (!digit(i)) return false;
    while (digit(i)) ++i;
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (!digit(i)) return false;
    while (digit(i)) ++i;
  }
  return i == s.size();
}

// Removes earlier duplicates of keys (the last one wins, as in most JSON
// readers). Only called when a duplicate was seen.
void dedupeKeys(Object& fields) {
  std::unordered_map<std::string_view, std::size_t> last;
  for (std::size_t i = 0; i < fields.size(); ++i) last[fields[i].first] = i;
  if (last.size() == fields.size()) return;
  Object unique;
  unique.reserve(last.size());
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (last[fields[i].first] == i) unique.push_back(std::move(fields[i]));
  }
  fields = std::move(unique);
}

// Objects up to this many fields check for duplicate keys as they are read;
// larger ones are deduplicated once with a hash map (dedupeKeys).
constexpr std::size_t kLinearKeyCheck = 32;

bool hasKey(const Object& fields, std::string_view key) {
  for (const Field& existing : fields) {
    if (existing.first.size() == key.size() && existing.first == key) return true;
  }
  return false;
}

// Fast path: simdjson's tape -> Value.
Value fromElement(simdjson::dom::element element) {
  using simdjson::dom::element_type;
  switch (element.type()) {
    case element_type::OBJECT: {
      simdjson::dom::object object = element.get_object().value_unsafe();
      Object fields;
      fields.reserve(object.size());
      bool duplicate = false;
      for (simdjson::dom::key_value_pair field : object) {
        // Linear checks for the usual small objects; large ones get one hashed pass.
        if (!duplicate && (fields.size() >= kLinearKeyCheck || hasKey(fields, field.key))) duplicate = true;
        fields.emplace_back(std::string(field.key), fromElement(field.value));
      }
      if (duplicate) dedupeKeys(fields);
      return Value(std::move(fields));
    }
    case element_type::ARRAY: {
      simdjson::dom::array array = element.get_array().value_unsafe();
      Array items;
      items.reserve(array.size());
      for (simdjson::dom::element item : array) items.push_back(fromElement(item));
      return Value(std::move(items));
    }
    case element_type::STRING:
      return Value(element.get_string().value_unsafe());
    case element_type::INT64:
      return Value(element.get_int64().value_unsafe());
    case element_type::UINT64:
      return Value::decimal(std::to_string(element.get_uint64().value_unsafe()));
    case element_type::DOUBLE:
      return Value(element.get_double().value_unsafe());
    case element_type::BOOL:
      return Value(element.get_bool().value_unsafe());
    case element_type::NULL_VALUE:
      return Value();
  }
  return Value();
}

// Length of the valid UTF-8 sequence at s[i], or 0 when invalid (RFC 3629:
// no overlongs, no surrogates, nothing above U+10FFFF).
std::size_t utf8SequenceLength(std::string_view s, std::size_t i) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = byte(i);
  auto cont = [&](std::size_t k) { return k < s.size() && (byte(k) & 0xC0) == 0x80; };
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) return cont(i + 1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (!cont(i + 1) || !cont(i + 2)) return 0;
    unsigned char c1 = byte(i + 1);
    if (c == 0xE0 && c1 < 0xA0) return 0;   // overlong
    if (c == 0xED && c1 >= 0xA0) return 0;  // surrogate
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (!cont(i + 1) || !cont(i + 2) || !cont(i + 3)) return 0;
    unsigned char c1 = byte(i + 1);
    if (c == 0xF0 && c1 < 0x90) return 0;
    if (c == 0xF4 && c1 >= 0x90) return 0;
    return 4;
  }
  return 0;
}

// Slow path, used when simdjson refuses a document: a plain recursive-descent
// reader that accepts numbers beyond int64/double range (as Decimal) and, for
// malformed input, says at which byte and what was expected.
class SlowReader {
 public:
  explicit SlowReader(std::string_view text) : m_text(text) {}

  Result<Value> read() {
    Value v;
    skipSpace();
    if (m_pos == m_text.size()) return fail("expected a JSON value, found the end of the input");
    if (!value(v, 0)) return m_error;
    skipSpace();
    if (m_pos != m_text.size()) return fail("unexpected " + found() + " after the JSON value");
    return v;
  }

 private:
  static constexpr int kMaxDepth = 1024;

  Error fail(std::string what) {
    // `where` is left to the caller (it knows the file and line or the record position).
    m_error = makeError(ErrorCode::Invalid, "invalid JSON at byte " + std::to_string(m_pos) + ": " + std::move(what));
    return m_error;
  }
  bool failed(std::string what) {
    fail(std::move(what));
    return false;
  }
  std::string found() const {
    if (m_pos >= m_text.size()) return "the end of the input";
    unsigned char c = static_cast<unsigned char>(m_text[m_pos]);
    if (c >= 0x20 && c < 0x7f) return std::string("'") + static_cast<char>(c) + "'";
    char buf[16];
    std::snprintf(buf, sizeof buf, "byte 0x%02x", c);
    return buf;
  }
  void skipSpace() {
    while (m_pos < m_text.size()) {
      char c = m_text[m_pos];
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
      ++m_pos;
    }
  }
  bool literal(std::string_view word) {
    if (m_text.substr(m_pos, word.size()) == word) {
      m_pos += word.size();
      return true;
    }
    return failed("invalid literal, expected '" + std::string(word) + "'");
  }

  bool value(Value& out, int depth) {
    if (depth > kMaxDepth) return failed("nesting deeper than 1024 levels");
    if (m_pos >= m_text.size()) return failed("expected a JSON value, found the end of the input");
    char c = m_text[m_pos];
    switch (c) {
      case '{':
        return object(out, depth);
      case '[':
        return array(out, depth);
      case '"': {
        std::string s;
        if (!string(s)) return false;
        out = Value(std::move(s));
        return true;
      }
      case 't':
        if (!literal("true")) return false;
        out = Value(true);
        return true;
      case 'f':
        if (!literal("false")) return false;
        out = Value(false);
        return true;
      case 'n':
        if (!literal("null")) return false;
        out = Value();
        return true;
      default:
        if (c == '-' || (c >= '0' && c <= '9')) return number(out);
        return failed("expected a JSON value, found " + found());
    }
  }

  bool object(Value& out, int depth) {
    ++m_pos;  // '{'
    Object fields;
    skipSpace();
    if (m_pos < m_text.size() && m_text[m_pos] == '}') {
      ++m_pos;
      out = Value(std::move(fields));
      return true;
    }
    bool duplicate = false;
    while (true) {
      skipSpace();
      if (m_pos >= m_text.size() || m_text[m_pos] != '"') return failed("expected a string key, found " + found());
      std::string key;
      if (!string(key)) return false;
      skipSpace();
      if (m_pos >= m_text.size() || m_text[m_pos] != ':') return failed("expected ':' after a key, found " + found());
      ++m_pos;
      skipSpace();
      Value child;
      if (!value(child, depth + 1)) return false;
      if (!duplicate && (fields.size() >= kLinearKeyCheck || hasKey(fields, key))) duplicate = true;
      fields.emplace_back(std::move(key), std::move(child));
      skipSpace();
      if (m_pos < m_text.size() && m_text[m_pos] == ',') {
        ++m_pos;
        continue;
      }
      if (m_pos < m_text.size() && m_text[m_pos] == '}') {
        ++m_pos;
        break;
      }
      return failed("expected ',' or '}' in an object, found " + found());
    }
    if (duplicate) dedupeKeys(fields);
    out = Value(std::move(fields));
    return true;
  }

  bool array(Value& out, int depth) {
    ++m_pos;  // '['
    Array items;
    skipSpace();
    if (m_pos < m_text.size() && m_text[m_pos] == ']') {
      ++m_pos;
      out = Value(std::move(items));
      return true;
    }
    while (true) {
      skipSpace();
      Value child;
      if (!value(child, depth + 1)) return false;
      items.push_back(std::move(child));
      skipSpace();
      if (m_pos < m_text.size() && m_text[m_pos] == ',') {
        ++m_pos;
        continue;
      }
      if (m_pos < m_text.size() && m_text[m_pos] == ']') {
        ++m_pos;
        break;
      }
      return failed("expected ',' or ']' in an array, found " + found());
    }
    out = Value(std::move(items));
    return true;
  }

  static void appendUtf8(std::uint32_t cp, std::string& out) {
    if (cp < 0x80) {
      out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
      out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
  }

  bool hex4(std::uint32_t& cp) {
    cp = 0;
    for (int k = 0; k < 4; ++k) {
      if (m_pos >= m_text.size()) return failed("unterminated \\u escape");
      char c = m_text[m_pos];
      int d = (c >= '0' && c <= '9')   ? c - '0'
              : (c >= 'a' && c <= 'f') ? c - 'a' + 10
              : (c >= 'A' && c <= 'F') ? c - 'A' + 10
                                       : -1;
      if (d < 0) return failed("expected a hex digit in a \\u escape, found " + found());
      cp = cp * 16 + static_cast<std::uint32_t>(d);
      ++m_pos;
    }
    return true;
  }

  bool string(std::string& out) {
    ++m_pos;  // '"'
    while (true) {
      if (m_pos >= m_text.size()) return failed("unterminated string");
      unsigned char c = static_cast<unsigned char>(m_text[m_pos]);
      if (c == '"') {
        ++m_pos;
        return true;
      }
      if (c < 0x20) return failed("control character " + found() + " in a string (must be escaped)");
      if (c == '\\') {
        ++m_pos;
        if (m_pos >= m_text.size()) return failed("unterminated string");
        char e = m_text[m_pos++];
        switch (e) {
          case '"':
            out.push_back('"');
            break;
          case '\\':
            out.push_back('\\');
            break;
          case '/':
            out.push_back('/');
            break;
          case 'b':
            out.push_back('\b');
            break;
          case 'f':
            out.push_back('\f');
            break;
          case 'n':
            out.push_back('\n');
            break;
          case 'r':
            out.push_back('\r');
            break;
          case 't':
            out.push_back('\t');
            break;
          case 'u': {
            std::uint32_t cp = 0;
            if (!hex4(cp)) return false;
            if (cp >= 0xD800 && cp <= 0xDBFF) {
              std::uint32_t low = 0;
              if (m_text.substr(m_pos, 2) != "\\u")
                return failed("expected a low surrogate \\u escape after a high surrogate");
              m_pos += 2;
              if (!hex4(low)) return false;
              if (low < 0xDC00 || low > 0xDFFF) return failed("invalid low surrogate in a \\u escape");
              cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
              return failed("unpaired low surrogate in a \\u escape");
            }
            appendUtf8(cp, out);
            break;
          }
          default:
            m_pos -= 2;
            return failed("invalid escape '\\" + std::string(1, e) + "'");
        }
        continue;
      }
      if (c < 0x80) {
        out.push_back(static_cast<char>(c));
        ++m_pos;
        continue;
      }
      std::size_t n = utf8SequenceLength(m_text, m_pos);
      if (n == 0) return failed("invalid UTF-8 in a string");
      out.append(m_text.data() + m_pos, n);
      m_pos += n;
    }
  }

  bool number(Value& out) {
    std::size_t start = m_pos;
    bool isFloat = false;
    if (m_text[m_pos] == '-') ++m_pos;
    auto digit = [&] { return m_pos < m_text.size() && m_text[m_pos] >= '0' && m_text[m_pos] <= '9'; };
    if (!digit()) return failed("expected a digit, found " + found());
    if (m_text[m_pos] == '0') {
      ++m_pos;
      if (digit()) return failed("leading zeros are not allowed in numbers");
    } else {
      while (digit()) ++m_pos;
    }
    if (m_pos < m_text.size() && m_text[m_pos] == '.') {
      isFloat = true;
      ++m_pos;
      if (!digit()) return failed("expected a digit after '.', found " + found());
      while (digit()) ++m_pos;
    }
    if (m_pos < m_text.size() && (m_text[m_pos] == 'e' || m_text[m_pos] == 'E')) {
      isFloat = true;
      ++m_pos;
      if (m_pos < m_text.size() && (m_text[m_pos] == '+' || m_text[m_pos] == '-')) ++m_pos;
      if (!digit()) return failed("expected a digit in the exponent, found " + found());
      while (digit()) ++m_pos;
    }
    std::string_view text = m_text.substr(start, m_pos - start);
    if (!isFloat) {
      std::int64_t i = 0;
      auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), i);
      if (ec == std::errc() && ptr == text.data() + text.size()) {
        out = Value(i);
        return true;
      }
    } else {
      double d = 0;
      auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), d);
      if (ec == std::errc() && ptr == text.data() + text.size() && std::isfinite(d)) {
        out = Value(d);
        return true;
      }
    }
    out = Value::decimal(std::string(text));
    return true;
  }

  std::string_view m_text;
  std::size_t m_pos = 0;
  Error m_error;
};

std::string_view describe(simdjson::error_code err) {
  switch (err) {
    case simdjson::EMPTY:
      return "no JSON value (empty input)";
    case simdjson::TAPE_ERROR:
      return "unexpected character or unbalanced brackets";
    case simdjson::INCORRECT_TYPE:
      return "unexpected token";
    case simdjson::STRING_ERROR:
      return "invalid string (bad escape or control character)";
    case simdjson::UNCLOSED_STRING:
      return "unterminated string";
    case simdjson::T_ATOM_ERROR:
      return "invalid literal (expected true)";
    case simdjson::F_ATOM_ERROR:
      return "invalid literal (expected false)";
    case simdjson::N_ATOM_ERROR:
      return "invalid literal (expected null)";
    case simdjson::NUMBER_ERROR:
      return "invalid number";
    case simdjson::UTF8_ERROR:
      return "invalid UTF-8";
    case simdjson::DEPTH_ERROR:
      return "nesting too deep";
    case simdjson::TRAILING_CONTENT:
      return "unexpected content after the JSON value";
    case simdjson::CAPACITY:
      return "document too large";
    default:
      return simdjson::error_message(err);
  }
}

// ---------------------------------------------------------------- writing

// 0: copy as is; 1: needs an escape; 2: byte >= 0x80 (UTF-8 to validate).
constexpr auto kEscapeClass = [] {
  struct Table {
    unsigned char c[256];
  } t{};
  for (int i = 0; i < 0x20; ++i) t.c[i] = 1;
  t.c[static_cast<unsigned char>('"')] = 1;
  t.c[static_cast<unsigned char>('\\')] = 1;
  for (int i = 0x80; i < 0x100; ++i) t.c[i] = 2;
  return t;
}();

void appendEscape(unsigned char c, std::string& out) {
  static constexpr char kHex[] = "0123456789abcdef";
  switch (c) {
    case '"':
      out.append("\\\"");
      return;
    case '\\':
      out.append("\\\\");
      return;
    case '\n':
      out.append("\\n");
      return;
    case '\r':
      out.append("\\r");
      return;
    case '\t':
      out.append("\\t");
      return;
    case '\b':
      out.append("\\b");
      return;
    case '\f':
      out.append("\\f");
      return;
    default: {
      char buf[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 15]};
      out.append(buf, 6);
    }
  }
}

void appendStringSlow(std::string_view s, std::string& out) {
  out.push_back('"');
  std::size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (kEscapeClass.c[c] == 1) {
      appendEscape(c, out);
      ++i;
    } else if (c < 0x80) {
      out.push_back(static_cast<char>(c));
      ++i;
    } else {
      std::size_t n = utf8SequenceLength(s, i);
      if (n == 0) {
        out.append("\xEF\xBF\xBD");
        ++i;
      } else {
        out.append(s.data() + i, n);
        i += n;
      }
    }
  }
  out.push_back('"');
}

constexpr char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

}  // namespace

Result<Value> parseJson(std::string_view text) {
  ThreadParser& state = threadParser();
  std::string& buffer = state.buffer;
  if (buffer.size() < text.size() + simdjson::SIMDJSON_PADDING) {
    buffer.resize(std::max<std::size_t>(text.size() + simdjson::SIMDJSON_PADDING, 4096));
  }
  if (!text.empty()) std::memcpy(buffer.data(), text.data(), text.size());
  std::memset(buffer.data() + text.size(), 0, simdjson::SIMDJSON_PADDING);

  simdjson::dom::element root;
  simdjson::error_code err = state.parser.parse(buffer.data(), text.size(), false).get(root);
  if (!err) return fromElement(root);
  // Numbers beyond range, or malformed input: the slow reader keeps big
  // numbers exactly and explains errors with their byte offset.
  Result<Value> slow = SlowReader(text).read();
  if (slow.ok() && err != simdjson::NUMBER_ERROR) {
    // simdjson rejected what our reader accepts (should not happen); trust simdjson.
    return makeError(ErrorCode::Invalid, "invalid JSON: " + std::string(describe(err)));
  }
  return slow;
}

namespace {
// True when any of the 8 bytes needs attention: a control character, '"',
// '\\' or a byte >= 0x80 (SWAR; may not say which, only whether).
inline bool chunkNeedsWork(std::uint64_t x) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
  constexpr std::uint64_t kHigh = 0x8080808080808080ULL;
  std::uint64_t lessThan20 = (x - kOnes * 0x20) & ~x;
  std::uint64_t quote = x ^ (kOnes * '"');
  std::uint64_t backslash = x ^ (kOnes * '\\');
  std::uint64_t isQuote = (quote - kOnes) & ~quote;
  std::uint64_t isBackslash = (backslash - kOnes) & ~backslash;
  return ((lessThan20 | isQuote | isBackslash | x) & kHigh) != 0;
}
}  // namespace

namespace {

// Appends into a std::string through a raw pointer: std::string::push_back is
// not inlined (basic_string<char> is an extern template), and per-character
// calls dominated the writer's profile. The string is trimmed to the written
// length when the writer goes away.
class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : m_out(out), m_len(out.size()) {}
  ~JsonWriter() { m_out.resize(m_len); }
  JsonWriter(const JsonWriter&) = delete;
  JsonWriter& operator=(const JsonWriter&) = delete;

  char* room(std::size_t n) {
    // Grow the size by a little slack only: resize() zero-fills what it adds,
    // while the capacity still grows geometrically inside std::string.
    if (m_len + n > m_out.size()) m_out.resize(m_len + n + 512);
    return m_out.data() + m_len;
  }
  void put(char c) {
    *room(1) = c;
    ++m_len;
  }
  void put(std::string_view text) {
    if (text.empty()) return;
    std::memcpy(room(text.size()), text.data(), text.size());
    m_len += text.size();
  }

  void string(std::string_view s) {
    const char* data = s.data();
    const std::size_t n = s.size();
    const std::size_t begin = m_len;
    char* dst = room(n + 2);  // enough unless something needs escaping
    *dst++ = '"';
    std::size_t i = 0;
    bool utf8Checked = false;
    while (i < n) {
      if (i + 8 <= n) {
        std::uint64_t chunk;
        std::memcpy(&chunk, data + i, 8);
        if (!chunkNeedsWork(chunk)) {
          std::memcpy(dst, data + i, 8);
          dst += 8;
          i += 8;
          continue;
        }
      }
      unsigned char c = static_cast<unsigned char>(data[i]);
      unsigned char cls = kEscapeClass.c[c];
      if (cls == 1) {
        // Escapes need up to 6 bytes for 1: make room for the worst case of the rest.
        m_len = static_cast<std::size_t>(dst - m_out.data());
        room(6 * (n - i) + 2);
        dst = m_out.data() + m_len;
        dst = writeEscape(c, dst);
        ++i;
        continue;
      }
      if (cls == 2 && !utf8Checked) {
        if (!simdjson::validate_utf8(data, n)) {
          m_out.resize(begin);
          appendStringSlow(s, m_out);
          m_len = m_out.size();
          return;
        }
        utf8Checked = true;
      }
      *dst++ = static_cast<char>(c);
      ++i;
    }
    *dst++ = '"';
    m_len = static_cast<std::size_t>(dst - m_out.data());
  }

  void value(const Value& v) {
    switch (v.type()) {
      case ValueType::Null:
        put("null");
        return;
      case ValueType::Bool:
        put(v.asBool() ? std::string_view("true") : std::string_view("false"));
        return;
      case ValueType::Int: {
        char* dst = room(24);
        auto [end, ec] = std::to_chars(dst, dst + 24, v.asInt());
        (void)ec;
        m_len += static_cast<std::size_t>(end - dst);
        return;
      }
      case ValueType::Double: {
        double d = v.asDouble();
        if (!std::isfinite(d)) {
          put("null");
          return;
        }
        char* dst = room(40);
        auto [end, ec] = std::to_chars(dst, dst + 32, d);
        (void)ec;
        bool whole = true;
        for (char* p = dst; p != end; ++p) {
          if (*p == '.' || *p == 'e') {
            whole = false;
            break;
          }
        }
        if (whole) {  // keep it a double when read back
          *end++ = '.';
          *end++ = '0';
        }
        m_len += static_cast<std::size_t>(end - dst);
        return;
      }
      case ValueType::Decimal: {
        std::string_view digits = v.asString();
        if (isJsonNumber(digits)) {
          put(digits);
        } else {
          string(digits);
        }
        return;
      }
      case ValueType::String:
        string(v.asString());
        return;
      case ValueType::Bytes:
      case ValueType::Timestamp: {
        m_out.resize(m_len);
        m_out.push_back('"');
        if (v.type() == ValueType::Bytes) {
          appendBase64(v.asString(), m_out);
        } else {
          appendIsoTimestamp(v.asTimestampMicros(), m_out);
        }
        m_out.push_back('"');
        m_len = m_out.size();
        return;
      }
      case ValueType::Array: {
        put('[');
        bool first = true;
        for (const Value& item : v.asArray()) {
          if (!first) put(',');
          first = false;
          value(item);
        }
        put(']');
        return;
      }
      case ValueType::Object: {
        put('{');
        bool first = true;
        for (const Field& field : v.asObject()) {
          if (!first) put(',');
          first = false;
          string(field.first);
          put(':');
          value(field.second);
        }
        put('}');
        return;
      }
    }
  }

 private:
  static char* writeEscape(unsigned char c, char* dst) {
    static constexpr char kHex[] = "0123456789abcdef";
    *dst++ = '\\';
    switch (c) {
      case '"':
        *dst++ = '"';
        break;
      case '\\':
        *dst++ = '\\';
        break;
      case '\n':
        *dst++ = 'n';
        break;
      case '\r':
        *dst++ = 'r';
        break;
      case '\t':
        *dst++ = 't';
        break;
      case '\b':
        *dst++ = 'b';
        break;
      case '\f':
        *dst++ = 'f';
        break;
      default:
        *dst++ = 'u';
        *dst++ = '0';
        *dst++ = '0';
        *dst++ = kHex[c >> 4];
        *dst++ = kHex[c & 15];
    }
    return dst;
  }

  std::string& m_out;
  std::size_t m_len;
};

}  // namespace

void appendJsonString(std::string_view s, std::string& out) {
  JsonWriter writer(out);
  writer.string(s);
}

void appendJson(const Value& value, std::string& out) {
  JsonWriter writer(out);
  writer.value(value);
}

std::string toJson(const Value& value) {
  std::string out;
  appendJson(value, out);
  return out;
}

nlohmann::json toNlohmann(const Value& value) {
  switch (value.type()) {
    case ValueType::Null:
      return nullptr;
    case ValueType::Bool:
      return value.asBool();
    case ValueType::Int:
      return value.asInt();
    case ValueType::Double: {
      double d = value.asDouble();
      if (!std::isfinite(d)) return nullptr;
      return d;
    }
    case ValueType::Decimal: {
      nlohmann::json parsed = nlohmann::json::parse(value.asString(), nullptr, false);
      if (parsed.is_number()) return parsed;
      return std::string(value.asString());
    }
    case ValueType::String:
      return std::string(value.asString());
    case ValueType::Bytes: {
      std::string text;
      appendBase64(value.asString(), text);
      return text;
    }
    case ValueType::Timestamp:
      return formatIsoTimestamp(value.asTimestampMicros());
    case ValueType::Array: {
      nlohmann::json array = nlohmann::json::array();
      for (const Value& item : value.asArray()) array.push_back(toNlohmann(item));
      return array;
    }
    case ValueType::Object: {
      nlohmann::json object = nlohmann::json::object();
      for (const Field& field : value.asObject()) object[field.first] = toNlohmann(field.second);
      return object;
    }
  }
  return nullptr;
}

Value fromNlohmann(const nlohmann::json& json) {
  switch (json.type()) {
    case nlohmann::json::value_t::null:
    case nlohmann::json::value_t::discarded:
      return Value();
    case nlohmann::json::value_t::boolean:
      return Value(json.get<bool>());
    case nlohmann::json::value_t::number_integer:
      return Value(json.get<std::int64_t>());
    case nlohmann::json::value_t::number_unsigned: {
      std::uint64_t u = json.get<std::uint64_t>();
      if (u <= static_cast<std::uint64_t>(INT64_MAX)) return Value(static_cast<std::int64_t>(u));
      return Value::decimal(std::to_string(u));
    }
    case nlohmann::json::value_t::number_float:
      return Value(json.get<double>());
    case nlohmann::json::value_t::string:
      return Value(json.get_ref<const std::string&>());
    case nlohmann::json::value_t::binary: {
      const auto& bin = json.get_binary();
      return Value::bytes(std::string(bin.begin(), bin.end()));
    }
    case nlohmann::json::value_t::array: {
      Array items;
      items.reserve(json.size());
      for (const auto& item : json) items.push_back(fromNlohmann(item));
      return Value(std::move(items));
    }
    case nlohmann::json::value_t::object: {
      Object fields;
      fields.reserve(json.size());
      for (auto it = json.begin(); it != json.end(); ++it) fields.emplace_back(it.key(), fromNlohmann(it.value()));
      return Value(std::move(fields));
    }
  }
  return Value();
}

void appendBase64(std::string_view data, std::string& out) {
  std::size_t i = 0;
  const auto* p = reinterpret_cast<const unsigned char*>(data.data());
  for (; i + 3 <= data.size(); i += 3) {
    std::uint32_t n = (p[i] << 16) | (p[i + 1] << 8) | p[i + 2];
    char chunk[4] = {kBase64[(n >> 18) & 63], kBase64[(n >> 12) & 63], kBase64[(n >> 6) & 63], kBase64[n & 63]};
    out.append(chunk, 4);
  }
  std::size_t rest = data.size() - i;
  if (rest == 1) {
    std::uint32_t n = p[i] << 16;
    char chunk[4] = {kBase64[(n >> 18) & 63], kBase64[(n >> 12) & 63], '=', '='};
    out.append(chunk, 4);
  } else if (rest == 2) {
    std::uint32_t n = (p[i] << 16) | (p[i + 1] << 8);
    char chunk[4] = {kBase64[(n >> 18) & 63], kBase64[(n >> 12) & 63], kBase64[(n >> 6) & 63], '='};
    out.append(chunk, 4);
  }
}

bool decodeBase64(std::string_view text, std::string& out) {
  auto decode = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+' || c == '-') return 62;
    if (c == '/' || c == '_') return 63;
    return -1;
  };
  while (!text.empty() && text.back() == '=') text.remove_suffix(1);
  if (text.size() % 4 == 1) return false;
  std::uint32_t accumulator = 0;
  int bits = 0;
  for (char c : text) {
    int d = decode(c);
    if (d < 0) return false;
    accumulator = (accumulator << 6) | static_cast<std::uint32_t>(d);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((accumulator >> bits) & 0xFF));
    }
  }
  return true;
}

}  // namespace tributary::record
