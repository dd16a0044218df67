// Log compaction on one partition log: newest value per key with offsets kept,
// tombstones and delete.retention.ms, the dirty-ratio trigger, fetches that
// land in gaps, and recovery from a compaction interrupted at each step.
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>

#include "core/broker/error_codes.h"
#include "core/broker/log_cleaner.h"
#include "core/broker/partition_log.h"
#include "tests/unit/broker/batch_builder.h"

using namespace tributary;
using namespace tributary::broker;
namespace fs = std::filesystem;

namespace {

int64_t wallNow() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

AppendOutcome append(PartitionLog& log, const std::string& batch) {
  BatchHeader h;
  if (checkBatch(batch, h, true) != BatchCheck::Ok) return {kerr::kCorruptMessage, -1, "bad test batch"};
  return log.append(batch, {h}, 1000);
}

struct Rec {
  int64_t offset;
  std::optional<std::string> key;
  std::optional<std::string> value;
};

// Every record from `from` to the end, as a consumer sees it (records below `from` in the first batch skipped).
// Fails (empty optional) on a CRC error or on offsets that do not strictly increase.
std::optional<std::vector<Rec>> readAll(const PartitionLog& log, int64_t from = 0) {
  std::vector<Rec> out;
  int64_t next = from;
  while (next < log.highWatermark()) {
    std::string data;
    if (log.read(next, 1 << 20, true, data) != kerr::kNone) return std::nullopt;
    if (data.empty()) return std::nullopt;  // stuck: a consumer would never reach the end
    std::string_view rest = data;
    while (!rest.empty()) {
      BatchHeader h;
      if (checkBatch(rest, h, false) != BatchCheck::Ok) return std::nullopt;
      bool ok = forEachRecord(rest.substr(0, h.totalSize()), h, [&](const RecordView& r) {
        int64_t offset = h.baseOffset + r.offsetDelta;
        if (offset < next) return;
        Rec rec{offset, std::nullopt, std::nullopt};
        if (r.hasKey) rec.key = std::string(r.key);
        if (!r.nullValue) rec.value = std::string(r.value);
        out.push_back(rec);
      });
      if (!ok) return std::nullopt;
      next = std::max(next, h.lastOffset() + 1);
      rest.remove_prefix(h.totalSize());
    }
  }
  for (std::size_t i = 1; i < out.size(); ++i)
    if (out[i].offset <= out[i - 1].offset) return std::nullopt;
  return out;
}

// Applies the records in order as a consumer of a compacted topic would: the state per key.
std::map<std::string, std::string> finalState(const std::vector<Rec>& recs) {
  std::map<std::string, std::string> state;
  for (const Rec& r : recs) {
    if (!r.key) continue;
    if (r.value)
      state[*r.key] = *r.value;
    else
      state.erase(*r.key);
  }
  return state;
}

LogConfig compactConfig() {
  LogConfig c;
  c.segmentBytes = 2000;
  c.indexIntervalBytes = 200;
  c.compact = true;
  c.deleteOld = false;
  c.deleteRetentionMs = 3600 * 1000;
  return c;
}

std::string value(int key, int update) {
  return "key" + std::to_string(key) + "-update" + std::to_string(update) + std::string(20, '.');
}

// One cleaning pass as the broker runs it; false when nothing was due.
bool clean(PartitionLog& log, int64_t nowMs, bool force, CleanResult* out = nullptr) {
  auto job = log.cleanJob(nowMs, force);
  if (!job) return false;
  std::atomic<bool> abort{false};
  auto result = cleanLog(*job, abort);
  if (!result) {
    qWarning("%s", result.error().toString().c_str());
    return false;
  }
  if (out) *out = *result;
  log.applyCleaned(*result);
  return true;
}

int64_t dirBytes(const fs::path& dir) {
  int64_t total = 0;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.is_regular_file()) total += static_cast<int64_t>(e.file_size());
  return total;
}

}  // namespace

class TestBrokerCompaction final : public QObject {
  Q_OBJECT

