// Scale-out through Kafka with real processes on loopback: a standalone
// embedded broker and three `tributary-runner serve` runners. A pipeline
// topic -> map -> file deployed to all three shares the topic's partitions
// (checked with python3-kafka's group description); kill -9 of a runner moves
// its partitions and the output still holds every record; the singleton
// datagen source of a second pipeline runs on exactly one runner and moves
// when its owner dies (its ids in the topic, read with kcat, have no gaps);
// a restarted runner resumes its pipelines.
#include <QTemporaryDir>
#include <QtTest>

#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "remote_fixture.h"

using namespace tributary;
using namespace tributary::testing;
using namespace std::chrono_literals;

namespace {

const std::string kPython = "/usr/bin/python3";
constexpr int kPartitions = 6;

std::map<std::int64_t, int> countIds(const std::vector<std::string>& files) {
  std::map<std::int64_t, int> seen;
  for (const auto& f : files) {
    std::ifstream in(f);
    for (std::string line; std::getline(in, line);) {
      auto j = nlohmann::json::parse(line, nullptr, false);  // a line cut by kill -9 does not parse
      if (j.is_object() && j.contains("id") && j.contains("name_upper")) ++seen[j["id"].get<std::int64_t>()];
    }
  }
  return seen;
}

bool allPresent(const std::map<std::int64_t, int>& seen, std::int64_t count) {
  for (std::int64_t i = 0; i < count; ++i)
    if (!seen.count(i)) return false;
  return true;
}

}  // namespace

