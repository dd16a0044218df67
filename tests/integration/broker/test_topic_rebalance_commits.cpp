// A topic node's checkpoints never move its group's offsets back: a
// `tributary-runner run` consumes a 2-partition topic; a python3-confluent-kafka
// member joins, takes one partition, commits further on it and leaves; once
// the partition is back and the node commits again, the group's offset of
// that partition is still where the other member left it (before the fix the
// node committed its own older position from before the partition moved).
// And how many records a new owner reads again after a rebalance: a second
// `run` joins the group while records flow and later stops; the records both
// wrote twice are the ones re-read (printed; at most 1 % of them).
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <chrono>
#include <fstream>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "tests/integration/broker/client_processes.h"

using namespace tributary;

namespace {
const char* kRemoteClients = TRIBUTARY_SOURCE_DIR "/tests/integration/remote/remote_clients.py";
const char* kRebalance = TRIBUTARY_SOURCE_DIR "/tests/integration/broker/rebalance_clients.py";

// Lines of a file sink and the distinct "id"s in them.
std::pair<std::size_t, std::set<std::int64_t>> readIds(const std::string& path, std::set<std::int64_t> ids = {}) {
  std::ifstream in(path);
  std::size_t n = 0;
  for (std::string line; std::getline(in, line);) {
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (!j.is_object() || !j.contains("id")) continue;
    ++n;
    ids.insert(j["id"].get<std::int64_t>());
  }
  return {n, std::move(ids)};
}
}  // namespace

