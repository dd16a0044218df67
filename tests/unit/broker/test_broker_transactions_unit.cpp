// Transaction coordinator with a hand-driven wall clock and fake partitions:
// epochs and fencing, partitions that were not added, markers and aborted
// ranges, the last stable offset, timeouts, and state read back after a restart.
#include <QTemporaryDir>
#include <QTest>

#include <map>

#include "core/broker/error_codes.h"
#include "core/broker/transaction_coordinator.h"

using namespace tributary;
using namespace tributary::broker;

namespace {

struct Fake {
  std::map<std::pair<std::string, int32_t>, int64_t> next;  // next offset per partition
  std::vector<std::string> markers;                         // "topic/partition commit|abort"
  std::map<std::string, TransactionCoordinator::Offsets> offsets;
  int64_t nextPid = 100;

  TransactionCoordinator::Hooks hooks() {
    TransactionCoordinator::Hooks h;
    h.allocateProducerId = [this]() -> Result<int64_t> { return nextPid++; };
    h.writeMarker = [this](const std::pair<std::string, int32_t>& tp, int64_t, int16_t,
                           bool commit) -> Result<int64_t> {
      markers.push_back(tp.first + "/" + std::to_string(tp.second) + (commit ? " commit" : " abort"));
      return next[tp]++;
    };
    h.commitOffsets = [this](const std::string& group, const TransactionCoordinator::Offsets& o) -> int16_t {
      offsets[group] = o;
      return kerr::kNone;
    };
    return h;
  }
};

}  // namespace

class TestBrokerTransactionsUnit final : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void commitAbortFencingAndTimeout() {
    QTemporaryDir dir;
    Fake fake;
    const TransactionCoordinator::TopicPartition tp{"t", 0};
    {
      TransactionCoordinator tc(dir.path().toStdString(), fake.hooks());
      QVERIFY(tc.load().ok());
      QCOMPARE(tc.initProducerId("app", 0, 0).error, kerr::kInvalidTransactionTimeout);
      auto p = tc.initProducerId("app", 5000, 0);
      QCOMPARE(p.error, kerr::kNone);
      QCOMPARE(p.epoch, int16_t(0));
      // Data for a partition the transaction did not add is refused.
      QCOMPARE(tc.checkProduce("app", p.producerId, p.epoch, tp), kerr::kInvalidTxnState);
      QCOMPARE(tc.addPartition("app", p.producerId, p.epoch, tp, 1000), kerr::kNone);
      QCOMPARE(tc.checkProduce("app", p.producerId, p.epoch, tp), kerr::kNone);
      fake.next[tp] = 10;
      tc.appended("app", tp, 10);  // records 10..14
      fake.next[tp] = 15;
      QCOMPARE(tc.lastStableOffset(tp, 15), int64_t(10));
      QCOMPARE(tc.addOffsets("app", p.producerId, p.epoch, "g", 1000), kerr::kNone);
      QCOMPARE(tc.txnOffsetCommit("app", p.producerId, p.epoch, "g", {{{"in", 0}, CommittedOffset{7, ""}}}),
               kerr::kNone);
      QCOMPARE(tc.endTxn("app", p.producerId, p.epoch, false), kerr::kNone);  // abort
      QCOMPARE(fake.markers.back(), std::string("t/0 abort"));
      QVERIFY(!fake.offsets.count("g"));  // aborted offsets never reach the group
      QCOMPARE(tc.lastStableOffset(tp, 16), int64_t(16));
      auto aborted = tc.abortedBetween(tp, 0, 16);
      QCOMPARE(aborted.size(), std::size_t(1));
      QCOMPARE(aborted[0].firstOffset, int64_t(10));
      QCOMPARE(aborted[0].lastOffset, int64_t(15));
      QCOMPARE(tc.endTxn("app", p.producerId, p.epoch, false), kerr::kNone);  // a retried abort
      QCOMPARE(tc.endTxn("app", p.producerId, p.epoch, true), kerr::kInvalidTxnState);

      // A second instance of the same transactional id fences the first.
      auto p2 = tc.initProducerId("app", 5000, 2000);
      QCOMPARE(p2.producerId, p.producerId);
      QCOMPARE(p2.epoch, int16_t(1));
      QCOMPARE(tc.addPartition("app", p.producerId, p.epoch, tp, 2000), kerr::kInvalidProducerEpoch);
      QCOMPARE(tc.addPartition("app", 999, p2.epoch, tp, 2000), kerr::kInvalidProducerIdMapping);

      // Commit: offsets reach the group.
      QCOMPARE(tc.addPartition("app", p2.producerId, p2.epoch, tp, 2000), kerr::kNone);
      QCOMPARE(tc.addOffsets("app", p2.producerId, p2.epoch, "g", 2000), kerr::kNone);
      QCOMPARE(tc.txnOffsetCommit("app", p2.producerId, p2.epoch, "g", {{{"in", 0}, CommittedOffset{9, ""}}}),
               kerr::kNone);
      QCOMPARE(tc.endTxn("app", p2.producerId, p2.epoch, true), kerr::kNone);
      QCOMPARE(fake.markers.back(), std::string("t/0 commit"));
      QCOMPARE(fake.offsets["g"].size(), std::size_t(1));
      QCOMPARE(fake.offsets["g"][0].second.offset, int64_t(9));

      // Left open: still open when the broker stops.
      QCOMPARE(tc.addPartition("app", p2.producerId, p2.epoch, tp, 3000), kerr::kNone);
      fake.next[tp] = 20;
      tc.appended("app", tp, 20);
      fake.next[tp] = 25;
    }
    // A restart reads the open transaction back: it still holds the LSO and
    // is aborted (epoch bumped, so the old producer is fenced) at its timeout.
    TransactionCoordinator again(dir.path().toStdString(), fake.hooks());
    QVERIFY(again.load().ok());
    QCOMPARE(again.lastStableOffset(tp, 25), int64_t(20));
    again.tick(7999);  // started at 3000 with a 5000 ms timeout
    QCOMPARE(again.lastStableOffset(tp, 25), int64_t(20));
    again.tick(8000);
    QCOMPARE(fake.markers.back(), std::string("t/0 abort"));
    QCOMPARE(again.lastStableOffset(tp, 26), int64_t(26));
    QCOMPARE(again.abortedBetween(tp, 0, 26).size(), std::size_t(2));
    QCOMPARE(again.abortedBetween(tp, 16, 26).size(), std::size_t(1));  // the first ended at 15
    QCOMPARE(again.endTxn("app", 100, 1, true), kerr::kInvalidProducerEpoch);
  }
};

QTEST_GUILESS_MAIN(TestBrokerTransactionsUnit)
#include "test_broker_transactions_unit.moc"
