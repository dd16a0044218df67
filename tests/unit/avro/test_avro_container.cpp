// Avro object container files (core/avro/container_file.h): the header's
// bytes as the specification lays them out, blocks cut by size, the same
// bytes for the same input, and a clear error for files that are not whole.
// (Readers that are not ours read these files in tests/integration/lake.)
#include <QtTest>

#include <string>

#include "core/avro/container_file.h"

using namespace tributary::avro;

namespace {

SyncMarker marker(char c) {
  SyncMarker m{};
  m.fill(c);
  return m;
}

std::string datum(int i) {  // an Avro long (zig-zag varint) followed by a string
  std::string out;
  out.push_back(static_cast<char>(i * 2));
  out.push_back(static_cast<char>(6));
  out += "abc";
  return out;
}

}  // namespace

class TestAvroContainer final : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void headerAsTheSpecificationLaysItOut() {
    ContainerWriter w("\"long\"", FileCodec::Null, marker('S'));
    QVERIFY(w.append(std::string(1, '\x02')).ok());
    auto file = w.finish();
    QVERIFY(file.ok());
    std::string expected = std::string("Obj\x01", 4);
    expected += '\x04';  // two metadata entries
    expected += std::string("\x16") + "avro.schema" + "\x0c" + "\"long\"";
    expected += std::string("\x14") + "avro.codec" + "\x08" + "null";
    expected += '\x00';
    expected += std::string(16, 'S');
    expected += std::string("\x02\x02\x02", 3);  // one record, one byte, the datum
    expected += std::string(16, 'S');
    QCOMPARE(QByteArray::fromStdString(*file).toHex(), QByteArray::fromStdString(expected).toHex());
  }

  void blocksAreCutBySizeAndCounted_data() {
    QTest::addColumn<int>("codec");
    QTest::newRow("null") << static_cast<int>(FileCodec::Null);
    QTest::newRow("deflate") << static_cast<int>(FileCodec::Deflate);
    QTest::newRow("snappy") << static_cast<int>(FileCodec::Snappy);
  }
  void blocksAreCutBySizeAndCounted() {
    QFETCH(int, codec);
    auto make = [&] {
      ContainerWriter w(
          "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"long\"},"
          "{\"name\":\"s\",\"type\":\"string\"}]}",
          static_cast<FileCodec>(codec), marker('\x7f'), 100);
      for (int i = 0; i < 50; ++i)
        if (!w.append(datum(i))) return std::string();
      return w.finish().value();
    };
    std::string file = make();
    QVERIFY(!file.empty());
    QCOMPARE(make(), file);  // the same input, the same bytes
    auto info = readContainerInfo(file);
    QVERIFY2(info.ok(), info.ok() ? "" : info.error().toString().c_str());
    QCOMPARE(info->records, std::uint64_t(50));
    QCOMPARE(info->blocks, std::uint64_t(3));  // 5-byte datums, blocks closed at 100 bytes: 20, 20, 10
    QCOMPARE(static_cast<int>(info->codec), codec);
    QVERIFY(info->schemaText.find("\"name\":\"R\"") != std::string::npos);
  }

  void brokenFilesAreRefusedSayingWhere() {
    ContainerWriter w("\"string\"", FileCodec::Deflate, marker('m'), 10);
    for (int i = 0; i < 5; ++i) QVERIFY(w.append(std::string("\x06xyz", 4)).ok());
    std::string file = w.finish().value();
    auto cut = readContainerInfo(file.substr(0, file.size() - 3));
    QVERIFY(!cut.ok());
    QVERIFY2(cut.error().message.find("cut short") != std::string::npos, cut.error().message.c_str());
    std::string badSync = file;
    badSync[badSync.size() - 1] = 'x';
    auto sync = readContainerInfo(badSync);
    QVERIFY(!sync.ok());
    QVERIFY2(sync.error().message.find("sync marker") != std::string::npos, sync.error().message.c_str());
    auto notAvro = readContainerInfo("{\"a\":1}\n");
    QVERIFY(!notAvro.ok());
    QVERIFY2(notAvro.error().message.find("not an Avro object container file") != std::string::npos,
             notAvro.error().message.c_str());
    auto codec = parseFileCodec("bzip2");
    QVERIFY(!codec.ok());
    QVERIFY2(codec.error().message.find("null, deflate and snappy") != std::string::npos,
             codec.error().message.c_str());
  }
};

QTEST_APPLESS_MAIN(TestAvroContainer)
#include "test_avro_container.moc"