 private:
  // 8 keys x 60 updates, one and four records per batch; keys 0 and 1 deleted; more updates after.
  std::map<std::string, std::string> fill(PartitionLog& log) {
    std::map<std::string, std::string> expected;
    for (int u = 0; u < 60; ++u) {
      if (u % 3 == 0) {
        std::vector<testing::KeyedRecord> recs;
        for (int k = 0; k < 4; ++k) recs.push_back({"key" + std::to_string(k), value(k, u)});
        append(log, testing::makeKeyedBatch(recs, 1000 + u));
        for (int k = 0; k < 4; ++k) expected["key" + std::to_string(k)] = value(k, u);
      }
      for (int k = 4; k < 8; ++k) {
        append(log, testing::makeKeyedBatch({{"key" + std::to_string(k), value(k, u)}}, 1000 + u));
        expected["key" + std::to_string(k)] = value(k, u);
      }
    }
    for (int k = 0; k < 2; ++k) {
      append(log, testing::makeKeyedBatch({{"key" + std::to_string(k), std::nullopt}}, 2000));
      expected.erase("key" + std::to_string(k));
    }
    for (int u = 60; u < 100; ++u) {
      append(log, testing::makeKeyedBatch({{"key7", value(7, u)}}, 2000 + u));
      expected["key7"] = value(7, u);
    }
    return expected;
  }

 private slots:
  // Transactions (docs/broker.md): records of an aborted transaction go and hide
  // nothing; nothing at or past the last stable offset is touched; a marker
  // whose transaction has no records left stays for delete.retention.ms after
  // the pass that found it so, and the pass that drops an abort marker reports it.
  void transactionsAreCleanedAsKafkaDoes() {
    QTemporaryDir dir;
    LogConfig config = compactConfig();
    config.deleteRetentionMs = 1000;
    auto log = PartitionLog::open(dir.path().toStdString(), config);
    QVERIFY(log);
    auto put = [&](const std::string& batch) { return append(**log, batch).baseOffset; };
    auto rec = [](const std::string& k, const std::string& v) {
      return testing::KeyedRecord{k, v + std::string(300, '.')};  // segments of 2000 bytes roll often
    };
    for (int k = 0; k < 4; ++k)
      put(testing::inTransaction(testing::makeKeyedBatch({rec("k" + std::to_string(k), "a")}, 1000), 1));
    int64_t commitA = put(testing::makeMarker(1, true, 1000));
    int64_t firstB = put(testing::inTransaction(testing::makeKeyedBatch({rec("k0", "b"), rec("k1", "b")}, 1000), 2));
    int64_t abortB = put(testing::makeMarker(2, false, 1000));
    for (int f = 0; f < 6; ++f) put(testing::makeKeyedBatch({rec("e" + std::to_string(f), "e")}, 1000));
    int64_t openC = put(testing::inTransaction(testing::makeKeyedBatch({rec("k2", "c")}, 1000), 3));
    for (int f = 0; f < 60; ++f) put(testing::makeKeyedBatch({rec("f" + std::to_string(f % 20), "f")}, 1000));
    QVERIFY((*log)->segmentCount() > 3);
    std::multimap<int64_t, std::pair<int64_t, int64_t>> aborted{{2, {firstB, abortB}}};
    auto pass = [&](int64_t now, int64_t stable) -> std::optional<CleanResult> {
      auto job = (*log)->cleanJob(now, true, stable, aborted);
      if (!job) return std::nullopt;
      std::atomic<bool> stop{false};
      auto result = cleanLog(*job, stop);
      if (!result) return std::nullopt;
      CleanResult seen = *result;  // applyCleaned() takes the marker notes
      (*log)->applyCleaned(*result);
      return seen;
    };
    auto markers = [&] {
      std::vector<int64_t> at;
      auto all = readAll(**log);
      for (const Rec& r : *all)
        if (r.key && r.key->size() == 4 && (*r.key)[0] == 0) at.push_back(r.offset);
      return at;
    };
    auto count = [&](char what) {
      std::ptrdiff_t n = 0;
      auto all = readAll(**log);
      for (const Rec& r : *all)
        if (r.value && r.key && r.key->size() != 4 && (*r.value)[0] == what) ++n;
      return n;
    };
    // Transaction C is open: the pass stays below it, so A's k2 stays although C's k2 is newer.
    const int64_t t0 = wallNow();
    auto first = pass(t0, openC);
    QVERIFY(first);
    QVERIFY(readAll(**log));
    QCOMPARE(count('b'), std::ptrdiff_t(0));  // B's records are gone
    QCOMPARE(count('a'), std::ptrdiff_t(4));  // none hidden by B or C
    QCOMPARE(count('c'), std::ptrdiff_t(1));
    QCOMPARE(markers(), (std::vector<int64_t>{commitA, abortB}));  // B's marker waits (its transaction is empty now)
    QCOMPARE(first->emptyMarkers.count(abortB), std::size_t(1));
    QVERIFY(first->removedAbortMarkers.empty());
    // C commits: with nothing open the pass reaches C, whose k2 now hides A's.
    put(testing::makeMarker(3, true, 1000));
    for (int f = 0; f < 40; ++f) put(testing::makeKeyedBatch({rec("f" + std::to_string(f % 20), "f")}, 1000));
    auto second = pass(t0 + 500, INT64_MAX);
    QVERIFY(second);
    QCOMPARE(count('a'), std::ptrdiff_t(3));
    QCOMPARE(count('c'), std::ptrdiff_t(1));
    QCOMPARE(markers().size(), std::size_t(3));  // B's still within delete.retention.ms of the first pass
    QVERIFY(second->removedAbortMarkers.empty());
    // delete.retention.ms after the first pass found B empty: its marker goes, and the pass says so.
    auto third = pass(t0 + 1500, INT64_MAX);
    QVERIFY(third);
    QCOMPARE(third->removedAbortMarkers, (std::vector<std::pair<int64_t, int64_t>>{{2, abortB}}));
    std::vector<int64_t> left = markers();
    QVERIFY(std::find(left.begin(), left.end(), abortB) == left.end());
    QVERIFY(std::find(left.begin(), left.end(), commitA) != left.end());  // A still has records
    QCOMPARE(count('a'), std::ptrdiff_t(3));
  }

