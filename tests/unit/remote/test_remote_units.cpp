// core/remote without processes: how a pipeline is cut for runners, the token
// file and comparison, and the recent-log ring.
#include <QTemporaryDir>
#include <QtTest>

#include <sys/stat.h>

#include <algorithm>
#include <fstream>

#include <spdlog/spdlog.h>

#include "core/connectors/builtin.h"
#include "core/remote/api_token.h"
#include "core/remote/deployment_state.h"
#include "core/remote/log_ring.h"
#include "core/remote/pipeline_split.h"

using namespace tributary;

namespace {

model::Pipeline pipelineOf(std::vector<std::pair<std::string, std::string>> nodes,
                           std::vector<std::pair<std::string, std::string>> edges) {
  model::Pipeline p;
  p.name.assign(1, 'p');  // (p.name = "p" trips GCC 12's -Wrestrict false positive)
  for (auto& [id, type] : nodes) p.nodes.push_back({id, type, {}, nlohmann::json::object(), {}});
  for (auto& [from, to] : edges) p.edges.push_back({from, {}, to, {}});
  return p;
}

std::vector<std::string> ids(const model::Pipeline& p) {
  std::vector<std::string> out;
  for (const auto& n : p.nodes) out.push_back(n.id);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

class TestRemoteUnits final : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void deploymentStatesKeepTheirWireStrings() {
    using remote::DeploymentState;
    // The JSON API's strings, unchanged; every state round-trips.
    const std::pair<DeploymentState, const char*> wire[] = {
        {DeploymentState::Starting, "starting"}, {DeploymentState::Running, "running"},
        {DeploymentState::Paused, "paused"},     {DeploymentState::Stopping, "stopping"},
        {DeploymentState::Stopped, "stopped"},   {DeploymentState::Finished, "finished"},
        {DeploymentState::Failed, "failed"},     {DeploymentState::Restarting, "restarting"},
        {DeploymentState::Standby, "standby"}};
    for (const auto& [state, text] : wire) {
      QCOMPARE(std::string(remote::toString(state)), std::string(text));
      QVERIFY(remote::parseDeploymentState(text) == state);
    }
    QVERIFY(!remote::parseDeploymentState("Running"));
    QVERIFY(!remote::parseDeploymentState(""));
    // One answer to "is it running there": the runner's up-gauge and the GUI's canvas both use it.
    for (const auto& [state, text] : wire)
      QCOMPARE(remote::isActive(state), state == DeploymentState::Starting || state == DeploymentState::Running ||
                                            state == DeploymentState::Standby);
    QVERIFY(remote::isFailure(DeploymentState::Restarting) && remote::isFailure(DeploymentState::Failed));
    QVERIFY(!remote::isFailure(DeploymentState::Finished));
  }

  void topicsCutThePipelineIntoSingletonAndSharedParts() {
    // datagen -> t -> map -> file: the datagen side runs once, the consumer side everywhere.
    auto parts = remote::splitForRunners(
        pipelineOf({{"gen", "source.datagen"}, {"t", "topic"}, {"m", "transform.map"}, {"out", "sink.file"}},
                   {{"gen", "t"}, {"t", "m"}, {"m", "out"}}),
        connectors::builtinSpecs());
    QVERIFY(parts.singleton && parts.shared);
    QCOMPARE(ids(*parts.singleton), (std::vector<std::string>{"gen", "t"}));
    QCOMPARE(ids(*parts.shared), (std::vector<std::string>{"m", "out", "t"}));
    QCOMPARE(parts.singleton->edges.size(), std::size_t(1));
    QCOMPARE(parts.singleton->edges[0].to, std::string("t"));
    QCOMPARE(parts.shared->edges.size(), std::size_t(2));
    QCOMPARE(parts.singletonSources, (std::vector<std::string>{"gen"}));
    QCOMPARE(parts.shared->name, std::string("p"));  // same name: same consumer group as `run`

    // topic -> map -> file: nothing singleton.
    parts = remote::splitForRunners(
        pipelineOf({{"t", "topic"}, {"m", "transform.map"}, {"out", "sink.file"}}, {{"t", "m"}, {"m", "out"}}),
        connectors::builtinSpecs());
    QVERIFY(!parts.singleton && parts.shared);

    // A node fed by both a datagen and a topic belongs with the datagen: the whole part runs once.
    parts = remote::splitForRunners(
        pipelineOf({{"gen", "source.datagen"}, {"t", "topic"}, {"f", "transform.filter"}, {"out", "sink.file"}},
                   {{"gen", "f"}, {"t", "f"}, {"f", "out"}}),
        connectors::builtinSpecs());
    QVERIFY(parts.singleton && !parts.shared);
    QCOMPARE(ids(*parts.singleton), (std::vector<std::string>{"f", "gen", "out", "t"}));

    // Two topics in a row: t1 -> map -> t2 -> file is one shared part per seam.
    parts = remote::splitForRunners(pipelineOf({{"t1", "topic"}, {"m", "transform.map"}, {"t2", "topic"}, {"out", "sink.file"}},
                                               {{"t1", "m"}, {"m", "t2"}, {"t2", "out"}}),
                                    connectors::builtinSpecs());
    QVERIFY(!parts.singleton && parts.shared);
    QCOMPARE(parts.shared->edges.size(), std::size_t(3));
  }

  void tokensCompareWholly() {
    QVERIFY(remote::tokensEqual("abcdef0123456789", "abcdef0123456789"));
    QVERIFY(!remote::tokensEqual("abcdef0123456789", "abcdef0123456788"));
    QVERIFY(!remote::tokensEqual("abcdef0123456789", "bbcdef0123456789"));
    QVERIFY(!remote::tokensEqual("abcdef0123456789", "abcdef012345678"));
    QVERIFY(!remote::tokensEqual("abcdef0123456789", "abcdef0123456789x"));
    QVERIFY(!remote::tokensEqual("abcdef0123456789", ""));
    QVERIFY(!remote::tokensEqual("", ""));  // an empty expected token never matches
  }

  void tokenFileIsCreatedOnceOwnerOnly() {
    QTemporaryDir dir;
    std::filesystem::path file = dir.filePath("sub/token").toStdString();
    auto first = remote::loadOrCreateToken(file);
    QVERIFY(first && first->created);
    QCOMPARE(first->token.size(), std::size_t(64));
    struct stat st {};
    QVERIFY(::stat(file.c_str(), &st) == 0);
    QCOMPARE(st.st_mode & 0777, 0600u);
    auto again = remote::loadOrCreateToken(file);
    QVERIFY(again && !again->created && again->token == first->token && again->warning.empty());
    ::chmod(file.c_str(), 0644);
    auto loose = remote::loadOrCreateToken(file);
    QVERIFY(loose && loose->warning.find("chmod 600") != std::string::npos);
    std::filesystem::path shortFile = dir.filePath("short").toStdString();
    std::ofstream(shortFile) << "abc\n";
    auto tooShort = remote::loadOrCreateToken(shortFile);
    QVERIFY(!tooShort && tooShort.error().message.find("shorter than 16") != std::string::npos);
  }

  void logRingKeepsTheNewest() {
    auto ring = std::make_shared<remote::LogRing>(3);
    spdlog::logger logger("t", ring);
    for (int i = 0; i < 5; ++i) logger.info("line {} of pipeline {}", i, i % 2 ? "odd" : "even");
    auto lines = ring->lines(0, 0, "", 10);
    QCOMPARE(lines.size(), std::size_t(3));
    QCOMPARE(lines.front().message, std::string("line 2 of pipeline even"));
    QCOMPARE(ring->lines(lines[1].seq, 0, "", 10).size(), std::size_t(1));
    QCOMPARE(ring->lines(0, 0, "odd", 10).size(), std::size_t(1));
    QCOMPARE(ring->lines(0, 0, "", 2).back().message, std::string("line 4 of pipeline even"));
  }
};

QTEST_GUILESS_MAIN(TestRemoteUnits)
#include "test_remote_units.moc"
