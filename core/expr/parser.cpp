// Recursive-descent parser: tokens (lexer.h) -> compiled node tree.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <optional>

#include "core/expr/lexer.h"
#include "core/expr/nodes.h"

namespace tributary::expr {

namespace {

constexpr std::size_t kMaxTextLength = 100'000;
constexpr int kMaxNodes = 10'000;
constexpr int kMaxDepth = 200;

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'a' && x <= 'z') x = static_cast<char>(x - 'a' + 'A');
    if (y >= 'a' && y <= 'z') y = static_cast<char>(y - 'a' + 'A');
    if (x != y) return false;
  }
  return true;
}

constexpr std::string_view kReserved[] = {"AND",     "OR",   "NOT",  "IS",   "NULL", "TRUE", "FALSE", "IN",   "LIKE",
                                          "BETWEEN", "CASE", "WHEN", "THEN", "ELSE", "END",  "AS",    "CAST", "EXCEPT"};

bool isReserved(std::string_view word) {
  for (std::string_view k : kReserved) {
    if (iequals(word, k)) return true;
  }
  return false;
}

class Parser {
 public:
  explicit Parser(std::string_view text) : m_text(text) {}

  Result<NodePtr> parseWhole() {
    if (auto err = start()) return *err;
    NodePtr node = expression();
    if (!node) return m_error;
    if (peek().kind != Tok::End) {
      fail(peek(), "expected an operator or the end of the expression, found " + describe(peek()));
      return m_error;
    }
    return node;
  }

  Result<std::vector<SelectItem>> parseSelect() {
    if (auto err = start()) return *err;
    std::vector<SelectItem> items;
    if (peek().kind == Tok::End) {
      fail(peek(), "expected a select list such as '*, upper(name) AS name', found the end of the text");
      return m_error;
    }
    while (true) {
      SelectItem item;
      const Token& first = peek();
      if (first.kind == Tok::Star) {
        advance();
        item.star = true;
        if (isKeyword(peek(), "EXCEPT")) {
          advance();
          if (!expect(Tok::LParen, "expected '(' after EXCEPT")) return m_error;
          while (true) {
            const Token& name = peek();
            if (name.kind != Tok::Ident && name.kind != Tok::QuotedIdent) {
              fail(name, "expected a field name in EXCEPT (...), found " + describe(name));
              return m_error;
            }
            item.except.push_back(name.text);
            advance();
            if (peek().kind == Tok::Comma) {
              advance();
              continue;
            }
            if (!expect(Tok::RParen, "expected ',' or ')' in EXCEPT (...)")) return m_error;
            break;
          }
        }
      } else {
        std::size_t startOffset = first.offset;
        item.expr = expression();
        if (!item.expr) return m_error;
        if (isKeyword(peek(), "AS")) {
          advance();
          const Token& name = peek();
          if (name.kind != Tok::Ident && name.kind != Tok::QuotedIdent) {
            fail(name, "expected a name after AS, found " + describe(name));
            return m_error;
          }
          if (name.kind == Tok::Ident && isReserved(name.text)) {
            fail(name,
                 "'" + name.text + "' is a keyword; quote it with backticks to use it as a name: `" + name.text + "`");
            return m_error;
          }
          item.name = name.text;
          advance();
        } else if (!m_lastFieldName.empty() && m_lastFieldStart == startOffset && m_lastFieldEnd == previousEnd()) {
          item.name = m_lastFieldName;
        } else {
          std::string piece(m_text.substr(startOffset, previousEnd() - startOffset));
          failAt(startOffset, "give the expression '" + piece + "' a name with AS, e.g. " + piece + " AS new_name");
          return m_error;
        }
      }
      items.push_back(std::move(item));
      if (peek().kind == Tok::Comma) {
        advance();
        continue;
      }
      if (peek().kind != Tok::End) {
        fail(peek(), "expected ',' or the end of the select list, found " + describe(peek()));
        return m_error;
      }
      break;
    }
    return items;
  }

