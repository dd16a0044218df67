// sink.lake and sink.s3 with format avro, run by tributary-runner: the files
// are read back by readers that are not ours — Apache Avro's Python library
// (python3-avro, avro_read.py) and avsc (npm, avro_read.mjs) — field for
// field, for each codec (null, deflate, snappy), with logical types (decimal,
// date, timestamp-millis, uuid), unions with null, defaults, nested records,
// arrays, maps and enums. The header must hold the schema's text exactly as
// given; a record that does not fit goes to the dead-letter file with the
// field at fault; a second run writes the same bytes; the schema may come
// from a registry subject; sink.s3 writes the same layout to s3rver.
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QUrl>
#include <QtTest>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "tests/support/process.h"
#include "tests/support/s3rver.h"

using nlohmann::json;
using tributary::testing::Run;
using tributary::testing::runProcess;

namespace {

// The schema under test, as a file (kept out of this Q_OBJECT file, whose raw strings moc misreads).
std::string schemaText() {
  std::ifstream f(TRIBUTARY_SOURCE_DIR "/tests/integration/lake/user.avsc");
  std::stringstream text;
  text << f.rdbuf();
  return text.str();
}
const std::string kSchema = schemaText();

constexpr int kRecords = 23;
constexpr int kBadLine = 10;  // this input line does not fit the schema
constexpr int kFlush = 4;

std::string two(int n) {
  char b[8];
  std::snprintf(b, sizeof b, "%02d", n);
  return b;
}

// Record i as written to the input file, and as the readers print it.
std::pair<json, json> row(int i) {
  json in, out;
  in["index"] = i;
  in["name"] = "user" + std::to_string(i);
  if (i % 3 == 0)
    in["email"] = nullptr;
  else if (i % 7 != 0)
    in["email"] = "user" + std::to_string(i) + "@example.com";  // i % 7 == 0: left out, default
  int cents = i * 101 * (i % 5 == 2 ? -1 : 1);
  std::string balance =
      (cents < 0 ? "-" : "") + std::to_string(std::abs(cents) / 100) + "." + two(std::abs(cents) % 100);
  in["balance"] = balance;
  in["born"] = i % 2 ? json(nullptr) : json("2000-01-" + two(1 + i % 28));
  in["created_at"] = 1709294400123LL + i * 1000LL;
  in["id"] = "00000000-0000-4000-8000-0000000000" + two(i);
  in["score"] = i * 1.5;
  in["active"] = i % 2 == 0;
  in["kind"] = i % 4 == 0 ? "PRO" : "FREE";
  in["tags"] = i % 5 == 0 ? json::array() : json::array({"t" + std::to_string(i), "x"});
  in["attrs"] = {{"a", i}, {"b", -i}};
  if (i % 2)
    in["address"] = nullptr;
  else
    in["address"] = {{"city", "C" + std::to_string(i)}, {"zip", i % 4 == 0 ? json(nullptr) : json("12" + two(i))}};
  out = in;
  if (!out.contains("email")) out["email"] = nullptr;
  return {in, out};
}

struct Input {
  std::vector<json> expected;          // the good records, in order
  std::vector<std::string> fileNames;  // P_USERS+0+<offset>.avro, in order
};

// Writes DIR/in.jsonl; the file source's position is the byte offset of a line,
// so the expected names follow from the lines' lengths.
Input writeInput(const QString& dir) {
  Input result;
  std::ofstream f(QDir(dir).filePath(QStringLiteral("in.jsonl")).toStdString());
  std::int64_t offset = 0;
  int inFile = 0;
  for (int i = 0; i < kRecords; ++i) {
    auto [in, out] = row(i);
    bool bad = i == kBadLine;
    if (bad) in["index"] = "ten";  // a string where a long belongs
    std::string line = in.dump() + "\n";
    f << line;
    if (!bad) {
      if (inFile == 0) {
        char name[64];
        std::snprintf(name, sizeof name, "P_USERS+0+%010lld.avro", static_cast<long long>(offset));
        result.fileNames.push_back(name);
      }
      inFile = (inFile + 1) % kFlush;
      result.expected.push_back(out);
    }
    offset += static_cast<std::int64_t>(line.size());
  }
  return result;
}

bool runPipeline(const QString& dir, const json& sink, QByteArray* log) {
  json pipeline = {{"tributary", 1},
                   {"name", "avro-lake"},
                   {"nodes",
                    {{{"id", "in"}, {"type", "source.file"}, {"config", {{"path", "in.jsonl"}}}},
                     {{"id", "out"}, {"type", sink["type"]}, {"config", sink["config"]}}}},
                   {"edges", {{{"from", "in"}, {"to", "out"}}}}};
  QString file = QDir(dir).filePath(QStringLiteral("avro.tributary.json"));
  {
    std::ofstream p(file.toStdString());
    p << pipeline.dump(2);
  }
  QString state = QDir(dir).filePath(QStringLiteral("state"));
  QDir(state).removeRecursively();
  Run r = runProcess(QStringLiteral(TRIBUTARY_RUNNER),
                     {QStringLiteral("run"), file, QStringLiteral("--workdir"), dir, QStringLiteral("--state"), state,
                      QStringLiteral("--quiet")},
                     120000, {}, tributary::testing::Channels::Separate);
  *log = (r.out + r.err).toUtf8();
  return r.exitCode == 0;
}

// The .avro files under `folder`, sorted by name (the zero-padded offsets sort as numbers).
QStringList avroFiles(const QString& folder) {
  QDir d(folder);
  QStringList files;
  for (const QString& name : d.entryList({QStringLiteral("*.avro")}, QDir::Files, QDir::Name))
    files << d.filePath(name);
  return files;
}

struct ReadBack {
  std::vector<json> headers;
  std::vector<json> records;
  QString error;
};

ReadBack readWith(const QString& program, const QString& script, const QStringList& files) {
  ReadBack back;
  Run r = runProcess(program, QStringList{script} + files, 120000, {}, tributary::testing::Channels::Separate);
  if (r.exitCode != 0) {
    back.error = program + QStringLiteral(" failed: ") + r.err + r.out.left(2000);
    return back;
  }
  std::istringstream lines(r.out.toStdString());
  for (std::string line; std::getline(lines, line);) {
    if (line.empty()) continue;
    json j = json::parse(line, nullptr, false);
    if (j.is_discarded()) {
      back.error = QStringLiteral("not JSON: ") + QString::fromStdString(line);
      return back;
    }
    (j.is_object() && j.contains("file") && j.contains("schema") ? back.headers : back.records).push_back(j);
  }
  return back;
}

const QString kPython = QString::fromLatin1(tributary::testing::kDebianPython);
const QString kPyReader = QStringLiteral(TRIBUTARY_SOURCE_DIR "/tests/integration/lake/avro_read.py");
const QString kJsReader = QStringLiteral(TRIBUTARY_SOURCE_DIR "/tests/integration/lake/avro_read.mjs");

// Both readers agree with `expected`, record for record, and every header holds `schema` and `codec`.
void checkReaders(const QStringList& files, const std::vector<json>& expected, const std::string& schema,
                  const std::string& codec) {
  for (const auto& [program, script] :
       {std::pair{kPython, kPyReader}, std::pair{QStringLiteral("/usr/bin/node"), kJsReader}}) {
    ReadBack back = readWith(program, script, files);
    QVERIFY2(back.error.isEmpty(), qPrintable(back.error));
    QCOMPARE(back.headers.size(), static_cast<std::size_t>(files.size()));
    for (const json& h : back.headers) {
      if (!schema.empty()) {
        QCOMPARE(h["schema"].get<std::string>(), schema);  // the original text, doc and logicalType included
      } else {                                             // inferred: a record named after the topic
        json inferredSchema = json::parse(h["schema"].get<std::string>(), nullptr, false);
        QVERIFY2(inferredSchema.is_object() && inferredSchema.value("type", "") == "record" &&
                     inferredSchema.value("name", "") == "P_USERS",
                 h["schema"].get<std::string>().c_str());
      }
      QCOMPARE(h["codec"].get<std::string>(), codec);
    }
    QCOMPARE(back.records.size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i)
      QVERIFY2(back.records[i] == expected[i],
               qPrintable(script + QStringLiteral(": record %1: got %2, expected %3")
                                       .arg(i)
                                       .arg(QString::fromStdString(back.records[i].dump()),
                                            QString::fromStdString(expected[i].dump()))));
  }
}

QByteArray readAll(const QString& path) {
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) return {};
  return f.readAll();
}

}  // namespace

