// Co-partitioning of joins, on the embedded broker (`tributary-runner broker`):
// a join whose inputs are topics with different partition counts is refused
// when the run starts, with a sentence naming both topics and their counts,
// and nothing is read or committed; the same join over topics with equal
// counts runs. Topics are created and filled, and committed offsets counted,
// with Python's Kafka clients, not ours.
#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "tests/integration/broker/client_processes.h"
#include "tests/support/process.h"

using namespace tributary;
using namespace tributary::testing;

namespace {

const QString kHelper = QStringLiteral(TRIBUTARY_SOURCE_DIR "/tests/integration/stream/copartition_topics.py");

std::string writePipeline(const QString& dir, const std::string& bootstrap, const std::string& left,
                          const std::string& right) {
  auto topic = [](const char* id, const std::string& name) {
    return nlohmann::json{
        {"id", id}, {"type", "topic"}, {"config", {{"name", name}, {"create", false}, {"start", "earliest"}}}};
  };
  nlohmann::json p = {
      {"tributary", 1},
      {"name", "copartition"},
      {"cluster", {{"bootstrap", bootstrap}}},
      {"nodes",
       {topic("orders", left),
        topic("shipments", right),
        {{"id", "j"},
         {"type", "transform.join"},
         {"config",
          {{"type", "inner"},
           {"mode", "window"},
           {"left_key", "order_id"},
           {"right_key", "order_id"},
           {"before", "1m"},
           {"after", "1m"},
           {"grace", "1m"},
           {"left_timestamp", "ts"},
           {"right_timestamp", "ts"},
           {"select", "left.order_id AS order_id, right.side AS side"}}}},
        {{"id", "out"}, {"type", "sink.file"}, {"config", {{"path", "joined.jsonl"}, {"fsync", "none"}}}}}},
      {"edges",
       {{{"from", "orders"}, {"to", "j"}, {"toPort", "left"}},
        {{"from", "shipments"}, {"to", "j"}, {"toPort", "right"}},
        {{"from", "j"}, {"to", "out"}}}}};
  std::string file = (dir + QStringLiteral("/p.tributary.json")).toStdString();
  std::ofstream(file) << p.dump(2);
  return file;
}

int lines(const QString& file) {
  std::ifstream in(file.toStdString());
  int n = 0;
  for (std::string line; std::getline(in, line);) n += !line.empty();
  return n;
}

}  // namespace

class TestStreamCopartition final : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void mismatchedPartitionCountsAreRefused() {
    QTemporaryDir dir;
    RunnerBroker broker;
    QVERIFY(broker.start(dir.filePath(QStringLiteral("broker"))));
    const QString bootstrap = QString::fromStdString(broker.bootstrap());
    int code = -1;
    runForOutput(
        QString::fromLatin1(kDebianPython),
        {kHelper, QStringLiteral("create"), bootstrap, QStringLiteral("orders:6:50"), QStringLiteral("shipments:4:50")},
        60000, {}, &code);
    QCOMPARE(code, 0);

    std::string file = writePipeline(dir.path(), broker.bootstrap(), "orders", "shipments");
    Run run = runProcess(QStringLiteral(TRIBUTARY_RUNNER),
                         {QStringLiteral("run"), QString::fromStdString(file), QStringLiteral("--state"),
                          dir.filePath(QStringLiteral("state")), QStringLiteral("--workdir"), dir.path(),
                          QStringLiteral("--for"), QStringLiteral("60s")},
                         90000);
    QVERIFY2(run.exitCode != 0 && run.exitCode != -1, qPrintable(run.out));
    QVERIFY2(run.out.contains(QStringLiteral(
                 "join `j`: its inputs are not co-partitioned: topic `orders` has 6 partitions, topic `shipments` "
                 "has 4; both sides of a join need the same count (repartition one of them)")),
             qPrintable(run.out));
    // Refused before the first poll: no joined row, no committed offset in any group.
    QCOMPARE(lines(dir.filePath(QStringLiteral("joined.jsonl"))), 0);
    QString committed = runForOutput(QString::fromLatin1(kDebianPython),
                                     {kHelper, QStringLiteral("committed"), bootstrap}, 60000, {}, &code);
    QCOMPARE(code, 0);
    QCOMPARE(committed.trimmed(), QStringLiteral("0"));
  }

  void equalPartitionCountsRun() {
    QTemporaryDir dir;
    RunnerBroker broker;
    QVERIFY(broker.start(dir.filePath(QStringLiteral("broker"))));
    const QString bootstrap = QString::fromStdString(broker.bootstrap());
    int code = -1;
    runForOutput(
        QString::fromLatin1(kDebianPython),
        {kHelper, QStringLiteral("create"), bootstrap, QStringLiteral("left4:4:50"), QStringLiteral("right4:4:50")},
        60000, {}, &code);
    QCOMPARE(code, 0);
    std::string file = writePipeline(dir.path(), broker.bootstrap(), "left4", "right4");
    // Runs for 8 s and stops cleanly; each order_id matches its partner once.
    Run run = runProcess(QStringLiteral(TRIBUTARY_RUNNER),
                         {QStringLiteral("run"), QString::fromStdString(file), QStringLiteral("--state"),
                          dir.filePath(QStringLiteral("state")), QStringLiteral("--workdir"), dir.path(),
                          QStringLiteral("--for"), QStringLiteral("8s")},
                         90000);
    QVERIFY2(run.exitCode == 0, qPrintable(run.out));
    QVERIFY2(!run.out.contains(QStringLiteral("co-partitioned")), qPrintable(run.out));
    QCOMPARE(lines(dir.filePath(QStringLiteral("joined.jsonl"))), 50);
  }
};

QTEST_GUILESS_MAIN(TestStreamCopartition)
#include "test_stream_copartition.moc"