  bool usesNow() const { return m_usesNow; }

 private:
  // ---------------------------------------------------------------- errors
  // 1-based line and the offset where that line starts.
  std::pair<int, std::size_t> lineOf(std::size_t offset) {
    if (m_lineStarts.empty()) {
      m_lineStarts.push_back(0);
      for (std::size_t i = 0; i < m_text.size(); ++i) {
        if (m_text[i] == '\n') m_lineStarts.push_back(i + 1);
      }
    }
    auto it = std::upper_bound(m_lineStarts.begin(), m_lineStarts.end(), offset);
    std::size_t index = static_cast<std::size_t>(it - m_lineStarts.begin()) - 1;
    return {static_cast<int>(index + 1), m_lineStarts[index]};
  }
  std::string position(std::size_t offset) {
    auto [line, lineStart] = lineOf(offset);
    std::string column = std::to_string(offset - lineStart + 1);
    if (m_lineStarts.size() > 1) return "line " + std::to_string(line) + ", column " + column;
    return "column " + column;
  }
  void failAt(std::size_t offset, std::string message) {
    if (!m_failed) {
      m_failed = true;
      m_error = makeError(ErrorCode::Invalid, position(offset) + ": " + std::move(message));
    }
  }
  void fail(const Token& at, std::string message) { failAt(at.offset, std::move(message)); }
  static std::string describe(const Token& t) {
    switch (t.kind) {
      case Tok::End:
        return "the end of the expression";
      case Tok::String:
        return "the string '" + t.text + "'";
      case Tok::QuotedIdent:
        return "`" + t.text + "`";
      default:
        return "'" + t.text + "'";
    }
  }

  std::optional<Error> start() {
    if (m_text.size() > kMaxTextLength) {
      return makeError(ErrorCode::Invalid, "the expression is longer than 100,000 characters");
    }
    if (auto e = tokenize(m_text, m_tokens)) {
      failAt(e->offset, std::move(e->message));
      return m_error;
    }
    return std::nullopt;
  }

  // ---------------------------------------------------------------- token stream
  const Token& peek(std::size_t ahead = 0) const {
    std::size_t k = std::min(m_pos + ahead, m_tokens.size() - 1);
    return m_tokens[k];
  }
  void advance() {
    if (m_pos < m_tokens.size() - 1) ++m_pos;
  }
  std::size_t previousEnd() const {
    if (m_pos == 0) return 0;
    const Token& t = m_tokens[m_pos - 1];
    return t.offset + t.length;
  }
  static bool isKeyword(const Token& t, std::string_view word) { return t.kind == Tok::Ident && iequals(t.text, word); }
  bool expect(Tok kind, const std::string& message) {
    if (peek().kind != kind) {
      fail(peek(), message + ", found " + describe(peek()));
      return false;
    }
    advance();
    return true;
  }

  // Stamps position info on a node and counts it against the budget.
  NodePtr finish(NodePtr node, std::size_t startOffset) {
    if (!node) return nullptr;
    if (++m_nodes > kMaxNodes) {
      failAt(startOffset, "the expression has more than 10,000 parts");
      return nullptr;
    }
    auto [line, lineStart] = lineOf(startOffset);
    node->line = line;
    node->column = static_cast<int>(startOffset - lineStart + 1);
    std::size_t end = std::max(previousEnd(), startOffset);
    std::string_view piece = m_text.substr(startOffset, end - startOffset);
    if (piece.size() > 60) {
      node->snippet = std::string(piece.substr(0, 57)) + "...";
    } else {
      node->snippet = std::string(piece);
    }
    return node;
  }

  struct DepthGuard {
    Parser& p;
    bool ok;
    explicit DepthGuard(Parser& parser) : p(parser), ok(++parser.m_depth <= kMaxDepth) {
      if (!ok) p.fail(p.peek(), "the expression is nested more than 200 levels deep");
    }
    ~DepthGuard() { --p.m_depth; }
  };