class TestLakeAvro final : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void lakeFilesReadByPythonAndAvsc_data() {
    QTest::addColumn<QString>("compression");
    QTest::addColumn<QString>("codec");
    QTest::addColumn<bool>("inferred");
    QTest::newRow("null") << QStringLiteral("none") << QStringLiteral("null") << false;
    QTest::newRow("deflate") << QStringLiteral("deflate") << QStringLiteral("deflate") << false;
    QTest::newRow("snappy") << QStringLiteral("snappy") << QStringLiteral("snappy") << false;
    QTest::newRow("inferred-snappy") << QStringLiteral("snappy") << QStringLiteral("snappy") << true;
  }

  // With a schema file, or (inferred) with none: then each file's schema is inferred from its own records;
  // the readers see the same values (strings stay strings, missing and null fields become nullable).
  void lakeFilesReadByPythonAndAvsc() {
    QFETCH(QString, compression);
    QFETCH(QString, codec);
    QFETCH(bool, inferred);
    QTemporaryDir dir;
    Input input = writeInput(dir.path());
    {
      std::ofstream s(dir.filePath(QStringLiteral("user.avsc")).toStdString());
      s << kSchema;
    }
    json sink = {{"type", "sink.lake"},
                 {"config",
                  {{"path", "lake"},
                   {"topic", "P_USERS"},
                   {"format", "avro"},
                   {"compression", compression.toStdString()},
                   {"schema", "user.avsc"},  // a file; its text goes into the header as it is
                   {"flush_size", kFlush},
                   {"on_error", "dead-letter"},
                   {"dead_letter_path", "dead.jsonl"}}}};
    if (inferred) sink["config"].erase("schema");
    QByteArray log;
    QVERIFY2(runPipeline(dir.path(), sink, &log), log.constData());
    QString folder = dir.filePath(QStringLiteral("lake/topics/P_USERS/partition=0"));
    QStringList files = avroFiles(folder);
    QStringList names;
    for (const QString& f : files) names << QFileInfo(f).fileName();
    QStringList expectedNames;
    for (const auto& n : input.fileNames) expectedNames << QString::fromStdString(n);
    QCOMPARE(names, expectedNames);
    checkReaders(files, input.expected, inferred ? std::string() : kSchema, codec.toStdString());

    // The record that does not fit: dead-lettered with the field at fault, not written.
    QByteArray dead = readAll(dir.filePath(QStringLiteral("dead.jsonl")));
    QCOMPARE(dead.count('\n'), 1);
    QVERIFY2(dead.contains("does not fit the Avro schema") && dead.contains("index"), dead.constData());
    if (inferred) QVERIFY2(dead.contains("inferred from the file's earlier records"), dead.constData());
    QVERIFY2(dead.contains("ten"), dead.constData());

    // The same input again, into another folder: the same files, byte for byte.
    sink["config"]["path"] = "lake2";
    QVERIFY2(runPipeline(dir.path(), sink, &log), log.constData());
    QStringList again = avroFiles(dir.filePath(QStringLiteral("lake2/topics/P_USERS/partition=0")));
    QCOMPARE(again.size(), files.size());
    for (int i = 0; i < files.size(); ++i) QVERIFY(readAll(files[i]) == readAll(again[i]));
  }

  // A schema that does not parse, a missing schema file, a codec of another format: the start fails saying why.
  void badSchemaOrCodecFailsTheStart() {
    QTemporaryDir dir;
    writeInput(dir.path());
    QByteArray log;
    json sink = {{"type", "sink.lake"},
                 {"config", {{"path", "lake"}, {"topic", "P_USERS"}, {"format", "avro"}, {"schema", "nosuch.avsc"}}}};
    QVERIFY(!runPipeline(dir.path(), sink, &log));
    QVERIFY2(log.contains("cannot read the Avro schema file") && log.contains("nosuch.avsc"), log.constData());
    sink["config"]["schema"] =
        "{\"type\": \"record\", \"name\": \"R\", \"fields\": [{\"name\": \"a\", \"type\": \"strin\"}]}";
    QVERIFY(!runPipeline(dir.path(), sink, &log));
    QVERIFY2(log.contains("the Avro schema is not valid") && log.contains("strin"), log.constData());
    sink["config"]["schema"] = kSchema;
    sink["config"]["compression"] = "gzip";
    QVERIFY(!runPipeline(dir.path(), sink, &log));
    QVERIFY2(log.contains("does not go with the avro format"), log.constData());
    QVERIFY(!QDir(dir.filePath(QStringLiteral("lake/topics"))).exists());
  }

  // The schema of a registry subject (the embedded broker's Schema Registry):
  // the header holds the text the registry serves.
  void schemaFromRegistrySubject() {
    QTemporaryDir dir;
    Input input = writeInput(dir.path());
    int kafkaPort = tributary::testing::freeLoopbackPort();
    int registryPort = tributary::testing::freeLoopbackPort();
    std::string registry = "http://127.0.0.1:" + std::to_string(registryPort);
    tributary::testing::ChildProcess broker(
        {TRIBUTARY_RUNNER, "broker", "--listen", "127.0.0.1:" + std::to_string(kafkaPort), "--data",
         dir.filePath(QStringLiteral("kafka")).toStdString(), "--schema-registry",
         "127.0.0.1:" + std::to_string(registryPort)},
        dir.filePath(QStringLiteral("broker.log")).toStdString());
    json body = {{"schema", kSchema}};
    Run reg;
    for (int i = 0; i < 100; ++i) {
      reg = runProcess(QStringLiteral("curl"),
                       {QStringLiteral("-sS"), QStringLiteral("-f"), QStringLiteral("-X"), QStringLiteral("POST"),
                        QStringLiteral("-H"), QStringLiteral("Content-Type: application/vnd.schemaregistry.v1+json"),
                        QStringLiteral("--data-binary"), QString::fromStdString(body.dump()),
                        QString::fromStdString(registry + "/subjects/P_USERS-value/versions")},
                       10000, {}, tributary::testing::Channels::Separate);
      if (reg.exitCode == 0) break;
      QTest::qWait(100);
    }
    QVERIFY2(reg.exitCode == 0,
             qPrintable(reg.err + QString::fromUtf8(readAll(dir.filePath(QStringLiteral("broker.log"))))));
    Run latest = runProcess(QStringLiteral("curl"),
                            {QStringLiteral("-sS"), QStringLiteral("-f"),
                             QString::fromStdString(registry + "/subjects/P_USERS-value/versions/latest")},
                            10000, {}, tributary::testing::Channels::Separate);
    QCOMPARE(latest.exitCode, 0);
    std::string served = json::parse(latest.out.toStdString())["schema"].get<std::string>();

    json sink = {{"type", "sink.lake"},
                 {"config",
                  {{"path", "lake"},
                   {"topic", "P_USERS"},
                   {"format", "avro"},
                   {"compression", "snappy"},
                   {"schema_registry", registry},  // subject: P_USERS-value (TopicNameStrategy)
                   {"flush_size", kFlush},
                   {"on_error", "skip"}}}};
    QByteArray log;
    QVERIFY2(runPipeline(dir.path(), sink, &log), log.constData());
    QStringList files = avroFiles(dir.filePath(QStringLiteral("lake/topics/P_USERS/partition=0")));
    QCOMPARE(static_cast<std::size_t>(files.size()), input.fileNames.size());
    checkReaders(files, input.expected, served, "snappy");

    // A subject the registry does not have: the start fails naming it.
    sink["config"]["subject"] = "nosuch-value";
    sink["config"]["path"] = "lake2";
    QVERIFY(!runPipeline(dir.path(), sink, &log));
    QVERIFY2(log.contains("nosuch-value"), log.constData());
  }

  // sink.s3: the same objects in the bucket, fetched with curl's own signing and read by both readers.
  void s3ObjectsReadByPythonAndAvsc() {
    QTemporaryDir dir;
    Input input = writeInput(dir.path());
    tributary::testing::S3rver s3(QStringLiteral(TRIBUTARY_SOURCE_DIR), dir.filePath(QStringLiteral("s3")), "lake");
    QVERIFY2(s3.ready(), s3.log().constData());
    json sink = {{"type", "sink.s3"},
                 {"config",
                  {{"bucket", "lake"},
                   {"endpoint", s3.endpoint()},
                   {"addressing", "path"},
                   {"access_key_id", "S3RVER"},
                   {"secret_access_key", "S3RVER"},
                   {"topic", "P_USERS"},
                   {"format", "avro"},
                   {"compression", "deflate"},
                   {"schema", kSchema},
                   {"flush_size", kFlush},
                   {"on_error", "skip"}}}};
    QByteArray log;
    QVERIFY2(runPipeline(dir.path(), sink, &log), log.constData());
    QStringList curlAuth = {QStringLiteral("-sS"),
                            QStringLiteral("-f"),
                            QStringLiteral("--aws-sigv4"),
                            QStringLiteral("aws:amz:us-east-1:s3"),
                            QStringLiteral("--user"),
                            QStringLiteral("S3RVER:S3RVER"),
                            QStringLiteral("-H"),
                            QStringLiteral("x-amz-content-sha256: "
                                           "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")};
    QString base = QString::fromStdString(s3.endpoint()) + QStringLiteral("/lake/");
    QStringList files;
    for (const std::string& name : input.fileNames) {
      QString key = QStringLiteral("topics/P_USERS/partition=0/") + QString::fromStdString(name);
      QString local = dir.filePath(QString::fromStdString(name));
      Run get = runProcess(QStringLiteral("curl"),
                           curlAuth + QStringList{QStringLiteral("-o"), local,
                                                  base + QString::fromLatin1(QUrl::toPercentEncoding(key, "/"))},
                           20000, {}, tributary::testing::Channels::Separate);
      QVERIFY2(get.exitCode == 0, qPrintable(key + QStringLiteral(": ") + get.err));
      files << local;
    }
    checkReaders(files, input.expected, kSchema, "deflate");
  }
};

QTEST_GUILESS_MAIN(TestLakeAvro)
#include "test_lake_avro.moc"
