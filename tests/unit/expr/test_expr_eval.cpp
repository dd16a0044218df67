// Expression evaluation: every operator and function, NULL semantics,
// three-valued logic, runtime errors, record metadata (_key, _timestamp, _headers).
#include <QtTest>

#include <atomic>
#include <chrono>
#include <thread>

#include "expr_test_support.h"

using namespace exprtest;
using tributary::Error;
using tributary::expr::Expression;
using tributary::record::Record;
using tributary::record::Value;

namespace {
const char* kRecord =
    "{'id': 7, 'name': 'Widget', 'category': 'cat_5', 'price': 10.0, 'qty': 3, 'tags': ['a', 'b'],"
    " 'items': [{'sku': 'X1', 'n': 2}, {'sku': 'X2', 'n': 5}], 'after': {'price': 12.5, 'id': 7},"
    " 'nothing': null, 'flag': true, 'off': false, 'big': 9223372036854775807, 'small': -9223372036854775808,"
    " 'ts': '2024-03-01T12:34:56.789Z', 'Mixed Case': 1, 'Upper': 'u', 'text': '  padded  ', 'uni': 'héllo wörld',"
    " 'dec': 123456789012345678901234567890, 'payload': '{\\'a\\': {\\'b\\': [1, 2, 3]}, \\'s\\': \\'x\\'}'}";
}  // namespace

class TestExprEval final : public QObject {
  Q_OBJECT

 private:
  Record m_record = recordFromJson(kRecord);

  void table() {
    QTest::addColumn<QString>("expression");
    QTest::addColumn<QString>("expected");
  }
  void check() {
    QFETCH(QString, expression);
    QFETCH(QString, expected);
    QCOMPARE(evalText(expression.toStdString(), m_record), expected);
  }

 private Q_SLOTS:
  void initTestCase() {
    // The payload field holds JSON text: the single-quote trick turned its inner quotes into \" escapes.
    QCOMPARE(std::string(m_record.value.find("payload")->asString()),
             std::string("{\"a\": {\"b\": [1, 2, 3]}, \"s\": \"x\"}"));
  }

  void literals_data() {
    table();
    QTest::newRow("int") << "42"
                         << "int:42";
    QTest::newRow("negative int") << "-42"
                                  << "int:-42";
    QTest::newRow("int64 min") << "-9223372036854775808"
                               << "int:-9223372036854775808";
    QTest::newRow("double") << "2.5"
                            << "double:2.5";
    QTest::newRow("exponent") << "1e3"
                              << "double:1000.0";
    QTest::newRow("big int is decimal") << "123456789012345678901234567890"
                                        << "decimal:123456789012345678901234567890";
    QTest::newRow("decimal literal") << "DECIMAL '12.50'"
                                     << "decimal:12.50";
    QTest::newRow("string") << "'it''s'"
                            << "string:it's";
    QTest::newRow("true") << "TRUE"
                          << "boolean:true";
    QTest::newRow("false lower") << "false"
                                 << "boolean:false";
    QTest::newRow("null") << "NULL"
                          << "null";
    QTest::newRow("timestamp literal") << "TIMESTAMP '2024-01-02 03:04:05'"
                                       << "timestamp:\"2024-01-02T03:04:05Z\"";
  }
  void literals() { check(); }

  void fields_data() {
    table();
    QTest::newRow("top") << "name"
                         << "string:Widget";
    QTest::newRow("nested") << "after.price"
                            << "double:12.5";
    QTest::newRow("array index") << "items[1].sku"
                                 << "string:X2";
    QTest::newRow("array of scalars") << "tags[0]"
                                      << "string:a";
    QTest::newRow("out of range") << "tags[5]"
                                  << "null";
    QTest::newRow("missing") << "nope"
                             << "null";
    QTest::newRow("missing nested") << "after.nope.deeper"
                                    << "null";
    QTest::newRow("index on non-array") << "name[0]"
                                        << "null";
    QTest::newRow("backticks") << "`Mixed Case`"
                               << "int:1";
    QTest::newRow("case-insensitive fallback") << "NAME"
                                               << "string:Widget";
    QTest::newRow("quoted is exact") << "`upper`"
                                     << "null";
    QTest::newRow("unquoted finds Upper") << "upper"
                                          << "string:u";
    QTest::newRow("whole object") << "after"
                                  << "object:{\"price\":12.5,\"id\":7}";
  }
  void fields() { check(); }

