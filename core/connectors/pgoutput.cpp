#include "core/connectors/pgoutput.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "core/record/json.h"
#include "core/record/timestamp.h"

namespace tributary::connectors::pgoutput {

using record::Value;

namespace {

// Big-endian reader over a message; every read checks the remaining length.
class Reader {
 public:
  explicit Reader(std::string_view data) : m_p(data.data()), m_end(data.data() + data.size()) {}
  bool u8(std::uint8_t& v) {
    if (m_end - m_p < 1) return false;
    v = static_cast<std::uint8_t>(*m_p++);
    return true;
  }
  bool u16(std::uint16_t& v) {
    std::uint64_t x;
    if (!be(2, x)) return false;
    v = static_cast<std::uint16_t>(x);
    return true;
  }
  bool u32(std::uint32_t& v) {
    std::uint64_t x;
    if (!be(4, x)) return false;
    v = static_cast<std::uint32_t>(x);
    return true;
  }
  bool i32(std::int32_t& v) {
    std::uint32_t x;
    if (!u32(x)) return false;
    v = static_cast<std::int32_t>(x);
    return true;
  }
  bool u64(std::uint64_t& v) { return be(8, v); }
  bool i64(std::int64_t& v) {
    std::uint64_t x;
    if (!be(8, x)) return false;
    v = static_cast<std::int64_t>(x);
    return true;
  }
  // A NUL-terminated string.
  bool cstr(std::string_view& v) {
    const void* nul = std::memchr(m_p, 0, static_cast<std::size_t>(m_end - m_p));
    if (!nul) return false;
    const char* z = static_cast<const char*>(nul);
    v = std::string_view(m_p, static_cast<std::size_t>(z - m_p));
    m_p = z + 1;
    return true;
  }
  bool bytes(std::size_t n, std::string_view& v) {
    if (static_cast<std::size_t>(m_end - m_p) < n) return false;
    v = std::string_view(m_p, n);
    m_p += n;
    return true;
  }
  std::string_view rest() const { return std::string_view(m_p, static_cast<std::size_t>(m_end - m_p)); }
  bool done() const { return m_p == m_end; }

 private:
  bool be(int n, std::uint64_t& v) {
    if (m_end - m_p < n) return false;
    v = 0;
    for (int i = 0; i < n; ++i) v = (v << 8) | static_cast<unsigned char>(m_p[i]);
    m_p += n;
    return true;
  }
  const char* m_p;
  const char* m_end;
};

void putBe(std::string& out, std::uint64_t v, int n) {
  for (int i = n - 1; i >= 0; --i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

Error bad(char kind, const char* what) {
  std::string k =
      kind >= 0x20 && kind < 0x7f ? std::string(1, kind) : "0x" + std::to_string(static_cast<unsigned char>(kind));
  return makeError(ErrorCode::Invalid, std::string("malformed pgoutput message '") + k + "': " + what);
}

bool readTuple(Reader& r, Tuple& tuple) {
  std::uint16_t n;
  if (!r.u16(n)) return false;
  tuple.resize(n);
  for (std::uint16_t i = 0; i < n; ++i) {
    std::uint8_t kind;
    if (!r.u8(kind)) return false;
    TupleValue& v = tuple[i];
    v.kind = static_cast<char>(kind);
    v.data = {};
    switch (v.kind) {
      case 'n':
      case 'u':
        break;
      case 't':
      case 'b': {
        std::uint32_t len;
        if (!r.u32(len) || !r.bytes(len, v.data)) return false;
        break;
      }
      default:
        return false;
    }
  }
  return true;
}

int hexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool parseInt(std::string_view s, std::int64_t& out) {
  if (s.empty() || s.size() > 20) return false;
  std::size_t i = 0;
  bool neg = false;
  if (s[0] == '-' || s[0] == '+') {
    neg = s[0] == '-';
    i = 1;
    if (s.size() == 1) return false;
  }
  std::uint64_t v = 0;
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (c < '0' || c > '9') return false;
    std::uint64_t next = v * 10 + static_cast<std::uint64_t>(c - '0');
    if (next / 10 != v) return false;  // overflow
    v = next;
  }
  if (neg) {
    if (v > static_cast<std::uint64_t>(INT64_MAX) + 1) return false;
    out = static_cast<std::int64_t>(0 - v);
  } else {
    if (v > static_cast<std::uint64_t>(INT64_MAX)) return false;
    out = static_cast<std::int64_t>(v);
  }
  return true;
}

}  // namespace

std::string formatLsn(std::uint64_t lsn) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%X/%X", static_cast<unsigned>(lsn >> 32), static_cast<unsigned>(lsn & 0xffffffffu));
  return buf;
}

bool parseLsn(std::string_view text, std::uint64_t& lsn) {
  auto slash = text.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 >= text.size() || slash > 8 ||
      text.size() - slash - 1 > 8)
    return false;
  std::uint64_t hi = 0, lo = 0;
  for (std::size_t i = 0; i < slash; ++i) {
    int d = hexDigit(text[i]);
    if (d < 0) return false;
    hi = hi * 16 + static_cast<std::uint64_t>(d);
  }
  for (std::size_t i = slash + 1; i < text.size(); ++i) {
    int d = hexDigit(text[i]);
    if (d < 0) return false;
    lo = lo * 16 + static_cast<std::uint64_t>(d);
  }
  lsn = (hi << 32) | lo;
  return true;
}

