#include "core/expr/expression.h"

#include <chrono>

#include "core/base/clock.h"
#include "core/expr/nodes.h"

namespace tributary::expr {

struct Compiled {
  std::string text;
  NodePtr root;
  bool usesNow = false;
};

namespace {

}  // namespace

Result<Expression> Expression::compile(std::string_view text) {
  auto compiled = std::make_shared<Compiled>();
  compiled->text = std::string(text);
  auto root = parseExpression(compiled->text, compiled->usesNow);
  if (!root.ok()) return root.error();
  compiled->root = std::move(root).value();
  return Expression(std::move(compiled));
}

Result<record::Value> Expression::evaluate(const record::Record& input) const {
  Error error;
  EvalContext ctx{&input, &error, m_compiled->usesNow ? base::wallMicros() : 0};
  Value tmp;
  const Value& result = m_compiled->root->eval(ctx, tmp);
  if (!error.message.empty()) return error;
  if (&result == &tmp) return tmp;  // moved (C++20 implicit move)
  return result;
}

bool Expression::evaluatePredicate(const record::Record& input, Error* errorOut) const {
  Error error;
  EvalContext ctx{&input, &error, m_compiled->usesNow ? base::wallMicros() : 0};
  Value tmp;
  const Value& result = m_compiled->root->eval(ctx, tmp);
  if (!error.message.empty()) {
    if (errorOut != nullptr) *errorOut = std::move(error);
    return false;
  }
  if (result.type() == ValueType::Bool) return result.asBool();
  if (!result.isNull() && errorOut != nullptr) {
    *errorOut =
        makeError(ErrorCode::Invalid, "the filter expression gave " + describe(result) + ", expected a boolean");
  }
  return false;
}

const std::string& Expression::text() const {
  return m_compiled->text;
}

struct Projection::Impl {
  std::string text;
  std::vector<SelectItem> items;
  bool usesNow = false;
  std::size_t computedCount = 0;
};

Result<Projection> Projection::compile(std::string_view selectList) {
  auto impl = std::make_shared<Impl>();
  impl->text = std::string(selectList);
  auto items = parseSelectList(impl->text, impl->usesNow);
  if (!items.ok()) return items.error();
  impl->items = std::move(items).value();
  for (const SelectItem& item : impl->items) {
    if (!item.star) ++impl->computedCount;
  }
  return Projection(std::move(impl));
}

namespace {

bool excluded(const SelectItem& star, std::string_view name) {
  for (const std::string& e : star.except) {
    if (e == name) return true;
  }
  return false;
}

// Evaluates the computed items against the input, then assembles the output:
// `*` copies (or moves) the input fields; each item replaces a field of the
// same name in place or is appended.
template <bool kMove>
Result<Value> applyImpl(const Projection& projection, const std::vector<SelectItem>& items, std::size_t computedCount,
                        bool usesNow, const record::Record& input, Value* movableInput) {
  (void)projection;
  Error error;
  EvalContext ctx{&input, &error, usesNow ? base::wallMicros() : 0};
  constexpr std::size_t kInline = 8;
  Value inlineResults[kInline];
  std::vector<Value> heapResults;
  Value* results = inlineResults;
  if (computedCount > kInline) {
    heapResults.resize(computedCount);
    results = heapResults.data();
  }
  std::size_t k = 0;
  for (const SelectItem& item : items) {
    if (item.star) continue;
    Value tmp;
    const Value& v = item.expr->eval(ctx, tmp);
    if (&v == &tmp) {
      results[k] = std::move(tmp);
    } else {
      results[k] = v;
    }
    ++k;
  }
  if (!error.message.empty()) return error;

  Value out = Value::makeObject(input.value.size() + computedCount);
  record::Object& fields = out.asObject();
  k = 0;
  for (const SelectItem& item : items) {
    if (item.star) {
      if (input.value.type() != ValueType::Object) continue;
      const bool fresh = fields.empty();
      auto add = [&](record::Field& field, bool canMove) {
        if (excluded(item, field.first)) return;
        if (!fresh) {
          for (record::Field& existing : fields) {
            if (existing.first == field.first) {
              existing.second = canMove ? std::move(field.second) : field.second;
              return;
            }
          }
        }
        if (canMove) {
          fields.emplace_back(std::move(field.first), std::move(field.second));
        } else {
          fields.emplace_back(field.first, field.second);
        }
      };
      if constexpr (kMove) {
        for (record::Field& field : movableInput->asObject()) add(field, true);
      } else {
        for (const record::Field& field : input.value.asObject()) add(const_cast<record::Field&>(field), false);
      }
      continue;
    }
    Value& v = results[k++];
    bool replaced = false;
    for (record::Field& existing : fields) {
      if (existing.first == item.name) {
        existing.second = std::move(v);
        replaced = true;
        break;
      }
    }
    if (!replaced) fields.emplace_back(item.name, std::move(v));
  }
  return out;
}

}  // namespace

Result<record::Value> Projection::apply(const record::Record& input) const {
  return applyImpl<false>(*this, m_impl->items, m_impl->computedCount, m_impl->usesNow, input, nullptr);
}

Result<record::Value> Projection::apply(record::Record&& input) const {
  // Items read the input first; only then are its fields moved into the output.
  return applyImpl<true>(*this, m_impl->items, m_impl->computedCount, m_impl->usesNow, input, &input.value);
}

const std::string& Projection::text() const {
  return m_impl->text;
}

std::vector<std::string> Projection::itemNames() const {
  std::vector<std::string> names;
  for (const SelectItem& item : m_impl->items) {
    if (!item.star) names.push_back(item.name);
  }
  return names;
}

std::optional<std::string> checkExpression(std::string_view text) {
  auto compiled = Expression::compile(text);
  if (compiled.ok()) return std::nullopt;
  return compiled.error().message;
}

std::optional<std::string> checkProjection(std::string_view selectList) {
  auto compiled = Projection::compile(selectList);
  if (compiled.ok()) return std::nullopt;
  return compiled.error().message;
}

}  // namespace tributary::expr
