// exactly_once with stateful nodes, end to end: a 3-partition topic of orders
// and shipments (orders_input.h: out-of-order records within grace, late
// records beyond it) read with exactly_once by `tributary-runner run` into a
// windowed aggregate (tumbling 1m, grace 1m, count + sum) and a windowed left
// join (grace 10m),
// whose results go to two topics and whose late records go to two
// dead-letter topics — all written in the stage's transactions together with
// the aggregate's and join's changelogs and the input offsets. The run is
// killed with SIGKILL at random moments ten times while the input arrives,
// and restarted each time; a last run stops normally. The four topics, read
// with read_committed by python3-confluent-kafka, must hold exactly what the
// independent Python computation (state_check.py, per-partition stream time)
// expects: every aggregate and join row once (0 missing, 0 duplicates) and
// every late record dead-lettered once.
#include <QDir>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <signal.h>

#include <chrono>
#include <fstream>
#include <random>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "tests/integration/broker/client_processes.h"
#include "tests/integration/stream/orders_input.h"

using namespace tributary;
using namespace std::chrono_literals;

namespace {

constexpr int kOrders = 6000;
constexpr int kPartitions = 3;
constexpr int kLateEvery = 251;
constexpr int kGraceMs = 600000;  // the join's: see test_stream_scaleout (its two branches of one topic may skew)
constexpr int kAggGraceMs = 60000;  // the aggregate's: windows close while the input arrives (and the run is killed)
const char* kRemoteClients = TRIBUTARY_SOURCE_DIR "/tests/integration/remote/remote_clients.py";
const char* kProduce = TRIBUTARY_SOURCE_DIR "/tests/integration/stream/scaleout_clients.py";
const char* kCheck = TRIBUTARY_SOURCE_DIR "/tests/integration/stream/state_check.py";
const char* kDump = TRIBUTARY_SOURCE_DIR "/tests/integration/broker/exactly_once_clients.py";

nlohmann::json pipeline(const std::string& bootstrap) {
  nlohmann::json p = nlohmann::json::parse(R"({"tributary": 1, "name": "eostate", "nodes": [
  {"id": "events", "type": "topic", "config": {"name": "events", "create": false, "exactly_once": true}},
  {"id": "orders", "type": "transform.filter", "config": {"condition": "kind = 'order'"}},
  {"id": "ships", "type": "transform.filter", "config": {"condition": "kind = 'ship'"}},
  {"id": "agg", "type": "transform.aggregate", "config": {"window": "tumbling", "size": "1m", "grace": "10m",
    "timestamp": "ts", "group_by": ["item"], "aggregates": ["count(*) AS n", "sum(units) AS units"],
    "co_partitioned": true, "on_error": "dead-letter", "dead_letter_topic": "late_agg"}},
  {"id": "join", "type": "transform.join", "config": {"type": "left", "mode": "window", "left_key": "id",
    "right_key": "order_id", "before": "1m", "after": "2m", "grace": "10m", "left_timestamp": "ts",
    "right_timestamp": "ts", "select": "left.id AS id, left.item AS item, right.carrier AS carrier",
    "co_partitioned": true, "on_error": "dead-letter", "dead_letter_topic": "late_join"}},
  {"id": "aggout", "type": "topic", "config": {"name": "agg_out", "partitions": 1}},
  {"id": "joinout", "type": "topic", "config": {"name": "join_out", "partitions": 1}}],
 "edges": [{"from": "events", "to": "orders"}, {"from": "events", "to": "ships"},
  {"from": "orders", "to": "agg"}, {"from": "agg", "to": "aggout"},
  {"from": "orders", "to": "join", "toPort": "left"}, {"from": "ships", "to": "join", "toPort": "right"},
  {"from": "join", "to": "joinout"}]})");
  p["cluster"] = {{"bootstrap", bootstrap}};
  return p;
}