  void keepsNewestValuePerKeyAtTheSameOffsets() {
    QTemporaryDir dir;
    fs::path path = dir.path().toStdString();
    auto log = PartitionLog::open(path, compactConfig());
    QVERIFY(log);
    auto expected = fill(**log);
    auto before = readAll(**log);
    QVERIFY(before);
    QCOMPARE(finalState(*before), expected);
    int64_t hw = (*log)->highWatermark();
    std::size_t segmentsBefore = (*log)->segmentCount();
    int64_t bytesBefore = (*log)->sizeBytes();
    QVERIFY(segmentsBefore > 5);

    CleanResult result;
    QVERIFY(clean(**log, wallNow(), true, &result));
    QVERIFY(result.recordsRemoved > 300);
    auto after = readAll(**log);
    QVERIFY(after);
    QCOMPARE(finalState(*after), expected);
    QCOMPARE((*log)->highWatermark(), hw);
    QVERIFY2((*log)->sizeBytes() * 3 < bytesBefore,
             qPrintable(QStringLiteral("%1 -> %2 bytes").arg(bytesBefore).arg((*log)->sizeBytes())));
    // Every record left was in the log at the same offset before.
    std::map<int64_t, std::optional<std::string>> original;
    for (const Rec& r : *before) original[r.offset] = r.value;
    for (const Rec& r : *after) QVERIFY(original.count(r.offset) && original[r.offset] == r.value);
    QVERIFY(after->size() < before->size());
    // Below the active segment, one record per key (tombstones of deleted keys still there: an hour to go).
    int64_t activeBase = result.newFirstDirty;
    std::map<std::string, int> perKey;
    for (const Rec& r : *after)
      if (r.offset < activeBase) ++perKey[*r.key];
    for (auto& [k, n] : perKey) QVERIFY2(n == 1, qPrintable(QString::fromStdString(k)));
    QVERIFY(perKey.count("key0"));

    // Reading from inside gaps answers with the next records.
    for (const Rec& r : *after) {
      if (r.offset == 0) continue;
      auto tail = readAll(**log, r.offset - 1 < 0 ? 0 : r.offset - 1);
      QVERIFY(tail && !tail->empty());
      QVERIFY(tail->front().offset == r.offset || tail->front().offset == r.offset - 1);
    }

    // The dirty ratio does not call for a second pass. A forced one keeps the
    // records and merges the shrunken segments (groups are formed by size before cleaning, as in Kafka).
    QVERIFY(!(*log)->cleanJob(wallNow(), false));
    int64_t size = (*log)->sizeBytes();
    QVERIFY(clean(**log, wallNow(), true));
    QCOMPARE((*log)->sizeBytes(), size);
    QVERIFY2((*log)->segmentCount() * 4 < segmentsBefore,
             qPrintable(QStringLiteral("%1 -> %2 segments").arg(segmentsBefore).arg((*log)->segmentCount())));
    auto merged = readAll(**log);
    QVERIFY(merged && merged->size() == after->size());

    // Restarted on the compacted files: the same records.
    log->reset();
    auto reopened = PartitionLog::open(path, compactConfig());
    QVERIFY(reopened);
    auto again = readAll(**reopened);
    QVERIFY(again);
    QCOMPARE(again->size(), after->size());
    for (std::size_t i = 0; i < again->size(); ++i) QVERIFY((*again)[i].offset == (*after)[i].offset);
    QCOMPARE((*reopened)->highWatermark(), hw);
  }