  void metadata() {
    Record r = m_record;
    r.key = Value("k-1");
    r.timestampMs = 1709296496789;
    r.headers.push_back({"trace", "abc"});
    r.headers.push_back({"trace", "def"});
    QCOMPARE(evalText("_key", r), QString("string:k-1"));
    QCOMPARE(evalText("_timestamp", r), QString("timestamp:\"2024-03-01T12:34:56.789Z\""));
    QCOMPARE(evalText("_headers.trace", r), QString("string:def"));  // the last header of that name
    QCOMPARE(evalText("_headers.missing", r), QString("null"));
    QCOMPARE(evalText("_timestamp > TIMESTAMP '2024-01-01'", r), QString("boolean:true"));
    r.key = Value(tributary::record::Object{{"id", 5}});
    QCOMPARE(evalText("_key.id + 1", r), QString("int:6"));
  }

  void arithmetic_data() {
    table();
    QTest::newRow("int add") << "qty + 2"
                             << "int:5";
    QTest::newRow("int sub") << "qty - 5"
                             << "int:-2";
    QTest::newRow("int mul") << "qty * 4"
                             << "int:12";
    QTest::newRow("int div truncates") << "7 / 2"
                                       << "int:3";
    QTest::newRow("negative int div") << "-7 / 2"
                                      << "int:-3";
    QTest::newRow("int mod") << "7 % 3"
                             << "int:1";
    QTest::newRow("double mul") << "price * 0.8"
                                << "double:8.0";
    QTest::newRow("mixed") << "qty + 0.5"
                           << "double:3.5";
    QTest::newRow("double div") << "7.0 / 2"
                                << "double:3.5";
    QTest::newRow("double mod") << "7.5 % 2"
                                << "double:1.5";
    QTest::newRow("precedence") << "1 + 2 * 3"
                                << "int:7";
    QTest::newRow("parentheses") << "(1 + 2) * 3"
                                 << "int:9";
    QTest::newRow("left associative") << "10 - 3 - 2"
                                      << "int:5";
    QTest::newRow("unary minus") << "-qty"
                                 << "int:-3";
    QTest::newRow("double negative") << "- -qty"
                                     << "int:3";
    QTest::newRow("decimal as double") << "DECIMAL '1.5' * 2"
                                       << "double:3.0";
    QTest::newRow("divide by zero is null") << "qty / 0"
                                            << "null";
    QTest::newRow("double divide by zero is null") << "price / 0.0"
                                                   << "null";
    QTest::newRow("mod by zero is null") << "qty % 0"
                                         << "null";
    QTest::newRow("null propagates") << "nothing + 1"
                                     << "null";
    QTest::newRow("null times") << "NULL * 2"
                                << "null";
    QTest::newRow("overflow add") << "big + 1"
                                  << "error:integer overflow in 'big + 1' at column 1";
    QTest::newRow("overflow mul") << "big * 2"
                                  << "error:integer overflow in 'big * 2' at column 1";
    QTest::newRow("overflow div") << "small / -1"
                                  << "error:integer overflow in 'small / -1' at column 1";
    QTest::newRow("overflow negate") << "-small"
                                     << "error:integer overflow in '-small' at column 1";
    QTest::newRow("string plus") << "name + 1"
                                 << "error:cannot apply '+' to string 'Widget' and int 1 (use || to concatenate "
                                    "strings) in 'name + 1' at column 1";
    QTest::newRow("error column") << "1 + (flag * 2)"
                                  << "error:cannot apply '*' to boolean true and int 2 in 'flag * 2' at column 6";
  }
  void arithmetic() { check(); }

