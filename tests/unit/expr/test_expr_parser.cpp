// Expression compilation: error messages name the position and what was
// expected; limits on size and depth; checkExpression().
#include <QtTest>

#include "expr_test_support.h"

using tributary::expr::checkExpression;
using tributary::expr::checkProjection;
using tributary::expr::Expression;

namespace {
QString compileError(std::string_view text) {
  auto e = Expression::compile(text);
  if (e.ok()) return QStringLiteral("(compiled)");
  return QString::fromStdString(e.error().message);
}
}  // namespace

class TestExprParser final : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void errors_data() {
    QTest::addColumn<QString>("expression");
    QTest::addColumn<QString>("message");
    QTest::newRow("AS inside a call") << "upper(category AS x)"
                                      << "column 16: expected ')' after the arguments of upper, found 'AS'";
    QTest::newRow("unclosed paren")
        << "(1 + 2"
        << "column 7: expected ')' to close the '(' at column 1, found the end of the expression";
    QTest::newRow("missing operand") << "1 +"
                                     << "column 4: expected a value, found the end of the expression";
    QTest::newRow("dangling operator") << "price > "
                                       << "column 9: expected a value, found the end of the expression";
    QTest::newRow("two values") << "price 2"
                                << "column 7: expected an operator or the end of the expression, found '2'";
    QTest::newRow("unknown function") << "uper(name)"
                                      << "column 1: unknown function 'uper' (did you mean upper?)";
    QTest::newRow("unknown function, no hint") << "frobnicate(name)"
                                               << "column 1: unknown function 'frobnicate'";
    QTest::newRow("arity") << "substr(name)"
                           << "column 1: substr takes 2 to 3 arguments, got 1: substr(string, start [, length])";
    QTest::newRow("arity exact") << "upper(a, b)"
                                 << "column 1: upper takes 1 argument, got 2: upper(string)";
    QTest::newRow("now takes nothing") << "now(1)"
                                       << "column 1: now takes 0 arguments, got 1: now()";
    QTest::newRow("unclosed string") << "name = 'abc"
                                     << "column 8: the string starting here is not closed with '";
    QTest::newRow("unclosed backtick") << "`abc"
                                       << "column 1: the quoted name starting here is not closed with `";
    QTest::newRow("double quotes") << "name = \"x\""
                                   << "column 8: double quotes are not used in expressions: write strings as 'text' "
                                      "and quote names with backticks";
    QTest::newRow("bad character") << "price # 2"
                                   << "column 7: unexpected character '#'";
    QTest::newRow("single pipe") << "a | b"
                                 << "column 3: unexpected '|' (did you mean || to concatenate?)";
    QTest::newRow("bang") << "!flag"
                          << "column 1: unexpected '!' (use NOT, or != for 'not equal')";
    QTest::newRow("chained comparison") << "1 < 2 < 3"
                                        << "column 7: comparisons cannot be chained; combine them with AND";
    QTest::newRow("is without null") << "x IS 5"
                                     << "column 6: expected NULL after IS, found '5'";
    QTest::newRow("is not without null") << "x IS NOT 5"
                                         << "column 10: expected NULL after IS NOT, found '5'";
    QTest::newRow("in without paren") << "x IN 1, 2"
                                      << "column 6: expected '(' after IN, found '1'";
    QTest::newRow("in unclosed") << "x IN (1, 2"
                                 << "column 11: expected ',' or ')' in the IN list, found the end of the expression";
    QTest::newRow("between without and") << "x BETWEEN 1 OR 2"
                                         << "column 13: expected AND in BETWEEN ... AND ..., found 'OR'";
    QTest::newRow("case without when") << "CASE x END"
                                       << "column 8: expected WHEN in CASE, found 'END'";
    QTest::newRow("case without then") << "CASE WHEN x 1 END"
                                       << "column 13: expected THEN after the WHEN condition, found '1'";
    QTest::newRow("case without end")
        << "CASE WHEN x THEN 1"
        << "column 19: expected WHEN, ELSE or END in CASE, found the end of the expression";
    QTest::newRow("cast without as") << "CAST(x)"
                                     << "column 7: expected AS and a type in CAST(value AS type), found ')'";
    QTest::newRow("cast unknown type") << "CAST(x AS money)"
                                       << "column 11: unknown type 'money' (expected int, bigint, double, string, "
                                          "varchar, boolean, decimal or timestamp)";
    QTest::newRow("bad decimal literal") << "DECIMAL 'abc'"
                                         << "column 9: cannot cast string 'abc' to decimal";
    QTest::newRow("bad timestamp literal") << "TIMESTAMP 'yesterday'"
                                           << "column 11: cannot cast string 'yesterday' to timestamp";
    QTest::newRow("keyword as value") << "x = AND"
                                      << "column 5: expected a value, found the keyword 'AND'";
    QTest::newRow("dot without name") << "after. = 1"
                                      << "column 8: expected a field name after '.', found '='";
    QTest::newRow("bad index") << "items[x]"
                               << "column 7: expected an array index (0, 1, ...) inside [ ], found 'x'";
    QTest::newRow("unclosed index") << "items[0"
                                    << "column 8: expected ']' after the array index, found the end of the expression";
    QTest::newRow("number then letters") << "12abc"
                                         << "column 3: unexpected 'a' after the number 12";
    QTest::newRow("empty") << ""
                           << "column 1: expected a value, found the end of the expression";
    QTest::newRow("timestamp has no fields") << "_timestamp.x"
                                             << "column 1: _timestamp has no fields";
    QTest::newRow("headers need a name") << "_headers"
                                         << "column 1: write a header as _headers.name (or _headers.`odd name`)";
    QTest::newRow("multi-line position")
        << "price > 1\nAND (qty"
        << "line 2, column 9: expected ')' to close the '(' at line 2, column 5, found the end of the expression";
  }
  void errors() {
    QFETCH(QString, expression);
    QFETCH(QString, message);
    QCOMPARE(compileError(expression.toStdString()), message);
  }

  void commentsAndWhitespace() {
    QCOMPARE(compileError("price > 1 -- only expensive ones\n AND qty > 0"), QString("(compiled)"));
    QCOMPARE(compileError("  \t\n price\n>\n1  "), QString("(compiled)"));
  }

  void keywordsAsQuotedNames() {
    auto r = exprtest::recordFromJson("{'end': 1, 'case': 2}");
    QCOMPARE(exprtest::evalText("`end` + `case`", r), QString("int:3"));
  }

  void depthLimit() {
    std::string deep(150, '(');
    deep += "1";
    deep += std::string(150, ')');
    QCOMPARE(compileError(deep), QString("(compiled)"));
    std::string tooDeep(300, '(');
    tooDeep += "1";
    tooDeep += std::string(300, ')');
    QVERIFY2(compileError(tooDeep).contains("nested more than 200 levels"), qPrintable(compileError(tooDeep)));
    std::string nots;
    for (int i = 0; i < 300; ++i) nots += "NOT ";
    nots += "TRUE";
    QVERIFY(compileError(nots).contains("nested more than 200 levels"));
  }

  void sizeLimits() {
    std::string many = "1";
    for (int i = 0; i < 6000; ++i) many += " + 1";
    QVERIFY2(compileError(many).contains("more than 10,000 parts"), qPrintable(compileError(many)));
    std::string ok = "1";
    for (int i = 0; i < 4000; ++i) ok += "+1";
    auto e = Expression::compile(ok);
    QVERIFY(e.ok());
    QCOMPARE(exprtest::render(*e->evaluate({})), QString("int:4001"));
    std::string huge(100'001, ' ');
    QCOMPARE(compileError(huge), QString("the expression is longer than 100,000 characters"));
  }

  void checkHelpers() {
    QVERIFY(!checkExpression("price > 10 AND category = 'CAT_5'"));
    QCOMPARE(checkExpression("price >").value_or(""),
             std::string("column 8: expected a value, found the end of the expression"));
    QVERIFY(!checkProjection("*, upper(category) AS category"));
    QVERIFY(checkProjection("upper(category)").has_value());
  }

  void garbageNeverCrashes() {
    // A cheap stand-in for the fuzz target: random token soup must compile or fail cleanly.
    const char* pieces[] = {"(",   ")",   "CASE", "WHEN",      "THEN", "END", "'s'",  "1",       "2.5",    "x",
                            "a.b", "[0]", ",",    "+",         "-",    "*",   "/",    "||",      "=",      "<",
                            "AND", "OR",  "NOT",  "IS",        "NULL", "IN",  "LIKE", "BETWEEN", "upper(", "cast(",
                            "AS",  "int", "`q`",  "coalesce(", "ELSE", ".",   "]"};
    std::uint32_t seed = 12345;
    auto rnd = [&] {
      seed = seed * 1103515245u + 12345u;
      return (seed >> 16) & 0x7fff;
    };
    auto r = exprtest::recordFromJson("{'x': 1, 'a': {'b': [1]}, 'q': 'z'}");
    int compiled = 0;
    for (int i = 0; i < 3000; ++i) {
      std::string text;
      int n = 1 + static_cast<int>(rnd() % 12);
      for (int k = 0; k < n; ++k) {
        text += pieces[rnd() % (sizeof pieces / sizeof pieces[0])];
        text += ' ';
      }
      auto e = Expression::compile(text);
      if (e.ok()) {
        ++compiled;
        (void)e->evaluate(r);
      } else {
        QVERIFY2(e.error().message.rfind("column ", 0) == 0, e.error().message.c_str());
      }
    }
    QVERIFY(compiled > 0);
  }
};

QTEST_APPLESS_MAIN(TestExprParser)
#include "test_expr_parser.moc"
