// Same answer under faults: a file with orders and shipments (out-of-order
// records within grace, late records beyond it) runs through a windowed
// aggregate and a windowed left join, with their changelog topics on a broker
// (tributary-runner broker) the test starts: once uninterrupted; once with at
// least ten `kill -9` of tributary-runner at random moments (restarted each
// time); and once killed and restarted with the local state folder deleted
// each time, so the state comes back from the changelog topics. An
// independent Python check (state_check.py) computes the expected aggregates,
// join rows and late records from the input and compares each run's sink and
// dead-letter files: identical results, late records dead-lettered exactly,
// duplicates identical in content, counted and bounded. changelog_check.py
// (kafka-python) reads a changelog topic: compacted, keys present, tagged.
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>
#include <memory>
#include <fstream>
#include <random>

#include "tests/integration/stream/orders_input.h"
#include "tests/support/process.h"

using namespace tributary::testing;

namespace {

constexpr int kOrders = 200000;

// 5 ms apart; late ones 15 minutes behind a grace of 3 (orders_input.h).
void writeInput(const std::string& path) { writeOrdersInput(path, kOrders, 0, 997, 5, 15 * 60000); }

void writePipeline(const std::string& path, const std::string& name, const std::string& bootstrap) {
  std::ofstream p(path);
  p << R"({"tributary": 1, "name": ")" << name << R"(", "cluster": {"bootstrap": ")" << bootstrap << R"("}, "nodes": [
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

QJsonObject changelog(const std::string& bootstrap, const std::string& topic) {
  Run r = runProcess(QString::fromLatin1(kDebianPython),
                     {QStringLiteral(TRIBUTARY_SOURCE_DIR "/tests/integration/stream/changelog_check.py"),
                      QString::fromStdString(bootstrap), QString::fromStdString(topic)},
                     120000, {}, Channels::Separate);
  if (r.exitCode != 0) qWarning("changelog_check.py: %s", qPrintable(r.err));
  return QJsonDocument::fromJson(r.out.toUtf8()).object();
}

std::string slurpFile(const std::string& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), {});
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
  void initTestCase() {
    QVERIFY(m_dir.isValid());
    m_broker = std::make_unique<ChildProcess>(
        std::vector<std::string>{TRIBUTARY_RUNNER, "broker", "--listen", "127.0.0.1:0", "--data", path("broker")},
        path("broker.err"), true);
    m_bootstrap = readListeningLine(*m_broker, std::chrono::seconds(30));
    QVERIFY2(!m_bootstrap.empty(), slurpFile(path("broker.err")).c_str());
    writeInput(path("events.jsonl"));
    for (const char* run : {"calm", "crash", "lost"}) {
      std::filesystem::create_directories(path(run));
      writePipeline(path(std::string(run) + "/p.tributary.json"), std::string("state-") + run, m_bootstrap);
    }
  }

  void cleanupTestCase() {
    if (!m_broker) return;
    m_broker->signal(SIGTERM);
    m_broker->wait(std::chrono::seconds(20));
  }

  void sameAnswerUninterrupted() {
    {
      ChildProcess calm(argv("calm"), path("calm/stderr.txt"));
      auto code = calm.wait(std::chrono::seconds(240));
      QVERIFY(code.has_value());
      QCOMPARE(*code, 0);
    }
    QJsonObject calm = check(qpath("events.jsonl"), qpath("calm"));
    qInfo("uninterrupted: %s", QJsonDocument(calm).toJson(QJsonDocument::Compact).constData());
    QVERIFY2(calm.value(QStringLiteral("ok")).toBool(), QJsonDocument(calm).toJson().constData());
    QCOMPARE(calm.value(QStringLiteral("aggregate_duplicates")).toInt(), 0);
    QCOMPARE(calm.value(QStringLiteral("join_duplicates")).toInt(), 0);
    QVERIFY(calm.value(QStringLiteral("late_aggregate")).toInt() > 100);

    // The aggregate's changelog, read by kafka-python: compacted, one partition
    // (the input is one file), its groups' keys and the flush markers, every
    // record tagged with its flush and the source offsets.
    QJsonObject topic = changelog(m_bootstrap, "state-calm-agg-changelog");
    qInfo("changelog: %s", QJsonDocument(topic).toJson(QJsonDocument::Compact).constData());
    QCOMPARE(topic.value(QStringLiteral("cleanup_policy")).toString(), QStringLiteral("compact"));
    QCOMPARE(topic.value(QStringLiteral("partitions")).toInt(), 1);
    QVERIFY(topic.value(QStringLiteral("complete")).toBool());
    QVERIFY(topic.value(QStringLiteral("all_tagged")).toBool());
    // 20 items: one key per group ("g/..."), plus the marker "m".
    QCOMPARE(topic.value(QStringLiteral("prefixes")).toObject().value(QStringLiteral("g/")).toInt(), 20);
    QCOMPARE(topic.value(QStringLiteral("prefixes")).toObject().value(QStringLiteral("m")).toInt(), 1);
    QVERIFY(topic.value(QStringLiteral("records")).toInt() > 21);
    QJsonObject join = changelog(m_bootstrap, "state-calm-join-changelog");
    QCOMPARE(join.value(QStringLiteral("cleanup_policy")).toString(), QStringLiteral("compact"));
    QVERIFY(join.value(QStringLiteral("records")).toInt() > 1000);

    // An existing changelog with another partition count is refused with a sentence.
    writePipeline(path("calm/wrong.tributary.json"), "state-wrong", m_bootstrap);
    Run created = runProcess(QString::fromLatin1(kDebianPython),
                             {QStringLiteral("-c"),
                              QStringLiteral("import sys\nfrom kafka.admin import KafkaAdminClient, NewTopic\n"
                                             "KafkaAdminClient(bootstrap_servers=sys.argv[1]).create_topics("
                                             "[NewTopic('state-wrong-agg-changelog', 3, 1, "
                                             "topic_configs={'cleanup.policy': 'compact'})])"),
                              QString::fromStdString(m_bootstrap)},
                             60000, {}, Channels::Separate);
    QVERIFY2(created.exitCode == 0, qPrintable(created.err));
    auto wrong = argv("calm");
    wrong[2] = path("calm/wrong.tributary.json");
    wrong[6] = path("calm/wrong-state");
    ChildProcess refused(wrong, path("calm/wrong.txt"));
    auto code = refused.wait(std::chrono::seconds(60));
    QVERIFY(code.has_value());
    QCOMPARE(*code, 3);  // the run failed
    std::string err = slurpFile(path("calm/wrong.txt"));
    QVERIFY2(err.find("its changelog topic `state-wrong-agg-changelog` has 3 partitions, but its input has 1") !=
                 std::string::npos,
             err.c_str());
  }

