// Prints source.mqtt's QoS 1 ingest rate next to mosquitto_sub's on the same
// stream, in one run. Both subscribe once with a persistent session (so the
// broker queues for them), then N JSON messages (~120 bytes) are published at
// QoS 1 with mosquitto_pub; then each drains its queue: the source through
// poll() with JSON parsing into records, mosquitto_sub writing the payloads to
// /dev/null. The broker's work is the same for both.
//   ./bench_mqtt_source [messages]   (default 100000)
#include <chrono>
#include <cstdio>
#include <algorithm>
#include <string>

#include "tests/integration/sources/source_harness.h"

using namespace tributary;
using namespace tributary::testing;

namespace {

double since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

int main(int argc, char** argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 100000;
  MosquittoBroker broker("max_queued_messages 0\nmax_inflight_messages 0\n");
  if (!broker.start()) {
    std::fprintf(stderr, "mosquitto did not start:\n%s\n", broker.log().c_str());
    return 1;
  }
  nlohmann::json config = {{"brokers", {broker.uri()}}, {"topics", {"bench/#"}}, {"qos", 1}, {"client_id", "bench-src"}};
  std::string subArgs = "/usr/bin/mosquitto_sub -h 127.0.0.1 -p " + std::to_string(broker.port()) +
                        " -q 1 -c -i bench-sub -t 'bench/#'";
  {
    // Register both persistent sessions.
    SourceHarness h("source.mqtt", config);
    if (!h.source || !h.open().ok()) return 1;
    h.pollFor(std::chrono::milliseconds(800));
    runCapture(subArgs + " -W 1 > /dev/null 2>&1");
  }
  std::vector<std::string> lines;
  for (int i = 0; i < n; ++i)
    lines.push_back("{\"device_id\":\"sensor-" + std::to_string(i % 200) + "\",\"seq\":" + std::to_string(i) +
                    ",\"temperature\":21.5,\"humidity\":40.2,\"ts\":\"2026-12-06T01:00:00Z\"}");
  auto t0 = std::chrono::steady_clock::now();
  // mosquitto_pub -l loses the tail of very long inputs (it exits with
  // messages still in flight), so it gets them in chunks.
  for (std::size_t at = 0; at < lines.size(); at += 10000) {
    std::vector<std::string> chunk(lines.begin() + static_cast<std::ptrdiff_t>(at),
                                   lines.begin() + static_cast<std::ptrdiff_t>(std::min(lines.size(), at + 10000)));
    if (!broker.publish("bench/readings", chunk, 1)) return 1;
  }
  std::printf("published %d QoS 1 messages in %.2f s (mosquitto_pub)\n", n, since(t0));

  t0 = std::chrono::steady_clock::now();
  std::size_t got = 0;
  {
    SourceHarness h("source.mqtt", config);
    if (!h.open().ok()) return 1;
    h.pollUntil(
        [&] {
          got += h.records.size();
          h.records.clear();
          return got >= static_cast<std::size_t>(n);
        },
        std::chrono::seconds(60));
  }
  double ours = since(t0);
  t0 = std::chrono::steady_clock::now();
  int rc = -1;
  std::string counted = runCapture(subArgs + " -W 60 -C " + std::to_string(n) + " | wc -l", &rc);
  double theirs = since(t0);
  long theirsGot = std::atol(counted.c_str());
  double oursRate = static_cast<double>(got) / ours, theirsRate = static_cast<double>(theirsGot) / theirs;
  std::printf("source.mqtt   : %zu records in %.2f s = %.0f records/s\n", got, ours, oursRate);
  std::printf("mosquitto_sub : %ld messages in %.2f s = %.0f messages/s (exit %d)\n", theirsGot, theirs, theirsRate, rc);
  std::printf("ratio source.mqtt / mosquitto_sub = %.2f\n", oursRate / theirsRate);
  return got >= static_cast<std::size_t>(n) && theirsGot >= n ? 0 : 1;
}
