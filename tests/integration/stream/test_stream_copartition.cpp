// Co-partitioning, on the embedded broker (`tributary-runner broker`):
//   - a join whose inputs are topics keyed by its key with different
//     partition counts is refused when the run starts and by `validate`
//     (with --cluster, or when the pipeline declares the counts), with one
//     sentence naming both topics and counts; nothing is read or committed;
//   - a join whose topics are keyed by something else gets a repartition
//     topic per side and gives the same rows as topics keyed correctly;
//   - an aggregate read by two members of a parallel stage from a topic not
//     keyed by its group gets a repartition topic, so each group is counted
//     whole by one member; `run --reset` empties that topic.
// Topics are created and filled, repartition topics read (keys, murmur2
// partitions) and committed offsets counted with Python's Kafka clients.
#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <tuple>

#include <nlohmann/json.hpp>

#include "tests/integration/broker/client_processes.h"
#include "tests/support/process.h"

using namespace tributary;
using namespace tributary::testing;

namespace {

const QString kHelper = QStringLiteral(TRIBUTARY_SOURCE_DIR "/tests/integration/stream/copartition_topics.py");

// A topic node reading `name`; `key`: what the pipeline declares it is keyed by (empty: nothing).
nlohmann::json topicNode(const char* id, const std::string& name, const std::string& key = {}) {
  nlohmann::json t = {{"id", id}, {"type", "topic"}, {"config", {{"name", name}, {"create", false}, {"start", "earliest"}}}};
  if (!key.empty()) t["config"]["key"] = key;
  return t;
}

// The join every case runs: orders and shipments (or payments) within a minute by order_id.
nlohmann::json joinNode(const std::string& id) {
  return {{"id", id},
          {"type", "transform.join"},
          {"config",
           {{"type", "inner"},
            {"mode", "window"},
            {"left_key", "order_id"},
            {"right_key", "order_id"},
            {"before", "1m"},
            {"after", "1m"},
            {"grace", "1m"},
            {"left_timestamp", "ts"},
            {"right_timestamp", "ts"},
            {"select", "left.order_id AS order_id, right.side AS side"}}}};
}

std::string writeJoin(const QString& dir, const std::string& bootstrap, nlohmann::json left, nlohmann::json right,
                      const std::string& output = "joined.jsonl", const std::string& name = "copartition") {
  nlohmann::json p = {
      {"tributary", 1},
      {"name", name},
      {"cluster", {{"bootstrap", bootstrap}}},
      {"nodes",
       {std::move(left),
        std::move(right),
        joinNode("j"),
        {{"id", "out"}, {"type", "sink.file"}, {"config", {{"path", output}, {"fsync", "none"}}}}}},
      {"edges",
       {{{"from", "orders"}, {"to", "j"}, {"toPort", "left"}},
        {{"from", "shipments"}, {"to", "j"}, {"toPort", "right"}},
        {{"from", "j"}, {"to", "out"}}}}};
  std::string file = (dir + QStringLiteral("/p.tributary.json")).toStdString();
  std::ofstream(file) << p.dump(2);
  return file;
}

std::string writePipeline(const QString& dir, const std::string& bootstrap, const std::string& left,
                          const std::string& right) {
  return writeJoin(dir, bootstrap, topicNode("orders", left, "order_id"), topicNode("shipments", right, "order_id"));
}

// orders (read by two members, not keyed by warehouse) -> count per warehouse -> agg_<member>.jsonl
// `declaredKey`: what the pipeline says `orders` is keyed by (empty: nothing).
std::string writeAggregate(const QString& dir, const std::string& bootstrap, const std::string& output,
                           const std::string& declaredKey = {}) {
  nlohmann::json p = {
      {"tributary", 1},
      {"name", "copartition"},
      {"cluster", {{"bootstrap", bootstrap}}},
      {"nodes",
       {{{"id", "orders"},
         {"type", "topic"},
         {"config", {{"name", "orders"}, {"create", false}, {"start", "earliest"}, {"parallelism", 2}}}},
        {{"id", "agg"},
         {"type", "transform.aggregate"},
         {"config",
          {{"group_by", {"warehouse"}},
           {"window", "none"},
           {"emit", "changes"},
           {"aggregates", {"count(*) AS orders", "sum(units) AS units"}}}}},
        {{"id", "out"}, {"type", "sink.file"}, {"config", {{"path", output}, {"fsync", "none"}}}}}},
      {"edges", {{{"from", "orders"}, {"to", "agg"}}, {{"from", "agg"}, {"to", "out"}}}}};
  if (!declaredKey.empty()) p["nodes"][0]["config"]["key"] = declaredKey;
  std::string file = (dir + QStringLiteral("/agg.tributary.json")).toStdString();
  std::ofstream(file) << p.dump(2);
  return file;
}

// The order_ids of a join's output file, sorted.
std::vector<int> joinedIds(const QString& file) {
  std::ifstream in(file.toStdString());
  std::vector<int> ids;
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) ids.push_back(nlohmann::json::parse(line).at("order_id").get<int>());
  std::sort(ids.begin(), ids.end());
  return ids;
}

