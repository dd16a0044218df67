// Kafka transactions on the embedded broker, checked with
// python3-confluent-kafka's transactional producer and read_committed /
// read_uncommitted consumers (txn_clients.py): commit and abort, offsets
// committed inside a transaction, and an open transaction left by a dead
// producer across a broker restart, aborted at its timeout; transactions on a
// compacted topic through the log cleaner (aborted records dropped, nothing
// cleaned past the last stable offset, markers kept for two passes).
#include <QTemporaryDir>
#include <QTest>

#include <chrono>
#include <fstream>
#include <memory>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "core/broker/broker.h"
#include "tests/integration/broker/client_processes.h"

using namespace tributary;

namespace {

const char* kScript = TRIBUTARY_SOURCE_DIR "/tests/integration/broker/txn_clients.py";

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

testing::Run txn(const std::string& bootstrap, const QStringList& args) {
  auto r = testing::runPythonClients(kScript, bootstrap, args, 90000);
  qInfo("%s", qPrintable(r.out.trimmed()));
  return r;
}

void compactNow(broker::Broker& b) {
  uint64_t ticket = b.requestCleaning();
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (!b.cleaningDone(ticket) && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  QVERIFY(b.cleaningDone(ticket));
}

// Aborted transactions the coordinator lists to read_committed fetches of `topic`.
int abortedListed(const QString& dataDir, const std::string& topic) {
  std::ifstream in((dataDir + QStringLiteral("/transactions/state.json")).toStdString());
  auto j = nlohmann::json::parse(in, nullptr, false);
  if (j.is_discarded()) return -1;
  int n = 0;
  for (const auto& a : j.at("aborted"))
    if (a.at("topic").get<std::string>() == topic) ++n;
  return n;
}

}  // namespace

class TestBrokerTransactions final : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void commitAndAbort() {
    QTemporaryDir dir;
    auto b = startBroker(dir.path());
    QVERIFY(b);
    auto r = txn(b->bootstrap(), {"commit-abort", "txn_topic"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.out));
  }

  void offsetsCommitWithTheTransaction() {
    QTemporaryDir dir;
    auto b = startBroker(dir.path());
    QVERIFY(b);
    auto r = txn(b->bootstrap(), {"offsets", "txn_in", "txn_out"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.out));
  }

  // ListTransactions / DescribeTransactions encoded by hand from Kafka's
  // message definitions: an open and a committed transaction, filters.
  void describeAndListTransactions() {
    QTemporaryDir dir;
    auto b = startBroker(dir.path());
    QVERIFY(b);
    auto r = txn(b->bootstrap(), {"describe-list", "txn_described"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.out));
  }

  // Transactions on a compacted topic with small segments: a forced pass with
  // one transaction still open keeps everything from its first record on and
  // drops the aborted one's records; once the open one is aborted (its id
  // starts again) the next pass drops it too; the abort markers (and the
  // aborted-transaction list fetches get) go only at a pass
  // delete.retention.ms (3 s) after one found their transaction empty.
  void compactedTopicWithTransactions() {
    QTemporaryDir dir;
    broker::BrokerOptions o;
    o.dataDir = dir.path().toStdString();
    o.cleanerBackoffMs = 3600 * 1000;  // only the passes the test asks for
    auto started = broker::Broker::start(o);
    QVERIFY2(started, started ? "" : started.error().toString().c_str());
    auto& b = **started;
    const std::string topic = "txn_compacted";
    auto r = txn(b.bootstrap(), {"compact-produce", "txn_compacted"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.out));
    compactNow(b);
    r = txn(b.bootstrap(), {"compact-check", "txn_compacted", "open"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.out));
    QCOMPARE(abortedListed(dir.path(), topic), 1);  // B: its records are gone, its marker stays
    r = txn(b.bootstrap(), {"compact-resolve", "txn_compacted"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.out));
    compactNow(b);
    r = txn(b.bootstrap(), {"compact-check", "txn_compacted", "resolved"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.out));
    QCOMPARE(abortedListed(dir.path(), topic), 2);  // B and D: empty, but not yet for delete.retention.ms
    std::this_thread::sleep_for(std::chrono::milliseconds(3500));
    compactNow(b);
    QCOMPARE(abortedListed(dir.path(), topic), 0);  // both markers went, and with them the list entries
    r = txn(b.bootstrap(), {"compact-check", "txn_compacted", "resolved"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.out));
    b.stop();
    // The cleaner's notes and the shortened list survive a restart.
    auto again = broker::Broker::start(o);
    QVERIFY(again);
    r = txn((*again)->bootstrap(), {"compact-check", "txn_compacted", "resolved"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.out));
  }

  void openTransactionAbortedAfterRestart() {
    QTemporaryDir dir;
    auto b = startBroker(dir.path());
    QVERIFY(b);
    auto left = txn(b->bootstrap(), {"leave-open", "txn_open"});
    QVERIFY2(left.exitCode == 0, qPrintable(left.out));
    b->stop();
    b.reset();
    b = startBroker(dir.path());  // the open transaction is read back from disk
    QVERIFY(b);
    auto r = txn(b->bootstrap(), {"after-restart", "txn_open"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.out));
  }
};

QTEST_GUILESS_MAIN(TestBrokerTransactions)
#include "test_broker_transactions.moc"
