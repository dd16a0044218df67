// Prints how fast the topic browser's core operations are on a large topic in
// the embedded broker: showing the newest 1,000 messages of a topic holding
// N messages, and a substring search over the newest 1,000,000 (~200 bytes
// each), with the process's memory before and after.
//   build/tests/bench/kafka/bench_kafka_browse [messages=10000000] [partitions=4]
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>

#include "core/broker/broker.h"
#include "core/kafka/browser.h"
#include "core/kafka/client.h"

using namespace tributary;
using Clock = std::chrono::steady_clock;

namespace {

long rssKb(const char* field = "VmRSS:") {
  std::ifstream in("/proc/self/status");
  for (std::string line; std::getline(in, line);)
    if (line.rfind(field, 0) == 0) return std::atol(line.c_str() + std::strlen(field));
  return -1;
}

// CPU time of the whole process (broker and client threads): a figure the
// other load on a shared machine does not inflate the way it inflates wall time.
double cpuMs() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000.0 +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1000.0;
}

double msSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  long long total = argc > 1 ? std::atoll(argv[1]) : 10'000'000;
  int partitions = argc > 2 ? std::atoi(argv[2]) : 4;
  char tmpl[] = "/tmp/bench-kafka-XXXXXX";
  std::filesystem::path dir = ::mkdtemp(tmpl);
  broker::BrokerOptions options;
  options.dataDir = dir / "data";
  options.flushPolicy = broker::FlushPolicy::Os;
  options.defaultPartitions = partitions;
  auto started = broker::Broker::start(options);
  if (!started) {
    std::fprintf(stderr, "%s\n", started.error().toString().c_str());
    return 1;
  }
  auto& b = *started;
  kafka::setEmbeddedBootstrap(b->bootstrap());
  auto client = kafka::ClusterClient::connect(kafka::ClusterConfig{});
  if (!client || !(*client)->createTopic("big", partitions, 1).ok()) {
    std::fprintf(stderr, "cannot set up the topic\n");
    return 1;
  }

  // Fill the topic with ~200-byte JSON records; one of the newest million holds the needle.
  auto producer = kafka::Client::create(kafka::ClusterConfig{}, kafka::Client::Kind::Producer,
                                        {{"linger.ms", "20"}, {"batch.num.messages", "10000"},
                                         {"queue.buffering.max.messages", "2000000"}, {"acks", "1"}});
  if (!producer) return 1;
  rd_kafka_t* rk = (*producer)->handle();
  std::string value;
  auto fillStart = Clock::now();
  long long needleAt = total - 500'000;
  for (long long i = 0; i < total; ++i) {
    value = "{\"id\":" + std::to_string(i) +
            ",\"customer\":\"customer-" + std::to_string(i % 9973) +
            "\",\"status\":\"shipped\",\"amount\":" + std::to_string(i % 1000) + ".25,\"note\":\"" +
            (i == needleAt ? "needle-in-the-haystack" : "ordinary order without anything special") +
            "\",\"items\":[{\"sku\":\"SKU-" + std::to_string(i % 500) + "\",\"qty\":2}],\"pad\":\"xxxxxxxxxxxxxxxx\"}";
    while (rd_kafka_producev(rk, RD_KAFKA_V_TOPIC("big"), RD_KAFKA_V_VALUE(value.data(), value.size()),
                             RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END) == RD_KAFKA_RESP_ERR__QUEUE_FULL)
      rd_kafka_poll(rk, 5);
    if (i % 10000 == 0) rd_kafka_poll(rk, 0);
  }
  rd_kafka_flush(rk, 600000);
  std::printf("filled %lld messages of ~%zu bytes in %d partitions in %.1f s\n", total, value.size(), partitions,
              msSince(fillStart) / 1000);
  producer->reset();

  kafka::MessageBrowser browser(**client);
  long rssBefore = rssKb();
  for (int round = 0; round < 3; ++round) {
    auto start = Clock::now();
    double cpuStart = cpuMs();
    auto newest = browser.browse(kafka::BrowseRequest{.topic = "big", .from = kafka::StartAt::Newest, .limit = 1000});
    double ms = msSince(start);
    if (!newest || newest->size() != 1000) {
      std::fprintf(stderr, "browse failed\n");
      return 1;
    }
    std::printf("newest 1,000 of %lld: %.1f ms wall, %.1f ms CPU (round %d; target < 300 ms)\n", total, ms,
                cpuMs() - cpuStart, round + 1);
  }
  long long scanned = std::min<long long>(total, 1'000'000);
  for (int round = 0; round < 2; ++round) {
    auto start = Clock::now();
    double cpuStart = cpuMs();
    std::size_t found = 0;
    auto result = browser.search(kafka::SearchRequest{.topic = "big", .substring = "needle-in-the-haystack",
                                                      .maxScanned = scanned},
                                 [&](const kafka::Message&) { ++found; }, {});
    double ms = msSince(start);
    if (!result) {
      std::fprintf(stderr, "search failed: %s\n", result.error().toString().c_str());
      return 1;
    }
    std::printf(
        "substring search over %lld messages: %.0f ms wall, %.0f ms CPU, %lld scanned, %zu found (round %d; target < "
        "2000 ms)\n",
        scanned, ms, cpuMs() - cpuStart, static_cast<long long>(result->scanned), found, round + 1);
  }
  std::printf("memory: RSS %ld MiB before browsing, %ld MiB after; peak %ld MiB\n", rssBefore / 1024, rssKb() / 1024,
              rssKb("VmHWM:") / 1024);
  client->reset();
  b->stop();
  std::filesystem::remove_all(dir);
  return 0;
}