testing::Run py(const char* script, const QStringList& args, int timeoutMs = 120000) {
  QStringList all{QString::fromLatin1(script)};
  all += args;
  return testing::runProcess(QString::fromLatin1(testing::kDebianPython), all, timeoutMs);
}

// The four output topics read with `isolation` into `dir` as state_check.py reads a run folder.
bool dumpOutputs(const std::string& bootstrap, const QString& dir, const char* isolation) {
  const std::pair<const char*, const char*> files[] = {
      {"agg_out", "agg.jsonl"}, {"join_out", "join.jsonl"}, {"late_agg", "late-agg.jsonl"}, {"late_join", "late-join.jsonl"}};
  for (const auto& [topic, file] : files) {
    QStringList args{QString::fromStdString(bootstrap), "dump", topic, isolation, dir + "/" + file};
    if (std::string(topic).rfind("late", 0) == 0) args << "letters";
    auto r = py(kDump, args);
    if (r.exitCode != 0) {
      qWarning("dump of %s failed: %s", topic, qPrintable(r.out));
      return false;
    }
  }
  return true;
}

nlohmann::json check(const QString& input, const QString& dir) {
  auto r = py(kCheck,
              {input, dir, QString::number(kPartitions), QString::number(kGraceMs), QStringLiteral("item"),
               QString::number(kAggGraceMs)});
  QString last = r.out.trimmed().split(QLatin1Char('\n')).last();
  auto j = nlohmann::json::parse(last.toStdString(), nullptr, false);
  if (!j.is_object()) qWarning("state_check.py: %s", qPrintable(r.out));
  return j.is_object() ? j : nlohmann::json::object();
}

}  // namespace

class TestStreamExactlyOnce final : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void aggregateAndJoinKilledAtRandom() {
    QTemporaryDir dir;
    dir.setAutoRemove(qEnvironmentVariableIsEmpty("KEEP_TEST_DIR"));
    qInfo("work folder %s", qPrintable(dir.path()));
    testing::RunnerBroker broker;
    QVERIFY(broker.start(dir.path() + "/broker"));
    const std::string bootstrap = broker.bootstrap();
    const QString b = QString::fromStdString(bootstrap);
    auto created = py(kRemoteClients, {"create-topic", b, "events", QString::number(kPartitions)}, 30000);
    QVERIFY2(created.exitCode == 0, qPrintable(created.out));
    // Outputs without retention: their records carry the input's event times (2024), which retention would delete.
    created = py(kDump, {b, "create-kept", "agg_out", "join_out", "late_agg", "late_join"}, 30000);
    QVERIFY2(created.exitCode == 0, qPrintable(created.out));
    const QString input = dir.path() + "/events.jsonl";
    const int lines = testing::writeOrdersInput(input.toStdString(), kOrders, kPartitions, kLateEvery);
    const int real = lines - testing::closingLines(kPartitions);  // the last lines are the closing orders
    const QString file = dir.path() + "/p.json";
    std::ofstream(file.toStdString()) << pipeline(bootstrap).dump(2);

    QProcess producer;
    producer.setProcessChannelMode(QProcess::MergedChannels);
    producer.start(QString::fromLatin1(testing::kDebianPython),
                   {kProduce, "produce", b, "events", input, "0", QString::number(real), "12",
                    QString::number(kPartitions)});
    QVERIFY(producer.waitForStarted(5000));
    const QStringList args{"run", file, "--state", dir.path() + "/state", "--checkpoint-interval", "200ms"};
    const QString log = dir.path() + "/run.log";
    auto startRun = [&](QProcess& run) {
      run.setProcessChannelMode(QProcess::MergedChannels);
      run.setStandardOutputFile(log, QIODevice::Append);
      run.start(QStringLiteral(TRIBUTARY_RUNNER), args);
      return run.waitForStarted(5000);
    };
    auto tail = [&] {
      std::ifstream in(log.toStdString());
      std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      return QString::fromStdString(all.substr(all.size() > 6000 ? all.size() - 6000 : 0));
    };

