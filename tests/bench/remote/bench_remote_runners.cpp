// Benchmark (printed, not asserted): records/s of a Kafka -> map -> Kafka
// pipeline (seed 004's transform) on 1, 2 and 3 runners sharing the input
// topic's partitions, on one runner with `parallelism: 2` (two group members
// in one process; the ratio to one member is printed), and the same work done two other ways in the same run,
// on the same standalone embedded broker and input: seed 004's approach — a
// Python consumer-transform-producer loop with python3-confluent-kafka — and
// the ceiling: a hand-written librdkafka C++ loop (cxxLoop below) with the
// same JSON codec, producer settings and consumer queue settings as the
// runner's topic nodes, but no engine in between.
//
//   bench_remote_runners [RECORDS] [librdkafka-defaults]   (default 300000; 10 partitions)
//   bench_remote_runners RECORDS parallelism [ROUNDS]
//
// "parallelism": only one runner at parallelism 1 and 2, alternated ROUNDS
// times (default 3) over the preloaded input and timed in steady state (every
// member holding partitions, until 90 % is out), with the CPU the runner and
// the broker spent per record (/proc), the busiest threads, every ratio, the
// median and the ceiling that CPU allows (benchParallelism below).
// BENCH_RUNNER=PATH runs another build's tributary-runner as the runners.
//
// With "librdkafka-defaults" the runners' topic nodes get librdkafka's own
// queued.min.messages / queued.max.messages.kbytes (100000 / 65536) instead of
// kafka::consumerQueueSettings(): the figures from before that change.
//
// Each variant reads the whole input in a consumer group of its own and
// writes a topic of its own. The rate counts from the first output record to
// the last (start-up and group joining excluded, and printed separately).
#include <librdkafka/rdkafka.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <map>
#include <sstream>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/kafka/client.h"
#include "core/kafka/cluster.h"
#include "core/record/json.h"
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

// bench_in -> seed 004's transform -> `out`, the topic read by `parallelism` members per runner.
nlohmann::json pipelineJson(const std::string& name, const std::string& out, int parallelism,
                            const nlohmann::json& clusterJson) {
  return {{"tributary", 1},
          {"name", name},
          {"cluster", clusterJson},
          {"nodes",
           {{{"id", "in"},
             {"type", "topic"},
             {"config", {{"name", "bench_in"}, {"create", false}, {"parallelism", parallelism}}}},
            {{"id", "transform"}, {"type", "transform.map"}, {"config", {{"select", kSelect}}}},
            {{"id", "out"}, {"type", "topic"}, {"config", {{"name", out}, {"partitions", 10}, {"key", "id"}}}}}},
          {"edges", {{{"from", "in"}, {"to", "transform"}}, {{"from", "transform"}, {"to", "out"}}}}};
}

struct LoopResult {
  std::int64_t records = 0;
  double seconds = 0;   // first record consumed to last output delivered
  double startup = 0;   // start to first record consumed
  std::string error;
};