// The last result per warehouse in each member's file: warehouse -> {member -> {orders, units}}.
std::map<std::string, std::map<int, std::pair<int, int>>> lastCounts(const QString& dir, const std::string& pattern) {
  std::map<std::string, std::map<int, std::pair<int, int>>> out;
  for (int member = 0; member < 2; ++member) {
    std::string path = pattern;
    path.replace(path.find("{member}"), 8, std::to_string(member));
    std::ifstream in((dir + QStringLiteral("/") + QString::fromStdString(path)).toStdString());
    for (std::string line; std::getline(in, line);) {
      if (line.empty()) continue;
      auto row = nlohmann::json::parse(line);
      out[row.at("warehouse").get<std::string>()][member] = {row.at("orders").get<int>(), row.at("units").get<int>()};
    }
  }
  return out;
}

Run runner(const QStringList& args, int timeoutMs = 90000) {
  return runProcess(QStringLiteral(TRIBUTARY_RUNNER), args, timeoutMs);
}

QString python(const QStringList& args, int* code) {
  return runForOutput(QString::fromLatin1(kDebianPython), QStringList{kHelper} + args, 60000, {}, code);
}

// Writes the ids [from, to) keyed by order id to 3-partition topics, every `every`th id to each (helper
// `keyed`); an empty answer, or what failed.
QString produceKeyed(const QString& bootstrap, std::initializer_list<std::pair<const char*, int>> topics, int from,
                     int to) {
  for (const auto& [topic, every] : topics) {
    int code = -1;
    QString out = python({QStringLiteral("keyed"), bootstrap, QLatin1String(topic), QStringLiteral("3"),
                          QString::number(from), QString::number(to), QString::number(every)},
                         &code);
    if (code != 0) return out;
  }
  return QString();
}

int lines(const QString& file) {
  std::ifstream in(file.toStdString());
  int n = 0;
  for (std::string line; std::getline(in, line);) n += !line.empty();
  return n;
}

}  // namespace

class TestStreamCopartition final : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void mismatchedPartitionCountsAreRefused() {
    QTemporaryDir dir;
    RunnerBroker broker;
    QVERIFY(broker.start(dir.filePath(QStringLiteral("broker"))));
    const QString bootstrap = QString::fromStdString(broker.bootstrap());
    int code = -1;
    runForOutput(
        QString::fromLatin1(kDebianPython),
        {kHelper, QStringLiteral("create"), bootstrap, QStringLiteral("orders:6:50"), QStringLiteral("shipments:4:50")},
        60000, {}, &code);
    QCOMPARE(code, 0);

    std::string file = writePipeline(dir.path(), broker.bootstrap(), "orders", "shipments");
    Run run = runProcess(QStringLiteral(TRIBUTARY_RUNNER),
                         {QStringLiteral("run"), QString::fromStdString(file), QStringLiteral("--state"),
                          dir.filePath(QStringLiteral("state")), QStringLiteral("--workdir"), dir.path(),
                          QStringLiteral("--for"), QStringLiteral("60s")},
                         90000);
    QVERIFY2(run.exitCode != 0 && run.exitCode != -1, qPrintable(run.out));
    QVERIFY2(run.out.contains(QStringLiteral(
                 "join `j`: its inputs are not co-partitioned: topic `orders` has 6 partitions, topic `shipments` "
                 "has 4; both sides of a join need the same count (repartition one of them)")),
             qPrintable(run.out));
    // Refused before the first poll: no joined row, no committed offset in any group.
    QCOMPARE(lines(dir.filePath(QStringLiteral("joined.jsonl"))), 0);
    QString committed = runForOutput(QString::fromLatin1(kDebianPython),
                                     {kHelper, QStringLiteral("committed"), bootstrap}, 60000, {}, &code);
    QCOMPARE(code, 0);
    QCOMPARE(committed.trimmed(), QStringLiteral("0"));