  // ---------------------------------------------------------------- grammar
  // Depth counts nesting the user sees: each parenthesis, argument list,
  // CASE part, NOT and unary minus is one level.
  NodePtr expression() {
    DepthGuard guard(*this);
    if (!guard.ok) return nullptr;
    return orExpr();
  }

  NodePtr orExpr() {
    std::size_t s = peek().offset;
    NodePtr left = andExpr();
    while (left && isKeyword(peek(), "OR")) {
      advance();
      NodePtr right = andExpr();
      if (!right) return nullptr;
      left = finish(makeBinary(BinaryOp::Or, std::move(left), std::move(right)), s);
    }
    return left;
  }

  NodePtr andExpr() {
    std::size_t s = peek().offset;
    NodePtr left = notExpr();
    while (left && isKeyword(peek(), "AND")) {
      advance();
      NodePtr right = notExpr();
      if (!right) return nullptr;
      left = finish(makeBinary(BinaryOp::And, std::move(left), std::move(right)), s);
    }
    return left;
  }

  NodePtr notExpr() {
    std::size_t s = peek().offset;
    if (isKeyword(peek(), "NOT")) {
      DepthGuard guard(*this);
      if (!guard.ok) return nullptr;
      advance();
      NodePtr operand = notExpr();
      if (!operand) return nullptr;
      return finish(makeNot(std::move(operand)), s);
    }
    return predicate();
  }

  NodePtr predicate() {
    std::size_t s = peek().offset;
    NodePtr left = concatExpr();
    if (!left) return nullptr;
    const Token& t = peek();
    // comparison
    BinaryOp op{};
    bool isCmp = true;
    switch (t.kind) {
      case Tok::Eq:
        op = BinaryOp::Eq;
        break;
      case Tok::Ne:
        op = BinaryOp::Ne;
        break;
      case Tok::Lt:
        op = BinaryOp::Lt;
        break;
      case Tok::Le:
        op = BinaryOp::Le;
        break;
      case Tok::Gt:
        op = BinaryOp::Gt;
        break;
      case Tok::Ge:
        op = BinaryOp::Ge;
        break;
      default:
        isCmp = false;
    }
    if (isCmp) {
      std::string opText = t.text;
      advance();
      NodePtr right = concatExpr();
      if (!right) {
        if (!m_failed) fail(peek(), "expected a value after '" + opText + "'");
        return nullptr;
      }
      NodePtr cmp = finish(makeBinary(op, std::move(left), std::move(right)), s);
      if (cmp && (peek().kind == Tok::Eq || peek().kind == Tok::Ne || peek().kind == Tok::Lt ||
                  peek().kind == Tok::Le || peek().kind == Tok::Gt || peek().kind == Tok::Ge)) {
        fail(peek(), "comparisons cannot be chained; combine them with AND");
        return nullptr;
      }
      return cmp;
    }
    if (isKeyword(t, "IS")) {
      advance();
      bool negated = false;
      if (isKeyword(peek(), "NOT")) {
        negated = true;
        advance();
      }
      if (!isKeyword(peek(), "NULL")) {
        fail(peek(), std::string("expected NULL after IS") + (negated ? " NOT" : "") + ", found " + describe(peek()));
        return nullptr;
      }
      advance();
      return finish(makeIsNull(std::move(left), negated), s);
    }
    bool negated = false;
    if (isKeyword(t, "NOT") &&
        (isKeyword(peek(1), "IN") || isKeyword(peek(1), "LIKE") || isKeyword(peek(1), "BETWEEN"))) {
      negated = true;
      advance();
    }
    if (isKeyword(peek(), "IN")) {
      advance();
      if (!expect(Tok::LParen, "expected '(' after IN")) return nullptr;
      std::vector<NodePtr> list;
      while (true) {
        NodePtr item = expression();
        if (!item) return nullptr;
        list.push_back(std::move(item));
        if (peek().kind == Tok::Comma) {
          advance();
          continue;
        }
        if (!expect(Tok::RParen, "expected ',' or ')' in the IN list")) return nullptr;
        break;
      }
      return finish(makeIn(std::move(left), std::move(list), negated), s);
    }
    if (isKeyword(peek(), "LIKE")) {
      advance();
      NodePtr pattern = concatExpr();
      if (!pattern) return nullptr;
      return finish(makeLike(std::move(left), std::move(pattern), negated), s);
    }
    if (isKeyword(peek(), "BETWEEN")) {
      advance();
      NodePtr low = concatExpr();
      if (!low) return nullptr;
      if (!isKeyword(peek(), "AND")) {
        fail(peek(), "expected AND in BETWEEN ... AND ..., found " + describe(peek()));
        return nullptr;
      }
      advance();
      NodePtr high = concatExpr();
      if (!high) return nullptr;
      return finish(makeBetween(std::move(left), std::move(low), std::move(high), negated), s);
    }
    return left;
  }