  void concatenation_data() {
    table();
    QTest::newRow("strings") << "name || '-' || category"
                             << "string:Widget-cat_5";
    QTest::newRow("numbers as text") << "'n=' || qty || '/' || price"
                                     << "string:n=3/10.0";
    QTest::newRow("null propagates") << "name || nothing"
                                     << "null";
    QTest::newRow("binds looser than +") << "'x' || 1 + 2"
                                         << "string:x3";
  }
  void concatenation() { check(); }

  void comparisons_data() {
    table();
    QTest::newRow("eq") << "qty = 3"
                        << "boolean:true";
    QTest::newRow("eq double int") << "price = 10"
                                   << "boolean:true";
    QTest::newRow("double equals") << "qty == 3"
                                   << "boolean:true";
    QTest::newRow("ne") << "qty != 3"
                        << "boolean:false";
    QTest::newRow("ne sql") << "qty <> 4"
                            << "boolean:true";
    QTest::newRow("lt") << "qty < 4"
                        << "boolean:true";
    QTest::newRow("le") << "qty <= 3"
                        << "boolean:true";
    QTest::newRow("gt") << "price > 10"
                        << "boolean:false";
    QTest::newRow("ge") << "price >= 10"
                        << "boolean:true";
    QTest::newRow("string eq") << "category = 'cat_5'"
                               << "boolean:true";
    QTest::newRow("string case-sensitive") << "category = 'CAT_5'"
                                           << "boolean:false";
    QTest::newRow("string order") << "'abc' < 'abd'"
                                  << "boolean:true";
    QTest::newRow("bool") << "flag = TRUE"
                          << "boolean:true";
    QTest::newRow("null eq null") << "NULL = NULL"
                                  << "null";
    QTest::newRow("field eq null") << "nothing = 1"
                                   << "null";
    QTest::newRow("decimal vs int") << "dec > 1"
                                    << "boolean:true";
    QTest::newRow("timestamp vs iso text") << "CAST(ts AS TIMESTAMP) < '2025-01-01T00:00:00Z'"
                                           << "boolean:true";
    QTest::newRow("objects equal") << "after = after"
                                   << "boolean:true";
    QTest::newRow("incomparable") << "name > 1"
                                  << "error:cannot compare string 'Widget' with int 1 in 'name > 1' at column 1";
  }
  void comparisons() { check(); }

  void logic_data() {
    table();
    QTest::newRow("and") << "flag AND qty = 3"
                         << "boolean:true";
    QTest::newRow("and false") << "flag AND off"
                               << "boolean:false";
    QTest::newRow("or") << "off OR flag"
                        << "boolean:true";
    QTest::newRow("not") << "NOT off"
                         << "boolean:true";
    QTest::newRow("not null") << "NOT NULL"
                              << "null";
    QTest::newRow("true and null") << "TRUE AND NULL"
                                   << "null";
    QTest::newRow("false and null") << "FALSE AND NULL"
                                    << "boolean:false";
    QTest::newRow("null and false") << "NULL AND FALSE"
                                    << "boolean:false";
    QTest::newRow("true or null") << "TRUE OR NULL"
                                  << "boolean:true";
    QTest::newRow("null or true") << "NULL OR TRUE"
                                  << "boolean:true";
    QTest::newRow("false or null") << "FALSE OR NULL"
                                   << "null";
    QTest::newRow("and binds tighter than or") << "TRUE OR FALSE AND FALSE"
                                               << "boolean:true";
    QTest::newRow("not binds tighter than and") << "NOT FALSE AND FALSE"
                                                << "boolean:false";
    QTest::newRow("short circuit skips error") << "FALSE AND name + 1 = 2"
                                               << "boolean:false";
    QTest::newRow("non-boolean") << "qty AND TRUE"
                                 << "error:AND expects a boolean, got int 3 in 'qty AND TRUE' at column 1";
    QTest::newRow("keywords any case") << "flag and not off Or false"
                                       << "boolean:true";
  }
  void logic() { check(); }

