// Projection (transform.map select lists): `*`, replacement in place,
// EXCEPT, naming rules, SQL semantics (items see the input), and seed 004's rule.
#include <QtTest>

#include "expr_test_support.h"

using namespace exprtest;
using tributary::expr::Projection;
using tributary::record::Record;
using tributary::record::toJson;

namespace {
QString project(std::string_view selectList, std::string_view recordJson) {
  auto p = Projection::compile(selectList);
  if (!p.ok()) return QString::fromStdString("compile error:" + p.error().message);
  Record r = recordFromJson(recordJson);
  auto v = p->apply(r);
  if (!v.ok()) return QString::fromStdString("error:" + v.error().message);
  // The rvalue overload must give the same result.
  auto moved = p->apply(recordFromJson(recordJson));
  if (!moved.ok() || toJson(*moved) != toJson(*v)) return QStringLiteral("rvalue apply differs");
  return QString::fromStdString(toJson(*v));
}
// Expected JSON written with ' for ".
QString j(std::string_view singleQuoted) {
  return QString::fromStdString(dq(singleQuoted));
}

const char* kSeed004Rule =
    "*, upper(category) AS category, CASE WHEN upper(category) = 'CAT_5' THEN price * 0.8 ELSE price END AS "
    "discount_price";
const char* kSeed004IssueRule =
    "*, upper(category) AS category, CASE WHEN category = 'CAT_5' THEN price * 0.8 ELSE price END AS discount_price";
}  // namespace

