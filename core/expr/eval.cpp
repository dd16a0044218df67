// Evaluation: value helpers shared by operators and functions, and the node
// classes of the compiled tree.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>

#include "core/expr/nodes.h"
#include "core/record/json.h"
#include "core/record/timestamp.h"

namespace tributary::expr {

namespace {
const Value kTrue(true);
const Value kFalse(false);
const Value& boolValue(bool b) {
  return b ? kTrue : kFalse;
}
}  // namespace

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

// ------------------------------------------------------------------ nodes

namespace {

bool iequalsField(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

class LiteralNode final : public Node {
 public:
  explicit LiteralNode(Value v) : m_value(std::move(v)) {}
  const Value& eval(EvalContext&, Value&) const override { return m_value; }
  const Value* literal() const override { return &m_value; }

 private:
  Value m_value;
};

class FieldNode final : public Node {
 public:
  FieldNode(RootKind root, std::vector<PathSegment> path) : m_root(root), m_path(std::move(path)) {}

  const Value& eval(EvalContext& ctx, Value& tmp) const override {
    const record::Record& r = *ctx.record;
    const Value* cur = nullptr;
    switch (m_root) {
      case RootKind::Value:
        cur = &r.value;
        break;
      case RootKind::Key:
        cur = &r.key;
        break;
      case RootKind::Timestamp:
        tmp = Value::timestampMicros(r.timestampMs * 1000);
        return tmp;
      case RootKind::Headers: {
        const std::string& name = m_path[0].name;
        for (auto it = r.headers.rbegin(); it != r.headers.rend(); ++it) {
          if (it->key == name) {
            tmp = Value(std::string_view(it->value));
            return tmp;
          }
        }
        return nullValue();
      }
    }
    for (const PathSegment& seg : m_path) {
      if (seg.index >= 0) {
        if (cur->type() != ValueType::Array) return nullValue();
        const record::Array& items = cur->asArray();
        if (static_cast<std::uint64_t>(seg.index) >= items.size()) return nullValue();
        cur = &items[static_cast<std::size_t>(seg.index)];
        continue;
      }
      if (cur->type() != ValueType::Object) return nullValue();
      const Value* next = cur->find(seg.name);
      if (next == nullptr && !seg.quoted) {
        for (const record::Field& field : cur->asObject()) {
          if (iequalsField(field.first, seg.name)) {
            next = &field.second;
            break;
          }
        }
      }
      if (next == nullptr) return nullValue();
      cur = next;
    }
    return *cur;
  }

 private:
  RootKind m_root;
  std::vector<PathSegment> m_path;
};

std::string_view opSymbol(BinaryOp op) {
  switch (op) {
    case BinaryOp::Add:
      return "+";
    case BinaryOp::Sub:
      return "-";
    case BinaryOp::Mul:
      return "*";
    case BinaryOp::Div:
      return "/";
    case BinaryOp::Mod:
      return "%";
    case BinaryOp::Concat:
      return "||";
    case BinaryOp::Eq:
      return "=";
    case BinaryOp::Ne:
      return "<>";
    case BinaryOp::Lt:
      return "<";
    case BinaryOp::Le:
      return "<=";
    case BinaryOp::Gt:
      return ">";
    case BinaryOp::Ge:
      return ">=";
    case BinaryOp::And:
      return "AND";
    case BinaryOp::Or:
      return "OR";
  }
  return "?";
}

class ArithmeticNode final : public Node {
 public:
  ArithmeticNode(BinaryOp op, NodePtr l, NodePtr r) : m_op(op), m_left(std::move(l)), m_right(std::move(r)) {}

  const Value& eval(EvalContext& ctx, Value& tmp) const override {
    Value lt, rt;
    const Value& a = m_left->eval(ctx, lt);
    const Value& b = m_right->eval(ctx, rt);
    if (a.isNull() || b.isNull()) return nullValue();
    if (a.type() == ValueType::Int && b.type() == ValueType::Int) {
      std::int64_t x = a.asInt(), y = b.asInt(), r = 0;
      bool overflow = false;
      switch (m_op) {
        case BinaryOp::Add:
          overflow = __builtin_add_overflow(x, y, &r);
          break;
        case BinaryOp::Sub:
          overflow = __builtin_sub_overflow(x, y, &r);
          break;
        case BinaryOp::Mul:
          overflow = __builtin_mul_overflow(x, y, &r);
          break;
        case BinaryOp::Div:
          if (y == 0) return nullValue();
          if (x == std::numeric_limits<std::int64_t>::min() && y == -1) {
            overflow = true;
          } else {
            r = x / y;
          }
          break;
        case BinaryOp::Mod:
          if (y == 0) return nullValue();
          r = (y == -1) ? 0 : x % y;
          break;
        default:
          break;
      }
      if (overflow) return ctx.fail(*this, "integer overflow");
      tmp = Value(r);
      return tmp;
    }
    double x = 0, y = 0;
    if (!toNumber(a, x) || !toNumber(b, y)) {
      std::string hint = (m_op == BinaryOp::Add && (a.type() == ValueType::String || b.type() == ValueType::String))
                             ? " (use || to concatenate strings)"
                             : "";
      return ctx.fail(
          *this, "cannot apply '" + std::string(opSymbol(m_op)) + "' to " + describe(a) + " and " + describe(b) + hint);
    }
    double r = 0;
    switch (m_op) {
      case BinaryOp::Add:
        r = x + y;
        break;
      case BinaryOp::Sub:
        r = x - y;
        break;
      case BinaryOp::Mul:
        r = x * y;
        break;
      case BinaryOp::Div:
        if (y == 0.0) return nullValue();
        r = x / y;
        break;
      case BinaryOp::Mod:
        if (y == 0.0) return nullValue();
        r = std::fmod(x, y);
        break;
      default:
        break;
    }
    tmp = Value(r);
    return tmp;
  }

 private:
  BinaryOp m_op;
  NodePtr m_left, m_right;
};

class ConcatNode final : public Node {
 public:
  ConcatNode(NodePtr l, NodePtr r) : m_left(std::move(l)), m_right(std::move(r)) {}
  const Value& eval(EvalContext& ctx, Value& tmp) const override {
    Value lt, rt;
    const Value& a = m_left->eval(ctx, lt);
    const Value& b = m_right->eval(ctx, rt);
    if (a.isNull() || b.isNull()) return nullValue();
    std::string s;
    appendText(a, s);
    appendText(b, s);
    tmp = Value(std::move(s));
    return tmp;
  }

 private:
  NodePtr m_left, m_right;
};

class CompareNode final : public Node {
 public:
  CompareNode(BinaryOp op, NodePtr l, NodePtr r) : m_op(op), m_left(std::move(l)), m_right(std::move(r)) {}

  const Value& eval(EvalContext& ctx, Value&) const override {
    Value lt, rt;
    const Value& a = m_left->eval(ctx, lt);
    const Value& b = m_right->eval(ctx, rt);
    if (a.isNull() || b.isNull()) return nullValue();
    int c = 0;
    if (!compareValues(a, b, c)) {
      bool structured = a.type() == ValueType::Array || a.type() == ValueType::Object;
      if (structured && a.type() == b.type() && (m_op == BinaryOp::Eq || m_op == BinaryOp::Ne)) {
        return boolValue((a == b) == (m_op == BinaryOp::Eq));
      }
      return ctx.fail(*this, "cannot compare " + describe(a) + " with " + describe(b));
    }
    switch (m_op) {
      case BinaryOp::Eq:
        return boolValue(c == 0);
      case BinaryOp::Ne:
        return boolValue(c != 0);
      case BinaryOp::Lt:
        return boolValue(c < 0);
      case BinaryOp::Le:
        return boolValue(c <= 0);
      case BinaryOp::Gt:
        return boolValue(c > 0);
      case BinaryOp::Ge:
        return boolValue(c >= 0);
      default:
        return nullValue();
    }
  }

 private:
  BinaryOp m_op;
  NodePtr m_left, m_right;
};

// 0 false, 1 true, 2 null; -1 type error (reported).
int truth(const Value& v, EvalContext& ctx, const Node& where, std::string_view what) {
  switch (v.type()) {
    case ValueType::Bool:
      return v.asBool() ? 1 : 0;
    case ValueType::Null:
      return 2;
    default:
      ctx.fail(where, std::string(what) + " expects a boolean, got " + describe(v));
      return -1;
  }
}

class AndNode final : public Node {
 public:
  AndNode(NodePtr l, NodePtr r) : m_left(std::move(l)), m_right(std::move(r)) {}
  const Value& eval(EvalContext& ctx, Value&) const override {
    Value lt;
    int a = truth(m_left->eval(ctx, lt), ctx, *this, "AND");
    if (a == 0) return kFalse;
    if (a < 0) return nullValue();
    Value rt;
    int b = truth(m_right->eval(ctx, rt), ctx, *this, "AND");
    if (b == 0) return kFalse;
    if (b < 0) return nullValue();
    return (a == 1 && b == 1) ? kTrue : nullValue();
  }

 private:
  NodePtr m_left, m_right;
};

class OrNode final : public Node {
 public:
  OrNode(NodePtr l, NodePtr r) : m_left(std::move(l)), m_right(std::move(r)) {}
  const Value& eval(EvalContext& ctx, Value&) const override {
    Value lt;
    int a = truth(m_left->eval(ctx, lt), ctx, *this, "OR");
    if (a == 1) return kTrue;
    if (a < 0) return nullValue();
    Value rt;
    int b = truth(m_right->eval(ctx, rt), ctx, *this, "OR");
    if (b == 1) return kTrue;
    if (b < 0) return nullValue();
    return (a == 0 && b == 0) ? kFalse : nullValue();
  }

 private:
  NodePtr m_left, m_right;
};

class NotNode final : public Node {
 public:
  explicit NotNode(NodePtr operand) : m_operand(std::move(operand)) {}
  const Value& eval(EvalContext& ctx, Value&) const override {
    Value t;
    int a = truth(m_operand->eval(ctx, t), ctx, *this, "NOT");
    if (a == 0) return kTrue;
    if (a == 1) return kFalse;
    return nullValue();
  }

 private:
  NodePtr m_operand;
};

class NegateNode final : public Node {
 public:
  explicit NegateNode(NodePtr operand) : m_operand(std::move(operand)) {}
  const Value& eval(EvalContext& ctx, Value& tmp) const override {
    Value t;
    const Value& a = m_operand->eval(ctx, t);
    switch (a.type()) {
      case ValueType::Null:
        return nullValue();
      case ValueType::Int:
        if (a.asInt() == std::numeric_limits<std::int64_t>::min()) return ctx.fail(*this, "integer overflow");
        tmp = Value(-a.asInt());
        return tmp;
      case ValueType::Double:
        tmp = Value(-a.asDouble());
        return tmp;
      case ValueType::Decimal: {
        std::string_view d = a.asString();
        tmp = Value::decimal(d.substr(0, 1) == "-" ? std::string(d.substr(1)) : "-" + std::string(d));
        return tmp;
      }
      default:
        return ctx.fail(*this, "cannot negate " + describe(a));
    }
  }

 private:
  NodePtr m_operand;
};

class IsNullNode final : public Node {
 public:
  IsNullNode(NodePtr operand, bool negated) : m_operand(std::move(operand)), m_negated(negated) {}
  const Value& eval(EvalContext& ctx, Value&) const override {
    Value t;
    bool isNull = m_operand->eval(ctx, t).isNull();
    return boolValue(isNull != m_negated);
  }

 private:
  NodePtr m_operand;
  bool m_negated;
};

class InNode final : public Node {
 public:
  InNode(NodePtr operand, std::vector<NodePtr> list, bool negated)
      : m_operand(std::move(operand)), m_list(std::move(list)), m_negated(negated) {}
  const Value& eval(EvalContext& ctx, Value&) const override {
    Value t;
    const Value& x = m_operand->eval(ctx, t);
    if (x.isNull()) return nullValue();
    bool sawNull = false;
    for (const NodePtr& item : m_list) {
      Value it;
      const Value& v = item->eval(ctx, it);
      if (v.isNull()) {
        sawNull = true;
        continue;
      }
      int c = 0;
      if (compareValues(x, v, c) ? c == 0 : (x.type() == v.type() && x == v)) return boolValue(!m_negated);
    }
    if (sawNull) return nullValue();
    return boolValue(m_negated);
  }

 private:
  NodePtr m_operand;
  std::vector<NodePtr> m_list;
  bool m_negated;
};

class LikeNode final : public Node {
 public:
  LikeNode(NodePtr operand, NodePtr pattern, bool negated)
      : m_operand(std::move(operand)), m_pattern(std::move(pattern)), m_negated(negated) {}
  const Value& eval(EvalContext& ctx, Value&) const override {
    Value t, pt;
    const Value& x = m_operand->eval(ctx, t);
    const Value& p = m_pattern->eval(ctx, pt);
    if (x.isNull() || p.isNull()) return nullValue();
    if (p.type() != ValueType::String) return ctx.fail(*this, "LIKE expects a string pattern, got " + describe(p));
    if (x.type() == ValueType::String) return boolValue(likeMatch(x.asString(), p.asString()) != m_negated);
    std::string text;
    appendText(x, text);
    return boolValue(likeMatch(text, p.asString()) != m_negated);
  }

 private:
  NodePtr m_operand, m_pattern;
  bool m_negated;
};

class BetweenNode final : public Node {
 public:
  BetweenNode(NodePtr x, NodePtr low, NodePtr high, bool negated)
      : m_x(std::move(x)), m_low(std::move(low)), m_high(std::move(high)), m_negated(negated) {}
  const Value& eval(EvalContext& ctx, Value&) const override {
    Value xt, lt, ht;
    const Value& x = m_x->eval(ctx, xt);
    const Value& lo = m_low->eval(ctx, lt);
    const Value& hi = m_high->eval(ctx, ht);
    // x >= lo AND x <= hi, in three-valued logic
    auto side = [&](const Value& bound, bool lower) -> int {
      if (x.isNull() || bound.isNull()) return 2;
      int c = 0;
      if (!compareValues(x, bound, c)) {
        ctx.fail(*this, "cannot compare " + describe(x) + " with " + describe(bound));
        return 2;
      }
      return lower ? (c >= 0) : (c <= 0);
    };
    int a = side(lo, true);
    int b = side(hi, false);
    int r = (a == 0 || b == 0) ? 0 : (a == 2 || b == 2) ? 2 : 1;
    if (r == 2) return nullValue();
    return boolValue((r == 1) != m_negated);
  }

 private:
  NodePtr m_x, m_low, m_high;
  bool m_negated;
};

class CaseNode final : public Node {
 public:
  CaseNode(NodePtr subject, std::vector<std::pair<NodePtr, NodePtr>> whens, NodePtr otherwise)
      : m_subject(std::move(subject)), m_whens(std::move(whens)), m_otherwise(std::move(otherwise)) {}
  const Value& eval(EvalContext& ctx, Value& tmp) const override {
    if (m_subject) {
      Value st;
      const Value& s = m_subject->eval(ctx, st);
      if (!s.isNull()) {
        for (const auto& [when, then] : m_whens) {
          Value wt;
          const Value& w = when->eval(ctx, wt);
          if (w.isNull()) continue;
          int c = 0;
          if (compareValues(s, w, c) ? c == 0 : (s.type() == w.type() && s == w)) return then->eval(ctx, tmp);
        }
      }
    } else {
      for (const auto& [when, then] : m_whens) {
        Value wt;
        int t = truth(when->eval(ctx, wt), ctx, *when, "WHEN");
        if (t < 0) return nullValue();
        if (t == 1) return then->eval(ctx, tmp);
      }
    }
    if (m_otherwise) return m_otherwise->eval(ctx, tmp);
    return nullValue();
  }

 private:
  NodePtr m_subject;
  std::vector<std::pair<NodePtr, NodePtr>> m_whens;
  NodePtr m_otherwise;
};

class CastNode final : public Node {
 public:
  CastNode(NodePtr operand, CastType type, int scale) : m_operand(std::move(operand)), m_type(type), m_scale(scale) {}
  const Value& eval(EvalContext& ctx, Value& tmp) const override {
    Value t;
    const Value& v = m_operand->eval(ctx, t);
    if (v.isNull()) return nullValue();
    std::string message;
    if (!castValue(v, m_type, m_scale, tmp, message)) return ctx.fail(*this, message);
    return tmp;
  }

 private:
  NodePtr m_operand;
  CastType m_type;
  int m_scale;
};

class CallNode final : public Node {
 public:
  CallNode(const FunctionSpec* spec, std::vector<NodePtr> args) : m_spec(spec), m_args(std::move(args)) {}
  const Value& eval(EvalContext& ctx, Value& tmp) const override {
    constexpr std::size_t kInline = 4;
    const std::size_t n = m_args.size();
    Value inlineTemps[kInline];
    const Value* inlinePtrs[kInline];
    std::vector<Value> heapTemps;
    std::vector<const Value*> heapPtrs;
    Value* temps = inlineTemps;
    const Value** ptrs = inlinePtrs;
    if (n > kInline) {
      heapTemps.resize(n);
      heapPtrs.resize(n);
      temps = heapTemps.data();
      ptrs = heapPtrs.data();
    }
    for (std::size_t i = 0; i < n; ++i) {
      ptrs[i] = &m_args[i]->eval(ctx, temps[i]);
      if (m_spec->nullIfAnyArgNull && ptrs[i]->isNull()) return nullValue();
    }
    m_spec->impl(ptrs, n, tmp, ctx, *this);
    return tmp;
  }

 private:
  const FunctionSpec* m_spec;
  std::vector<NodePtr> m_args;
};

class CoalesceNode final : public Node {
 public:
  explicit CoalesceNode(std::vector<NodePtr> args) : m_args(std::move(args)) {}
  const Value& eval(EvalContext& ctx, Value& tmp) const override {
    for (const NodePtr& arg : m_args) {
      const Value& v = arg->eval(ctx, tmp);
      if (!v.isNull()) return v;
    }
    return nullValue();
  }

 private:
  std::vector<NodePtr> m_args;
};

}  // namespace

NodePtr makeLiteral(Value v) {
  return std::make_unique<LiteralNode>(std::move(v));
}
NodePtr makeField(RootKind root, std::vector<PathSegment> path) {
  return std::make_unique<FieldNode>(root, std::move(path));
}
NodePtr makeBinary(BinaryOp op, NodePtr left, NodePtr right) {
  switch (op) {
    case BinaryOp::Add:
    case BinaryOp::Sub:
    case BinaryOp::Mul:
    case BinaryOp::Div:
    case BinaryOp::Mod:
      return std::make_unique<ArithmeticNode>(op, std::move(left), std::move(right));
    case BinaryOp::Concat:
      return std::make_unique<ConcatNode>(std::move(left), std::move(right));
    case BinaryOp::And:
      return std::make_unique<AndNode>(std::move(left), std::move(right));
    case BinaryOp::Or:
      return std::make_unique<OrNode>(std::move(left), std::move(right));
    default:
      return std::make_unique<CompareNode>(op, std::move(left), std::move(right));
  }
}
NodePtr makeNot(NodePtr operand) {
  return std::make_unique<NotNode>(std::move(operand));
}
NodePtr makeNegate(NodePtr operand) {
  return std::make_unique<NegateNode>(std::move(operand));
}
NodePtr makeIsNull(NodePtr operand, bool negated) {
  return std::make_unique<IsNullNode>(std::move(operand), negated);
}
NodePtr makeIn(NodePtr operand, std::vector<NodePtr> list, bool negated) {
  return std::make_unique<InNode>(std::move(operand), std::move(list), negated);
}
NodePtr makeLike(NodePtr operand, NodePtr pattern, bool negated) {
  return std::make_unique<LikeNode>(std::move(operand), std::move(pattern), negated);
}
NodePtr makeBetween(NodePtr operand, NodePtr low, NodePtr high, bool negated) {
  return std::make_unique<BetweenNode>(std::move(operand), std::move(low), std::move(high), negated);
}
NodePtr makeCase(NodePtr subject, std::vector<std::pair<NodePtr, NodePtr>> whens, NodePtr otherwise) {
  return std::make_unique<CaseNode>(std::move(subject), std::move(whens), std::move(otherwise));
}
NodePtr makeCast(NodePtr operand, CastType type, int decimalScale) {
  return std::make_unique<CastNode>(std::move(operand), type, decimalScale);
}
NodePtr makeCall(const FunctionSpec* spec, std::vector<NodePtr> args) {
  return std::make_unique<CallNode>(spec, std::move(args));
}
NodePtr makeCoalesce(std::vector<NodePtr> args) {
  return std::make_unique<CoalesceNode>(std::move(args));
}

}  // namespace tributary::expr
