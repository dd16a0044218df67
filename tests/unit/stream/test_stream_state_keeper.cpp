// stream::StateKeeper, the consistency protocol of durable stream state:
// which replayed records are skipped after a restart (and that nothing is
// skipped within a run, even records sharing one offset), that held tickets
// commit only after a flush, and that emitted results come back from the
// outbox after a restart until a later input record is committed. With a
// changelog (an in-memory one here; the Kafka topic is tested in
// test_stream_state_crash): a deleted store is restored from it, a store one
// flush behind catches up, and a flush cut short in the changelog is skipped
// and corrected. A store per input partition on its own changelog partition
// (stream::ChangelogPartition) moves between owners. A transactional
// changelog (exactly_once) is written before the local store, which follows
// only committed flushes.
#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>
#include <map>

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

// A changelog in memory: partitions as vectors; `failAfter` entries written, writes fail (a crash mid-flush).
class MemoryChangelog final : public stream::Changelog {
 public:
  explicit MemoryChangelog(int partitions)
      : m_log(static_cast<std::size_t>(partitions)), m_state(static_cast<std::size_t>(partitions)) {}
  const std::string& name() const override { return m_name; }
  int partitions() const override { return static_cast<int>(m_log.size()); }
  Result<std::vector<std::pair<std::int64_t, std::int64_t>>> watermarks() override {
    std::vector<std::pair<std::int64_t, std::int64_t>> out;
    for (std::size_t p = 0; p < m_log.size(); ++p) {
      std::int64_t end = static_cast<std::int64_t>(m_log[p].size());
      for (std::size_t o = 0; o < m_log[p].size(); ++o)
        if (m_state[p][o] == Open) {  // read_committed: the last stable offset
          end = static_cast<std::int64_t>(o);
          break;
        }
      out.emplace_back(0, end);
    }
    return out;
  }
  Status read(const std::vector<std::int64_t>& from, const std::vector<std::int64_t>& to,
              const std::function<void(const stream::ChangelogRecord&)>& f) override {
    for (std::size_t p = 0; p < m_log.size(); ++p)
      for (std::int64_t o = from[p]; o < to[p]; ++o)
        if (m_state[p][static_cast<std::size_t>(o)] == Visible) f(m_log[p][static_cast<std::size_t>(o)]);
    return {};
  }
  // Transactional mode (an exactly_once stage): writes stay invisible until commit(); abort() hides them for
  // good; each ends with a control marker taking an offset in every partition written, as in Kafka.
  bool transactional() const override { return m_transactional; }
  std::uint64_t transaction() const override { return m_writtenIn; }
  std::uint64_t committed() const override { return m_committed; }
  void setTransactional() { m_transactional = true; }
  void commit() { end(Visible); ++m_committed; }
  void abort() { end(Hidden); }  // as a failed stage: the keeper's process is gone after it
  Result<std::vector<std::int64_t>> write(const std::vector<stream::ChangelogEntry>& entries, std::uint64_t flush,
                                          const std::string&) override {
    std::vector<std::int64_t> offsets;
    for (const auto& e : entries) {
      if (failAfter == 0) return makeError(ErrorCode::Io, "broker gone");
      if (failAfter > 0) --failAfter;
      auto p = static_cast<std::size_t>(e.partition >= 0 ? e.partition
                                                         : static_cast<int>(std::hash<std::string>()(e.key) % m_log.size()));
      stream::ChangelogRecord r{static_cast<std::int32_t>(p), static_cast<std::int64_t>(m_log[p].size()), e.key, e.value,
                                flush};
      offsets.push_back(r.offset);
      m_log[p].push_back(std::move(r));
      m_state[p].push_back(m_transactional ? Open : Visible);
    }
    m_writtenIn = m_committed + 1;
    return offsets;
  }
  int failAfter = -1;  // -1: never
  std::size_t records(std::size_t partition) const { return m_log[partition].size(); }

 private:
  enum State { Visible, Open, Hidden };
  void end(State outcome) {
    for (std::size_t p = 0; p < m_log.size(); ++p) {
      bool wrote = false;
      for (State& s : m_state[p])
        if (s == Open) {
          s = outcome;
          wrote = true;
        }
      if (!wrote) continue;
      m_log[p].push_back({static_cast<std::int32_t>(p), static_cast<std::int64_t>(m_log[p].size()), "", {}, 0});
      m_state[p].push_back(Hidden);  // the control marker: never delivered
    }
  }
  std::string m_name = "memory-changelog";
  std::vector<std::vector<stream::ChangelogRecord>> m_log;
  std::vector<std::vector<State>> m_state;
  bool m_transactional = false;
  std::uint64_t m_committed = 0, m_writtenIn = 0;
};

