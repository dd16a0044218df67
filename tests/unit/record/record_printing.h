#pragma once
// QTest printers for record types, so QCOMPARE failures show the JSON text
// and the type name instead of "<unknown>".
#include <QtTest>

#include "core/record/json.h"
#include "core/record/value.h"

// ValueType cannot get a QTest::toString specialisation: QTest's unqualified
// toString(t) call finds tributary::record::toString(ValueType) by ADL. Compare
// type names instead: QCOMPARE(typeOf(v), typeName(ValueType::Int)).
inline QString typeName(tributary::record::ValueType type) {
  return QString::fromUtf8(tributary::record::toString(type).data(),
                           static_cast<qsizetype>(tributary::record::toString(type).size()));
}
inline QString typeOf(const tributary::record::Value& value) {
  return typeName(value.type());
}

namespace QTest {
template <>
inline char* toString(const tributary::record::Value& value) {
  return qstrdup(
      (std::string(tributary::record::toString(value.type())) + " " + tributary::record::toJson(value)).c_str());
}
}  // namespace QTest
