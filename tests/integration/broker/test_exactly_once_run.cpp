// exactly_once end to end: a topic -> map -> topic pipeline run by
// `tributary-runner run` is killed with SIGKILL at random moments, a dozen
// times, while records arrive, and restarted each time. Its output topic,
// read with read_committed by python3-confluent-kafka, must hold every input
// record exactly once. The same with a stage writing two output topics and a
// dead-letter topic (every tenth record is bad on purpose): each of the three
// holds its records exactly once. A pipeline whose exactly-once topic feeds a
// file is refused with a sentence naming the file sink, and one whose
// aggregate keeps its state in memory only with a sentence naming it.
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <signal.h>

#include <chrono>
#include <fstream>
#include <functional>
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

// in -> shape (map; records whose id ends in 7 fail a cast and go to the
// dead-letter topic `dlq`) -> all (every good record) and -> evens (filter) -> even.
nlohmann::json severalTopicsPipeline(const std::string& bootstrap) {
  const nlohmann::json letters = {{"on_error", "dead-letter"}, {"dead_letter_topic", "dlq"}};
  nlohmann::json shape = {{"select", "*, CAST(CASE WHEN id % 10 = 7 THEN 'bad' ELSE '2' END AS INT) * price AS double_price"}};
  shape.update(letters);
  return {{"tributary", 1},
          {"name", "eo2"},
          {"cluster", {{"bootstrap", bootstrap}}},
          {"nodes",
           {{{"id", "in"}, {"type", "topic"}, {"config", {{"name", "in"}, {"create", false}, {"exactly_once", true}}}},
            {{"id", "shape"}, {"type", "transform.map"}, {"config", shape}},
            {{"id", "evens"}, {"type", "transform.filter"}, {"config", {{"condition", "id % 2 = 0"}}}},
            {{"id", "all"}, {"type", "topic"}, {"config", {{"name", "out"}, {"partitions", 2}}}},
            {{"id", "even"}, {"type", "topic"}, {"config", {{"name", "out_even"}, {"partitions", 3}, {"compression", "none"}}}}}},
          {"edges",
           {{{"from", "in"}, {"to", "shape"}},
            {{"from", "shape"}, {"to", "all"}},
            {{"from", "shape"}, {"to", "evens"}},
            {{"from", "evens"}, {"to", "even"}}}}};
}

// What one output topic must hold: its name and which input ids (exactly_once_clients.py's WHICH).
struct Expected {
  const char* topic;
  const char* which;
};

// {"records", "distinct", "missing", "duplicates", ...} of an output topic.
nlohmann::json countOutput(const std::string& bootstrap, const char* isolation, int expected,
                           const Expected& what = {"out", "all"}) {
  auto r = testing::runPythonClients(
      kCheck, bootstrap,
      {"count", what.topic, isolation, QString::number(expected), QString::fromLatin1(what.which)}, 120000);
  QString last = r.out.trimmed().split(QLatin1Char('\n')).last();
  auto j = nlohmann::json::parse(last.toStdString(), nullptr, false);
  if (r.exitCode != 0 || !j.is_object()) qWarning("count failed: %s", qPrintable(r.out));
  return j.is_object() ? j : nlohmann::json::object();
}

}  // namespace

class TestExactlyOnceRun final : public QObject {
  Q_OBJECT

  // `rounds` kill -9 / restart rounds of `run` on an exactly_once pipeline
  // (by default topic -> map -> topic with `parallelism` members), then a
  // last run that stops normally; each output read with read_committed must
  // hold every record it should once.
  void killAtRandom(int rounds, int parallelism, int inputPartitions, int minLifeMs, int maxLifeMs,
                    std::function<nlohmann::json(const std::string&)> given = nullptr,
                    std::vector<Expected> outputs = {{"out", "all"}}) {
    QTemporaryDir dir;
    testing::RunnerBroker broker;
    QVERIFY(broker.start(dir.path() + "/broker"));
    const std::string bootstrap = broker.bootstrap();
    auto topic = testing::runProcess(QString::fromLatin1(testing::kDebianPython),
                                     {kRemoteClients, "create-topic", QString::fromStdString(bootstrap), "in",
                                      QString::number(inputPartitions)},
                                     30000);
    QVERIFY2(topic.exitCode == 0, qPrintable(topic.out));
    nlohmann::json p = given ? given(bootstrap)
                             : pipeline(bootstrap,
                                        {{"id", "out"}, {"type", "topic"}, {"config", {{"name", "out"}, {"partitions", 2}}}},
                                        parallelism);
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
      committed = countOutput(bootstrap, "read_committed", total, outputs.front());
      if (committed.value("distinct", 0) >= committed.value("expected", total)) break;
    }
    last.terminate();
    QVERIFY(last.waitForFinished(20000));
    QString out = QString::fromUtf8(last.readAll());
    QVERIFY2(last.exitCode() == 0, qPrintable(out));

