// Restart policies of deployed pipelines: a pipeline whose file
// sink cannot open its file (its folder is blocked by a plain file) fails
// and is restarted with a doubling back-off (1 s, 2 s, 4 s, capped at 4 s
// here); unblocked, it runs, and after a healthy period the back-off starts
// afresh. "never" leaves a failed pipeline failed; "always" also restarts one
// that finished; a bad policy is refused; the policy survives a runner restart.
// A real `tributary-runner serve` on loopback.
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>
#include <regex>

#include <nlohmann/json.hpp>

#include "remote_fixture.h"

using namespace tributary;
using namespace tributary::testing;
using namespace std::chrono_literals;

namespace {

std::string pipeline(const std::string& name, const std::string& path, int count = 0) {
  nlohmann::json gen = {{"template", "users"}, {"rate", 200}, {"seed", 5}};
  if (count) gen["count"] = count;
  nlohmann::json p = {{"tributary", 1},
                      {"name", name},
                      {"nodes",
                       {{{"id", "gen"}, {"type", "source.datagen"}, {"config", gen}},
                        {{"id", "out"}, {"type", "sink.file"}, {"config", {{"path", path}}}}}},
                      {"edges", {{{"from", "gen"}, {"to", "out"}}}}};
  return p.dump();
}

std::int64_t nowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::size_t linesIn(const std::string& path) {
  std::ifstream in(path);
  std::size_t n = 0;
  for (std::string line; std::getline(in, line);) n += !line.empty();
  return n;
}

}  // namespace

class TestRemoteRestart final : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void restartsWithBackoff() {
    QTemporaryDir dir;
    Runner r;
    r.stateDir = dir.filePath(QStringLiteral("state")).toStdString();
    r.logFile = dir.filePath(QStringLiteral("runner.err")).toStdString();
    const std::vector<std::string> options = {"--restart-initial", "1s", "--restart-max", "4s", "--restart-healthy", "2s"};
    QVERIFY2(r.start(options), r.log().c_str());
    const std::string work = r.stateDir + "/work";
    // The sink's folder is a plain file: opening the sink fails until it is removed.
    { std::ofstream(work + "/blocked") << "not a folder\n"; }
    { std::ofstream(work + "/blocked-too") << "not a folder\n"; }

    // A bad policy is refused and deploys nothing.
    auto bad = r.client->deploy(pipeline("p", "blocked/out.jsonl"), true, "sometimes");
    QVERIFY(!bad);
    QVERIFY2(bad.error().message.find("always, on-failure or never") != std::string::npos, bad.error().message.c_str());
    QCOMPARE((*r.client->pipelines())["pipelines"].size(), std::size_t(0));

    auto never = r.client->deploy(pipeline("never", "blocked-too/out.jsonl"), true, "never");
    QVERIFY2(never || never.error().message.find("cannot start") != std::string::npos,
             never ? "" : never.error().toString().c_str());
    auto deployed = r.client->deploy(pipeline("p", "blocked/out.jsonl"), true);  // default: on-failure
    QVERIFY2(deployed, deployed ? "" : deployed.error().toString().c_str());

    // Attempts 1..4 wait 1, 2, 4 and 4 s (capped); the state says so.
    const std::regex text(R"(restarting \(attempt (\d+), next in (\d+)s\))");
    std::map<int, std::int64_t> firstWait;  // attempt -> ms to its restart when first seen
    std::string lastText, reasonSeen;
    QVERIFY2(waitUntil(
                 [&] {
                   auto p = r.client->pipeline("p");
                   if (!p || (*p)["state"] != "restarting") return false;
                   lastText = p->value("status_text", "");
                   std::smatch m;
                   if (!std::regex_match(lastText, m, text)) return false;
                   int attempt = (*p)["restart"]["attempt"].get<int>();
                   if ((*p)["restart"].contains("next_at_ms") && !firstWait.count(attempt) &&
                       std::stoi(m[1]) == attempt)
                     firstWait[attempt] = (*p)["restart"]["next_at_ms"].get<std::int64_t>() - nowMs();
                   if ((*p)["reason"].get<std::string>().find("node out") == std::string::npos) reasonSeen = p->dump();
                   // ... and so does "failed_node", as data.
                   if (p->value("failed_node", std::string()) != "out") reasonSeen = p->dump();
                   return attempt >= 4 && firstWait.count(4);
                 },
                 40s, 100ms),
             (lastText + "\n" + r.log()).c_str());
    QVERIFY2(reasonSeen.empty(), reasonSeen.c_str());  // the reason and failed_node name the failed node
    const std::int64_t expected[] = {0, 1000, 2000, 4000, 4000};
    for (int attempt = 1; attempt <= 4; ++attempt) {
      if (!firstWait.count(attempt)) continue;
      qInfo("attempt %d: restart %lld ms after it was first seen", attempt, static_cast<long long>(firstWait[attempt]));  // an attempt may pass between two polls on a busy machine
      QVERIFY2(firstWait[attempt] <= expected[attempt] && firstWait[attempt] > expected[attempt] - 1200,
               qPrintable(QStringLiteral("attempt %1 waits %2 ms").arg(attempt).arg(firstWait[attempt])));
    }
    QVERIFY(firstWait.count(3) || firstWait.count(2));