  void predicates_data() {
    table();
    QTest::newRow("is null") << "nothing IS NULL"
                             << "boolean:true";
    QTest::newRow("missing is null") << "nope IS NULL"
                                     << "boolean:true";
    QTest::newRow("is not null") << "name IS NOT NULL"
                                 << "boolean:true";
    QTest::newRow("in") << "qty IN (1, 2, 3)"
                        << "boolean:true";
    QTest::newRow("in strings") << "category IN ('cat_1', 'cat_5')"
                                << "boolean:true";
    QTest::newRow("not in") << "qty NOT IN (1, 2)"
                            << "boolean:true";
    QTest::newRow("in mixed numeric") << "price IN (10, 20)"
                                      << "boolean:true";
    QTest::newRow("in with null, no match") << "qty IN (1, NULL)"
                                            << "null";
    QTest::newRow("in with null, match") << "qty IN (3, NULL)"
                                         << "boolean:true";
    QTest::newRow("not in with null") << "qty NOT IN (1, NULL)"
                                      << "null";
    QTest::newRow("null in") << "nothing IN (1)"
                             << "null";
    QTest::newRow("like prefix") << "name LIKE 'Wid%'"
                                 << "boolean:true";
    QTest::newRow("like underscore") << "category LIKE 'cat__'"
                                     << "boolean:true";
    QTest::newRow("like underscore counts characters") << "'é' LIKE '_'"
                                                       << "boolean:true";
    QTest::newRow("like middle") << "name LIKE '%dge%'"
                                 << "boolean:true";
    QTest::newRow("like no match") << "name LIKE 'x%'"
                                   << "boolean:false";
    QTest::newRow("like whole") << "name LIKE 'Widget'"
                                << "boolean:true";
    QTest::newRow("like is case-sensitive") << "name LIKE 'widget'"
                                            << "boolean:false";
    QTest::newRow("like escape") << "'50%' LIKE '50\\%'"
                                 << "boolean:true";
    QTest::newRow("like escape no match") << "'500' LIKE '50\\%'"
                                          << "boolean:false";
    QTest::newRow("not like") << "name NOT LIKE 'x%'"
                              << "boolean:true";
    QTest::newRow("like null") << "nothing LIKE 'x'"
                               << "null";
    QTest::newRow("like backtracking") << "'aaaaaaaaaaaaaaaaaaaaaaaaaaaaab' LIKE '%a%a%a%a%a%a%c'"
                                       << "boolean:false";
    QTest::newRow("between") << "qty BETWEEN 1 AND 3"
                             << "boolean:true";
    QTest::newRow("not between") << "qty NOT BETWEEN 1 AND 2"
                                 << "boolean:true";
    QTest::newRow("between strings") << "'b' BETWEEN 'a' AND 'c'"
                                     << "boolean:true";
    QTest::newRow("between null bound") << "qty BETWEEN NULL AND 5"
                                        << "null";
    QTest::newRow("between null bound but false") << "qty BETWEEN NULL AND 2"
                                                  << "boolean:false";
  }
  void predicates() { check(); }