// The ceiling: consume -> seed 004's transform -> produce with librdkafka
// directly, in one thread. Same transform as kSelect: upper-cased category,
// discount_price (price * 0.8 for CAT_5, else price), key = id.
LoopResult cxxLoop(const std::string& bootstrap, const std::string& in, const std::string& out, std::int64_t records) {
  LoopResult result;
  char err[512];
  auto conf = [&](rd_kafka_conf_t* c, const std::map<std::string, std::string>& settings) {
    for (const auto& [k, v] : settings)
      if (rd_kafka_conf_set(c, k.c_str(), v.c_str(), err, sizeof err) != RD_KAFKA_CONF_OK) result.error = k + ": " + err;
  };
  rd_kafka_conf_t* cc = rd_kafka_conf_new();
  std::map<std::string, std::string> consumerSettings = kafka::consumerQueueSettings();
  consumerSettings.insert({{"bootstrap.servers", bootstrap},
                           {"group.id", "bench-cxx-loop"},
                           {"auto.offset.reset", "earliest"},
                           {"enable.auto.commit", "true"},
                           {"fetch.wait.max.ms", "100"}});
  conf(cc, consumerSettings);
  rd_kafka_conf_t* pc = rd_kafka_conf_new();
  conf(pc, {{"bootstrap.servers", bootstrap},
            {"acks", "all"},
            {"enable.idempotence", "true"},
            {"compression.type", "lz4"},
            {"linger.ms", "5"},
            {"queue.buffering.max.messages", "1000000"}});
  if (!result.error.empty()) return result;
  rd_kafka_t* consumer = rd_kafka_new(RD_KAFKA_CONSUMER, cc, err, sizeof err);
  rd_kafka_t* producer = rd_kafka_new(RD_KAFKA_PRODUCER, pc, err, sizeof err);
  if (!consumer || !producer) {
    result.error = err;
    return result;
  }
  rd_kafka_poll_set_consumer(consumer);
  rd_kafka_topic_partition_list_t* topics = rd_kafka_topic_partition_list_new(1);
  rd_kafka_topic_partition_list_add(topics, in.c_str(), RD_KAFKA_PARTITION_UA);
  rd_kafka_subscribe(consumer, topics);
  rd_kafka_topic_partition_list_destroy(topics);
  rd_kafka_queue_t* queue = rd_kafka_queue_get_consumer(consumer);
  std::vector<rd_kafka_message_t*> batch(10000);
  auto t0 = std::chrono::steady_clock::now();
  std::optional<std::chrono::steady_clock::time_point> first;
  const auto deadline = t0 + 300s;
  std::string key, value;
  while (result.records < records && std::chrono::steady_clock::now() < deadline) {
    ssize_t n = rd_kafka_consume_batch_queue(queue, 100, batch.data(), batch.size());
    for (ssize_t i = 0; i < n; ++i) {
      rd_kafka_message_t* m = batch[static_cast<std::size_t>(i)];
      if (!m->err) {
        if (!first) first = std::chrono::steady_clock::now();
        auto parsed = record::parseJson(std::string_view(static_cast<const char*>(m->payload), m->len));
        if (parsed && parsed->type() == record::ValueType::Object) {
          record::Value& v = *parsed;
          std::string category(v.find("category") ? v.find("category")->asString() : "");
          for (char& ch : category) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
          v.set("category", record::Value(category));
          double price = v.find("price") && v.find("price")->isNumber() ? v.find("price")->asDouble() : 0;
          v.set("discount_price", record::Value(category == "CAT_5" ? price * 0.8 : price));
          key.clear();
          if (const record::Value* id = v.find("id")) record::appendJson(*id, key);
          value.clear();
          record::appendJson(v, value);
          while (rd_kafka_producev(producer, RD_KAFKA_V_TOPIC(out.c_str()), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                                   RD_KAFKA_V_KEY(key.data(), key.size()), RD_KAFKA_V_VALUE(value.data(), value.size()),
                                   RD_KAFKA_V_END) == RD_KAFKA_RESP_ERR__QUEUE_FULL)
            rd_kafka_poll(producer, 10);
        }
        ++result.records;
      }
      rd_kafka_message_destroy(m);
    }
    rd_kafka_poll(producer, 0);
  }
  rd_kafka_flush(producer, 60000);
  auto t1 = std::chrono::steady_clock::now();
  if (!first) first = t1;
  result.seconds = std::chrono::duration<double>(t1 - *first).count();
  result.startup = std::chrono::duration<double>(*first - t0).count();
  rd_kafka_queue_destroy(queue);
  rd_kafka_consumer_close(consumer);
  rd_kafka_destroy(consumer);
  rd_kafka_destroy(producer);
  return result;
}

