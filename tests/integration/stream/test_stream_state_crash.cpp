// Same answer under faults: a file with orders and shipments (out-of-order
// records within grace, late records beyond it) runs through a windowed
// aggregate and a windowed left join, once uninterrupted and once with at
// least ten `kill -9` of tributary-runner at random moments (restarted each
// time). An independent Python check (state_check.py) computes the expected
// aggregates, join rows and late records from the input and compares each
// run's sink and dead-letter files: identical results, late records
// dead-lettered exactly, duplicates identical in content, counted and bounded.
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>
#include <fstream>
#include <random>

#include "tests/support/process.h"

using namespace tributary::testing;

namespace {

constexpr int kOrders = 200000;

void writeInput(const std::string& path) {
  std::ofstream in(path);
  const std::int64_t t0 = 1714557600000;  // 2024-05-01T10:00:00Z
  for (int i = 0; i < kOrders; ++i) {
    std::int64_t ts = t0 + std::int64_t{i} * 5;
    if (i % 997 == 0 && i > 0)
      ts -= 15 * 60000;  // late: 15 minutes behind, grace is 3
    else if (i % 7 == 0)
      ts -= 20000;  // out of order, within grace
    in << "{\"kind\":\"order\",\"id\":" << i << ",\"ts\":" << ts << ",\"item\":\"item-" << (i * 31) % 20
       << "\",\"units\":" << 1 + i % 9 << "}\n";
    if (i % 3 != 0) {
      // Shipped 30 s later; the id is a string for odd orders (int-versus-string join keys).
      in << "{\"kind\":\"ship\",\"order_id\":";
      if (i % 2)
        in << '"' << i << '"';
      else
        in << i;
      in << ",\"ts\":" << ts + 30000 << ",\"carrier\":\"carrier-" << i % 4 << "\"}\n";
    }
  }
}

void writePipeline(const std::string& path) {
  std::ofstream p(path);
  p << R"({"tributary": 1, "name": "state-crash", "nodes": [
  {"id": "src", "type": "source.file", "config": {"path": "../events.jsonl"}},
  {"id": "orders", "type": "transform.filter", "config": {"condition": "kind = 'order'"}},
  {"id": "ships", "type": "transform.filter", "config": {"condition": "kind = 'ship'"}},
  {"id": "agg", "type": "transform.aggregate", "config": {"window": "tumbling", "size": "1m", "grace": "3m",
    "timestamp": "ts", "group_by": ["item"], "aggregates": ["count(*) AS n", "sum(units) AS units"],
    "dead_letter_path": "late-agg.jsonl"}},
  {"id": "join", "type": "transform.join", "config": {"type": "left", "mode": "window", "left_key": "id",
    "right_key": "order_id", "before": "1m", "after": "2m", "grace": "3m", "left_timestamp": "ts",
    "right_timestamp": "ts", "select": "left.id AS id, left.item AS item, right.carrier AS carrier",
    "dead_letter_path": "late-join.jsonl"}},
  {"id": "aggout", "type": "sink.file", "config": {"path": "agg.jsonl", "fsync": "none"}},
  {"id": "joinout", "type": "sink.file", "config": {"path": "join.jsonl", "fsync": "none"}}],
 "edges": [{"from": "src", "to": "orders"}, {"from": "src", "to": "ships"},
  {"from": "orders", "to": "agg"}, {"from": "agg", "to": "aggout"},
  {"from": "orders", "to": "join", "toPort": "left"}, {"from": "ships", "to": "join", "toPort": "right"},
  {"from": "join", "to": "joinout"}]})";
}

QJsonObject check(const QString& input, const QString& runDir) {
  Run r = runProcess(QString::fromLatin1(kDebianPython),
                     {QStringLiteral(TRIBUTARY_SOURCE_DIR "/tests/integration/stream/state_check.py"), input, runDir},
                     300000, {}, Channels::Separate);
  if (r.exitCode != 0) qWarning("state_check.py: %s", qPrintable(r.err));
  return QJsonDocument::fromJson(r.out.toUtf8()).object();
}

}  // namespace

