// tributary-runner broker --listen HOST:PORT --data DIR [...]
#include <signal.h>

#include <cstdlib>
#include <iostream>
#include <memory>

#include "app/runner/cli.h"
#include "core/broker/broker.h"
#include "core/registry/registry_server.h"
#include "core/registry/schema_registry.h"

namespace tributary::cli {
namespace {

const char* kUsage = R"(Usage: tributary-runner broker --data DIR [--listen HOST:PORT] [OPTIONS]

Runs the embedded single-node Kafka-compatible broker until SIGINT or SIGTERM.
Any Kafka client can use it (bootstrap servers = the listen address).

  --listen HOST:PORT      address to bind (default 127.0.0.1:9092; port 0 picks a free one).
                          Binds to loopback unless told otherwise.
  --data DIR              folder for topics, offsets and metadata (created if missing)
  --advertised-host HOST  host name given to clients (default: the listen host)
  --partitions N          partitions of auto-created topics (default 1)
  --no-auto-create        do not create topics on first use
  --flush POLICY          every-batch | interval | os (default interval)
  --flush-interval-ms MS  for --flush interval (default 1000)
  --max-frame-bytes N     largest request accepted (default 104857600)
  --retention-ms MS       default retention.ms of topics (default 604800000; -1 keeps all)
  --retention-bytes N     default retention.bytes per partition (default -1)
  --segment-bytes N       default segment.bytes (default 1073741824)
  --cleaner-backoff-ms MS how often topics with cleanup.policy=compact are checked
                          for compaction (default 15000)
  --schema-registry HOST:PORT
                          also serve a Confluent-compatible Schema Registry (Avro) there,
                          its state in the compacted topic _schemas (loopback unless told otherwise)
  --schema-registry-user USER
                          require HTTP basic auth with USER and the password in the
                          environment variable TRIBUTARY_SCHEMA_REGISTRY_PASSWORD

Prints "listening on HOST:PORT" on standard output once clients can connect,
and "schema registry on http://HOST:PORT" once the registry answers.
)";

bool parseNumber(const std::string& text, long long& out) {
  try {
    std::size_t used = 0;
    out = std::stoll(text, &used);
    return used == text.size();
  } catch (...) {
    return false;
  }
}

int run(const std::vector<std::string>& argv) {
  Args args(argv);
  broker::BrokerOptions options;
  options.port = 9092;
  std::string listen, data, value, error;
  auto bad = [](const std::string& message) {
    std::cerr << "broker: " << message << "\n" << kUsage;
    return kExitBadInput;
  };
  if (!args.option("--data", data) || data.empty()) return bad("name a data folder with --data DIR");
  options.dataDir = data;
  if (args.option("--listen", listen)) {
    auto colon = listen.rfind(':');
    long long port = 0;
    if (colon == std::string::npos || !parseNumber(listen.substr(colon + 1), port) || port < 0 || port > 65535)
      return bad("--listen needs HOST:PORT, got '" + listen + "'");
    std::string host = listen.substr(0, colon);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    options.host = host;
    options.port = static_cast<uint16_t>(port);
  }
  args.option("--advertised-host", options.advertisedHost);
  options.autoCreateTopics = !args.flag("--no-auto-create");
  long long n = 0;
  if (args.option("--partitions", value)) {
    if (!parseNumber(value, n) || n < 1 || n > 10000) return bad("--partitions needs a number from 1 to 10000");
    options.defaultPartitions = static_cast<int32_t>(n);
  }
  if (args.option("--flush", value)) {
    if (value == "every-batch")
      options.flushPolicy = broker::FlushPolicy::EveryBatch;
    else if (value == "interval")
      options.flushPolicy = broker::FlushPolicy::Interval;
    else if (value == "os")
      options.flushPolicy = broker::FlushPolicy::Os;
    else
      return bad("--flush is every-batch, interval or os");
  }
  if (args.option("--flush-interval-ms", value)) {
    if (!parseNumber(value, n) || n < 1 || n > INT32_MAX) return bad("--flush-interval-ms needs a positive number");
    options.flushIntervalMs = static_cast<int32_t>(n);
  }
  if (args.option("--max-frame-bytes", value)) {
    if (!parseNumber(value, n) || n < 1024 || n > INT32_MAX) return bad("--max-frame-bytes needs a number >= 1024");
    options.maxFrameBytes = static_cast<int32_t>(n);
  }
  if (args.option("--retention-ms", value)) {
    if (!parseNumber(value, n) || n < -1) return bad("--retention-ms needs -1 or more");
    options.retentionMs = n;
  }
  if (args.option("--retention-bytes", value)) {
    if (!parseNumber(value, n) || n < -1) return bad("--retention-bytes needs -1 or more");
    options.retentionBytes = n;
  }
  if (args.option("--segment-bytes", value)) {
    if (!parseNumber(value, n) || n < 14 || n > INT32_MAX) return bad("--segment-bytes needs 14 to 2147483647");
    options.segmentBytes = n;
  }
  if (args.option("--cleaner-backoff-ms", value)) {
    if (!parseNumber(value, n) || n < 1 || n > INT32_MAX) return bad("--cleaner-backoff-ms needs a positive number");
    options.cleanerBackoffMs = static_cast<int32_t>(n);
  }
  registry::RegistryServerOptions registryOptions;
  bool withRegistry = args.option("--schema-registry", registryOptions.listen);
  if (args.option("--schema-registry-user", registryOptions.user)) {
    if (!withRegistry) return bad("--schema-registry-user needs --schema-registry");
    const char* password = std::getenv("TRIBUTARY_SCHEMA_REGISTRY_PASSWORD");
    if (!password || !*password)
      return bad("--schema-registry-user needs the password in TRIBUTARY_SCHEMA_REGISTRY_PASSWORD");
    registryOptions.password = password;
  }
  std::vector<std::string> rest;
  if (!args.positionals(rest, error) || !rest.empty())
    return bad(error.empty() ? "unexpected argument " + rest[0] : error);

  // Block the stop signals before any thread starts, then wait for them here.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto started = broker::Broker::start(options);
  if (!started) {
    std::cerr << "broker: " << started.error().toString() << "\n";
    return kExitFailure;
  }
  auto& b = *started;
  std::cout << "listening on " << b->bootstrap() << std::endl;
  std::unique_ptr<registry::RegistryServer> registryServer;
  if (withRegistry) {
    kafka::ClusterConfig cluster;
    cluster.name = "embedded";
    cluster.bootstrap = b->bootstrap();
    auto schemas = std::make_shared<registry::SchemaRegistry>(registry::makeKafkaSchemaLog(cluster));
    Status loaded = schemas->load();
    if (!loaded) {
      std::cerr << "broker: the schema registry cannot read its state: " << loaded.error().toString() << "\n";
      b->stop();
      return kExitFailure;
    }
    registryServer = std::make_unique<registry::RegistryServer>(schemas);
    if (Status s = registryServer->start(registryOptions); !s) {
      std::cerr << "broker: " << s.error().toString() << "\n";
      b->stop();
      return kExitFailure;
    }
    std::cout << "schema registry on " << registryServer->url() << std::endl;
  }
  int sig = 0;
  sigwait(&signals, &sig);
  std::cerr << "broker: " << (sig == SIGINT ? "SIGINT" : "SIGTERM") << " received, stopping\n";
  if (registryServer) registryServer->stop();
  b->stop();
  return kExitOk;
}

}  // namespace

Command brokerCommand() {
  return {"broker", "run the embedded Kafka-compatible broker", kUsage, run};
}

}  // namespace tributary::cli