  void caseExpressions_data() {
    table();
    QTest::newRow("searched") << "CASE WHEN qty > 5 THEN 'many' WHEN qty > 1 THEN 'some' ELSE 'one' END"
                              << "string:some";
    QTest::newRow("searched else") << "CASE WHEN qty > 5 THEN 'many' ELSE 'few' END"
                                   << "string:few";
    QTest::newRow("no else is null") << "CASE WHEN qty > 5 THEN 'many' END"
                                     << "null";
    QTest::newRow("null condition is not true") << "CASE WHEN nothing THEN 1 ELSE 2 END"
                                                << "int:2";
    QTest::newRow("simple") << "CASE category WHEN 'cat_1' THEN 1 WHEN 'cat_5' THEN 5 END"
                            << "int:5";
    QTest::newRow("simple null subject") << "CASE nothing WHEN NULL THEN 1 ELSE 0 END"
                                         << "int:0";
    QTest::newRow("nested") << "CASE WHEN flag THEN CASE WHEN off THEN 'a' ELSE 'b' END END"
                            << "string:b";
    QTest::newRow("lazy branches") << "CASE WHEN TRUE THEN 1 ELSE big + 1 END"
                                   << "int:1";
    QTest::newRow("non-boolean when") << "CASE WHEN qty THEN 1 END"
                                      << "error:WHEN expects a boolean, got int 3 in 'qty' at column 11";
  }
  void caseExpressions() { check(); }

  void stringFunctions_data() {
    table();
    QTest::newRow("upper") << "upper(name)"
                           << "string:WIDGET";
    QTest::newRow("UPPER any case") << "UPPER(category)"
                                    << "string:CAT_5";
    QTest::newRow("lower") << "lower(name)"
                           << "string:widget";
    QTest::newRow("upper keeps non-ascii") << "upper(uni)"
                                           << "string:HéLLO WöRLD";
    QTest::newRow("upper null") << "upper(nothing)"
                                << "null";
    QTest::newRow("upper number") << "upper(qty)"
                                  << "string:3";
    QTest::newRow("trim") << "trim(text)"
                          << "string:padded";
    QTest::newRow("concat") << "concat(name, '-', qty)"
                            << "string:Widget-3";
    QTest::newRow("concat skips null") << "concat(name, nothing, '!')"
                                       << "string:Widget!";
    QTest::newRow("substr") << "substr(name, 2, 3)"
                            << "string:idg";
    QTest::newRow("substr to end") << "substr(name, 4)"
                                   << "string:get";
    QTest::newRow("substr negative start") << "substr(name, -3)"
                                           << "string:get";
    QTest::newRow("substr past end") << "substr(name, 10)"
                                     << "string:";
    QTest::newRow("substr utf8") << "substr(uni, 2, 4)"
                                 << "string:éllo";
    QTest::newRow("substring alias") << "substring(name, 1, 1)"
                                     << "string:W";
    QTest::newRow("length") << "length(name)"
                            << "int:6";
    QTest::newRow("length utf8") << "length(uni)"
                                 << "int:11";
    QTest::newRow("replace") << "replace(category, 'cat', 'CAT')"
                             << "string:CAT_5";
    QTest::newRow("replace all") << "replace('a-b-c', '-', '+')"
                                 << "string:a+b+c";
    QTest::newRow("replace empty from") << "replace('abc', '', 'x')"
                                        << "string:abc";
    QTest::newRow("coalesce") << "coalesce(nothing, nope, name)"
                              << "string:Widget";
    QTest::newRow("coalesce all null") << "coalesce(nothing, NULL)"
                                       << "null";
    QTest::newRow("coalesce lazy") << "coalesce(qty, big + 1)"
                                   << "int:3";
  }
  void stringFunctions() { check(); }

  void numericFunctions_data() {
    table();
    QTest::newRow("round") << "round(2.5)"
                           << "double:3.0";
    QTest::newRow("round negative half") << "round(-2.5)"
                                         << "double:-3.0";
    QTest::newRow("round digits") << "round(3.14159, 2)"
                                  << "double:3.14";
    QTest::newRow("round int") << "round(qty)"
                               << "int:3";
    QTest::newRow("round int negative digits") << "round(1250, -2)"
                                               << "int:1300";
    QTest::newRow("floor") << "floor(2.7)"
                           << "double:2.0";
    QTest::newRow("floor negative") << "floor(-2.1)"
                                    << "double:-3.0";
    QTest::newRow("ceil") << "ceil(2.1)"
                          << "double:3.0";
    QTest::newRow("floor int") << "floor(qty)"
                               << "int:3";
    QTest::newRow("abs") << "abs(-4)"
                         << "int:4";
    QTest::newRow("abs double") << "abs(-4.5)"
                                << "double:4.5";
    QTest::newRow("abs overflow") << "abs(small)"
                                  << "error:integer overflow in 'abs(small)' at column 1";
    QTest::newRow("round of string")
        << "round(name)"
        << "error:round expects a number, got string 'Widget' in 'round(name)' at column 1";
  }
  void numericFunctions() { check(); }

