// Evaluation: the node classes of the compiled tree and their factories
// (value operations they share with the functions are in value_ops.cpp).
#include <algorithm>
#include <cmath>
#include <cctype>
#include <cstring>
#include <limits>

#include "core/expr/nodes.h"

namespace tributary::expr {

namespace {
const Value kTrue(true);
const Value kFalse(false);
const Value& boolValue(bool b) {
  return b ? kTrue : kFalse;
}
}  // namespace

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
