// Benchmark of transform.aggregate's core (stream::Aggregator): a tumbling
// 1-minute window, count + sum, over 10,000 keys, records in event-time order
// (100,000 per minute of event time), batches of 1024 as the engine hands them
// over. Compared in one run, on the same input, with a hand-written C++
// hash-map loop doing the same work (group, window, close, emit) and with the
// same loop in Python (bench_aggregate.py, run with /usr/bin/python3).
// Records are built before timing: this measures aggregation, not parsing.
// Then the same aggregation with durable state (changed groups written to a
// RocksDB store in synced batches) and the time to restore that store.
// Then a windowed inner join (5-minute window, 10,000 keys, every left record
// matched by one right record a few seconds later) in records in per second.
// Then the restore of a store of 1,000,000 groups from its changelog topic on
// the embedded broker (started in this process): the keys are written through
// the state keeper's flush (acks=all), then a keeper with an empty folder
// restores them (wall time), and the aggregator loads them.
// CPU time of this thread. Usage: bench_aggregate [records] [keys] [changelog keys]
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <ctime>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/connectors/changelog_topic.h"
#include "core/kafka/embedded.h"
#include "core/stream/aggregator.h"
#include "core/stream/state_keeper.h"
#include "core/stream/state_store.h"
#include "core/stream/joiner.h"

using namespace tributary;

namespace {

double cpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

class NoErrors final : public runtime::ErrorReporter {
 public:
  void report(const record::Record&, const Error&) override { ++count; }
  void reportRaw(std::string_view, const Error&, record::SourcePosition) override { ++count; }
  bool failed() const override { return false; }
  std::size_t count = 0;
};

constexpr std::int64_t kWindow = 60000;

std::int64_t eventTime(std::size_t i) { return static_cast<std::int64_t>(i * 3 / 5); }

double wallSeconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// A store of `groups` groups (one open window each) written to its changelog
// topic, then restored from it into an empty folder and loaded.
bool restoreFromChangelog(std::size_t groups) {
  std::filesystem::path folder =
      std::filesystem::temp_directory_path() / ("bench_aggregate_changelog_" + std::to_string(::getpid()));
  std::filesystem::remove_all(folder);
  auto broker = kafka::ensureEmbeddedBroker(folder / "broker");
  if (!broker) {
    std::fprintf(stderr, "changelog restore: %s\n", broker.error().toString().c_str());
    return false;
  }
  runtime::NodeContext context;
  context.pipeline = "bench";
  context.nodeId = "agg";
  context.type = "transform.aggregate";
  context.config = nlohmann::json::parse(R"({"window": "tumbling", "size": "1m",
    "group_by": ["key"], "aggregates": [{"fn": "count", "as": "n"}, {"fn": "sum", "expr": "amount", "as": "total"}]})");
  auto changelog = connectors::openChangelogTopic(context, 1);
  auto source = stream::Aggregator::create(context.config);
  if (!changelog || !source) {
    std::fprintf(stderr, "changelog restore: cannot set up\n");
    return false;
  }
  source->trackChanges();
  NoErrors errors;
  for (std::size_t i = 0; i < groups; i += 1024) {
    record::Batch b;
    for (std::size_t j = i; j < std::min(groups, i + 1024); ++j) {
      record::Record r;
      r.timestampMs = 1000;
      r.value.append("key", record::Value("key-" + std::to_string(j)));
      r.value.append("amount", record::Value(static_cast<std::int64_t>(j % 100)));
      b.push_back(std::move(r));
    }
    source->process(b, errors);
  }
  const std::string fingerprint = context.config.dump();
  double w0 = wallSeconds();
  stream::StateKeeper writer;
  Status written = writer.attach(folder / "written", {}, 1000, fingerprint, changelog->get());
  if (written)
    written = writer.flush([&](stream::StateStore::Batch& b) { source->saveChanges(b); }, source->stateMeta());
  double w1 = wallSeconds();
  if (!written) {
    std::fprintf(stderr, "changelog restore: %s\n", written.error().toString().c_str());
    return false;
  }
  stream::StateKeeper reader;
  Status read = reader.attach(folder / "restored", {}, 1000, fingerprint, changelog->get());
  double w2 = wallSeconds();
  auto loaded = stream::Aggregator::create(context.config);
  Status ok = read ? loaded->restore(*reader.store(), reader.restoredMeta()) : read;
  double w3 = wallSeconds();
  std::size_t keys = 0;
  if (read) reader.store()->forEach("g/", [&](std::string_view, std::string_view) { ++keys; });
  std::printf("state changelog on the embedded broker, %zu groups with an open window\n", groups);
  std::printf("  write to the changelog (acks=all, one flush): %.2f s (%.0f keys/s)\n", w1 - w0,
              static_cast<double>(groups) / (w1 - w0));
  std::printf("  restore of %zu keys from the changelog into an empty store: %.2f s (%.0f keys/s)%s\n", keys, w2 - w1,
              static_cast<double>(keys) / (w2 - w1), read ? "" : " FAILED");
  std::printf("  loading the restored store into the aggregator: %.2f s (%zu open windows)%s\n", w3 - w2,
              loaded->openWindows(), ok ? "" : " FAILED");
  bool same = read && ok && keys == groups && loaded->openWindows() == groups;
  if (!same) std::printf("  RESTORE WRONG: %s\n", read ? (ok ? "key count differs" : ok.error().toString().c_str())
                                                          : read.error().toString().c_str());
  kafka::stopEmbeddedBroker();
  std::filesystem::remove_all(folder);
  return same;
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t n = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 2000000;
  std::size_t keys = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 10000;
  const std::size_t batchSize = 1024;

