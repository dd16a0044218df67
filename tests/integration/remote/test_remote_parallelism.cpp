// `parallelism: 2` on a topic: one `tributary-runner serve` runs two members
// of the topic's consumer group, each with its own map and its own file
// (consumer_logs/consumer_{member}/consumer_log.json, as in seed 004). Checked
// with python3-kafka's group description (two members, the partitions split
// between them), the runner's status (the same members and partitions), and
// the files (every record once, both members did a share). A file sink
// without {member} is refused with the reason.
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
constexpr int kPartitions = 4;

std::map<std::int64_t, int> countIds(const std::string& file) {
  std::map<std::int64_t, int> seen;
  std::ifstream in(file);
  for (std::string line; std::getline(in, line);) {
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_object() && j.contains("id") && j.contains("name_upper")) ++seen[j["id"].get<std::int64_t>()];
  }
  return seen;
}

// member -> partitions, from python3-kafka's group description or the runner's status.
using Split = std::map<std::string, std::set<int>>;

// Every partition owned by exactly one of exactly two members.
bool splitInTwo(const Split& split) {
  if (split.size() != 2) return false;
  std::map<int, int> owners;
  for (const auto& [member, partitions] : split) {
    if (partitions.empty()) return false;
    for (int p : partitions) ++owners[p];
  }
  if (owners.size() != static_cast<std::size_t>(kPartitions)) return false;
  for (const auto& [p, n] : owners)
    if (n != 1 || p < 0 || p >= kPartitions) return false;
  return true;
}

}  // namespace

class TestRemoteParallelism final : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir m_dir;
  std::unique_ptr<ChildProcess> m_broker;
  std::string m_bootstrap;
  Runner m_runner;

  std::string path(const std::string& name) const { return m_dir.filePath(QString::fromStdString(name)).toStdString(); }
  Shell py(const std::string& args) { return shell(kPython + " " + REMOTE_CLIENTS_PY + " " + args + " 2>&1"); }

  std::string pipelineText(const std::string& name, const std::string& sinkPath) {
    nlohmann::json p = {{"tributary", 1}, {"name", name}, {"cluster", {{"bootstrap", m_bootstrap}}}};
    p["nodes"] = {
        {{"id", "in"}, {"type", "topic"}, {"config", {{"name", "in"}, {"create", false}, {"parallelism", 2}}}},
        {{"id", "upper"}, {"type", "transform.map"}, {"config", {{"select", "*, upper(name) AS name_upper"}}}},
        {{"id", "log"}, {"type", "sink.file"}, {"config", {{"path", sinkPath}}}}};
    p["edges"] = {{{"from", "in"}, {"to", "upper"}}, {{"from", "upper"}, {"to", "log"}}};
    return p.dump();
  }

  Split groupSplit(std::string* why) {
    Shell s = py("group " + m_bootstrap + " tributary.par.in");
    *why = s.out;
    auto g = nlohmann::json::parse(s.out, nullptr, false);
    Split split;
    if (!g.is_object() || g.value("state", "") != "Stable") return split;
    int i = 0;
    for (const auto& m : g["members"]) {
      auto& mine = split["m" + std::to_string(i++)];
      for (const auto& p : m["partitions"])
        if (p[0] == "in") mine.insert(p[1].get<int>());
    }
    return split;
  }

  Split statusSplit(std::string* why) {
    Split split;
    auto st = m_runner.client->pipeline("par");
    if (!st) {
      *why = st.error().toString();
      return split;
    }
    *why = st->dump();
    for (const auto& node : (*st)["nodes"])
      if (node.value("id", "") == "in" && node.contains("members"))
        for (const auto& m : node["members"]) {
          auto& mine = split[std::to_string(m["member"].get<int>())];
          for (const auto& p : m["partitions"]) mine.insert(p.get<int>());
        }
    return split;
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
    m_runner.stateDir = path("runner");
    m_runner.logFile = path("runner.err");
    QVERIFY2(m_runner.start(), m_runner.log().c_str());
  }

  void twoMembersInOneRunnerShareThePartitions() {
    auto d = m_runner.client->deploy(pipelineText("par", "consumer_logs/consumer_{member}/consumer_log.json"), true);
    QVERIFY2(d, d ? "" : d.error().toString().c_str());
    std::string why;
    QVERIFY2(waitUntil([&] { return splitInTwo(groupSplit(&why)); }, 45s, 500ms), (why + "\n" + m_runner.log()).c_str());
    qInfo("python3-kafka: %s", why.c_str());
    // The runner's status shows the same two members with the same partitions.
    Split fromGroup = groupSplit(&why);
    std::set<std::set<int>> expected;
    for (const auto& [m, partitions] : fromGroup) expected.insert(partitions);
    QVERIFY2(waitUntil(
                 [&] {
                   Split s = statusSplit(&why);
                   std::set<std::set<int>> got;
                   for (const auto& [m, partitions] : s) got.insert(partitions);
                   return splitInTwo(s) && got == expected && s.count("0") && s.count("1");
                 },
                 20s, 300ms),
             why.c_str());
    qInfo("runner status members: %s", why.substr(0, 800).c_str());

    Shell produced = py("produce " + m_bootstrap + " in 0 2000");
    QVERIFY2(produced.code == 0, produced.out.c_str());
    const std::string work = m_runner.stateDir + "/work/consumer_logs/";
    const std::string file0 = work + "consumer_0/consumer_log.json", file1 = work + "consumer_1/consumer_log.json";
    auto all = [&] {
      auto a = countIds(file0), b = countIds(file1);
      for (const auto& [id, n] : b) a[id] += n;
      return a;
    };
    QVERIFY2(waitUntil([&] { return all().size() == 2000; }, 30s, 300ms), m_runner.log().c_str());
    auto seen = all();
    for (const auto& [id, n] : seen) QVERIFY2(n == 1, qPrintable(QStringLiteral("id %1 written %2 times").arg(id).arg(n)));
    QVERIFY(seen.begin()->first == 0 && seen.rbegin()->first == 1999);
    std::size_t first = countIds(file0).size(), second = countIds(file1).size();
    qInfo("member 0 wrote %zu records, member 1 wrote %zu", first, second);
    QVERIFY(first > 0 && second > 0);
    QVERIFY(m_runner.client->remove("par"));
  }

  void aSharedFileIsRefused() {
    std::ofstream(path("bad.json")) << pipelineText("bad", "one_file.jsonl");
    Shell s = shell(std::string("timeout 60 ") + TRIBUTARY_RUNNER + " run " + path("bad.json") + " 2>&1");
    QVERIFY2(s.code != 0, s.out.c_str());
    QVERIFY2(s.out.find("node log path: parallelism 2: sink `log` writes one file (one_file.jsonl) that the members "
                        "cannot share; put {member} in its path") != std::string::npos,
             s.out.c_str());
  }

  void cleanupTestCase() {
    if (m_runner.process) {
      m_runner.process->signal(SIGTERM);
      m_runner.process->wait(20s);
    }
    if (m_broker) {
      m_broker->signal(SIGTERM);
      m_broker->wait(20s);
    }
  }
};

QTEST_GUILESS_MAIN(TestRemoteParallelism)
#include "test_remote_parallelism.moc"