  NodePtr concatExpr() {
    std::size_t s = peek().offset;
    NodePtr left = additive();
    while (left && peek().kind == Tok::Concat) {
      advance();
      NodePtr right = additive();
      if (!right) return nullptr;
      left = finish(makeBinary(BinaryOp::Concat, std::move(left), std::move(right)), s);
    }
    return left;
  }

  NodePtr additive() {
    std::size_t s = peek().offset;
    NodePtr left = multiplicative();
    while (left && (peek().kind == Tok::Plus || peek().kind == Tok::Minus)) {
      BinaryOp op = peek().kind == Tok::Plus ? BinaryOp::Add : BinaryOp::Sub;
      advance();
      NodePtr right = multiplicative();
      if (!right) return nullptr;
      left = finish(makeBinary(op, std::move(left), std::move(right)), s);
    }
    return left;
  }

  NodePtr multiplicative() {
    std::size_t s = peek().offset;
    NodePtr left = unary();
    while (left && (peek().kind == Tok::Star || peek().kind == Tok::Slash || peek().kind == Tok::Percent)) {
      BinaryOp op = peek().kind == Tok::Star    ? BinaryOp::Mul
                    : peek().kind == Tok::Slash ? BinaryOp::Div
                                                : BinaryOp::Mod;
      advance();
      NodePtr right = unary();
      if (!right) return nullptr;
      left = finish(makeBinary(op, std::move(left), std::move(right)), s);
    }
    return left;
  }

  NodePtr unary() {
    std::size_t s = peek().offset;
    if (peek().kind == Tok::Minus || peek().kind == Tok::Plus) {
      DepthGuard guard(*this);
      if (!guard.ok) return nullptr;
      return signedUnary(s);
    }
    return primary();
  }

  NodePtr signedUnary(std::size_t s) {
    if (peek().kind == Tok::Minus) {
      advance();
      // Fold "-<number>" so that -9223372036854775808 is an Int.
      if (peek().kind == Tok::Int || peek().kind == Tok::Double) {
        Token number = peek();
        number.text = "-" + number.text;
        advance();
        return finish(numberLiteral(number), s);
      }
      NodePtr operand = unary();
      if (!operand) return nullptr;
      return finish(makeNegate(std::move(operand)), s);
    }
    advance();  // unary plus
    return unary();
  }

  NodePtr numberLiteral(const Token& t) {
    if (t.kind == Tok::Int) {
      std::int64_t v = 0;
      auto [ptr, ec] = std::from_chars(t.text.data(), t.text.data() + t.text.size(), v);
      if (ec == std::errc() && ptr == t.text.data() + t.text.size()) return makeLiteral(Value(v));
      return makeLiteral(Value::decimal(t.text));  // beyond int64
    }
    double d = 0;
    auto [ptr, ec] = std::from_chars(t.text.data(), t.text.data() + t.text.size(), d);
    if (ec != std::errc() || !std::isfinite(d)) {
      fail(t, "the number " + t.text + " is out of range");
      return nullptr;
    }
    return makeLiteral(Value(d));
  }

