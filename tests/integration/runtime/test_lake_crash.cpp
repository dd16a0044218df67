// Exactly-once lake files across crashes: a file source -> sink.lake pipeline
// run by tributary-runner is killed with SIGKILL several times and restarted.
// Every file that existed at a kill must be unchanged at the end (a replay
// never rewrites a stored file differently), and every input record must be
// in exactly one file — no duplicates, nothing missing. Checked for plain and
// gzip JSON files (gzip decoded by the system's gzip), snappy Avro
// container files (read by Apache Avro's Python library), and for sink.s3
// with JSON objects in s3rver (listed and read back with GET).
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>

#include <nlohmann/json.hpp>

#include "tests/support/process.h"
#include "tests/support/s3rver.h"

using namespace tributary::testing;
namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Stored files only (temporary ones start with a dot): path -> content.
std::map<std::string, std::string> lakeFiles(const fs::path& root) {
  std::map<std::string, std::string> out;
  std::error_code ec;
  if (!fs::exists(root, ec)) return out;
  for (auto& e : fs::recursive_directory_iterator(root))
    if (e.is_regular_file() && e.path().filename().string()[0] != '.')
      out[fs::relative(e.path(), root).generic_string()] = slurp(e.path());
  return out;
}

std::size_t countFiles(const fs::path& root) {
  std::size_t n = 0;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec)) ++n;
  return n;
}

}  // namespace