Status parseCopyFrame(std::string_view bytes, CopyFrame& out) {
  if (bytes.empty()) return makeError(ErrorCode::Invalid, "empty replication message");
  Reader r(bytes.substr(1));
  out.kind = bytes[0];
  if (out.kind == 'w') {
    if (!r.u64(out.data.walStart) || !r.u64(out.data.walEnd) || !r.i64(out.data.sendTime))
      return makeError(ErrorCode::Invalid, "truncated XLogData message");
    out.data.payload = r.rest();
    return {};
  }
  if (out.kind == 'k') {
    std::uint8_t reply;
    if (!r.u64(out.keepalive.walEnd) || !r.i64(out.keepalive.sendTime) || !r.u8(reply))
      return makeError(ErrorCode::Invalid, "truncated primary keepalive message");
    out.keepalive.replyRequested = reply != 0;
    return {};
  }
  return makeError(ErrorCode::Invalid,
                   "unknown replication message type " + std::to_string(static_cast<unsigned char>(out.kind)));
}

std::string standbyStatusUpdate(std::uint64_t written, std::uint64_t flushed, std::uint64_t applied,
                                std::int64_t nowPgMicros, bool replyRequested) {
  std::string out;
  out.reserve(34);
  out.push_back('r');
  putBe(out, written, 8);
  putBe(out, flushed, 8);
  putBe(out, applied, 8);
  putBe(out, static_cast<std::uint64_t>(nowPgMicros), 8);
  out.push_back(replyRequested ? 1 : 0);
  return out;
}

Status decode(std::string_view bytes, Message& out) {
  if (bytes.empty()) return makeError(ErrorCode::Invalid, "empty pgoutput message");
  Reader r(bytes.substr(1));
  char kind = bytes[0];
  out.kind = kind;
  switch (kind) {
    case 'B':
      if (!r.u64(out.finalLsn) || !r.i64(out.commitTime) || !r.u32(out.xid)) return bad(kind, "truncated");
      return {};
    case 'C':
      if (!r.u8(out.flags) || !r.u64(out.commitLsn) || !r.u64(out.endLsn) || !r.i64(out.commitTime))
        return bad(kind, "truncated");
      return {};
    case 'O': {
      std::uint64_t lsn;
      if (!r.u64(lsn) || !r.cstr(out.text)) return bad(kind, "truncated");
      return {};
    }
    case 'R': {
      Relation& rel = out.relation;
      std::string_view schema, name;
      std::uint8_t identity;
      std::uint16_t n;
      if (!r.u32(rel.oid) || !r.cstr(schema) || !r.cstr(name) || !r.u8(identity) || !r.u16(n))
        return bad(kind, "truncated");
      rel.schema.assign(schema);
      rel.name.assign(name);
      rel.replicaIdentity = static_cast<char>(identity);
      rel.columns.resize(n);
      for (std::uint16_t i = 0; i < n; ++i) {
        std::uint8_t flags;
        std::string_view col;
        Column& c = rel.columns[i];
        if (!r.u8(flags) || !r.cstr(col) || !r.u32(c.typeOid) || !r.i32(c.typeMod))
          return bad(kind, "truncated column");
        c.key = (flags & 1) != 0;
        c.name.assign(col);
      }
      return {};
    }
    case 'Y': {
      std::uint32_t typeOid;
      std::string_view ns;
      if (!r.u32(typeOid) || !r.cstr(ns) || !r.cstr(out.text)) return bad(kind, "truncated");
      return {};
    }
    case 'I': {
      std::uint8_t n;
      if (!r.u32(out.relationOid) || !r.u8(n) || n != 'N') return bad(kind, "expected 'N' and a new tuple");
      out.oldKind = 0;
      out.oldTuple.clear();
      if (!readTuple(r, out.newTuple)) return bad(kind, "truncated tuple");
      return {};
    }
    case 'U': {
      std::uint8_t n;
      if (!r.u32(out.relationOid) || !r.u8(n)) return bad(kind, "truncated");
      out.oldKind = 0;
      out.oldTuple.clear();
      if (n == 'K' || n == 'O') {
        out.oldKind = static_cast<char>(n);
        if (!readTuple(r, out.oldTuple) || !r.u8(n)) return bad(kind, "truncated old tuple");
      }
      if (n != 'N') return bad(kind, "expected 'N' before the new tuple");
      if (!readTuple(r, out.newTuple)) return bad(kind, "truncated tuple");
      return {};
    }
    case 'D': {
      std::uint8_t n;
      if (!r.u32(out.relationOid) || !r.u8(n) || (n != 'K' && n != 'O')) return bad(kind, "expected 'K' or 'O'");
      out.oldKind = static_cast<char>(n);
      out.newTuple.clear();
      if (!readTuple(r, out.oldTuple)) return bad(kind, "truncated tuple");
      return {};
    }
    case 'T': {
      std::uint32_t n;
      if (!r.u32(n) || !r.u8(out.flags)) return bad(kind, "truncated");
      if (n > bytes.size() / 4) return bad(kind, "relation count beyond the message");
      out.relations.resize(n);
      for (std::uint32_t i = 0; i < n; ++i)
        if (!r.u32(out.relations[i])) return bad(kind, "truncated relation list");
      return {};
    }
    case 'M': {
      std::uint64_t lsn;
      std::uint32_t len;
      if (!r.u8(out.flags) || !r.u64(lsn) || !r.cstr(out.text) || !r.u32(len) || !r.bytes(len, out.content))
        return bad(kind, "truncated");
      return {};
    }
    default:
      return bad(kind, "unknown message type");
  }
}

