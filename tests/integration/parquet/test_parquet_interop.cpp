// Parquet against independent code: files our writer makes are read by
// hyparquet (npm, tests/tools) with the same values and statistics, for every
// codec; files hyparquet-writer makes (PLAIN, dictionary, DELTA_* and
// BYTE_STREAM_SPLIT pages v2, uncompressed, snappy and gzip, several row
// groups) are read by our reader with the values it was given. Both sides print values in the canonical form of
// parquet_tool.mjs.
#include <QtTest>

#include <cmath>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "core/base/files.h"
#include "core/connectors/lake/lake_format.h"
#include "core/parquet/reader.h"
#include "core/parquet/writer.h"
#include "core/record/json.h"
#include "tests/support/process.h"

using namespace tributary;
using namespace tributary::parquet;
using record::Value;
using record::ValueType;

namespace {

const QString kTool = QStringLiteral(TRIBUTARY_SOURCE_DIR "/tests/integration/parquet/parquet_tool.mjs");
const char* kToolsDir = TRIBUTARY_SOURCE_DIR "/tests/tools/node_modules/hyparquet-writer";

nlohmann::json canonical(const Value& v) {
  switch (v.type()) {
    case ValueType::Null:
      return nullptr;
    case ValueType::Bool:
      return v.asBool();
    case ValueType::Int:
      return {{"$int", std::to_string(v.asInt())}};
    case ValueType::Double:
      return v.asDouble();
    case ValueType::Decimal:
    case ValueType::String:
      return std::string(v.asString());
    case ValueType::Bytes: {
      std::string b64;
      record::appendBase64(v.asString(), b64);
      return {{"$bytes", b64}};
    }
    case ValueType::Timestamp:
      return {{"$ts", std::to_string(v.asTimestampMicros())}};
    case ValueType::Array:
    case ValueType::Object:
      return {{"$json", record::toJson(v)}};
  }
  return nullptr;
}

nlohmann::json canonicalRow(const Value& row) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [name, v] : row.asObject()) out[name] = canonical(v);
  return out;
}

std::vector<Value> sampleRows(int n) {
  std::vector<Value> rows;
  const char* words[] = {
      "plain", "Zürich", "日本語", "", "with \"quotes\" and \\", "a much longer string value than the others"};
  for (int i = 0; i < n; ++i) {
    Value row = Value::makeObject();
    std::int64_t id = i == 0 ? INT64_MIN : i == 1 ? INT64_MAX : std::int64_t{i} * 7919 - 40000;
    row.append("id", Value(id));
    row.append("amount", i % 10 == 3 ? Value() : Value(std::ldexp(static_cast<double>(i % 97) - 48.5, i % 7 - 3)));
    row.append("ok", i % 8 == 5 ? Value() : Value(i % 3 == 1));
    row.append("word", i % 11 == 2 ? Value() : Value(words[i % 6]));
    row.append("at", Value::timestampMicros(1717171717000000LL + std::int64_t{i} * 999983 - (i % 5 == 0 ? 7 : 0)));
    row.append("raw", i % 4 == 0 ? Value() : Value::bytes(std::string("\x00\xfe", 2) + std::to_string(i)));
    row.append("doc", i % 3 ? Value()
                            : Value(record::Object{{"n", Value(i)},
                                                   {"tags", Value(record::Array{Value("a"), Value(i % 2 == 0)})}}));
    rows.push_back(std::move(row));
  }
  return rows;
}

QByteArray node(const QStringList& args, int* exitCode) {
  testing::Run r = testing::runProcess(QStringLiteral("/usr/bin/node"), QStringList{kTool} + args, 120000, {},
                                       testing::Channels::Separate);
  *exitCode = r.exitCode;
  if (r.exitCode != 0) qWarning().noquote() << "node" << args << "failed:" << r.err << r.out.left(2000);
  return r.out.toUtf8();
}

std::vector<nlohmann::json> jsonLines(const QByteArray& text) {
  std::vector<nlohmann::json> out;
  for (const QByteArray& line : text.split('\n'))
    if (!line.isEmpty()) out.push_back(nlohmann::json::parse(line.toStdString()));
  return out;
}

}  // namespace

