// A topic node's checkpoints never move its group's offsets back: a
// `tributary-runner run` consumes a 2-partition topic; a python3-confluent-kafka
// member joins, takes one partition, commits further on it and leaves; once
// the partition is back and the node commits again, the group's offset of
// that partition is still where the other member left it (before the fix the
// node committed its own older position from before the partition moved).
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "tests/integration/broker/client_processes.h"

using namespace tributary;

namespace {
const char* kRemoteClients = TRIBUTARY_SOURCE_DIR "/tests/integration/remote/remote_clients.py";
const char* kRebalance = TRIBUTARY_SOURCE_DIR "/tests/integration/broker/rebalance_clients.py";
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
};

QTEST_GUILESS_MAIN(TestTopicRebalanceCommits)
#include "test_topic_rebalance_commits.moc"