    // `validate --cluster` asks the broker and refuses with the same sentence.
    const QString sentence = QStringLiteral(
        "join `j`: its inputs are not co-partitioned: topic `orders` has 6 partitions, topic `shipments` has 4; "
        "both sides of a join need the same count (repartition one of them)");
    Run checked = runner({QStringLiteral("validate"), QString::fromStdString(file), QStringLiteral("--cluster"),
                          QStringLiteral("pipeline")});
    QVERIFY2(checked.exitCode == 1, qPrintable(checked.out));
    QVERIFY2(checked.out.contains(sentence), qPrintable(checked.out));
    // Without a cluster to ask, and no counts in the pipeline, it cannot know: no error.
    Run unknown = runner({QStringLiteral("validate"), QString::fromStdString(file)});
    QVERIFY2(unknown.exitCode == 0, qPrintable(unknown.out));
    QVERIFY2(!unknown.out.contains(QStringLiteral("co-partitioned")), qPrintable(unknown.out));
    // A broker that does not answer is a warning, not a false error.
    Run away = runner({QStringLiteral("validate"), QString::fromStdString(file), QStringLiteral("--cluster"),
                       QStringLiteral("127.0.0.1:1")});
    QVERIFY2(away.exitCode == 0, qPrintable(away.out));
    QVERIFY2(away.out.contains(QStringLiteral("warning")) && away.out.contains(QStringLiteral("cannot learn")),
             qPrintable(away.out));
    QCOMPARE(committed.trimmed(), QStringLiteral("0"));
  }

  // The two topic nodes of a join are read by one consumer-group member:
  // what it has once (`static_member`: one group.instance.id; the client
  // `properties`) must agree,
  // `parallelism` above 1 would give a second member one side only, and it
  // reads a topic once (not for two topic nodes). Each
  // is refused by `run` before anything is read or committed, and by
  // `validate`, with one sentence naming both nodes and their values.
  void joinMemberSettingsAreRefused() {
    QTemporaryDir dir;
    RunnerBroker broker;
    QVERIFY(broker.start(dir.filePath(QStringLiteral("broker"))));
    const QString bootstrap = QString::fromStdString(broker.bootstrap());
    int code = -1;
    python({QStringLiteral("create"), bootstrap, QStringLiteral("orders:3:20:stamped"),
            QStringLiteral("shipments:3:20:stamped")},
           &code);
    QCOMPARE(code, 0);
    struct Case {
      const char* field;
      nlohmann::json value;
      QString sentence;
    };
    const std::vector<Case> cases{
        {"static_member", false,
         QStringLiteral("topic nodes `orders` (static_member false) and `shipments` (static_member true) feed join "
                        "`j` and are read by one consumer-group member, which has one `static_member`; give them the "
                        "same `static_member`")},
        {"properties",
         {{"session.timeout.ms", "3000"}},
         QStringLiteral("topic nodes `orders` (properties {\"session.timeout.ms\":\"3000\"}) and `shipments` "
                        "(properties unset) feed join `j` and are read by one consumer-group member, which has one "
                        "`properties`; give them the same `properties`")},
        {"parallelism", 2,
         QStringLiteral("topic node `orders` has parallelism 2, but it feeds join `j`, whose input topics are read by "
                        "one consumer-group member so that partition p of every input reaches the same task; remove "
                        "`parallelism` from it and run the pipeline on several runners to spread the join's "
                        "partitions")},
    };
    for (const Case& c : cases) {
      nlohmann::json orders = topicNode("orders", "orders", "order_id");
      orders["config"][c.field] = c.value;
      std::string file =
          writeJoin(dir.path(), broker.bootstrap(), orders, topicNode("shipments", "shipments", "order_id"));
      Run run = runner({QStringLiteral("run"), QString::fromStdString(file), QStringLiteral("--state"),
                        dir.filePath(QStringLiteral("state")), QStringLiteral("--workdir"), dir.path(),
                        QStringLiteral("--for"), QStringLiteral("20s")});
      QVERIFY2(run.exitCode != 0 && run.exitCode != -1, qPrintable(run.out.right(2000)));
      QVERIFY2(run.out.contains(c.sentence), qPrintable(run.out.right(2000)));
      Run checked = runner({QStringLiteral("validate"), QString::fromStdString(file)});
      QVERIFY2(checked.exitCode == 1, qPrintable(checked.out));
      QVERIFY2(checked.out.contains(QStringLiteral("(node j): ") + c.sentence), qPrintable(checked.out));
    }
    {
      // One topic through two topic nodes: the member reads each topic once.
      std::string file = writeJoin(dir.path(), broker.bootstrap(), topicNode("orders", "orders", "order_id"),
                                   topicNode("shipments", "orders", "order_id"));
      const QString sentence = QStringLiteral(
          "topic nodes `orders` and `shipments` both read topic `orders` and feed join `j`, whose input topics are "
          "read by one consumer-group member, which reads each topic once; connect one topic node for `orders` to "
          "every join that reads it");
      Run run = runner({QStringLiteral("run"), QString::fromStdString(file), QStringLiteral("--state"),
                        dir.filePath(QStringLiteral("state")), QStringLiteral("--workdir"), dir.path(),
                        QStringLiteral("--for"), QStringLiteral("20s")});
      QVERIFY2(run.exitCode != 0 && run.exitCode != -1 && run.out.contains(sentence), qPrintable(run.out.right(2000)));
      Run checked = runner({QStringLiteral("validate"), QString::fromStdString(file)});
      QVERIFY2(checked.exitCode == 1 && checked.out.contains(sentence), qPrintable(checked.out));
    }
    QCOMPARE(lines(dir.filePath(QStringLiteral("joined.jsonl"))), 0);
    QString committed = python({QStringLiteral("committed"), bootstrap}, &code);
    QCOMPARE(code, 0);
    QCOMPARE(committed.trimmed(), QStringLiteral("0"));
    // Agreeing settings (a start time per side is fine: each side seeks its own partitions) run.
    nlohmann::json orders = topicNode("orders", "orders", "order_id");
    nlohmann::json shipments = topicNode("shipments", "shipments", "order_id");
    orders["config"]["start"] = "timestamp";
    orders["config"]["start_time"] = "2024-05-01T10:00:05Z";  // orders 5.. (ts 10:00:00 + i s)
    shipments["config"]["start"] = "timestamp";
    shipments["config"]["start_time"] = "2024-05-01T10:00:10Z";  // shipments 10..
    std::string file = writeJoin(dir.path(), broker.bootstrap(), orders, shipments);
    Run run = runner({QStringLiteral("run"), QString::fromStdString(file), QStringLiteral("--state"),
                      dir.filePath(QStringLiteral("state")), QStringLiteral("--workdir"), dir.path(),
                      QStringLiteral("--for"), QStringLiteral("8s")});
    QVERIFY2(run.exitCode == 0, qPrintable(run.out.right(2000)));
    std::vector<int> expected;
    for (int i = 10; i < 20; ++i) expected.push_back(i);
    QCOMPARE(joinedIds(dir.filePath(QStringLiteral("joined.jsonl"))), expected);
  }

  // Several joins sharing inputs, on one runner, stopped and started again
  // with more input in between. Joins `a` (orders x shipments), `b` (orders x
  // payments) and `c` (orders x shipments again) share the topic nodes
  // `orders` and `shipments`: one member reads the three topics, in the first
  // join's group. Join `e` reads the same two topics through topic nodes of
  // its own: a second member, in its own group. Every join's rows must be
  // exactly the ids both of its topics hold (computed here), each once.
  void severalJoinsShareInputs() {
    QTemporaryDir dir;
    RunnerBroker broker;
    QVERIFY(broker.start(dir.filePath(QStringLiteral("broker"))));
    const QString bootstrap = QString::fromStdString(broker.bootstrap());
    auto produce = [&](int from, int to) {
      return produceKeyed(bootstrap, {{"orders", 1}, {"shipments", 2}, {"payments", 3}}, from, to);
    };
    QString produced = produce(0, 60);
    QVERIFY2(produced.isEmpty(), qPrintable(produced));

    nlohmann::json nodes = nlohmann::json::array(), edges = nlohmann::json::array();
    for (const auto& [id, topic] : {std::pair{"orders", "orders"},
                                    {"shipments", "shipments"},
                                    {"payments", "payments"},
                                    {"orders2", "orders"},
                                    {"shipments2", "shipments"}})
      nodes.push_back(topicNode(id, topic, "order_id"));
    for (const auto& [id, left, right] : {std::tuple{"a", "orders", "shipments"},
                                          {"b", "orders", "payments"},
                                          {"c", "orders", "shipments"},
                                          {"e", "orders2", "shipments2"}}) {
      nodes.push_back(joinNode(id));
      const std::string sink = std::string("out_") + id;
      nodes.push_back(
          {{"id", sink}, {"type", "sink.file"}, {"config", {{"path", sink + ".jsonl"}, {"fsync", "none"}}}});
      edges.push_back({{"from", left}, {"to", id}, {"toPort", "left"}});
      edges.push_back({{"from", right}, {"to", id}, {"toPort", "right"}});
      edges.push_back({{"from", id}, {"to", sink}});
    }
    nlohmann::json p = {{"tributary", 1},
                        {"name", "multi"},
                        {"cluster", {{"bootstrap", broker.bootstrap()}}},
                        {"nodes", nodes},
                        {"edges", edges}};
    const std::string file = (dir.path() + QStringLiteral("/multi.tributary.json")).toStdString();
    std::ofstream(file) << p.dump(2);
    const QStringList runArgs{QStringLiteral("run"),       QString::fromStdString(file),
                              QStringLiteral("--state"),   dir.filePath(QStringLiteral("state")),
                              QStringLiteral("--workdir"), dir.path(),
                              QStringLiteral("--for"),     QStringLiteral("10s")};
    Run first = runner(runArgs);
    QVERIFY2(first.exitCode == 0, qPrintable(first.out.right(3000)));
    QVERIFY2(first.out.contains(QStringLiteral("(the inputs of a) as group tributary.multi.a")),
             qPrintable(first.out.right(3000)));
    QVERIFY2(first.out.contains(QStringLiteral("(the inputs of e) as group tributary.multi.e")),
             qPrintable(first.out.right(3000)));
    produced = produce(60, 120);
    QVERIFY2(produced.isEmpty(), qPrintable(produced));
    Run second = runner(runArgs);
    QVERIFY2(second.exitCode == 0, qPrintable(second.out.right(3000)));

    auto every = [](int n) {
      std::vector<int> ids;
      for (int i = 0; i < 120; i += n) ids.push_back(i);
      return ids;
    };
    for (const char* j : {"a", "c", "e"})
      QCOMPARE(joinedIds(dir.filePath(QStringLiteral("out_%1.jsonl").arg(QLatin1String(j)))), every(2));
    QCOMPARE(joinedIds(dir.filePath(QStringLiteral("out_b.jsonl"))), every(3));

    // kafka-python: the two groups committed every record of their topics,
    // and no topic node kept a group of its own.
    int code = -1;
    QString out = python({QStringLiteral("offsets"), bootstrap}, &code);
    QVERIFY2(code == 0, qPrintable(out));
    auto groups = nlohmann::json::parse(out.toStdString());
    auto total = [&](const char* group, const char* topic) {
      int sum = 0;
      if (groups.contains(group) && groups[group].contains(topic))
        for (const auto& [partition, offset] : groups[group][topic].items()) sum += offset.get<int>();
      return sum;
    };
    QCOMPARE(total("tributary.multi.a", "orders"), 120);
    QCOMPARE(total("tributary.multi.a", "shipments"), 60);
    QCOMPARE(total("tributary.multi.a", "payments"), 40);
    QCOMPARE(total("tributary.multi.e", "orders"), 120);
    QCOMPARE(total("tributary.multi.e", "shipments"), 60);
    QCOMPARE(groups.size(), std::size_t{2});
  }

  // Upgrade from per-topic groups: before the inputs of a join shared one
  // member, each topic node committed in its own group
  // tributary.<pipeline>.<node>. Here kafka-python commits, in those groups,
  // the offsets after every id below 30 (as if the old version had read
  // them). The first run with the join's group takes them over — neither
  // reading ids below 30 again (start earliest) nor skipping the ones after
  // (start latest) — and later runs resume from the join's own group.
  void upgradeTakesOverPerTopicGroupOffsets() {
    QTemporaryDir dir;
    RunnerBroker broker;
    QVERIFY(broker.start(dir.filePath(QStringLiteral("broker"))));
    const QString bootstrap = QString::fromStdString(broker.bootstrap());
    int code = -1;
    auto produce = [&](int from, int to) { return produceKeyed(bootstrap, {{"orders", 1}, {"shipments", 2}}, from, to); };
    QString produced = produce(0, 60);
    QVERIFY2(produced.isEmpty(), qPrintable(produced));
    auto evenIds = [](int from, int to) {
      std::vector<int> ids;
      for (int i = from; i < to; i += 2) ids.push_back(i);
      return ids;
    };
    // `upgrade`: both sides from the earliest; `upgradelatest`: orders from the latest.
    for (const char* name : {"upgrade", "upgradelatest"}) {
      for (const char* node : {"orders", "shipments"}) {
        QString out = python({QStringLiteral("commitbelow"), bootstrap,
                              QStringLiteral("tributary.%1.%2").arg(QLatin1String(name), QLatin1String(node)),
                              QLatin1String(node), QStringLiteral("30")},
                             &code);
        QVERIFY2(code == 0, qPrintable(out));
      }
    }
    auto run = [&](const char* name) {
      nlohmann::json orders = topicNode("orders", "orders", "order_id");
      if (std::string(name) == "upgradelatest") orders["config"]["start"] = "latest";
      QDir(dir.path()).mkpath(QLatin1String(name));
      const QString workdir = dir.filePath(QLatin1String(name));
      std::string file = writeJoin(workdir, broker.bootstrap(), orders, topicNode("shipments", "shipments", "order_id"),
                                   "joined.jsonl", name);
      return runner({QStringLiteral("run"), QString::fromStdString(file), QStringLiteral("--state"),
                     workdir + QStringLiteral("/state"), QStringLiteral("--workdir"), workdir, QStringLiteral("--for"),
                     QStringLiteral("8s")});
    };
    for (const char* name : {"upgrade", "upgradelatest"}) {
      Run first = run(name);
      QVERIFY2(first.exitCode == 0, qPrintable(first.out.right(3000)));
      for (const char* node : {"orders", "shipments"})
        QVERIFY2(first.out.contains(QStringLiteral("resume where group tributary.%1.%2 committed them")
                                        .arg(QLatin1String(name), QLatin1String(node))),
                 qPrintable(first.out.right(3000)));
      QCOMPARE(joinedIds(dir.filePath(QStringLiteral("%1/joined.jsonl").arg(QLatin1String(name)))), evenIds(30, 60));
    }
    // More input; the second runs resume from the join's group (no message about the old groups).
    produced = produce(60, 90);
    QVERIFY2(produced.isEmpty(), qPrintable(produced));
    for (const char* name : {"upgrade", "upgradelatest"}) {
      Run second = run(name);
      QVERIFY2(second.exitCode == 0, qPrintable(second.out.right(3000)));
      QVERIFY2(!second.out.contains(QStringLiteral("resume where group")), qPrintable(second.out.right(3000)));
      QCOMPARE(joinedIds(dir.filePath(QStringLiteral("%1/joined.jsonl").arg(QLatin1String(name)))), evenIds(30, 90));
    }
    QString out = python({QStringLiteral("offsets"), bootstrap}, &code);
    QVERIFY2(code == 0, qPrintable(out));
    auto groups = nlohmann::json::parse(out.toStdString());
    for (const char* name : {"upgrade", "upgradelatest"}) {
      int orders = 0, shipments = 0;
      const std::string group = std::string("tributary.") + name + ".j";
      for (const auto& [partition, offset] : groups[group]["orders"].items()) orders += offset.get<int>();
      for (const auto& [partition, offset] : groups[group]["shipments"].items()) shipments += offset.get<int>();
      QCOMPARE(orders, 90);
      QCOMPARE(shipments, 45);
    }
  }

  // The inputs of one member may start differently: on a first start each
  // source sets its own partitions' offsets (the client's auto.offset.reset
  // is one for both). Orders from the latest, shipments from the earliest:
  // orders 0..29 written again after the start join the shipments written
  // before it; the orders written before it are not read.
  void joinInputsStartEachAtTheirOwnStart() {
    QTemporaryDir dir;
    RunnerBroker broker;
    QVERIFY(broker.start(dir.filePath(QStringLiteral("broker"))));
    const QString bootstrap = QString::fromStdString(broker.bootstrap());
    QString produced = produceKeyed(bootstrap, {{"orders", 1}, {"shipments", 2}}, 0, 60);
    QVERIFY2(produced.isEmpty(), qPrintable(produced));
    nlohmann::json orders = topicNode("orders", "orders", "order_id");
    orders["config"]["start"] = "latest";
    std::string file = writeJoin(dir.path(), broker.bootstrap(), orders,
                                 topicNode("shipments", "shipments", "order_id"), "joined.jsonl", "perside");
    const std::string log = dir.filePath(QStringLiteral("runner.log")).toStdString();
    ChildProcess child({TRIBUTARY_RUNNER, "run", file, "--state", dir.filePath(QStringLiteral("state")).toStdString(),
                        "--workdir", dir.path().toStdString(), "--for", "25s"},
                       log);
    auto logged = [&](const std::string& text) {
      std::ifstream in(log);
      std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      return all.find(text) != std::string::npos;
    };
    const std::string atEnd =
        "3 partition(s) of orders have no committed offset in group tributary.perside.j: they "
        "start at the end (start latest)";
    const std::string atBeginning =
        "3 partition(s) of shipments have no committed offset in group "
        "tributary.perside.j: they start at the beginning (start earliest)";
    for (int i = 0; i < 300 && !(logged(atEnd) && logged(atBeginning)); ++i) QTest::qWait(100);
    QVERIFY2(logged(atEnd) && logged(atBeginning), log.c_str());
    QTest::qWait(3000);  // the end offsets are looked up right after the assignment
    produced = produceKeyed(bootstrap, {{"orders", 1}}, 0, 30);
    QVERIFY2(produced.isEmpty(), qPrintable(produced));
    auto exit = child.wait(std::chrono::seconds(60));
    QVERIFY(exit && *exit == 0);
    std::vector<int> expected;
    for (int i = 0; i < 30; i += 2) expected.push_back(i);
    QCOMPARE(joinedIds(dir.filePath(QStringLiteral("joined.jsonl"))), expected);
  }

  // Counts the pipeline declares (topics it creates) are compared without any cluster.
  void declaredPartitionCountsAreRefusedByValidate() {
    QTemporaryDir dir;
    auto declared = [](const char* id, const std::string& name, int partitions) {
      nlohmann::json t = topicNode(id, name, "order_id");
      t["config"]["create"] = true;
      t["config"]["partitions"] = partitions;
      return t;
    };
    std::string file = writeJoin(dir.path(), "127.0.0.1:1", declared("orders", "o", 3), declared("shipments", "s", 2));
    Run checked = runner({QStringLiteral("validate"), QString::fromStdString(file)});
    QVERIFY2(checked.exitCode == 1, qPrintable(checked.out));
    QVERIFY2(checked.out.contains(QStringLiteral(
                 "(node j): join `j`: its inputs are not co-partitioned: topic `o` has 3 partitions, topic `s` has "
                 "2; both sides of a join need the same count")),
             qPrintable(checked.out));
    // Declared equal: valid, and nothing to repartition.
    file = writeJoin(dir.path(), "127.0.0.1:1", declared("orders", "o", 3), declared("shipments", "s", 3));
    checked = runner({QStringLiteral("validate"), QString::fromStdString(file)});
    QVERIFY2(checked.exitCode == 0, qPrintable(checked.out));
    QVERIFY2(!checked.out.contains(QStringLiteral("repartition:")), qPrintable(checked.out));
    // The right side keyed by something else: it is repartitioned to the left's 3 partitions.
    nlohmann::json other = declared("shipments", "s", 2);
    other["config"]["key"] = "shipment_id";
    file = writeJoin(dir.path(), "127.0.0.1:1", declared("orders", "o", 3), other);
    checked = runner({QStringLiteral("validate"), QString::fromStdString(file), QStringLiteral("--json")});
    QVERIFY2(checked.exitCode == 0, qPrintable(checked.out));
    auto report = nlohmann::json::parse(checked.out.toStdString());
    QCOMPARE(report["repartitions"].size(), std::size_t{1});
    QCOMPARE(report["repartitions"][0]["topic"].get<std::string>(), std::string("copartition-j-right-repartition"));
    QCOMPARE(report["repartitions"][0]["partitions"].get<int>(), 3);
    QCOMPARE(report["repartitions"][0]["key"].get<std::string>(), std::string("order_id"));
  }

  // The same join over topics keyed by something else, with different
  // partition counts: each side goes through a repartition topic of 6
  // partitions keyed by order_id, and the joined rows equal those of topics
  // keyed by order_id.
  void joinOfOtherwiseKeyedTopicsIsRepartitioned() {
    QTemporaryDir dir;
    RunnerBroker broker;
    QVERIFY(broker.start(dir.filePath(QStringLiteral("broker"))));
    const QString bootstrap = QString::fromStdString(broker.bootstrap());
    int code = -1;
    python({QStringLiteral("create"), bootstrap, QStringLiteral("left4:4:50"), QStringLiteral("right4:4:50"),
            QStringLiteral("left6x:6:50:shuffled"), QStringLiteral("right4x:4:50:shuffled")},
           &code);
    QCOMPARE(code, 0);
    const QStringList runArgs{QStringLiteral("--state"), dir.filePath(QStringLiteral("state")),
                              QStringLiteral("--workdir"), dir.path(), QStringLiteral("--for"), QStringLiteral("10s")};

    std::string keyed = writePipeline(dir.path(), broker.bootstrap(), "left4", "right4");
    Run a = runner(QStringList{QStringLiteral("run"), QString::fromStdString(keyed)} + runArgs);
    QVERIFY2(a.exitCode == 0, qPrintable(a.out.right(2000)));
    QVERIFY2(!a.out.contains(QStringLiteral("repartition:")), qPrintable(a.out.right(2000)));

    QTemporaryDir dir2;
    std::string shuffled = writeJoin(dir2.path(), broker.bootstrap(), topicNode("orders", "left6x"),
                                     topicNode("shipments", "right4x"), "joined-shuffled.jsonl", "shuffled");
    Run b = runner(QStringList{QStringLiteral("run"), QString::fromStdString(shuffled), QStringLiteral("--state"),
                               dir2.filePath(QStringLiteral("state")), QStringLiteral("--workdir"), dir.path(),
                               QStringLiteral("--for"), QStringLiteral("10s")});
    QVERIFY2(b.exitCode == 0, qPrintable(b.out.right(2000)));
    QVERIFY2(b.out.contains(QStringLiteral("repartition: node `j` input left reads topic `left6x` through topic "
                                           "`shuffled-j-left-repartition`")),
             qPrintable(b.out.right(2000)));
    QVERIFY2(b.out.contains(QStringLiteral("repartition: node `j` input right reads topic `right4x` through topic "
                                           "`shuffled-j-right-repartition`")),
             qPrintable(b.out.right(2000)));
    std::vector<int> expected(50);
    for (int i = 0; i < 50; ++i) expected[static_cast<std::size_t>(i)] = i;
    QCOMPARE(joinedIds(dir.filePath(QStringLiteral("joined.jsonl"))), expected);
    QCOMPARE(joinedIds(dir.filePath(QStringLiteral("joined-shuffled.jsonl"))), expected);
    // A second pipeline (its own changelog), the same join.
    // Both sides: 6 partitions (the larger input), keyed by order_id, where murmur2 puts each key.
    for (const char* side : {"left", "right"}) {
      QString out = python({QStringLiteral("check"), bootstrap,
                            QStringLiteral("shuffled-j-%1-repartition").arg(QLatin1String(side)),
                            QStringLiteral("6"), QStringLiteral("order_id"), QStringLiteral("50")},
                           &code);
      QVERIFY2(code == 0, qPrintable(out));
      QVERIFY2(out.startsWith(QStringLiteral("ok 50 ")), qPrintable(out));
    }
  }

  // Two members of a parallel stage read `orders` (4 partitions, every
  // warehouse in every partition). Without the repartition each member would
  // count part of every warehouse (two partial rows per warehouse); with it,
  // every warehouse is counted whole by one member.
  void aggregateAfterParallelTopicIsRepartitioned() {
    QTemporaryDir dir;
    RunnerBroker broker;
    QVERIFY(broker.start(dir.filePath(QStringLiteral("broker"))));
    const QString bootstrap = QString::fromStdString(broker.bootstrap());
    int code = -1;
    python({QStringLiteral("orders"), bootstrap, QStringLiteral("orders"), QStringLiteral("4"),
            QStringLiteral("400"), QStringLiteral("5")},
           &code);
    QCOMPARE(code, 0);
    // 400 orders over 5 warehouses: 80 each; units 1..5 by i % 5, and i % 5 is the warehouse: w<k> has 80·(k+1).
    auto verify = [&](const std::string& pattern) {
      auto counts = lastCounts(dir.path(), pattern);
      QCOMPARE(counts.size(), std::size_t{5});
      std::set<int> members;
      for (const auto& [warehouse, byMember] : counts) {
        QVERIFY2(byMember.size() == 1, qPrintable(QStringLiteral("%1 was counted by %2 members")
                                                      .arg(QString::fromStdString(warehouse))
                                                      .arg(byMember.size())));
        const int k = std::stoi(warehouse.substr(1));
        QCOMPARE(byMember.begin()->second.first, 80);
        QCOMPARE(byMember.begin()->second.second, 80 * (k + 1));
        members.insert(byMember.begin()->first);
      }
      QCOMPARE(members.size(), std::size_t{2});  // both members counted (the keys spread over 4 partitions)
    };
    std::string file = writeAggregate(dir.path(), broker.bootstrap(), "agg_{member}.jsonl");
    const QStringList runArgs{QStringLiteral("--state"), dir.filePath(QStringLiteral("state")),
                              QStringLiteral("--workdir"), dir.path(), QStringLiteral("--for"), QStringLiteral("12s")};
    Run a = runner(QStringList{QStringLiteral("run"), QString::fromStdString(file)} + runArgs);
    QVERIFY2(a.exitCode == 0, qPrintable(a.out.right(2000)));
    QVERIFY2(a.out.contains(QStringLiteral("repartition: node `agg` reads topic `orders` through topic "
                                           "`copartition-agg-repartition`")),
             qPrintable(a.out.right(2000)));
    verify("agg_{member}.jsonl");
    QString out = python({QStringLiteral("check"), bootstrap, QStringLiteral("copartition-agg-repartition"),
                          QStringLiteral("4"), QStringLiteral("warehouse"), QStringLiteral("400")},
                         &code);
    QVERIFY2(code == 0, qPrintable(out));

    // --reset: the state, the source's position and the repartition topic
    // start over; had the topic kept its 400 records, every count would double.
    file = writeAggregate(dir.path(), broker.bootstrap(), "again_{member}.jsonl");
    Run b = runner(QStringList{QStringLiteral("run"), QString::fromStdString(file), QStringLiteral("--reset")} +
                   runArgs);
    QVERIFY2(b.exitCode == 0, qPrintable(b.out.right(2000)));
    QVERIFY2(b.out.contains(QStringLiteral("reset: repartition topic `copartition-agg-repartition` emptied")),
             qPrintable(b.out.right(2000)));
    verify("again_{member}.jsonl");

    // The same run where the pipeline claims `orders` is keyed by warehouse
    // (it is not): no repartition, and every warehouse is counted in parts by
    // both members — what the checks above would see without the repartition.
    file = writeAggregate(dir.path(), broker.bootstrap(), "unsplit_{member}.jsonl", "warehouse");
    Run c = runner(QStringList{QStringLiteral("run"), QString::fromStdString(file), QStringLiteral("--reset")} +
                   runArgs);
    QVERIFY2(c.exitCode == 0, qPrintable(c.out.right(2000)));
    QVERIFY2(!c.out.contains(QStringLiteral("repartition:")), qPrintable(c.out.right(2000)));
    auto split = lastCounts(dir.path(), "unsplit_{member}.jsonl");
    QCOMPARE(split.size(), std::size_t{5});
    for (const auto& [warehouse, byMember] : split) {
      QCOMPARE(byMember.size(), std::size_t{2});
      // Partial counts: no member saw a warehouse whole (each input partition's
      // task counts its own part, docs/stream-processing.md "Scale-out").
      QVERIFY(byMember.begin()->second.first < 80);
      QVERIFY(byMember.rbegin()->second.first < 80);
    }
  }

  // A repartition topic left with another partition count (here made by
  // hand) is refused at run start, before anything is read.
  void repartitionTopicWithAnotherCountIsRefused() {
    QTemporaryDir dir;
    RunnerBroker broker;
    QVERIFY(broker.start(dir.filePath(QStringLiteral("broker"))));
    const QString bootstrap = QString::fromStdString(broker.bootstrap());
    int code = -1;
    python({QStringLiteral("orders"), bootstrap, QStringLiteral("orders"), QStringLiteral("4"), QStringLiteral("40"),
            QStringLiteral("5")},
           &code);
    QCOMPARE(code, 0);
    python({QStringLiteral("create"), bootstrap, QStringLiteral("copartition-agg-repartition:3:0")}, &code);
    QCOMPARE(code, 0);
    std::string file = writeAggregate(dir.path(), broker.bootstrap(), "agg_{member}.jsonl");
    Run run = runner({QStringLiteral("run"), QString::fromStdString(file), QStringLiteral("--state"),
                      dir.filePath(QStringLiteral("state")), QStringLiteral("--workdir"), dir.path(),
                      QStringLiteral("--for"), QStringLiteral("30s")});
    QVERIFY2(run.exitCode == 3, qPrintable(run.out.right(2000)));
    QVERIFY2(run.out.contains(QStringLiteral(
                 "node `agg`: its repartition topic `copartition-agg-repartition` has 3 partitions, but it needs 4 "
                 "(as many as topic `orders` it reads); delete the topic so that the next run creates it again")),
             qPrintable(run.out.right(2000)));
    QString committed = python({QStringLiteral("committed"), bootstrap}, &code);
    QCOMPARE(committed.trimmed(), QStringLiteral("0"));
  }

  void equalPartitionCountsRun() {
    QTemporaryDir dir;
    RunnerBroker broker;
    QVERIFY(broker.start(dir.filePath(QStringLiteral("broker"))));
    const QString bootstrap = QString::fromStdString(broker.bootstrap());
    int code = -1;
    runForOutput(
        QString::fromLatin1(kDebianPython),
        {kHelper, QStringLiteral("create"), bootstrap, QStringLiteral("left4:4:50"), QStringLiteral("right4:4:50")},
        60000, {}, &code);
    QCOMPARE(code, 0);
    std::string file = writePipeline(dir.path(), broker.bootstrap(), "left4", "right4");
    // Runs for 8 s and stops cleanly; each order_id matches its partner once.
    Run run = runProcess(QStringLiteral(TRIBUTARY_RUNNER),
                         {QStringLiteral("run"), QString::fromStdString(file), QStringLiteral("--state"),
                          dir.filePath(QStringLiteral("state")), QStringLiteral("--workdir"), dir.path(),
                          QStringLiteral("--for"), QStringLiteral("8s")},
                         90000);
    QVERIFY2(run.exitCode == 0, qPrintable(run.out));
    QVERIFY2(!run.out.contains(QStringLiteral("co-partitioned")), qPrintable(run.out));
    QCOMPARE(lines(dir.filePath(QStringLiteral("joined.jsonl"))), 50);
  }
};

QTEST_GUILESS_MAIN(TestStreamCopartition)
#include "test_stream_copartition.moc"
