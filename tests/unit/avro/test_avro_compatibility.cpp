// Compatibility matrix: reader/writer schema pairs with the verdict Avro's
// schema-resolution rules give (specification 1.11, "Schema Resolution"; the
// rule is named per pair), then the registry levels (BACKWARD, FORWARD, FULL,
// their _TRANSITIVE forms and NONE) over version histories.
#include <QtTest>

#include <string>
#include <vector>

#include "core/avro/compatibility.h"

#include "avro_cases.h"

using namespace tributary::avro;

namespace {

using avro_cases::Case;
using avro_cases::rec;

Schema parsed(const std::string& text) {
  auto result = Schema::parse(text);
  if (!result.ok()) qFatal("schema does not parse: %s: %s", text.c_str(), result.error().toString().c_str());
  return std::move(result).value();
}

std::vector<std::string> kinds(const std::vector<Incompatibility>& problems) {
  std::vector<std::string> out;
  for (const auto& p : problems) out.push_back(p.kind);
  return out;
}

}  // namespace

class TestAvroCompatibility final : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void matrix_data() {
    QTest::addColumn<int>("index");
    auto cases = avro_cases::matrix();
    QVERIFY(cases.size() >= 30);
    for (std::size_t i = 0; i < cases.size(); ++i) QTest::newRow(cases[i].rule) << static_cast<int>(i);
  }

  void matrix() {
    QFETCH(int, index);
    const Case c = avro_cases::matrix()[static_cast<std::size_t>(index)];
    auto problems = checkCanRead(parsed(c.reader), parsed(c.writer));
    std::string found;
    for (const auto& p : problems) found += p.kind + " at " + p.path + ": " + p.message + "\n";
    if (c.readable) {
      QVERIFY2(problems.empty(), found.c_str());
    } else {
      QVERIFY2(!problems.empty(), "expected an incompatibility");
      QCOMPARE(QString::fromStdString(problems.front().kind), QString::fromLatin1(c.kind));
    }
  }

  void reportsPathAndField() {
    auto problems = checkCanRead(parsed(rec("R", R"({"name":"a","type":"int"},{"name":"b","type":"string"})")),
                                 parsed(rec("R", R"({"name":"a","type":"int"})")));
    QCOMPARE(problems.size(), std::size_t{1});
    QCOMPARE(QString::fromStdString(problems[0].path), QStringLiteral("/fields/1"));
    QVERIFY(problems[0].message.find("'b'") != std::string::npos);
    // Several problems in one record are all reported.
    auto many = checkCanRead(parsed(rec("R", R"({"name":"a","type":"int"},{"name":"b","type":"string"})")),
                             parsed(rec("R", R"({"name":"a","type":"string"})")));
    QCOMPARE(kinds(many), (std::vector<std::string>{"TYPE_MISMATCH", "READER_FIELD_MISSING_DEFAULT_VALUE"}));
    QCOMPARE(QString::fromStdString(many[0].path), QStringLiteral("/fields/0/type"));
  }

  void levels() {
    Schema v1 = parsed(rec("R", R"({"name":"a","type":"int"})"));
    Schema v2 = parsed(rec("R", R"({"name":"a","type":"int"},{"name":"b","type":"string","default":"x"})"));
    Schema v3 = parsed(rec("R", R"({"name":"a","type":"int"},{"name":"b","type":"string"})"));
    Schema dropA = parsed(rec("R", R"({"name":"b","type":"string","default":"x"})"));
    Schema addC = parsed(rec("R", R"({"name":"a","type":"int"},{"name":"c","type":"int"})"));

    auto ok = [](const Schema& candidate, std::vector<const Schema*> existing, CompatibilityLevel level) {
      return checkCompatibility(candidate, existing, level).empty();
    };
    // Adding a field with a default: backward, forward and full.
    QVERIFY(ok(v2, {&v1}, CompatibilityLevel::Backward));
    QVERIFY(ok(v2, {&v1}, CompatibilityLevel::Forward));
    QVERIFY(ok(v2, {&v1}, CompatibilityLevel::Full));
    // Adding a field without a default: the new schema cannot read old data (not backward), old readers skip it.
    QVERIFY(!ok(addC, {&v1}, CompatibilityLevel::Backward));
    QVERIFY(ok(addC, {&v1}, CompatibilityLevel::Forward));
    QVERIFY(!ok(addC, {&v1}, CompatibilityLevel::Full));
    // Removing a field without a default: old readers miss it (not forward), the new reader ignores it.
    QVERIFY(ok(dropA, {&v1}, CompatibilityLevel::Backward));
    QVERIFY(!ok(dropA, {&v1}, CompatibilityLevel::Forward));
    QVERIFY(!ok(dropA, {&v1}, CompatibilityLevel::FullTransitive));
    // v3 drops b's default: fine against v2 (which writes b), not against v1 (which does not).
    QVERIFY(ok(v3, {&v1, &v2}, CompatibilityLevel::Backward));
    QVERIFY(!ok(v3, {&v1, &v2}, CompatibilityLevel::BackwardTransitive));
    auto messages = checkCompatibility(v3, {&v1, &v2}, CompatibilityLevel::BackwardTransitive);
    QCOMPARE(messages.size(), std::size_t{1});
    QVERIFY2(messages[0].find("oldSchemaVersion:1") != std::string::npos, messages[0].c_str());
    QVERIFY2(messages[0].find("READER_FIELD_MISSING_DEFAULT_VALUE") != std::string::npos, messages[0].c_str());
    // Forward transitive: v1 reads addC, v2 too (b has a default) -> fine; a schema v1 cannot read is refused
    // even when the latest can.
    QVERIFY(ok(addC, {&v1, &v2}, CompatibilityLevel::ForwardTransitive));
    Schema onlyB = parsed(rec("R", R"({"name":"b","type":"string"})"));
    QVERIFY(ok(onlyB, {&v1, &dropA}, CompatibilityLevel::Forward));
    QVERIFY(!ok(onlyB, {&v1, &dropA}, CompatibilityLevel::ForwardTransitive));
    // NONE accepts anything; no previous version accepts anything.
    QVERIFY(ok(parsed(R"("string")"), {&v1}, CompatibilityLevel::None));
    QVERIFY(ok(v3, {}, CompatibilityLevel::FullTransitive));
    QVERIFY(!ok(parsed(R"("string")"), {&v1}, CompatibilityLevel::Backward));
  }

  void levelNames() {
    for (auto name : {"NONE", "BACKWARD", "BACKWARD_TRANSITIVE", "FORWARD", "FORWARD_TRANSITIVE", "FULL",
                      "FULL_TRANSITIVE"}) {
      auto level = parseCompatibilityLevel(name);
      QVERIFY(level.has_value());
      QCOMPARE(QString::fromLatin1(toString(*level).data(), static_cast<int>(toString(*level).size())),
               QString::fromLatin1(name));
    }
    QVERIFY(!parseCompatibilityLevel("backward").has_value());
    QVERIFY(!parseCompatibilityLevel("FULLY").has_value());
  }
};

QTEST_APPLESS_MAIN(TestAvroCompatibility)
#include "test_avro_compatibility.moc"
