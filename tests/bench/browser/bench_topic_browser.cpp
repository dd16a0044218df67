// Prints how the topic browser's window behaves on big topics in the
// embedded broker, measured through its widgets (offscreen):
//   1. opening a topic of N messages (default 10,000,000) and showing the
//      newest 1,000: time from "Show" to 1,000 rows in the table's model;
//   2. a live tail while 100,000 messages stream in: the longest the GUI
//      event loop goes without running a 5 ms timer (its stall), the 99th
//      percentile gap, and how long until all are in the model.
//   QT_QPA_PLATFORM=offscreen build/tests/bench/browser/bench_topic_browser [messages] [partitions] [stream]
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <thread>
#include <vector>

#include <QApplication>
#include <QElapsedTimer>
#include <QLabel>
#include <QTest>
#include <QTimer>

#include "core/broker/broker.h"
#include "core/kafka/browser.h"
#include "core/kafka/client.h"
#include "widgets/browser/cluster_session.h"
#include "widgets/browser/message_table_model.h"
#include "widgets/browser/messages_page.h"

using namespace tributary;
using Clock = std::chrono::steady_clock;

namespace {

// CPU time of the calling thread (the GUI thread here), in ms.
double threadCpuMs() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

double msSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// Produces `count` ~200-byte JSON messages as fast as librdkafka batches them.
bool fill(const std::string& topic, long long count, long long firstId) {
  auto producer = kafka::Client::create(kafka::ClusterConfig{}, kafka::Client::Kind::Producer,
                                        {{"linger.ms", "20"},
                                         {"batch.num.messages", "10000"},
                                         {"queue.buffering.max.messages", "2000000"},
                                         {"acks", "1"}});
  if (!producer) return false;
  rd_kafka_t* rk = (*producer)->handle();
  std::string value;
  for (long long i = firstId; i < firstId + count; ++i) {
    value = "{\"id\":" + std::to_string(i) + ",\"customer\":\"customer-" + std::to_string(i % 9973) +
            "\",\"status\":\"shipped\",\"amount\":" + std::to_string(i % 1000) +
            ".25,\"note\":\"ordinary order without anything special\",\"items\":[{\"sku\":\"SKU-" +
            std::to_string(i % 500) + "\",\"qty\":2}],\"pad\":\"xxxxxxxxxxxxxxxx\"}";
    std::string key = "k" + std::to_string(i);
    while (rd_kafka_producev(rk, RD_KAFKA_V_TOPIC(topic.c_str()), RD_KAFKA_V_KEY(key.data(), key.size()),
                             RD_KAFKA_V_VALUE(value.data(), value.size()), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                             RD_KAFKA_V_END) == RD_KAFKA_RESP_ERR__QUEUE_FULL)
      rd_kafka_poll(rk, 5);
    if (i % 10000 == 0) rd_kafka_poll(rk, 0);
  }
  return rd_kafka_flush(rk, 600000) == RD_KAFKA_RESP_ERR_NO_ERROR;
}

}  // namespace

