// soak_state: a long run of stateful nodes at a fixed rate over a fixed key
// cardinality, to show that memory stays flat (issue #16, "Memory").
//
// One engine, in this process, with a state folder (RocksDB stores, as the
// runner keeps them) and the default state memory budget:
//   orders (source.datagen, RATE records/s, customer_id: 10,000 keys)
//     -> transform.aggregate (tumbling 1 minute, grace 10 s, count + sum by customer_id) -> /dev/null
//   orders-left + orders-right (source.datagen, JOIN_RATE records/s each)
//     -> transform.join (inner, customer_id, within 2 s before/after, grace 10 s) -> /dev/null
// Event time is the records' own time (the wall clock, as datagen stamps them).
//
// Every 30 s it prints elapsed time, records into each stateful node, the
// process's RSS (VmRSS of /proc/self/status), each node's state bytes (the
// tributary_node_state_bytes gauge the canvas shows) and the bound that state
// should stay under:
//   aggregate: groups held x bytes per group, where a group holds its open
//     windows and at most min(keys, rate x (window + grace)) groups are open;
//     also the issue's rate x (window + grace) x bytes-per-entry figure;
//   join: rate x (window + grace) records per side x bytes per record.
// Bytes per entry are measured up front from the state codec (the key and
// value bytes one group or one buffered record takes in the store).
// At the end: RSS at minute 2 against the last sample, as a ratio, and the
// max/min of state bytes after warm-up (the first 2 minutes).
//
// Usage: soak_state [MINUTES=20] [RATE=20000] [KEYS=10000] [JOIN_RATE=2000] [FOLDER]
// It sleeps between batches (datagen's rate), so it uses a fraction of a core.
#include <malloc.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "core/connectors/builtin.h"
#include "core/connectors/datagen_source.h"
#include "core/model/validate.h"
#include "core/runtime/engine.h"
#include "core/stream/aggregator.h"
#include "core/stream/joiner.h"
#include "core/stream/state_store.h"

using namespace tributary;
namespace fs = std::filesystem;

namespace {

constexpr double kWindowS = 60, kGraceS = 10, kJoinSideS = 2;

double rssMiB() {
  std::ifstream in("/proc/self/status");
  for (std::string line; std::getline(in, line);)
    if (line.rfind("VmRSS:", 0) == 0) return std::strtod(line.c_str() + 6, nullptr) / 1024.0;
  return 0;
}

// A gauge's or counter's value for one node of the engine's registry (0: none).
double metric(runtime::Engine& engine, const std::string& name, const std::string& nodeId) {
  for (const auto& family : engine.metrics().collect()) {
    if (family.name != name) continue;
    for (const auto& series : family.series)
      for (const auto& [k, v] : series.labels)
        if (k == "node" && v == nodeId) return series.value;
  }
  return 0;
}

const runtime::NodeSnapshot* findNode(const runtime::EngineSnapshot& snap, const std::string& id) {
  for (const auto& n : snap.nodes)
    if (n.id == id) return &n;
  return nullptr;
}

const char* kAggregate = R"({"window": "tumbling", "size": "1m", "grace": "10s", "group_by": ["customer_id"],
  "aggregates": [{"fn": "count", "as": "n"}, {"fn": "sum", "expr": "amount", "as": "total"}]})";
const char* kJoin = R"({"type": "inner", "mode": "window", "left_key": "customer_id", "right_key": "customer_id",
  "before": "2s", "after": "2s", "grace": "10s",
  "select": "left.order_id AS left_order, right.order_id AS right_order, left.customer_id AS customer_id"})";

class CountErrors final : public runtime::ErrorReporter {
 public:
  void report(const record::Record&, const Error&) override { ++count; }
  void reportRaw(std::string_view, const Error&, record::SourcePosition) override { ++count; }
  bool failed() const override { return false; }
  std::size_t count = 0;
};

// Bytes (key + value) of one entry in the store, from the same machines the
// nodes run, fed `n` datagen orders over `keys` customers in one window.
template <class Machine, class Feed>
double bytesPerEntry(Machine machine, Feed feed) {
  machine.trackChanges();
  feed(machine);
  stream::StateStore::Batch batch;
  batch.recordOps();
  machine.saveChanges(batch);
  double bytes = 0, entries = 0;
  for (const auto& op : batch.ops())
    if (op.value && op.key.rfind("m/", 0) != 0) {  // entries, not the node's meta key
      bytes += static_cast<double>(op.key.size() + op.value->size());
      ++entries;
    }
  return entries > 0 ? bytes / entries : 0;
}

record::Batch orders(std::size_t n, std::uint64_t seed, std::int64_t nowMs) {
  record::Batch b;
  for (std::size_t i = 0; i < n; ++i) {
    b.push_back(connectors::generateRecord(connectors::DatagenTemplate::Orders, seed, i, nowMs));
    b.back().timestampMs = nowMs + static_cast<std::int64_t>(i);
  }
  return b;
}

}  // namespace

