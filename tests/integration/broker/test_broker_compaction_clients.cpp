// Log compaction of the embedded broker seen by Kafka clients that are not
// ours (kcat, python3-confluent-kafka, python3-kafka): the newest value per
// key at unchanged offsets, tombstones gone after delete.retention.ms through
// the background trigger, the same records after a restart, keyless records
// refused, and kill -9 in the middle of cleaning leaving a readable log.
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <thread>

#include "core/broker/broker.h"
#include "tests/integration/broker/client_processes.h"
#include "core/remote/internal_topics.h"
#include "core/remote/kafka_checkpoint_store.h"

using namespace tributary;
namespace fs = std::filesystem;

namespace {

using testing::Run;

Run clients(const std::string& bootstrap, const QStringList& args, int timeoutMs = 120000) {
  return testing::runPythonClients(COMPACTION_CLIENTS_PY, bootstrap, args, timeoutMs);
}

Run kcat(const std::string& bootstrap, const QStringList& args, const QByteArray& input = {}) {
  return testing::runKcat(bootstrap, args, 60000, input);
}

std::unique_ptr<broker::Broker> startBroker(const QString& dir, int32_t cleanerBackoffMs) {
  broker::BrokerOptions o;
  o.dataDir = dir.toStdString();
  o.cleanerBackoffMs = cleanerBackoffMs;
  auto b = broker::Broker::start(o);
  if (!b) {
    qWarning("broker did not start: %s", b.error().toString().c_str());
    return nullptr;
  }
  return std::move(*b);
}

int64_t dirBytes(const fs::path& dir) {
  int64_t total = 0;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.is_regular_file(ec)) total += static_cast<int64_t>(e.file_size(ec));
  return total;
}

// What kcat reads from offset 0: offset -> (key, value or "NULL"). Empty map and
// `problem` set when offsets do not strictly increase or kcat fails.
std::map<int64_t, std::pair<QString, QString>> kcatReadAll(const std::string& bootstrap, const QString& topic,
                                                           QString& problem) {
  std::map<int64_t, std::pair<QString, QString>> out;
  Run c = kcat(bootstrap, {QStringLiteral("-C"), QStringLiteral("-t"), topic, QStringLiteral("-o"),
                           QStringLiteral("beginning"), QStringLiteral("-e"), QStringLiteral("-q"), QStringLiteral("-Z"),
                           QStringLiteral("-f"), QStringLiteral("%o|%k|%s\\n")});
  if (c.exitCode != 0) {
    problem = QStringLiteral("kcat failed: ") + c.out;
    return {};
  }
  int64_t last = -1;
  for (const QString& line : c.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
    QStringList f = line.split(QLatin1Char('|'));
    if (f.size() != 3) continue;  // librdkafka log lines
    bool ok = false;
    int64_t offset = f[0].toLongLong(&ok);
    if (!ok) continue;
    if (offset <= last) {
      problem = QStringLiteral("offset %1 after %2").arg(offset).arg(last);
      return {};
    }
    last = offset;
    out[offset] = {f[1], f[2]};
  }
  return out;
}

// The partition folder holds a file of an unfinished compaction.
bool cleaningInProgress(const fs::path& dir) {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    std::string ext = e.path().extension().string();
    if (ext == ".cleaned" || ext == ".swap") return true;
  }
  return false;
}

using testing::RunnerBroker;

}  // namespace

class TestBrokerCompactionClients final : public QObject {
  Q_OBJECT