  NodePtr primary() {
    const Token t = peek();
    const std::size_t s = t.offset;
    switch (t.kind) {
      case Tok::Int:
      case Tok::Double:
        advance();
        return finish(numberLiteral(t), s);
      case Tok::String:
        advance();
        return finish(makeLiteral(Value(t.text)), s);
      case Tok::LParen: {
        advance();
        NodePtr inner = expression();
        if (!inner) return nullptr;
        if (!expect(Tok::RParen, "expected ')' to close the '(' at " + position(s))) return nullptr;
        return inner;
      }
      case Tok::QuotedIdent:
        return fieldPath();
      case Tok::Ident:
        break;
      case Tok::End:
        fail(t, "expected a value, found the end of the expression");
        return nullptr;
      default:
        fail(t, "expected a value (a number, 'string', field or function), found " + describe(t));
        return nullptr;
    }
    // Identifiers: keywords, typed literals, functions, fields.
    if (isKeyword(t, "TRUE") || isKeyword(t, "FALSE")) {
      advance();
      return finish(makeLiteral(Value(isKeyword(t, "TRUE"))), s);
    }
    if (isKeyword(t, "NULL")) {
      advance();
      return finish(makeLiteral(Value()), s);
    }
    if (isKeyword(t, "CASE")) return caseExpr();
    if (isKeyword(t, "CAST")) return castExpr();
    if ((iequals(t.text, "DECIMAL") || iequals(t.text, "TIMESTAMP")) && peek(1).kind == Tok::String) {
      advance();
      Token literal = peek();
      advance();
      Value out;
      std::string message;
      CastType type = iequals(t.text, "DECIMAL") ? CastType::Decimal : CastType::Timestamp;
      if (!castValue(Value(literal.text), type, -1, out, message)) {
        fail(literal, message);
        return nullptr;
      }
      return finish(makeLiteral(std::move(out)), s);
    }
    if (peek(1).kind == Tok::LParen) return call();
    if (isReserved(t.text)) {
      fail(t, "expected a value, found the keyword " + describe(t));
      return nullptr;
    }
    return fieldPath();
  }

  NodePtr fieldPath() {
    const Token first = peek();
    const std::size_t s = first.offset;
    advance();
    RootKind root = RootKind::Value;
    std::vector<PathSegment> path;
    if (first.kind == Tok::Ident && first.text == "_key") {
      root = RootKind::Key;
    } else if (first.kind == Tok::Ident && first.text == "_timestamp") {
      root = RootKind::Timestamp;
    } else if (first.kind == Tok::Ident && first.text == "_headers") {
      root = RootKind::Headers;
    } else {
      path.push_back(PathSegment{first.text, -1, first.kind == Tok::QuotedIdent});
    }
    while (true) {
      if (peek().kind == Tok::Dot) {
        advance();
        const Token& name = peek();
        if (name.kind != Tok::Ident && name.kind != Tok::QuotedIdent) {
          fail(name, "expected a field name after '.', found " + describe(name));
          return nullptr;
        }
        path.push_back(PathSegment{name.text, -1, name.kind == Tok::QuotedIdent});
        advance();
      } else if (peek().kind == Tok::LBracket) {
        advance();
        const Token& index = peek();
        std::int64_t n = -1;
        if (index.kind == Tok::Int) {
          std::from_chars(index.text.data(), index.text.data() + index.text.size(), n);
        }
        if (index.kind != Tok::Int || n < 0) {
          fail(index, "expected an array index (0, 1, ...) inside [ ], found " + describe(index));
          return nullptr;
        }
        advance();
        if (!expect(Tok::RBracket, "expected ']' after the array index")) return nullptr;
        path.push_back(PathSegment{"", n, false});
      } else {
        break;
      }
    }
    if (root == RootKind::Timestamp && !path.empty()) {
      failAt(s, "_timestamp has no fields");
      return nullptr;
    }
    if (root == RootKind::Headers && (path.size() != 1 || path[0].index >= 0)) {
      failAt(s, "write a header as _headers.name (or _headers.`odd name`)");
      return nullptr;
    }
    // Name for a select item without AS: the last named segment.
    m_lastFieldName.clear();
    for (auto it = path.rbegin(); it != path.rend(); ++it) {
      if (it->index < 0) {
        m_lastFieldName = it->name;
        break;
      }
    }
    if (path.empty()) m_lastFieldName = first.text;
    m_lastFieldStart = s;
    m_lastFieldEnd = previousEnd();
    return finish(makeField(root, std::move(path)), s);
  }