  std::vector<record::Batch> batches;
  for (std::size_t i = 0; i < n; i += batchSize) {
    record::Batch b;
    for (std::size_t j = i; j < std::min(n, i + batchSize); ++j) {
      record::Record r;
      r.timestampMs = eventTime(j);
      r.value = record::Value::makeObject(2);
      r.value.append("key", record::Value("k" + std::to_string(j % keys)));
      r.value.append("amount", record::Value(static_cast<std::int64_t>(j % 100)));
      b.push_back(std::move(r));
    }
    batches.push_back(std::move(b));
  }

  // The aggregator consumes its batches (it replaces them with results): give it a copy, made before timing.
  std::vector<record::Batch> forAggregator = batches;

  // Tributary.
  auto made = stream::Aggregator::create(nlohmann::json::parse(R"({"window": "tumbling", "size": "1m",
      "group_by": ["key"], "aggregates": [{"fn": "count", "as": "n"}, {"fn": "sum", "expr": "amount", "as": "total"}]})"));
  if (!made) {
    std::fprintf(stderr, "%s\n", made.error().toString().c_str());
    return 1;
  }
  stream::Aggregator agg = std::move(made).value();
  NoErrors errors;
  std::size_t emitted = 0;
  std::int64_t checksum = 0;
  auto collect = [&](const record::Batch& out) {
    for (const auto& r : out) {
      ++emitted;
      checksum += r.value.find("n")->asInt() + r.value.find("total")->asInt();
    }
  };
  double t0 = cpuSeconds();
  for (record::Batch& b : forAggregator) {
    agg.process(b, errors);
    collect(b);
  }
  record::Batch last;
  agg.finish(last);
  collect(last);
  double tributary = cpuSeconds() - t0;

  // Hand-written: key text + window start -> {count, sum}, closed in the same places.
  struct Acc {
    std::int64_t count = 0, sum = 0;
  };
  std::unordered_map<std::string, Acc> state;
  std::unordered_map<std::int64_t, std::vector<std::string>> byWindow;  // window start -> map keys in it
  std::size_t handEmitted = 0;
  std::int64_t handChecksum = 0;
  std::int64_t streamTime = INT64_MIN, oldestOpen = INT64_MAX;
  std::string mapKey;
  double t1 = cpuSeconds();
  auto close = [&](std::int64_t upTo) {
    while (oldestOpen != INT64_MAX && oldestOpen + kWindow <= upTo) {
      auto it = byWindow.find(oldestOpen);
      if (it != byWindow.end()) {
        for (const std::string& k : it->second) {
          auto s = state.find(k);
          ++handEmitted;
          handChecksum += s->second.count + s->second.sum;
          state.erase(s);
        }
        byWindow.erase(it);
      }
      oldestOpen = byWindow.empty() ? INT64_MAX : oldestOpen + kWindow;
    }
  };
  for (const record::Batch& b : batches) {
    for (const record::Record& r : b) {
      std::int64_t ts = r.timestampMs;
      std::int64_t start = ts - ts % kWindow;
      const record::Value* key = r.value.find("key");
      const record::Value* amount = r.value.find("amount");
      mapKey.assign(key->asString());
      mapKey += '|';
      mapKey += std::to_string(start);
      auto [it, fresh] = state.try_emplace(mapKey);
      if (fresh) {
        byWindow[start].push_back(mapKey);
        oldestOpen = std::min(oldestOpen, start);
      }
      ++it->second.count;
      it->second.sum += amount->asInt();
      streamTime = std::max(streamTime, ts);
    }
    close(streamTime);
  }
  close(INT64_MAX - kWindow);
  double hand = cpuSeconds() - t1;

