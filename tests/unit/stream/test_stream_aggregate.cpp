// stream::Aggregator (transform.aggregate) against results computed by hand:
// tumbling windows with out-of-order records inside the grace period and a
// late one beyond it, hopping overlap, session merging, day windows in a time
// zone across a DST change, emit changes with throttling, the idle timeout,
// and bad config / bad records.
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>

#include "core/record/json.h"
#include "core/record/timestamp.h"
#include "core/stream/aggregator.h"
#include "core/stream/state_store.h"

using namespace tributary;
using record::Value;

namespace {

struct Reported {
  record::Record record;
  Error error;
};

class CollectErrors final : public runtime::ErrorReporter {
 public:
  void report(const record::Record& record, const Error& error) override { reports.push_back({record, error}); }
  void reportRaw(std::string_view, const Error&, record::SourcePosition) override {}
  bool failed() const override { return false; }
  std::vector<Reported> reports;
};

record::Record rec(std::int64_t tsMs, const char* json) {
  record::Record r;
  r.timestampMs = tsMs;
  r.value = *record::parseJson(json);
  return r;
}

stream::Aggregator make(const char* config) {
  auto a = stream::Aggregator::create(nlohmann::json::parse(config));
  if (!a) qFatal("config rejected: %s", a.error().toString().c_str());
  return std::move(a).value();
}

// Feeds one record as its own batch and returns the results as compact JSON.
std::vector<std::string> feed(stream::Aggregator& a, record::Record r, CollectErrors& errors) {
  record::Batch b;
  b.push_back(std::move(r));
  a.process(b, errors);
  std::vector<std::string> out;
  for (const auto& x : b) out.push_back(record::toJson(x.value));
  return out;
}

std::vector<std::string> json(const record::Batch& b) {
  std::vector<std::string> out;
  for (const auto& x : b) out.push_back(record::toJson(x.value));
  return out;
}

using Lines = std::vector<std::string>;

}  // namespace