  void tombstonesGoAfterDeleteRetention() {
    QTemporaryDir dir;
    auto log = PartitionLog::open(dir.path().toStdString(), compactConfig());
    QVERIFY(log);
    auto expected = fill(**log);
    int64_t now = wallNow();
    CleanResult first;
    QVERIFY(clean(**log, now, true, &first));
    QCOMPARE(first.tombstonesRemoved, 0);
    QVERIFY(first.tombstoneDueMs > now + 3500 * 1000);
    auto kept = readAll(**log);
    QVERIFY(kept);
    int tombstones = 0;
    for (const Rec& r : *kept) tombstones += r.value ? 0 : 1;
    QCOMPARE(tombstones, 2);
    // Not due before delete.retention.ms, due after it.
    QVERIFY(!(*log)->cleanJob(now + 1000, false));
    CleanResult second;
    QVERIFY(clean(**log, first.tombstoneDueMs + 1, false, &second));
    QCOMPARE(second.tombstonesRemoved, 2);
    auto after = readAll(**log);
    QVERIFY(after);
    for (const Rec& r : *after) QVERIFY(r.value && *r.key != "key0" && *r.key != "key1");
    QCOMPARE(finalState(*after), expected);
  }

  void dirtyRatioTriggersAPass() {
    QTemporaryDir dir;
    LogConfig c = compactConfig();
    c.minCleanableDirtyRatio = 0.5;
    auto log = PartitionLog::open(dir.path().toStdString(), c);
    QVERIFY(log);
    fill(**log);
    QVERIFY((*log)->dirtyRatio() > 0.99);
    QVERIFY(clean(**log, wallNow(), false));
    QCOMPARE((*log)->dirtyRatio(), 0.0);
    QVERIFY(!(*log)->cleanJob(wallNow(), false));
    // A little new data: below the ratio. A lot: above it.
    for (int u = 0; u < 3; ++u) append(**log, testing::makeKeyedBatch({{"key5", value(5, 1000 + u)}}, 5000));
    for (int u = 0; u < 200 && (*log)->dirtyRatio() < 0.5; ++u)
      append(**log, testing::makeKeyedBatch({{"key6", value(6, 1000 + u)}}, 5000));
    QVERIFY((*log)->dirtyRatio() >= 0.5);
    QVERIFY((*log)->cleanJob(wallNow(), false).has_value());
  }