    for (const Expected& o : outputs) {
      committed = countOutput(bootstrap, "read_committed", total, o);
      nlohmann::json everything = countOutput(bootstrap, "read_uncommitted", total, o);
      qInfo("%s read_committed: %s", o.topic, committed.dump().c_str());
      qInfo("%s read_uncommitted (aborted transactions included): %s", o.topic, everything.dump().c_str());
      const int expected = committed.value("expected", -1);
      QVERIFY(expected > 0);
      QCOMPARE(committed.value("missing", -1), 0);
      QCOMPARE(committed.value("duplicates", -1), 0);
      QCOMPARE(committed.value("unexpected", -1), 0);
      QCOMPARE(committed.value("records", -1), expected);
      QVERIFY(everything.value("records", 0) >= expected);
    }
  }

 private Q_SLOTS:
  void killedAtRandomWritesEveryRecordOnce() { killAtRandom(12, 1, 2, 150, 1500); }

  // Two members in one process: their rebalances (one joins after the other)
  // revoke partitions while transactions are open.
  void twoMembersKilledAtRandomWriteEveryRecordOnce() { killAtRandom(6, 2, 4, 1000, 2500); }

  // Two output topics (one behind a filter) and a dead-letter topic, all in
  // the stage's one transaction: ten kills.
  void severalTopicsAndDeadLettersKilledAtRandom() {
    killAtRandom(10, 1, 2, 300, 1500, severalTopicsPipeline,
                 {{"out", "not7"}, {"out_even", "even"}, {"dlq", "only7"}});
  }

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
    QVERIFY2(r.out.contains(QStringLiteral("node in exactly_once: the records read from topic `in` reach `out`, "
                                           "which is not a topic node")),
             qPrintable(r.out));
  }

  // An aggregate fed by another aggregate keeps its state in memory only, which
  // exactly_once cannot commit with the offsets: refused with a sentence.
  void refusesAnExactlyOnceStageWithStateInMemory() {
    QTemporaryDir dir;
    testing::RunnerBroker broker;
    QVERIFY(broker.start(dir.path() + "/broker"));
    nlohmann::json p = pipeline(broker.bootstrap(), {{"id", "out"}, {"type", "topic"}, {"config", {{"name", "out"}}}});
    const nlohmann::json count = {{"window", "none"}, {"emit", "changes"}, {"aggregates", {"count(*) AS n"}}};
    p["nodes"][1] = {{"id", "shape"}, {"type", "transform.aggregate"}, {"config", count}};
    p["nodes"].push_back({{"id", "again"}, {"type", "transform.aggregate"}, {"config", count}});
    p["edges"] = {{{"from", "in"}, {"to", "shape"}}, {{"from", "shape"}, {"to", "again"}}, {{"from", "again"}, {"to", "out"}}};
    const QString file = dir.path() + "/p.json";
    std::ofstream(file.toStdString()) << p.dump(2);
    auto r = testing::runProcess(QStringLiteral(TRIBUTARY_RUNNER), {"run", file, "--state", dir.path() + "/state"}, 30000);
    QVERIFY(r.exitCode != 0);
    QVERIFY2(r.out.contains(QStringLiteral("exactly_once: the stateful node `again` keeps its state in memory only")),
             qPrintable(r.out));
  }
};

QTEST_GUILESS_MAIN(TestExactlyOnceRun)
#include "test_exactly_once_run.moc"
