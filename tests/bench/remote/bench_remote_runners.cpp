// Benchmark (printed, not asserted): records/s of a Kafka -> map -> Kafka
// pipeline (seed 004's transform) on 1, 2 and 3 runners sharing the input
// topic's partitions, and the same work done by seed 004's approach — a
// Python consumer-transform-producer loop with python3-confluent-kafka — in
// the same run, on the same standalone embedded broker and input.
//
//   bench_remote_runners [RECORDS]     (default 300000; 10 partitions)
//
// Each variant reads the whole input in a consumer group of its own and
// writes a topic of its own. The rate counts from the first output record to
// the last (start-up and group joining excluded, and printed separately).
#include <filesystem>
#include <iostream>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/kafka/cluster.h"
#include "remote_fixture.h"

using namespace tributary;
using namespace tributary::testing;
using namespace std::chrono_literals;

namespace {

const std::string kPython = "/usr/bin/python3";
constexpr const char* kSelect =
    "*, upper(category) AS category, CASE WHEN upper(category) = 'CAT_5' THEN price * 0.8 ELSE price END AS "
    "discount_price";

Shell py(const std::string& args) {
  return shell(kPython + " " + REMOTE_CLIENTS_PY + " " + args + " 2>&1");
}

// Records in `topic` (sum of high watermarks), asked in-process: a Python
// process per poll would take the CPU the measured work needs.
std::int64_t high(kafka::ClusterClient& admin, const std::string& topic) {
  std::vector<std::int32_t> partitions(10);
  for (int i = 0; i < 10; ++i) partitions[i] = i;
  auto marks = admin.watermarks(topic, partitions);
  if (!marks) return 0;
  std::int64_t total = 0;
  for (const auto& [lo, hi] : *marks) total += hi;
  return total;
}

}  // namespace