Value textToValue(std::uint32_t typeOid, std::string_view s) {
  switch (typeOid) {
    case oid::Bool:
      return Value(s == "t");
    case oid::Int2:
    case oid::Int4:
    case oid::Int8:
    case oid::Oid: {
      std::int64_t v;
      if (parseInt(s, v)) return Value(v);
      return Value(s);
    }
    case oid::Float4:
    case oid::Float8: {
      if (s == "NaN") return Value(std::nan(""));
      if (s == "Infinity") return Value(HUGE_VAL);
      if (s == "-Infinity") return Value(-HUGE_VAL);
      std::string tmp(s);
      char* end = nullptr;
      double d = std::strtod(tmp.c_str(), &end);
      if (end == tmp.c_str() || *end != '\0') return Value(s);
      return Value(d);
    }
    case oid::Numeric: {
      if (s.empty() || s == "NaN" || s == "Infinity" || s == "-Infinity") return Value(s);
      return Value::decimal(std::string(s));
    }
    case oid::Timestamp:
    case oid::TimestampTz: {
      if (auto t = record::parseIsoTimestamp(s)) return Value::timestampMicros(*t);
      return Value(s);  // infinity, BC dates
    }
    case oid::Json:
    case oid::Jsonb: {
      auto v = record::parseJson(s);
      return v ? std::move(*v) : Value(s);
    }
    case oid::Bytea: {
      if (s.size() >= 2 && s[0] == '\\' && s[1] == 'x' && s.size() % 2 == 0) {
        std::string out;
        out.resize((s.size() - 2) / 2);
        for (std::size_t i = 2, o = 0; i + 1 < s.size(); i += 2, ++o) {
          int hi = hexDigit(s[i]), lo = hexDigit(s[i + 1]);
          if (hi < 0 || lo < 0) return Value::bytes(std::string(s));
          out[o] = static_cast<char>(hi * 16 + lo);
        }
        return Value::bytes(std::move(out));
      }
      return Value::bytes(std::string(s));
    }
    default:
      return Value(s);
  }
}

bool parseCopyTextLine(std::string_view line, std::vector<CopyField>& fields, std::string& scratch) {
  fields.clear();
  if (scratch.size() < line.size()) scratch.resize(line.size());
  char* out = scratch.data();
  std::size_t start = 0;
  while (true) {
    std::size_t tab = line.find('\t', start);
    std::size_t end = tab == std::string_view::npos ? line.size() : tab;
    std::string_view raw = line.substr(start, end - start);
    CopyField f;
    if (raw == "\\N") {
      f.isNull = true;
    } else if (raw.find('\\') == std::string_view::npos) {
      f.text = raw;
    } else {
      char* begin = out;
      for (std::size_t i = 0; i < raw.size(); ++i) {
        char c = raw[i];
        if (c != '\\') {
          *out++ = c;
          continue;
        }
        if (++i >= raw.size()) return false;
        char e = raw[i];
        switch (e) {
          case 'b':
            *out++ = '\b';
            break;
          case 'f':
            *out++ = '\f';
            break;
          case 'n':
            *out++ = '\n';
            break;
          case 'r':
            *out++ = '\r';
            break;
          case 't':
            *out++ = '\t';
            break;
          case 'v':
            *out++ = '\v';
            break;
          case 'x': {  // \xHH (one or two hex digits)
            int v = 0, digits = 0;
            while (digits < 2 && i + 1 < raw.size() && hexDigit(raw[i + 1]) >= 0)
              v = v * 16 + hexDigit(raw[++i]), ++digits;
            if (digits == 0) {
              *out++ = 'x';
            } else {
              *out++ = static_cast<char>(v);
            }
            break;
          }
          default:
            if (e >= '0' && e <= '7') {  // \ooo (one to three octal digits)
              int v = e - '0', digits = 1;
              while (digits < 3 && i + 1 < raw.size() && raw[i + 1] >= '0' && raw[i + 1] <= '7')
                v = v * 8 + (raw[++i] - '0'), ++digits;
              *out++ = static_cast<char>(v);
            } else {
              *out++ = e;  // \\ and any other escaped character stand for themselves
            }
        }
      }
      f.text = std::string_view(begin, static_cast<std::size_t>(out - begin));
    }
    fields.push_back(f);
    if (tab == std::string_view::npos) break;
    start = tab + 1;
  }
  return true;
}

}  // namespace tributary::connectors::pgoutput