  NodePtr call() {
    const Token name = peek();
    const std::size_t s = name.offset;
    advance();  // name
    advance();  // (
    const FunctionSpec* spec = findFunction(name.text);
    if (spec == nullptr) {
      std::string message = "unknown function '" + name.text + "'";
      std::string_view suggestion = suggestFunction(name.text);
      if (!suggestion.empty()) message += " (did you mean " + std::string(suggestion) + "?)";
      fail(name, message);
      return nullptr;
    }
    if (spec->name == "now") m_usesNow = true;
    std::vector<NodePtr> args;
    if (peek().kind != Tok::RParen) {
      while (true) {
        NodePtr arg = expression();
        if (!arg) return nullptr;
        args.push_back(std::move(arg));
        if (peek().kind == Tok::Comma) {
          advance();
          continue;
        }
        break;
      }
    }
    if (peek().kind != Tok::RParen) {
      fail(peek(), "expected ')' after the arguments of " + std::string(spec->name) + ", found " + describe(peek()));
      return nullptr;
    }
    advance();
    int count = static_cast<int>(args.size());
    if (count < spec->minArgs || (spec->maxArgs >= 0 && count > spec->maxArgs)) {
      failAt(s, std::string(spec->name) + " takes " + arity(*spec) + ", got " + std::to_string(count) + ": " +
                    std::string(spec->signature));
      return nullptr;
    }
    if (spec->name == "coalesce") return finish(makeCoalesce(std::move(args)), s);
    return finish(makeCall(spec, std::move(args)), s);
  }

  static std::string arity(const FunctionSpec& spec) {
    auto plural = [](int n) { return std::to_string(n) + (n == 1 ? " argument" : " arguments"); };
    if (spec.maxArgs < 0) return "at least " + plural(spec.minArgs);
    if (spec.minArgs == spec.maxArgs) return plural(spec.minArgs);
    return std::to_string(spec.minArgs) + " to " + plural(spec.maxArgs);
  }