// CPU seconds (user + system) in a /proc/.../stat file: a process's or a thread's.
double cpuSeconds(const std::string& statFile) {
  std::string stat = slurp(statFile);
  auto close = stat.rfind(')');  // the name may hold spaces and parentheses
  if (close == std::string::npos) return 0;
  std::istringstream fields(stat.substr(close + 1));
  std::string field;
  for (int i = 3; i <= 13; ++i) fields >> field;  // state .. cmajflt
  unsigned long long user = 0, system = 0;
  fields >> user >> system;
  return static_cast<double>(user + system) / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

// Each thread of `pid`: its id -> (name, CPU seconds).
std::map<std::string, std::pair<std::string, double>> threadSeconds(pid_t pid) {
  std::map<std::string, std::pair<std::string, double>> out;
  const std::string dir = "/proc/" + std::to_string(pid) + "/task";
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    std::string name = slurp(entry.path().string() + "/comm");
    while (!name.empty() && name.back() == '\n') name.pop_back();
    out[entry.path().filename().string()] = {name, cpuSeconds(entry.path().string() + "/stat")};
  }
  return out;
}

// Busy CPU seconds of the whole machine (every core, every process).
double machineSeconds() {
  std::istringstream line(slurp("/proc/stat"));
  std::string cpu;
  unsigned long long user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0;
  line >> cpu >> user >> nice >> system >> idle >> iowait >> irq >> softirq >> steal;
  return static_cast<double>(user + nice + system + irq + softirq + steal) /
         static_cast<double>(::sysconf(_SC_CLK_TCK));
}

// What the processes spent at one moment.
struct CpuSample {
  std::chrono::steady_clock::time_point at;
  std::int64_t records = 0;  // in the output topic
  double runner = 0, broker = 0, self = 0, machine = 0;
  std::map<std::string, std::pair<std::string, double>> runnerThreads, brokerThreads;
};

CpuSample sampleCpu(kafka::ClusterClient& admin, const std::string& out, pid_t runner, pid_t broker) {
  CpuSample s;
  s.records = high(admin, out);
  s.at = std::chrono::steady_clock::now();
  s.runner = cpuSeconds("/proc/" + std::to_string(runner) + "/stat");
  s.broker = cpuSeconds("/proc/" + std::to_string(broker) + "/stat");
  s.self = cpuSeconds("/proc/self/stat");
  s.machine = machineSeconds();
  s.runnerThreads = threadSeconds(runner);
  s.brokerThreads = threadSeconds(broker);
  return s;
}

// The busiest threads between two samples, summed by thread name: "name cores, ...".
std::string busiestThreads(const std::map<std::string, std::pair<std::string, double>>& before,
                           const std::map<std::string, std::pair<std::string, double>>& after, double seconds) {
  std::map<std::string, std::pair<double, int>> byName;
  for (const auto& [tid, thread] : after) {
    auto was = before.find(tid);
    auto& [cpu, count] = byName[thread.first];
    cpu += thread.second - (was == before.end() ? 0 : was->second.second);
    ++count;
  }
  std::vector<std::pair<double, std::string>> sorted;
  for (const auto& [name, v] : byName)
    if (v.first > 0) sorted.push_back({v.first, name + (v.second > 1 ? " (x" + std::to_string(v.second) + ")" : "")});
  std::sort(sorted.rbegin(), sorted.rend());
  std::string text;
  for (std::size_t i = 0; i < sorted.size() && i < 8; ++i) {
    char buf[128];
    std::snprintf(buf, sizeof buf, "%s%s %.2f", i ? ", " : "", sorted[i].second.c_str(), sorted[i].first / seconds);
    text += buf;
  }
  return text;
}

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

// One runner with `parallelism` members over the preloaded bench_in, timed in
// its steady state: from the first moment every member holds partitions (after
// start-up and the group's rebalances) until 90 % of the input is out (the tail,
// where members finish at different times, is left out).
struct SteadyRun {
  double rate = 0, seconds = 0, startup = 0;
  double runnerPerRecord = 0, brokerPerRecord = 0;  // CPU seconds per record
  double runnerCores = 0, brokerCores = 0, otherCores = 0;
  std::string runnerThreads, brokerThreads;
  std::string error;
};

