// resources/templates/seed003-ingest.tributary.json run by tributary-runner
// against a real Mosquitto broker and the template's local weather stand-in
// (resources/templates/seed003/weather_stand_in.py): IoT readings published
// with mosquitto_pub, the weather poll and the clickstream generator all reach
// their outputs. The topics are swapped for JSON-lines files (topic nodes are
// covered by tests/integration/kafka); the settings come from the
// environment as the template says.
#include <QtTest>

#include <set>

#include "tests/support/process.h"
#include "source_harness.h"

using namespace tributary;
using namespace tributary::testing;

namespace {

std::vector<nlohmann::json> readLines(const std::string& path) {
  std::vector<nlohmann::json> out;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(nlohmann::json::parse(line, nullptr, false));
  return out;
}

}  // namespace

class TestSeed003Template final : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void ingestsMqttWeatherAndClickstream() {
    MosquittoBroker broker;
    QVERIFY(broker.start());
    int weatherPort = freeLoopbackPort();
    ServerProcess weather;
    std::string dir = makeTempDir("tributary-seed003");
    QVERIFY(weather.start({"/usr/bin/python3",
                           std::string(TRIBUTARY_SOURCE_DIR) + "/resources/templates/seed003/weather_stand_in.py",
                           std::to_string(weatherPort), "seed003-token-0123456789"},
                          dir + "/weather.log"));
    ::setenv("SEED003_MQTT_BROKER", broker.uri().c_str(), 1);
    ::setenv("SEED003_WEATHER_URL",
             ("http://127.0.0.1:" + std::to_string(weatherPort) + "/weather?city=Berlin").c_str(), 1);
    ::setenv("SEED003_WEATHER_TOKEN", "seed003-token-0123456789", 1);

    std::ifstream in(std::string(TRIBUTARY_SOURCE_DIR) + "/resources/templates/seed003-ingest.tributary.json");
    nlohmann::json p = nlohmann::json::parse(in);
    p.erase("cluster");
    for (auto& node : p["nodes"])
      if (node["type"] == "topic") {
        std::string name = node["config"]["name"];
        node["type"] = "sink.file";
        node["config"] = {{"path", dir + "/" + name + ".jsonl"}};
      }
    std::string pipeline = dir + "/seed003.tributary.json";
    std::ofstream(pipeline) << p.dump(2);

    ChildProcess run({TRIBUTARY_RUNNER, "run", pipeline, "--workdir", dir, "--state", dir + "/state", "--quiet"},
                     dir + "/stderr.txt");
    auto end = std::chrono::steady_clock::now() + std::chrono::seconds(40);
    std::set<std::string> devices;
    std::size_t readings = 0;
    int round = 0;
    while (std::chrono::steady_clock::now() < end && readings < 20 && run.running()) {
      // Published until the (persistent) subscription is in place and 20 came through.
      std::vector<std::string> lines;
      for (int i = 0; i < 10; ++i)
        lines.push_back("{\"device_id\":\"dev-" + std::to_string(i) + "\",\"temperature\":" +
                        std::to_string(20 + i) + ",\"round\":" + std::to_string(round) + "}");
      for (int d = 0; d < 2; ++d) broker.publish("iot/dev-" + std::to_string(d) + "/readings", lines);
      ++round;
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
      auto got = readLines(dir + "/seed003.iot.readings.jsonl");
      readings = got.size();
      for (const auto& r : got) devices.insert(r.value("device_id", ""));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    run.signal(SIGTERM);
    run.wait(std::chrono::seconds(30));
    std::ifstream err(dir + "/stderr.txt");
    std::string log((std::istreambuf_iterator<char>(err)), {});
    QVERIFY2(readings >= 20, log.c_str());
    QCOMPARE(devices.size(), std::size_t{10});
    auto weatherOut = readLines(dir + "/seed003.weather.jsonl");
    QVERIFY2(!weatherOut.empty(), log.c_str());
    QCOMPARE(weatherOut[0].value("city", ""), std::string("Berlin"));
    QVERIFY(weatherOut[0]["main"].contains("temp"));
    auto clicks = readLines(dir + "/seed003.clickstream.jsonl");
    QVERIFY(clicks.size() >= 10);
    QVERIFY(clicks[0].contains("request"));
    weather.kill(SIGKILL);
    std::filesystem::remove_all(dir);
  }
};

QTEST_APPLESS_MAIN(TestSeed003Template)
#include "test_seed003_template.moc"