int main(int argc, char** argv) {
  const std::int64_t records = argc > 1 ? std::stoll(argv[1]) : 300000;
  auto dir = std::filesystem::temp_directory_path() / ("bench-remote-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  ChildProcess broker({TRIBUTARY_RUNNER, "broker", "--listen", "127.0.0.1:0", "--data", (dir / "broker").string(),
                       "--flush", "os"},
                      (dir / "broker.err").string(), true);
  const std::string bootstrap = readListeningLine(broker, 30s);
  if (bootstrap.empty()) {
    std::cerr << "the broker did not start: " << slurp((dir / "broker.err").string()) << "\n";
    return 1;
  }
  // Every topic exists before the watermark client connects (its metadata cache would
  // otherwise hold "unknown topic" for a while after a topic appears).
  for (const char* topic : {"bench_in", "bench_out_1", "bench_out_2", "bench_out_3", "bench_out_py"}) {
    Shell s = py("create-topic " + bootstrap + " " + topic + " 10");
    if (s.code != 0) return std::cerr << s.out, 1;
  }
  Shell s;
  kafka::ClusterConfig cluster;
  cluster.bootstrap = bootstrap;
  auto admin = kafka::ClusterClient::connect(cluster);
  if (!admin) return std::cerr << admin.error().toString() << "\n", 1;
  std::cout << "loading " << records << " product updates into bench_in (10 partitions)..." << std::endl;
  s = py("produce-products " + bootstrap + " bench_in " + std::to_string(records));
  if (s.code != 0) return std::cerr << s.out, 1;

  struct Row {
    std::string what;
    double rate = 0, startup = 0, total = 0;
  };
  std::vector<Row> rows;
  bool keep = false;  // a failed run keeps its folder (runner logs) for a look
  for (int n = 1; n <= 3; ++n) {
    std::vector<std::unique_ptr<Runner>> runners;
    for (int i = 0; i < n; ++i) {
      auto r = std::make_unique<Runner>();
      r->stateDir = (dir / ("runner" + std::to_string(n) + "-" + std::to_string(i))).string();
      r->logFile = r->stateDir + ".err";
      if (!r->start()) return std::cerr << "runner did not start: " << r->log(), 1;
      runners.push_back(std::move(r));
    }
    const std::string name = "bench" + std::to_string(n), out = "bench_out_" + std::to_string(n);
    nlohmann::json p = {{"tributary", 1},
                        {"name", name},
                        {"cluster", {{"bootstrap", bootstrap}}},
                        {"nodes",
                         {{{"id", "in"}, {"type", "topic"}, {"config", {{"name", "bench_in"}, {"create", false}}}},
                          {{"id", "transform"}, {"type", "transform.map"}, {"config", {{"select", kSelect}}}},
                          {{"id", "out"}, {"type", "topic"}, {"config", {{"name", out}, {"partitions", 10}, {"key", "id"}}}}}},
                        {"edges", {{{"from", "in"}, {"to", "transform"}}, {{"from", "transform"}, {"to", "out"}}}}};
    auto t0 = std::chrono::steady_clock::now();
    for (auto& r : runners)
      if (auto d = r->client->deploy(p.dump(), true); !d) return std::cerr << d.error().toString() << "\n", 1;
    std::optional<std::chrono::steady_clock::time_point> first;
    std::int64_t firstCount = 0, now = 0;
    auto deadline = t0 + 120s;
    while ((now = high(**admin, out)) < records && std::chrono::steady_clock::now() < deadline) {
      if (!first && now > 0) {
        first = std::chrono::steady_clock::now();
        firstCount = now;
      }
      std::this_thread::sleep_for(100ms);
    }
    auto t1 = std::chrono::steady_clock::now();
    if (now < records) {
      std::cerr << name << ": only " << now << " of " << records << " records arrived; runner states:\n";
      for (auto& r : runners) {
        auto st = r->client->pipeline(name);
        std::cerr << "  " << (st ? st->dump().substr(0, 600) : st.error().toString()) << "\n";
      }
      keep = true;
    }
    if (!first) first = t1;
    Row row;
    row.what = std::to_string(n) + " runner" + (n > 1 ? "s" : "") + " (Tributary)";
    double busy = std::chrono::duration<double>(t1 - *first).count();
    row.rate = busy > 0 ? static_cast<double>(now - firstCount) / busy : 0;
    row.startup = std::chrono::duration<double>(*first - t0).count();
    row.total = std::chrono::duration<double>(t1 - t0).count();
    rows.push_back(row);
    std::cout << row.what << ": " << static_cast<long long>(row.rate) << " records/s" << std::endl;
    for (auto& r : runners) {
      r->process->signal(SIGTERM);
      r->process->wait(30s);
    }
  }
  {
    auto t0 = std::chrono::steady_clock::now();
    Shell loop = py("transform-loop " + bootstrap + " bench_in bench_out_py " + std::to_string(records));
    auto t1 = std::chrono::steady_clock::now();
    auto j = nlohmann::json::parse(loop.out.substr(loop.out.rfind('{')), nullptr, false);
    Row row;
    row.what = "Python loop (confluent-kafka, seed 004)";
    if (j.is_object() && j["seconds"].get<double>() > 0) {
      row.rate = j["records"].get<double>() / j["seconds"].get<double>();
      row.total = std::chrono::duration<double>(t1 - t0).count();
      row.startup = row.total - j["seconds"].get<double>();
    } else {
      std::cerr << "python loop failed: " << loop.out << "\n";
    }
    rows.push_back(row);
  }
  std::printf("\nKafka -> seed 004 transform -> Kafka, %lld records, 10 partitions, standalone embedded broker, %u cores\n",
              static_cast<long long>(records), std::thread::hardware_concurrency());
  std::printf("%-42s %14s %12s %10s\n", "", "records/s", "start-up s", "total s");
  for (const Row& r : rows) std::printf("%-42s %14.0f %12.1f %10.1f\n", r.what.c_str(), r.rate, r.startup, r.total);
  const double python = rows.back().rate;
  if (python > 0)
    for (std::size_t i = 0; i + 1 < rows.size(); ++i)
      std::printf("%s / Python: %.1fx\n", rows[i].what.c_str(), rows[i].rate / python);
  broker.signal(SIGTERM);
  broker.wait(30s);
  if (keep)
    std::cerr << "kept " << dir.string() << " for inspection\n";
  else
    std::filesystem::remove_all(dir);
  return 0;
}
