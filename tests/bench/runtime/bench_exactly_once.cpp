// Benchmark (printed, not asserted): the cost of `exactly_once: true`.
// One topic -> seed 004's transform -> topic pipeline, run in-process on an
// embedded broker, three times in one run over the same input: at-least-once
// (offsets committed after delivery), and exactly-once with a transaction per
// 1 s and per 100 ms checkpoint interval. Each variant reads the input in a
// consumer group of its own and writes a topic of its own. A stateful pair
// runs an aggregate instead of the transform (tumbling 1 m by record time,
// count + sum of price per product id, 5,000 groups, durable state with a
// changelog topic), at-least-once and exactly_once per 1 s: with
// exactly_once its changelog writes join the transactions.
//
//   bench_exactly_once [RECORDS]   (default 300000; 10 partitions)
//
// A variant is done when its source's acknowledged offsets cover the whole
// input (every record written: delivered for at-least-once, produced into
// the open transaction for exactly-once) and the run has stopped: a stop
// commits the last offsets (at-least-once) or the last transaction
// (exactly-once), so both count the same thing. The rate counts from the
// first acknowledged record to the end of the stop (group joining excluded).
#include <stdio.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "core/broker/broker.h"
#include "core/connectors/builtin.h"
#include "core/model/pipeline_file.h"
#include "core/runtime/engine.h"

using namespace tributary;
using namespace std::chrono_literals;

