// exactly_once end to end: a topic -> map -> topic pipeline run by
// `tributary-runner run` is killed with SIGKILL at random moments, a dozen
// times, while records arrive, and restarted each time. Its output topic,
// read with read_committed by python3-confluent-kafka, must hold every input
// record exactly once. A pipeline whose exactly-once topic feeds a file is
// refused with a reason.
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

using namespace tributary;
using namespace std::chrono_literals;

namespace {

const char* kRemoteClients = TRIBUTARY_SOURCE_DIR "/tests/integration/remote/remote_clients.py";
const char* kCheck = TRIBUTARY_SOURCE_DIR "/tests/integration/broker/exactly_once_clients.py";

nlohmann::json pipeline(const std::string& bootstrap, const nlohmann::json& sink, int parallelism = 1) {
  return {{"tributary", 1},
          {"name", "eo"},
          {"cluster", {{"bootstrap", bootstrap}}},
          {"nodes",
           {{{"id", "in"}, {"type", "topic"}, {"config", {{"name", "in"}, {"create", false}, {"exactly_once", true}, {"parallelism", parallelism}}}},
            {{"id", "shape"}, {"type", "transform.map"}, {"config", {{"select", "*, price * 2 AS double_price"}}}},
            sink}},
          {"edges", {{{"from", "in"}, {"to", "shape"}}, {{"from", "shape"}, {"to", "out"}}}}};
}

// {"records", "distinct", "missing", "duplicates", ...} of the output topic.
nlohmann::json countOutput(const std::string& bootstrap, const char* isolation, int expected) {
  auto r = testing::runPythonClients(kCheck, bootstrap, {"count", "out", isolation, QString::number(expected)}, 120000);
  QString last = r.out.trimmed().split(QLatin1Char('\n')).last();
  auto j = nlohmann::json::parse(last.toStdString(), nullptr, false);
  if (r.exitCode != 0 || !j.is_object()) qWarning("count failed: %s", qPrintable(r.out));
  return j.is_object() ? j : nlohmann::json::object();
}

}  // namespace

class TestExactlyOnceRun final : public QObject {
  Q_OBJECT

  // `rounds` kill -9 / restart rounds of `run` on an exactly_once topic -> map
  // -> topic pipeline with `parallelism` members, then a last run that stops
  // normally; the output read with read_committed must hold every input once.
  void killAtRandom(int rounds, int parallelism, int inputPartitions, int minLifeMs, int maxLifeMs) {
    QTemporaryDir dir;
    testing::RunnerBroker broker;
    QVERIFY(broker.start(dir.path() + "/broker"));
    const std::string bootstrap = broker.bootstrap();
    auto topic = testing::runProcess(QString::fromLatin1(testing::kDebianPython),
                                     {kRemoteClients, "create-topic", QString::fromStdString(bootstrap), "in",
                                      QString::number(inputPartitions)},
                                     30000);
    QVERIFY2(topic.exitCode == 0, qPrintable(topic.out));
    nlohmann::json p = pipeline(
        bootstrap, {{"id", "out"}, {"type", "topic"}, {"config", {{"name", "out"}, {"partitions", 2}}}}, parallelism);
    const QString file = dir.path() + "/p.json";
    std::ofstream(file.toStdString()) << p.dump(2);

    const int total = 4000;
    QProcess producer;
    producer.setProcessChannelMode(QProcess::MergedChannels);
    producer.start(QString::fromLatin1(testing::kDebianPython),
                   {kRemoteClients, "produce-paced", QString::fromStdString(bootstrap), "in", "0",
                    QString::number(total), "14"});
    QVERIFY(producer.waitForStarted(5000));
    const QStringList args{"run", file, "--state", dir.path() + "/state", "--checkpoint-interval", "200ms"};
    auto startRun = [&](QProcess& run) {
      run.setProcessChannelMode(QProcess::MergedChannels);
      run.start(QStringLiteral(TRIBUTARY_RUNNER), args);
      return run.waitForStarted(5000);
    };

    const unsigned seed = static_cast<unsigned>(std::chrono::system_clock::now().time_since_epoch().count());
    std::mt19937 random(seed);
    std::uniform_int_distribution<int> lifeMs(minLifeMs, maxLifeMs);
    qInfo("kill times drawn with seed %u", seed);
    for (int round = 0; round < rounds; ++round) {
      QProcess run;
      QVERIFY(startRun(run));
      int ms = lifeMs(random);
      std::this_thread::sleep_for(std::chrono::milliseconds(ms));
      QVERIFY2(run.state() == QProcess::Running, qPrintable(QString::fromUtf8(run.readAll())));
      ::kill(static_cast<pid_t>(run.processId()), SIGKILL);
      QVERIFY(run.waitForFinished(5000));
      qInfo("round %d: killed after %d ms", round + 1, ms);
    }
    QVERIFY(producer.waitForFinished(60000));
    QCOMPARE(producer.exitCode(), 0);

    // A last run reads what is left, then stops normally (its last transaction commits).
    QProcess last;
    QVERIFY(startRun(last));
    nlohmann::json committed;
    for (int i = 0; i < 10; ++i) {
      committed = countOutput(bootstrap, "read_committed", total);
      if (committed.value("distinct", 0) >= total) break;
    }
    last.terminate();
    QVERIFY(last.waitForFinished(20000));
    QString out = QString::fromUtf8(last.readAll());
    QVERIFY2(last.exitCode() == 0, qPrintable(out));

    committed = countOutput(bootstrap, "read_committed", total);
    nlohmann::json everything = countOutput(bootstrap, "read_uncommitted", total);
    qInfo("read_committed: %s", committed.dump().c_str());
    qInfo("read_uncommitted (aborted transactions included): %s", everything.dump().c_str());
    QCOMPARE(committed.value("missing", -1), 0);
    QCOMPARE(committed.value("duplicates", -1), 0);
    QCOMPARE(committed.value("records", -1), total);
    QVERIFY(everything.value("records", 0) >= total);
  }

 private Q_SLOTS:
  void killedAtRandomWritesEveryRecordOnce() { killAtRandom(12, 1, 2, 150, 1500); }

  // Two members in one process: their rebalances (one joins after the other)
  // revoke partitions while transactions are open.
  void twoMembersKilledAtRandomWriteEveryRecordOnce() { killAtRandom(6, 2, 4, 1000, 2500); }

  void refusesAnExactlyOnceTopicFeedingAFile() {
    QTemporaryDir dir;
    testing::RunnerBroker broker;
    QVERIFY(broker.start(dir.path() + "/broker"));
    nlohmann::json p = pipeline(broker.bootstrap(), {{"id", "out"},
                                                     {"type", "sink.file"},
                                                     {"config", {{"path", (dir.path() + "/out.jsonl").toStdString()}}}});
    const QString file = dir.path() + "/p.json";
    std::ofstream(file.toStdString()) << p.dump(2);
    auto r = testing::runProcess(QStringLiteral(TRIBUTARY_RUNNER), {"run", file}, 30000);
    QVERIFY(r.exitCode != 0);
    QVERIFY2(r.out.contains(QStringLiteral("node in exactly_once: the records read from topic `in` must reach "
                                           "exactly one other topic node")),
             qPrintable(r.out));
  }
};

QTEST_GUILESS_MAIN(TestExactlyOnceRun)
#include "test_exactly_once_run.moc"