    // "never": still failed after all those attempts of the other one, never retried.
    auto n = r.client->pipeline("never");
    QVERIFY(n);
    QCOMPARE((*n)["state"].get<std::string>(), std::string("failed"));
    QCOMPARE((*n)["restart"]["attempt"].get<int>(), 0);
    QCOMPARE((*n)["restart"]["policy"].get<std::string>(), std::string("never"));

    // Unblocked: the next attempt runs, records arrive, and after 2 s of health the back-off resets.
    std::filesystem::remove(work + "/blocked");
    QVERIFY2(waitUntil([&] { auto p = r.client->pipeline("p"); return p && (*p)["state"] == "running"; }, 20s),
             r.log().c_str());
    QVERIFY(waitUntil([&] { return linesIn(work + "/blocked/out.jsonl") > 100; }, 20s));
    QVERIFY2(waitUntil([&] { auto p = r.client->pipeline("p"); return p && (*p)["restart"]["attempt"] == 0; }, 15s),
             r.client->pipeline("p")->dump().c_str());
    QCOMPARE((*r.client->pipeline("p"))["state"].get<std::string>(), std::string("running"));

    // "always" restarts a pipeline that finished; "on-failure" lets it finish.
    QVERIFY(r.client->deploy(pipeline("done", "done.jsonl", 20), true, "on-failure"));
    QVERIFY(r.client->deploy(pipeline("again", "again.jsonl", 20), true, "always"));
    QVERIFY(waitUntil([&] { auto p = r.client->pipeline("done"); return p && (*p)["state"] == "finished"; }, 20s));
    QVERIFY2(waitUntil(
                 [&] {
                   auto p = r.client->pipeline("again");
                   return p && (*p)["restart"]["attempt"].get<int>() >= 1;
                 },
                 20s),
             r.client->pipeline("again")->dump().c_str());
    QCOMPARE((*r.client->pipeline("done"))["restart"]["attempt"].get<int>(), 0);
    // Restarts resume from the checkpoint: still the 20 records, not 20 more each time.
    QVERIFY(waitUntil([&] { return linesIn(work + "/again.jsonl") >= 20; }, 10s));
    QCOMPARE(linesIn(work + "/again.jsonl"), std::size_t(20));

    // The policy is part of the deployment: a restarted runner keeps it.
    r.process->signal(SIGTERM);
    QVERIFY(r.process->wait(30s));
    Runner again;
    again.stateDir = r.stateDir;
    again.logFile = dir.filePath(QStringLiteral("runner2.err")).toStdString();
    QVERIFY2(again.start(options), again.log().c_str());
    // Stored pipelines are deployed again once the API listens: wait for it.
    QVERIFY2(waitUntil(
                 [&] {
                   auto ready = again.client->request("GET", "/ready");
                   return ready && ready->status == 200;
                 },
                 20s),
             again.log().c_str());
    auto kept = again.client->pipeline("never");
    QVERIFY(kept);
    QCOMPARE((*kept)["restart"]["policy"].get<std::string>(), std::string("never"));
    auto always = again.client->pipeline("again");
    QVERIFY2(always, always ? "" : always.error().toString().c_str());
    QCOMPARE((*always)["restart"]["policy"].get<std::string>(), std::string("always"));
  }
};

QTEST_GUILESS_MAIN(TestRemoteRestart)
#include "test_remote_restart.moc"