  void casts_data() {
    table();
    QTest::newRow("string to int") << "CAST('42' AS INT)"
                                   << "int:42";
    QTest::newRow("string to bigint") << "cast(' 42 ' as bigint)"
                                      << "int:42";
    QTest::newRow("double to int truncates") << "CAST(2.9 AS INT)"
                                             << "int:2";
    QTest::newRow("decimal string to int") << "CAST('2.9' AS INT)"
                                           << "int:2";
    QTest::newRow("int to double") << "CAST(qty AS DOUBLE)"
                                   << "double:3.0";
    QTest::newRow("to string") << "CAST(price AS STRING)"
                               << "string:10.0";
    QTest::newRow("to varchar(n)") << "CAST(qty AS VARCHAR(10))"
                                   << "string:3";
    QTest::newRow("bool to string") << "CAST(flag AS STRING)"
                                    << "string:true";
    QTest::newRow("string to boolean") << "CAST('yes' AS BOOLEAN)"
                                       << "boolean:true";
    QTest::newRow("to decimal") << "CAST(price AS DECIMAL)"
                                << "decimal:10";
    QTest::newRow("to decimal scale") << "CAST(2.345 AS DECIMAL(10, 2))"
                                      << "decimal:2.35";
    QTest::newRow("to decimal scale pads") << "CAST('7' AS DECIMAL(5, 2))"
                                           << "decimal:7.00";
    QTest::newRow("negative decimal rounding") << "CAST('-0.005' AS DECIMAL(5,2))"
                                               << "decimal:-0.01";
    QTest::newRow("decimal carry") << "CAST('9.999' AS DECIMAL(5,2))"
                                   << "decimal:10.00";
    QTest::newRow("to timestamp") << "CAST(ts AS TIMESTAMP)"
                                  << "timestamp:\"2024-03-01T12:34:56.789Z\"";
    QTest::newRow("epoch ms to timestamp") << "CAST(0 AS TIMESTAMP)"
                                           << "timestamp:\"1970-01-01T00:00:00Z\"";
    QTest::newRow("timestamp to bigint") << "CAST(CAST(ts AS TIMESTAMP) AS BIGINT)"
                                         << "int:1709296496789";
    QTest::newRow("null cast") << "CAST(nothing AS INT)"
                               << "null";
    QTest::newRow("bad cast") << "CAST(name AS INT)"
                              << "error:cannot cast string 'Widget' to int in 'CAST(name AS INT)' at column 1";
    QTest::newRow("out of range")
        << "CAST(1e30 AS INT)"
        << "error:cannot cast double 1e+30 to int: out of range in 'CAST(1e30 AS INT)' at column 1";
  }
  void casts() { check(); }