class TestRemoteScaleOut final : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir m_dir;
  std::unique_ptr<ChildProcess> m_broker;
  std::string m_bootstrap;
  Runner m_runners[3];

  std::string path(const std::string& name) const { return m_dir.filePath(QString::fromStdString(name)).toStdString(); }

  Shell py(const std::string& args) {
    return shell(kPython + " " + REMOTE_CLIENTS_PY + " " + args + " 2>&1");
  }
  nlohmann::json group(const std::string& id) {
    Shell s = py("group " + m_bootstrap + " " + id);
    auto j = nlohmann::json::parse(s.out, nullptr, false);
    return j.is_discarded() ? nlohmann::json() : j;
  }
  // Every partition of the input topic assigned to exactly one of `members` members with distinct client ids.
  bool spreadOver(std::size_t members, std::string* why) {
    nlohmann::json g = group("tributary.spread.in");
    *why = g.dump();
    if (!g.is_object() || g["state"] != "Stable" || g["members"].size() != members) return false;
    std::map<int, int> owners;
    std::set<std::string> clients;
    for (const auto& m : g["members"]) {
      clients.insert(m["client_id"].get<std::string>());
      if (m["partitions"].empty()) return false;  // every runner does a share
      for (const auto& p : m["partitions"])
        if (p[0] == "in") ++owners[p[1].get<int>()];
    }
    if (clients.size() != members) return false;
    for (int p = 0; p < kPartitions; ++p)
      if (owners[p] != 1) return false;
    return owners.size() == static_cast<std::size_t>(kPartitions);
  }
  std::string pipelineText(const std::string& name) {
    nlohmann::json p = {{"tributary", 1}, {"name", name}, {"cluster", {{"bootstrap", m_bootstrap}}}};
    if (name == "spread") {
      p["nodes"] = {
          {{"id", "in"}, {"type", "topic"}, {"config", {{"name", "in"}, {"partitions", kPartitions}}}},
          {{"id", "upper"}, {"type", "transform.map"}, {"config", {{"select", "*, upper(name) AS name_upper"}}}},
          {{"id", "out"}, {"type", "sink.file"}, {"config", {{"path", "spread.jsonl"}}}}};
      p["edges"] = {{{"from", "in"}, {"to", "upper"}}, {{"from", "upper"}, {"to", "out"}}};
    } else {
      // No seed: seeded records carry 2024 timestamps, which the broker's 7-day retention deletes.
      // Ids are 1, 2, 3, ... either way, and resume from the checkpoint.
      p["nodes"] = {
          {{"id", "gen"}, {"type", "source.datagen"}, {"config", {{"template", "users"}, {"rate", 300}}}},
          {{"id", "t"}, {"type", "topic"}, {"config", {{"name", "gen"}, {"partitions", 1}}}}};
      p["edges"] = {{{"from", "gen"}, {"to", "t"}}};
    }
    return p.dump();
  }
  // Indexes of the live runners that run the singleton part of "gen" now.
  std::vector<int> genOwners(const std::vector<int>& live) {
    std::vector<int> owners;
    for (int i : live) {
      auto p = m_runners[i].client->pipeline("gen");
      if (!p) continue;
      const auto& s = (*p)["parts"]["singleton"];
      if (s.value("role", "") == "owner" && s.value("state", "") == "running") owners.push_back(i);
    }
    return owners;
  }
  std::int64_t high(const std::string& topic) {
    Shell s = py("high " + m_bootstrap + " " + topic);
    try {
      return std::stoll(s.out);
    } catch (...) {
      return -1;
    }
  }
  std::string logs() {
    std::string out;
    for (auto& r : m_runners) out += "---- " + r.logFile + "\n" + r.log().substr(r.log().size() > 6000 ? r.log().size() - 6000 : 0);
    return out;
  }

 private Q_SLOTS:
  void initTestCase() {
    QVERIFY(m_dir.isValid());
    m_broker = std::make_unique<ChildProcess>(
        std::vector<std::string>{TRIBUTARY_RUNNER, "broker", "--listen", "127.0.0.1:0", "--data", path("broker")},
        path("broker.err"), true);
    m_bootstrap = readListeningLine(*m_broker, 30s);
    QVERIFY2(!m_bootstrap.empty(), slurp(path("broker.err")).c_str());
    Shell created = py("create-topic " + m_bootstrap + " in " + std::to_string(kPartitions));
    QVERIFY2(created.code == 0, created.out.c_str());
    for (int i = 0; i < 3; ++i) {
      m_runners[i].stateDir = path("runner" + std::to_string(i));
      m_runners[i].logFile = path("runner" + std::to_string(i) + ".err");
      QVERIFY2(m_runners[i].start(), m_runners[i].log().c_str());
    }
  }

  void sharesPartitionsFailsOverAndResumes() {
    auto started = std::chrono::steady_clock::now();
    for (auto& r : m_runners)
      for (const char* name : {"spread", "gen"}) {
        auto d = r.client->deploy(pipelineText(name), true);
        QVERIFY2(d, d ? "" : d.error().toString().c_str());
      }
    std::string why;
    qInfo("deployed to three runners; waiting for the group to spread");
    QVERIFY2(waitUntil([&] { return spreadOver(3, &why); }, 45s, 500ms), (why + "\n" + logs()).c_str());

    std::vector<std::string> outputs;
    for (auto& r : m_runners) outputs.push_back(r.stateDir + "/work/spread.jsonl");
    Shell produced = py("produce " + m_bootstrap + " in 0 3000");
    QVERIFY2(produced.code == 0, produced.out.c_str());
    QVERIFY2(waitUntil([&] { return allPresent(countIds(outputs), 3000); }, 30s, 300ms), logs().c_str());
    qInfo("3000 records consumed, spread over the runners");
    for (const auto& f : outputs) QVERIFY2(!countIds({f}).empty(), (f + " is empty: the work was not shared").c_str());

    // The singleton datagen runs on exactly one runner.
    std::vector<int> all = {0, 1, 2};
    QVERIFY2(waitUntil([&] { return genOwners(all).size() == 1; }, 30s, 300ms), logs().c_str());
    QVERIFY(waitUntil([&] { return high("gen") > 100; }, 20s, 300ms));
    std::this_thread::sleep_for(1500ms);  // a checkpoint or two of the datagen
    auto owners = genOwners(all);
    QCOMPARE(owners.size(), std::size_t(1));
    const int victim = owners[0];
    qInfo("datagen runs on runner %d; killing it", victim);
    std::vector<int> survivors;
    for (int i : all)
      if (i != victim) survivors.push_back(i);

    // kill -9 the runner that owns the datagen (and consumes its share of "in") while records flow.
    const std::size_t victimBefore = countIds({outputs[victim]}).size();
    ChildProcess paced({kPython, REMOTE_CLIENTS_PY, "produce-paced", m_bootstrap, "in", "3000", "3000", "4"},
                       path("paced.err"));
    QVERIFY2(waitUntil([&] { return countIds({outputs[victim]}).size() > victimBefore + 50; }, 20s, 100ms),
             "the victim consumed nothing of the second batch");
    m_runners[victim].process->signal(SIGKILL);
    QVERIFY(m_runners[victim].process->wait(10s).has_value());
    auto killedAt = std::chrono::steady_clock::now();
    auto pacedExit = paced.wait(60s);
    QVERIFY2(pacedExit && *pacedExit == 0, slurp(path("paced.err")).c_str());
    QVERIFY2(waitUntil([&] { return allPresent(countIds(outputs), 6000); }, 45s, 300ms), logs().c_str());
    auto seen = countIds(outputs);
    std::size_t duplicates = 0;
    for (const auto& [id, n] : seen) duplicates += static_cast<std::size_t>(n - 1);
    qInfo("every one of 6000 records arrived after kill -9 (%zu duplicates) %.1f s after the kill", duplicates,
          std::chrono::duration<double>(std::chrono::steady_clock::now() - killedAt).count());
    QVERIFY2(waitUntil([&] { return spreadOver(2, &why); }, 30s, 500ms), why.c_str());
    qInfo("the two survivors share every partition");

    // The datagen moved to one of the survivors and goes on from its last checkpoint.
    QVERIFY2(waitUntil([&] { return genOwners(survivors).size() == 1; }, 30s, 300ms), logs().c_str());
    qInfo("datagen moved to runner %d", genOwners(survivors)[0]);
    std::int64_t highAtFailover = high("gen");
    QVERIFY(waitUntil([&] { return high("gen") > highAtFailover + 100; }, 20s, 300ms));
    // Read a bounded count: the topic keeps growing while the datagen runs.
    const std::int64_t upTo = high("gen");
    Shell ids = shell("timeout 30 kcat -b " + m_bootstrap + " -C -t gen -o beginning -c " + std::to_string(upTo) +
                      " -q -f '%s\\n' 2>&1");
    QCOMPARE(ids.code, 0);
    std::set<std::int64_t> distinct;
    std::size_t total = 0;
    std::istringstream lines(ids.out);
    for (std::string line; std::getline(lines, line);) {
      auto j = nlohmann::json::parse(line, nullptr, false);
      QVERIFY2(j.is_object() && j.contains("id"), line.c_str());
      distinct.insert(j["id"].get<std::int64_t>());
      ++total;
    }
    QVERIFY(!distinct.empty());
    QCOMPARE(*distinct.begin(), std::int64_t(1));
    QVERIFY2(static_cast<std::int64_t>(distinct.size()) == *distinct.rbegin(), "datagen ids have gaps after failover");
    qInfo("datagen: %zu distinct ids in topic gen, %zu produced again after the failover", distinct.size(),
          total - distinct.size());

    // The killed runner comes back with the same state folder and resumes both pipelines.
    qInfo("restarting runner %d", victim);
    Runner& back = m_runners[victim];
    back.logFile = path("runner" + std::to_string(victim) + "-restarted.err");
    QVERIFY2(back.start(), back.log().c_str());
    QVERIFY2(waitUntil([&] {
               auto list = back.client->pipelines();
               if (!list || (*list)["pipelines"].size() != 2) return false;
               for (const auto& p : (*list)["pipelines"])
                 if (p["desired"] != "running" || (p["state"] != "running" && p["state"] != "standby")) return false;
               return true;
             }, 30s, 300ms),
             back.log().c_str());
    QVERIFY2(waitUntil([&] { return spreadOver(3, &why); }, 30s, 500ms), why.c_str());
    // Still one datagen owner among the three.
    QVERIFY(waitUntil([&] { return genOwners(all).size() == 1; }, 20s, 300ms));
    qInfo("scale-out test took %.1f s",
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  }

  void cleanupTestCase() {
    for (auto& r : m_runners)
      if (r.process && r.process->running()) {
        r.process->signal(SIGTERM);
        r.process->wait(30s);
      }
    if (m_broker) {
      m_broker->signal(SIGTERM);
      m_broker->wait(20s);
    }
  }
};

QTEST_GUILESS_MAIN(TestRemoteScaleOut)
#include "test_remote_scale_out.moc"
