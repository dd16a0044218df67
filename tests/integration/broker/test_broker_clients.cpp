// The embedded broker driven by Kafka clients that are not ours: kcat,
// python3-confluent-kafka (librdkafka), python3-kafka (independent protocol
// code), librdkafka's C admin API, and raw sockets for bad input. Each test
// starts its own broker on a free loopback port in a temporary folder.
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <arpa/inet.h>
#include <librdkafka/rdkafka.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <memory>
#include <string>

#include "core/broker/broker.h"
#include "tests/integration/broker/client_processes.h"

using namespace tributary;

namespace {

using testing::Run;

Run clients(const std::string& bootstrap, const QStringList& args, int timeoutMs = 120000) {
  return testing::runPythonClients(BROKER_CLIENTS_PY, bootstrap, args, timeoutMs);
}

Run kcat(const std::string& bootstrap, const QStringList& args, const QByteArray& input = {}) {
  return testing::runKcat(bootstrap, args, 30000, input);
}

std::unique_ptr<broker::Broker> startBroker(const QString& dir, uint16_t port = 0) {
  broker::BrokerOptions o;
  o.dataDir = dir.toStdString();
  o.port = port;
  o.maxFrameBytes = 4 * 1024 * 1024;
  auto b = broker::Broker::start(o);
  if (!b) {
    qWarning("broker did not start: %s", b.error().toString().c_str());
    return nullptr;
  }
  return std::move(*b);
}

using testing::RunnerBroker;

int connectTo(uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    ::close(fd);
    return -1;
  }
  timeval tv{5, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  return fd;
}

// What the broker did with the bytes: "closed", "timeout" or the response bytes.
std::string talk(uint16_t port, const std::string& bytes) {
  int fd = connectTo(port);
  if (fd < 0) return "noconnect";
  ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
  char buf[65536];
  std::string got;
  ssize_t n = ::recv(fd, buf, sizeof buf, 0);
  ::close(fd);
  if (n == 0) return "closed";
  if (n < 0) return "timeout";
  return std::string(buf, static_cast<std::size_t>(n));
}

void be16(std::string& s, int v) {
  s.push_back(static_cast<char>((v >> 8) & 0xff));
  s.push_back(static_cast<char>(v & 0xff));
}
void be32(std::string& s, int32_t v) {
  for (int i = 3; i >= 0; --i) s.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}
std::string frame(int16_t key, int16_t version, const std::string& body) {
  std::string payload;
  be16(payload, key);
  be16(payload, version);
  be32(payload, 42);
  be16(payload, 4);
  payload += "test";
  payload += body;
  std::string f;
  be32(f, static_cast<int32_t>(payload.size()));
  return f + payload;
}

}  // namespace