int main(int argc, char** argv) {
  double minutes = argc > 1 ? std::strtod(argv[1], nullptr) : 20;
  double rate = argc > 2 ? std::strtod(argv[2], nullptr) : 20000;
  std::size_t keys = argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 10000;
  double joinRate = argc > 4 ? std::strtod(argv[4], nullptr) : 2000;
  fs::path folder = argc > 5 ? fs::path(argv[5]) : fs::temp_directory_path() / ("soak_state_" + std::to_string(::getpid()));
  if (keys != 10000) std::printf("note: datagen's orders have 10,000 customers; KEYS only changes the bound printed\n");
  runtime::tuneAllocatorForPipelines();
  fs::remove_all(folder);
  fs::create_directories(folder);

  // Bytes per entry: one group of the aggregate (one open window), one buffered record of the join.
  CountErrors errors;
  double groupBytes = bytesPerEntry(*stream::Aggregator::create(nlohmann::json::parse(kAggregate)), [&](auto& m) {
    record::Batch b = orders(20000, 1, 1000);
    m.process(b, errors);
  });
  double joinBytes = bytesPerEntry(*stream::Joiner::create(nlohmann::json::parse(kJoin)), [&](auto& m) {
    record::Batch b = orders(2000, 2, 1000);
    m.process(stream::Joiner::kLeft, b, errors);
  });
  // Groups with an open window: every key (10,000 customers draw at random) once rate x window exceeds it;
  // during the grace period after a window end, a group holds two windows.
  double groupsBound = std::min(static_cast<double>(keys), rate * (kWindowS + kGraceS));
  double aggBound = groupsBound * groupBytes * 2;  // two windows' worth at the most
  double aggIssueBound = rate * (kWindowS + kGraceS) * groupBytes;
  double joinBound = 2 * joinRate * (kJoinSideS + kGraceS) * joinBytes;

  nlohmann::json aggConfig = nlohmann::json::parse(kAggregate);
  nlohmann::json joinConfig = nlohmann::json::parse(kJoin);
  model::Pipeline p;
  p.name = "soak";
  p.nodes = {
      {"orders", "source.datagen", "", {{"template", "orders"}, {"rate", rate}}, std::nullopt},
      {"agg", "transform.aggregate", "", aggConfig, std::nullopt},
      {"agg_out", "sink.file", "", {{"path", "/dev/null"}, {"fsync", "none"}}, std::nullopt},
      {"left", "source.datagen", "", {{"template", "orders"}, {"rate", joinRate}}, std::nullopt},
      {"right", "source.datagen", "", {{"template", "orders"}, {"rate", joinRate}}, std::nullopt},
      {"join", "transform.join", "", joinConfig, std::nullopt},
      {"join_out", "sink.file", "", {{"path", "/dev/null"}, {"fsync", "none"}}, std::nullopt},
  };
  model::Edge toLeft{"left", "", "join", "left"}, toRight{"right", "", "join", "right"};
  p.edges = {{"orders", "", "agg", ""}, {"agg", "", "agg_out", ""}, toLeft, toRight, {"join", "", "join_out", ""}};
  for (const auto& d : model::validate(p, connectors::builtinSpecs(), connectors::defaultValidationOptions(false)))
    if (d.severity == model::Severity::Error) {
      std::fprintf(stderr, "invalid pipeline: %s\n", model::format(d).c_str());
      return 1;
    }
  runtime::EngineOptions o;
  o.workDir = folder;
  o.stateDir = folder / "state";
  auto engine = runtime::Engine::create(p, connectors::builtinFactories(), o);
  if (!engine) {
    std::fprintf(stderr, "%s\n", engine.error().toString().c_str());
    return 1;
  }

  std::printf("soak: %.0f min; aggregate %.0f records/s over %zu keys (tumbling 1 min, grace 10 s, count+sum); "
              "join %.0f + %.0f records/s (within 2 s, grace 10 s); state memory budget %.0f MiB; folder %s\n",
              minutes, rate, keys, joinRate, joinRate, static_cast<double>(stream::stateMemoryBudget()) / 1048576.0,
              folder.c_str());
  std::printf("bytes per entry (key + value in the store): aggregate group with one window %.0f, join record %.0f\n",
              groupBytes, joinBytes);
  std::printf("bounds: aggregate %.0f groups x 2 windows x %.0f B = %.2f MB (issue's rate x (window + grace) x "
              "entry: %.1f MB); join 2 x %.0f/s x (2 s + 10 s) x %.0f B = %.2f MB\n",
              groupsBound, groupBytes, aggBound / 1e6, aggIssueBound / 1e6, joinRate, joinBytes, joinBound / 1e6);
  std::printf("(heap: bytes malloc has handed out and not got back; state: the RocksDB cache and memtables of every "
              "store, within the budget)\n");
  std::printf("%8s %12s %12s %9s %9s %9s %12s %9s %12s %9s %10s\n", "elapsed", "agg in", "join in", "RSS MiB",
              "heap MiB", "state MiB", "agg state B", "/bound", "join state B", "/bound", "join held");
  std::fflush(stdout);

  (*engine)->start();
  auto start = std::chrono::steady_clock::now();
  const double total = minutes * 60;
  double rssAt2 = 0, lastRss = 0;
  // RSS moves by tens of MiB between samples (the allocator gives free pages back every 30 s,
  // runtime::returnFreedMemory): the mean of minute 2-4's samples against the last 3 minutes' too.
  std::vector<std::pair<double, double>> rssSamples;  // elapsed s, MiB
  double aggMin = 1e300, aggMax = 0, joinMin = 1e300, joinMax = 0;
  bool failed = false;
  for (int sample = 1;; ++sample) {
    double at = std::min(total, 30.0 * sample);
    auto due = start + std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(at));
    while (std::chrono::steady_clock::now() < due) {
      if ((*engine)->waitFor(std::chrono::milliseconds(500))) break;
    }
    if (runtime::isFinal((*engine)->state())) {
      std::printf("the run ended early: %s\n", (*engine)->reason().c_str());
      failed = true;
      break;
    }
    double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    auto snap = (*engine)->snapshot();
    const runtime::NodeSnapshot* agg = findNode(snap, "agg");
    const runtime::NodeSnapshot* join = findNode(snap, "join");
    double rss = rssMiB();
    double aggState = metric(**engine, "tributary_node_state_bytes", "agg");
    double joinState = metric(**engine, "tributary_node_state_bytes", "join");
    double joinHeld = metric(**engine, "tributary_node_state_records", "join");
    struct mallinfo2 heap = mallinfo2();
    double heapMiB = static_cast<double>(heap.uordblks + heap.hblkhd) / 1048576.0;
    double stateMiB = static_cast<double>(stream::stateMemoryUsed()) / 1048576.0;
    std::printf("%7.0fs %12llu %12llu %9.1f %9.1f %9.1f %12.0f %9.2f %12.0f %9.2f %10.0f\n", elapsed,
                static_cast<unsigned long long>(agg ? agg->recordsIn : 0),
                static_cast<unsigned long long>(join ? join->recordsIn : 0), rss, heapMiB, stateMiB, aggState,
                aggState / aggBound,
                joinState, joinState / joinBound, joinHeld);
    std::fflush(stdout);
    lastRss = rss;
    if (elapsed >= 120 && rssAt2 == 0) rssAt2 = rss;
    rssSamples.emplace_back(elapsed, rss);
    if (elapsed > 120) {
      aggMin = std::min(aggMin, aggState);
      aggMax = std::max(aggMax, aggState);
      joinMin = std::min(joinMin, joinState);
      joinMax = std::max(joinMax, joinState);
    }
    if (at >= total) break;
  }
  (*engine)->stop();
  (*engine)->wait();
  auto snap = (*engine)->snapshot();
  const runtime::NodeSnapshot* agg = findNode(snap, "agg");
  const runtime::NodeSnapshot* join = findNode(snap, "join");
  std::printf("done: aggregate %llu in, %llu results, %llu errors; join %llu in, %llu out, %llu errors\n",
              static_cast<unsigned long long>(agg ? agg->recordsIn : 0),
              static_cast<unsigned long long>(agg ? agg->recordsOut : 0),
              static_cast<unsigned long long>(agg ? agg->errors : 0),
              static_cast<unsigned long long>(join ? join->recordsIn : 0),
              static_cast<unsigned long long>(join ? join->recordsOut : 0),
              static_cast<unsigned long long>(join ? join->errors : 0));
  if (rssAt2 > 0)
    std::printf("RSS: %.1f MiB at minute 2, %.1f MiB at the end: ratio %.3f\n", rssAt2, lastRss, lastRss / rssAt2);
  double early = 0, late = 0, rssMin = 1e300, rssMax = 0;
  int earlyN = 0, lateN = 0;
  for (const auto& [at, mib] : rssSamples) {
    if (at < 120) continue;
    rssMin = std::min(rssMin, mib);
    rssMax = std::max(rssMax, mib);
    if (at <= 240) early += mib, ++earlyN;
    if (at >= total - 180) late += mib, ++lateN;
  }
  if (earlyN > 0 && lateN > 0 && total >= 420)
    std::printf("RSS after warm-up: %.1f-%.1f MiB; mean of minutes 2-4 %.1f MiB, of the last 3 minutes %.1f MiB: "
                "ratio %.3f\n",
                rssMin, rssMax, early / earlyN, late / lateN, (late / lateN) / (early / earlyN));
  if (aggMax > 0)
    std::printf("state bytes after warm-up: aggregate min %.0f max %.0f (max/min %.2f, max/bound %.2f); "
                "join min %.0f max %.0f (max/min %.2f, max/bound %.2f)\n",
                aggMin, aggMax, aggMax / aggMin, aggMax / aggBound, joinMin, joinMax, joinMax / joinMin,
                joinMax / joinBound);
  fs::remove_all(folder);
  return failed ? 1 : 0;
}