class TestLakeCrash final : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void killNineWritesEveryRecordOnce_data() {
    QTest::addColumn<QString>("format");
    QTest::addColumn<QString>("compression");
    QTest::addColumn<bool>("s3");
    QTest::newRow("json") << QStringLiteral("json") << QStringLiteral("none") << false;
    QTest::newRow("gzip") << QStringLiteral("json") << QStringLiteral("gzip") << false;
    QTest::newRow("avro") << QStringLiteral("avro") << QStringLiteral("snappy") << false;
    QTest::newRow("s3-json") << QStringLiteral("json") << QStringLiteral("none") << true;
  }

  void killNineWritesEveryRecordOnce() {
    QFETCH(QString, format);
    QFETCH(QString, compression);
    QFETCH(bool, s3);
    QTemporaryDir dir;
    auto path = [&](const char* name) { return dir.filePath(QString::fromLatin1(name)).toStdString(); };
    constexpr int kRecords = 200000;
    {
      std::ofstream in(path("input.jsonl"));
      for (int i = 0; i < kRecords; ++i)
        in << "{\"id\":" << i << ",\"country\":\"" << (i / 5000 % 2 == 0 ? "NL" : "DE") << "\",\"note\":\"lake crash test\"}\n";
    }
    // sink.s3: the objects in s3rver (its folder grows with them, which paces the kills), read back by GET.
    std::unique_ptr<S3rver> server;
    std::string target = "\"type\": \"sink.lake\", \"config\": {\"path\": \"lake\", ";
    if (s3) {
      server = std::make_unique<S3rver>(QStringLiteral(TRIBUTARY_SOURCE_DIR), dir.filePath(QStringLiteral("s3")), "lake");
      QVERIFY2(server->ready(), server->log().constData());
      target = "\"type\": \"sink.s3\", \"config\": {\"bucket\": \"lake\", \"endpoint\": \"" + server->endpoint() +
               "\", \"addressing\": \"path\", \"access_key_id\": \"S3RVER\", \"secret_access_key\": \"S3RVER\", ";
    }
    {
      std::ofstream p(path("lake.tributary.json"));
      p << "{\"tributary\": 1, \"name\": \"lake\", \"nodes\": ["
           "{\"id\": \"in\", \"type\": \"source.file\", \"config\": {\"path\": \"input.jsonl\"}},"
           "{\"id\": \"out\", " << target << "\"topic\": \"orders\", "
           "\"flush_size\": 997, \"partitioner\": \"field\", \"partition_fields\": [\"country\"], \"compression\": \""
        << compression.toStdString() << "\", \"format\": \"" << format.toStdString()
        << "\", \"schema\": \"{\\\"type\\\": \\\"record\\\", \\\"name\\\": \\\"Order\\\", \\\"fields\\\": ["
           "{\\\"name\\\": \\\"id\\\", \\\"type\\\": \\\"long\\\"}, "
           "{\\\"name\\\": \\\"country\\\", \\\"type\\\": \\\"string\\\"}, "
           "{\\\"name\\\": \\\"note\\\", \\\"type\\\": \\\"string\\\"}]}\"}}],"
           "\"edges\": [{\"from\": \"in\", \"to\": \"out\"}]}";
    }
    std::vector<std::string> argv = {
        TRIBUTARY_RUNNER, "run",         path("lake.tributary.json"), "--workdir", dir.path().toStdString(),
        "--state",        path("state"), "--checkpoint-interval",     "50ms",      "--quiet"};
    fs::path root = path("lake");
    fs::path paceRoot = s3 ? fs::path(path("s3")) : root;
    // What is stored: key -> content (files of the folder, or the bucket's objects).
    auto stored = [&]() -> std::map<std::string, std::string> {
      if (!s3) return lakeFiles(root);
      std::map<std::string, std::string> out;
      tributary::connectors::S3Client client(server->config("lake"));
      auto keys = client.listObjects("topics/");
      if (!keys) qFatal("listing: %s", keys.error().toString().c_str());
      for (const auto& key : *keys) out[key] = client.getObject(key).value();
      return out;
    };
    // s3rver streams a PUT straight into the object's file, so a runner killed
    // mid-upload leaves the first bytes of that object stored (S3 stores a PUT
    // whole or not at all); the replay must then complete it. Anything else
    // must stay byte for byte what it was.
    auto sameOrCompleted = [s3](const std::string& before, const std::string& after) {
      return before == after ||
             (s3 && before.size() < after.size() && after.compare(0, before.size(), before) == 0);
    };
    std::mt19937 rng(std::random_device{}());
    int killedMidRun = 0;
    std::map<std::string, std::string> seenAtKills;
    for (int round = 0; round < 5; ++round) {
      std::size_t start = countFiles(paceRoot);
      std::size_t grow = std::uniform_int_distribution<std::size_t>(5, 40)(rng);
      ChildProcess child(argv, path("stderr.txt"));
      while (child.running() && countFiles(paceRoot) < start + grow)
        std::this_thread::sleep_for(std::chrono::microseconds(300));
      if (child.running()) {
        std::this_thread::sleep_for(std::chrono::microseconds(std::uniform_int_distribution<int>(0, 3000)(rng)));
        child.signal(SIGKILL);
        auto code = child.wait(std::chrono::seconds(10));
        QVERIFY(code.has_value());
        if (*code == 128 + SIGKILL) ++killedMidRun;
      }
      for (auto& [name, content] : stored()) {
        auto it = seenAtKills.find(name);
        if (it == seenAtKills.end()) {
          seenAtKills[name] = content;
        } else {
          QVERIFY2(sameOrCompleted(it->second, content),
                   qPrintable(QString::fromStdString(name + " changed after a replay: " +
                                                     std::to_string(it->second.size()) + " bytes, then " +
                                                     std::to_string(content.size()))));
          it->second = content;
        }
      }
    }
    QVERIFY2(killedMidRun >= 3, qPrintable(QStringLiteral("only %1 kills landed mid-run").arg(killedMidRun)));
    ChildProcess last(argv, path("stderr.txt"));
    auto code = last.wait(std::chrono::seconds(120));
    QVERIFY(code.has_value());
    QCOMPARE(*code, 0);

    auto files = stored();
    for (auto& [name, content] : seenAtKills) {
      QVERIFY2(files.count(name), qPrintable(QString::fromStdString(name + " disappeared")));
      QVERIFY2(sameOrCompleted(content, files[name]),
               qPrintable(QString::fromStdString(name + " changed after a replay")));
    }
    // Avro files are read by Apache Avro's Python library (one JSON line per record).
    std::map<std::string, std::string> avroText;
    if (format == QLatin1String("avro")) {
      QStringList args = {QStringLiteral(TRIBUTARY_SOURCE_DIR "/tests/integration/lake/avro_read.py")};
      for (auto& [name, content] : files) args << QString::fromStdString((root / name).string());
      QProcess py;
      py.start(QStringLiteral("/usr/bin/python3"), args);
      QVERIFY(py.waitForFinished(300000));
      QVERIFY2(py.exitCode() == 0, py.readAllStandardError().constData());
      std::istringstream out(py.readAllStandardOutput().toStdString());
      std::string current;
      for (std::string line; std::getline(out, line);) {
        auto j = nlohmann::json::parse(line);
        if (j.contains("file")) current = fs::relative(j["file"].get<std::string>(), root).string();
        else avroText[current] += line + "\n";
      }
    }
    std::vector<std::uint8_t> seen(kRecords, 0);
    std::size_t duplicates = 0, lines = 0, misplaced = 0;
    for (auto& [name, content] : files) {
      QVERIFY2(name.rfind("topics/orders/country=", 0) == 0, name.c_str());
      std::string text = content;
      if (format == QLatin1String("avro")) {
        QVERIFY2(name.size() > 5 && name.compare(name.size() - 5, 5, ".avro") == 0, name.c_str());
        text = avroText[name];
      } else if (compression == QLatin1String("gzip")) {
        QVERIFY2(name.size() > 8 && name.compare(name.size() - 8, 8, ".json.gz") == 0, name.c_str());
        QProcess gz;
        gz.start(QStringLiteral("gzip"), {QStringLiteral("-dc"), QString::fromStdString((root / name).string())});
        QVERIFY(gz.waitForFinished(20000));
        QCOMPARE(gz.exitCode(), 0);
        text = gz.readAllStandardOutput().toStdString();
      }
      std::string folder = name.substr(std::string("topics/orders/").size(), 10);  // country=NL
      std::istringstream in(text);
      for (std::string line; std::getline(in, line);) {
        ++lines;
        int id = nlohmann::json::parse(line)["id"].get<int>();
        if (seen[static_cast<std::size_t>(id)]++) ++duplicates;
        if (folder != std::string("country=") + (id / 5000 % 2 == 0 ? "NL" : "DE")) ++misplaced;
      }
    }
    std::size_t missing = 0;
    for (auto s : seen) missing += s == 0;
    qInfo("%d kills mid-run, %zu files, %zu records: %zu duplicates, %zu missing, %zu in the wrong folder", killedMidRun,
          files.size(), lines, duplicates, missing, misplaced);
    QCOMPARE(duplicates, std::size_t{0});
    QCOMPARE(missing, std::size_t{0});
    QCOMPARE(misplaced, std::size_t{0});
  }
};

QTEST_APPLESS_MAIN(TestLakeCrash)
#include "test_lake_crash.moc"
