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
// process's RSS (VmRSS of /proc/self/status), the heap in use (mallinfo2),
// the state stores' memory (the shared RocksDB cache, with the memtables
// charged to it; the memtables alone), each node's state bytes (the
// tributary_node_state_bytes gauge the canvas shows: the live keys + values
// in its store) against the bound it should stay under, the join's held
// records, and glibc's arenas (count, bytes taken from the system, free
// bytes inside them) and the thread count. Bounds:
//   aggregate: groups held x bytes per group, where a group holds its open
//     windows and at most min(keys, rate x (window + grace)) groups are open;
//     also the issue's rate x (window + grace) x bytes-per-entry figure;
//   join: rate x (window + grace) records per side x bytes per record.
// Bytes per entry are measured up front from the state codec (the key and
// value bytes one group or one buffered record takes in the store).
// At the end, the verdict: the second quarter of the run (minutes 5-10 of 20)
// against the last quarter (minutes 15-20): mean RSS (flat: within +-5 %),
// mean and highest heap in use, the measured input rates (the sources do not
// catch up after the machine was busy, and the join's memory follows its
// rate), and the slope of the heap in use; and the state bytes against the
// bounds at the measured rates.
// SOAK_MALLOC_INFO=DIR also writes glibc's malloc_info XML of each sample there.
// Usage: soak_state [MINUTES=20] [RATE=20000] [KEYS=10000] [JOIN_RATE=2000] [FOLDER]
// It sleeps between batches (datagen's rate), so it uses a fraction of a core.
#include <malloc.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
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

double statusField(const char* field) {
  std::ifstream in("/proc/self/status");
  std::string prefix = std::string(field) + ":";
  for (std::string line; std::getline(in, line);)
    if (line.rfind(prefix, 0) == 0) return std::strtod(line.c_str() + prefix.size(), nullptr);
  return 0;
}

double rssMiB() {
  return statusField("VmRSS") / 1024.0;
}

// glibc's arenas, from malloc_info: how many, the bytes they hold from the
// system and the free bytes inside them (free chunks and each arena's top).
struct Arenas {
  int count = 0;
  double systemMiB = 0, freeMiB = 0;
  std::string xml;
};