class TestExprProjection final : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void seed004Rule() {
    // Seed 004's products: id, name, category CAT_1..CAT_9 (here lower-case in the source), price, last_updated.
    QCOMPARE(project(kSeed004Rule,
                     "{'id': 1, 'name': 'Product 1', 'category': 'cat_5', 'price': 100.0, 'last_updated': "
                     "'2024-01-01T00:00:00Z'}"),
             j("{'id':1,'name':'Product "
               "1','category':'CAT_5','price':100.0,'last_updated':'2024-01-01T00:00:00Z','discount_price':80.0}"));
    QCOMPARE(project(kSeed004Rule,
                     "{'id': 2, 'name': 'Product 2', 'category': 'cat_3', 'price': 50.0, 'last_updated': "
                     "'2024-01-01T00:00:00Z'}"),
             j("{'id':2,'name':'Product "
               "2','category':'CAT_3','price':50.0,'last_updated':'2024-01-01T00:00:00Z','discount_price':50.0}"));
    QCOMPARE(project(kSeed004Rule, "{'id': 3, 'category': 'CAT_5', 'price': 10}"),
             j("{'id':3,'category':'CAT_5','price':10,'discount_price':8.0}"));
  }

  void seed004IssueFormSeesTheInput() {
    // `category = 'CAT_5'` reads the INPUT category, not the upper-cased item:
    // a lower-case input is not discounted, an upper-case one is.
    QCOMPARE(project(kSeed004IssueRule, "{'id': 1, 'category': 'cat_5', 'price': 100.0}"),
             j("{'id':1,'category':'CAT_5','price':100.0,'discount_price':100.0}"));
    QCOMPARE(project(kSeed004IssueRule, "{'id': 1, 'category': 'CAT_5', 'price': 100.0}"),
             j("{'id':1,'category':'CAT_5','price':100.0,'discount_price':80.0}"));
    QCOMPARE(project(kSeed004IssueRule, "{'id': 1, 'category': null, 'price': 100.0}"),
             j("{'id':1,'category':null,'price':100.0,'discount_price':100.0}"));
  }

  void starKeepsOrderAndReplacesInPlace() {
    QCOMPARE(project("*, a * 10 AS a", "{'a': 1, 'b': 2}"), j("{'a':10,'b':2}"));
    QCOMPARE(project("*, 'x' AS c", "{'a': 1, 'b': 2}"), j("{'a':1,'b':2,'c':'x'}"));
    QCOMPARE(project("b, a", "{'a': 1, 'b': 2}"), j("{'b':2,'a':1}"));
    QCOMPARE(project("a + 1 AS x, *", "{'a': 1, 'x': 5}"), j("{'x':5,'a':1}"));  // the later `*` replaces x
  }

  void starExcept() {
    QCOMPARE(project("* EXCEPT (b, c)", "{'a': 1, 'b': 2, 'c': 3, 'd': 4}"), j("{'a':1,'d':4}"));
    QCOMPARE(project("* except (b), b * 2 AS b2", "{'a': 1, 'b': 2}"), j("{'a':1,'b2':4}"));
  }

  void namesFromFieldPaths() {
    QCOMPARE(project("after.price, items[0].sku", "{'after': {'price': 5}, 'items': [{'sku': 'S'}]}"),
             j("{'price':5,'sku':'S'}"));
    QCOMPARE(project("`odd name`", "{'odd name': 1}"), j("{'odd name':1}"));
    QCOMPARE(project("a AS `select`", "{'a': 1}"), j("{'select':1}"));
  }

  void itemsSeeTheInputNotEarlierItems() {
    QCOMPARE(project("a + 1 AS a, a + 1 AS b", "{'a': 1}"), j("{'a':2,'b':2}"));
  }

  void missingFieldsAreNull() { QCOMPARE(project("nope, a", "{'a': 1}"), j("{'nope':null,'a':1}")); }

  void nonObjectInput() { QCOMPARE(project("*, 1 AS one", "[1, 2]"), j("{'one':1}")); }

  void metadataInProjection() {
    auto p = Projection::compile("*, _key AS k, _timestamp AS ts");
    QVERIFY(p.ok());
    Record r = recordFromJson("{'a': 1}");
    r.key = tributary::record::Value("key1");
    r.timestampMs = 1000;
    QCOMPARE(QString::fromStdString(toJson(*p->apply(r))), j("{'a':1,'k':'key1','ts':'1970-01-01T00:00:01Z'}"));
  }

  void errors_data() {
    QTest::addColumn<QString>("selectList");
    QTest::addColumn<QString>("message");
    QTest::newRow("needs AS") << "*, upper(category)"
                              << "compile error:column 4: give the expression 'upper(category)' a name with AS, e.g. "
                                 "upper(category) AS new_name";
    QTest::newRow("keyword name")
        << "a AS end"
        << "compile error:column 6: 'end' is a keyword; quote it with backticks to use it as a name: `end`";
    QTest::newRow("missing name")
        << "a AS"
        << "compile error:column 5: expected a name after AS, found the end of the expression";
    QTest::newRow("empty")
        << ""
        << "compile error:column 1: expected a select list such as '*, upper(name) AS name', found the end of the text";
    QTest::newRow("trailing comma") << "a,"
                                    << "compile error:column 3: expected a value, found the end of the expression";
    QTest::newRow("junk after item") << "a b"
                                     << "compile error:column 3: expected ',' or the end of the select list, found 'b'";
    QTest::newRow("except without paren") << "* EXCEPT a"
                                          << "compile error:column 10: expected '(' after EXCEPT, found 'a'";
    QTest::newRow("runtime error")
        << "a + 'x' AS b"
        << "error:cannot apply '+' to int 1 and string 'x' (use || to concatenate strings) in 'a + 'x'' at column 1";
  }
  void errors() {
    QFETCH(QString, selectList);
    QFETCH(QString, message);
    QCOMPARE(project(selectList.toStdString(), "{'a': 1, 'category': 'c'}"), message);
  }

  void itemNames() {
    auto p = Projection::compile("*, upper(category) AS category, price");
    QVERIFY(p.ok());
    QCOMPARE(p->itemNames(), (std::vector<std::string>{"category", "price"}));
  }
};

QTEST_APPLESS_MAIN(TestExprProjection)
#include "test_expr_projection.moc"