class TestTopicRebalanceCommits final : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void partitionBackFromAnotherMemberIsNotRewound() {
    QTemporaryDir dir;
    testing::RunnerBroker broker;
    QVERIFY(broker.start(dir.path() + "/broker"));
    const std::string bootstrap = broker.bootstrap();
    auto topic = testing::runProcess(QString::fromLatin1(testing::kDebianPython),
                                     {kRemoteClients, "create-topic", QString::fromStdString(bootstrap), "in", "2"},
                                     30000);
    QVERIFY2(topic.exitCode == 0, qPrintable(topic.out));
    auto produced = testing::runProcess(QString::fromLatin1(testing::kDebianPython),
                                        {kRemoteClients, "produce", QString::fromStdString(bootstrap), "in", "0", "200"},
                                        60000);
    QVERIFY2(produced.exitCode == 0, qPrintable(produced.out));
    const std::string sink = (dir.path() + "/out.jsonl").toStdString();
    nlohmann::json p = {{"tributary", 1},
                        {"name", "rw"},
                        {"cluster", {{"bootstrap", bootstrap}}},
                        {"nodes",
                         {{{"id", "in"}, {"type", "topic"}, {"config", {{"name", "in"}, {"create", false}}}},
                          {{"id", "out"}, {"type", "sink.file"}, {"config", {{"path", sink}}}}}},
                        {"edges", {{{"from", "in"}, {"to", "out"}}}}};
    const QString file = dir.path() + "/p.json";
    std::ofstream(file.toStdString()) << p.dump(2);
    QProcess run;
    run.setProcessChannelMode(QProcess::MergedChannels);
    run.start(QStringLiteral(TRIBUTARY_RUNNER),
              {"run", file, "--state", dir.path() + "/state", "--checkpoint-interval", "200ms"});
    QVERIFY(run.waitForStarted(5000));
    auto lines = [&] {
      std::ifstream in(sink);
      std::size_t n = 0;
      for (std::string line; std::getline(in, line);) ++n;
      return n;
    };
    QTRY_VERIFY_WITH_TIMEOUT(lines() >= 200, 30000);
    QTest::qWait(1000);  // its checkpoints commit the 200
    auto r = testing::runPythonClients(kRebalance, bootstrap, {"take-and-return", "tributary.rw.in", "in"}, 120000);
    qInfo("%s", qPrintable(r.out.trimmed()));
    run.terminate();
    QVERIFY(run.waitForFinished(20000));
    QVERIFY2(r.exitCode == 0, qPrintable(r.out + QString::fromUtf8(run.readAll()).right(3000)));
    QTRY_VERIFY_WITH_TIMEOUT(lines() >= 250, 1);  // the node read the other partition's 50 records
  }

  // Two rebalances while 30,000 records arrive on 4 partitions: run B joins
  // run A's group (A gives up half the partitions), then stops (A takes them
  // back). Every record handed out before a revoke and not committed is read
  // again by the partition's next owner and written twice. The runner can be
  // swapped with REREADS_RUNNER (to measure an older build side by side).
  void newOwnerRereadsLittleAfterRebalance() {
    QTemporaryDir dir;
    testing::RunnerBroker broker;
    QVERIFY(broker.start(dir.path() + "/broker"));
    const std::string bootstrap = broker.bootstrap();
    auto topic = testing::runProcess(QString::fromLatin1(testing::kDebianPython),
                                     {kRemoteClients, "create-topic", QString::fromStdString(bootstrap), "in", "4"},
                                     30000);
    QVERIFY2(topic.exitCode == 0, qPrintable(topic.out));
    const int total = 30000;
    QProcess producer;
    producer.setProcessChannelMode(QProcess::MergedChannels);
    producer.start(QString::fromLatin1(testing::kDebianPython),
                   {kRemoteClients, "produce-paced", QString::fromStdString(bootstrap), "in", "0",
                    QString::number(total), "20"});
    QVERIFY(producer.waitForStarted(5000));
    const QString runner = qEnvironmentVariable("REREADS_RUNNER", QStringLiteral(TRIBUTARY_RUNNER));
    auto startRun = [&](QProcess& run, const QString& name) {
      nlohmann::json p = {
          {"tributary", 1},
          {"name", "rr"},
          {"cluster", {{"bootstrap", bootstrap}}},
          {"nodes",
           {{{"id", "in"}, {"type", "topic"}, {"config", {{"name", "in"}, {"create", false}, {"static_member", false}}}},
            {{"id", "shape"}, {"type", "transform.map"}, {"config", {{"select", "*, price * 2 AS double_price"}}}},
            {{"id", "out"}, {"type", "sink.file"}, {"config", {{"path", (dir.path() + "/" + name + ".jsonl").toStdString()}}}}}},
          {"edges", {{{"from", "in"}, {"to", "shape"}}, {{"from", "shape"}, {"to", "out"}}}}};
      const QString file = dir.path() + "/" + name + ".json";
      std::ofstream(file.toStdString()) << p.dump(2);
      run.setProcessChannelMode(QProcess::MergedChannels);
      run.start(runner, {"run", file, "--state", dir.path() + "/state-" + name});
      return run.waitForStarted(5000);
    };
    QProcess a, b;
    QVERIFY(startRun(a, "a"));
    QTest::qWait(3000);
    QVERIFY(startRun(b, "b"));
    for (auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
         readIds((dir.path() + "/b.jsonl").toStdString()).first == 0 && std::chrono::steady_clock::now() < deadline;)
      QTest::qWait(100);
    QTest::qWait(2000);
    b.terminate();  // a clean stop: B commits, leaves, and A takes its partitions back
    QVERIFY(b.waitForFinished(30000));
    QVERIFY(producer.waitForFinished(60000));
    QCOMPARE(producer.exitCode(), 0);
    auto all = [&] {
      auto [na, ids] = readIds((dir.path() + "/a.jsonl").toStdString());
      auto [nb, both] = readIds((dir.path() + "/b.jsonl").toStdString(), std::move(ids));
      return std::make_pair(na + nb, both);
    };
    for (auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
         all().second.size() < static_cast<std::size_t>(total) && std::chrono::steady_clock::now() < deadline;)
      QTest::qWait(500);
    a.terminate();
    QVERIFY(a.waitForFinished(30000));
    auto [lines, ids] = all();
    const QString logs = QString::fromUtf8(a.readAll() + "\n--- b ---\n" + b.readAll());
    for (const QString& line : logs.split(QLatin1Char('\n')))
      if (line.contains(QStringLiteral("revoked"))) qInfo("%s", qPrintable(line.trimmed()));
    const auto [linesA, idsA] = readIds((dir.path() + "/a.jsonl").toStdString());
    const std::size_t reread = lines - ids.size();
    qInfo("runner %s: %zu records, %zu written (a %zu, b %zu): %zu read again after the rebalances (%.2f %%)",
          qPrintable(runner), ids.size(), lines, linesA, lines - linesA, reread,
          100.0 * static_cast<double>(reread) / total);
    if (ids.size() != static_cast<std::size_t>(total)) {
      QStringList missing;
      for (int i = 0; i < total && missing.size() < 40; ++i)
        if (!ids.count(i)) missing << QString::number(i);
      qInfo("missing (first 40): %s", qPrintable(missing.join(QLatin1Char(' '))));
      qInfo("%s", qPrintable(logs.right(6000)));
    }
    QCOMPARE(ids.size(), static_cast<std::size_t>(total));
    QVERIFY2(lines - linesA > 0, "run B never got a partition: no rebalance happened");
    QVERIFY2(reread <= total / 100, qPrintable(QStringLiteral("%1 records read again").arg(reread)));
  }
};

QTEST_GUILESS_MAIN(TestTopicRebalanceCommits)
#include "test_topic_rebalance_commits.moc"