SteadyRun steadyRun(kafka::ClusterClient& admin, const std::filesystem::path& dir, const nlohmann::json& clusterJson,
                    const ChildProcess& broker, const std::string& name, const std::string& out, int parallelism,
                    std::int64_t records) {
  SteadyRun run;
  Runner r;
  if (const char* other = std::getenv("BENCH_RUNNER")) r.program = other;
  r.stateDir = (dir / name).string();
  r.logFile = r.stateDir + ".err";
  if (!r.start()) {
    run.error = "the runner did not start: " + r.log();
    return run;
  }
  auto t0 = std::chrono::steady_clock::now();
  if (auto d = r.client->deploy(pipelineJson(name, out, parallelism, clusterJson).dump(), true); !d) {
    run.error = d.error().toString();
    return run;
  }
  // Every member holds partitions: the runner's status lists them per member.
  auto allAssigned = [&] {
    auto status = r.client->pipeline(name);
    if (!status || !status->contains("nodes")) return false;
    for (const auto& node : (*status)["nodes"])
      if (node.value("id", "") == "in" && node.contains("members")) {
        if (static_cast<int>(node["members"].size()) != parallelism) return false;
        for (const auto& m : node["members"])
          if (m["partitions"].empty()) return false;
        return true;
      }
    return false;
  };
  const auto deadline = t0 + 180s;
  while (!allAssigned()) {
    if (std::chrono::steady_clock::now() > deadline) {
      run.error = "the members never all held partitions";
      return run;
    }
    std::this_thread::sleep_for(20ms);
  }
  CpuSample start = sampleCpu(admin, out, r.process->pid(), broker.pid());
  run.startup = std::chrono::duration<double>(start.at - t0).count();
  CpuSample end = start;
  const auto goal = static_cast<std::int64_t>(static_cast<double>(records) * 0.9);
  while (end.records < goal && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(50ms);
    end = sampleCpu(admin, out, r.process->pid(), broker.pid());
  }
  if (end.records < goal) {
    run.error = "only " + std::to_string(end.records) + " of " + std::to_string(records) + " records arrived";
    return run;
  }
  run.seconds = std::chrono::duration<double>(end.at - start.at).count();
  const double n = static_cast<double>(end.records - start.records);
  if (run.seconds <= 0 || n <= 0) {
    run.error = "the input was read before every member held partitions; use more records";
    return run;
  }
  run.rate = n / run.seconds;
  run.runnerPerRecord = (end.runner - start.runner) / n;
  run.brokerPerRecord = (end.broker - start.broker) / n;
  run.runnerCores = (end.runner - start.runner) / run.seconds;
  run.brokerCores = (end.broker - start.broker) / run.seconds;
  run.otherCores = (end.machine - start.machine) / run.seconds - run.runnerCores - run.brokerCores;
  run.runnerThreads = busiestThreads(start.runnerThreads, end.runnerThreads, run.seconds);
  run.brokerThreads = busiestThreads(start.brokerThreads, end.brokerThreads, run.seconds);
  r.process->signal(SIGTERM);
  r.process->wait(30s);
  std::error_code ec;
  std::filesystem::remove_all(r.stateDir, ec);
  return run;
}

