// The lake writer on a local folder: Confluent's layout and file names, the
// three partitioners, every rotation rule, gzip, Parquet files, acknowledgement only of
// stored files, retries of a failed batch, and recovery after a crash that
// continues exactly where the stored files end.
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "../runtime/runtime_test_util.h"
#include "core/avro/container_file.h"
#include "core/connectors/builtin.h"
#include "core/connectors/lake/lake_writer.h"
#include "core/parquet/reader.h"
#include "core/record/json.h"

using namespace tributary;
using namespace tributary::connectors::lake;
using record::Record;
using record::Value;

namespace {

class Errors final : public runtime::ErrorReporter {
 public:
  void report(const Record&, const Error& e) override { messages.push_back(e.message); }
  void reportRaw(std::string_view, const Error& e, record::SourcePosition) override { messages.push_back(e.message); }
  bool failed() const override { return false; }
  std::vector<std::string> messages;
};

// Fails put() while `failing` is set, and holds it while `held` is set; otherwise a LocalStorage.
// (put() runs on the writer's storing thread.)
class FlakyStorage final : public LakeStorage {
 public:
  explicit FlakyStorage(std::string root) : m_local(std::move(root)) {}
  Status check() override { return m_local.check(); }
  Status put(const std::string& key, std::string_view bytes, std::int64_t lastOffset) override {
    while (held) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    ++puts;
    if (failing) return makeError(ErrorCode::Io, "disk full (test)");
    return m_local.put(key, bytes, lastOffset);
  }
  std::atomic<bool> held{false};
  std::atomic<int> puts{0};
  Result<std::optional<std::int64_t>> lastOffset(const std::string& key) override {
    return withoutMarkers ? std::optional<std::int64_t>() : m_local.lastOffset(key);
  }
  bool withoutMarkers = false;
  Result<std::vector<std::string>> list(const std::string& prefix) override { return m_local.list(prefix); }
  Result<std::string> get(const std::string& key) override { return m_local.get(key); }
  std::string describe() const override { return m_local.describe(); }
  std::atomic<bool> failing{false};

 private:
  LocalStorage m_local;
};

Record rec(std::int32_t partition, std::int64_t offset, std::int64_t ts = 0, std::string country = "NL") {
  Record r;
  r.value.set("id", Value(offset));
  r.value.set("country", Value(std::move(country)));
  r.value.set("at", Value(ts));
  r.timestampMs = ts;
  r.position = {partition, offset};
  return r;
}

record::Batch batch(std::int32_t partition, std::int64_t from, std::int64_t to, std::int64_t tsStep = 0) {
  record::Batch b;
  for (std::int64_t i = from; i < to; ++i) b.push_back(rec(partition, i, i * tsStep));
  return b;
}

std::set<std::string> listing(const QTemporaryDir& dir) {
  std::set<std::string> out;
  for (auto& e : std::filesystem::recursive_directory_iterator(dir.path().toStdString()))
    if (e.is_regular_file() && e.path().filename().string()[0] != '.')  // not the hidden .last markers
      out.insert(std::filesystem::relative(e.path(), dir.path().toStdString()).generic_string());
  return out;
}

void writeFile(const std::filesystem::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary);
  out << text;
}

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::int64_t> ids(const std::string& text) {
  std::vector<std::int64_t> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(record::parseJson(line).value().find("id")->asInt());
  return out;
}

std::unique_ptr<LakeWriter> makeWriter(const QTemporaryDir& dir, LakeOptions o, FlakyStorage** storage = nullptr,
                                       bool withoutMarkers = false) {
  auto s = std::make_unique<FlakyStorage>(dir.path().toStdString());
  s->withoutMarkers = withoutMarkers;
  if (storage) *storage = s.get();
  auto w = LakeWriter::make(std::move(s), std::move(o), false);
  if (!w) qFatal("%s", w.error().toString().c_str());
  Errors e;
  if (Status st = (*w)->open(e); !st) qFatal("%s", st.error().toString().c_str());
  return std::move(*w);
}