  void timeFunctions_data() {
    table();
    QTest::newRow("date_trunc hour") << "date_trunc('hour', ts)"
                                     << "timestamp:\"2024-03-01T12:00:00Z\"";
    QTest::newRow("date_trunc day") << "date_trunc('DAY', ts)"
                                    << "timestamp:\"2024-03-01T00:00:00Z\"";
    QTest::newRow("date_trunc minute") << "date_trunc('minute', ts)"
                                       << "timestamp:\"2024-03-01T12:34:00Z\"";
    QTest::newRow("date_trunc second") << "date_trunc('second', ts)"
                                       << "timestamp:\"2024-03-01T12:34:56Z\"";
    QTest::newRow("date_trunc week") << "date_trunc('week', ts)"
                                     << "timestamp:\"2024-02-26T00:00:00Z\"";
    QTest::newRow("date_trunc month") << "date_trunc('month', ts)"
                                      << "timestamp:\"2024-03-01T00:00:00Z\"";
    QTest::newRow("date_trunc quarter") << "date_trunc('quarter', '2024-08-15T10:00:00Z')"
                                        << "timestamp:\"2024-07-01T00:00:00Z\"";
    QTest::newRow("date_trunc year") << "date_trunc('year', ts)"
                                     << "timestamp:\"2024-01-01T00:00:00Z\"";
    QTest::newRow("date_trunc epoch ms") << "date_trunc('day', 86400001)"
                                         << "timestamp:\"1970-01-02T00:00:00Z\"";
    QTest::newRow("date_trunc bad unit")
        << "date_trunc('fortnight', ts)"
        << "error:date_trunc: unknown unit 'fortnight' (expected microsecond, millisecond, second, minute, hour, day, "
           "week, month, quarter or year) in 'date_trunc('fortnight', ts)' at column 1";
    QTest::newRow("format") << "format_timestamp(ts, 'yyyy-MM-dd HH:mm:ss.SSS')"
                            << "string:2024-03-01 12:34:56.789";
    QTest::newRow("format quoted") << "format_timestamp(ts, 'yyyyMMdd''T''HHmmX')"
                                   << "string:20240301T1234Z";
    QTest::newRow("format yy") << "format_timestamp(ts, 'dd/MM/yy')"
                               << "string:01/03/24";
    QTest::newRow("format bad letter")
        << "format_timestamp(ts, 'EEE')"
        << "error:unsupported letter 'E' in the timestamp pattern (supported: y M d H m s S X Z; quote text with "
           "'...') in 'format_timestamp(ts, 'EEE')' at column 1";
    QTest::newRow("parse iso") << "parse_timestamp('2024-03-01T12:34:56Z')"
                               << "timestamp:\"2024-03-01T12:34:56Z\"";
    QTest::newRow("parse pattern") << "parse_timestamp('01/03/2024 12:34', 'dd/MM/yyyy HH:mm')"
                                   << "timestamp:\"2024-03-01T12:34:00Z\"";
    QTest::newRow("parse compact") << "parse_timestamp('20240301123456', 'yyyyMMddHHmmss')"
                                   << "timestamp:\"2024-03-01T12:34:56Z\"";
    QTest::newRow("parse offset") << "parse_timestamp('2024-03-01 14:34 +02:00', 'yyyy-MM-dd HH:mm XXX')"
                                  << "timestamp:\"2024-03-01T12:34:00Z\"";
    QTest::newRow("parse millis") << "parse_timestamp('12:34:56.5', 'HH:mm:ss.SSS')"
                                  << "timestamp:\"1970-01-01T12:34:56.500Z\"";
    QTest::newRow("parse mismatch") << "parse_timestamp('2024/03/01', 'yyyy-MM-dd')"
                                    << "error:parse_timestamp: '2024/03/01' does not match the pattern 'yyyy-MM-dd' in "
                                       "'parse_timestamp('2024/03/01', 'yyyy-MM-dd')' at column 1";
    QTest::newRow("round trip") << "format_timestamp(parse_timestamp(format_timestamp(ts, 'yyyy-MM-dd HH:mm:ss.SSS'), "
                                   "'yyyy-MM-dd HH:mm:ss.SSS'), 'yyyy-MM-dd HH:mm:ss.SSS')"
                                << "string:2024-03-01 12:34:56.789";
  }
  void timeFunctions() { check(); }

