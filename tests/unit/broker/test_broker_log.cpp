// The partition log on disk: offsets, reads across segments, retention,
// DeleteRecords, idempotent retries, and recovery from a torn write.
#include <QTemporaryDir>
#include <QTest>

#include <filesystem>
#include <fstream>

#include "core/broker/error_codes.h"
#include "core/broker/partition_log.h"
#include "tests/unit/broker/batch_builder.h"

using namespace tributary;
using namespace tributary::broker;
namespace fs = std::filesystem;

namespace {

std::vector<BatchHeader> headersOf(const std::string& batches) {
  std::vector<BatchHeader> out;
  std::string_view rest = batches;
  while (!rest.empty()) {
    BatchHeader h;
    if (checkBatch(rest, h, true) != BatchCheck::Ok) return {};
    out.push_back(h);
    rest.remove_prefix(h.totalSize());
  }
  return out;
}

AppendOutcome append(PartitionLog& log, const std::string& batch, int64_t now = 1000) {
  return log.append(batch, headersOf(batch), now);
}

// Offsets of the records in the batches `read` returned, checking each CRC on the way.
std::vector<int64_t> batchOffsets(const std::string& data) {
  std::vector<int64_t> out;
  std::string_view rest = data;
  while (!rest.empty()) {
    BatchHeader h;
    if (checkBatch(rest, h, true) != BatchCheck::Ok) return {-999};
    out.push_back(h.baseOffset);
    rest.remove_prefix(h.totalSize());
  }
  return out;
}

LogConfig smallSegments() {
  LogConfig c;
  c.segmentBytes = 1000;
  c.indexIntervalBytes = 100;
  c.retentionMs = -1;
  return c;
}

}  // namespace