int main(int argc, char** argv) {
  long long total = argc > 1 ? std::atoll(argv[1]) : 10'000'000;
  int partitions = argc > 2 ? std::atoi(argv[2]) : 4;
  long long stream = argc > 3 ? std::atoll(argv[3]) : 100'000;
  qputenv("QT_QPA_PLATFORM",
          qgetenv("QT_QPA_PLATFORM").isEmpty() ? QByteArray("offscreen") : qgetenv("QT_QPA_PLATFORM"));
  QApplication app(argc, argv);

  char tmpl[] = "/tmp/bench-browser-XXXXXX";
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
  kafka::setEmbeddedBootstrap((*started)->bootstrap());
  {
    auto admin = kafka::ClusterClient::connect(kafka::ClusterConfig{});
    if (!admin || !(*admin)->createTopic("big", partitions, 1).ok() ||
        !(*admin)->createTopic("stream", partitions, 1).ok()) {
      std::fprintf(stderr, "cannot create the topics\n");
      return 1;
    }
  }
  auto fillStart = Clock::now();
  if (!fill("big", total, 0)) {
    std::fprintf(stderr, "cannot fill the topic\n");
    return 1;
  }
  std::printf("filled %lld messages of ~200 bytes in %d partitions in %.1f s\n", total, partitions,
              msSince(fillStart) / 1000);
  std::fflush(stdout);

  int status = 0;
  {
    widgets::ClusterSession session(kafka::ClusterConfig{}, QString::fromStdString((dir / "unused").string()));
    // 1. Newest 1,000 of the big topic, as the Messages tab shows them.
    widgets::MessagesPage big(&session, QStringLiteral("big"));
    big.resize(1400, 800);
    big.show();
    big.setPartitionCount(partitions);
    big.setLimit(1000);
    for (int round = 1; round <= 3; ++round) {
      auto start = Clock::now();
      big.start();
      bool ok = QTest::qWaitFor([&] { return big.model()->rowCount() >= 1000; }, 60000);
      double ms = msSince(start);
      (void)QTest::qWaitFor([&] { return !big.isBusy(); }, 10000);
      if (!ok) {
        std::fprintf(stderr, "newest 1,000 did not arrive: %s\n", qPrintable(big.statusLabel()->text()));
        return 1;
      }
      std::printf("open topic of %lld, newest 1,000 rows in the table model: %.1f ms (round %d%s; target < 300 ms)\n",
                  total, ms, round, round == 1 ? ", includes connecting" : "");
      std::fflush(stdout);
    }

    // 2. Live tail while `stream` messages arrive.
    widgets::MessagesPage tail(&session, QStringLiteral("stream"));
    tail.resize(1400, 800);
    tail.show();
    tail.setPartitionCount(partitions);
    tail.setMode(widgets::MessagesPage::Mode::Tail);
    tail.start();
    // Probe until the tail is assigned (it starts at the end of each partition).
    long long probes = 0;
    if (!QTest::qWaitFor(
            [&] {
              fill("stream", 1, 1'000'000'000 + probes++);
              return QTest::qWaitFor([&] { return tail.model()->loaded() > 0; }, 300);
            },
            30000)) {
      std::fprintf(stderr, "the tail never started\n");
      return 1;
    }
    QTest::qWait(200);
    std::size_t base = tail.model()->loaded();

    std::vector<double> gaps;
    gaps.reserve(200000);
    QElapsedTimer tick;
    QTimer timer;
    timer.setTimerType(Qt::PreciseTimer);
    timer.setInterval(5);
    QObject::connect(&timer, &QTimer::timeout, &timer, [&] {
      gaps.push_back(static_cast<double>(tick.nsecsElapsed()) / 1e6);
      tick.restart();
    });
    std::atomic_bool produced{false};
    auto streamStart = Clock::now();
    double guiCpuStart = threadCpuMs();
    tick.start();
    timer.start();
    std::thread producer([&] {
      fill("stream", stream, 0);
      produced = true;
    });
    bool all =
        QTest::qWaitFor([&] { return tail.model()->loaded() >= base + static_cast<std::size_t>(stream); }, 300000);
    double streamMs = msSince(streamStart);
    double guiCpuMs = threadCpuMs() - guiCpuStart;
    timer.stop();
    producer.join();
    if (!all) {
      std::fprintf(stderr, "only %zu of %lld streamed messages arrived\n", tail.model()->loaded() - base, stream);
      status = 1;
    }
    std::sort(gaps.begin(), gaps.end());
    double maxGap = gaps.empty() ? 0 : gaps.back();
    double p99 = gaps.empty() ? 0 : gaps[static_cast<std::size_t>(gaps.size() * 0.99)];
    std::printf(
        "live tail of %lld streamed messages: all in the model after %.0f ms; %zu rows shown (the view reveals "
        "more as it follows)\n",
        stream, streamMs, static_cast<std::size_t>(tail.model()->rowCount()));
    std::printf(
        "event loop while streaming: longest stall %.1f ms (5 ms timer gap %.1f ms), p99 gap %.1f ms, %zu ticks "
        "(target: no stall > 50 ms)\n",
        std::max(0.0, maxGap - 5), maxGap, p99, gaps.size());
    std::printf("  GUI thread CPU while streaming: %.0f ms of %.0f ms wall (the rest it was idle or waiting for a core)\n",
                guiCpuMs, streamMs);
    std::printf(
        "  longest single drain of the message queue into the model (GUI thread, per tick): %.1f ms wall, "
        "%.1f ms CPU\n",
        tail.longestDrainMs(), tail.longestDrainCpuMs());
    tail.stop();
    (void)QTest::qWaitFor([&] { return !tail.isBusy(); }, 10000);
  }
  started->reset();
  std::filesystem::remove_all(dir);
  return status;
}