Arenas arenas() {
  Arenas a;
  char* buf = nullptr;
  std::size_t len = 0;
  FILE* f = open_memstream(&buf, &len);
  if (!f) return a;
  malloc_info(0, f);
  std::fclose(f);
  a.xml.assign(buf, len);
  std::free(buf);
  // Per heap: <heap nr="N"> ... <total type="fast" .. size="S"/> <total type="rest" .. size="S"/> ...
  // <system type="current" size="S"/>; the totals after the last heap repeat them for the whole process.
  std::size_t end = a.xml.rfind("</heap>");
  auto sizeOf = [&](std::size_t at) { return std::strtod(a.xml.c_str() + a.xml.find("size=\"", at) + 6, nullptr); };
  for (std::size_t at = a.xml.find("<heap nr="); at != std::string::npos && at < end; at = a.xml.find("<heap nr=", at + 1)) {
    ++a.count;
    std::size_t heapEnd = a.xml.find("</heap>", at);
    for (const char* tag : {"<total type=\"fast\"", "<total type=\"rest\""}) {
      std::size_t t = a.xml.find(tag, at);
      if (t < heapEnd) a.freeMiB += sizeOf(t) / 1048576.0;
    }
    std::size_t sys = a.xml.find("<system type=\"current\"", at);
    if (sys < heapEnd) a.systemMiB += sizeOf(sys) / 1048576.0;
  }
  return a;
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

struct Sample {
  double at, rss, heap, state, aggState, joinState, joinHeld, aggIn, joinIn;
};

// Means over the samples taken in [from, to] seconds.
struct Phase {
  double from, to;
  int n = 0;
  double rss = 0, heap = 0, heapMax = 0, state = 0, aggState = 0, aggStateMax = 0, joinState = 0, joinStateMax = 0,
         joinHeld = 0, aggRate = 0, joinRate = 0;
};

Phase phase(const std::vector<Sample>& samples, double from, double to) {
  Phase p{from, to};
  const Sample* first = nullptr;
  const Sample* last = nullptr;
  for (const Sample& s : samples) {
    if (s.at < from - 1 || s.at > to + 1) continue;
    if (!first) first = &s;
    last = &s;
    ++p.n;
    p.rss += s.rss;
    p.heap += s.heap;
    p.heapMax = std::max(p.heapMax, s.heap);
    p.state += s.state;
    p.aggState += s.aggState;
    p.aggStateMax = std::max(p.aggStateMax, s.aggState);
    p.joinState += s.joinState;
    p.joinStateMax = std::max(p.joinStateMax, s.joinState);
    p.joinHeld += s.joinHeld;
  }
  if (p.n == 0) return p;
  for (double* v : {&p.rss, &p.heap, &p.state, &p.aggState, &p.joinState, &p.joinHeld}) *v /= p.n;
  if (last->at > first->at) {
    p.aggRate = (last->aggIn - first->aggIn) / (last->at - first->at);
    p.joinRate = (last->joinIn - first->joinIn) / (last->at - first->at);
  }
  return p;
}

// The verdict: the second quarter of the run (minutes 5-10 of 20, after warm-up) against the last
// quarter (minutes 15-20), and a least-squares slope of the heap in use over the last three quarters.
void summarize(const std::vector<Sample>& samples, double total, double aggBound, double aggIssueBound,
               double groupBytes, double joinBytes, double joinBound) {
  Phase early = phase(samples, total / 4, total / 2), late = phase(samples, total * 3 / 4, total);
  if (early.n == 0 || late.n == 0) {
    std::printf("too short for a verdict (it compares the second quarter of the run with the last)\n");
    return;
  }
  double sx = 0, sy = 0, sxx = 0, sxy = 0, n = 0;
  for (const Sample& s : samples)
    if (s.at >= total / 4 - 1) {
      sx += s.at, sy += s.heap, sxx += s.at * s.at, sxy += s.at * s.heap, ++n;
    }
  double slope = n > 2 ? (n * sxy - sx * sy) / (n * sxx - sx * sx) : 0;  // MiB per second
  auto minutes = [](double s) { return s / 60; };
  std::printf("\nphase (minutes)          %8.1f-%-6.1f %8.1f-%-6.1f  late/early\n", minutes(early.from),
              minutes(early.to), minutes(late.from), minutes(late.to));
  auto row = [](const char* what, double e, double l, const char* fmt) {
    std::printf("%-24s ", what);
    std::printf(fmt, e);
    std::printf(" ");
    std::printf(fmt, l);
    std::printf("  %.3f\n", e > 0 ? l / e : 0);
  };
  row("samples", early.n, late.n, "%15.0f");
  row("aggregate in, records/s", early.aggRate, late.aggRate, "%15.0f");
  row("join in, records/s", early.joinRate, late.joinRate, "%15.0f");
  row("RSS, mean MiB", early.rss, late.rss, "%15.1f");
  row("heap in use, mean MiB", early.heap, late.heap, "%15.1f");
  row("heap in use, max MiB", early.heapMax, late.heapMax, "%15.1f");
  row("state memory, mean MiB", early.state, late.state, "%15.1f");
  row("join held, mean", early.joinHeld, late.joinHeld, "%15.0f");
  row("agg state bytes, mean", early.aggState, late.aggState, "%15.0f");
  row("join state bytes, mean", early.joinState, late.joinState, "%15.0f");
  double rssRatio = late.rss / early.rss;
  std::printf("verdict: RSS of the last quarter / second quarter = %.3f (%s: within +-5 %%); heap in use %.3f, "
              "slope %+.2f MiB per 10 minutes over the last three quarters\n",
              rssRatio, std::abs(rssRatio - 1) <= 0.05 ? "FLAT" : "NOT FLAT", late.heap / early.heap, slope * 600);
  // State bytes (the live state: keys + values the stores hold) against the bounds, at the rates measured.
  double aggMax = std::max(early.aggStateMax, late.aggStateMax), joinMax = std::max(early.joinStateMax, late.joinStateMax);
  // The join at the rate measured in the last quarter (the sources fall behind on a busy machine,
  // and catch up in bursts).
  double joinMeasuredBound = late.joinRate * (kJoinSideS + kGraceS) * joinBytes;
  std::printf("state bytes (live): aggregate max %.0f = %.2f of groups x 2 windows x %.0f B (%.0f), %.4f of the "
              "issue's rate x (window + grace) x entry (%.0f); join max %.0f = %.2f of rate x (2 s + 10 s) x %.0f B "
              "(%.0f; %.2f of it at the rate measured in the last quarter, %.0f/s)\n",
              aggMax, aggMax / aggBound, groupBytes, aggBound, aggMax / aggIssueBound, aggIssueBound, joinMax,
              joinMax / joinBound, joinBytes, joinBound, joinMeasuredBound > 0 ? joinMax / joinMeasuredBound : 0,
              late.joinRate);
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
  // A group as the run holds it: one window's worth of records (rate x window) at today's time, so its
  // count, sum and times take as many bytes as they do in the run.
  const std::int64_t windowStart =
      std::chrono::duration_cast<std::chrono::minutes>(std::chrono::system_clock::now().time_since_epoch()).count() *
      60000;
  double groupBytes = bytesPerEntry(*stream::Aggregator::create(nlohmann::json::parse(kAggregate)), [&](auto& m) {
    const std::size_t n = static_cast<std::size_t>(rate * kWindowS);
    for (std::size_t from = 0; from < n; from += 10000) {
      record::Batch b;
      for (std::size_t i = from; i < std::min(n, from + 10000); ++i) {
        b.push_back(connectors::generateRecord(connectors::DatagenTemplate::Orders, 1, i, windowStart));
        b.back().timestampMs =
            windowStart + static_cast<std::int64_t>(static_cast<double>(i) / static_cast<double>(n) * 59000);
      }
      m.process(b, errors);
    }
  });
  double joinBytes = bytesPerEntry(*stream::Joiner::create(nlohmann::json::parse(kJoin)), [&](auto& m) {
    record::Batch b = orders(2000, 2, windowStart);
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
  std::printf("%8s %12s %12s %9s %9s %9s %9s %12s %9s %12s %9s %10s %7s %9s %9s %7s\n", "elapsed", "agg in",
              "join in", "RSS MiB", "heap MiB", "state MiB", "memtab", "agg state B", "/bound", "join state B",
              "/bound", "join held", "arenas", "arena MiB", "free MiB", "threads");
  std::fflush(stdout);

  (*engine)->start();
  auto start = std::chrono::steady_clock::now();
  const double total = minutes * 60;
  std::vector<Sample> samples;
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
    stream::StateMemoryUse stateUse = stream::stateMemoryUse();
    double stateMiB = static_cast<double>(stateUse.cache) / 1048576.0;
    Arenas heaps = arenas();
    if (const char* dir = std::getenv("SOAK_MALLOC_INFO")) {
      std::ofstream(fs::path(dir) / ("malloc_info_" + std::to_string(sample) + ".xml")) << heaps.xml;
    }
    std::printf("%7.0fs %12llu %12llu %9.1f %9.1f %9.1f %9.1f %12.0f %9.2f %12.0f %9.2f %10.0f %7d %9.1f %9.1f %7.0f\n",
                elapsed, static_cast<unsigned long long>(agg ? agg->recordsIn : 0),
                static_cast<unsigned long long>(join ? join->recordsIn : 0), rss, heapMiB, stateMiB,
                static_cast<double>(stateUse.memtables) / 1048576.0, aggState, aggState / aggBound, joinState,
                joinState / joinBound, joinHeld, heaps.count, heaps.systemMiB, heaps.freeMiB,
                statusField("Threads"));
    std::fflush(stdout);
    samples.push_back({elapsed, rss, heapMiB, stateMiB, aggState, joinState, joinHeld,
                       static_cast<double>(agg ? agg->recordsIn : 0), static_cast<double>(join ? join->recordsIn : 0)});
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
  summarize(samples, total, aggBound, aggIssueBound, groupBytes, joinBytes, joinBound);
  fs::remove_all(folder);
  return failed ? 1 : 0;
}