namespace {

constexpr const char* kSelect =
    "*, upper(category) AS category, CASE WHEN upper(category) = 'CAT_5' THEN price * 0.8 ELSE price END AS "
    "discount_price";

// Runs a shell command; its output (stdout and stderr) when it fails.
std::optional<std::string> runCommand(const std::string& command) {
  std::string out;
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (!pipe) return "cannot run " + command;
  char buffer[4096];
  while (std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) out.append(buffer, n);
  if (::pclose(pipe) != 0) return out.empty() ? "failed: " + command : out;
  return std::nullopt;
}

struct Measured {
  double rate = 0;     // records/s from the first acknowledged record to the last
  double startup = 0;  // start to the first acknowledged record
  std::int64_t done = 0;
};

Measured runVariant(const std::string& bootstrap, const std::string& name, bool exactlyOnce, std::int64_t intervalMs,
                    std::int64_t records, const std::filesystem::path& dir, bool stateful = false) {
  nlohmann::json transform = {{"id", "transform"}, {"type", "transform.map"}, {"config", {{"select", kSelect}}}};
  if (stateful)  // the input is keyed by product id: each partition's task keeps its own ids' groups
    transform = {{"id", "transform"},
                 {"type", "transform.aggregate"},
                 {"config",
                  {{"window", "tumbling"},
                   {"size", "1m"},
                   {"grace", "10s"},
                   {"group_by", {"id"}},
                   {"aggregates", {"count(*) AS n", "sum(price) AS total"}},
                   {"co_partitioned", true}}}};
  nlohmann::json p = {
      {"tributary", 1},
      {"name", name},
      {"cluster", {{"bootstrap", bootstrap}}},
      {"nodes",
       {{{"id", "in"},
         {"type", "topic"},
         {"config", {{"name", "bench_in"}, {"create", false}, {"exactly_once", exactlyOnce}}}},
        transform,
        {{"id", "out"}, {"type", "topic"}, {"config", {{"name", name + "_out"}, {"partitions", 10}, {"key", "id"}}}}}},
      {"edges", {{{"from", "in"}, {"to", "transform"}}, {{"from", "transform"}, {"to", "out"}}}}};
  auto pipeline = model::parsePipeline(p.dump());
  if (!pipeline) {
    std::cerr << pipeline.error().toString() << "\n";
    std::exit(1);
  }
  runtime::EngineOptions o;
  o.workDir = dir;
  o.stateDir = dir / ("state-" + name);
  o.checkpointIntervalMs = intervalMs;
  auto engine = runtime::Engine::create(*pipeline, connectors::builtinFactories(), o);
  if (!engine) {
    std::cerr << engine.error().toString() << "\n";
    std::exit(1);
  }
  auto acknowledged = [&] {
    std::int64_t sum = 0;
    for (const auto& n : (*engine)->snapshot().nodes)
      for (const auto& [partition, offset] : n.committed) sum += offset;
    return sum;
  };
  auto t0 = std::chrono::steady_clock::now();
  (*engine)->start();
  std::optional<std::chrono::steady_clock::time_point> first;
  std::int64_t firstCount = 0, now = 0;
  while ((now = acknowledged()) < records && std::chrono::steady_clock::now() < t0 + 300s &&
         !runtime::isFinal((*engine)->state())) {
    if (!first && now > 0) {
      first = std::chrono::steady_clock::now();
      firstCount = now;
    }
    std::this_thread::sleep_for(20ms);
  }
  (*engine)->stop();
  if ((*engine)->wait() != runtime::State::Stopped) std::cerr << name << " failed: " << (*engine)->reason() << "\n";
  auto t1 = std::chrono::steady_clock::now();
  Measured r;
  r.done = now;
  if (!first) first = t1;
  double busy = std::chrono::duration<double>(t1 - *first).count();
  r.rate = busy > 0 ? static_cast<double>(now - firstCount) / busy : 0;
  r.startup = std::chrono::duration<double>(*first - t0).count();
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  const std::int64_t records = argc > 1 ? std::stoll(argv[1]) : 300000;
  spdlog::set_level(spdlog::level::warn);
  runtime::tuneAllocatorForPipelines();
  auto dir = std::filesystem::temp_directory_path() / ("bench-eo-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  broker::BrokerOptions bo;
  bo.dataDir = (dir / "broker").string();
  auto b = broker::Broker::start(bo);
  if (!b) return std::cerr << "broker: " << b.error().toString() << "\n", 1;
  const std::string bootstrap = (*b)->bootstrap();
  const std::string py = std::string("/usr/bin/python3 ") + REMOTE_CLIENTS_PY + " ";
  if (auto failed = runCommand(py + "create-topic " + bootstrap + " bench_in 10")) return std::cerr << *failed, 1;
  std::cout << "loading " << records << " product updates into bench_in (10 partitions)..." << std::endl;
  if (auto failed = runCommand(py + "produce-products " + bootstrap + " bench_in " + std::to_string(records)))
    return std::cerr << *failed, 1;

  struct Row {
    const char* what;
    Measured r;
  };
  std::vector<Row> rows;
  rows.push_back({"at-least-once (checkpoint 1 s)", runVariant(bootstrap, "alo", false, 1000, records, dir)});
  rows.push_back({"exactly_once (transaction per 1 s)", runVariant(bootstrap, "eo1000", true, 1000, records, dir)});
  rows.push_back({"exactly_once (transaction per 100 ms)", runVariant(bootstrap, "eo100", true, 100, records, dir)});
  std::vector<Row> stateful;
  stateful.push_back({"aggregate, at-least-once (checkpoint 1 s)",
                      runVariant(bootstrap, "salo", false, 1000, records, dir, true)});
  stateful.push_back({"aggregate, exactly_once (transaction per 1 s)",
                      runVariant(bootstrap, "seo1000", true, 1000, records, dir, true)});

  std::printf("\ntopic -> seed 004 transform -> topic, %lld records, 10 partitions, in-process embedded broker, %u cores\n",
              static_cast<long long>(records), std::thread::hardware_concurrency());
  std::printf("%-40s %12s %12s %12s\n", "", "records/s", "start-up s", "records");
  for (const Row& row : rows)
    std::printf("%-40s %12.0f %12.1f %12lld\n", row.what, row.r.rate, row.r.startup,
                static_cast<long long>(row.r.done));
  if (rows[0].r.rate > 0)
    for (std::size_t i = 1; i < rows.size(); ++i)
      std::printf("%s / at-least-once: %.2fx\n", rows[i].what, rows[i].r.rate / rows[0].r.rate);
  std::printf("\ntopic -> aggregate (tumbling 1 m, count + sum per id, state with changelog) -> topic\n");
  for (const Row& row : stateful)
    std::printf("%-48s %12.0f %12.1f %12lld\n", row.what, row.r.rate, row.r.startup,
                static_cast<long long>(row.r.done));
  if (stateful[0].r.rate > 0)
    std::printf("aggregate: exactly_once / at-least-once: %.2fx\n", stateful[1].r.rate / stateful[0].r.rate);
  (*b)->stop();
  std::filesystem::remove_all(dir);
  return 0;
}