LakeOptions options(std::int64_t flush) {
  LakeOptions o;
  o.topic = "P_USERS";
  o.flushSize = flush;
  return o;
}

}  // namespace

class TestLakeWriter final : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void defaultLayoutAndFlushSize() {
    QTemporaryDir dir;
    auto w = makeWriter(dir, options(5));
    Errors e;
    QVERIFY(w->write(batch(0, 0, 7), e).ok());
    QVERIFY(w->write(batch(1, 100, 103), e).ok());
    QVERIFY(w->waitStored().ok());  // the closed file is stored by the writer's storing thread
    QCOMPARE(listing(dir), (std::set<std::string>{"topics/P_USERS/partition=0/P_USERS+0+0000000000.json"}));
    QCOMPARE(w->durableRecords(), std::uint64_t{5});  // records 6, 7 (and partition 1's) are in open files
    QVERIFY(w->write(batch(0, 7, 10), e).ok());
    QVERIFY(w->waitStored().ok());
    QCOMPARE(w->durableRecords(), std::uint64_t{7});  // partition 1's file (records 8..10) is still open
    QVERIFY(w->flush().ok());
    QCOMPARE(w->durableRecords(), std::uint64_t{13});
    QCOMPARE(listing(dir), (std::set<std::string>{"topics/P_USERS/partition=0/P_USERS+0+0000000000.json",
                                                  "topics/P_USERS/partition=0/P_USERS+0+0000000005.json",
                                                  "topics/P_USERS/partition=1/P_USERS+1+0000000100.json"}));
    auto root = std::filesystem::path(dir.path().toStdString()) / "topics/P_USERS";
    QCOMPARE(slurp(root / "partition=0/P_USERS+0+0000000000.json"),
             std::string("{\"id\":0,\"country\":\"NL\",\"at\":0}\n{\"id\":1,\"country\":\"NL\",\"at\":0}\n"
                         "{\"id\":2,\"country\":\"NL\",\"at\":0}\n{\"id\":3,\"country\":\"NL\",\"at\":0}\n"
                         "{\"id\":4,\"country\":\"NL\",\"at\":0}\n"));
    QCOMPARE(ids(slurp(root / "partition=0/P_USERS+0+0000000005.json")), (std::vector<std::int64_t>{5, 6, 7, 8, 9}));
    QCOMPARE(ids(slurp(root / "partition=1/P_USERS+1+0000000100.json")), (std::vector<std::int64_t>{100, 101, 102}));
  }

  void fieldPartitionerRotatesOnChange() {
    QTemporaryDir dir;
    LakeOptions o = options(100);
    o.topicsDir = "lake/raw";
    o.partitioner.kind = "field";
    o.partitioner.fields = {"country"};
    auto w = makeWriter(dir, o);
    Errors e;
    record::Batch b = {rec(0, 0, 0, "NL"), rec(0, 1, 0, "NL"), rec(0, 2, 0, "DE"), rec(0, 3, 0, "NL")};
    Record missing;
    missing.value.set("id", Value(4));
    missing.position = {0, 4};
    b.push_back(missing);
    QVERIFY(w->write(b, e).ok());
    QVERIFY(w->flush().ok());
    QCOMPARE(listing(dir), (std::set<std::string>{"lake/raw/P_USERS/country=NL/P_USERS+0+0000000000.json",
                                                  "lake/raw/P_USERS/country=DE/P_USERS+0+0000000002.json",
                                                  "lake/raw/P_USERS/country=NL/P_USERS+0+0000000003.json"}));
    QCOMPARE(e.messages.size(), std::size_t{1});
    QVERIFY2(e.messages[0].find("no field \"country\"") != std::string::npos, e.messages[0].c_str());
  }

  void timePartitionerPathFormatAndZone() {
    LakeOptions o = options(100);
    o.partitioner.kind = "time";
    o.partitioner.timezone = "+02:00";
    o.partitioner.durationMs = 3600000;
    auto p = Partitioner::make(o.partitioner);
    QVERIFY(p.ok());
    // 2024-02-29T22:59:59.999Z is 2024-03-01 00:59 at +02:00.
    Record r;
    QCOMPARE(p->encode(r, 1709247599999).value(), std::string("year=2024/month=03/day=01/hour=00"));
    o.partitioner.timezone = "UTC";
    o.partitioner.durationMs = 86400000;
    o.partitioner.pathFormat = "'dt'=YYYY-MM-dd";
    p = Partitioner::make(o.partitioner);
    QCOMPARE(p->encode(r, 1709247599999).value(), std::string("dt=2024-02-29"));
    QCOMPARE(p->encode(r, -1).value(), std::string("dt=1969-12-31"));
    o.partitioner.pathFormat = "'year'=YYYY/'week'=ww";
    auto bad = Partitioner::make(o.partitioner);
    QVERIFY(!bad.ok());
    QCOMPARE(bad.error().where, std::string("config.path_format"));
    o.partitioner.pathFormat = "YYYY";
    o.partitioner.timezone = "Europe/Berlin";
    bad = Partitioner::make(o.partitioner);
    QVERIFY(!bad.ok());
    QVERIFY(bad.error().message.find("fixed offset") != std::string::npos);
  }

  void timePartitionerFromAFieldAndRotateInterval() {
    QTemporaryDir dir;
    LakeOptions o = options(1000);
    o.partitioner.kind = "time";
    o.partitioner.timestamp = TimestampSource::Field;
    o.partitioner.timestampField = "at";
    o.partitioner.pathFormat = "'hour'=HH";
    o.rotateIntervalMs = 600000;  // 10 minutes of record time
    auto w = makeWriter(dir, o);
    Errors e;
    // A record every 4 minutes: files of 3 records (0, 4, 8 min), then a new hour folder at 60 min.
    QVERIFY(w->write(batch(0, 0, 18, 240000), e).ok());
    QVERIFY(w->flush().ok());
    auto files = listing(dir);
    QVERIFY(files.count("topics/P_USERS/hour=00/P_USERS+0+0000000000.json"));
    QVERIFY(files.count("topics/P_USERS/hour=00/P_USERS+0+0000000003.json"));
    QVERIFY(files.count("topics/P_USERS/hour=00/P_USERS+0+0000000012.json"));
    QVERIFY(files.count("topics/P_USERS/hour=01/P_USERS+0+0000000015.json"));  // 60 min: new folder
    QCOMPARE(files.size(), std::size_t{6});
  }

  void scheduledRotationOnTheWallClock() {
    QTemporaryDir dir;
    LakeOptions o = options(1000);
    o.rotateScheduleMs = 200;
    auto w = makeWriter(dir, o);
    Errors e;
    QVERIFY(w->write(batch(0, 0, 3), e).ok());
    QCOMPARE(w->durableRecords(), std::uint64_t{0});
    QVERIFY(w->tickMs() > 0);
    QTRY_VERIFY_WITH_TIMEOUT(([&] {
                               (void)w->tick();
                               return w->durableRecords() == 3;
                             }()),
                             2000);
    QCOMPARE(listing(dir), (std::set<std::string>{"topics/P_USERS/partition=0/P_USERS+0+0000000000.json"}));
  }

  void gzipFilesAreValidGzip() {
    QTemporaryDir dir;
    LakeOptions o = options(3000);
    o.compression = "gzip";
    auto w = makeWriter(dir, o);
    Errors e;
    QVERIFY(w->write(batch(0, 0, 5000), e).ok());
    QVERIFY(w->flush().ok());
    auto root = std::filesystem::path(dir.path().toStdString()) / "topics/P_USERS/partition=0";
    QCOMPARE(listing(dir).size(), std::size_t{2});
    // Decompressed with the system's gzip, not ours.
    QProcess gz;
    gz.start(QStringLiteral("gzip"), {QStringLiteral("-dc"), QString::fromStdString((root / "P_USERS+0+0000003000.json.gz").string())});
    QVERIFY(gz.waitForFinished(10000));
    QCOMPARE(gz.exitCode(), 0);
    auto got = ids(gz.readAllStandardOutput().toStdString());
    QCOMPARE(got.size(), std::size_t{2000});
    QCOMPARE(got.front(), std::int64_t{3000});
    QCOMPARE(got.back(), std::int64_t{4999});
  }

  void aFailedBatchIsRetriedWithoutDuplicates() {
    QTemporaryDir dir;
    FlakyStorage* storage = nullptr;
    auto w = makeWriter(dir, options(4), &storage);
    Errors e;
    storage->failing = true;
    QVERIFY(w->write(batch(0, 0, 10), e).ok());  // two files closed: the storing thread fails on the first
    QVERIFY(!w->waitStored().ok());
    QCOMPARE(w->durableRecords(), std::uint64_t{0});
    // While the file cannot be stored, writes fail (each has it tried again).
    QVERIFY(!w->write(batch(0, 10, 12), e).ok());
    QVERIFY(!w->write(batch(0, 10, 12), e).ok());
    QVERIFY(!w->tick().ok());
    QCOMPARE(w->durableRecords(), std::uint64_t{0});
    storage->failing = false;
    // The engine's retries: the same batch, until the file is stored (the try a failed write asked for).
    bool written = false;
    for (int i = 0; i < 200 && !written; ++i) {
      written = w->write(batch(0, 10, 12), e).ok();
      if (!written) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    QVERIFY(written);
    QVERIFY(w->flush().ok());
    auto root = std::filesystem::path(dir.path().toStdString()) / "topics/P_USERS/partition=0";
    QCOMPARE(ids(slurp(root / "P_USERS+0+0000000000.json")), (std::vector<std::int64_t>{0, 1, 2, 3}));
    QCOMPARE(ids(slurp(root / "P_USERS+0+0000000004.json")), (std::vector<std::int64_t>{4, 5, 6, 7}));
    QCOMPARE(ids(slurp(root / "P_USERS+0+0000000008.json")), (std::vector<std::int64_t>{8, 9, 10, 11}));
    QCOMPARE(listing(dir).size(), std::size_t{3});
    QCOMPARE(w->durableRecords(), std::uint64_t{12});
  }

  // Closed files are acknowledged only once stored, while the next ones are encoded, in order.
  void filesAreAcknowledgedOnlyOnceStored() {
    QTemporaryDir dir;
    FlakyStorage* storage = nullptr;
    auto w = makeWriter(dir, options(5), &storage);
    Errors e;
    storage->held = true;
    QVERIFY(w->write(batch(0, 0, 12), e).ok());  // two files closed, still being stored; 10, 11 open
    QVERIFY(w->write(batch(0, 12, 16), e).ok());
    QCOMPARE(w->durableRecords(), std::uint64_t{0});
    QVERIFY(listing(dir).empty());
    storage->held = false;
    QVERIFY(w->waitStored().ok());
    QCOMPARE(w->filesStored(), std::size_t{3});  // 0..4, 5..9, and 10..14 (full once 14 came)
    QCOMPARE(w->durableRecords(), std::uint64_t{15});
    QVERIFY(w->flush().ok());
    QCOMPARE(w->durableRecords(), std::uint64_t{16});
    QCOMPARE(storage->puts.load(), 4);
  }

  // In the engine: the files stored by the storing thread are acknowledged while no more input
  // comes (the sink's tick), and the records of the open file only by the stop.
  void storedFilesAreAcknowledgedWhileTheInputIsIdle() {
    QTemporaryDir dir;
    std::string lines;
    for (int i = 0; i < 12; ++i) lines += "{\"id\":" + std::to_string(i) + "}\n";
    std::string tenLines = lines.substr(0, lines.find("{\"id\":10}"));
    testing::writeText(std::filesystem::path(dir.path().toStdString()) / "in.jsonl", lines);
    auto p = testing::makePipeline(
        "lake", {testing::node("src", "source.file", {{"path", "in.jsonl"}, {"follow", true}, {"poll_interval", "20ms"}}),
                 testing::node("out", "sink.lake", {{"path", "lake"}, {"topic", "ids"}, {"flush_size", 5}})},
        {testing::edge("src", "out")});
    runtime::EngineOptions o;
    o.workDir = dir.path().toStdString();
    o.stateDir = dir.filePath(QStringLiteral("state")).toStdString();
    o.checkpointIntervalMs = 20;
    o.batchSize = 5;  // a batch is acknowledged once all its records are stored: one per file here
    auto engine = runtime::Engine::create(p, connectors::builtinFactories(), o);
    QVERIFY2(engine.ok(), engine.ok() ? "" : engine.error().toString().c_str());
    (*engine)->start();
    auto committed = [&]() -> std::int64_t {
      const auto* src = testing::findNode((*engine)->snapshot(), "src");
      return src && !src->committed.empty() ? src->committed.begin()->second : -1;
    };
    // The file source's position is a byte offset: after the tenth line, the end of the second file.
    QTRY_COMPARE_WITH_TIMEOUT(committed(), static_cast<std::int64_t>(tenLines.size()), 5000);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    QCOMPARE(committed(), static_cast<std::int64_t>(tenLines.size()));  // 10, 11 are in the open file
    (*engine)->stop();
    QCOMPARE(testing::stateName((*engine)->wait()), testing::stateName(runtime::State::Stopped));
    QCOMPARE(committed(), static_cast<std::int64_t>(lines.size()));
    std::set<std::string> files;
    for (const std::string& f : listing(dir))
      if (f.rfind("lake/", 0) == 0) files.insert(f);
    QCOMPARE(files, (std::set<std::string>{"lake/topics/ids/partition=0/ids+0+0000000000.json",
                                           "lake/topics/ids/partition=0/ids+0+0000000045.json",
                                           "lake/topics/ids/partition=0/ids+0+0000000090.json"}));
  }

  // LocalStorage::putAll: several files, two folders, one sync per run of files in a folder; a
  // file that cannot be stored stops the rest, and `stored` counts the ones before it.
  void localStoragePutsSeveralFilesInOrder() {
    QTemporaryDir dir;
    LocalStorage local(dir.path().toStdString());
    QVERIFY(local.check().ok());
    std::size_t stored = 99;
    QVERIFY(local.putAll({{"t/a/1.json", "one\n", 1}, {"t/a/2.json", "two\n", 2}, {"t/b/3.json", "three\n", 3},
                          {"t/a/4.json", "four\n", 4}},
                         stored)
                .ok());
    QCOMPARE(stored, std::size_t{4});
    auto root = std::filesystem::path(dir.path().toStdString());
    QCOMPARE(slurp(root / "t/a/2.json"), std::string("two\n"));
    QCOMPARE(slurp(root / "t/b/3.json"), std::string("three\n"));
    QCOMPARE(local.lastOffset("t/a/4.json").value(), std::optional<std::int64_t>(4));
    writeFile(root / "t/c", "a file where a folder should be");
    Status s = local.putAll({{"t/a/5.json", "five\n", 5}, {"t/c/6.json", "six\n", 6}, {"t/a/7.json", "seven\n", 7}},
                            stored);
    QVERIFY(!s.ok());
    QCOMPARE(stored, std::size_t{1});
    QVERIFY2(s.error().toString().find("t/c") != std::string::npos, s.error().toString().c_str());
    QVERIFY(std::filesystem::exists(root / "t/a/5.json"));
    QVERIFY(!std::filesystem::exists(root / "t/a/7.json"));
  }

  void replayAfterACrashContinuesWhereTheFilesEnd() {
    QTemporaryDir dir;
    {
      auto w = makeWriter(dir, options(5));
      Errors e;
      QVERIFY(w->write(batch(0, 0, 13), e).ok());  // two files stored, 10..12 open: lost in the crash
    }
    auto before = listing(dir);
    auto root = std::filesystem::path(dir.path().toStdString()) / "topics/P_USERS/partition=0";
    std::string first = slurp(root / "P_USERS+0+0000000005.json");
    // The source replays from its last committed position, which may be anywhere before 10.
    auto w = makeWriter(dir, options(5));
    Errors e;
    QVERIFY(w->write(batch(0, 3, 8), e).ok());
    QVERIFY(w->write(batch(0, 8, 16), e).ok());
    QVERIFY(w->flush().ok());
    QCOMPARE(slurp(root / "P_USERS+0+0000000005.json"), first);
    QCOMPARE(listing(dir), (std::set<std::string>{"topics/P_USERS/partition=0/P_USERS+0+0000000000.json",
                                                  "topics/P_USERS/partition=0/P_USERS+0+0000000005.json",
                                                  "topics/P_USERS/partition=0/P_USERS+0+0000000010.json",
                                                  "topics/P_USERS/partition=0/P_USERS+0+0000000015.json"}));
    QCOMPARE(ids(slurp(root / "P_USERS+0+0000000010.json")), (std::vector<std::int64_t>{10, 11, 12, 13, 14}));
  }

  // The checkpoint may sit inside the newest stored file (a batch ended there), or after it (a clean stop).
  void replayFromInsideOrAfterTheNewestFile() {
    QTemporaryDir dir;
    auto root = std::filesystem::path(dir.path().toStdString()) / "topics/P_USERS/partition=0";
    {
      auto w = makeWriter(dir, options(5));
      Errors e;
      QVERIFY(w->write(batch(0, 0, 13), e).ok());  // 0..4 and 5..9 stored, 10..12 lost in the crash
    }
    {
      auto w = makeWriter(dir, options(5));
      Errors e;
      QVERIFY(w->write(batch(0, 7, 12), e).ok());  // replay from 7: 7..9 are stored already
      QVERIFY(w->flush().ok());                    // a clean stop: 10, 11 stored
    }
    QCOMPARE(ids(slurp(root / "P_USERS+0+0000000010.json")), (std::vector<std::int64_t>{10, 11}));
    auto w = makeWriter(dir, options(5));
    Errors e;
    QVERIFY(w->write(batch(0, 12, 15), e).ok());  // after the clean stop: new records only
    QVERIFY(w->flush().ok());
    QCOMPARE(ids(slurp(root / "P_USERS+0+0000000012.json")), (std::vector<std::int64_t>{12, 13, 14}));
    QCOMPARE(listing(dir).size(), std::size_t{4});
  }

  // Files stored without the last-position marker (an older build): counted instead.
  void replayCountsFilesWithoutMarkers() {
    QTemporaryDir dir;
    {
      auto w = makeWriter(dir, options(5));
      Errors e;
      QVERIFY(w->write(batch(0, 0, 8), e).ok());
    }
    auto w = makeWriter(dir, options(5), nullptr, true);
    Errors e;
    QVERIFY(w->write(batch(0, 0, 12), e).ok());
    QVERIFY(w->flush().ok());
    auto root = std::filesystem::path(dir.path().toStdString()) / "topics/P_USERS/partition=0";
    QCOMPARE(ids(slurp(root / "P_USERS+0+0000000005.json")), (std::vector<std::int64_t>{5, 6, 7, 8, 9}));
  }

  void sharedPositionsKeepGroupsWhole() {
    QTemporaryDir dir;
    auto groups = [](std::vector<std::int64_t> offsets) {
      record::Batch b;
      std::int64_t id = 0;
      for (std::int64_t o : offsets) {
        b.push_back(rec(0, o));
        b.back().value.set("id", Value(o * 100 + id++));
      }
      return b;
    };
    {
      auto w = makeWriter(dir, options(5));
      Errors e;
      QVERIFY(w->write(groups({7, 7, 7, 7, 7, 7, 8, 8}), e).ok());
      QVERIFY(w->waitStored().ok());
      QCOMPARE(w->durableRecords(), std::uint64_t{6});  // the group at 7 is complete once 8 starts
      QVERIFY(w->flush().ok());
    }
    auto root = std::filesystem::path(dir.path().toStdString()) / "topics/P_USERS/partition=0";
    QCOMPARE(ids(slurp(root / "P_USERS+0+0000000007.json")).size(), std::size_t{6});
    // A replay from the group at 7 skips both stored files.
    auto w = makeWriter(dir, options(5));
    Errors e;
    QVERIFY(w->write(groups({7, 7, 7, 7, 7, 7, 8, 8, 9}), e).ok());
    QVERIFY(w->flush().ok());
    QCOMPARE(listing(dir).size(), std::size_t{3});
    QCOMPARE(ids(slurp(root / "P_USERS+0+0000000009.json")), (std::vector<std::int64_t>{908}));
  }

  void invalidSettingsNameTheField() {
    LakeOptions o = options(0);
    auto w = LakeWriter::make(std::make_unique<LocalStorage>("/tmp"), o, false);
    QVERIFY(!w.ok());
    QCOMPARE(w.error().where, std::string("config.flush_size"));
    o = options(5);
    o.topic = "a/b";
    w = LakeWriter::make(std::make_unique<LocalStorage>("/tmp"), o, false);
    QCOMPARE(w.error().where, std::string("config.topic"));
    o = options(5);
    o.format = "orc";
    w = LakeWriter::make(std::make_unique<LocalStorage>("/tmp"), o, false);
    QCOMPARE(w.error().where, std::string("config.format"));
    o = options(5);
    o.compression = "snappy";  // a Parquet codec, not one for JSON lines
    w = LakeWriter::make(std::make_unique<LocalStorage>("/tmp"), o, false);
    QCOMPARE(w.error().where, std::string("config.compression"));
    o.format = "parquet";
    o.compression = "lzo";
    w = LakeWriter::make(std::make_unique<LocalStorage>("/tmp"), o, false);
    QCOMPARE(w.error().where, std::string("config.compression"));
  }

  // format: parquet: one file per rotation, named as Confluent names them,
  // its rows read back with our reader (hyparquet reads them in
  // test_parquet_interop); a replay after a crash rewrites identical bytes.
  void parquetFilesAndTheirReplay() {
    QTemporaryDir dir;
    LakeOptions o = options(4);
    o.format = "parquet";
    o.compression = "snappy";
    {
      auto w = makeWriter(dir, o);
      Errors e;
      QVERIFY(w->write(batch(0, 0, 10), e).ok());  // two files stored, 8..9 open: lost in the crash
    }
    auto root = std::filesystem::path(dir.path().toStdString()) / "topics/P_USERS/partition=0";
    QCOMPARE(listing(dir), (std::set<std::string>{"topics/P_USERS/partition=0/P_USERS+0+0000000000.snappy.parquet",
                                                  "topics/P_USERS/partition=0/P_USERS+0+0000000004.snappy.parquet"}));
    std::string second = slurp(root / "P_USERS+0+0000000004.snappy.parquet");
    auto w = makeWriter(dir, o);
    Errors e;
    QVERIFY(w->write(batch(0, 2, 11), e).ok());
    Record text = rec(0, 11);
    text.value = Value("not an object");
    record::Batch bad{text};
    QVERIFY(w->write(bad, e).ok());
    QCOMPARE(e.messages.size(), std::size_t{1});
    QCOMPARE(e.messages[0], std::string("a Parquet row must be an object; this value is string"));
    QVERIFY(w->flush().ok());
    QCOMPARE(slurp(root / "P_USERS+0+0000000004.snappy.parquet"), second);
    auto reader = parquet::ParquetReader::openFile((root / "P_USERS+0+0000000008.snappy.parquet").string());
    QVERIFY2(reader.ok(), reader ? "" : reader.error().toString().c_str());
    QCOMPARE(reader->columnNames(), (std::vector<std::string>{"id", "country", "at"}));
    std::vector<std::int64_t> got;
    Value row;
    while (*reader->next(row)) {
      got.push_back(row.find("id")->asInt());
      QCOMPARE(std::string(row.find("country")->asString()), std::string("NL"));
    }
    QCOMPARE(got, (std::vector<std::int64_t>{8, 9, 10}));
  }

  // Avro files (inferred schema): a replay without markers counts the stored files' records from their
  // block headers, and rewrites an open file's records into the same bytes as an uninterrupted run.
  void avroFilesAndTheirReplay() {
    QTemporaryDir dir, again;
    LakeOptions o = options(5);
    o.format = "avro";
    o.compression = "deflate";
    o.avro.inferName = o.topic;
    {
      auto w = makeWriter(dir, o);
      Errors e;
      QVERIFY(w->write(batch(0, 0, 8), e).ok());  // one file stored, 5..7 open: lost in the crash
    }
    auto root = std::filesystem::path(dir.path().toStdString()) / "topics/P_USERS/partition=0";
    std::string first = slurp(root / "P_USERS+0+0000000000.avro");
    auto w = makeWriter(dir, o, nullptr, true);
    Errors e;
    QVERIFY(w->write(batch(0, 0, 12), e).ok());
    QVERIFY(w->flush().ok());
    QCOMPARE(listing(dir), (std::set<std::string>{"topics/P_USERS/partition=0/P_USERS+0+0000000000.avro",
                                                  "topics/P_USERS/partition=0/P_USERS+0+0000000005.avro",
                                                  "topics/P_USERS/partition=0/P_USERS+0+0000000010.avro"}));
    QCOMPARE(slurp(root / "P_USERS+0+0000000000.avro"), first);
    for (auto [name, count] : {std::pair{"P_USERS+0+0000000005.avro", 5}, std::pair{"P_USERS+0+0000000010.avro", 2}}) {
      auto info = tributary::avro::readContainerInfo(slurp(root / name));
      QVERIFY2(info.ok(), info.ok() ? "" : info.error().toString().c_str());
      QCOMPARE(info->records, static_cast<std::uint64_t>(count));
      QVERIFY(info->codec == tributary::avro::FileCodec::Deflate);
    }
    // The same records without a crash: the same files, byte for byte.
    auto straight = makeWriter(again, o);
    QVERIFY(straight->write(batch(0, 0, 12), e).ok());
    QVERIFY(straight->flush().ok());
    auto root2 = std::filesystem::path(again.path().toStdString()) / "topics/P_USERS/partition=0";
    for (const char* name : {"P_USERS+0+0000000000.avro", "P_USERS+0+0000000005.avro", "P_USERS+0+0000000010.avro"})
      QVERIFY2(slurp(root / name) == slurp(root2 / name), name);
    // A record the file's inferred schema cannot take goes to the error policy with the field.
    Record odd = rec(0, 101);
    odd.value = Value::makeObject(1);
    odd.value.set("id", Value("twelve"));
    record::Batch before = batch(0, 100, 101);
    QVERIFY(straight->write(before, e).ok());
    QVERIFY(straight->write(record::Batch{odd}, e).ok());
    QCOMPARE(e.messages.size(), std::size_t{1});
    QVERIFY2(e.messages[0].find("id") != std::string::npos && e.messages[0].find("inferred") != std::string::npos,
             e.messages[0].c_str());
  }

  void fileKeysParseBack() {
    auto key = lakeFileKey("topics", "t.x", "partition=3", 3, 42, ".json.gz");
    QCOMPARE(key, std::string("topics/t.x/partition=3/t.x+3+0000000042.json.gz"));
    auto k = parseLakeFileKey(key, "t.x", ".json.gz");
    QVERIFY(k.has_value());
    QCOMPARE(k->partition, 3);
    QCOMPARE(k->startOffset, std::int64_t{42});
    QVERIFY(!parseLakeFileKey(key, "t.x", ".json"));
    QVERIFY(!parseLakeFileKey("topics/t/partition=0/t+0+12.json", "t", ".json"));
  }
};

QTEST_GUILESS_MAIN(TestLakeWriter)
#include "test_lake_writer.moc"
