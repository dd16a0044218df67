// A local-mode deployment (cluster "embedded") with an internal Kafka topic,
// end to end: seed 004's shape — datagen -> topic (10 partitions,
// keyed by id) -> map -> file — deployed to one `tributary-runner serve`,
// which starts its own embedded broker. Checked from outside: kcat reads the
// topic on the runner's broker (address from the runner's log), and every
// record produced there reaches the file, transformed.
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>
#include <regex>
#include <set>

#include <nlohmann/json.hpp>

#include "remote_fixture.h"

using namespace tributary;
using namespace tributary::testing;
using namespace std::chrono_literals;

namespace {

constexpr int kRecords = 300;

std::string pipeline() {
  nlohmann::json p = {
      {"tributary", 1},
      {"name", "local/topic"},
      {"cluster", {{"bootstrap", "embedded"}}},
      {"nodes",
       {{{"id", "gen"}, {"type", "source.datagen"}, {"config", {{"rate", 500}, {"seed", 4}, {"count", kRecords}, {"template", "products"}}}},
        {{"id", "updates"}, {"type", "topic"}, {"config", {{"key", "id"}, {"name", "local_updates"}, {"partitions", 10}}}},
        {{"id", "shape"}, {"type", "transform.map"}, {"config", {{"select", "id, upper(category) AS category"}}}},
        {{"id", "out"}, {"type", "sink.file"}, {"config", {{"path", "products.jsonl"}}}}}},
      {"edges", {{{"from", "gen"}, {"to", "updates"}}, {{"from", "updates"}, {"to", "shape"}}, {{"from", "shape"}, {"to", "out"}}}}};
  return p.dump();
}

}  // namespace

class TestRemoteLocalTopic final : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void runsWithItsOwnBroker() {
    QTemporaryDir dir;
    Runner r;
    r.stateDir = dir.filePath(QStringLiteral("state")).toStdString();
    r.logFile = dir.filePath(QStringLiteral("runner.err")).toStdString();
    QVERIFY2(r.start(), r.log().c_str());
    auto deployed = r.client->deploy(pipeline(), true);
    QVERIFY2(deployed, deployed ? "" : deployed.error().toString().c_str());
    QCOMPARE((*deployed)["pipeline"]["mode"].get<std::string>(), std::string("local"));

    // Every generated record reaches the file, through the topic and the map.
    const std::string out = r.stateDir + "/work/products.jsonl";
    std::multiset<std::string> ids;  // product updates: an id comes several times
    auto readOut = [&] {
      ids.clear();
      std::ifstream in(out);
      for (std::string line; std::getline(in, line);) {
        auto j = nlohmann::json::parse(line, nullptr, false);
        if (!j.is_object() || !j.contains("id") || !j.contains("category")) continue;
        std::string category = j["category"].get<std::string>();
        if (category != QString::fromStdString(category).toUpper().toStdString()) return false;  // not mapped
        ids.insert(j["id"].dump());
      }
      return true;
    };
    QVERIFY2(waitUntil([&] { return readOut() && ids.size() == kRecords; }, 30s),
             qPrintable(QStringLiteral("%1 ids in the file\n").arg(ids.size()) + QString::fromStdString(r.log())));
    auto status = r.client->pipeline("local/topic");
    QVERIFY(status && (*status)["state"] == "running");  // the topic's consumer keeps reading
    for (const auto& n : (*status)["nodes"])
      if (n["id"] == "out") QCOMPARE(n["records_in"].get<int>(), kRecords);

    // Outside check: the runner's own broker has the topic, 10 partitions, the records keyed by id.
    std::smatch m;
    const std::string log = r.log();
    QVERIFY2(std::regex_search(log, m, std::regex(R"(broker: listening on ([0-9.]+:[0-9]+))")), log.c_str());
    const std::string broker = m[1];
    auto meta = shell("kcat -b " + broker + " -L -t local_updates 2>&1");
    QVERIFY2(meta.out.find("10 partitions") != std::string::npos, meta.out.c_str());
    auto keys = shell("kcat -b " + broker + " -C -t local_updates -o beginning -e -q -f '%k\\n' 2>&1");
    QCOMPARE(keys.code, 0);
    std::multiset<std::string> topicKeys;
    std::size_t messages = 0;
    for (std::size_t at = 0, nl; (nl = keys.out.find('\n', at)) != std::string::npos; at = nl + 1) {
      topicKeys.insert(keys.out.substr(at, nl - at));
      ++messages;
    }
    QCOMPARE(messages, std::size_t(kRecords));
    // The same updates (keys, with their repeats) in the topic as in the file.
    QVERIFY(topicKeys == ids);

    auto stopped = r.client->stop("local/topic");
    QVERIFY2(stopped && (*stopped)["state"] == "stopped", stopped ? stopped->dump().c_str() : "");
  }
};

QTEST_GUILESS_MAIN(TestRemoteLocalTopic)
#include "test_remote_local_topic.moc"
