// stream::StateKeeper, the consistency protocol of durable stream state:
// which replayed records are skipped after a restart (and that nothing is
// skipped within a run, even records sharing one offset), that held tickets
// commit only after a flush, and that emitted results come back from the
// outbox after a restart until a later input record is committed.
#include <QTemporaryDir>
#include <QtTest>

#include "core/runtime/ack_tracker.h"
#include "core/stream/state_keeper.h"

using namespace tributary;

namespace {

record::Batch at(std::vector<std::int64_t> offsets) {
  record::Batch b;
  for (std::int64_t o : offsets) {
    record::Record r;
    r.value = record::Value(o);
    r.position = {0, o};
    b.push_back(std::move(r));
  }
  return b;
}

std::vector<std::int64_t> offsets(const record::Batch& b) {
  std::vector<std::int64_t> out;
  for (const auto& r : b) out.push_back(r.position.offset);
  return out;
}

}  // namespace

class TestStreamStateKeeper final : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void replayedRecordsAreSkippedOnlyAfterARestart() {
    QTemporaryDir dir;
    runtime::AckTracker tracker;
    {
      stream::StateKeeper k;
      QVERIFY(k.attach(dir.path().toStdString(), {&tracker}, 1000, "config"));
      record::Batch b = at({5, 5, 5});  // one poll whose records share an offset: all absorbed
      k.admit(0, b);
      QCOMPARE(offsets(b), (std::vector<std::int64_t>{5, 5, 5}));
      record::Batch c = at({6, 7});
      k.admit(0, c);
      QCOMPARE(offsets(c), (std::vector<std::int64_t>{6, 7}));
      QVERIFY(k.flush([](stream::StateStore::Batch&) {}, nlohmann::json::object()));
    }
    stream::StateKeeper k;
    QVERIFY(k.attach(dir.path().toStdString(), {&tracker}, 1000, "config"));
    record::Batch replay = at({5, 5, 5, 6, 7, 8, 8});
    k.admit(0, replay);
    QCOMPARE(offsets(replay), (std::vector<std::int64_t>{8, 8}));
    record::Batch later = at({8, 9});  // past the stored state: nothing skipped any more
    k.admit(0, later);
    QCOMPARE(offsets(later), (std::vector<std::int64_t>{8, 9}));
  }

  void anotherConfigurationStartsEmpty() {
    QTemporaryDir dir;
    runtime::AckTracker tracker;
    {
      stream::StateKeeper k;
      QVERIFY(k.attach(dir.path().toStdString(), {&tracker}, 1000, "config A"));
      record::Batch b = at({1, 2});
      k.admit(0, b);
      QVERIFY(k.flush([](stream::StateStore::Batch& s) { s.put("g/x", "1"); }, nlohmann::json::object()));
    }
    stream::StateKeeper k;
    QVERIFY(k.attach(dir.path().toStdString(), {&tracker}, 1000, "config B"));
    QVERIFY(!k.store()->get("g/x"));
    record::Batch b = at({1, 2});
    k.admit(0, b);
    QCOMPARE(offsets(b), (std::vector<std::int64_t>{1, 2}));
  }

  void ticketsCommitOnlyAfterTheFlush() {
    QTemporaryDir dir;
    runtime::AckTracker tracker;
    stream::StateKeeper k;
    QVERIFY(k.attach(dir.path().toStdString(), {&tracker}, 1000, "config"));
    runtime::Ticket* t = tracker.open({{0, 3}});
    k.hold({t});
    t->release();  // the sink wrote the batch
    QVERIFY(tracker.committed().empty());
    QVERIFY(k.flush([](stream::StateStore::Batch&) {}, nlohmann::json::object()));
    QCOMPARE(tracker.committed().at(0), std::int64_t{3});
  }

  void resultsComeBackUntilALaterRecordIsCommitted() {
    QTemporaryDir dir;
    runtime::AckTracker tracker;
    {
      stream::StateKeeper k;
      QVERIFY(k.attach(dir.path().toStdString(), {&tracker}, 1000, "config"));
      record::Batch in = at({0, 1});
      k.admit(0, in);
      record::Batch out = at({100});  // a result emitted with that batch
      k.keep(out, 0, true);
      QVERIFY(k.flush([](stream::StateStore::Batch&) {}, nlohmann::json::object()));
    }  // crash: the batch was never committed
    runtime::AckTracker second;
    {
      stream::StateKeeper k;
      QVERIFY(k.attach(dir.path().toStdString(), {&second}, 1000, "config"));
      record::Batch again;
      k.takeRestored(again);
      QCOMPARE(offsets(again), (std::vector<std::int64_t>{100}));
      record::Batch in = at({2});
      k.admit(0, in);  // travels behind the result emitted again
      runtime::Ticket* t = second.open({{0, 3}});
      t->release();
      QVERIFY(k.flush([](stream::StateStore::Batch&) {}, nlohmann::json::object()));  // proven: pruned
    }
    stream::StateKeeper k;
    QVERIFY(k.attach(dir.path().toStdString(), {&second}, 1000, "config"));
    record::Batch again;
    k.takeRestored(again);
    QVERIFY(again.empty());
  }
};

QTEST_APPLESS_MAIN(TestStreamStateKeeper)
#include "test_stream_state_keeper.moc"