class TestStreamAggregate final : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void tumblingWithGraceAndLateRecords() {
    auto a = make(R"({"window": "tumbling", "size": "10s", "grace": "5s", "group_by": ["user"],
      "aggregates": [{"fn": "count", "as": "n"}, {"fn": "sum", "expr": "amount", "as": "total"},
                     {"fn": "min", "expr": "amount", "as": "lo"}, {"fn": "max", "expr": "amount", "as": "hi"},
                     {"fn": "avg", "expr": "amount", "as": "mean"},
                     {"fn": "count_distinct", "expr": "item", "as": "items"},
                     {"fn": "first", "expr": "item", "as": "first_item"},
                     {"fn": "last", "expr": "item", "as": "last_item"}]})");
    CollectErrors e;
    QCOMPARE(feed(a, rec(1000, R"({"user":"A","amount":5,"item":"x"})"), e), Lines{});
    QCOMPARE(feed(a, rec(4000, R"({"user":"B","amount":2,"item":"y"})"), e), Lines{});
    QCOMPARE(feed(a, rec(12000, R"({"user":"A","amount":3,"item":"y"})"), e), Lines{});
    // Out of order but within grace (8 >= 12 - 5): still counted in [0, 10).
    QCOMPARE(feed(a, rec(8000, R"({"user":"A","amount":1,"item":"z"})"), e), Lines{});
    QCOMPARE(a.openWindows(), std::size_t(3));
    // Stream time 16 >= 10 + 5 closes [0, 10) for both users.
    Lines closed = feed(a, rec(16000, R"({"user":"A","amount":4,"item":"x"})"), e);
    QCOMPARE(closed,
             (Lines{R"({"user":"A","window_start":"1970-01-01T00:00:00Z","window_end":"1970-01-01T00:00:10Z","n":2,"total":6,"lo":1,"hi":5,"mean":3.0,"items":2,"first_item":"x","last_item":"z"})",
                    R"({"user":"B","window_start":"1970-01-01T00:00:00Z","window_end":"1970-01-01T00:00:10Z","n":1,"total":2,"lo":2,"hi":2,"mean":2.0,"items":1,"first_item":"y","last_item":"y"})"}));
    // 9 < 16 - 5: late, reported and not counted.
    QCOMPARE(feed(a, rec(9000, R"({"user":"B","amount":7,"item":"q"})"), e), Lines{});
    QCOMPARE(a.lateRecords(), std::uint64_t(1));
    QCOMPARE(e.reports.size(), std::size_t(1));
    QCOMPARE(e.reports[0].error.where, std::string("late"));
    QVERIFY(e.reports[0].error.message.find("late record") == 0);
    QCOMPARE(e.reports[0].record.value.find("amount")->asInt(), std::int64_t(7));
    // 11 >= 16 - 5 is on time.
    QCOMPARE(feed(a, rec(11000, R"({"user":"B","amount":1,"item":"y"})"), e), Lines{});
    record::Batch last;
    a.finish(last);
    QCOMPARE(json(last),
             (Lines{R"({"user":"A","window_start":"1970-01-01T00:00:10Z","window_end":"1970-01-01T00:00:20Z","n":2,"total":7,"lo":3,"hi":4,"mean":3.5,"items":2,"first_item":"y","last_item":"x"})",
                    R"({"user":"B","window_start":"1970-01-01T00:00:10Z","window_end":"1970-01-01T00:00:20Z","n":1,"total":1,"lo":1,"hi":1,"mean":1.0,"items":1,"first_item":"y","last_item":"y"})"}));
    // Key: the group plus the window start; timestamp: the latest event in the window.
    QCOMPARE(record::toJson(last[0].key), std::string(R"({"user":"A","window_start":"1970-01-01T00:00:10Z"})"));
    QCOMPARE(last[0].timestampMs, std::int64_t(16000));
    QCOMPARE(a.openWindows(), std::size_t(0));
  }

  void batchBoundariesDoNotChangeResults() {
    const char* config = R"({"window": "tumbling", "size": "10s", "grace": "5s", "group_by": ["user"],
      "aggregates": [{"fn": "count", "as": "n"}, {"fn": "sum", "expr": "amount", "as": "total"}]})";
    std::vector<record::Record> input;
    for (int i = 0; i < 200; ++i)
      input.push_back(rec((i * 7919 % 100) * 1000 + i * 500,
                          ("{\"user\":\"u" + std::to_string(i % 3) + "\",\"amount\":" + std::to_string(i) + "}").c_str()));
    auto run = [&](std::size_t batch) {
      auto a = make(config);
      CollectErrors e;
      Lines out;
      for (std::size_t i = 0; i < input.size(); i += batch) {
        record::Batch b(input.begin() + static_cast<long>(i),
                        input.begin() + static_cast<long>(std::min(input.size(), i + batch)));
        a.process(b, e);
        for (auto& l : json(b)) out.push_back(l);
      }
      record::Batch last;
      a.finish(last);
      for (auto& l : json(last)) out.push_back(l);
      std::sort(out.begin(), out.end());
      return std::make_pair(out, e.reports.size());
    };
    auto one = run(1);
    auto many = run(37);
    QVERIFY(!one.first.empty());
    QVERIFY(one.second > 0);  // the input has late records
    QCOMPARE(many.first, one.first);
    QCOMPARE(many.second, one.second);
  }

  void hoppingWindowsOverlap() {
    auto a = make(R"({"window": "hopping", "size": "10s", "advance": "5s",
                      "aggregates": [{"fn": "count", "as": "n"}]})");
    CollectErrors e;
    QCOMPARE(feed(a, rec(1000, "{}"), e), Lines{});
    QCOMPARE(feed(a, rec(6000, "{}"), e),
             Lines{R"({"window_start":"1969-12-31T23:59:55Z","window_end":"1970-01-01T00:00:05Z","n":1})"});
    QCOMPARE(feed(a, rec(7000, "{}"), e), Lines{});
    QCOMPARE(feed(a, rec(12000, "{}"), e),
             Lines{R"({"window_start":"1970-01-01T00:00:00Z","window_end":"1970-01-01T00:00:10Z","n":3})"});
    record::Batch last;
    a.finish(last);
    QCOMPARE(json(last),
             (Lines{R"({"window_start":"1970-01-01T00:00:05Z","window_end":"1970-01-01T00:00:15Z","n":3})",
                    R"({"window_start":"1970-01-01T00:00:10Z","window_end":"1970-01-01T00:00:20Z","n":1})"}));
  }

  void sessionsMergeWhenAGapIsFilled() {
    auto a = make(R"({"window": "session", "gap": "10s", "grace": "10s", "group_by": ["user"],
                      "aggregates": [{"fn": "count", "as": "n"}, {"fn": "sum", "expr": "v", "as": "total"},
                                     {"fn": "first", "expr": "v", "as": "first_v"}]})");
    CollectErrors e;
    QCOMPARE(feed(a, rec(0, R"({"user":"A","v":1})"), e), Lines{});
    QCOMPARE(feed(a, rec(18000, R"({"user":"A","v":2})"), e), Lines{});  // 18 > 0 + 10: a second session
    QCOMPARE(a.openWindows(), std::size_t(2));
    QCOMPARE(feed(a, rec(9000, R"({"user":"A","v":4})"), e), Lines{});  // within 10 s of both: one session
    QCOMPARE(a.openWindows(), std::size_t(1));
    QCOMPARE(feed(a, rec(9000, R"({"user":"B","v":8})"), e), Lines{});  // 9 >= 18 - 10: on time
    // Stream time 40 passes 18 + 10 + grace 10: the merged session closes (B's, at 9 + 20, first).
    QCOMPARE(feed(a, rec(40000, R"({"user":"A","v":16})"), e),
             (Lines{R"({"user":"B","window_start":"1970-01-01T00:00:09Z","window_end":"1970-01-01T00:00:09Z","n":1,"total":8,"first_v":8})",
                    R"({"user":"A","window_start":"1970-01-01T00:00:00Z","window_end":"1970-01-01T00:00:18Z","n":3,"total":7,"first_v":1})"}));
    QCOMPARE(e.reports.size(), std::size_t(0));
    record::Batch last;
    a.finish(last);
    QCOMPARE(json(last),
             Lines{R"({"user":"A","window_start":"1970-01-01T00:00:40Z","window_end":"1970-01-01T00:00:40Z","n":1,"total":16,"first_v":16})"});
  }

  void mergedSessionsAreRetractedInChangesMode() {
    auto a = make(R"({"window": "session", "gap": "10s", "grace": "30s", "emit": "changes",
                      "aggregates": [{"fn": "count", "as": "n"}]})");
    CollectErrors e;
    QCOMPARE(feed(a, rec(20000, "{}"), e),
             Lines{R"({"window_start":"1970-01-01T00:00:20Z","window_end":"1970-01-01T00:00:20Z","n":1})"});
    // 12 s joins the session and moves its start: the old key gets a tombstone, then the merged row.
    record::Batch b{rec(12000, "{}")};
    a.process(b, e);
    QCOMPARE(b.size(), std::size_t(2));
    QVERIFY(b[0].value.isNull());
    QCOMPARE(record::toJson(b[0].key), std::string(R"({"window_start":"1970-01-01T00:00:20Z"})"));
    QCOMPARE(record::toJson(b[1].value),
             std::string(R"({"window_start":"1970-01-01T00:00:12Z","window_end":"1970-01-01T00:00:20Z","n":2})"));
    // Extending at the end keeps the start: no tombstone.
    QCOMPARE(feed(a, rec(25000, "{}"), e),
             Lines{R"({"window_start":"1970-01-01T00:00:12Z","window_end":"1970-01-01T00:00:25Z","n":3})"});
  }

  void dayWindowsFollowTheTimeZone() {
    // Europe/Berlin moves to summer time on 2024-03-31: that local day lasts 23 hours.
    auto a = make(R"({"window": "tumbling", "size": "1d", "time_zone": "Europe/Berlin", "timestamp": "at",
                      "aggregates": [{"fn": "count", "as": "n"}]})");
    CollectErrors e;
    record::Batch last;  // every result, in order (grace 0: windows close as the next day starts)
    for (const char* at : {"2024-03-30T22:30:00Z",    // 23:30 on the 30th, local
                           "2024-03-30T23:30:00Z",    // 00:30 on the 31st
                           "2024-03-31T21:59:00Z",    // 23:59 CEST on the 31st
                           "2024-03-31T22:00:00Z"}) {  // 00:00 on April 1st
      record::Batch b;
      b.push_back(rec(0, ("{\"at\":\"" + std::string(at) + "\"}").c_str()));
      a.process(b, e);
      for (auto& r : b) last.push_back(std::move(r));
    }
    a.finish(last);
    QCOMPARE(e.reports.size(), std::size_t(0));
    QCOMPARE(json(last),
             (Lines{R"({"window_start":"2024-03-29T23:00:00Z","window_end":"2024-03-30T23:00:00Z","n":1})",
                    R"({"window_start":"2024-03-30T23:00:00Z","window_end":"2024-03-31T22:00:00Z","n":2})",
                    R"({"window_start":"2024-03-31T22:00:00Z","window_end":"2024-04-01T22:00:00Z","n":1})"}));
    // A fixed offset works too, and UTC days start at midnight UTC.
    auto fixed = make(R"({"window": "tumbling", "size": "1d", "time_zone": "+05:30", "aggregates": [{"fn": "count", "as": "n"}]})");
    record::Batch b{rec(*record::parseIsoTimestamp("2024-01-01T20:00:00Z") / 1000, "{}")};
    fixed.process(b, e);
    record::Batch out;
    fixed.finish(out);
    QCOMPARE(json(out), Lines{R"({"window_start":"2024-01-01T18:30:00Z","window_end":"2024-01-02T18:30:00Z","n":1})"});
  }

  void emitChangesIsThrottled() {
    auto a = make(R"({"window": "none", "emit": "changes", "group_by": ["k"],
                      "aggregates": [{"fn": "sum", "expr": "v", "as": "total"}]})");
    CollectErrors e;
    record::Batch b{rec(1, R"({"k":"a","v":1})"), rec(2, R"({"k":"a","v":2})"), rec(3, R"({"k":"b","v":5})")};
    a.process(b, e);
    QCOMPARE(json(b), (Lines{R"({"k":"a","total":3})", R"({"k":"b","total":5})"}));
    QCOMPARE(record::toJson(b[0].key), std::string(R"({"k":"a"})"));
    record::Batch c{rec(4, R"({"k":"a","v":4})")};
    a.process(c, e);
    QCOMPARE(json(c), Lines{R"({"k":"a","total":7})"});

    std::int64_t now = 20000;
    auto t = make(R"({"window": "tumbling", "size": "1m", "emit": "changes", "emit_interval": "10s",
                      "aggregates": [{"fn": "count", "as": "n"}]})");
    t.setClock([&] { return now; });
    QCOMPARE(t.tickIntervalMs(), std::int64_t(10000));
    record::Batch d{rec(1000, "{}")};
    t.process(d, e);  // 20 s since the (never) last emission: emits
    QCOMPARE(json(d), Lines{R"({"window_start":"1970-01-01T00:00:00Z","window_end":"1970-01-01T00:01:00Z","n":1})"});
    now = 25000;
    record::Batch f{rec(2000, "{}"), rec(3000, "{}")};
    t.process(f, e);  // 5 s later: held back
    QCOMPARE(f.size(), std::size_t(0));
    now = 31000;
    record::Batch g;
    t.tick(g);
    QCOMPARE(json(g), Lines{R"({"window_start":"1970-01-01T00:00:00Z","window_end":"1970-01-01T00:01:00Z","n":3})"});
    record::Batch h;
    t.finish(h);  // nothing changed since: no repeat
    QCOMPARE(h.size(), std::size_t(0));
  }

  void idleTimeoutClosesWindows() {
    std::int64_t now = 100000;
    auto a = make(R"({"window": "tumbling", "size": "10s", "idle_timeout": "5s",
                      "aggregates": [{"fn": "count", "as": "n"}]})");
    a.setClock([&] { return now; });
    CollectErrors e;
    record::Batch b{rec(1000, "{}")};
    a.process(b, e);
    now = 104000;
    record::Batch quiet;
    a.tick(quiet);
    QCOMPARE(quiet.size(), std::size_t(0));
    now = 110000;  // idle 10 s: stream time 1 + 10 = 11 s passes the window end
    a.tick(quiet);
    QCOMPARE(json(quiet), Lines{R"({"window_start":"1970-01-01T00:00:00Z","window_end":"1970-01-01T00:00:10Z","n":1})"});
    QCOMPARE(a.streamTime(), std::int64_t(11000));
  }

  void stateRestoredFromTheStoreGivesTheSameResults() {
    // Sessions (merging, retractions in changes mode) with every aggregate
    // function, uninterrupted and again with the state saved to a RocksDB
    // store and restored into a new aggregator after every record.
    const char* config = R"({"window": "session", "gap": "10s", "grace": "20s", "emit": "changes",
        "timestamp": "ts", "group_by": ["user"], "aggregates": ["count(*) AS n", "sum(x) AS s", "min(x) AS lo",
        "max(x) AS hi", "avg(x) AS mean", "count_distinct(tag) AS tags", "first(tag) AS first_tag",
        "last(tag) AS last_tag"]})";
    const std::vector<std::pair<std::int64_t, const char*>> input = {
        {0, R"({"ts": 0, "user": "a", "x": 1, "tag": "p"})"},
        {30000, R"({"ts": 30000, "user": "a", "x": 2.5, "tag": "q"})"},
        {15000, R"({"ts": 15000, "user": "a", "x": 4, "tag": "p"})"},   // out of order: too far to merge
        {21000, R"({"ts": 21000, "user": "a", "x": 3, "tag": "r"})"},   // bridges two sessions: merge
        {22000, R"({"ts": 22000, "user": "b", "x": 7, "tag": "r"})"},
        {5000, R"({"ts": 5000, "user": "b", "x": 1, "tag": "s"})"},     // late
        {80000, R"({"ts": 80000, "user": "b", "x": 9, "tag": "s"})"}};  // closes the others
    auto run = [&](bool restartEachRecord, std::size_t& late) {
      QTemporaryDir dir;
      std::vector<Lines> out;
      auto a = make(config);
      CollectErrors e;
      for (const auto& [ts, text] : input) {
        if (restartEachRecord) {
          auto store = stream::StateStore::open(dir.path().toStdString());
          if (!store) qFatal("%s", store.error().toString().c_str());
          stream::StateStore::Batch batch;
          a.saveChanges(batch);
          if (!(*store)->write(batch)) qFatal("cannot write the store");
          auto again = make(config);
          if (!again.restore(**store, a.stateMeta())) qFatal("cannot restore the store");
          again.trackChanges();
          a = std::move(again);
        }
        out.push_back(feed(a, rec(ts, text), e));
      }
      record::Batch last;
      a.finish(last);
      out.push_back(json(last));
      late = e.reports.size();
      return out;
    };
    std::size_t lateCalm = 0, lateRestarted = 0;
    std::vector<Lines> calm = run(false, lateCalm);
    std::vector<Lines> restarted = run(true, lateRestarted);
    QCOMPARE(restarted, calm);
    QCOMPARE(lateCalm, std::size_t{1});
    QCOMPARE(lateRestarted, lateCalm);
    QVERIFY(std::any_of(calm.begin(), calm.end(), [](const Lines& l) {
      return std::any_of(l.begin(), l.end(), [](const std::string& x) { return x == "null"; });
    }));  // a merged session was retracted
  }

  // storedBytes() is the live state: the keys + values the store holds after each save
  // (not the versions the store keeps until it compacts), also after groups close and after a restore.
  void storedBytesAreTheStoresLiveEntries() {
    QTemporaryDir dir;
    auto store = stream::StateStore::open(dir.path().toStdString());
    QVERIFY(bool(store));
    auto liveBytes = [&] {
      std::uint64_t bytes = 0;
      (*store)->forEach("g/", [&](std::string_view k, std::string_view v) { bytes += k.size() + v.size(); });
      return bytes;
    };
    const char* config = R"({"window": "tumbling", "size": "10s", "grace": "0s", "group_by": ["user"],
      "aggregates": [{"fn": "count", "as": "n"}, {"fn": "count_distinct", "expr": "item", "as": "items"}]})";
    auto a = make(config);
    a.trackChanges();
    CollectErrors e;
    auto save = [&] {
      stream::StateStore::Batch batch;
      a.saveChanges(batch);
      QVERIFY((*store)->write(batch));
    };
    QCOMPARE(a.storedBytes(), std::uint64_t{0});
    feed(a, rec(1000, R"({"user":"A","item":"x"})"), e);
    feed(a, rec(2000, R"({"user":"B","item":"x"})"), e);
    save();
    std::uint64_t two = a.storedBytes();
    QVERIFY(two > 0);
    QCOMPARE(two, liveBytes());
    // The same groups rewritten many times: the store keeps versions, the live bytes grow only by the new item.
    for (int i = 0; i < 50; ++i) {
      feed(a, rec(3000 + i, R"({"user":"A","item":"y"})"), e);
      save();
    }
    QCOMPARE(a.storedBytes(), liveBytes());
    QVERIFY(a.storedBytes() < two + 10);
    // Window [0, 10 s) closes: A and B are removed, C (next window) is written.
    feed(a, rec(11000, R"({"user":"C","item":"z"})"), e);
    save();
    QCOMPARE(a.storedBytes(), liveBytes());
    QVERIFY(a.storedBytes() < two);
    auto again = make(config);
    QVERIFY(again.restore(**store, a.stateMeta()));
    QCOMPARE(again.storedBytes(), a.storedBytes());
  }

  void badConfigIsRefusedWithTheField() {
    auto expect = [](const char* config, const std::string& where, const std::string& words) {
      auto a = stream::Aggregator::create(nlohmann::json::parse(config));
      QVERIFY2(!a, config);
      QVERIFY2(a.error().where == where, a.error().toString().c_str());
      QVERIFY2(a.error().message.find(words) != std::string::npos, a.error().toString().c_str());
    };
    expect(R"({"size": "1m"})", "config.aggregates", "at least one aggregate");
    expect(R"({"size": "1m", "aggregates": [{"fn": "median", "expr": "x", "as": "m"}]})", "config.aggregates[0]",
           "must be one of");
    expect(R"({"size": "1m", "aggregates": [{"fn": "sum", "as": "m"}]})", "config.aggregates[0]", "needs an \"expr\"");
    expect(R"({"size": "1m", "aggregates": [{"fn": "sum", "expr": "x +", "as": "m"}]})", "config.aggregates[0]",
           "\"expr\"");
    expect(R"({"window": "none", "aggregates": [{"fn": "count", "as": "n"}]})", "config.emit", "emit \"changes\"");
    expect(R"({"size": "1d", "time_zone": "Mars/Olympus", "aggregates": [{"fn": "count", "as": "n"}]})",
           "config.time_zone", "unknown time zone");
    expect(R"({"window": "hopping", "size": "1m", "advance": "2m", "aggregates": [{"fn": "count", "as": "n"}]})",
           "config.advance", "at most");
    expect(R"({"window": "session", "aggregates": [{"fn": "count", "as": "n"}]})", "config.gap", "needs \"gap\"");
    expect(R"({"size": "1m", "group_by": ["n"], "aggregates": [{"fn": "count", "as": "n"}]})", "config.aggregates[0]",
           "two outputs");
  }

  void aggregatesCanBeWrittenAsText() {
    // The inspector's list editor stores entries as text.
    nlohmann::json config = {{"size", "10s"}};
    config["aggregates"] = {"count(*) AS n", "SUM(v * 2) as doubled", R"({"fn": "max", "expr": "v", "as": "top"})"};
    auto made = stream::Aggregator::create(config);
    QVERIFY2(made, made ? "" : made.error().toString().c_str());
    auto a = std::move(made).value();
    CollectErrors e;
    record::Batch b{rec(1000, R"({"v": 2})"), rec(2000, R"({"v": 5})")};
    a.process(b, e);
    record::Batch last;
    a.finish(last);
    QCOMPARE(json(last), Lines{R"({"window_start":"1970-01-01T00:00:00Z","window_end":"1970-01-01T00:00:10Z","n":2,"doubled":14,"top":5})"});
    auto bad = stream::Aggregator::create(nlohmann::json::parse(R"({"size": "10s", "aggregates": ["total of v"]})"));
    QVERIFY(!bad);
    QCOMPARE(bad.error().where, std::string("config.aggregates[0]"));
    QVERIFY(bad.error().message.find("fn(expr) AS name") != std::string::npos);
  }

  void badRecordsGoToThePolicyAndChangeNothing() {
    auto a = make(R"({"size": "10s", "timestamp": "at", "aggregates": [{"fn": "count", "as": "n"},
                      {"fn": "sum", "expr": "v", "as": "total"}]})");
    CollectErrors e;
    record::Batch b{rec(0, R"({"at": 1000, "v": "three"})"), rec(0, R"({"at": "soon", "v": 1})"),
                    rec(0, R"({"at": 2000, "v": 2})")};
    a.process(b, e);
    QCOMPARE(e.reports.size(), std::size_t(2));
    QCOMPARE(e.reports[0].error.where, std::string("aggregate total"));
    QCOMPARE(e.reports[1].error.where, std::string("timestamp"));
    record::Batch last;
    a.finish(last);
    QCOMPARE(json(last), Lines{R"({"window_start":"1970-01-01T00:00:00Z","window_end":"1970-01-01T00:00:10Z","n":1,"total":2})"});
  }
};

QTEST_GUILESS_MAIN(TestStreamAggregate)
#include "test_stream_aggregate.moc"
