// tributary-runner run: the demo template end to end, exit codes, status
// lines, and a graceful stop on SIGTERM that checkpoints exactly what was written.
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>
#include <regex>

#include <nlohmann/json.hpp>

#include "tests/support/process.h"

using namespace tributary::testing;

namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::vector<std::string> lines(const std::string& path) {
  std::vector<std::string> out;
  std::ifstream in(path);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

}  // namespace

class TestRuntimeRunCli final : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir m_dir;
  std::string path(const char* name) const { return m_dir.filePath(QString::fromLatin1(name)).toStdString(); }
  void write(const char* name, const std::string& text) const { std::ofstream(path(name)) << text; }
  std::vector<std::string> argv(const std::string& file, std::vector<std::string> extra = {}) const {
    std::vector<std::string> a = {TRIBUTARY_RUNNER,           "run",     file,         "--workdir",
                                  m_dir.path().toStdString(), "--state", path("state")};
    a.insert(a.end(), extra.begin(), extra.end());
    return a;
  }

 private Q_SLOTS:
  void demoTemplateRunsForTheGivenTime() {
    std::string demo = std::string(TRIBUTARY_SOURCE_DIR) + "/resources/templates/demo.tributary.json";
    auto started = std::chrono::steady_clock::now();
    ChildProcess child(argv(demo, {"--for", "2s", "--status-interval", "500ms"}), path("demo.err"));
    auto code = child.wait(std::chrono::seconds(30));
    auto took = std::chrono::steady_clock::now() - started;
    std::string err = slurp(path("demo.err"));
    QVERIFY2(code && *code == 0, err.c_str());
    QVERIFY(took >= std::chrono::seconds(2) && took < std::chrono::seconds(10));
    auto out = lines(path("output/demo-orders.jsonl"));
    QVERIFY2(out.size() > 300, qPrintable(QString::number(out.size())));  // 2000/s for 2 s, about a third kept
    for (const auto& l : out) {
      auto j = nlohmann::json::parse(l);
      QVERIFY(j["amount"].get<double>() >= 100);
      std::string status = j["status"];
      QVERIFY(status == "paid" || status == "shipped" || status == "delivered");
      QCOMPARE(j["size"].get<std::string>(), std::string(j["amount"].get<double>() >= 500 ? "large" : "regular"));
      QVERIFY(!j.contains("unit_price"));
    }
    QVERIFY(std::regex_search(err, std::regex("orders source\\.datagen in=\\d+ out=\\d+ rate=\\d+/s errors=0")));
    QVERIFY(err.find("pipeline demo stopped (stopped on request)") != std::string::npos);
  }

  void invalidPipelineExitsOneAndSaysWhy() {
    write("invalid.tributary.json",
          "{\"tributary\": 1, \"name\": \"invalid\", \"nodes\": ["
          "{\"id\": \"gen\", \"type\": \"source.datagen\"},"
          "{\"id\": \"keep\", \"type\": \"transform.filter\", \"config\": {\"condition\": \"amount >\"}},"
          "{\"id\": \"out\", \"type\": \"sink.stdout\"}],"
          "\"edges\": [{\"from\": \"gen\", \"to\": \"keep\"}, {\"from\": \"keep\", \"to\": \"out\"}]}");
    ChildProcess child(argv(path("invalid.tributary.json")), path("invalid.err"));
    auto code = child.wait(std::chrono::seconds(30));
    std::string err = slurp(path("invalid.err"));
    QVERIFY2(code && *code == 1, err.c_str());
    QVERIFY2(err.find("$.nodes[1].config.condition") != std::string::npos, err.c_str());
    QVERIFY(err.find("nothing was run") != std::string::npos);
  }

  void failingPipelineExitsThreeWithTheReason() {
    write("failing.tributary.json",
          "{\"tributary\": 1, \"name\": \"failing\", \"nodes\": ["
          "{\"id\": \"in\", \"type\": \"source.file\", \"config\": {\"path\": \"no/such/*.jsonl\"}},"
          "{\"id\": \"out\", \"type\": \"sink.stdout\"}],"
          "\"edges\": [{\"from\": \"in\", \"to\": \"out\"}]}");
    ChildProcess child(argv(path("failing.tributary.json")), path("failing.err"));
    auto code = child.wait(std::chrono::seconds(30));
    std::string err = slurp(path("failing.err"));
    QVERIFY2(code && *code == 3, err.c_str());
    QVERIFY2(err.find("pipeline failing failed: node in: config.path: no file matches") != std::string::npos,
             err.c_str());
  }

  void sigtermDrainsAndCheckpointsWhatWasWritten() {
    write("term.tributary.json",
          "{\"tributary\": 1, \"name\": \"term\", \"nodes\": ["
          "{\"id\": \"gen\", \"type\": \"source.datagen\", \"config\": {\"template\": \"iot\", \"seed\": 1, \"rate\": "
          "0}},"
          "{\"id\": \"out\", \"type\": \"sink.file\", \"config\": {\"path\": \"term.jsonl\"}}],"
          "\"edges\": [{\"from\": \"gen\", \"to\": \"out\"}]}");
    ChildProcess child(argv(path("term.tributary.json"), {"--quiet"}), path("term.err"));
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    QVERIFY(child.running());
    child.signal(SIGTERM);
    auto code = child.wait(std::chrono::seconds(30));
    std::string err = slurp(path("term.err"));
    QVERIFY2(code && *code == 0, err.c_str());
    auto written = lines(path("term.jsonl")).size();
    QVERIFY(written > 1000);
    // A drained stop acknowledges everything: the checkpoint is exactly the output.
    auto cp = nlohmann::json::parse(slurp(path("state/term.checkpoint.json")));
    QCOMPARE(cp["sources"]["gen"]["state"]["next"].get<std::size_t>(), written);
    QVERIFY(err.find("stopped (stopped on request)") != std::string::npos);
  }
};

QTEST_APPLESS_MAIN(TestRuntimeRunCli)
#include "test_runtime_run_cli.moc"
