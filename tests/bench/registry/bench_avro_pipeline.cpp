// bench_avro_pipeline: the topic-to-topic pipeline (topic -> topic, one
// partition each, on the embedded broker) with values in Avro (Confluent
// framing, the embedded broker's schema registry) against the same pipeline
// with JSON, on the same records (datagen "orders"), in one run. Each input
// topic is filled first; the measured run consumes it from the start and
// stops when the output topic holds every record. Prints records/s (wall) and
// records per CPU second of the process, and the Avro/JSON ratios.
// Usage: bench_avro_pipeline [RECORDS]   (default 200000)
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>
#include <thread>

#include <spdlog/spdlog.h>

#include "core/broker/broker.h"
#include "core/connectors/builtin.h"
#include "core/kafka/cluster.h"
#include "core/registry/registry_server.h"
#include "core/registry/schema_registry.h"
#include "core/runtime/engine.h"

using namespace tributary;
namespace fs = std::filesystem;

namespace {

const char* kOrderSchema = R"({"type":"record","name":"Order","namespace":"bench","fields":[
  {"name":"order_id","type":"long"},{"name":"customer_id","type":"long"},{"name":"product","type":"string"},
  {"name":"category","type":"string"},{"name":"quantity","type":"long"},{"name":"unit_price","type":"double"},
  {"name":"amount","type":"double"},{"name":"currency","type":"string"},{"name":"status","type":"string"},
  {"name":"country","type":"string"},{"name":"created_at","type":{"type":"long","logicalType":"timestamp-millis"}}]})";

double cpuSeconds() {
  rusage u{};
  ::getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

nlohmann::json topicConfig(const std::string& name, const std::string& format, const std::string& registry) {
  nlohmann::json c = {{"name", name}, {"format", format}, {"partitions", 1}};
  if (format == "avro") {
    c["schema_registry"] = registry;
    c["schema"] = kOrderSchema;
  }
  return c;
}

std::unique_ptr<runtime::Engine> engineFor(const model::Pipeline& p, const fs::path& dir) {
  runtime::EngineOptions o;
  o.workDir = dir;
  o.stateDir = dir / ("state-" + p.name);
  auto engine = runtime::Engine::create(p, connectors::builtinFactories(), o);
  if (!engine) {
    std::cerr << p.name << ": " << engine.error().toString() << "\n";
    std::exit(1);
  }
  return std::move(*engine);
}

std::int64_t highWatermark(kafka::ClusterClient& admin, const std::string& topic) {
  auto w = admin.watermarks(topic, {0});
  if (!w) {
    (void)admin.describeTopic(topic);  // a topic created after connecting: refresh the client's metadata
    return 0;
  }
  return w->empty() ? 0 : (*w)[0].second;
}

struct Rate {
  double wall = 0, perCpu = 0;
};

}  // namespace

int main(int argc, char** argv) {
  std::size_t records = argc > 1 ? std::stoull(argv[1]) : 200000;
  fs::path dir = fs::temp_directory_path() / ("tributary-bench-avro-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  spdlog::set_level(spdlog::level::warn);

  broker::BrokerOptions bo;
  bo.dataDir = dir / "broker";
  auto broker = broker::Broker::start(bo);
  if (!broker) {
    std::cerr << broker.error().toString() << "\n";
    return 1;
  }
  kafka::ClusterConfig cluster{"bench", (*broker)->bootstrap(), {}};
  auto schemas = std::make_shared<registry::SchemaRegistry>(registry::makeKafkaSchemaLog(cluster));
  if (Status s = schemas->load(); !s) {
    std::cerr << s.error().toString() << "\n";
    return 1;
  }
  registry::RegistryServer server(schemas);
  if (Status s = server.start({"127.0.0.1:0", {}, {}}); !s) {
    std::cerr << s.error().toString() << "\n";
    return 1;
  }
  auto admin = kafka::ClusterClient::connect(cluster);
  if (!admin) {
    std::cerr << admin.error().toString() << "\n";
    return 1;
  }

  std::printf("records: %zu (datagen orders), topic -> topic, one partition, embedded broker\n", records);
  Rate rates[2];
  const char* formats[] = {"json", "avro"};
  for (int f = 0; f < 2; ++f) {
    const std::string format = formats[f];
    // Fill the input topic.
    model::Pipeline fill;
    fill.name = "fill-" + format;
    fill.cluster.bootstrap = cluster.bootstrap;
    fill.nodes = {{"gen", "source.datagen", "", {{"template", "orders"}, {"seed", 42}, {"rate", 0}, {"count", records}},
                   std::nullopt},
                  {"in", "topic", "", topicConfig("in-" + format, format, server.url()), std::nullopt}};
    fill.edges = {{"gen", "", "in", ""}};
    auto filler = engineFor(fill, dir);
    filler->start();
    if (filler->wait() != runtime::State::Stopped) {
      std::cerr << "filling failed: " << filler->reason() << "\n";
      return 1;
    }
    std::fprintf(stderr, "filled in-%s: %lld messages\n", format.c_str(),
                 static_cast<long long>(highWatermark(**admin, "in-" + format)));
    // The measured run: in -> out until out holds every record.
    model::Pipeline copy;
    copy.name = "copy-" + format;
    copy.cluster.bootstrap = cluster.bootstrap;
    nlohmann::json in = topicConfig("in-" + format, format, server.url());
    in["start"] = "earliest";
    copy.nodes = {{"in", "topic", "", in, std::nullopt},
                  {"out", "topic", "", topicConfig("out-" + format, format, server.url()), std::nullopt}};
    copy.edges = {{"in", "", "out", ""}};
    auto engine = engineFor(copy, dir);
    auto start = std::chrono::steady_clock::now();
    double cpu = cpuSeconds();
    engine->start();
    while (highWatermark(**admin, "out-" + format) < static_cast<std::int64_t>(records)) {
      if (engine->state() == runtime::State::Failed) {
        std::cerr << "copy failed: " << engine->reason() << "\n";
        return 1;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    double used = cpuSeconds() - cpu;
    engine->stop();
    engine->wait();
    rates[f] = {static_cast<double>(records) / wall, static_cast<double>(records) / used};
    std::printf("%-5s %12.0f records/s (wall) %12.0f records per CPU second\n", format.c_str(), rates[f].wall,
                rates[f].perCpu);
  }
  std::printf("avro/json: %.2fx (wall), %.2fx (per CPU second)\n", rates[1].wall / rates[0].wall,
              rates[1].perCpu / rates[0].perCpu);
  server.stop();
  (*broker)->stop();
  fs::remove_all(dir);
  return 0;
}