  // Python.
  std::string command = "/usr/bin/python3 " + std::string(TRIBUTARY_BENCH_DIR) + "/bench_aggregate.py " +
                        std::to_string(n) + " " + std::to_string(keys);
  double python = 0;
  std::size_t pyEmitted = 0;
  long long pyChecksum = 0;
  if (FILE* p = popen(command.c_str(), "r")) {
    std::size_t pyN = 0;
    if (std::fscanf(p, "%zu %lf %zu %lld", &pyN, &python, &pyEmitted, &pyChecksum) != 4) python = 0;
    pclose(p);
  }

  std::printf("tumbling 1-minute count+sum, %zu records, %zu keys, batches of %zu (CPU time, one thread)\n", n, keys,
              batchSize);
  std::printf("  %-28s %12s %10s %14s\n", "", "records/s", "results", "checksum");
  std::printf("  %-28s %12.0f %10zu %14lld\n", "transform.aggregate", static_cast<double>(n) / tributary, emitted,
              static_cast<long long>(checksum));
  std::printf("  %-28s %12.0f %10zu %14lld\n", "hand-written C++ hash map", static_cast<double>(n) / hand,
              handEmitted, static_cast<long long>(handChecksum));
  if (python > 0)
    std::printf("  %-28s %12.0f %10zu %14lld\n", "Python dict loop", static_cast<double>(n) / python, pyEmitted,
                pyChecksum);
  else
    std::printf("  Python dict loop: could not run %s\n", command.c_str());
  std::printf("  ratio aggregate / hand-written: %.2f\n", hand / tributary);
  if (python > 0) std::printf("  ratio aggregate / Python:       %.1f\n", python / tributary);
  // The same aggregation with durable state (docs/stream-processing.md, "State"): the
  // changed groups are written to a RocksDB store in one synced batch every
  // `flushEvery` input batches (the runner does it once per checkpoint interval).
  {
    std::vector<record::Batch> forDurable = batches;
    std::filesystem::path folder = std::filesystem::temp_directory_path() / ("bench_aggregate_state_" + std::to_string(::getpid()));
    std::filesystem::remove_all(folder);
    auto store = stream::StateStore::open(folder);
    auto durable = stream::Aggregator::create(nlohmann::json::parse(R"({"window": "tumbling", "size": "1m",
      "group_by": ["key"], "aggregates": [{"fn": "count", "as": "n"}, {"fn": "sum", "expr": "amount", "as": "total"}]})"));
    if (!store || !durable) {
      std::fprintf(stderr, "durable variant: cannot set up\n");
      return 1;
    }
    durable->trackChanges();
    constexpr std::size_t flushEvery = 256;  // input batches between flushes (about 0.1-0.3 s of input here)
    std::size_t flushes = 0, durableEmitted = 0;
    auto flush = [&] {
      stream::StateStore::Batch b;
      durable->saveChanges(b);
      (void)(*store)->write(b);
      ++flushes;
    };
    double wall0 = std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
    double cpu0 = cpuSeconds();
    for (std::size_t i = 0; i < forDurable.size(); ++i) {
      durable->process(forDurable[i], errors);
      durableEmitted += forDurable[i].size();
      if ((i + 1) % flushEvery == 0) flush();
    }
    flush();  // with the windows still open: what a restart restores
    double cpu1 = cpuSeconds();
    double wall1 = std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
    std::size_t groups = 0;
    (*store)->forEach("g/", [&](std::string_view, std::string_view) { ++groups; });
    auto restored = stream::Aggregator::create(nlohmann::json::parse(R"({"window": "tumbling", "size": "1m",
      "group_by": ["key"], "aggregates": [{"fn": "count", "as": "n"}, {"fn": "sum", "expr": "amount", "as": "total"}]})"));
    double wall2 = std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
    Status ok = restored->restore(**store, durable->stateMeta());
    double wall3 = std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
    std::printf("  %-28s %12.0f %10zu   (CPU time; %.0f/s wall time with %zu synced flushes, store %.1f MB)\n",
                "aggregate, durable state", static_cast<double>(n) / (cpu1 - cpu0), durableEmitted,
                static_cast<double>(n) / (wall1 - wall0), flushes, static_cast<double>((*store)->approximateBytes()) / 1e6);
    std::printf("  ratio durable / in-memory aggregate (CPU): %.2f\n", tributary / (cpu1 - cpu0));
    std::printf("  restore of %zu groups (%zu open windows) from the local store: %.3f s%s\n", groups,
                restored->openWindows(), wall3 - wall2, ok ? "" : " FAILED");
    store->reset();
    std::filesystem::remove_all(folder);
  }