class TestStreamStateCrash final : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void sameAnswerUnderKillNine() {
    QTemporaryDir dir;
    auto path = [&](const QString& name) { return dir.filePath(name).toStdString(); };
    writeInput(path(QStringLiteral("events.jsonl")));
    for (const char* run : {"calm", "crash"}) {
      std::filesystem::create_directories(path(QString::fromLatin1(run)));
      writePipeline(path(QString::fromLatin1(run) + QStringLiteral("/p.tributary.json")));
    }
    auto argv = [&](const char* run) {
      std::string folder = path(QString::fromLatin1(run));
      return std::vector<std::string>{TRIBUTARY_RUNNER,
                                      "run",
                                      folder + "/p.tributary.json",
                                      "--workdir",
                                      folder,
                                      "--state",
                                      folder + "/state",
                                      "--checkpoint-interval",
                                      "100ms",
                                      "--quiet"};
    };

    // Uninterrupted.
    {
      ChildProcess calm(argv("calm"), path(QStringLiteral("calm/stderr.txt")));
      auto code = calm.wait(std::chrono::seconds(240));
      QVERIFY(code.has_value());
      QCOMPARE(*code, 0);
    }
    QJsonObject calm = check(dir.filePath(QStringLiteral("events.jsonl")), dir.filePath(QStringLiteral("calm")));
    qInfo("uninterrupted: %s", QJsonDocument(calm).toJson(QJsonDocument::Compact).constData());
    QVERIFY2(calm.value(QStringLiteral("ok")).toBool(), QJsonDocument(calm).toJson().constData());
    QCOMPARE(calm.value(QStringLiteral("aggregate_duplicates")).toInt(), 0);
    QCOMPARE(calm.value(QStringLiteral("join_duplicates")).toInt(), 0);
    QVERIFY(calm.value(QStringLiteral("late_aggregate")).toInt() > 100);

    // Killed at random moments, restarted each time, until ten kills landed mid-run.
    std::mt19937 rng(std::random_device{}());
    int kills = 0, rounds = 0;
    bool finished = false;
    while (kills < 10 && rounds < 60) {
      ++rounds;
      ChildProcess child(argv("crash"), path(QStringLiteral("crash/stderr.txt")));
      auto wait = std::chrono::milliseconds(std::uniform_int_distribution<int>(150, 900)(rng));
      auto code = child.wait(wait);
      if (code) {  // the run ended before the kill: it must have ended well
        QCOMPARE(*code, 0);
        finished = true;
        break;
      }
      child.signal(SIGKILL);
      code = child.wait(std::chrono::seconds(10));
      QVERIFY(code.has_value());
      if (*code == 128 + SIGKILL) ++kills;
    }
    if (!finished) {
      ChildProcess last(argv("crash"), path(QStringLiteral("crash/stderr.txt")));
      auto code = last.wait(std::chrono::seconds(240));
      QVERIFY(code.has_value());
      QCOMPARE(*code, 0);
    }
    QJsonObject crash = check(dir.filePath(QStringLiteral("events.jsonl")), dir.filePath(QStringLiteral("crash")));
    qInfo("%d kill -9 in %d runs: %s", kills, rounds, QJsonDocument(crash).toJson(QJsonDocument::Compact).constData());
    QVERIFY2(kills >= 10, qPrintable(QStringLiteral("only %1 kills landed mid-run").arg(kills)));
    QVERIFY2(crash.value(QStringLiteral("ok")).toBool(), QJsonDocument(crash).toJson().constData());
    // Duplicates: results emitted within about one checkpoint interval before each kill.
    // At most a few windows' worth per kill (20 items per window) for the aggregate ...
    QVERIFY(crash.value(QStringLiteral("aggregate_duplicates")).toInt() <= kills * 3 * 20);
    // ... and for the join, rows of a few checkpoint intervals (well under the input per kill).
    QVERIFY(crash.value(QStringLiteral("join_duplicates")).toInt() <= kills * kOrders / 10);
  }
};

QTEST_APPLESS_MAIN(TestStreamStateCrash)
#include "test_stream_state_crash.moc"