// `parallelism` mode: one runner with 1 and with 2 members, alternated `rounds`
// times over the same preloaded input, each in a group and output topic of its
// own; prints every ratio, their median, the CPU each process spent per record,
// and the ceiling that CPU allows on this machine's cores.
int benchParallelism(kafka::ClusterClient& admin, const std::filesystem::path& dir, const nlohmann::json& clusterJson,
                     const ChildProcess& broker, std::int64_t records, int rounds) {
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  std::vector<double> ratios, ceilings;
  std::printf("\nKafka -> seed 004 transform -> Kafka, one runner, %lld records preloaded, 10 partitions, standalone "
              "embedded broker, %u cores; steady state: from every member holding partitions to 90 %% of the output\n",
              static_cast<long long>(records), cores);
  std::printf("CPU in cores (CPU-s per wall-s) and microseconds of CPU per record; 'others': the rest of the machine\n");
  for (int round = 1; round <= rounds; ++round) {
    SteadyRun runs[2];
    // ABBA order: 1,2 then 2,1, so a drift of the machine's load weighs on both alike.
    for (int k = 0; k < 2; ++k) {
      int parallelism = (round % 2 == 1) == (k == 0) ? 1 : 2;
      const std::string name = "benchr" + std::to_string(round) + "p" + std::to_string(parallelism);
      const std::string out = "bench_out_r" + std::to_string(round) + "p" + std::to_string(parallelism);
      SteadyRun& run = runs[parallelism - 1];
      run = steadyRun(admin, dir, clusterJson, broker, name, out, parallelism, records);
      if (!run.error.empty()) {
        std::cerr << name << ": " << run.error << "\n";
        return 1;
      }
      std::printf("round %d, parallelism %d: %9.0f records/s over %.1f s (start-up %.1f s); runner %.2f cores "
                  "%.2f us/record, broker %.2f cores %.2f us/record, others %.2f cores\n",
                  round, parallelism, run.rate, run.seconds, run.startup, run.runnerCores, run.runnerPerRecord * 1e6,
                  run.brokerCores, run.brokerPerRecord * 1e6, run.otherCores);
      std::printf("    runner threads: %s\n    broker threads: %s\n", run.runnerThreads.c_str(),
                  run.brokerThreads.c_str());
      std::fflush(stdout);
    }
    double ratio = runs[1].rate / runs[0].rate;
    // With 1 member the runner and the broker spend c CPU-s per record; if 2
    // members spent no more per record, all cores would carry cores / c records/s.
    double ceiling = static_cast<double>(cores) / ((runs[0].runnerPerRecord + runs[0].brokerPerRecord) * runs[0].rate);
    ratios.push_back(ratio);
    ceilings.push_back(std::min(ceiling, 2.0));
    std::printf("round %d: parallelism 2 / parallelism 1: %.2fx (CPU ceiling %.2fx)\n", round, ratio,
                std::min(ceiling, 2.0));
  }
  std::printf("parallelism 2 / parallelism 1, median of %d rounds: %.2fx; ratios:", rounds, median(ratios));
  for (double r : ratios) std::printf(" %.2fx", r);
  std::printf("\nCPU ceiling (%u cores / (runner + broker CPU per record x records/s with 1 member)), median: %.2fx\n",
              cores, median(ceilings));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::int64_t records = argc > 1 ? std::stoll(argv[1]) : 300000;
  const bool librdkafkaDefaults = argc > 2 && std::string(argv[2]) == "librdkafka-defaults";
  const bool parallelismOnly = argc > 2 && std::string(argv[2]) == "parallelism";
  const int rounds = parallelismOnly && argc > 3 ? std::max(1, std::stoi(argv[3])) : 3;
  nlohmann::json clusterJson = {{"bootstrap", ""}};
  if (librdkafkaDefaults)
    clusterJson["properties"] = {{"queued.min.messages", "100000"}, {"queued.max.messages.kbytes", "65536"}};
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
  std::vector<std::string> topics = {"bench_in"};
  if (parallelismOnly) {
    for (int round = 1; round <= rounds; ++round)
      for (const char* p : {"p1", "p2"}) topics.push_back("bench_out_r" + std::to_string(round) + p);
  } else {
    topics.insert(topics.end(),
                  {"bench_out_1", "bench_out_1p2", "bench_out_2", "bench_out_3", "bench_out_py", "bench_out_cxx"});
  }
  for (const std::string& topic : topics) {
    Shell s = py("create-topic " + bootstrap + " " + topic + " 10");
    if (s.code != 0) return std::cerr << s.out, 1;
  }
  clusterJson["bootstrap"] = bootstrap;
  Shell s;
  kafka::ClusterConfig cluster;
  cluster.bootstrap = bootstrap;
  auto admin = kafka::ClusterClient::connect(cluster);
  if (!admin) return std::cerr << admin.error().toString() << "\n", 1;
  std::cout << "loading " << records << " product updates into bench_in (10 partitions)..." << std::endl;
  s = py("produce-products " + bootstrap + " bench_in " + std::to_string(records));
  if (s.code != 0) return std::cerr << s.out, 1;
  if (parallelismOnly) {
    int code = benchParallelism(**admin, dir, clusterJson, broker, records, rounds);
    broker.signal(SIGTERM);
    broker.wait(30s);
    if (code == 0) std::filesystem::remove_all(dir);
    else std::cerr << "kept " << dir.string() << " for inspection\n";
    return code;
  }

  struct Row {
    std::string what;
    double rate = 0, startup = 0, total = 0;
  };
  std::vector<Row> rows;
  bool keep = false;  // a failed run keeps its folder (runner logs) for a look
  // Runners, and members per runner (the topic node's `parallelism`).
  const std::vector<std::pair<int, int>> setups = {{1, 1}, {1, 2}, {2, 1}, {3, 1}};
  for (const auto& [n, parallelism] : setups) {
    std::vector<std::unique_ptr<Runner>> runners;
    for (int i = 0; i < n; ++i) {
      auto r = std::make_unique<Runner>();
      r->stateDir =
          (dir / ("runner" + std::to_string(n) + "p" + std::to_string(parallelism) + "-" + std::to_string(i))).string();
      r->logFile = r->stateDir + ".err";
      if (!r->start()) return std::cerr << "runner did not start: " << r->log(), 1;
      runners.push_back(std::move(r));
    }
    const std::string suffix = std::to_string(n) + (parallelism > 1 ? "p" + std::to_string(parallelism) : "");
    const std::string name = "bench" + suffix, out = "bench_out_" + suffix;
    nlohmann::json p = pipelineJson(name, out, parallelism, clusterJson);
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
    row.what = std::to_string(n) + " runner" + (n > 1 ? "s" : "") +
               (parallelism > 1 ? ", parallelism " + std::to_string(parallelism) : std::string()) + " (Tributary)";
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
  {
    LoopResult loop = cxxLoop(bootstrap, "bench_in", "bench_out_cxx", records);
    Row row;
    row.what = "C++ loop (librdkafka, hand-written)";
    if (loop.error.empty() && loop.seconds > 0) {
      row.rate = static_cast<double>(loop.records) / loop.seconds;
      row.startup = loop.startup;
      row.total = loop.startup + loop.seconds;
    } else {
      std::cerr << "C++ loop failed: " << loop.error << "\n";
    }
    rows.push_back(row);
  }
  std::printf("\nKafka -> seed 004 transform -> Kafka, %lld records, 10 partitions, standalone embedded broker, %u cores%s\n",
              static_cast<long long>(records), std::thread::hardware_concurrency(),
              librdkafkaDefaults ? ", runners with librdkafka's default consumer queue settings" : "");
  std::printf("%-42s %14s %12s %10s\n", "", "records/s", "start-up s", "total s");
  for (const Row& r : rows) std::printf("%-42s %14.0f %12.1f %10.1f\n", r.what.c_str(), r.rate, r.startup, r.total);
  const double python = rows[rows.size() - 2].rate, ceiling = rows.back().rate;
  for (std::size_t i = 0; i + 2 < rows.size(); ++i) {
    if (python > 0) std::printf("%s / Python loop: %.2fx\n", rows[i].what.c_str(), rows[i].rate / python);
    if (ceiling > 0) std::printf("%s / C++ loop: %.2fx\n", rows[i].what.c_str(), rows[i].rate / ceiling);
  }
  if (python > 0 && ceiling > 0) std::printf("C++ loop / Python loop: %.2fx\n", ceiling / python);
  if (rows[0].rate > 0)
    std::printf("1 runner: parallelism 2 / parallelism 1: %.2fx\n", rows[1].rate / rows[0].rate);
  broker.signal(SIGTERM);
  broker.wait(30s);
  if (keep)
    std::cerr << "kept " << dir.string() << " for inspection\n";
  else
    std::filesystem::remove_all(dir);
  return 0;
}