// Flushes `values` (key -> value, "" removes) through the keeper.
Status flushValues(stream::StateKeeper& k, const std::map<std::string, std::string>& values) {
  return k.flush(
      [&](stream::StateStore::Batch& b) {
        for (const auto& [key, value] : values)
          if (value.empty())
            b.remove(key);
          else
            b.put(key, value);
      },
      nlohmann::json::object());
}

std::map<std::string, std::string> contents(stream::StateKeeper& k) {
  std::map<std::string, std::string> out;
  k.store()->forEach("g/", [&](std::string_view key, std::string_view value) { out[std::string(key)] = value; });
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

  void aDeletedStoreIsRestoredFromTheChangelog() {
    QTemporaryDir dir;
    MemoryChangelog log(3);
    runtime::AckTracker tracker;
    std::string store = dir.filePath(QStringLiteral("s")).toStdString();
    {
      stream::StateKeeper k;
      QVERIFY(k.attach(store, {&tracker}, 1000, "config", &log));
      record::Batch b = at({1, 2, 3});
      k.admit(0, b);
      QVERIFY(flushValues(k, {{"g/a", "1"}, {"g/b", "2"}, {"g/c", "3"}}));
      record::Batch c = at({4});
      k.admit(0, c);
      QVERIFY(flushValues(k, {{"g/a", "10"}, {"g/b", ""}}));
    }
    std::filesystem::remove_all(store);
    std::uint64_t done = 0, total = 0;
    stream::StateKeeper k;
    QVERIFY(k.attach(store, {&tracker}, 1000, "config", &log, [&](std::uint64_t d, std::uint64_t t) {
      done = d;
      total = t;
    }));
    QCOMPARE(contents(k), (std::map<std::string, std::string>{{"g/a", "10"}, {"g/c", "3"}}));
    QVERIFY(total > 0);
    QCOMPARE(done, total);
    // The restored covered offsets skip the replay.
    record::Batch replay = at({3, 4, 5});
    k.admit(0, replay);
    QCOMPARE(offsets(replay), (std::vector<std::int64_t>{5}));
    // Another empty folder (another runner) restores the same.
    stream::StateKeeper again;
    QVERIFY(again.attach(dir.filePath(QStringLiteral("s2")).toStdString(), {&tracker}, 1000, "config", &log));
    QCOMPARE(contents(again), (std::map<std::string, std::string>{{"g/a", "10"}, {"g/c", "3"}}));
  }

  // An exactly_once stage's changelog: flushes go into the open transaction;
  // the local store gets them only after the commit; an aborted flush is never
  // restored (read_committed), also when it left many hidden records at the end
  // (the newest marker is searched backwards); no outbox.
  void aTransactionalChangelogCommitsBeforeTheLocalStore() {
    QTemporaryDir dir;
    MemoryChangelog log(2);
    log.setTransactional();
    runtime::AckTracker tracker;
    std::string store = dir.filePath(QStringLiteral("s")).toStdString();
    {
      stream::StateKeeper k;
      QVERIFY(k.attach(store, {&tracker}, 1000, "config", &log));
      QVERIFY(k.exactlyOnce());
      record::Batch b = at({1, 2});
      runtime::Ticket* t = tracker.open({{0, 3}});
      k.hold({t});
      t->release();  // the batch itself is written; the node still holds it
      k.admit(0, b);
      record::Batch results = at({100});
      k.keep(results, 0, true);  // no outbox in this mode
      QVERIFY(k.holding());
      QVERIFY(flushValues(k, {{"g/a", "1"}}));
      QVERIFY(!k.holding());
      QCOMPARE(tracker.committed().at(0), std::int64_t(3));  // released by the flush, before the commit
      QVERIFY(contents(k).empty());                            // the local store waits for the commit
      QVERIFY(k.writeCommitted());
      QVERIFY(contents(k).empty());
      log.commit();
      QVERIFY(k.writeCommitted());
      QCOMPARE(contents(k), (std::map<std::string, std::string>{{"g/a", "1"}}));
      // The next flush is aborted (a crash before the commit): 30 keys, more than the first backward step.
      record::Batch c = at({3});
      k.admit(0, c);
      std::map<std::string, std::string> many;
      for (int i = 0; i < 30; ++i) many["g/x" + std::to_string(i)] = "2";
      many["g/a"] = "2";
      QVERIFY(flushValues(k, many));
      log.abort();
      QVERIFY(k.writeCommitted());
      QCOMPARE(contents(k), (std::map<std::string, std::string>{{"g/a", "1"}}));
    }
    for (const char* folder : {"s", "s2"}) {  // the same store again, and an empty one restored from the changelog
      stream::StateKeeper k;
      QVERIFY(k.attach(dir.filePath(QString::fromLatin1(folder)).toStdString(), {&tracker}, 1000, "config", &log));
      QCOMPARE(contents(k), (std::map<std::string, std::string>{{"g/a", "1"}}));
      record::Batch again;
      k.takeRestored(again);
      QVERIFY(again.empty());
      record::Batch replay = at({2, 3});  // the committed offsets resume after 2
      k.admit(0, replay);
      QCOMPARE(offsets(replay), (std::vector<std::int64_t>{3}));
    }
  }

  void aFlushCutShortIsSkippedAndCorrected() {
    QTemporaryDir dir;
    MemoryChangelog log(2);
    runtime::AckTracker tracker;
    std::string store = dir.filePath(QStringLiteral("s")).toStdString();
    {
      stream::StateKeeper k;
      QVERIFY(k.attach(store, {&tracker}, 1000, "config", &log));
      record::Batch b = at({1});
      k.admit(0, b);
      QVERIFY(flushValues(k, {{"g/a", "1"}, {"g/b", "2"}}));
      record::Batch c = at({2});
      k.admit(0, c);
      log.failAfter = 1;  // one change reaches Kafka, then the crash: no marker, no local write
      QVERIFY(!flushValues(k, {{"g/a", "99"}, {"g/b", "98"}, {"g/new", "97"}}));
      log.failAfter = -1;
    }
    // Restored from the changelog alone, then killed before any flush: the next start still knows the cut-short keys.
    std::string lost = dir.filePath(QStringLiteral("lost")).toStdString();
    {
      stream::StateKeeper k;
      QVERIFY(k.attach(lost, {&tracker}, 1000, "config", &log));
      QCOMPARE(contents(k), (std::map<std::string, std::string>{{"g/a", "1"}, {"g/b", "2"}}));
    }
    {
      stream::StateKeeper k;
      QVERIFY(k.attach(lost, {&tracker}, 1000, "config", &log));
      QVERIFY(flushValues(k, {}));  // rewrites the cut-short key
    }
    {
      std::filesystem::remove_all(lost);
      stream::StateKeeper k;
      QVERIFY(k.attach(lost, {&tracker}, 1000, "config", &log));
      QCOMPARE(contents(k), (std::map<std::string, std::string>{{"g/a", "1"}, {"g/b", "2"}}));
    }
    // Local store intact (one flush behind the cut-short one): the cut-short change is not applied.
    {
      stream::StateKeeper k;
      QVERIFY(k.attach(store, {&tracker}, 1000, "config", &log));
      QCOMPARE(contents(k), (std::map<std::string, std::string>{{"g/a", "1"}, {"g/b", "2"}}));
      record::Batch replay = at({1, 2});
      k.admit(0, replay);
      QCOMPARE(offsets(replay), (std::vector<std::int64_t>{2}));
      QVERIFY(flushValues(k, {}));  // rewrites the cut-short key with its real value
    }
    // The store lost: the changelog alone gives the same state, the correction applied after the cut-short change.
    std::filesystem::remove_all(store);
    stream::StateKeeper k;
    QVERIFY(k.attach(store, {&tracker}, 1000, "config", &log));
    QCOMPARE(contents(k), (std::map<std::string, std::string>{{"g/a", "1"}, {"g/b", "2"}}));
  }

  void aStoreBehindTheChangelogCatchesUp() {
    QTemporaryDir dir;
    MemoryChangelog log(1);
    runtime::AckTracker tracker;
    std::string store = dir.filePath(QStringLiteral("s")).toStdString();
    std::string copy = dir.filePath(QStringLiteral("copy")).toStdString();
    {
      stream::StateKeeper k;
      QVERIFY(k.attach(store, {&tracker}, 1000, "config", &log));
      QVERIFY(flushValues(k, {{"g/a", "1"}}));
    }
    std::filesystem::copy(store, copy, std::filesystem::copy_options::recursive);  // the store as of flush 1
    {
      stream::StateKeeper k;
      QVERIFY(k.attach(store, {&tracker}, 1000, "config", &log));
      QVERIFY(flushValues(k, {{"g/a", "2"}, {"g/b", "3"}}));
    }
    // Killed after the changelog had flush 2 but before the local write: the old store catches up.
    stream::StateKeeper k;
    QVERIFY(k.attach(copy, {&tracker}, 1000, "config", &log));
    QCOMPARE(contents(k), (std::map<std::string, std::string>{{"g/a", "2"}, {"g/b", "3"}}));
    // A changelog written under another configuration is not used.
    stream::StateKeeper other;
    QVERIFY(other.attach(dir.filePath(QStringLiteral("other")).toStdString(), {&tracker}, 1000, "config B", &log));
    QVERIFY(contents(other).empty());
  }

  // Input partition 1's task on runner A, then on runner B (empty folder),
  // then back on A (its store one ownership behind): every write goes to
  // changelog partition 1 only, and each owner starts from the last flush.
  void aPartitionsStateMovesBetweenOwners() {
    QTemporaryDir dir;
    MemoryChangelog log(3);
    stream::ChangelogPartition one(log, 1);
    runtime::AckTracker tracker;
    std::string onA = dir.filePath(QStringLiteral("a/p1")).toStdString();
    std::string onB = dir.filePath(QStringLiteral("b/p1")).toStdString();
    auto atPartition1 = [](std::vector<std::int64_t> offsets) {
      record::Batch b = at(std::move(offsets));
      for (auto& r : b) r.position.partition = 1;
      return b;
    };
    {
      stream::StateKeeper a;
      QVERIFY(a.attach(onA, {&tracker}, 1000, "config", &one));
      record::Batch b = atPartition1({10, 11});
      a.admit(0, b);
      QVERIFY(flushValues(a, {{"g/x", "1"}, {"g/y", "2"}}));
    }
    QCOMPARE(log.records(0), std::size_t(0));
    QCOMPARE(log.records(2), std::size_t(0));
    QVERIFY(log.records(1) >= 3);  // two changes and the marker
    {
      std::uint64_t done = 0, total = 0;
      stream::StateKeeper b;
      QVERIFY(b.attach(onB, {&tracker}, 1000, "config", &one, [&](std::uint64_t d, std::uint64_t t) {
        done = d;
        total = t;
      }));
      QCOMPARE(contents(b), (std::map<std::string, std::string>{{"g/x", "1"}, {"g/y", "2"}}));
      QVERIFY(total > 0);
      QCOMPARE(done, total);
      record::Batch replay = atPartition1({11, 12});  // resumed from a commit behind the state: 11 is covered
      b.admit(0, replay);
      QCOMPARE(offsets(replay), (std::vector<std::int64_t>{12}));
      QVERIFY(flushValues(b, {{"g/x", "5"}, {"g/y", ""}}));
    }
    QCOMPARE(log.records(0), std::size_t(0));
    QCOMPARE(log.records(2), std::size_t(0));
    stream::StateKeeper back;
    QVERIFY(back.attach(onA, {&tracker}, 1000, "config", &one));
    QCOMPARE(contents(back), (std::map<std::string, std::string>{{"g/x", "5"}}));
    record::Batch replay = atPartition1({12, 13});
    back.admit(0, replay);
    QCOMPARE(offsets(replay), (std::vector<std::int64_t>{13}));
    // Another partition's view of the same topic holds nothing of partition 1.
    stream::ChangelogPartition zero(log, 0);
    stream::StateKeeper other;
    QVERIFY(other.attach(dir.filePath(QStringLiteral("a/p0")).toStdString(), {&tracker}, 1000, "config", &zero));
    QVERIFY(contents(other).empty());
  }

  // Results stored with their proof: the next owner, whose source resumed at
  // offset 7, emits again only the result whose proof (7) it reads again.
  void resultsDeliveredBeforeAHandoverAreNotEmittedAgain() {
    QTemporaryDir dir;
    runtime::AckTracker tracker;
    std::string store = dir.filePath(QStringLiteral("s")).toStdString();
    auto result = [](const char* text) {
      record::Batch b(1);
      b[0].value = record::Value(std::string_view(text));
      return b;
    };
    {
      stream::StateKeeper k;
      QVERIFY(k.attach(store, {&tracker}, 1000, "config"));
      record::Batch b = at({5, 6});
      k.admit(0, b);
      k.keep(result("r1"), 0, true);  // proven by offset 6
      record::Batch c = at({7});
      k.admit(0, c);
      k.keep(result("r2"), 0, true);  // proven by offset 7
      QVERIFY(flushValues(k, {}));
    }
    {
      stream::StateKeeper k;
      QVERIFY(k.attach(store, {&tracker}, 1000, "config"));
      k.dropDelivered([](std::uint16_t port, const record::SourcePosition& p) { return port == 0 && 7 > p.offset; });
      record::Batch again;
      k.takeRestored(again);
      QCOMPARE(again.size(), std::size_t(1));
      QCOMPARE(std::string(again[0].value.asString()), std::string("r2"));
      QVERIFY(flushValues(k, {}));  // removes r1 from the store
    }
    stream::StateKeeper k;
    QVERIFY(k.attach(store, {&tracker}, 1000, "config"));
    record::Batch again;
    k.takeRestored(again);  // no proof check (a source without positions): r2 only, r1 is gone
    QCOMPARE(again.size(), std::size_t(1));
    QCOMPARE(std::string(again[0].value.asString()), std::string("r2"));
  }
};

QTEST_APPLESS_MAIN(TestStreamStateKeeper)
#include "test_stream_state_keeper.moc"