  void keylessRecordsAreDropped() {
    QTemporaryDir dir;
    auto log = PartitionLog::open(dir.path().toStdString(), compactConfig());
    QVERIFY(log);
    for (int i = 0; i < 80; ++i)
      append(**log, testing::makeKeyedBatch({{std::nullopt, value(0, i)}, {"k", value(1, i)}}, 1000));
    QVERIFY(clean(**log, wallNow(), true));
    auto after = readAll(**log);
    QVERIFY(after);
    for (const Rec& r : *after) QVERIFY(r.key.has_value() || r.offset >= (*log)->highWatermark() - 40);
  }

  void leftoverCleanedFileIsRemovedOnOpen() {
    QTemporaryDir dir;
    fs::path path = dir.path().toStdString();
    auto log = PartitionLog::open(path, compactConfig());
    QVERIFY(log);
    auto expected = fill(**log);
    auto job = (*log)->cleanJob(wallNow(), true);
    QVERIFY(job);
    std::atomic<bool> abort{false};
    auto result = cleanLog(*job, abort);  // written, never swapped in: the broker died here
    QVERIFY(result && !result->groups.empty());
    QVERIFY(fs::exists(result->groups[0].tempPath));
    {
      std::ofstream torn(path / "00000000000000000777.log.cleaned");
      torn << "half a segment";
    }
    auto before = readAll(**log);
    log->reset();
    auto reopened = PartitionLog::open(path, compactConfig());
    QVERIFY(reopened);
    for (const auto& e : fs::directory_iterator(path)) QVERIFY(e.path().extension() != ".cleaned");
    auto after = readAll(**reopened);
    QVERIFY(after && before);
    QCOMPARE(after->size(), before->size());
    QCOMPARE(finalState(*after), expected);
  }

  // Interrupted after the commit point (the .swap exists), with none, some or
  // all of the old files removed: opening the log finishes the swap.
  void interruptedSwapIsFinishedOnOpen_data() {
    QTest::addColumn<int>("removed");
    QTest::newRow("nothing removed yet") << 0;
    QTest::newRow("indexes and some segments removed") << 1;
    QTest::newRow("old files all removed") << 2;
  }
  void interruptedSwapIsFinishedOnOpen() {
    QFETCH(int, removed);
    QTemporaryDir reference, crashed;
    fs::path ref = reference.path().toStdString(), path = crashed.path().toStdString();
    std::map<std::string, std::string> expected;
    for (const fs::path& p : {ref, path}) {
      auto log = PartitionLog::open(p, compactConfig());
      QVERIFY(log);
      expected = fill(**log);
    }
    auto refLog = PartitionLog::open(ref, compactConfig());
    QVERIFY(refLog);
    QVERIFY(clean(**refLog, wallNow(), true));
    auto want = readAll(**refLog);
    QVERIFY(want);

    auto log = PartitionLog::open(path, compactConfig());
    QVERIFY(log);
    auto job = (*log)->cleanJob(wallNow(), true);
    std::atomic<bool> abort{false};
    auto result = cleanLog(*job, abort);
    QVERIFY(result);
    log->reset();
    auto name = [](int64_t base) {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%020lld", static_cast<long long>(base));
      return std::string(buf);
    };
    for (const CleanedSegment& g : result->groups) {
      fs::rename(g.tempPath, path / (name(g.base) + "-" + name(g.end) + ".swap"));
      if (removed == 0) continue;
      for (std::size_t k = 0; k < g.inputs.size(); ++k) {
        int64_t b = g.inputs[k].first;
        fs::remove(path / (name(b) + ".index"));
        fs::remove(path / (name(b) + ".timeindex"));
        if (b != g.base && (removed == 2 || k % 2 == 1)) fs::remove(path / (name(b) + ".log"));
      }
    }
    auto reopened = PartitionLog::open(path, compactConfig());
    QVERIFY(reopened);
    for (const auto& e : fs::directory_iterator(path)) QVERIFY(e.path().extension() != ".swap");
    auto got = readAll(**reopened);
    QVERIFY(got);
    QCOMPARE(got->size(), want->size());
    for (std::size_t i = 0; i < got->size(); ++i)
      QVERIFY((*got)[i].offset == (*want)[i].offset && (*got)[i].value == (*want)[i].value);
    QCOMPARE(finalState(*got), expected);
    QCOMPARE((*reopened)->highWatermark(), (*refLog)->highWatermark());
    QVERIFY(dirBytes(path) < dirBytes(ref) + 4096);
  }