  // Windowed join: left i and right i share key i % keys; the right one comes 2 s later.
  // 1,000 records per side and minute of event time, so about 5,000 per side are buffered.
  batches.clear();
  forAggregator.clear();
  std::vector<std::pair<std::uint16_t, record::Batch>> joinInput;
  std::size_t joinN = n / 2;
  for (std::size_t i = 0; i < joinN; i += batchSize / 2) {
    record::Batch left, right;
    for (std::size_t j = i; j < std::min(joinN, i + batchSize / 2); ++j) {
      record::Record l;
      l.timestampMs = static_cast<std::int64_t>(j) * 60;
      l.value = record::Value::makeObject(2);
      l.value.append("k", record::Value(static_cast<std::int64_t>(j % keys)));
      l.value.append("units", record::Value(static_cast<std::int64_t>(j % 7)));
      record::Record r;
      r.timestampMs = static_cast<std::int64_t>(j) * 60 + 2000;
      r.value = record::Value::makeObject(2);
      r.value.append("k", record::Value(static_cast<std::int64_t>(j % keys)));
      r.value.append("courier", record::Value("DHL"));
      left.push_back(std::move(l));
      right.push_back(std::move(r));
    }
    joinInput.emplace_back(stream::Joiner::kLeft, std::move(left));
    joinInput.emplace_back(stream::Joiner::kRight, std::move(right));
  }
  auto joiner = stream::Joiner::create(nlohmann::json::parse(R"({"left_key": "k", "right_key": "k", "before": "5m",
      "after": "5m", "grace": "1m", "select": "left.k AS k, left.units AS units, right.courier AS courier"})"));
  if (!joiner) {
    std::fprintf(stderr, "%s\n", joiner.error().toString().c_str());
    return 1;
  }
  std::size_t joined = 0;
  double t2 = cpuSeconds();
  for (auto& [port, b] : joinInput) {
    joiner->process(port, b, errors);
    joined += b.size();
  }
  double joinSeconds = cpuSeconds() - t2;

  std::printf("windowed inner join, 5-minute window, %zu left + %zu right records, %zu keys\n", joinN, joinN, keys);
  std::printf("  %-28s %12.0f input records/s, %zu joined\n", "transform.join", static_cast<double>(2 * joinN) / joinSeconds,
              joined);

  // Every left record has exactly one right partner (the next with its key is 10 minutes away).
  if (joined != joinN) std::printf("  JOIN OUTPUT WRONG: %zu joined, %zu expected (late: %zu)\n", joined, joinN, errors.count);
  bool same = joined == joinN && emitted == handEmitted && checksum == handChecksum &&
              (python <= 0 || (emitted == pyEmitted && checksum == pyChecksum));
  std::printf("  results identical: %s\n", same ? "yes" : "NO");
  joinInput.clear();

  bool restoredAll = restoreFromChangelog(argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 1000000);
  return same && restoredAll ? 0 : 1;
}
