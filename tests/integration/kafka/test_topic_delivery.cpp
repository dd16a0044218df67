// Delivery guarantees and Kafka-side features of topic nodes, against a
// standalone embedded broker process (so it survives the runner being killed):
//   - datagen -> topic -> map -> topic -> file keeps every record across
//     repeated kill -9 of the runner (at-least-once, duplicates counted);
//   - bad records go to a dead-letter topic with the error and origin in
//     headers (read back with kcat, not our code);
//   - a consumer group can start at a timestamp (messages written with
//     python3-kafka, our code only consumes);
//   - librdkafka's statistics reach the metrics registry (lag, rtt, bytes);
//   - records the broker refuses after the topic sink produced them (its
//     delivery reports come later: the sink does not wait for each batch) go
//     through the error policy (dead letters with the broker's reason), every
//     other record arrives, and the run ends normally.
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>
#include <fstream>
#include <random>
#include <set>

#include <nlohmann/json.hpp>

#include "tests/support/process.h"
#include "core/connectors/builtin.h"
#include "core/model/pipeline_file.h"
#include "core/runtime/engine.h"

using namespace tributary;
using testing::ChildProcess;

namespace {

// `tributary-runner broker` on a free port, stopped by the destructor.
class BrokerProcess {
 public:
  explicit BrokerProcess(const QString& dataDir) {
    m_process.start(QStringLiteral(TRIBUTARY_RUNNER), {QStringLiteral("broker"), QStringLiteral("--listen"),
                                                       QStringLiteral("127.0.0.1:0"), QStringLiteral("--data"), dataDir});
    if (!m_process.waitForReadyRead(15000)) return;
    QString line = QString::fromUtf8(m_process.readLine()).trimmed();
    if (line.startsWith(QStringLiteral("listening on "))) m_bootstrap = line.mid(13).toStdString();
  }
  ~BrokerProcess() {
    m_process.terminate();
    if (!m_process.waitForFinished(10000)) m_process.kill();
  }
  const std::string& bootstrap() const { return m_bootstrap; }

 private:
  QProcess m_process;
  std::string m_bootstrap;
};

struct KcatResult {
  int exitCode = -1;
  QString out;
};

KcatResult kcat(const QStringList& args) {
  QProcess p;
  p.start(QStringLiteral("kcat"), args);
  KcatResult r;
  if (!p.waitForFinished(30000)) return r;
  r.exitCode = p.exitCode();
  r.out = QString::fromUtf8(p.readAllStandardOutput());
  return r;
}

// Ids ("order_id") in a JSON-lines file, with how often each appears.
std::map<std::int64_t, int> idsIn(const std::string& path, const char* field, std::size_t* broken = nullptr) {
  std::map<std::int64_t, int> ids;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) {
    auto row = nlohmann::json::parse(line, nullptr, false);
    if (row.is_discarded() || !row.contains(field) || !row[field].is_number_integer()) {
      if (broken) ++*broken;
      continue;
    }
    ++ids[row[field].get<std::int64_t>()];
  }
  return ids;
}