  // With a key map too small for all dirty segments, a pass cleans what its map covers; the next goes on.
  void keyMapLimitSplitsPasses() {
    QTemporaryDir dir;
    auto log = PartitionLog::open(dir.path().toStdString(), compactConfig());
    QVERIFY(log);
    auto expected = fill(**log);
    auto job = (*log)->cleanJob(wallNow(), true);
    QVERIFY(job && job->segments.size() > 4);
    job->mapBytesLimit = 1;  // full after the first segment
    std::atomic<bool> abort{false};
    auto first = cleanLog(*job, abort);
    QVERIFY(first);
    QCOMPARE(first->newFirstDirty, job->segments[0].end);
    QCOMPARE(first->groups.size(), std::size_t(1));
    (*log)->applyCleaned(*first);
    auto mid = readAll(**log);
    QVERIFY(mid);
    QCOMPARE(finalState(*mid), expected);
    int passes = 1;
    while (true) {
      auto next = (*log)->cleanJob(wallNow(), false);
      if (!next) break;
      next->mapBytesLimit = 1;
      auto r = cleanLog(*next, abort);
      QVERIFY(r);
      (*log)->applyCleaned(*r);
      QVERIFY(++passes < 100);
    }
    QVERIFY(passes > 2);
    auto after = readAll(**log);
    QVERIFY(after);
    QCOMPARE(finalState(*after), expected);
    QVERIFY(after->size() < mid->size());
  }

  // cleanup.policy=compact keeps old segments whatever retention.ms says; compact,delete applies it too.
  void retentionOnlyWithTheDeletePolicy() {
    for (bool alsoDelete : {false, true}) {
      QTemporaryDir dir;
      LogConfig c = compactConfig();
      c.retentionMs = 1000;
      c.deleteOld = alsoDelete;
      auto log = PartitionLog::open(dir.path().toStdString(), c);
      QVERIFY(log);
      fill(**log);
      std::size_t segments = (*log)->segmentCount();
      (*log)->enforceRetention(wallNow());  // the batches' timestamps are from 1970
      if (alsoDelete)
        QVERIFY((*log)->segmentCount() < segments && (*log)->logStartOffset() > 0);
      else
        QVERIFY((*log)->segmentCount() >= segments && (*log)->logStartOffset() == 0);  // may roll (segment.ms)
    }
  }

  // Segments that changed while the cleaner worked (DeleteRecords here) are not swapped.
  void staleResultIsDropped() {
    QTemporaryDir dir;
    fs::path path = dir.path().toStdString();
    auto log = PartitionLog::open(path, compactConfig());
    QVERIFY(log);
    fill(**log);
    auto job = (*log)->cleanJob(wallNow(), true);
    std::atomic<bool> abort{false};
    auto result = cleanLog(*job, abort);
    QVERIFY(result);
    int64_t cut = job->segments[2].base;
    QCOMPARE((*log)->deleteRecordsBefore(cut), kerr::kNone);
    auto before = readAll(**log, cut);
    (*log)->applyCleaned(*result);
    // The groups below the cut are gone with their segments; the ones above were swapped in.
    for (const auto& e : fs::directory_iterator(path)) QVERIFY(e.path().extension() != ".cleaned");
    QVERIFY(!fs::exists(path / "00000000000000000000.log"));
    QCOMPARE((*log)->logStartOffset(), cut);
    auto after = readAll(**log, cut);
    QVERIFY(before && after);
    QVERIFY(after->size() < before->size());
    QCOMPARE(finalState(*after), finalState(*before));
  }
};

QTEST_GUILESS_MAIN(TestBrokerCompaction)
#include "test_broker_compaction.moc"