    const unsigned seed = static_cast<unsigned>(std::chrono::system_clock::now().time_since_epoch().count());
    std::mt19937 random(seed);
    std::uniform_int_distribution<int> lifeMs(300, 1800);
    qInfo("kill times drawn with seed %u", seed);
    for (int round = 0; round < 10; ++round) {
      QProcess run;
      QVERIFY(startRun(run));
      int ms = lifeMs(random);
      std::this_thread::sleep_for(std::chrono::milliseconds(ms));
      QVERIFY2(run.state() == QProcess::Running, qPrintable(tail()));
      ::kill(static_cast<pid_t>(run.processId()), SIGKILL);
      QVERIFY(run.waitForFinished(5000));
      qInfo("round %d: killed after %d ms", round + 1, ms);
    }
    QVERIFY(producer.waitForFinished(60000));
    QVERIFY2(producer.exitCode() == 0, qPrintable(QString::fromUtf8(producer.readAll())));

    // A last run reads what is left, then stops normally (its last transaction commits). The closing orders
    // go in once it has committed every record before them: the join's two branches of one topic would
    // otherwise see a closing order before the shipments of the backlog, and those would be late.
    QProcess last;
    QVERIFY(startRun(last));
    long long offsets = -1;
    for (auto deadline = std::chrono::steady_clock::now() + 60s;
         offsets != real && std::chrono::steady_clock::now() < deadline;) {
      std::this_thread::sleep_for(500ms);
      auto c = py(kProduce, {"committed", b, "tributary.eostate.events"});
      offsets = c.exitCode == 0 ? c.out.trimmed().split(QLatin1Char('\n')).last().toLongLong() : -1;
    }
    QVERIFY2(offsets == real, qPrintable(QStringLiteral("committed %1 of %2\n").arg(offsets).arg(real) + tail()));
    auto closing = py(kProduce, {"produce", b, "events", input, QString::number(real), QString::number(testing::closingLines(kPartitions)),
                                 "0", QString::number(kPartitions)});
    QVERIFY2(closing.exitCode == 0, qPrintable(closing.out));
    const QString committed = dir.path() + "/committed";
    QDir().mkpath(committed);
    nlohmann::json result;
    for (auto deadline = std::chrono::steady_clock::now() + 90s; std::chrono::steady_clock::now() < deadline;) {
      std::this_thread::sleep_for(2s);
      if (!dumpOutputs(bootstrap, committed, "read_committed")) continue;
      result = check(input, committed);
      if (result.value("ok", false)) break;
    }
    last.terminate();
    QVERIFY(last.waitForFinished(30000));
    QVERIFY2(last.exitCode() == 0, qPrintable(tail()));

    // What read_committed readers see after the clean stop.
    QVERIFY(dumpOutputs(bootstrap, committed, "read_committed"));
    result = check(input, committed);
    qInfo("read_committed: %s", result.dump().c_str());
    const QString everything = dir.path() + "/uncommitted";
    QDir().mkpath(everything);
    QVERIFY(dumpOutputs(bootstrap, everything, "read_uncommitted"));
    qInfo("read_uncommitted (aborted transactions included): %s", check(input, everything).dump().c_str());
    QVERIFY2(result.value("ok", false), qPrintable(QString::fromStdString(result.dump()) + "\n" + tail()));
    QVERIFY(result.value("aggregates", 0) > 0 && result.value("join_rows", 0) > 0);
    QVERIFY(result.value("late_aggregate", 0) > 0 && result.value("late_join", 0) > 0);
    QCOMPARE(result.value("aggregate_duplicates", -1), 0);
    QCOMPARE(result.value("join_duplicates", -1), 0);
    QCOMPARE(result.value("late_aggregate_duplicates", -1), 0);
    QCOMPARE(result.value("late_join_duplicates", -1), 0);
  }
};

QTEST_GUILESS_MAIN(TestStreamExactlyOnce)
#include "test_stream_exactly_once.moc"
