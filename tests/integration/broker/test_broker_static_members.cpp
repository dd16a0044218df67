// Static group membership (KIP-345) on the embedded broker: checked with
// python3-confluent-kafka (a restarted member with the same group.instance.id
// gets its partitions back at once; a second one fences the first), and end
// to end with `tributary-runner run`: a topic-fed pipeline killed with
// SIGKILL and restarted at once, five times, resumes in under 2 s each time
// and loses nothing.
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <signal.h>

#include <chrono>
#include <fstream>
#include <set>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "core/broker/broker.h"
#include "tests/integration/broker/client_processes.h"

using namespace tributary;
using namespace std::chrono_literals;

namespace {

const char* kRemoteClients = TRIBUTARY_SOURCE_DIR "/tests/integration/remote/remote_clients.py";

std::unique_ptr<broker::Broker> startBroker(const QString& dir) {
  broker::BrokerOptions o;
  o.dataDir = dir.toStdString();
  auto b = broker::Broker::start(o);
  if (!b) {
    qWarning("broker did not start: %s", b.error().toString().c_str());
    return nullptr;
  }
  return std::move(*b);
}

// Ids in the sink file (JSON lines with "id"); a line cut by SIGKILL is skipped.
std::multiset<std::int64_t> idsIn(const std::string& path) {
  std::multiset<std::int64_t> ids;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_object() && j.contains("id") && j["id"].is_number_integer()) ids.insert(j["id"].get<std::int64_t>());
  }
  return ids;
}

std::size_t distinctIds(const std::string& path) {
  auto ids = idsIn(path);
  return std::set<std::int64_t>(ids.begin(), ids.end()).size();
}

std::size_t linesIn(const std::string& path) {
  std::ifstream in(path);
  std::size_t n = 0;
  std::string line;
  while (std::getline(in, line)) ++n;
  return n;
}

}  // namespace