 private slots:
  void compactedTopicThroughClients() {
    QTemporaryDir dir;
    const QString topic = QStringLiteral("compacted");
    fs::path partition = fs::path(dir.path().toStdString()) / "topics" / "compacted" / "0";
    int64_t before = 0, after = 0;
    {
      // The background trigger is off here (an hour): the test hook runs the pass.
      auto b = startBroker(dir.path(), 3600 * 1000);
      QVERIFY(b);
      Run r = clients(b->bootstrap(), {QStringLiteral("create"), topic, QStringLiteral("16384"),
                                        QStringLiteral("5000")});
      QVERIFY2(r.exitCode == 0 && r.out.contains(QStringLiteral("OK create")), qPrintable(r.out));
      r = clients(b->bootstrap(), {QStringLiteral("produce"), topic});
      QVERIFY2(r.exitCode == 0 && r.out.contains(QStringLiteral("OK produce")), qPrintable(r.out));
      QString problem;
      auto full = kcatReadAll(b->bootstrap(), topic, problem);
      QVERIFY2(problem.isEmpty(), qPrintable(problem));
      QCOMPARE(full.size(), std::size_t(3504));
      before = dirBytes(partition);

      uint64_t ticket = b->requestCleaning();
      auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
      while (!b->cleaningDone(ticket) && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      QVERIFY(b->cleaningDone(ticket));
      QVERIFY(b->cleanerStats().passes >= 1);
      after = dirBytes(partition);
      QVERIFY2(after * 3 < before, qPrintable(QStringLiteral("%1 -> %2 bytes on disk").arg(before).arg(after)));

      r = clients(b->bootstrap(), {QStringLiteral("verify"), topic, QStringLiteral("any")});
      QVERIFY2(r.exitCode == 0 && r.out.contains(QStringLiteral("OK verify")), qPrintable(r.out));
      auto compacted = kcatReadAll(b->bootstrap(), topic, problem);
      QVERIFY2(problem.isEmpty(), qPrintable(problem));
      QVERIFY(compacted.size() < 1000);
      for (const auto& [offset, kv] : compacted) QVERIFY(full.count(offset) && full[offset] == kv);
      // A consumer starting at an offset that compaction removed gets the next record there is.
      for (int64_t gap : {int64_t(1), int64_t(1000), int64_t(2999)}) {
        auto next = compacted.lower_bound(gap);
        QVERIFY(next != compacted.end());
        Run c = kcat(b->bootstrap(), {QStringLiteral("-C"), QStringLiteral("-t"), topic, QStringLiteral("-o"),
                                      QString::number(gap), QStringLiteral("-c"), QStringLiteral("1"),
                                      QStringLiteral("-e"), QStringLiteral("-q"), QStringLiteral("-f"),
                                      QStringLiteral("%o\\n")});
        QVERIFY2(c.exitCode == 0 && c.out.trimmed() == QString::number(next->first),
                 qPrintable(QStringLiteral("from %1: %2 (expected %3)").arg(gap).arg(c.out).arg(next->first)));
      }

      r = clients(b->bootstrap(), {QStringLiteral("refuse"), topic});
      QVERIFY2(r.exitCode == 0 && r.out.contains(QStringLiteral("OK refuse")), qPrintable(r.out));
      r = clients(b->bootstrap(), {QStringLiteral("alter"), QStringLiteral("switched")});
      QVERIFY2(r.exitCode == 0 && r.out.contains(QStringLiteral("OK alter")), qPrintable(r.out));
      b->stop();
    }
    // Restarted on the compacted files with the background trigger on: the same
    // records, then the tombstones go once delete.retention.ms (5 s) has passed.
    auto b = startBroker(dir.path(), 200);
    QVERIFY(b);
    Run r = clients(b->bootstrap(), {QStringLiteral("verify"), topic, QStringLiteral("any")});
    QVERIFY2(r.exitCode == 0 && r.out.contains(QStringLiteral("OK verify")), qPrintable(r.out));
    r = clients(b->bootstrap(), {QStringLiteral("verify"), topic, QStringLiteral("gone"), QStringLiteral("40")});
    QVERIFY2(r.exitCode == 0 && r.out.contains(QStringLiteral("deleted-keys-left 0")), qPrintable(r.out));
    QVERIFY(dirBytes(partition) <= after);
  }

  // The runners' checkpoint store on a compacted topic: many saves of two
  // sources, compacted, and a new reader still resumes from the newest ones.
  void checkpointStoreOnACompactedTopic() {
    QTemporaryDir dir;
    auto b = startBroker(dir.path(), 100);
    QVERIFY(b);
    const QString topic = QString::fromLatin1(remote::kCheckpointTopic);
    // Created ahead with small segments so that a test sees segments roll (the store's own is compact-only too).
    Run r = clients(b->bootstrap(), {QStringLiteral("create"), topic, QStringLiteral("4096"), QStringLiteral("0")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.out));
    kafka::ClusterConfig cluster;
    cluster.bootstrap = b->bootstrap();
    {
      remote::KafkaCheckpointStore store(cluster, "p1", "runner-a");
      QVERIFY(store.load().ok());
      for (int i = 0; i < 300; ++i) {
        nlohmann::json sources = {{"gen", {{"type", "source.datagen"}, {"state", {{"next", i}}}}},
                                  {"poll", {{"type", "source.sql.poll"}, {"state", {{"last", i / 10}}}}}};
        Status s = store.save(sources);
        QVERIFY2(s.ok(), s.ok() ? "" : s.error().toString().c_str());
      }
    }
    uint64_t ticket = b->requestCleaning();
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (!b->cleaningDone(ticket) && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    QVERIFY(b->cleaningDone(ticket));
    QString problem;
    auto left = kcatReadAll(b->bootstrap(), topic, problem);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QVERIFY2(left.size() < 100, qPrintable(QStringLiteral("%1 of 330 checkpoint records left").arg(left.size())));
    QCOMPARE(left.rbegin()->first, int64_t(329));

    remote::KafkaCheckpointStore reader(cluster, "p1", "runner-b");
    auto loaded = reader.load();
    QVERIFY2(loaded.ok(), loaded.ok() ? "" : loaded.error().toString().c_str());
    QCOMPARE((*loaded)["gen"]["state"]["next"].get<int>(), 299);
    QCOMPARE((*loaded)["poll"]["state"]["last"].get<int>(), 29);
  }

  // The store creates its topic compact-only (no retention.ms=-1 override), with segments that roll.
  void checkpointTopicIsCreatedCompacted() {
    QTemporaryDir dir;
    auto b = startBroker(dir.path(), 3600 * 1000);
    QVERIFY(b);
    kafka::ClusterConfig cluster;
    cluster.bootstrap = b->bootstrap();
    remote::KafkaCheckpointStore store(cluster, "p1", "runner-a");
    QVERIFY(store.load().ok());
    Run r = clients(b->bootstrap(), {QStringLiteral("describe"), QString::fromLatin1(remote::kCheckpointTopic)});
    QVERIFY2(r.exitCode == 0, qPrintable(r.out));
    QStringList lines = r.out.split(QLatin1Char('\n'));
    QVERIFY2(lines.contains(QStringLiteral("cleanup.policy=compact")), qPrintable(r.out));
    QVERIFY2(lines.contains(QStringLiteral("segment.ms=3600000")), qPrintable(r.out));
    QVERIFY2(lines.contains(QStringLiteral("retention.ms=604800000")), qPrintable(r.out));  // the default: not -1
  }

  void killDuringCleaningLeavesAReadableLog() {
    QTemporaryDir dir;
    const QString topic = QStringLiteral("killed");
    fs::path partition = fs::path(dir.path().toStdString()) / "topics" / "killed" / "0";
    std::map<QString, QString> expected;
    int caught = 0;
    int rounds = 0;
    // Until two kills landed during a compaction (at most 8 rounds: timing decides where a kill lands).
    for (int round = 0; round < 8 && caught < 2; ++round, ++rounds) {
      RunnerBroker broker;
      QVERIFY(broker.start(dir.path(), 0, {QStringLiteral("--cleaner-backoff-ms"), QStringLiteral("20")}));
      if (round == 0) {
        Run r = clients(broker.bootstrap(), {QStringLiteral("create"), topic, QStringLiteral("65536"),
                                             QStringLiteral("86400000")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.out));
      } else {
        // Recovered from the kill: everything acknowledged is there, newest value per key.
        QString problem;
        auto got = kcatReadAll(broker.bootstrap(), topic, problem);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        std::map<QString, QString> state;
        for (const auto& [offset, kv] : got) state[kv.first] = kv.second;
        QVERIFY2(state == expected, qPrintable(QStringLiteral("round %1: %2 keys").arg(round).arg(state.size())));
      }
      QByteArray lines;
      for (int i = 0; i < 20000; ++i) {
        QString key = QStringLiteral("key%1").arg(i % 50);
        QString value = QStringLiteral("round%1-record%2-").arg(round).arg(i) + QString(30, QLatin1Char('x'));
        lines += (key + QLatin1Char(':') + value + QLatin1Char('\n')).toUtf8();
        expected[key] = value;
      }
      Run p = kcat(broker.bootstrap(), {QStringLiteral("-P"), QStringLiteral("-t"), topic, QStringLiteral("-K:"),
                                        QStringLiteral("-X"), QStringLiteral("batch.num.messages=500")},
                   lines);
      QVERIFY2(p.exitCode == 0, qPrintable(p.out));
      // Kill the broker as soon as a compaction is under way (or after 5 s).
      auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
      while (!cleaningInProgress(partition) && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::microseconds(300));
      if (cleaningInProgress(partition)) ++caught;
      broker.kill9();
    }
    RunnerBroker broker;
    QVERIFY(broker.start(dir.path(), 0, {QStringLiteral("--cleaner-backoff-ms"), QStringLiteral("20")}));
    QString problem;
    auto got = kcatReadAll(broker.bootstrap(), topic, problem);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    std::map<QString, QString> state;
    for (const auto& [offset, kv] : got) state[kv.first] = kv.second;
    QVERIFY(state == expected);
    QVERIFY(got.rbegin()->first == 20000 * rounds - 1);
    QVERIFY2(got.size() < std::size_t(20000 * rounds), "nothing was compacted");
    qInfo("killed mid-compaction in %d of %d rounds; %zu records left of %d", caught, rounds, got.size(),
          20000 * rounds);
    QVERIFY2(caught >= 1, "no kill landed during a compaction");
  }
};

QTEST_GUILESS_MAIN(TestBrokerCompactionClients)
#include "test_broker_compaction_clients.moc"
