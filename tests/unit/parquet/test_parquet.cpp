// Parquet writer and reader: round trips of every column type through every
// codec, several row groups and pages, statistics, schema inference,
// seeking, dictionary-encoded v2 pages built by hand, and the errors for
// truncated, corrupt and unsupported files.
#include <QtTest>

#include <chrono>

#include <cstring>

#include "core/parquet/codec.h"
#include "core/parquet/reader.h"
#include "core/parquet/rle.h"
#include "core/parquet/writer.h"
#include "core/record/json.h"

using namespace tributary;
using namespace tributary::parquet;
using record::Value;

namespace {

std::vector<Value> sampleRows(int n) {
  std::vector<Value> rows;
  for (int i = 0; i < n; ++i) {
    Value row = Value::makeObject();
    row.append("id", Value(std::int64_t{i} * 1000003 - 500));
    row.append("price", Value(i * 0.25 - 3.5));
    row.append("active", Value(i % 3 == 0));
    row.append("name",
               i % 5 == 4 ? Value() : Value("name-" + std::to_string(i) + (i % 7 == 0 ? " with a longer tail" : "")));
    row.append("at", Value::timestampMicros(1700000000000000LL + i * 1234567LL));
    row.append("blob", Value::bytes(std::string("\0\x01\xff", 3) + std::to_string(i)));
    row.append("note", i % 2 ? Value() : Value(record::Object{{"k", Value(i)}}));
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string write(const std::vector<Value>& rows, WriterOptions options, Schema schema = {}) {
  if (schema.empty()) schema = inferSchema(rows);
  auto w = ParquetWriter::make(schema, options);
  if (!w) qFatal("make: %s", w.error().toString().c_str());
  for (const Value& r : rows)
    if (Status s = w->append(r); !s) qFatal("append: %s", s.error().toString().c_str());
  auto bytes = w->finish();
  if (!bytes) qFatal("finish: %s", bytes.error().toString().c_str());
  return std::move(bytes).value();
}

std::vector<Value> readAll(ParquetReader& reader) {
  std::vector<Value> rows;
  Value row;
  while (true) {
    auto more = reader.next(row);
    if (!more) qFatal("next: %s", more.error().toString().c_str());
    if (!*more) break;
    rows.push_back(std::move(row));
  }
  return rows;
}

// What we expect back: objects and arrays come back as their JSON text.
Value expected(const Value& row) {
  Value out = Value::makeObject();
  for (const auto& [name, v] : row.asObject())
    out.append(name, v.type() == record::ValueType::Object ? Value(record::toJson(v)) : v);
  return out;
}

Error openError(std::string data) {
  auto r = ParquetReader::openBuffer(std::move(data), "f.parquet");
  if (r) {
    Value row;
    while (true) {
      auto more = r->next(row);
      if (!more) return more.error();
      if (!*more) break;
    }
    qFatal("the file was accepted");
  }
  return r.error();
}

template <typename T>
void putLe(T v, std::string& out) {
  char b[sizeof(T)];
  std::memcpy(b, &v, sizeof v);
  out.append(b, sizeof v);
}

// Wraps column chunks and metadata into a file.
std::string assemble(FileMetaData meta, const std::vector<std::string>& chunks) {
  std::string file = "PAR1";
  for (std::size_t c = 0; c < chunks.size(); ++c) {
    meta.rowGroups[0].columns[c].fileOffset = static_cast<std::int64_t>(file.size());
    auto& m = *meta.rowGroups[0].columns[c].metaData;
    if (m.dictionaryPageOffset) m.dictionaryPageOffset = static_cast<std::int64_t>(file.size());
    m.dataPageOffset += static_cast<std::int64_t>(file.size());
    m.totalCompressedSize = static_cast<std::int64_t>(chunks[c].size());
    file += chunks[c];
  }
  std::string footer;
  serialize(meta, footer);
  file += footer;
  putLe(static_cast<std::uint32_t>(footer.size()), file);
  return file + "PAR1";
}

}  // namespace

class TestParquet final : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void roundTripEveryCodec_data() {
    QTest::addColumn<int>("codec");
    QTest::newRow("none") << static_cast<int>(Codec::Uncompressed);
    QTest::newRow("snappy") << static_cast<int>(Codec::Snappy);
    QTest::newRow("zstd") << static_cast<int>(Codec::Zstd);
    QTest::newRow("gzip") << static_cast<int>(Codec::Gzip);
  }
  void roundTripEveryCodec() {
    QFETCH(int, codec);
    auto rows = sampleRows(5000);
    WriterOptions options;
    options.codec = static_cast<Codec>(codec);
    options.rowGroupBytes = 16 << 10;  // several row groups (counted compressed)
    options.pageBytes = 8 << 10;       // several pages per chunk
    std::string file = write(rows, options);
    auto reader = ParquetReader::openBuffer(file, "t.parquet");
    QVERIFY2(reader.ok(), reader ? "" : reader.error().toString().c_str());
    QVERIFY(reader->metadata().rowGroups.size() >= 2);
    QCOMPARE(reader->rows(), std::int64_t{5000});
    QCOMPARE(reader->columnNames(), (std::vector<std::string>{"id", "price", "active", "name", "at", "blob", "note"}));
    auto back = readAll(*reader);
    QCOMPARE(back.size(), rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
      if (!(back[i] == expected(rows[i])))
        QFAIL(("row " + std::to_string(i) + ": " + record::toJson(back[i]) + " != " + record::toJson(expected(rows[i])))
                  .c_str());
    }
    // The schema says what the values are.
    const auto& schema = reader->metadata().schema;
    QVERIFY(schema[1].type == PhysicalType::Int64);
    QVERIFY(schema[1].repetition == Repetition::Required);
    QVERIFY(schema[4].repetition == Repetition::Optional);
    QVERIFY(schema[5].logicalType.kind == LogicalType::Timestamp);
    QVERIFY(schema[5].logicalType.unit == TimeUnit::Micros);
    QVERIFY(schema[7].logicalType.kind == LogicalType::Json);
    // Text columns are dictionary encoded, numbers PLAIN.
    const auto& name = *reader->metadata().rowGroups[0].columns[3].metaData;
    QVERIFY(std::count(name.encodings.begin(), name.encodings.end(), Encoding::RleDictionary) == 1);
    QVERIFY(name.dictionaryPageOffset.has_value());
    const auto& id = *reader->metadata().rowGroups[0].columns[0].metaData;
    QVERIFY(std::count(id.encodings.begin(), id.encodings.end(), Encoding::RleDictionary) == 0);
  }

  // Past 1 MiB of distinct values a row group continues with PLAIN pages.
  void dictionaryFallsBackToPlain() {
    std::vector<Value> rows;
    for (int i = 0; i < 40000; ++i) {
      Value r = Value::makeObject();
      r.append("s", Value(std::string(40, static_cast<char>('a' + i % 26)) + std::to_string(i)));
      r.append("c", Value(i % 3 ? "x" : "y"));
      rows.push_back(std::move(r));
    }
    std::string file = write(rows, {});
    auto reader = ParquetReader::openBuffer(file, "f.parquet");
    QVERIFY(reader.ok());
    QCOMPARE(reader->metadata().rowGroups.size(), std::size_t{1});
    auto back = readAll(*reader);
    QCOMPARE(back.size(), rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) QVERIFY(back[i] == rows[i]);
    QVERIFY(reader->metadata().rowGroups[0].columns[0].metaData->dictionaryPageOffset.has_value());
    // The file is smaller than the values' PLAIN size would allow with all of them in a dictionary page twice.
    QVERIFY(file.size() < 40000 * 50);
  }

  void statistics() {
    std::vector<Value> rows;
    for (int i : {5, -7, 12}) {
      Value r = Value::makeObject();
      r.append("n", Value(i));
      r.append("s", i == 12 ? Value() : Value(i < 0 ? "zebra" : "apple"));
      rows.push_back(std::move(r));
    }
    auto reader = ParquetReader::openBuffer(write(rows, {}), "s.parquet");
    QVERIFY(reader.ok());
    const auto& n = *reader->metadata().rowGroups.at(0).columns.at(0).metaData;
    const auto& s = *reader->metadata().rowGroups.at(0).columns.at(1).metaData;
    std::int64_t lo, hi;
    std::memcpy(&lo, n.statistics.min->data(), 8);
    std::memcpy(&hi, n.statistics.max->data(), 8);
    QCOMPARE(lo, std::int64_t{-7});
    QCOMPARE(hi, std::int64_t{12});
    QCOMPARE(*n.statistics.nullCount, std::int64_t{0});
    QCOMPARE(*s.statistics.min, std::string("apple"));
    QCOMPARE(*s.statistics.max, std::string("zebra"));
    QCOMPARE(*s.statistics.nullCount, std::int64_t{1});
  }

  void inference() {
    std::vector<Value> rows;
    rows.push_back(record::parseJson(R"({"a":1,"b":"x","c":1})").value());
    rows.push_back(record::parseJson(R"({"a":2.5,"c":"y","d":null})").value());
    Schema s = inferSchema(rows);
    QCOMPARE(s.size(), std::size_t{4});
    QVERIFY(s[0].type == ColumnType::Double);
    QVERIFY(!s[0].nullable);
    QVERIFY(s[1].type == ColumnType::String);
    QVERIFY(s[1].nullable);                  // missing in the second row
    QVERIFY(s[2].type == ColumnType::Json);  // int and string
    QVERIFY(s[3].nullable);
    // A base schema is kept first and widened.
    Schema widened = inferSchema({record::parseJson(R"({"e":true,"a":3})").value()}, s);
    QCOMPARE(widened.size(), std::size_t{5});
    QCOMPARE(widened[0].name, std::string("a"));
    QVERIFY(widened[0].type == ColumnType::Double);
    QVERIFY(widened[1].nullable);
    QCOMPARE(widened[4].name, std::string("e"));
    QVERIFY(widened[4].type == ColumnType::Bool);
  }

  void writerRefusesWhatDoesNotFit() {
    auto w = ParquetWriter::make({{"n", ColumnType::Int64, false}});
    QVERIFY(w.ok());
    Status s = w->append(record::parseJson(R"({"n":"seven"})").value());
    QVERIFY(!s.ok());
    QCOMPARE(s.error().message, std::string("column \"n\" holds int64, the row has string"));
    s = w->append(record::parseJson(R"({})").value());
    QVERIFY(!s.ok());
    QVERIFY(s.error().message.find("required") != std::string::npos);
    s = w->append(record::parseJson(R"({"n":1,"x":2})").value());
    QCOMPARE(s.error().message, std::string("the Parquet schema has no column \"x\""));
    QVERIFY(w->append(record::parseJson(R"({"n":4})").value()).ok());
    QCOMPARE(w->rows(), std::int64_t{1});
    QVERIFY(!ParquetWriter::make({{"a", ColumnType::Int64, false}, {"a", ColumnType::Bool, false}}).ok());
  }

  void seekContinuesAtARow() {
    auto rows = sampleRows(3000);
    WriterOptions options;
    options.rowGroupBytes = 32 << 10;
    std::string file = write(rows, options);
    for (std::int64_t at : {0, 1, 777, 2999, 3000}) {
      auto reader = ParquetReader::openBuffer(file, "t.parquet");
      QVERIFY(reader.ok());
      QVERIFY(reader->seek(at).ok());
      auto back = readAll(*reader);
      QCOMPARE(static_cast<std::int64_t>(back.size()), 3000 - at);
      if (!back.empty()) QVERIFY(back.front() == expected(rows[static_cast<std::size_t>(at)]));
    }
    auto reader = ParquetReader::openBuffer(file, "t.parquet");
    QVERIFY(!reader->seek(3001).ok());
  }

  // A dictionary page and an RLE_DICTIONARY data page v2 with nulls, zstd.
  void dictionaryPagesV2() {
    std::string dict;  // PLAIN strings "red", "green"
    for (std::string s : {"red", "green"}) {
      putLe(static_cast<std::uint32_t>(s.size()), dict);
      dict += s;
    }
    std::vector<std::uint8_t> defs = {1, 0, 1, 1, 0, 1, 1, 1, 1, 1};
    std::string levels;
    encodeRle(defs, 1, levels);
    std::string indices(1, '\x01');  // bit width 1
    encodeRle(std::vector<std::uint32_t>{0, 1, 1, 0, 0, 1, 0, 1}, 1, indices);
    std::string chunk;
    PageHeader dh;
    dh.type = PageType::DictionaryPage;
    std::string dictZ;
    QVERIFY(compress(Codec::Zstd, dict, dictZ).ok());
    dh.uncompressedPageSize = static_cast<std::int32_t>(dict.size());
    dh.compressedPageSize = static_cast<std::int32_t>(dictZ.size());
    dh.dictionaryPage = DictionaryPageHeader{2, Encoding::Plain};
    serialize(dh, chunk);
    chunk += dictZ;
    std::int64_t dataOffset = static_cast<std::int64_t>(chunk.size());
    std::string valuesZ;
    QVERIFY(compress(Codec::Zstd, indices, valuesZ).ok());
    PageHeader ph;
    ph.type = PageType::DataPageV2;
    ph.uncompressedPageSize = static_cast<std::int32_t>(levels.size() + indices.size());
    ph.compressedPageSize = static_cast<std::int32_t>(levels.size() + valuesZ.size());
    ph.dataPageV2 =
        DataPageHeaderV2{10, 2, 10, Encoding::RleDictionary, static_cast<std::int32_t>(levels.size()), 0, true};
    serialize(ph, chunk);
    chunk += levels + valuesZ;

    FileMetaData meta;
    SchemaElement root;
    root.name = "schema";
    root.numChildren = 1;
    SchemaElement color;
    color.name = "color";
    color.type = PhysicalType::ByteArray;
    color.repetition = Repetition::Optional;
    color.convertedType = kUtf8;
    meta.schema = {root, color};
    meta.numRows = 10;
    RowGroup rg;
    rg.numRows = 10;
    ColumnMetaData m;
    m.type = PhysicalType::ByteArray;
    m.path = {"color"};
    m.codec = Codec::Zstd;
    m.numValues = 10;
    m.dictionaryPageOffset = 0;
    m.dataPageOffset = dataOffset;
    rg.columns.push_back({{}, 0, m});
    meta.rowGroups.push_back(rg);
    auto reader = ParquetReader::openBuffer(assemble(meta, {chunk}), "d.parquet");
    QVERIFY2(reader.ok(), reader ? "" : reader.error().toString().c_str());
    std::string got;
    for (const Value& row : readAll(*reader)) {
      const Value* v = row.find("color");
      got += v->isNull() ? "-" : std::string(v->asString());
      got += ' ';
    }
    QCOMPARE(got, std::string("red - green green - red red green red green "));
  }

  // INT96 timestamps (Impala/Hive/Spark: nanoseconds of the day, then the
  // Julian day, little-endian) in a PLAIN v1 page built by hand: no npm
  // writer we can use writes them (docs/parquet.md).
  void int96Timestamps() {
    using namespace std::chrono;
    const std::vector<sys_time<nanoseconds>> times = {
        sys_days{year{2024} / 1 / 2} + hours{3} + minutes{4} + seconds{5} + nanoseconds{678901234},
        sys_days{year{1970} / 1 / 1},
        sys_days{year{1969} / 12 / 31} + hours{23} + minutes{59} + seconds{59} + nanoseconds{999999000},
        sys_days{year{2262} / 4 / 11}};
    std::string values;
    for (const auto& t : times) {
      const auto day = floor<days>(t);
      putLe(static_cast<std::int64_t>((t - day).count()), values);
      putLe(static_cast<std::int32_t>(day.time_since_epoch().count() + 2440588), values);
    }
    std::string chunk;
    PageHeader ph;
    ph.type = PageType::DataPage;
    ph.uncompressedPageSize = static_cast<std::int32_t>(values.size());
    ph.compressedPageSize = static_cast<std::int32_t>(values.size());
    ph.dataPage = DataPageHeader{static_cast<std::int32_t>(times.size()), Encoding::Plain, Encoding::Rle, Encoding::Rle};
    serialize(ph, chunk);
    chunk += values;
    FileMetaData meta;
    SchemaElement root, at;
    root.name = "schema";
    root.numChildren = 1;
    at.name = "at";
    at.type = PhysicalType::Int96;
    at.repetition = Repetition::Required;
    meta.schema = {root, at};
    meta.numRows = static_cast<std::int64_t>(times.size());
    RowGroup rg;
    rg.numRows = meta.numRows;
    ColumnMetaData m;
    m.type = PhysicalType::Int96;
    m.path = {"at"};
    m.numValues = meta.numRows;
    m.dataPageOffset = 0;
    rg.columns.push_back({{}, 0, m});
    meta.rowGroups.push_back(rg);
    auto reader = ParquetReader::openBuffer(assemble(meta, {chunk}), "int96.parquet");
    QVERIFY2(reader.ok(), reader ? "" : reader.error().toString().c_str());
    auto rows = readAll(*reader);
    QCOMPARE(rows.size(), times.size());
    for (std::size_t i = 0; i < times.size(); ++i) {
      const Value* v = rows[i].find("at");
      QVERIFY(v && v->type() == record::ValueType::Timestamp);
      // Microseconds (nanoseconds cut, towards the past).
      QCOMPARE(v->asTimestampMicros(), floor<microseconds>(times[i]).time_since_epoch().count());
    }
  }

  void truncatedAndCorruptFiles() {
    std::string file = write(sampleRows(100), {});
    Error e = openError(file.substr(0, file.size() - 3));
    QCOMPARE(e.where, std::string("f.parquet (byte ") + std::to_string(file.size() - 3 - 4) + ")");
    QVERIFY(e.message.find("does not end with PAR1") != std::string::npos);
    e = openError("PAR1");
    QVERIFY(e.message.find("too short") != std::string::npos);
    e = openError("JUNKJUNKJUNKJUNK");
    QVERIFY(e.message.find("does not start with PAR1") != std::string::npos);
    // A footer length larger than the file.
    std::string bad = file;
    bad[bad.size() - 6] = '\x7f';
    e = openError(bad);
    QVERIFY2(e.message.find("corrupt footer length") != std::string::npos, e.toString().c_str());
    // A damaged footer.
    bad = file;
    std::uint32_t footer;
    std::memcpy(&footer, file.data() + file.size() - 8, 4);
    std::size_t footerStart = file.size() - 8 - footer;
    for (std::size_t i = footerStart; i < footerStart + 12; ++i) bad[i] = '\xee';
    e = openError(bad);
    QVERIFY2(e.message.find("corrupt footer") != std::string::npos, e.toString().c_str());
    QCOMPARE(e.where, "f.parquet (byte " + std::to_string(footerStart) + ")");
    // A damaged page header (the first column chunk starts at byte 4).
    bad = file;
    for (std::size_t i = 4; i < 10; ++i) bad[i] = '\xff';
    e = openError(bad);
    QVERIFY2(e.message.find("row group 0, column \"id\": corrupt page header") != std::string::npos,
             e.toString().c_str());
    QCOMPARE(e.where, std::string("f.parquet (byte 4)"));
    // Damaged compressed data.
    bad = file;
    for (std::size_t i = 40; i < 80; ++i) bad[i] = '\x00';
    e = openError(bad);
    QVERIFY2(e.where.find("f.parquet") == 0 && !e.message.empty(), e.toString().c_str());
  }

  void nestedSchemaOpensCorruptAndUnsupportedAreRefused() {
    FileMetaData meta;
    SchemaElement root, group, leaf;
    root.name = "schema";
    root.numChildren = 1;
    group.name = "address";
    group.numChildren = 1;
    group.repetition = Repetition::Optional;
    leaf.name = "city";
    leaf.type = PhysicalType::ByteArray;
    leaf.repetition = Repetition::Optional;
    meta.schema = {root, group, leaf};
    std::string footer;
    serialize(meta, footer);
    std::string file = "PAR1" + footer;
    putLe(static_cast<std::uint32_t>(footer.size()), file);
    file += "PAR1";
    // A nested schema opens (tests/integration/parquet reads nested data from
    // an independent writer); its top-level field is the group.
    auto nested = ParquetReader::openBuffer(file, "f.parquet");
    QVERIFY2(nested, nested ? "" : nested.error().toString().c_str());
    QCOMPARE(nested->columnNames(), std::vector<std::string>{"address"});
    // A group that claims more children than the schema has elements is corrupt.
    meta.schema[1].numChildren = 2;
    footer.clear();
    serialize(meta, footer);
    file = "PAR1" + footer;
    putLe(static_cast<std::uint32_t>(footer.size()), file);
    file += "PAR1";
    Error e = openError(file);
    QCOMPARE(e.message, std::string("corrupt schema: a group has more children than elements follow"));

    // An unknown codec in a column chunk.
    std::string ok = write({record::parseJson(R"({"n":1})").value()}, {});
    auto reader = ParquetReader::openBuffer(ok, "x");
    FileMetaData m = reader->metadata();
    m.rowGroups[0].columns[0].metaData->codec = Codec::Brotli;
    std::string body = ok.substr(0, static_cast<std::size_t>(m.rowGroups[0].columns[0].metaData->dataPageOffset +
                                                             m.rowGroups[0].columns[0].metaData->totalCompressedSize));
    footer.clear();
    serialize(m, footer);
    body += footer;
    putLe(static_cast<std::uint32_t>(footer.size()), body);
    body += "PAR1";
    e = openError(body);
    QVERIFY(e.code == ErrorCode::Unsupported);
    QVERIFY2(e.message.find("compression codec BROTLI is not supported") != std::string::npos, e.message.c_str());
  }

  void rleRoundTrip() {
    std::vector<std::uint8_t> v;
    for (int i = 0; i < 1001; ++i) v.push_back(static_cast<std::uint8_t>((i * 7) % 5));
    std::string enc;
    encodeRle(v, 3, enc);
    std::vector<std::uint32_t> back;
    QVERIFY(decodeRle(enc, 3, v.size(), 7, back).ok());
    QCOMPARE(back, std::vector<std::uint32_t>(v.begin(), v.end()));
    QVERIFY(!decodeRle(enc, 3, v.size(), 3, back).ok());  // a value above the maximum
    QVERIFY(!decodeRle(enc.substr(0, 10), 3, v.size(), 7, back).ok());
  }
};

QTEST_APPLESS_MAIN(TestParquet)
#include "test_parquet.moc"
