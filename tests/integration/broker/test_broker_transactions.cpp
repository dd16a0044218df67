// Kafka transactions on the embedded broker, checked with
// python3-confluent-kafka's transactional producer and read_committed /
// read_uncommitted consumers (txn_clients.py): commit and abort, offsets
// committed inside a transaction, and an open transaction left by a dead
// producer across a broker restart, aborted at its timeout.
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <string>

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