std::string readFile(const std::string& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace

class TestTopicDelivery final : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void killNineThroughTwoTopicsLosesNothing() {
    QTemporaryDir dir;
    auto path = [&](const char* name) { return dir.filePath(QString::fromLatin1(name)).toStdString(); };
    BrokerProcess broker(dir.filePath(QStringLiteral("broker")));
    QVERIFY(!broker.bootstrap().empty());
    constexpr int kRecords = 60000;
    nlohmann::json pipeline = {
        {"tributary", 1},
        {"name", "crash-topics"},
        {"cluster", {{"bootstrap", broker.bootstrap()}}},
        {"nodes",
         {{{"id", "gen"}, {"type", "source.datagen"},
           {"config", {{"template", "orders"}, {"seed", 11}, {"count", kRecords}, {"rate", 40000}}}},
          {{"id", "raw"}, {"type", "topic"}, {"config", {{"name", "crash-raw"}, {"partitions", 4}, {"key", "order_id"}}}},
          {{"id", "shape"}, {"type", "transform.map"}, {"config", {{"select", "order_id, upper(status) AS status"}}}},
          {{"id", "shaped"}, {"type", "topic"}, {"config", {{"name", "crash-shaped"}, {"partitions", 3}}}},
          {{"id", "out"}, {"type", "sink.file"}, {"config", {{"path", "out.jsonl"}, {"fsync", "none"}}}}}},
        {"edges",
         {{{"from", "gen"}, {"to", "raw"}},
          {{"from", "raw"}, {"to", "shape"}},
          {{"from", "shape"}, {"to", "shaped"}},
          {{"from", "shaped"}, {"to", "out"}}}}};
    std::ofstream(path("p.tributary.json")) << pipeline.dump(2);
    std::vector<std::string> argv = {TRIBUTARY_RUNNER,
                                     "run",
                                     path("p.tributary.json"),
                                     "--workdir",
                                     dir.path().toStdString(),
                                     "--state",
                                     path("state"),
                                     "--checkpoint-interval",
                                     "100ms",
                                     "--quiet"};
    auto outputLines = [&] {
      std::ifstream in(path("out.jsonl"));
      return std::count(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>(), '\n');
    };
    std::mt19937 rng(std::random_device{}());
    int killedMidRun = 0;
    for (int round = 0; round < 3; ++round) {
      // Kill once the output grew by a random 2,000–8,000 lines, plus up to 50 ms:
      // anywhere in producing, consuming, committing or checkpointing.
      auto start = outputLines();
      auto grow = std::uniform_int_distribution<long>(2000, 8000)(rng);
      ChildProcess child(argv, path("stderr.txt"));
      auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
      while (child.running() && outputLines() < start + grow && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
      std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution<int>(0, 50)(rng)));
      if (child.running()) {
        child.signal(SIGKILL);
        auto code = child.wait(std::chrono::seconds(10));
        QVERIFY(code.has_value());
        if (*code == 128 + SIGKILL) ++killedMidRun;
      }
    }
    QVERIFY2(killedMidRun >= 2, qPrintable(QStringLiteral("only %1 kills landed mid-run").arg(killedMidRun)));

    // The last run: the source is done once its count is reached; the topic
    // stages keep consuming, so wait for every id, then stop gracefully.
    ChildProcess last(argv, path("stderr.txt"));
    std::map<std::int64_t, int> ids;
    for (auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(90);
         std::chrono::steady_clock::now() < deadline;) {
      ids = idsIn(path("out.jsonl"), "order_id");
      if (ids.size() >= static_cast<std::size_t>(kRecords)) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    last.signal(SIGTERM);
    auto code = last.wait(std::chrono::seconds(60));
    QVERIFY(code.has_value());
    QVERIFY2(*code == 0, readFile(path("stderr.txt")).c_str());

    std::size_t broken = 0;
    ids = idsIn(path("out.jsonl"), "order_id", &broken);
    std::size_t lines = 0, duplicates = 0, missing = 0;
    for (const auto& [id, n] : ids) {
      lines += static_cast<std::size_t>(n);
      duplicates += static_cast<std::size_t>(n - 1);
    }
    // Order ids are distinct per record, so fewer distinct ids than records means loss.
    missing = kRecords > static_cast<int>(ids.size()) ? kRecords - ids.size() : 0;
    qInfo("%d kills mid-run; %zu output lines for %d records: %zu duplicates, %zu missing, %zu broken lines",
          killedMidRun, lines + broken, kRecords, duplicates, missing, broken);
    QCOMPARE(missing, std::size_t{0});
    QCOMPARE(ids.size(), static_cast<std::size_t>(kRecords));
    // A line cut by kill -9 can only be the last one of a run; whole lines are never torn elsewhere.
    QVERIFY2(broken <= 5, qPrintable(QStringLiteral("%1 broken lines").arg(broken)));
  }

  void badRecordsGoToADeadLetterTopic() {
    QTemporaryDir dir;
    auto path = [&](const char* name) { return dir.filePath(QString::fromLatin1(name)).toStdString(); };
    BrokerProcess broker(dir.filePath(QStringLiteral("broker")));
    QVERIFY(!broker.bootstrap().empty());
    {
      std::ofstream in(path("in.jsonl"));
      for (int i = 0; i < 100; ++i) {
        if (i % 10 == 3)
          in << "{\"id\": " << i << ", broken\n";  // not JSON
        else
          in << "{\"id\": " << i << "}\n";
      }
    }
    nlohmann::json pipeline = {
        {"tributary", 1},
        {"name", "dlq"},
        {"cluster", {{"bootstrap", broker.bootstrap()}}},
        {"nodes",
         {{{"id", "in"}, {"type", "source.file"}, {"config", {{"path", "in.jsonl"}, {"dead_letter_topic", "dlq-lines"}}}},
          {{"id", "out"}, {"type", "sink.file"}, {"config", {{"path", "out.jsonl"}}}}}},
        {"edges", {{{"from", "in"}, {"to", "out"}}}}};
    std::ofstream(path("p.tributary.json")) << pipeline.dump(2);
    ChildProcess run({TRIBUTARY_RUNNER, "run", path("p.tributary.json"), "--workdir", dir.path().toStdString(),
                      "--state", path("state"), "--quiet"},
                     path("stderr.txt"));
    auto code = run.wait(std::chrono::seconds(60));
    QVERIFY(code.has_value());
    QVERIFY2(*code == 0, readFile(path("stderr.txt")).c_str());
    QCOMPARE(idsIn(path("out.jsonl"), "id").size(), std::size_t{90});
    QVERIFY(!std::filesystem::exists(path("dead-letter/in.jsonl")));  // the topic replaced the file

    // kcat prints value, then the headers we promise, one message per line.
    KcatResult read = kcat({QStringLiteral("-C"), QStringLiteral("-b"), QString::fromStdString(broker.bootstrap()),
                            QStringLiteral("-t"), QStringLiteral("dlq-lines"), QStringLiteral("-e"), QStringLiteral("-q"),
                            QStringLiteral("-f"), QStringLiteral("%s|%h\\n")});
    QCOMPARE(read.exitCode, 0);
    QStringList letters = read.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(letters.size(), 10);
    for (const QString& letter : letters) {
      QVERIFY2(letter.contains(QStringLiteral(", broken|")), qPrintable(letter));
      QVERIFY2(letter.contains(QStringLiteral("tributary.error=")), qPrintable(letter));
      QVERIFY2(letter.contains(QStringLiteral("tributary.node=in")), qPrintable(letter));
      QVERIFY2(letter.contains(QStringLiteral("tributary.pipeline=dlq")), qPrintable(letter));
      QVERIFY2(letter.contains(QStringLiteral("tributary.origin.offset=")), qPrintable(letter));
    }
  }

  void refusedDeliveriesGoThroughTheErrorPolicy() {
    QTemporaryDir dir;
    auto path = [&](const char* name) { return dir.filePath(QString::fromLatin1(name)).toStdString(); };
    BrokerProcess broker(dir.filePath(QStringLiteral("broker")));
    QVERIFY(!broker.bootstrap().empty());
    // The broker refuses any produce batch above 3,000 bytes on this topic;
    // librdkafka accepts the records and learns it from the broker's answer.
    QProcess create;
    create.start(QStringLiteral("/usr/bin/python3"),
                 {QStringLiteral("-c"),
                  QStringLiteral("import sys\nfrom kafka.admin import KafkaAdminClient, NewTopic\n"
                                 "a = KafkaAdminClient(bootstrap_servers=sys.argv[1])\n"
                                 "a.create_topics([NewTopic('small', 1, 1, topic_configs={'max.message.bytes': '3000'})])\n"),
                  QString::fromStdString(broker.bootstrap())});
    QVERIFY(create.waitForFinished(30000));
    QVERIFY2(create.exitCode() == 0, create.readAllStandardError().constData());
    {
      std::ofstream in(path("in.jsonl"));
      for (int i = 0; i < 200; ++i)
        in << "{\"id\": " << i << (i == 50 || i == 150 ? ", \"pad\": \"" + std::string(5000, 'x') + "\"" : "")
           << "}\n";
    }
    auto run = [&](const std::string& name) {
      nlohmann::json pipeline = {
          {"tributary", 1},
          {"name", name},
          {"cluster", {{"bootstrap", broker.bootstrap()}}},
          {"nodes",
           {{{"id", "in"}, {"type", "source.file"}, {"config", {{"path", "in.jsonl"}}}},
            {{"id", "out"},
             {"type", "topic"},
             {"config", {{"name", "small"}, {"create", false}, {"key", "id"}, {"compression", "none"}}}}}},
          {"edges", {{{"from", "in"}, {"to", "out"}}}}};
      std::ofstream(path("p.tributary.json")) << pipeline.dump(2);
      ChildProcess runner({TRIBUTARY_RUNNER, "run", path("p.tributary.json"), "--workdir", dir.path().toStdString(),
                           "--state", path(("state-" + name).c_str()), "--quiet"},
                          path("stderr.txt"));
      return runner.wait(std::chrono::seconds(90));
    };

    auto code = run("refused");
    QVERIFY(code.has_value());
    QVERIFY2(*code == 0, readFile(path("stderr.txt")).c_str());
    // Then 100 more lines: the run resumes after what the first one acknowledged
    // (refused records included, once dead-lettered) and these arrive.
    {
      std::ofstream in(path("in.jsonl"), std::ios::app);
      for (int i = 200; i < 300; ++i) in << "{\"id\": " << i << "}\n";
    }
    code = run("refused");
    QVERIFY(code.has_value());
    QVERIFY2(*code == 0, readFile(path("stderr.txt")).c_str());

    // Every id is once in the topic (read by kcat) or once in the dead letters.
    KcatResult read = kcat({QStringLiteral("-C"), QStringLiteral("-b"), QString::fromStdString(broker.bootstrap()),
                            QStringLiteral("-t"), QStringLiteral("small"), QStringLiteral("-e"), QStringLiteral("-q")});
    QCOMPARE(read.exitCode, 0);
    std::map<std::int64_t, int> seen, lettered;
    for (const QString& line : read.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
      auto row = nlohmann::json::parse(line.toStdString(), nullptr, false);
      QVERIFY2(row.is_object() && row.contains("id"), qPrintable(line));
      ++seen[row["id"].get<std::int64_t>()];
    }
    std::ifstream letters(path("dead-letter/out.jsonl"));
    for (std::string line; std::getline(letters, line);) {
      auto letter = nlohmann::json::parse(line, nullptr, false);
      QVERIFY2(letter.is_object() && letter.contains("raw"), line.c_str());
      QVERIFY2(line.find("producing to small") != std::string::npos, line.c_str());
      auto value = nlohmann::json::parse(letter["raw"].get<std::string>(), nullptr, false);
      QVERIFY2(value.is_object() && value.contains("id"), line.c_str());
      ++lettered[value["id"].get<std::int64_t>()];
    }
    QVERIFY(lettered.count(50) && lettered.count(150));
    for (std::int64_t id = 0; id < 300; ++id)
      QVERIFY2((seen.count(id) ? seen[id] : 0) + (lettered.count(id) ? lettered[id] : 0) == 1,
               qPrintable(QStringLiteral("id %1: in the topic %2 time(s), dead-lettered %3 time(s)")
                              .arg(id)
                              .arg(seen.count(id) ? seen[id] : 0)
                              .arg(lettered.count(id) ? lettered[id] : 0)));
    for (std::int64_t id = 200; id < 300; ++id) QVERIFY2(seen.count(id), qPrintable(QString::number(id)));
    // The broker refuses a whole produce request: records sent with a refused one are refused too.
    qInfo("%zu of 300 records in the topic, %zu dead-lettered", seen.size(), lettered.size());
  }

  void groupStartsAtATimestamp() {
    QTemporaryDir dir;
    auto path = [&](const char* name) { return dir.filePath(QString::fromLatin1(name)).toStdString(); };
    BrokerProcess broker(dir.filePath(QStringLiteral("broker")));
    QVERIFY(!broker.bootstrap().empty());
    // 100 messages, one second apart from 2024-01-01T00:00:00Z, over 2 partitions.
    const std::int64_t t0 = 1704067200000;
    QProcess py;
    py.start(QStringLiteral("/usr/bin/python3"),
             {QStringLiteral("-c"),
              QStringLiteral("import json, sys\n"
                             "from kafka import KafkaProducer\n"
                             "from kafka.admin import KafkaAdminClient, NewTopic\n"
                             "KafkaAdminClient(bootstrap_servers=sys.argv[1]).create_topics([NewTopic('timed', 2, 1)])\n"
                             "p = KafkaProducer(bootstrap_servers=sys.argv[1])\n"
                             "for i in range(100):\n"
                             "    p.send('timed', json.dumps({'n': i}).encode(), partition=i % 2, timestamp_ms=%1 + i * 1000)\n"
                             "p.flush()\n")
                  .arg(t0),
              QString::fromStdString(broker.bootstrap())});
    QVERIFY(py.waitForFinished(60000));
    QVERIFY2(py.exitCode() == 0, py.readAllStandardError().constData());

    nlohmann::json pipeline = {
        {"tributary", 1},
        {"name", "timed"},
        {"cluster", {{"bootstrap", broker.bootstrap()}}},
        {"nodes",
         {{{"id", "t"}, {"type", "topic"},
           {"config", {{"name", "timed"}, {"create", false}, {"start", "timestamp"}, {"start_time", "2024-01-01T00:01:10Z"}}}},
          {{"id", "out"}, {"type", "sink.file"}, {"config", {{"path", "out.jsonl"}}}}}},
        {"edges", {{{"from", "t"}, {"to", "out"}}}}};
    std::ofstream(path("p.tributary.json")) << pipeline.dump(2);
    ChildProcess run({TRIBUTARY_RUNNER, "run", path("p.tributary.json"), "--workdir", dir.path().toStdString(),
                      "--state", path("state"), "--quiet"},
                     path("stderr.txt"));
    std::map<std::int64_t, int> seen;
    for (auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(40);
         std::chrono::steady_clock::now() < deadline && seen.size() < 30;) {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      seen = idsIn(path("out.jsonl"), "n");
    }
    std::this_thread::sleep_for(std::chrono::seconds(1));  // anything older would have arrived by now too
    run.signal(SIGTERM);
    QVERIFY(run.wait(std::chrono::seconds(30)).has_value());
    seen = idsIn(path("out.jsonl"), "n");
    QCOMPARE(seen.size(), std::size_t{30});
    QCOMPARE(seen.begin()->first, std::int64_t{70});
    QCOMPARE(seen.rbegin()->first, std::int64_t{99});
  }

  void kafkaStatisticsBecomeMetrics() {
    QTemporaryDir dir;
    BrokerProcess broker(dir.filePath(QStringLiteral("broker")));
    QVERIFY(!broker.bootstrap().empty());
    // A slow consumer behind a fast producer: lag must show.
    nlohmann::json file = {
        {"tributary", 1},
        {"name", "stats"},
        {"cluster", {{"bootstrap", broker.bootstrap()}}},
        {"nodes",
         {{{"id", "gen"}, {"type", "source.datagen"}, {"config", {{"template", "users"}, {"seed", 1}, {"rate", 2000}}}},
          {{"id", "t"}, {"type", "topic"}, {"config", {{"name", "stats-users"}, {"partitions", 2}}}},
          {{"id", "out"}, {"type", "sink.file"}, {"config", {{"path", "out.jsonl"}}}}}},
        {"edges", {{{"from", "gen"}, {"to", "t"}}, {{"from", "t"}, {"to", "out"}}}}};
    auto pipeline = model::parsePipeline(file.dump());
    QVERIFY2(pipeline.ok(), pipeline ? "" : pipeline.error().message.c_str());
    runtime::EngineOptions options;
    options.workDir = dir.path().toStdString();
    options.stateDir = dir.filePath(QStringLiteral("state")).toStdString();  // commits offsets
    auto engine = runtime::Engine::create(*pipeline, connectors::builtinFactories(), options);
    QVERIFY2(engine.ok(), engine ? "" : engine.error().message.c_str());
    (*engine)->start();
    auto find = [&](const std::string& name) -> const metrics::FamilySnapshot* {
      static std::vector<metrics::FamilySnapshot> families;
      families = (*engine)->metrics().collect();
      for (const auto& f : families)
        if (f.name == name) return &f;
      return nullptr;
    };
    bool rtt = false, sent = false, received = false, lag = false;
    for (auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
         std::chrono::steady_clock::now() < deadline && !(rtt && sent && received && lag);) {
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
      if (auto* f = find("tributary_kafka_broker_rtt_seconds"))
        for (const auto& s : f->series) rtt = rtt || s.value > 0;
      if (auto* f = find("tributary_kafka_sent_bytes_total"))
        for (const auto& s : f->series) sent = sent || s.value > 0;
      if (auto* f = find("tributary_kafka_received_bytes_total"))
        for (const auto& s : f->series) received = received || s.value > 0;
      if (auto* f = find("tributary_kafka_consumer_lag"))
        lag = f->series.size() == 2;  // one per partition of the topic
    }
    (*engine)->stop();
    (*engine)->wait();
    QVERIFY(rtt);
    QVERIFY(sent);
    QVERIFY(received);
    QVERIFY(lag);
  }
};

QTEST_GUILESS_MAIN(TestTopicDelivery)
#include "test_topic_delivery.moc"
