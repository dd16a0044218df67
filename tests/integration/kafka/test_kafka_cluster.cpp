// The cluster inspection API against the embedded broker, cross-checked with
// clients that are not ours (kcat, python3-kafka), and against librdkafka's
// mock cluster for what that mock supports.
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <mutex>
#include <thread>

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include "core/broker/broker.h"
#include "core/kafka/browser.h"
#include "tests/support/process.h"

using namespace tributary;
using namespace tributary::kafka;

class TestKafkaCluster final : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir m_dir;
  std::unique_ptr<broker::Broker> m_broker;
  std::unique_ptr<ClusterClient> m_client;

  static QString run(const QString& program, const QStringList& args, const QByteArray& input = {},
                     int* exitCode = nullptr) {
    return testing::runForOutput(program, args, 60000, input, exitCode);
  }

  QString bootstrap() const { return QString::fromStdString(m_broker->bootstrap()); }

  // Produces lines "key:value" with kcat, each with header origin=kcat.
  void kcatProduce(const QString& topic, const QStringList& lines, int partition = -1) {
    QStringList args{QStringLiteral("-P"), QStringLiteral("-b"), bootstrap(), QStringLiteral("-t"), topic,
                     QStringLiteral("-K:"), QStringLiteral("-H"), QStringLiteral("origin=kcat")};
    if (partition >= 0) args << QStringLiteral("-p") << QString::number(partition);
    int code = -1;
    run(QStringLiteral("kcat"), args, (lines.join(QLatin1Char('\n')) + QLatin1Char('\n')).toUtf8(), &code);
    QCOMPARE(code, 0);
  }

  int python(const QString& script, QString* out = nullptr) {
    int code = -1;
    QString text = run(QStringLiteral("/usr/bin/python3"), {QStringLiteral("-c"), script, bootstrap()}, {}, &code);  // Debian's, with python3-kafka
    if (out) *out = text;
    return code;
  }

 private Q_SLOTS:
  void initTestCase() {
    QVERIFY(m_dir.isValid());
    broker::BrokerOptions options;
    options.dataDir = m_dir.filePath(QStringLiteral("broker")).toStdString();
    options.autoCreateTopics = false;
    auto started = broker::Broker::start(options);
    QVERIFY2(started.ok(), started.ok() ? "" : started.error().toString().c_str());
    m_broker = std::move(*started);
    setEmbeddedBootstrap(m_broker->bootstrap());
    auto client = ClusterClient::connect(ClusterConfig{"Local", "embedded", {}}, std::chrono::seconds(10));
    QVERIFY2(client.ok(), client.ok() ? "" : client.error().toString().c_str());
    m_client = std::move(*client);
  }

  void cleanupTestCase() {
    m_client.reset();
    m_broker.reset();
    setEmbeddedBootstrap("");
  }

  void overviewAndTopics() {
    QVERIFY(m_client->createTopic("orders", 3, 1).ok());
    auto overview = m_client->overview();
    QVERIFY(overview.ok());
    QCOMPARE(overview->brokers.size(), std::size_t(1));
    QVERIFY(overview->brokers[0].controller);
    auto topics = m_client->topics();
    QVERIFY(topics.ok());
    auto it = std::find_if(topics->begin(), topics->end(), [](const TopicInfo& t) { return t.name == "orders"; });
    QVERIFY(it != topics->end());
    QCOMPARE(it->partitions.size(), std::size_t(3));
    QCOMPARE(it->replicationFactor, 1);
    // kcat sees the same topic with the same partitions.
    QString listing = run(QStringLiteral("kcat"), {QStringLiteral("-L"), QStringLiteral("-b"), bootstrap(),
                                                   QStringLiteral("-t"), QStringLiteral("orders")});
    QVERIFY2(listing.contains(QStringLiteral("topic \"orders\" with 3 partitions")), qPrintable(listing));
    // Creating it again is refused with Kafka's reason.
    auto again = m_client->createTopic("orders", 3, 1);
    QVERIFY(!again.ok());
    QVERIFY2(again.error().message.find("already exists") != std::string::npos, again.error().message.c_str());
  }

  void newestMessagesInOrderWithKeysAndHeaders() {
    QStringList lines;
    for (int i = 0; i < 30; ++i) lines << QStringLiteral("k%1:{\"n\":%1}").arg(i);
    kcatProduce(QStringLiteral("orders"), lines, 1);
    auto info = m_client->describeTopic("orders");
    QVERIFY(info.ok());
    QCOMPARE(info->partitions[1].high, std::int64_t(30));
    QCOMPARE(info->messages(), std::int64_t(30));
    MessageBrowser browser(*m_client);
    auto newest = browser.browse(BrowseRequest{.topic = "orders", .from = StartAt::Newest, .limit = 10});
    QVERIFY2(newest.ok(), newest.ok() ? "" : newest.error().toString().c_str());
    QCOMPARE(newest->size(), std::size_t(10));
    for (int i = 0; i < 10; ++i) {
      const Message& m = (*newest)[static_cast<std::size_t>(i)];
      QCOMPARE(m.partition, 1);
      QCOMPARE(m.offset, std::int64_t(20 + i));
      QCOMPARE(*m.key, "k" + std::to_string(20 + i));
      QCOMPARE(*m.value, "{\"n\":" + std::to_string(20 + i) + "}");
      QCOMPARE(m.headers.size(), std::size_t(1));
      QCOMPARE(m.headers[0].first, std::string("origin"));
      QCOMPARE(*m.headers[0].second, std::string("kcat"));
    }
    auto fromOffset = browser.browse(
        BrowseRequest{.topic = "orders", .partitions = {1}, .from = StartAt::Offset, .offset = 5, .limit = 3});
    QVERIFY(fromOffset.ok());
    QCOMPARE(fromOffset->size(), std::size_t(3));
    QCOMPARE(fromOffset->front().offset, std::int64_t(5));
    auto badPartition = browser.browse(BrowseRequest{.topic = "orders", .partitions = {7}});
    QVERIFY(!badPartition.ok());
    QVERIFY(badPartition.error().message.find("no partition 7") != std::string::npos);
  }

  void produceThenBrowseRoundTrips() {
    ProduceMessage m;
    m.key = "order-42";
    m.value = "{\"amount\": 12.5}";
    m.headers = {{"source", "test"}, {"trace", "abc"}};
    m.partition = 2;
    auto produced = m_client->produce("orders", m);
    QVERIFY2(produced.ok(), produced.ok() ? "" : produced.error().toString().c_str());
    QCOMPARE(produced->partition, 2);
    // kcat reads back key, value and headers.
    QString out = run(QStringLiteral("kcat"),
                      {QStringLiteral("-C"), QStringLiteral("-b"), bootstrap(), QStringLiteral("-t"),
                       QStringLiteral("orders"), QStringLiteral("-p"), QStringLiteral("2"), QStringLiteral("-o"),
                       QString::number(produced->offset), QStringLiteral("-c"), QStringLiteral("1"),
                       QStringLiteral("-f"), QStringLiteral("%k|%s|%h\\n")});
    QCOMPARE(out.trimmed(), QStringLiteral("order-42|{\"amount\": 12.5}|source=test,trace=abc"));
    MessageBrowser browser(*m_client);
    auto one = browser.fetchOne("orders", 2, produced->offset);
    QVERIFY(one.ok());
    QCOMPARE(*one->value, *m.value);
  }

  void truncatesLargeValuesAndLoadsThemOnDemand() {
    ProduceMessage m;
    m.value = std::string(200'000, 'x');
    m.partition = 0;
    auto produced = m_client->produce("orders", m);
    QVERIFY(produced.ok());
    MessageBrowser browser(*m_client);
    auto shown = browser.browse(BrowseRequest{.topic = "orders", .partitions = {0}, .limit = 1, .maxValueBytes = 1000});
    QVERIFY(shown.ok());
    QCOMPARE(shown->size(), std::size_t(1));
    QVERIFY(shown->front().valueTruncated());
    QCOMPARE(shown->front().value->size(), std::size_t(1000));
    QCOMPARE(shown->front().valueSize, std::size_t(200'000));
    auto whole = browser.fetchOne("orders", 0, produced->offset);
    QVERIFY(whole.ok());
    QCOMPARE(whole->value->size(), std::size_t(200'000));
  }

  void searchFindsOneNeedleAndReportsProgress() {
    QVERIFY(m_client->createTopic("haystack", 2, 1).ok());
    QStringList lines;
    for (int i = 0; i < 20000; ++i)
      lines << QStringLiteral("%1:{\"id\":%1,\"note\":\"%2\"}").arg(i).arg(i == 12345 ? QStringLiteral("needle")
                                                                                         : QStringLiteral("hay"));
    kcatProduce(QStringLiteral("haystack"), lines);
    MessageBrowser browser(*m_client);
    std::vector<Message> found;
    std::vector<SearchProgress> reports;
    auto result = browser.search(
        SearchRequest{.topic = "haystack", .substring = "needle"}, [&](const Message& m) { found.push_back(m); },
        [&](const SearchProgress& p) { reports.push_back(p); });
    QVERIFY2(result.ok(), result.ok() ? "" : result.error().toString().c_str());
    QCOMPARE(result->scanned, std::int64_t(20000));
    QCOMPARE(result->total, std::int64_t(20000));
    QCOMPARE(found.size(), std::size_t(1));
    QCOMPARE(*found[0].key, std::string("12345"));
    QVERIFY(!reports.empty());
    QCOMPARE(reports.back().scanned, std::int64_t(20000));
    // A bounded scan looks at no more than it is allowed to.
    auto bounded = browser.search(SearchRequest{.topic = "haystack", .substring = "needle", .maxScanned = 1000},
                                  [](const Message&) {}, {});
    QVERIFY(bounded.ok());
    QVERIFY(bounded->scanned <= 1000);
    // Cancelling stops at once.
    CancelFlag cancel{true};
    auto stopped = browser.search(SearchRequest{.topic = "haystack", .substring = "x"}, [](const Message&) {}, {}, &cancel);
    QVERIFY(stopped.ok());
    QVERIFY(stopped->cancelled);
    QCOMPARE(stopped->scanned, std::int64_t(0));
  }

  void liveTailShowsNewMessages() {
    MessageBrowser browser(*m_client);
    CancelFlag stop{false};
    std::vector<Message> seen;
    std::mutex mutex;
    std::thread tail([&] {
      auto s = browser.tail("orders", {}, [&](const Message& m) {
        std::lock_guard lock(mutex);
        seen.push_back(m);
      }, stop);
      QVERIFY(s.ok());
    });
    QTest::qWait(1500);  // let the tail reach the end before producing
    kcatProduce(QStringLiteral("orders"), {QStringLiteral("live:after-start")}, 0);
    for (int i = 0; i < 100; ++i) {
      {
        std::lock_guard lock(mutex);
        if (!seen.empty()) break;
      }
      QTest::qWait(100);
    }
    stop = true;
    tail.join();
    QCOMPARE(seen.size(), std::size_t(1));
    QCOMPARE(*seen[0].value, std::string("after-start"));
  }

  void groupLagAndOffsetReset() {
    // python3-kafka consumes and commits 10 of the 30 messages in partition 1.
    QString script = QStringLiteral(
        "import sys\n"
        "from kafka import KafkaConsumer, TopicPartition, OffsetAndMetadata\n"
        "c = KafkaConsumer(bootstrap_servers=sys.argv[1], group_id='billing', enable_auto_commit=False,\n"
        "                  api_version=(2, 5, 0))\n"
        "tp = TopicPartition('orders', 1)\n"
        "c.commit({tp: OffsetAndMetadata(10, None)})\n"
        "c.close()\n");
    QCOMPARE(python(script), 0);
    auto groups = m_client->groups();
    QVERIFY2(groups.ok(), groups.ok() ? "" : groups.error().toString().c_str());
    auto billing = std::find_if(groups->begin(), groups->end(), [](const GroupSummary& g) { return g.id == "billing"; });
    QVERIFY(billing != groups->end());
    QVERIFY2(billing->state == "Empty", billing->state.c_str());
    auto detail = m_client->describeGroup("billing");
    QVERIFY2(detail.ok(), detail.ok() ? "" : detail.error().toString().c_str());
    QVERIFY(detail->members.empty());
    auto p1 = std::find_if(detail->offsets.begin(), detail->offsets.end(), [](const GroupOffset& o) { return o.partition == 1; });
    QVERIFY(p1 != detail->offsets.end());
    QCOMPARE(p1->committed, std::int64_t(10));
    QCOMPARE(p1->lag(), std::int64_t(20));
    // Reset to earliest: everything is lag again.
    auto moved = m_client->resetGroupOffsets("billing", "orders", OffsetReset{OffsetReset::To::Earliest});
    QVERIFY2(moved.ok(), moved.ok() ? "" : moved.error().toString().c_str());
    auto after = m_client->describeGroup("billing");
    QVERIFY(after.ok());
    auto p1after = std::find_if(after->offsets.begin(), after->offsets.end(), [](const GroupOffset& o) { return o.partition == 1; });
    QCOMPARE(p1after->committed, std::int64_t(0));
    QCOMPARE(p1after->lag(), std::int64_t(30));
  }

  void resetIsRefusedWhileTheGroupHasMembers() {
    // A kcat balanced consumer stays in the group while we try.
    QProcess member;
    member.start(QStringLiteral("kcat"), {QStringLiteral("-b"), bootstrap(), QStringLiteral("-G"), QStringLiteral("live-group"),
                                          QStringLiteral("orders")});
    QVERIFY(member.waitForStarted());
    bool joined = false;
    for (int i = 0; i < 100 && !joined; ++i) {
      QTest::qWait(200);
      auto d = m_client->describeGroup("live-group");
      joined = d.ok() && !d->members.empty();
    }
    QVERIFY(joined);
    auto refused = m_client->resetGroupOffsets("live-group", "orders", OffsetReset{OffsetReset::To::Latest});
    member.terminate();
    member.waitForFinished(10000);
    QVERIFY(!refused.ok());
    QVERIFY2(refused.error().message.find("active member") != std::string::npos, refused.error().message.c_str());
  }

  void configsDescribeAndAlter() {
    auto configs = m_client->topicConfigs("orders");
    QVERIFY2(configs.ok(), configs.ok() ? "" : configs.error().toString().c_str());
    QVERIFY(std::any_of(configs->begin(), configs->end(), [](const ConfigEntry& e) { return e.name == "retention.ms"; }));
    QVERIFY(m_client->alterTopicConfigs("orders", {{"retention.ms", "3600000"}}).ok());
    auto changed = m_client->topicConfigs("orders");
    QVERIFY(changed.ok());
    auto it = std::find_if(changed->begin(), changed->end(), [](const ConfigEntry& e) { return e.name == "retention.ms"; });
    QCOMPARE(it->value, std::string("3600000"));
    QVERIFY(!it->isDefault);
    // python3-kafka's admin client agrees.
    QString out;
    QCOMPARE(python(QStringLiteral(
                 "import sys\n"
                 "from kafka.admin import KafkaAdminClient, ConfigResource, ConfigResourceType\n"
                 "a = KafkaAdminClient(bootstrap_servers=sys.argv[1])\n"
                 "r = a.describe_configs([ConfigResource(ConfigResourceType.TOPIC, 'orders')])\n"
                 "for res in r:\n"
                 "  for e in res.resources[0][4]:\n"
                 "    if e[0] == 'retention.ms': print(e[1])\n"),
                    &out),
             0);
    QCOMPARE(out.trimmed(), QStringLiteral("3600000"));
  }

  void deleteRecordsPartitionsAndTopics() {
    auto low = m_client->deleteRecords("orders", 1, 25);
    QVERIFY2(low.ok(), low.ok() ? "" : low.error().toString().c_str());
    QCOMPARE(*low, std::int64_t(25));
    auto info = m_client->describeTopic("orders");
    QCOMPARE(info->partitions[1].low, std::int64_t(25));
    QCOMPARE(info->partitions[1].messages(), std::int64_t(5));
    QVERIFY(m_client->createPartitions("orders", 5).ok());
    QCOMPARE(m_client->describeTopic("orders")->partitions.size(), std::size_t(5));
    QVERIFY(m_client->deleteTopic("haystack").ok());
    auto gone = m_client->describeTopic("haystack");
    QVERIFY(!gone.ok());
    QCOMPARE(gone.error().code, ErrorCode::NotFound);
  }

  void unreachableClusterIsAClearErrorNotAHang() {
    auto start = std::chrono::steady_clock::now();
    auto client = ClusterClient::connect(ClusterConfig{"nowhere", "127.0.0.1:1", {}}, std::chrono::seconds(2));
    auto elapsed = std::chrono::steady_clock::now() - start;
    QVERIFY(!client.ok());
    QCOMPARE(client.error().code, ErrorCode::Unavailable);
    QVERIFY2(client.error().message.find("no broker reachable at 127.0.0.1:1 after 2 s") != std::string::npos,
             client.error().message.c_str());
    QVERIFY2(client.error().message.find("Connection refused") != std::string::npos, client.error().message.c_str());
    QVERIFY(elapsed < std::chrono::seconds(8));
  }

  void librdkafkaMockClusterForWhatItSupports() {
    // The mock lives inside a librdkafka handle; our client connects to its bootstrap address.
    char errstr[256];
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    rd_kafka_t* owner = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
    QVERIFY(owner);
    rd_kafka_mock_cluster_t* mock = rd_kafka_mock_cluster_new(owner, 1);
    QVERIFY(mock);
    QCOMPARE(rd_kafka_mock_topic_create(mock, "mocked", 4, 1), RD_KAFKA_RESP_ERR_NO_ERROR);
    {
      auto client = ClusterClient::connect(ClusterConfig{"mock", rd_kafka_mock_cluster_bootstraps(mock), {}},
                                           std::chrono::seconds(3));
      QVERIFY2(client.ok(), client.ok() ? "" : client.error().toString().c_str());
      auto topic = (*client)->describeTopic("mocked");
      QVERIFY(topic.ok());
      QCOMPARE(topic->partitions.size(), std::size_t(4));
      ProduceMessage m;
      m.value = "hello";
      m.partition = 3;
      QVERIFY((*client)->produce("mocked", m).ok());
      MessageBrowser browser(**client);
      auto messages = browser.browse(BrowseRequest{.topic = "mocked", .partitions = {3}});
      QVERIFY(messages.ok());
      QCOMPARE(messages->size(), std::size_t(1));
      // The mock does not implement CreateTopics: a clear error, not a hang.
      auto created = (*client)->createTopic("new-one", 1, 1);
      QVERIFY(!created.ok());
      qInfo("mock cluster, CreateTopics: %s", created.error().message.c_str());
    }
    rd_kafka_mock_cluster_destroy(mock);
    rd_kafka_destroy(owner);
  }
};

QTEST_GUILESS_MAIN(TestKafkaCluster)
#include "test_kafka_cluster.moc"
#include "tests/support/process.h"