  void now() {
    auto e = Expression::compile("now()");
    QVERIFY(e.ok());
    auto before = std::chrono::system_clock::now();
    auto v = e->evaluate(m_record);
    auto after = std::chrono::system_clock::now();
    QVERIFY(v.ok());
    QCOMPARE(render(Value::timestampMicros(0)).left(10), QString("timestamp:"));
    const std::int64_t micros = v->asTimestampMicros();
    QVERIFY(micros >= std::chrono::duration_cast<std::chrono::microseconds>(before.time_since_epoch()).count());
    QVERIFY(micros <= std::chrono::duration_cast<std::chrono::microseconds>(after.time_since_epoch()).count());
    QCOMPARE(evalText("now() > TIMESTAMP '2020-01-01'", m_record), QString("boolean:true"));
  }

  void jsonExtract_data() {
    table();
    QTest::newRow("from text") << "json_extract(payload, '$.a.b[1]')"
                               << "int:2";
    QTest::newRow("string member") << "json_extract(payload, '$.s')"
                                   << "string:x";
    QTest::newRow("bracket name") << "json_extract(payload, '$[''a''].b[0]')"
                                  << "int:1";
    QTest::newRow("missing") << "json_extract(payload, '$.zzz')"
                             << "null";
    QTest::newRow("from object value") << "json_extract(after, '$.price')"
                                       << "double:12.5";
    QTest::newRow("root") << "json_extract('[1,2]', '$')"
                          << "array:[1,2]";
    QTest::newRow("not json") << "json_extract('{oops', '$.a')"
                              << "null";
    QTest::newRow("bad path") << "json_extract(payload, 'a..b')"
                              << "error:json_extract: invalid path 'a..b' (write it like $.a.b[0] or $['a b']) in "
                                 "'json_extract(payload, 'a..b')' at column 1";
  }
  void jsonExtract() { check(); }

  void predicateTreatsNullAsFalse() {
    Error error;
    auto yes = Expression::compile("qty = 3");
    auto nul = Expression::compile("nothing = 3");
    auto bad = Expression::compile("name + 1 > 2");
    auto notBool = Expression::compile("qty");
    QVERIFY(yes->evaluatePredicate(m_record));
    QVERIFY(!nul->evaluatePredicate(m_record, &error));
    QVERIFY(error.message.empty());
    QVERIFY(!bad->evaluatePredicate(m_record, &error));
    QVERIFY(error.message.find("cannot apply '+'") != std::string::npos);
    Error error2;
    QVERIFY(!notBool->evaluatePredicate(m_record, &error2));
    QCOMPARE(error2.message, std::string("the filter expression gave int 3, expected a boolean"));
  }

  void evaluatesConcurrently() {
    auto e = Expression::compile("CASE WHEN upper(category) = 'CAT_5' THEN price * 0.8 ELSE price END");
    QVERIFY(e.ok());
    std::atomic<int> wrong{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([&, t] {
        Record r = recordFromJson(t % 2 ? "{'category': 'cat_5', 'price': 10}" : "{'category': 'cat_1', 'price': 10}");
        for (int i = 0; i < 20000; ++i) {
          auto v = e->evaluate(r);
          double expected = t % 2 ? 8.0 : 10.0;
          if (!v.ok() || v->asDouble() != expected) ++wrong;
        }
      });
    }
    for (auto& th : threads) th.join();
    QCOMPARE(wrong.load(), 0);
  }

  void replaceGrowthIsBounded() {
    std::string text = "'aaaaaaaaaaaaaaaa'";
    for (int i = 0; i < 20; ++i) text = "replace(" + text + ", 'a', 'aaaa')";
    QVERIFY(evalText(text, m_record).startsWith("error:replace: the result would be larger than 16 MiB"));
  }

  void textIsKept() {
    auto e = Expression::compile("qty  >  1");
    QCOMPARE(e->text(), std::string("qty  >  1"));
    Expression copy = *e;
    QCOMPARE(copy.text(), std::string("qty  >  1"));
    QVERIFY(copy.evaluatePredicate(m_record));
  }
};

QTEST_APPLESS_MAIN(TestExprEval)
#include "test_expr_eval.moc"