  void sameAnswerUnderKillNine() {
    // Killed at random moments, restarted each time, until ten kills landed mid-run.
    auto [kills, rounds] = killAndRestart("crash", 10, false);
    QJsonObject crash = check(qpath("events.jsonl"), qpath("crash"));
    qInfo("%d kill -9 in %d runs: %s", kills, rounds, QJsonDocument(crash).toJson(QJsonDocument::Compact).constData());
    QVERIFY2(kills >= 10, qPrintable(QStringLiteral("only %1 kills landed mid-run").arg(kills)));
    QVERIFY2(crash.value(QStringLiteral("ok")).toBool(), QJsonDocument(crash).toJson().constData());
    // Duplicates: results emitted within about one checkpoint interval before each kill.
    // At most a few windows' worth per kill (20 items per window) for the aggregate ...
    QVERIFY(crash.value(QStringLiteral("aggregate_duplicates")).toInt() <= kills * 3 * 20);
    // ... and for the join, rows of a few checkpoint intervals (well under the input per kill).
    QVERIFY(crash.value(QStringLiteral("join_duplicates")).toInt() <= kills * kOrders / 10);
  }

  void sameAnswerRestoredFromTheChangelog() {
    // Killed, and the local state folder deleted before each restart: the
    // stores come back from the changelog topics (the checkpoint stays).
    auto [kills, rounds] = killAndRestart("lost", 3, true);
    QJsonObject lost = check(qpath("events.jsonl"), qpath("lost"));
    qInfo("%d kill -9 with the state folder deleted, in %d runs: %s", kills, rounds,
          QJsonDocument(lost).toJson(QJsonDocument::Compact).constData());
    QVERIFY2(kills >= 3, qPrintable(QStringLiteral("only %1 kills landed mid-run").arg(kills)));
    std::string err = slurpFile(path("lost/stderr.txt"));
    QVERIFY2(err.find("restoring the state store") != std::string::npos, err.c_str());
    QVERIFY2(lost.value(QStringLiteral("ok")).toBool(), QJsonDocument(lost).toJson().constData());
    QVERIFY(lost.value(QStringLiteral("aggregate_duplicates")).toInt() <= kills * 3 * 20);
    QVERIFY(lost.value(QStringLiteral("join_duplicates")).toInt() <= kills * kOrders / 10);
  }

 private:
  QTemporaryDir m_dir;
  std::unique_ptr<ChildProcess> m_broker;
  std::string m_bootstrap;

  std::string path(const std::string& name) const { return m_dir.filePath(QString::fromStdString(name)).toStdString(); }
  QString qpath(const char* name) const { return m_dir.filePath(QString::fromLatin1(name)); }

  std::vector<std::string> argv(const std::string& run) const {
    std::string folder = path(run);
    return {TRIBUTARY_RUNNER, "run",         folder + "/p.tributary.json", "--workdir", folder, "--state",
            folder + "/state", "--checkpoint-interval", "100ms", "--quiet"};
  }

  // Runs `run` until `wanted` kill -9 landed mid-run (restarting each time;
  // `dropState`: deleting the stores, not the checkpoint, after each kill),
  // then once more to its end. Returns {kills, runs}.
  std::pair<int, int> killAndRestart(const std::string& run, int wanted, bool dropState) {
    std::mt19937 rng(std::random_device{}());
    int kills = 0, rounds = 0;
    bool finished = false;
    while (kills < wanted && rounds < 60) {
      ++rounds;
      ChildProcess child(argv(run), path(run + "/stderr.txt"));
      auto wait = std::chrono::milliseconds(std::uniform_int_distribution<int>(dropState ? 700 : 150, 900)(rng));
      auto code = child.wait(wait);
      if (code) {  // the run ended before the kill: it must have ended well
        if (*code != 0) qWarning("run %s exited with %d", run.c_str(), *code);
        finished = *code == 0;
        break;
      }
      child.signal(SIGKILL);
      code = child.wait(std::chrono::seconds(10));
      if (code && *code == 128 + SIGKILL) ++kills;
      if (dropState) std::filesystem::remove_all(path(run + "/state/state-" + run + ".state"));
    }
    if (!finished) {
      ChildProcess last(argv(run), path(run + "/stderr.txt"));
      auto code = last.wait(std::chrono::seconds(240));
      if (!code || *code != 0) qWarning("the last run of %s did not end well", run.c_str());
    }
    return {kills, rounds};
  }
};

QTEST_APPLESS_MAIN(TestStreamStateCrash)
#include "test_stream_state_crash.moc"
