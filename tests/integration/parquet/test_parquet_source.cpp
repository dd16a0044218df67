// source.parquet: a glob of files (one ours, one from npm hyparquet-writer)
// read in name order with a row position per file; a restart from a
// checkpoint continues at the next row with nothing missing or repeated;
// a truncated file stops the source with its name and the reason.
#include <QtTest>

#include <filesystem>

#include "core/base/files.h"
#include "core/parquet/writer.h"
#include "core/record/json.h"
#include "tests/integration/sources/source_harness.h"
#include "tests/support/process.h"

using namespace tributary;
using record::Value;

namespace {

std::vector<Value> ourRows() {
  std::vector<Value> rows;
  for (int i = 0; i < 30; ++i) {
    Value r = Value::makeObject();
    r.append("channel", Value("ch-" + std::to_string(i % 4)));
    r.append("slot", Value(i));
    r.append("title", i % 5 == 0 ? Value() : Value("Show " + std::to_string(i)));
    r.append("starts", Value::timestampMicros(1717200000000000LL + i * 1800000000LL));
    rows.push_back(std::move(r));
  }
  return rows;
}

}  // namespace

class TestParquetSource final : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() {
    QVERIFY(m_dir.isValid());
    m_path = m_dir.path().toStdString();
    auto w = parquet::ParquetWriter::make(parquet::inferSchema(ourRows()), {});
    QVERIFY(w.ok());
    for (const Value& r : ourRows()) QVERIFY(w->append(r).ok());
    QVERIFY(base::writeFileAtomically(m_path + "/a.parquet", *w->finish()).ok());
    std::filesystem::create_directory(m_path + "/npm");
    int rc = -1;
    testing::runForOutput(QStringLiteral("/usr/bin/node"),
                          {QStringLiteral(TRIBUTARY_SOURCE_DIR "/tests/integration/parquet/parquet_tool.mjs"),
                           QStringLiteral("write"), QString::fromStdString(m_path + "/npm"), QStringLiteral("50")},
                          60000, {}, &rc);
    QCOMPARE(rc, 0);
    std::filesystem::copy_file(m_path + "/npm/dict_snappy.parquet", m_path + "/b.parquet");
  }

  void readsTheGlobInNameOrder() {
    testing::SourceHarness h("source.parquet", {{"path", m_path + "/*.parquet"}});
    QVERIFY2(h.source, h.createError.c_str());
    QVERIFY(h.open().ok());
    record::Batch all;
    bool end = false;
    for (int i = 0; i < 100 && !end; ++i) {
      record::Batch b;
      auto r = h.source->poll(b, 7, h.errors);
      QVERIFY2(!r.error, r.error ? r.error->toString().c_str() : "");
      end = r.end;
      for (auto& rec : b) all.push_back(std::move(rec));
    }
    QVERIFY(end);
    QCOMPARE(all.size(), std::size_t{80});
    auto rows = ourRows();
    for (std::size_t i = 0; i < 30; ++i) {
      QVERIFY(all[i].value == rows[i]);
      QCOMPARE(all[i].position, (record::SourcePosition{0, static_cast<std::int64_t>(i)}));
    }
    // hyparquet-writer's file: dictionary pages, snappy; the values it was given.
    QCOMPARE(all[30].position, (record::SourcePosition{1, 0}));
    QCOMPARE(record::toJson(all[31].value),
             std::string(R"({"id":1234567792,"small":-97,"price":-7.125,"ratio":0.25,"flag":false,"city":"Lyon",)"
                         R"("note":null,"at":"2024-01-01T00:01:01Z"})"));
    QCOMPARE(all[79].position, (record::SourcePosition{1, 49}));
  }

  // source.file with format parquet is the same source; following a Parquet
  // file is refused (its footer comes last, so it is read whole).
  void fileSourceWithFormatParquet() {
    testing::SourceHarness h("source.file", {{"path", m_path + "/*.parquet"}, {"format", "parquet"}});
    QVERIFY2(h.source, h.createError.c_str());
    QVERIFY(h.open().ok());
    record::Batch all;
    bool end = false;
    for (int i = 0; i < 100 && !end; ++i) {
      record::Batch b;
      auto r = h.source->poll(b, 50, h.errors);
      QVERIFY2(!r.error, r.error ? r.error->toString().c_str() : "");
      end = r.end;
      for (auto& rec : b) all.push_back(std::move(rec));
    }
    QVERIFY(end);
    QCOMPARE(all.size(), std::size_t{80});
    auto rows = ourRows();
    for (std::size_t i = 0; i < 30; ++i) QVERIFY(all[i].value == rows[i]);
    testing::SourceHarness follow("source.file",
                                  {{"path", m_path + "/*.parquet"}, {"format", "parquet"}, {"follow", true}});
    QVERIFY(!follow.source);
    QVERIFY2(follow.createError.find("follow is not possible with format parquet") != std::string::npos,
             follow.createError.c_str());
  }

  void resumesAtTheCheckpointedRow() {
    nlohmann::json checkpoint;
    {
      testing::SourceHarness h("source.parquet", {{"path", m_path + "/*.parquet"}});
      QVERIFY(h.open().ok());
      record::Batch b;
      auto r = h.source->poll(b, 7, h.errors);
      QCOMPARE(b.size(), std::size_t{7});
      QCOMPARE(r.resume.back(), (record::SourcePosition{0, 7}));
      // Rows up to 7 of a.parquet and 12 of b.parquet acknowledged.
      checkpoint = h.source->checkpointState({{0, 7}, {1, 12}});
    }
    QCOMPARE(checkpoint["files"][m_path + "/a.parquet"]["row"], 7);
    testing::SourceHarness h("source.parquet", {{"path", m_path + "/*.parquet"}});
    QVERIFY(h.open(checkpoint).ok());
    QVERIFY(h.pollUntil([&] { return h.records.size() >= 23 + 38; }, std::chrono::seconds(10)));
    h.pollFor(std::chrono::milliseconds(50));
    QCOMPARE(h.records.size(), std::size_t{23 + 38});
    QCOMPARE(h.records.front().position, (record::SourcePosition{0, 7}));
    QVERIFY(h.records.front().value == ourRows()[7]);
    QCOMPARE(h.records[23].position, (record::SourcePosition{1, 12}));
  }

  void aTruncatedFileStopsWithItsNameAndReason() {
    std::string bytes = *base::readFile(m_path + "/a.parquet", 1 << 20);
    std::filesystem::create_directory(m_path + "/bad");
    QVERIFY(base::writeFileAtomically(m_path + "/bad/c.parquet", bytes.substr(0, bytes.size() - 5)).ok());
    testing::SourceHarness h("source.parquet", {{"path", m_path + "/bad/*.parquet"}});
    QVERIFY(h.open().ok());
    record::Batch b;
    auto r = h.source->poll(b, 100, h.errors);
    QVERIFY(r.error.has_value());
    QCOMPARE(r.error->toString(), m_path + "/bad/c.parquet (byte " + std::to_string(bytes.size() - 9) +
                                      "): not a complete Parquet file: it does not end with PAR1 (truncated?)");
    testing::SourceHarness none("source.parquet", {{"path", m_path + "/nothing/*.parquet"}});
    Status s = none.open();
    QVERIFY(!s.ok());
    QCOMPARE(s.error().where, std::string("config.path"));
  }

 private:
  QTemporaryDir m_dir;
  std::string m_path;
};

QTEST_APPLESS_MAIN(TestParquetSource)
#include "test_parquet_source.moc"
