// Produce and consume 100-byte messages with librdkafka against (1) the
// embedded broker and (2) librdkafka's mock cluster, and print msgs/s for
// both and their ratio. The embedded broker is consumed twice: with
// librdkafka's default queue settings (which pause fetching for about a
// second each time queued.min.messages is passed) and with the settings
// Tributary's consumers use (kafka::consumerQueueSettings).
// Usage: bench_broker [messages] [partitions]
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "core/broker/broker.h"
#include "core/kafka/client.h"

namespace {

using Clock = std::chrono::steady_clock;

double seconds(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

rd_kafka_conf_t* baseConf(const std::string& bootstrap) {
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  char err[512];
  rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap.c_str(), err, sizeof err);
  return conf;
}

void set(rd_kafka_conf_t* conf, const char* k, const char* v) {
  char err[512];
  if (rd_kafka_conf_set(conf, k, v, err, sizeof err) != RD_KAFKA_CONF_OK) std::fprintf(stderr, "%s: %s\n", k, err);
}

// Returns msgs/s, or -1 on failure.
double produce(const std::string& bootstrap, const std::string& topic, long count, int partitions) {
  rd_kafka_conf_t* conf = baseConf(bootstrap);
  set(conf, "acks", "1");
  set(conf, "linger.ms", "5");
  set(conf, "queue.buffering.max.messages", "1000000");
  set(conf, "queue.buffering.max.kbytes", "1048576");
  set(conf, "batch.num.messages", "10000");
  char err[512];
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
  if (!rk) return -1;
  std::string payload(100, 'x');
  auto start = Clock::now();
  for (long i = 0; i < count; ++i) {
    for (;;) {
      rd_kafka_resp_err_t e = rd_kafka_producev(rk, RD_KAFKA_V_TOPIC(topic.c_str()),
                                                RD_KAFKA_V_PARTITION(static_cast<int32_t>(i % partitions)),
                                                RD_KAFKA_V_VALUE(payload.data(), payload.size()), RD_KAFKA_V_END);
      if (e == RD_KAFKA_RESP_ERR_NO_ERROR) break;
      if (e != RD_KAFKA_RESP_ERR__QUEUE_FULL) {
        std::fprintf(stderr, "produce failed: %s\n", rd_kafka_err2str(e));
        rd_kafka_destroy(rk);
        return -1;
      }
      rd_kafka_poll(rk, 1);
    }
    if ((i & 1023) == 0) rd_kafka_poll(rk, 0);
  }
  rd_kafka_resp_err_t e = rd_kafka_flush(rk, 120000);
  auto end = Clock::now();
  rd_kafka_destroy(rk);
  if (e) {
    std::fprintf(stderr, "flush failed: %s\n", rd_kafka_err2str(e));
    return -1;
  }
  return static_cast<double>(count) / seconds(start, end);
}

// Consumes `count` messages from the beginning (or for at most `maxSeconds`); returns msgs/s.
double consume(const std::string& bootstrap, const std::string& topic, long count, int partitions, double maxSeconds,
               long* got, bool tuned) {
  rd_kafka_conf_t* conf = baseConf(bootstrap);
  if (tuned)
    for (const auto& [k, v] : tributary::kafka::consumerQueueSettings()) set(conf, k.c_str(), v.c_str());
  set(conf, "group.id", "bench");
  set(conf, "enable.auto.commit", "false");
  set(conf, "enable.partition.eof", "false");
  char err[512];
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof err);
  if (!rk) return -1;
  rd_kafka_poll_set_consumer(rk);
  rd_kafka_topic_partition_list_t* list = rd_kafka_topic_partition_list_new(partitions);
  for (int p = 0; p < partitions; ++p)
    rd_kafka_topic_partition_list_add(list, topic.c_str(), p)->offset = RD_KAFKA_OFFSET_BEGINNING;
  rd_kafka_assign(rk, list);
  rd_kafka_topic_partition_list_destroy(list);
  long n = 0;
  Clock::time_point start{};
  bool started = false;
  auto deadline =
      Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(maxSeconds + 10));
  while (n < count && Clock::now() < deadline) {
    rd_kafka_message_t* m = rd_kafka_consumer_poll(rk, 100);
    if (!m) continue;
    if (!m->err) {
      if (!started) {
        start = Clock::now();
        started = true;
        deadline = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(maxSeconds));
      }
      ++n;
    }
    rd_kafka_message_destroy(m);
  }
  auto end = Clock::now();
  rd_kafka_consumer_close(rk);
  rd_kafka_destroy(rk);
  *got = n;
  if (!started || n < 2) return -1;
  return static_cast<double>(n - 1) / seconds(start, end);
}

}  // namespace

int main(int argc, char** argv) {
  long count = argc > 1 ? std::atol(argv[1]) : 2000000;
  int partitions = argc > 2 ? std::atoi(argv[2]) : 1;
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("bench-broker-" + std::to_string(::getpid()));
  fs::remove_all(dir);

  tributary::broker::BrokerOptions options;
  options.dataDir = dir;
  options.defaultPartitions = partitions;
  auto broker = tributary::broker::Broker::start(options);
  if (!broker) {
    std::fprintf(stderr, "cannot start the broker: %s\n", broker.error().toString().c_str());
    return 1;
  }
  std::string ours = (*broker)->bootstrap();

  char err[512];
  rd_kafka_t* mockHandle = rd_kafka_new(RD_KAFKA_PRODUCER, rd_kafka_conf_new(), err, sizeof err);
  rd_kafka_mock_cluster_t* mock = rd_kafka_mock_cluster_new(mockHandle, 1);
  rd_kafka_mock_topic_create(mock, "bench", partitions, 1);
  std::string mockBootstrap = rd_kafka_mock_cluster_bootstraps(mock);

  std::printf("%ld messages of 100 bytes, %d partition(s), librdkafka %s\n", count, partitions, rd_kafka_version_str());
  double ourProduce = produce(ours, "bench", count, partitions);
  long defaultGot = 0, ourGot = 0;
  double defaultConsume = consume(ours, "bench", count, partitions, 60, &defaultGot, false);
  double ourConsume = consume(ours, "bench", count, partitions, 60, &ourGot, true);
  double mockProduce = produce(mockBootstrap, "bench", count, partitions);
  long mockGot = 0;
  double mockConsume = consume(mockBootstrap, "bench", count, partitions, 20, &mockGot, true);

  std::printf("%-22s %14s %14s\n", "", "produce msg/s", "consume msg/s");
  std::printf("%-22s %14s %14.0f  (consumed %ld, librdkafka default queue settings)\n", "embedded broker", "",
              defaultConsume, defaultGot);
  std::printf("%-22s %14.0f %14.0f  (consumed %ld, consumerQueueSettings)\n", "embedded broker", ourProduce, ourConsume,
              ourGot);
  if (defaultConsume > 0)
    std::printf("%-22s %14s %13.2fx\n", "tuned / default", "", ourConsume / defaultConsume);
  std::printf("%-22s %14.0f %14.0f  (consumed %ld, capped at 20 s)\n", "librdkafka mock", mockProduce, mockConsume,
              mockGot);
  if (mockProduce > 0 && mockConsume > 0)
    std::printf("%-22s %14.2fx %13.2fx\n", "ratio ours/mock", ourProduce / mockProduce, ourConsume / mockConsume);
  std::printf("targets: produce >= 400000 msg/s, consume >= 800000 msg/s\n");

  rd_kafka_mock_cluster_destroy(mock);
  rd_kafka_destroy(mockHandle);
  (*broker)->stop();
  fs::remove_all(dir);
  return 0;
}