  NodePtr castExpr() {
    const std::size_t s = peek().offset;
    advance();  // CAST
    if (!expect(Tok::LParen, "expected '(' after CAST")) return nullptr;
    NodePtr operand = expression();
    if (!operand) return nullptr;
    if (!isKeyword(peek(), "AS")) {
      fail(peek(), "expected AS and a type in CAST(value AS type), found " + describe(peek()));
      return nullptr;
    }
    advance();
    const Token typeTok = peek();
    if (typeTok.kind != Tok::Ident) {
      fail(typeTok, "expected a type (int, bigint, double, string, varchar, boolean, decimal, timestamp), found " +
                        describe(typeTok));
      return nullptr;
    }
    advance();
    CastType type;
    std::string_view tn = typeTok.text;
    if (iequals(tn, "INT") || iequals(tn, "INTEGER") || iequals(tn, "BIGINT") || iequals(tn, "LONG") ||
        iequals(tn, "SMALLINT") || iequals(tn, "TINYINT")) {
      type = CastType::Int;
    } else if (iequals(tn, "DOUBLE") || iequals(tn, "FLOAT") || iequals(tn, "REAL")) {
      type = CastType::Double;
    } else if (iequals(tn, "STRING") || iequals(tn, "VARCHAR") || iequals(tn, "TEXT") || iequals(tn, "CHAR")) {
      type = CastType::String;
    } else if (iequals(tn, "BOOLEAN") || iequals(tn, "BOOL")) {
      type = CastType::Boolean;
    } else if (iequals(tn, "DECIMAL") || iequals(tn, "NUMERIC")) {
      type = CastType::Decimal;
    } else if (iequals(tn, "TIMESTAMP")) {
      type = CastType::Timestamp;
    } else {
      fail(typeTok, "unknown type '" + typeTok.text +
                        "' (expected int, bigint, double, string, varchar, boolean, decimal or timestamp)");
      return nullptr;
    }
    // Optional (n) / (p, s): length for varchar is ignored, scale for decimal is kept.
    int scale = -1;
    if (peek().kind == Tok::LParen) {
      advance();
      std::vector<int> numbers;
      while (true) {
        const Token& n = peek();
        if (n.kind != Tok::Int) {
          fail(n, "expected a number in the type's parameters, found " + describe(n));
          return nullptr;
        }
        numbers.push_back(std::atoi(n.text.c_str()));
        advance();
        if (peek().kind == Tok::Comma) {
          advance();
          continue;
        }
        if (!expect(Tok::RParen, "expected ')' after the type's parameters")) return nullptr;
        break;
      }
      if (type == CastType::Decimal && numbers.size() == 2) scale = std::min(numbers[1], 30);
      if (type == CastType::Decimal && numbers.size() == 1) scale = 0;
    }
    if (!expect(Tok::RParen, "expected ')' to close CAST(")) return nullptr;
    return finish(makeCast(std::move(operand), type, scale), s);
  }

  NodePtr caseExpr() {
    const std::size_t s = peek().offset;
    advance();  // CASE
    NodePtr subject;
    if (!isKeyword(peek(), "WHEN")) {
      subject = expression();
      if (!subject) return nullptr;
    }
    std::vector<std::pair<NodePtr, NodePtr>> whens;
    while (isKeyword(peek(), "WHEN")) {
      advance();
      NodePtr condition = expression();
      if (!condition) return nullptr;
      if (!isKeyword(peek(), "THEN")) {
        fail(peek(), "expected THEN after the WHEN condition, found " + describe(peek()));
        return nullptr;
      }
      advance();
      NodePtr result = expression();
      if (!result) return nullptr;
      whens.emplace_back(std::move(condition), std::move(result));
    }
    if (whens.empty()) {
      fail(peek(), "expected WHEN in CASE, found " + describe(peek()));
      return nullptr;
    }
    NodePtr otherwise;
    if (isKeyword(peek(), "ELSE")) {
      advance();
      otherwise = expression();
      if (!otherwise) return nullptr;
    }
    if (!isKeyword(peek(), "END")) {
      fail(peek(), "expected WHEN, ELSE or END in CASE, found " + describe(peek()));
      return nullptr;
    }
    advance();
    return finish(makeCase(std::move(subject), std::move(whens), std::move(otherwise)), s);
  }

  std::string_view m_text;
  std::vector<Token> m_tokens;
  std::size_t m_pos = 0;
  int m_depth = 0;
  int m_nodes = 0;
  bool m_failed = false;
  bool m_usesNow = false;
  Error m_error;
  std::string m_lastFieldName;
  std::size_t m_lastFieldStart = static_cast<std::size_t>(-1);
  std::size_t m_lastFieldEnd = static_cast<std::size_t>(-1);
  std::vector<std::size_t> m_lineStarts;
};

}  // namespace

Result<NodePtr> parseExpression(std::string_view text, bool& usesNow) {
  Parser parser(text);
  auto result = parser.parseWhole();
  usesNow = parser.usesNow();
  return result;
}

Result<std::vector<SelectItem>> parseSelectList(std::string_view text, bool& usesNow) {
  Parser parser(text);
  auto result = parser.parseSelect();
  usesNow = parser.usesNow();
  return result;
}

}  // namespace tributary::expr
