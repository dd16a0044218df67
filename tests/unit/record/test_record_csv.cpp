// CSV codec: RFC 4180 quoting, delimiters, type inference, incremental
// reading (rows split across chunks), errors, and writer round-trips.
#include <QtTest>

#include "core/record/csv.h"
#include "core/record/json.h"
#include "record_printing.h"

using namespace tributary::record;

namespace {
std::vector<Value> rows(std::string_view text, const CsvOptions& options = {}) {
  auto result = parseCsv(text, options);
  if (!result.ok()) qFatal("unexpected CSV error: %s", result.error().message.c_str());
  return std::move(result).value();
}
std::string json(const std::vector<Value>& values) {
  std::string out;
  for (const Value& v : values) {
    appendJson(v, out);
    out.push_back('\n');
  }
  return out;
}
}  // namespace

class TestRecordCsv final : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void headerAndInferredTypes() {
    auto r = rows("id,name,price,active,note,code\n1,Widget,9.5,true,,007\n2,Gadget,-3,FALSE,x,0\n");
    QCOMPARE(json(r),
             std::string("{\"id\":1,\"name\":\"Widget\",\"price\":9.5,\"active\":true,\"note\":null,\"code\":\"007\"}\n"
                         "{\"id\":2,\"name\":\"Gadget\",\"price\":-3,\"active\":false,\"note\":\"x\",\"code\":0}\n"));
  }

  void allStringsWhenInferenceIsOff() {
    CsvOptions options;
    options.inferTypes = false;
    auto r = rows("a,b,c\n1,,true\n", options);
    QCOMPARE(json(r), std::string("{\"a\":\"1\",\"b\":\"\",\"c\":\"true\"}\n"));
  }

  void rfc4180Quoting() {
    auto r = rows("a,b,c\n\"x,y\",\"say \"\"hi\"\"\",\"line1\nline2\"\n\"\",\"42\",plain\n");
    QCOMPARE(r.size(), std::size_t{2});
    QCOMPARE(r[0].find("a")->asString(), std::string_view("x,y"));
    QCOMPARE(r[0].find("b")->asString(), std::string_view("say \"hi\""));
    QCOMPARE(r[0].find("c")->asString(), std::string_view("line1\nline2"));
    // quoted fields stay strings: "" is an empty string, "42" is text
    QCOMPARE(*r[1].find("a"), Value(""));
    QCOMPARE(*r[1].find("b"), Value("42"));
  }

  void crlfAndBlankLinesAndMissingFinalNewline() {
    auto r = rows("a,b\r\n1,2\r\n\r\n3,4");
    QCOMPARE(json(r), std::string("{\"a\":1,\"b\":2}\n{\"a\":3,\"b\":4}\n"));
  }

  void otherDelimiters() {
    CsvOptions options;
    options.delimiter = ';';
    auto r = rows("a;b\n1,5;\"x;y\"\n", options);
    QCOMPARE(*r[0].find("a"), Value("1,5"));
    QCOMPARE(*r[0].find("b"), Value("x;y"));
    options.delimiter = '\t';
    QCOMPARE(json(rows("a\tb\n1\t2\n", options)), std::string("{\"a\":1,\"b\":2}\n"));
  }

  void fewerFieldsAreNullMoreAreAnError() {
    QCOMPARE(json(rows("a,b,c\n1\n")), std::string("{\"a\":1,\"b\":null,\"c\":null}\n"));
    auto bad = parseCsv("a,b\n1,2,3\n");
    QVERIFY(!bad.ok());
    QCOMPARE(bad.error().message, std::string("CSV line 2: 3 fields, but the header names 2 columns"));
  }

  void malformedQuotingErrors() {
    auto afterQuote = parseCsv("a,b\n\"x\"y,2\n");
    QVERIFY(!afterQuote.ok());
    QCOMPARE(afterQuote.error().message,
             std::string(
                 "CSV line 2, field 1: unexpected 'y' after a closing quote (expected the delimiter or a line end)"));
    auto unclosed = parseCsv("a\n\"open\n");
    QVERIFY(!unclosed.ok());
    QCOMPARE(unclosed.error().message,
             std::string("CSV line 2, field 1: a quoted field is not closed before the end of the input"));
  }

  void headerNamesAreMadeUnique() {
    // Found by fuzz_csv: "C,C," gave objects with two "C" keys.
    QCOMPARE(json(rows("C,C,\nu\n")), std::string("{\"C\":\"u\",\"C_2\":null,\"c3\":null}\n"));
    QCOMPARE(json(rows("c2,,x\n1,2,3\n")), std::string("{\"c2\":1,\"c2_2\":2,\"x\":3}\n"));
  }

  void noHeaderUsesGivenOrGeneratedNames() {
    CsvOptions options;
    options.header = false;
    QCOMPARE(json(rows("1,x\n", options)), std::string("{\"c1\":1,\"c2\":\"x\"}\n"));
    options.columns = {"id", "name"};
    QCOMPARE(json(rows("1,x\n", options)), std::string("{\"id\":1,\"name\":\"x\"}\n"));
  }

  void incrementalReadingAcrossChunks() {
    const std::string text = "a,b\n1,\"multi\nline\"\n2,\"q\"\"\"\n";
    // Feed every prefix: the reader must ask for more until a row is complete,
    // and the rows must be the same as reading in one go.
    CsvReader reader;
    std::vector<Value> got;
    std::size_t offset = 0;
    std::size_t available = 1;
    while (offset < text.size()) {
      std::string_view window(text.data() + offset, std::min(available, text.size()) - offset);
      auto step = reader.next(window, offset + window.size() == text.size());
      QVERIFY(step.ok());
      if (step->kind == CsvReader::StepKind::NeedMore) {
        QCOMPARE(step->consumed, std::size_t{0});
        ++available;
        continue;
      }
      offset += step->consumed;
      if (step->kind == CsvReader::StepKind::Row) got.push_back(step->row);
    }
    QCOMPARE(json(got), std::string("{\"a\":1,\"b\":\"multi\\nline\"}\n{\"a\":2,\"b\":\"q\\\"\"}\n"));
    QCOMPARE(reader.line(), std::size_t{5});
  }

  void skipsBadLineAndContinues() {
    CsvReader reader;
    std::string_view text = "a,b\n\"x\"y,1\n3,4\n";
    auto header = reader.next(text, true);
    QVERIFY(header.ok());
    text.remove_prefix(header->consumed);
    auto bad = reader.next(text, true);
    QVERIFY(!bad.ok());
    text.remove_prefix(reader.skipLength());
    auto good = reader.next(text, true);
    QVERIFY(good.ok());
    QCOMPARE(toJson(good->row), std::string("{\"a\":3,\"b\":4}"));
  }

  void writerQuotesOnlyWhenNeeded() {
    CsvWriter writer;
    std::string out;
    Value row(Object{{"id", 1},
                     {"name", "a,b"},
                     {"quote", "say \"hi\""},
                     {"nl", "x\ny"},
                     {"n", Value()},
                     {"num_text", "42"},
                     {"empty", ""},
                     {"d", 2.5},
                     {"t", Value::timestampMicros(0)}});
    writer.writeRow(row, out);
    QCOMPARE(out, std::string("id,name,quote,nl,n,num_text,empty,d,t\n"
                              "1,\"a,b\",\"say \"\"hi\"\"\",\"x\ny\",,\"42\",\"\",2.5,1970-01-01T00:00:00Z\n"));
  }

  void writerRoundTrip() {
    const std::vector<Value> original = {
        Value(Object{{"id", 1},
                     {"name", "plain"},
                     {"tricky", "comma, \"quotes\"\r\nand lines"},
                     {"flag", true},
                     {"none", Value()}}),
        Value(Object{{"id", 2}, {"name", "007"}, {"tricky", "true"}, {"flag", false}, {"none", Value()}}),
    };
    for (bool crlf : {false, true}) {
      CsvOptions options;
      options.crlf = crlf;
      CsvWriter writer(options);
      std::string out;
      for (const Value& row : original) writer.writeRow(row, out);
      QCOMPARE(json(rows(out, options)), json(original));
    }
    CsvOptions semi;
    semi.delimiter = ';';
    CsvWriter writer(semi, {"tricky", "id"});
    std::string out;
    writer.writeRow(Value(Object{{"id", 3}, {"tricky", "a;b"}}), out);
    QCOMPARE(out, std::string("tricky;id\n\"a;b\";3\n"));
  }

  void inferenceRules() {
    QCOMPARE(inferCsvField("12"), Value(12));
    QCOMPARE(inferCsvField("-0.5"), Value(-0.5));
    QCOMPARE(inferCsvField("1e3"), Value(1000.0));
    QCOMPARE(inferCsvField("99999999999999999999"), Value::decimal("99999999999999999999"));
    QCOMPARE(inferCsvField("+1"), Value("+1"));
    QCOMPARE(inferCsvField("1.2.3"), Value("1.2.3"));
    QCOMPARE(inferCsvField(" 1"), Value(" 1"));
    QCOMPARE(inferCsvField("True"), Value(true));
    QCOMPARE(inferCsvField(""), Value());
  }
};

QTEST_APPLESS_MAIN(TestRecordCsv)
#include "test_record_csv.moc"