class TestParquetInterop final : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() {
    if (!std::filesystem::exists(kToolsDir)) QFAIL("npm test tools missing: run scripts/test-tools.sh");
    QVERIFY(m_dir.isValid());
  }

  void ourFilesReadByHyparquet_data() {
    QTest::addColumn<int>("codec");
    QTest::newRow("none") << static_cast<int>(Codec::Uncompressed);
    QTest::newRow("snappy") << static_cast<int>(Codec::Snappy);
    QTest::newRow("zstd") << static_cast<int>(Codec::Zstd);
    QTest::newRow("gzip") << static_cast<int>(Codec::Gzip);
  }
  void ourFilesReadByHyparquet() {
    QFETCH(int, codec);
    auto rows = sampleRows(2500);
    Schema schema = inferSchema(rows);
    WriterOptions options;
    options.codec = static_cast<Codec>(codec);
    options.rowGroupBytes = 24 << 10;
    options.pageBytes = 4 << 10;
    auto writer = ParquetWriter::make(schema, options);
    QVERIFY(writer.ok());
    for (const Value& r : rows) QVERIFY(writer->append(r).ok());
    auto bytes = writer->finish();
    QVERIFY(bytes.ok());
    std::string path = m_dir.path().toStdString() + "/ours-" + std::to_string(codec) + ".parquet";
    QVERIFY(base::writeFileAtomically(path, *bytes).ok());

    int rc = -1;
    auto lines = jsonLines(node({QStringLiteral("read"), QString::fromStdString(path)}, &rc));
    QCOMPARE(rc, 0);
    QCOMPARE(lines.size(), rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
      nlohmann::json want = canonicalRow(rows[i]);
      if (lines[i] != want)
        QFAIL(
            ("row " + std::to_string(i) + ": hyparquet read " + lines[i].dump() + ", we wrote " + want.dump()).c_str());
    }

    // Statistics per row group and column, as hyparquet decodes them, against the rows.
    auto stats =
        nlohmann::json::parse(node({QStringLiteral("stats"), QString::fromStdString(path)}, &rc).toStdString());
    QCOMPARE(rc, 0);
    auto reader = ParquetReader::openFile(path);
    QVERIFY(reader.ok());
    const auto& groups = reader->metadata().rowGroups;
    QVERIFY(groups.size() >= 3);
    QCOMPARE(stats["groups"].size(), groups.size());
    std::size_t first = 0;
    for (std::size_t g = 0; g < groups.size(); ++g) {
      std::size_t end = first + static_cast<std::size_t>(groups[g].numRows);
      for (std::size_t c = 0; c < schema.size(); ++c) {
        const nlohmann::json& got = stats["groups"][g][c];
        QCOMPARE(got["column"].get<std::string>(), schema[c].name);
        std::int64_t nulls = 0;
        std::optional<Value> lo, hi;
        for (std::size_t i = first; i < end; ++i) {
          const Value* v = rows[i].find(schema[c].name);
          if (!v || v->isNull()) {
            ++nulls;
            continue;
          }
          Value cell = v->type() == ValueType::Object ? Value(record::toJson(*v)) : *v;
          auto less = [&](const Value& a, const Value& b) {
            switch (a.type()) {
              case ValueType::Bool:
                return !a.asBool() && b.asBool();
              case ValueType::Int:
                return a.asInt() < b.asInt();
              case ValueType::Double:
                return a.asDouble() < b.asDouble();
              case ValueType::Timestamp:
                return a.asTimestampMicros() < b.asTimestampMicros();
              default:
                return a.asString() < b.asString();
            }
          };
          if (!lo || less(cell, *lo)) lo = cell;
          if (!hi || less(*hi, cell)) hi = cell;
        }
        QCOMPARE(got["nulls"], (nlohmann::json{{"$int", std::to_string(nulls)}}));
        // hyparquet decodes the statistics of un-annotated BYTE_ARRAY columns as
        // UTF-8 text, which loses these bytes (0xfe): only the null count is compared.
        if (schema[c].type == ColumnType::Bytes) continue;
        if (schema[c].type == ColumnType::Json) {
          // hyparquet parses JSON statistics as JSON: compare the text.
          auto text = [](const nlohmann::json& j) { return j.is_string() ? j.get<std::string>() : j.dump(); };
          QCOMPARE(text(got["min"]), std::string(lo->asString()));
          QCOMPARE(text(got["max"]), std::string(hi->asString()));
          continue;
        }
        if (got["min"] != canonical(*lo) || got["max"] != canonical(*hi))
          QFAIL(("group " + std::to_string(g) + " column " + schema[c].name + ": hyparquet " + got.dump() + ", rows " +
                 canonical(*lo).dump() + ".." + canonical(*hi).dump())
                    .c_str());
      }
      first = end;
    }
  }

  // DATE, DECIMAL (FIXED_LEN_BYTE_ARRAY and INT64) and UUID from hyparquet-writer.
  void logicalTypesFromHyparquetWriter() {
    QTemporaryDir dir;
    int rc = -1;
    node({QStringLiteral("write"), dir.path(), QStringLiteral("120")}, &rc);
    QCOMPARE(rc, 0);
    std::vector<nlohmann::json> expected;
    {
      std::ifstream in(dir.path().toStdString() + "/types.expected.jsonl");
      std::string line;
      while (std::getline(in, line)) expected.push_back(nlohmann::json::parse(line));
    }
    QCOMPARE(expected.size(), std::size_t{120});
    auto reader = ParquetReader::openFile(dir.path().toStdString() + "/types.parquet");
    QVERIFY2(reader.ok(), reader ? "" : reader.error().toString().c_str());
    std::size_t i = 0;
    Value row;
    while (true) {
      auto more = reader->next(row);
      QVERIFY2(more.ok(), more ? "" : more.error().toString().c_str());
      if (!*more) break;
      QVERIFY(i < expected.size());
      nlohmann::json got = canonicalRow(row);
      if (got != expected[i])
        QFAIL(("types row " + std::to_string(i) + ": we read " + got.dump() + ", it was written from " +
               expected[i].dump())
                  .c_str());
      QVERIFY(row.find("money")->type() == ValueType::Decimal);
      ++i;
    }
    QCOMPARE(i, expected.size());
  }

  // The lake sinks' format: parquet encoder, read by hyparquet.
  void lakeParquetFilesReadByHyparquet() {
    auto format = connectors::lake::makeLakeFormat("parquet", "zstd");
    QVERIFY(format.ok());
    QCOMPARE((*format)->extension(), std::string(".zstd.parquet"));
    auto encoder = (*format)->start();
    auto rows = sampleRows(300);
    for (const Value& v : rows) {
      record::Record r;
      r.value = v;
      QVERIFY(encoder->append(r).ok());
    }
    auto bytes = encoder->finish();
    QVERIFY(bytes.ok());
    QCOMPARE(*(*format)->countRecords(*bytes), std::size_t{300});
    std::string path = m_dir.path().toStdString() + "/lake.zstd.parquet";
    QVERIFY(base::writeFileAtomically(path, *bytes).ok());
    int rc = -1;
    auto lines = jsonLines(node({QStringLiteral("read"), QString::fromStdString(path)}, &rc));
    QCOMPARE(rc, 0);
    QCOMPARE(lines.size(), rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) QVERIFY2(lines[i] == canonicalRow(rows[i]), lines[i].dump().c_str());
  }

  void hyparquetWriterFilesReadByUs() {
    int rc = -1;
    node({QStringLiteral("write"), m_dir.path(), QStringLiteral("700")}, &rc);
    QCOMPARE(rc, 0);
    std::vector<nlohmann::json> expected;
    {
      std::ifstream in(m_dir.path().toStdString() + "/expected.jsonl");
      std::string line;
      while (std::getline(in, line)) expected.push_back(nlohmann::json::parse(line));
    }
    QCOMPARE(expected.size(), std::size_t{700});
    for (std::string name : {"plain_none", "dict_snappy", "dict_gzip", "plain_snappy_groups", "delta_split"}) {
      std::string path = m_dir.path().toStdString() + "/" + name + ".parquet";
      auto reader = ParquetReader::openFile(path);
      QVERIFY2(reader.ok(), reader ? "" : reader.error().toString().c_str());
      // The files really are what their names say.
      const auto& meta = reader->metadata();
      const ColumnMetaData& city = *meta.rowGroups.at(0).columns.at(5).metaData;
      bool dictionary = std::count(city.encodings.begin(), city.encodings.end(), Encoding::RleDictionary) > 0;
      QCOMPARE(dictionary, name.rfind("dict", 0) == 0);
      QCOMPARE(static_cast<int>(city.codec), static_cast<int>(name == "plain_none"  ? Codec::Uncompressed
                                                              : name == "dict_gzip" ? Codec::Gzip
                                                                                    : Codec::Snappy));
      if (name == "plain_snappy_groups") QVERIFY(meta.rowGroups.size() > 5);
      if (name == "delta_split") {
        auto uses = [&](std::size_t column, Encoding e) {
          const auto& encodings = meta.rowGroups.at(0).columns.at(column).metaData->encodings;
          return std::count(encodings.begin(), encodings.end(), e) > 0;
        };
        QVERIFY(uses(0, Encoding::DeltaBinaryPacked));
        QVERIFY(uses(1, Encoding::DeltaBinaryPacked));
        QVERIFY(uses(2, Encoding::ByteStreamSplit));
        QVERIFY(uses(3, Encoding::ByteStreamSplit));
        QVERIFY(uses(5, Encoding::DeltaByteArray));
        QVERIFY(uses(6, Encoding::DeltaLengthByteArray));
      }
      std::size_t i = 0;
      Value row;
      while (true) {
        auto more = reader->next(row);
        QVERIFY2(more.ok(), more ? "" : more.error().toString().c_str());
        if (!*more) break;
        QVERIFY(i < expected.size());
        nlohmann::json got = canonicalRow(row);
        if (got != expected[i])
          QFAIL((name + " row " + std::to_string(i) + ": we read " + got.dump() + ", it was written from " +
                 expected[i].dump())
                    .c_str());
        ++i;
      }
      QCOMPARE(i, expected.size());
    }
  }

  // Nested schemas written by hyparquet-writer (data pages v2 with
  // repetition and definition levels): structs in structs, a LIST of
  // strings, a LIST of LISTs, a MAP and a LIST of structs, with nulls at every
  // level and empty lists, one row group or many, snappy, gzip or none. We
  // read each row as the JSON the writer was given.
  void nestedFilesFromHyparquetWriterReadByUs() {
    int rc = -1;
    node({QStringLiteral("write-nested"), m_dir.path(), QStringLiteral("300")}, &rc);
    QCOMPARE(rc, 0);
    std::vector<nlohmann::json> expected;
    {
      std::ifstream in(m_dir.path().toStdString() + "/nested.expected.jsonl");
      for (std::string line; std::getline(in, line);) expected.push_back(nlohmann::json::parse(line));
    }
    QCOMPARE(expected.size(), std::size_t{300});
    // The data covers what it should: null and empty lists, null elements, null structs, null map values.
    auto count = [&](auto pred) { return std::count_if(expected.begin(), expected.end(), pred); };
    QVERIFY(count([](const nlohmann::json& r) { return r["tags"].is_array() && r["tags"].empty(); }) > 0);
    QVERIFY(count([](const nlohmann::json& r) { return r["tags"].is_null(); }) > 0);
    QVERIFY(count([](const nlohmann::json& r) { return r["tags"].is_array() && r["tags"].size() > 1 && r["tags"][1].is_null(); }) > 0);
    QVERIFY(count([](const nlohmann::json& r) { return r["address"].is_object() && r["address"]["geo"].is_null(); }) > 0);
    QVERIFY(count([](const nlohmann::json& r) { return r["scores"].is_array() && r["scores"].size() > 1 && r["scores"][1].is_null(); }) > 0);
    QVERIFY(count([](const nlohmann::json& r) { return r["attrs"].is_object() && r["attrs"].contains("k1") && r["attrs"]["k1"].is_null(); }) > 0);
    QVERIFY(count([](const nlohmann::json& r) { return r["contacts"].is_array() && r["contacts"].size() > 1 && r["contacts"][1].is_null(); }) > 0);
    for (std::string name : {"nested_snappy", "nested_plain_groups", "nested_gzip", "nested_zstd"}) {
      auto reader = ParquetReader::openFile(m_dir.path().toStdString() + "/" + name + ".parquet");
      QVERIFY2(reader.ok(), reader ? "" : reader.error().toString().c_str());
      QCOMPARE(reader->columnNames(),
               (std::vector<std::string>{"id", "name", "address", "tags", "scores", "attrs", "contacts"}));
      if (name == "nested_plain_groups") QVERIFY(reader->metadata().rowGroups.size() > 3);
      if (name == "nested_zstd")
        QCOMPARE(static_cast<int>(reader->metadata().rowGroups.at(0).columns.at(3).metaData->codec),
                 static_cast<int>(Codec::Zstd));
      std::size_t i = 0;
      Value row;
      while (true) {
        auto more = reader->next(row);
        QVERIFY2(more.ok(), more ? "" : more.error().toString().c_str());
        if (!*more) break;
        QVERIFY(i < expected.size());
        nlohmann::json got = nlohmann::json::parse(record::toJson(row));
        if (got != expected[i])
          QFAIL((name + " row " + std::to_string(i) + ": we read " + got.dump() + ", it was written from " +
                 expected[i].dump())
                    .c_str());
        ++i;
      }
      QCOMPARE(i, expected.size());
      // Seeking into the middle of a row group gives that row.
      QVERIFY(reader->seek(77).ok());
      auto more = reader->next(row);
      QVERIFY(more.ok() && *more);
      QVERIFY2(nlohmann::json::parse(record::toJson(row)) == expected[77], record::toJson(row).c_str());
      QVERIFY(reader->seek(5).ok());
      more = reader->next(row);
      QVERIFY(more.ok() && *more);
      QVERIFY2(nlohmann::json::parse(record::toJson(row)) == expected[5], record::toJson(row).c_str());
    }

    // parquetjs-lite: data pages v1 (levels with their length prefixes),
    // repeated fields and repeated groups without a LIST annotation, several
    // row groups, gzip.
    std::vector<nlohmann::json> v1Expected;
    {
      std::ifstream in(m_dir.path().toStdString() + "/nested_v1.expected.jsonl");
      for (std::string line; std::getline(in, line);) v1Expected.push_back(nlohmann::json::parse(line));
    }
    QCOMPARE(v1Expected.size(), std::size_t{300});
    auto reader = ParquetReader::openFile(m_dir.path().toStdString() + "/nested_v1_parquetjs.parquet");
    QVERIFY2(reader.ok(), reader ? "" : reader.error().toString().c_str());
    QCOMPARE(reader->metadata().rowGroups.size(), std::size_t{3});
    std::size_t i = 0;
    Value row;
    while (true) {
      auto more = reader->next(row);
      QVERIFY2(more.ok(), more ? "" : more.error().toString().c_str());
      if (!*more) break;
      QVERIFY(i < v1Expected.size());
      nlohmann::json got = nlohmann::json::parse(record::toJson(row));
      if (got != v1Expected[i])
        QFAIL(("parquetjs row " + std::to_string(i) + ": we read " + got.dump() + ", it was written from " +
               v1Expected[i].dump())
                  .c_str());
      ++i;
    }
    QCOMPARE(i, v1Expected.size());
  }

 private:
  QTemporaryDir m_dir;
};

QTEST_APPLESS_MAIN(TestParquetInterop)
#include "test_parquet_interop.moc"