class TestBrokerLog final : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void assignsOffsetsAndReadsAcrossSegments() {
    QTemporaryDir dir;
    auto log = PartitionLog::open(dir.path().toStdString(), smallSegments());
    QVERIFY(log.ok());
    int64_t expected = 0;
    for (int i = 0; i < 40; ++i) {
      AppendOutcome a = append(**log, testing::makeBatch(3, 1000 + i * 10));
      QCOMPARE(a.error, kerr::kNone);
      QCOMPARE(a.baseOffset, expected);
      expected += 3;
    }
    QCOMPARE((*log)->highWatermark(), int64_t(120));
    QVERIFY((*log)->segmentCount() > 3);
    std::string out;
    QCOMPARE((*log)->read(61, 1 << 20, true, out), kerr::kNone);  // inside the batch at 60
    auto offsets = batchOffsets(out);
    QCOMPARE(offsets.front(), int64_t(60));
    QCOMPARE(offsets.back(), int64_t(117));
    QCOMPARE(offsets.size(), std::size_t(20));
    out.clear();
    QCOMPARE((*log)->read(0, 10, true, out), kerr::kNone);  // smaller than one batch: still one
    QCOMPARE(batchOffsets(out), std::vector<int64_t>{0});
    out.clear();
    QCOMPARE((*log)->read(0, 10, false, out), kerr::kNone);
    QVERIFY(out.empty());
    QCOMPARE((*log)->read(121, 100, true, out), kerr::kOffsetOutOfRange);
    QCOMPARE((*log)->offsetForTimestamp(1000 + 15 * 10 + 1).offset, int64_t(15 * 3 + 1));
    QCOMPARE((*log)->offsetForTimestamp(99999).offset, int64_t(-1));
  }

  void reopensWithTheSameContentAndIndexes() {
    QTemporaryDir dir;
    {
      auto log = PartitionLog::open(dir.path().toStdString(), smallSegments());
      for (int i = 0; i < 30; ++i) QCOMPARE(append(**log, testing::makeBatch(2, 5000 + i)).error, kerr::kNone);
    }
    // Remove an index of a closed segment: it is rebuilt.
    fs::remove(fs::path(dir.path().toStdString()) / "00000000000000000000.index");
    auto log = PartitionLog::open(dir.path().toStdString(), smallSegments());
    QVERIFY(log.ok());
    QCOMPARE((*log)->highWatermark(), int64_t(60));
    std::string out;
    QCOMPARE((*log)->read(33, 1 << 20, true, out), kerr::kNone);
    QCOMPARE(batchOffsets(out).front(), int64_t(32));
    QVERIFY(fs::exists(fs::path(dir.path().toStdString()) / "00000000000000000000.index"));
  }

  void truncatesATornWriteOnRecovery() {
    QTemporaryDir dir;
    fs::path active;
    {
      auto log = PartitionLog::open(dir.path().toStdString(), LogConfig{});
      for (int i = 0; i < 5; ++i) QCOMPARE(append(**log, testing::makeBatch(4, 100)).error, kerr::kNone);
      active = fs::path(dir.path().toStdString()) / "00000000000000000000.log";
    }
    auto goodSize = fs::file_size(active);
    {
      // Half of a sixth batch, as if the process died in the middle of write().
      std::string next = testing::makeBatch(4, 100);
      std::ofstream f(active, std::ios::binary | std::ios::app);
      f.write(next.data(), static_cast<std::streamsize>(next.size() / 2));
    }
    auto log = PartitionLog::open(dir.path().toStdString(), LogConfig{});
    QVERIFY(log.ok());
    QCOMPARE((*log)->highWatermark(), int64_t(20));
    QCOMPARE(fs::file_size(active), goodSize);
    QCOMPARE(append(**log, testing::makeBatch(1, 100)).baseOffset, int64_t(20));
    log->reset();
    // A whole batch whose bytes were damaged: its CRC fails and it goes too.
    {
      std::fstream f(active, std::ios::binary | std::ios::in | std::ios::out);
      f.seekp(static_cast<std::streamoff>(goodSize) + 40);
      f.put('\x7f');
    }
    auto again = PartitionLog::open(dir.path().toStdString(), LogConfig{});
    QVERIFY(again.ok());
    QCOMPARE((*again)->highWatermark(), int64_t(20));
    QCOMPARE(fs::file_size(active), goodSize);
  }

  void retentionAndDeleteRecordsMoveTheLowWatermark() {
    QTemporaryDir dir;
    LogConfig config = smallSegments();
    config.retentionBytes = 2000;
    auto log = PartitionLog::open(dir.path().toStdString(), config);
    for (int i = 0; i < 60; ++i) QCOMPARE(append(**log, testing::makeBatch(2, 10)).error, kerr::kNone);
    int64_t before = (*log)->sizeBytes();
    (*log)->enforceRetention(20);
    QVERIFY((*log)->sizeBytes() < before);
    QVERIFY((*log)->sizeBytes() >= 2000 - 1000);
    QVERIFY((*log)->logStartOffset() > 0);
    std::string out;
    QCOMPARE((*log)->read(0, 100, true, out), kerr::kOffsetOutOfRange);
    int64_t start = (*log)->logStartOffset();
    QCOMPARE((*log)->deleteRecordsBefore(start + 7), kerr::kNone);
    QCOMPARE((*log)->logStartOffset(), start + 7);
    QCOMPARE((*log)->deleteRecordsBefore(1000), kerr::kOffsetOutOfRange);
    log->reset();
    auto reopened = PartitionLog::open(dir.path().toStdString(), config);
    QCOMPARE((*reopened)->logStartOffset(), start + 7);
    // Time retention: everything older than retention.ms goes (the active segment is rolled first).
    config.retentionMs = 1000;
    config.retentionBytes = -1;
    (*reopened)->setConfig(config);
    (*reopened)->enforceRetention(1000000);
    QCOMPARE((*reopened)->logStartOffset(), (*reopened)->highWatermark());
  }

  void idempotentRetriesAreNotWrittenTwice() {
    QTemporaryDir dir;
    auto log = PartitionLog::open(dir.path().toStdString(), LogConfig{});
    std::string first = testing::makeBatch(3, 1, 1, 77, 0);
    std::string second = testing::makeBatch(2, 1, 1, 77, 3);
    QCOMPARE(append(**log, first).baseOffset, int64_t(0));
    QCOMPARE(append(**log, second).baseOffset, int64_t(3));
    AppendOutcome retry = append(**log, testing::makeBatch(2, 1, 1, 77, 3));
    QCOMPARE(retry.error, kerr::kNone);
    QCOMPARE(retry.baseOffset, int64_t(3));
    QCOMPARE((*log)->highWatermark(), int64_t(5));
    QCOMPARE(append(**log, testing::makeBatch(1, 1, 1, 77, 9)).error, kerr::kOutOfOrderSequenceNumber);
    // After a restart the producer state comes back from the log.
    log->reset();
    auto reopened = PartitionLog::open(dir.path().toStdString(), LogConfig{});
    QCOMPARE(append(**reopened, testing::makeBatch(2, 1, 1, 77, 3)).baseOffset, int64_t(3));
    QCOMPARE((*reopened)->highWatermark(), int64_t(5));
  }
};

QTEST_APPLESS_MAIN(TestBrokerLog)
#include "test_broker_log.moc"