class TestBrokerClients final : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void kcatEveryCodec() {
    QTemporaryDir dir;
    auto b = startBroker(dir.path());
    QVERIFY(b);
    QByteArray lines;
    for (int i = 0; i < 300; ++i) lines += "value-" + QByteArray::number(i) + "\n";
    for (const char* codec : {"none", "gzip", "snappy", "lz4", "zstd"}) {
      QString topic = QStringLiteral("kcat-") + QLatin1String(codec);
      Run p = kcat(b->bootstrap(),
                   {QStringLiteral("-P"), QStringLiteral("-t"), topic, QStringLiteral("-z"), QLatin1String(codec),
                    QStringLiteral("-k"), QStringLiteral("the-key"), QStringLiteral("-H"), QStringLiteral("hdr=val")},
                   lines);
      QVERIFY2(p.exitCode == 0, qPrintable(p.out));
      Run c = kcat(b->bootstrap(), {QStringLiteral("-C"), QStringLiteral("-t"), topic, QStringLiteral("-e"),
                                    QStringLiteral("-q"), QStringLiteral("-f"), QStringLiteral("%k|%s|%h|%o\\n")});
      QVERIFY2(c.exitCode == 0, qPrintable(c.out));
      QStringList got = c.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
      QCOMPARE(got.size(), 300);
      QCOMPARE(got.first(), QStringLiteral("the-key|value-0|hdr=val|0"));
      QCOMPARE(got.last(), QStringLiteral("the-key|value-299|hdr=val|299"));
    }
  }

  void pythonClientsEveryCodec() {
    QTemporaryDir dir;
    auto b = startBroker(dir.path());
    QVERIFY(b);
    Run r = clients(b->bootstrap(), {QStringLiteral("codecs")});
    QVERIFY2(r.exitCode == 0 && r.out.contains(QStringLiteral("OK codecs")), qPrintable(r.out));
  }

  void consumerGroupOfFiveAndRestart() {
    QTemporaryDir dir;
    auto b = startBroker(dir.path());
    QVERIFY(b);
    Run r = clients(b->bootstrap(), {QStringLiteral("group"), QStringLiteral("orders"), QStringLiteral("seed004"),
                                     QStringLiteral("run")});
    QVERIFY2(r.exitCode == 0 && r.out.contains(QStringLiteral("OK group")), qPrintable(r.out));
    b->stop();
    b = startBroker(dir.path());
    QVERIFY(b);
    r = clients(b->bootstrap(), {QStringLiteral("group"), QStringLiteral("orders"), QStringLiteral("seed004"),
                                 QStringLiteral("check")});
    QVERIFY2(r.exitCode == 0 && r.out.contains(QStringLiteral("OK group-check")), qPrintable(r.out));
  }

  void adminThroughKafkaPython() {
    QTemporaryDir dir;
    auto b = startBroker(dir.path());
    QVERIFY(b);
    Run r = clients(b->bootstrap(), {QStringLiteral("admin")});
    QVERIFY2(r.exitCode == 0 && r.out.contains(QStringLiteral("OK admin")), qPrintable(r.out));
  }

  void offsetsForTimestamps() {
    QTemporaryDir dir;
    auto b = startBroker(dir.path());
    QVERIFY(b);
    Run r = clients(b->bootstrap(), {QStringLiteral("timestamps"), QStringLiteral("ts")});
    QVERIFY2(r.exitCode == 0 && r.out.contains(QStringLiteral("OK timestamps")), qPrintable(r.out));
  }

  void deleteRecordsMovesLowWatermark() {
    QTemporaryDir dir;
    auto b = startBroker(dir.path());
    QVERIFY(b);
    QByteArray lines;
    for (int i = 0; i < 100; ++i) lines += "r" + QByteArray::number(i) + "\n";
    // Several batches, so that the cut falls inside the log.
    for (int part = 0; part < 4; ++part) {
      Run p = kcat(
          b->bootstrap(), {QStringLiteral("-P"), QStringLiteral("-t"), QStringLiteral("dr")}, lines.mid(0, 0) + [&] {
            QByteArray q;
            for (int i = part * 25; i < part * 25 + 25; ++i) q += "r" + QByteArray::number(i) + "\n";
            return q;
          }());
      QVERIFY2(p.exitCode == 0, qPrintable(p.out));
    }
    char err[512];
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    rd_kafka_conf_set(conf, "bootstrap.servers", b->bootstrap().c_str(), err, sizeof err);
    rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
    QVERIFY(rk);
    auto guard = std::unique_ptr<rd_kafka_t, void (*)(rd_kafka_t*)>(rk, rd_kafka_destroy);
    rd_kafka_topic_partition_list_t* offsets = rd_kafka_topic_partition_list_new(1);
    rd_kafka_topic_partition_list_add(offsets, "dr", 0)->offset = 40;
    rd_kafka_DeleteRecords_t* del = rd_kafka_DeleteRecords_new(offsets);
    rd_kafka_topic_partition_list_destroy(offsets);
    rd_kafka_queue_t* q = rd_kafka_queue_new(rk);
    rd_kafka_DeleteRecords(rk, &del, 1, nullptr, q);
    rd_kafka_DeleteRecords_destroy(del);
    rd_kafka_event_t* ev = rd_kafka_queue_poll(q, 15000);
    QVERIFY(ev);
    QCOMPARE(rd_kafka_event_error(ev), RD_KAFKA_RESP_ERR_NO_ERROR);
    const rd_kafka_topic_partition_list_t* res =
        rd_kafka_DeleteRecords_result_offsets(rd_kafka_event_DeleteRecords_result(ev));
    QVERIFY(res && res->cnt == 1);
    QCOMPARE(res->elems[0].err, RD_KAFKA_RESP_ERR_NO_ERROR);
    QCOMPARE(res->elems[0].offset, int64_t(40));
    rd_kafka_event_destroy(ev);
    rd_kafka_queue_destroy(q);
    int64_t low = -1, high = -1;
    QCOMPARE(rd_kafka_query_watermark_offsets(rk, "dr", 0, &low, &high, 10000), RD_KAFKA_RESP_ERR_NO_ERROR);
    QCOMPARE(low, int64_t(40));
    QCOMPARE(high, int64_t(100));
    guard.reset();
    Run c = kcat(b->bootstrap(), {QStringLiteral("-C"), QStringLiteral("-t"), QStringLiteral("dr"),
                                  QStringLiteral("-o"), QStringLiteral("beginning"), QStringLiteral("-e"),
                                  QStringLiteral("-q"), QStringLiteral("-f"), QStringLiteral("%o %s\\n")});
    QStringList got = c.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(got.size(), 60);
    QCOMPARE(got.first(), QStringLiteral("40 r40"));
    // The low watermark survives a restart.
    b->stop();
    b = startBroker(dir.path());
    QVERIFY(b);
    Run l = kcat(b->bootstrap(), {QStringLiteral("-Q"), QStringLiteral("-t"), QStringLiteral("dr:0:-2")});
    QVERIFY2(l.out.contains(QStringLiteral("[0] offset 40")), qPrintable(l.out));
  }

  void killDashNineDuringProduceLosesNothingAcknowledged() {
    QTemporaryDir dir;
    RunnerBroker first;
    QVERIFY(first.start(dir.path(), 0));
    int port = first.port();
    std::string bootstrap = "127.0.0.1:" + std::to_string(port);
    QProcess producer;
    producer.setProcessChannelMode(QProcess::MergedChannels);
    producer.start(QString::fromLatin1(testing::kDebianPython),
                   {QStringLiteral(BROKER_CLIENTS_PY), QString::fromStdString(bootstrap),
                    QStringLiteral("produce-loop"), QStringLiteral("loop"), QStringLiteral("20000")});
    QVERIFY(producer.waitForStarted(5000));
    QByteArray seen;
    for (int i = 0; i < 200 && !seen.contains("progress 5000 "); ++i) {
      producer.waitForReadyRead(100);
      seen += producer.readAll();
    }
    QVERIFY2(seen.contains("progress 5000 "), seen.constData());
    first.kill9();
    QTest::qWait(500);
    RunnerBroker second;
    QVERIFY(second.start(dir.path(), port));
    bool finished = producer.waitForFinished(150000);
    seen += producer.readAll();
    if (!finished) producer.kill();
    QVERIFY2(finished, seen.constData());
    QRegularExpressionMatch m =
        QRegularExpression(QStringLiteral("acked (\\d+) failed (\\d+)")).match(QString::fromUtf8(seen));
    QVERIFY2(m.hasMatch(), seen.constData());
    int acked = m.captured(1).toInt();
    qInfo("producer: %s", qPrintable(m.captured(0)));
    QVERIFY(acked > 5000);
    Run c = clients(bootstrap, {QStringLiteral("count"), QStringLiteral("loop"), QString::number(acked)});
    QVERIFY2(c.out.contains(QStringLiteral("count %1 distinct %1").arg(acked)),
             qPrintable(c.out + QStringLiteral("\nproducer: ") + QString::fromUtf8(seen.right(300))));
    QVERIFY(second.terminate());  // SIGTERM stops it cleanly with exit code 0
  }

  void badInputIsRefusedAndOthersAreServed() {
    QTemporaryDir dir;
    auto b = startBroker(dir.path());
    QVERIFY(b);
    uint16_t port = b->port();
    // A frame larger than the configured maximum (4 MiB here): closed.
    std::string huge;
    be32(huge, 64 * 1024 * 1024);
    QCOMPARE(talk(port, huge), std::string("closed"));
    // A negative size, and a size too small to hold a header: closed.
    std::string negative;
    be32(negative, -5);
    QCOMPARE(talk(port, negative + "xxxx"), std::string("closed"));
    std::string tiny;
    be32(tiny, 3);
    QCOMPARE(talk(port, tiny + "abc"), std::string("closed"));
    // An API key nobody implements: closed, not hung.
    QCOMPARE(talk(port, frame(999, 0, "")), std::string("closed"));
    // Metadata v1 whose topic array claims a million entries: closed.
    std::string lying;
    be32(lying, 1000000);
    QCOMPARE(talk(port, frame(3, 1, lying)), std::string("closed"));
    // A string length running past the end of the request: closed.
    std::string shortString;
    be32(shortString, 1);
    be16(shortString, 200);
    shortString += "abc";
    QCOMPARE(talk(port, frame(3, 1, shortString)), std::string("closed"));
    // A request before ApiVersions is answered: Metadata v1 for all topics.
    std::string all;
    be32(all, -1);
    std::string answer = talk(port, frame(3, 1, all));
    QVERIFY(answer.size() > 8);
    QCOMPARE(answer.substr(4, 4), std::string("\0\0\0\x2a", 4));  // correlation id 42
    // Produce with a record batch whose CRC is wrong: CORRUPT_MESSAGE, nothing stored.
    Run made = kcat(b->bootstrap(), {QStringLiteral("-P"), QStringLiteral("-t"), QStringLiteral("safe")}, "one\ntwo\n");
    QVERIFY2(made.exitCode == 0, qPrintable(made.out));
    std::string batch(61 + 8, '\0');
    batch[11] = static_cast<char>(61 + 8 - 12);  // batch length
    batch[16] = 2;                               // magic
    batch[17] = 0x12;                            // a CRC that cannot match
    std::string produce;
    be16(produce, -1);  // transactional id
    be16(produce, 1);   // acks
    be32(produce, 5000);
    be32(produce, 1);
    be16(produce, 4);
    produce += "safe";
    be32(produce, 1);
    be32(produce, 0);
    be32(produce, static_cast<int32_t>(batch.size()));
    produce += batch;
    std::string resp = talk(port, frame(0, 3, produce));
    QVERIFY(resp.size() > 20);
    // topics[1] name "safe" partitions[1] index 0 error ...
    std::size_t errAt = 4 + 4 + 4 + 2 + 4 + 4 + 4;
    QCOMPARE(static_cast<int>(static_cast<unsigned char>(resp[errAt + 1])), 2);  // CORRUPT_MESSAGE
    // Disconnect in the middle of a request.
    int fd = connectTo(port);
    std::string partial = frame(3, 1, all);
    ::send(fd, partial.data(), partial.size() / 2, MSG_NOSIGNAL);
    ::close(fd);
    // Everyone else is still served, and the log holds only the two good records.
    Run c =
        kcat(b->bootstrap(), {QStringLiteral("-C"), QStringLiteral("-t"), QStringLiteral("safe"), QStringLiteral("-e"),
                              QStringLiteral("-q"), QStringLiteral("-f"), QStringLiteral("%o:%s\\n")});
    QCOMPARE(c.out, QStringLiteral("0:one\n1:two\n"));
  }
};

QTEST_GUILESS_MAIN(TestBrokerClients)
#include "test_broker_clients.moc"
