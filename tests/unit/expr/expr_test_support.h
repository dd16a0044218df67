#pragma once
// Helpers for expression tests: records written as JSON with ' for " (to keep
// test tables readable), and results rendered as "type:text".
#include <QString>

#include <string>

#include "core/expr/expression.h"
#include "core/record/json.h"

namespace exprtest {

inline std::string dq(std::string_view singleQuoted) {
  std::string s(singleQuoted);
  for (char& c : s) {
    if (c == '\'') c = '"';
  }
  return s;
}

inline tributary::record::Record recordFromJson(std::string_view singleQuotedJson) {
  tributary::record::Record r;
  auto v = tributary::record::parseJson(dq(singleQuotedJson));
  if (!v.ok()) qFatal("bad test record: %s", v.error().message.c_str());
  r.value = std::move(v).value();
  return r;
}

// "null", "string:text", "int:5", "double:2.5", "boolean:true", "timestamp:\"...\"",
// "error:<message>" or "compile error:<message>".
inline QString render(const tributary::record::Value& v) {
  using tributary::record::ValueType;
  if (v.isNull()) return QStringLiteral("null");
  std::string type(tributary::record::toString(v.type()));
  if (v.type() == ValueType::String) return QString::fromStdString(type + ":" + std::string(v.asString()));
  return QString::fromStdString(type + ":" + tributary::record::toJson(v));
}

inline QString evalText(std::string_view expression, const tributary::record::Record& input) {
  auto compiled = tributary::expr::Expression::compile(expression);
  if (!compiled.ok()) return QString::fromStdString("compile error:" + compiled.error().message);
  auto result = compiled->evaluate(input);
  if (!result.ok()) return QString::fromStdString("error:" + result.error().message);
  return render(*result);
}

}  // namespace exprtest