class TestBrokerStaticMembers final : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void confluentMemberRestartsWithoutRebalance() {
    QTemporaryDir dir;
    auto b = startBroker(dir.path());
    QVERIFY(b);
    auto r = testing::runPythonClients(TRIBUTARY_SOURCE_DIR "/tests/integration/broker/static_clients.py",
                                       b->bootstrap(), {QStringLiteral("restart"), QStringLiteral("static_restart")});
    qInfo("%s", qPrintable(r.out.trimmed()));
    QVERIFY2(r.exitCode == 0, qPrintable(r.out));
  }

  void confluentSecondInstanceFencesTheFirst() {
    QTemporaryDir dir;
    auto b = startBroker(dir.path());
    QVERIFY(b);
    auto r = testing::runPythonClients(TRIBUTARY_SOURCE_DIR "/tests/integration/broker/static_clients.py",
                                       b->bootstrap(), {QStringLiteral("fence"), QStringLiteral("static_fence")});
    qInfo("%s", qPrintable(r.out.trimmed()));
    QVERIFY2(r.exitCode == 0, qPrintable(r.out));
  }

  // kill -9 and immediate restart of `tributary-runner run`, five times within
  // ten seconds, while records arrive on the input topic.
  void runnerKilledAndRestartedResumesAtOnce() {
    QTemporaryDir dir;
    testing::RunnerBroker broker;
    QVERIFY(broker.start(dir.path() + "/broker"));
    const std::string bootstrap = broker.bootstrap();
    auto topic = testing::runProcess(QString::fromLatin1(testing::kDebianPython),
                                     {kRemoteClients, "create-topic", QString::fromStdString(bootstrap), "in", "2"},
                                     30000);
    QVERIFY2(topic.exitCode == 0, qPrintable(topic.out));
    const std::string sink = (dir.path() + "/out.jsonl").toStdString();
    nlohmann::json p = {
        {"tributary", 1},
        {"name", "restarts"},
        {"cluster", {{"bootstrap", bootstrap}}},
        {"nodes",
         {{{"id", "in"}, {"type", "topic"}, {"config", {{"name", "in"}, {"create", false}}}},
          {{"id", "out"}, {"type", "sink.file"}, {"config", {{"path", sink}}}}}},
        {"edges", {{{"from", "in"}, {"to", "out"}}}}};
    const QString file = dir.path() + "/p.json";
    {
      std::ofstream(file.toStdString()) << p.dump(2);
    }
    const int total = 3000;
    QProcess producer;
    producer.setProcessChannelMode(QProcess::MergedChannels);
    producer.start(QString::fromLatin1(testing::kDebianPython),
                   {kRemoteClients, "produce-paced", QString::fromStdString(bootstrap), "in", "0",
                    QString::number(total), "12"});
    QVERIFY(producer.waitForStarted(5000));
    const QStringList args{"run", file, "--state", dir.path() + "/state", "--quiet", "--checkpoint-interval", "200ms"};
    auto startRun = [&](QProcess& run) {
      run.setProcessChannelMode(QProcess::MergedChannels);
      run.start(QStringLiteral(TRIBUTARY_RUNNER), args);
      return run.waitForStarted(5000);
    };
    // First start: wait until records flow, so the group has its static member.
    {
      QProcess run;
      QVERIFY(startRun(run));
      QTRY_VERIFY_WITH_TIMEOUT(linesIn(sink) > 0, 20000);
      std::this_thread::sleep_for(300ms);
      ::kill(static_cast<pid_t>(run.processId()), SIGKILL);
      run.waitForFinished(5000);
    }
    auto roundsStart = std::chrono::steady_clock::now();
    std::vector<double> seconds;
    bool sawResume = false;
    for (int round = 0; round < 5; ++round) {
      std::size_t before = linesIn(sink);
      QProcess run;
      auto t0 = std::chrono::steady_clock::now();
      QVERIFY(startRun(run));
      while (linesIn(sink) <= before && std::chrono::steady_clock::now() - t0 < 10s)
        std::this_thread::sleep_for(10ms);
      double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      seconds.push_back(s);
      std::this_thread::sleep_for(300ms);  // let a checkpoint and commit happen, then kill mid-stream
      ::kill(static_cast<pid_t>(run.processId()), SIGKILL);
      run.waitForFinished(5000);
      QString out = QString::fromUtf8(run.readAll());
      sawResume = sawResume || out.contains(QStringLiteral("resuming: topic `in` from committed offsets"));
      qInfo("round %d: first record in the sink %.3f s after the restart", round + 1, s);
    }
    double rounds = std::chrono::duration<double>(std::chrono::steady_clock::now() - roundsStart).count();
    qInfo("5 kill -9 / restart rounds took %.1f s", rounds);
    for (double s : seconds) QVERIFY2(s < 2.0, qPrintable(QStringLiteral("a restart took %1 s").arg(s)));
    QVERIFY2(rounds < 10.0, qPrintable(QStringLiteral("the rounds took %1 s").arg(rounds)));
    QVERIFY(sawResume);
    // A last run takes everything that is left; nothing may be missing.
    QVERIFY(producer.waitForFinished(30000));
    QProcess last;
    QVERIFY(startRun(last));
    QTRY_VERIFY_WITH_TIMEOUT(distinctIds(sink) == static_cast<std::size_t>(total), 30000);
    last.terminate();
    QVERIFY(last.waitForFinished(20000));
    auto ids = idsIn(sink);
    std::set<std::int64_t> distinct(ids.begin(), ids.end());
    QCOMPARE(distinct.size(), static_cast<std::size_t>(total));
    QCOMPARE(*distinct.begin(), std::int64_t(0));
    QCOMPARE(*distinct.rbegin(), std::int64_t(total - 1));
    qInfo("%d records, %zu lines in the sink (%zu read again after kills: at-least-once)", total, ids.size(),
          ids.size() - distinct.size());

    // --reset starts over: every record again, whatever the group committed.
    QProcess reset;
    reset.setProcessChannelMode(QProcess::MergedChannels);
    reset.start(QStringLiteral(TRIBUTARY_RUNNER), args + QStringList{"--reset"});
    QVERIFY(reset.waitForStarted(5000));
    std::size_t afterFirst = ids.size();
    QTRY_VERIFY_WITH_TIMEOUT(linesIn(sink) >= afterFirst + total, 30000);
    reset.terminate();
    QVERIFY(reset.waitForFinished(20000));
    QVERIFY(QString::fromUtf8(reset.readAll()).contains(QStringLiteral("starting over")));
  }
};

QTEST_GUILESS_MAIN(TestBrokerStaticMembers)
#include "test_broker_static_members.moc"
