// source.mqtt against a real Mosquitto broker started in a temp folder on a
// free loopback port; messages are published with mosquitto_pub (not our
// code). Covers wildcard subscriptions, records and headers, a persistent
// session across a stopped pipeline (tributary-runner), malformed payloads
// dead-lettered, the broker killed and restarted mid-stream, and TLS with a
// CA and client certificate made by openssl in the test.
#include <QtTest>

#include <algorithm>
#include <set>

#include "tests/support/process.h"
#include "core/record/json.h"
#include "source_harness.h"

using namespace tributary;
using namespace tributary::testing;

namespace {

std::set<std::string> topicsOf(const record::Batch& records) {
  std::set<std::string> out;
  for (const auto& r : records) out.insert(header(r, "mqtt.topic"));
  return out;
}

std::vector<std::string> numbered(const std::string& prefix, int from, int to) {
  std::vector<std::string> out;
  for (int i = from; i < to; ++i) out.push_back("{\"" + prefix + "\":" + std::to_string(i) + "}");
  return out;
}

std::size_t countLines(const std::string& path, const std::string& needle = {}) {
  std::ifstream in(path);
  std::size_t n = 0;
  for (std::string line; std::getline(in, line);)
    if (needle.empty() || line.find(needle) != std::string::npos) ++n;
  return n;
}

bool waitFor(const std::function<bool()>& done, std::chrono::milliseconds timeout) {
  auto end = std::chrono::steady_clock::now() + timeout;
  while (!done()) {
    if (std::chrono::steady_clock::now() > end) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return true;
}

}  // namespace

class TestMqttSource final : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void badConfigIsRefused() {
    SourceHarness noScheme("source.mqtt", {{"brokers", {"127.0.0.1:1883"}}, {"topics", {"a"}}});
    QVERIFY(noScheme.createError.find("needs a scheme") != std::string::npos);
    SourceHarness badFilter("source.mqtt", {{"brokers", {"tcp://127.0.0.1:1"}}, {"topics", {"a/#/b"}}});
    QVERIFY2(badFilter.createError.find("not a valid topic filter") != std::string::npos, badFilter.createError.c_str());
    SourceHarness mixed("source.mqtt",
                        {{"brokers", {"tcp://127.0.0.1:1", "ssl://127.0.0.1:2"}}, {"topics", {"a"}}});
    QVERIFY(mixed.createError.find("mix of tcp:// and ssl://") != std::string::npos);
  }

  void wildcardsKeysAndHeaders() {
    MosquittoBroker broker;
    QVERIFY2(broker.start(), broker.log().c_str());
    metrics::Registry registry;
    SourceHarness h("source.mqtt",
                    {{"brokers", {broker.uri()}}, {"topics", {"plant/+/temp", "alerts/#"}}, {"qos", 1}}, &registry);
    QVERIFY2(h.source, h.createError.c_str());
    QVERIFY(h.open().ok());
    QVERIFY(h.pollUntil([&] { return gaugeValue(registry, "tributary_source_connected") == 1; },
                        std::chrono::seconds(10)));
    h.pollFor(std::chrono::milliseconds(300));  // the SUBACK
    QVERIFY(broker.publish("plant/a/temp", {"{\"t\":21.5}"}));
    QVERIFY(broker.publish("plant/b/temp", {"{\"t\":19}"}, 2));
    QVERIFY(broker.publish("plant/a/humidity", {"{\"h\":40}"}));  // no match
    QVERIFY(broker.publish("alerts/x/y/z", {"{\"a\":1}"}, 0));
    QVERIFY(broker.publish("alerts", {"{\"a\":2}"}));  // # also matches the parent level
    QVERIFY(h.pollUntil([&] { return h.records.size() >= 4; }, std::chrono::seconds(10)));
    h.pollFor(std::chrono::milliseconds(500));
    QCOMPARE(h.records.size(), std::size_t{4});
    QCOMPARE(topicsOf(h.records), (std::set<std::string>{"plant/a/temp", "plant/b/temp", "alerts/x/y/z", "alerts"}));
    for (const auto& r : h.records) {
      QCOMPARE(std::string(r.key.asString()), header(r, "mqtt.topic"));
      QCOMPARE(header(r, "mqtt.retain"), std::string("false"));
      QCOMPARE(header(r, "mqtt.dup"), std::string("false"));
      if (header(r, "mqtt.topic") == "plant/a/temp") {
        QCOMPARE(record::toJson(r.value), std::string("{\"t\":21.5}"));
        QCOMPARE(header(r, "mqtt.qos"), std::string("1"));
      }
      if (header(r, "mqtt.topic") == "plant/b/temp") QCOMPARE(header(r, "mqtt.qos"), std::string("1"));  // granted 1
      if (header(r, "mqtt.topic") == "alerts/x/y/z") QCOMPARE(header(r, "mqtt.qos"), std::string("0"));
    }
    QVERIFY(h.errors.errors.empty());
  }

  // The broker sends a QoS 1 message again, with the DUP flag, when the
  // session's previous connection never acknowledged it: a bare client
  // (mqtt_raw_client.py) takes two messages without PUBACK and drops the
  // connection; the source, resuming that session, gets them with
  // mqtt.dup=true, and a message published afterwards with mqtt.dup=false.
  void redeliveriesCarryTheDupFlag() {
    MosquittoBroker broker;
    QVERIFY2(broker.start(), broker.log().c_str());
    const std::string client = std::string("/usr/bin/python3 ") + TRIBUTARY_SOURCE_DIR +
                               "/tests/integration/sources/mqtt_raw_client.py " + std::to_string(broker.port()) +
                               " dup-session ";
    int rc = -1;
    std::string out = runCapture(client + "subscribe 'sensors/+' 2>&1", &rc);
    QVERIFY2(rc == 0, out.c_str());
    QVERIFY(broker.publish("sensors/a", {"{\"n\":1}", "{\"n\":2}"}));
    out = runCapture(client + "take 2 2>&1", &rc);
    QVERIFY2(rc == 0, out.c_str());
    QCOMPARE(out, std::string("dup=0 sensors/a {\"n\":1}\ndup=0 sensors/a {\"n\":2}\n"));

    SourceHarness h("source.mqtt", {{"brokers", {broker.uri()}},
                                    {"topics", {"sensors/+"}},
                                    {"qos", 1},
                                    {"client_id", "dup-session"}});
    QVERIFY2(h.source, h.createError.c_str());
    QVERIFY(h.open().ok());
    QVERIFY(h.pollUntil([&] { return h.records.size() >= 2; }, std::chrono::seconds(10)));
    QVERIFY(broker.publish("sensors/b", {"{\"n\":3}"}));
    QVERIFY(h.pollUntil([&] { return h.records.size() >= 3; }, std::chrono::seconds(10)));
    h.pollFor(std::chrono::milliseconds(300));
    QCOMPARE(h.records.size(), std::size_t{3});
    for (int i = 0; i < 3; ++i) {
      QCOMPARE(record::toJson(h.records[i].value), "{\"n\":" + std::to_string(i + 1) + "}");
      QCOMPARE(header(h.records[i], "mqtt.dup"), std::string(i < 2 ? "true" : "false"));
    }
  }

  void keyExpressionAndFormats() {
    MosquittoBroker broker;
    QVERIFY(broker.start());
    // A retained message arrives on subscribe, flagged as such.
    QVERIFY(broker.publish("dev/1", {"{\"device\":\"d-1\",\"v\":3}"}, 1, "-r"));
    SourceHarness h("source.mqtt", {{"brokers", {broker.uri()}}, {"topics", {"dev/#"}}, {"key", "device"}});
    QVERIFY2(h.source, h.createError.c_str());
    QVERIFY(h.open().ok());
    QVERIFY(h.pollUntil([&] { return !h.records.empty(); }, std::chrono::seconds(10)));
    QCOMPARE(std::string(h.records[0].key.asString()), std::string("d-1"));
    QCOMPARE(header(h.records[0], "mqtt.retain"), std::string("true"));

    SourceHarness s("source.mqtt", {{"brokers", {broker.uri()}}, {"topics", {"raw/#"}}, {"format", "string"}});
    QVERIFY(s.open().ok());
    s.pollFor(std::chrono::milliseconds(600));
    QVERIFY(broker.publish("raw/x", {"not json at all"}));
    QVERIFY(s.pollUntil([&] { return !s.records.empty(); }, std::chrono::seconds(10)));
    QCOMPARE(std::string(s.records[0].value.asString()), std::string("not json at all"));
  }

  // Malformed payloads go to the error policy with the topic; good ones keep flowing.
  void malformedPayloadsAreReported() {
    MosquittoBroker broker;
    QVERIFY(broker.start());
    SourceHarness h("source.mqtt", {{"brokers", {broker.uri()}}, {"topics", {"in/#"}}});
    QVERIFY(h.open().ok());
    h.pollFor(std::chrono::milliseconds(600));
    QVERIFY(broker.publish("in/bad", {"{\"x\":", "plain text"}));
    QVERIFY(broker.publish("in/good", {"{\"x\":1}"}));
    QVERIFY(h.pollUntil([&] { return h.records.size() == 1 && h.errors.errors.size() == 2; },
                        std::chrono::seconds(10)));
    QVERIFY2(h.errors.errors[0].find("mqtt topic in/bad") != std::string::npos, h.errors.errors[0].c_str());
    QVERIFY(h.errors.errors[0].find("not JSON") != std::string::npos);
    QCOMPARE(h.errors.raws[1], std::string("plain text"));
  }

  // The broker dies (SIGKILL) mid-stream and comes back on the same port: the
  // source reconnects, subscribes again and receives what is published after.
  void brokerKilledAndRestarted() {
    MosquittoBroker broker;
    QVERIFY(broker.start());
    metrics::Registry registry;
    SourceHarness h("source.mqtt",
                    {{"brokers", {broker.uri()}}, {"topics", {"s/#"}}, {"reconnect_backoff", "100ms"},
                     {"reconnect_backoff_max", "1s"}},
                    &registry);
    QVERIFY(h.open().ok());
    h.pollFor(std::chrono::milliseconds(600));
    QVERIFY(broker.publish("s/1", numbered("n", 0, 200)));
    QVERIFY(h.pollUntil([&] { return h.records.size() >= 200; }, std::chrono::seconds(10)));
    broker.kill(SIGKILL);
    QVERIFY(h.pollUntil([&] { return gaugeValue(registry, "tributary_source_connected") == 0; },
                        std::chrono::seconds(10)));
    h.pollFor(std::chrono::milliseconds(1500));  // a few failed attempts against the dead port
    QVERIFY(broker.start());
    QVERIFY(h.pollUntil([&] { return gaugeValue(registry, "tributary_source_connected") == 1; },
                        std::chrono::seconds(10)));
    h.pollFor(std::chrono::milliseconds(300));  // the new SUBACK
    QVERIFY(broker.publish("s/1", numbered("n", 200, 400)));
    QVERIFY(h.pollUntil([&] { return h.records.size() >= 400; }, std::chrono::seconds(10)));
    std::set<std::int64_t> seen;
    for (const auto& r : h.records) seen.insert(r.value.find("n")->asInt());
    QCOMPARE(seen.size(), std::size_t{400});
    double reconnects = 0;
    for (const auto& f : registry.collect())
      if (f.name == "tributary_source_reconnects_total") reconnects = f.series.front().value;
    QVERIFY(reconnects >= 1);
  }

  // QoS 1 with the default persistent session: what is published while the
  // pipeline is stopped arrives when it starts again. Runs tributary-runner;
  // malformed payloads land in the dead-letter file.
  void persistentSessionAcrossStoppedPipeline() {
    MosquittoBroker broker;
    QVERIFY(broker.start());
    std::string dir = makeTempDir("tributary-mqtt-run");
    std::string pipeline = dir + "/mqtt.tributary.json";
    {
      nlohmann::json p = {
          {"tributary", 1},
          {"name", "mqtt-session"},
          {"nodes",
           {{{"id", "in"},
             {"type", "source.mqtt"},
             {"config",
              {{"brokers", {broker.uri()}},
               {"topics", {"sensors/#"}},
               {"qos", 1},
               {"on_error", "dead-letter"},
               {"dead_letter_path", dir + "/dead.jsonl"}}}},
            {{"id", "out"}, {"type", "sink.file"}, {"config", {{"path", dir + "/out.jsonl"}}}}}},
          {"edges", {{{"from", "in"}, {"to", "out"}}}}};
      std::ofstream(pipeline) << p.dump(2);
    }
    std::vector<std::string> argv = {TRIBUTARY_RUNNER,          "run", pipeline, "--workdir", dir, "--state",
                                     dir + "/state", "--checkpoint-interval", "100ms", "--quiet"};
    {
      ChildProcess run(argv, dir + "/stderr.txt");
      // Running and subscribed once a first message comes through.
      QVERIFY(waitFor(
          [&] {
            broker.publish("sensors/hello", {"{\"hello\":1}"});
            return countLines(dir + "/out.jsonl", "hello") > 0;
          },
          std::chrono::seconds(30)));
      run.signal(SIGTERM);
      QVERIFY(run.wait(std::chrono::seconds(30)).has_value());
    }
    // Published while the pipeline is stopped.
    QVERIFY(broker.publish("sensors/a", numbered("seq", 0, 300)));
    QVERIFY(broker.publish("sensors/b", {"{broken", "{\"seq\":300}"}));
    ChildProcess run(argv, dir + "/stderr.txt");
    bool all = waitFor([&] { return countLines(dir + "/out.jsonl", "\"seq\"") >= 301; }, std::chrono::seconds(30));
    run.signal(SIGTERM);
    run.wait(std::chrono::seconds(30));
    std::ifstream err(dir + "/stderr.txt");
    std::string log((std::istreambuf_iterator<char>(err)), {});
    QVERIFY2(all, log.c_str());
    std::set<int> seqs;
    std::ifstream out(dir + "/out.jsonl");
    for (std::string line; std::getline(out, line);)
      if (auto j = nlohmann::json::parse(line, nullptr, false); j.contains("seq")) seqs.insert(j["seq"].get<int>());
    QCOMPARE(seqs.size(), std::size_t{301});
    QCOMPARE(countLines(dir + "/dead.jsonl"), std::size_t{1});
    QCOMPARE(countLines(dir + "/dead.jsonl", "sensors/b"), std::size_t{1});
    std::filesystem::remove_all(dir);
  }

  // ssl:// with a CA, server and client certificates made here by openssl.
  void tlsWithTestCa() {
    std::string dir = makeTempDir("tributary-mqtt-tls");
    auto sh = [&](const std::string& cmd) {
      int rc = -1;
      std::string out = runCapture("cd " + shellQuote(dir) + " && " + cmd + " 2>&1", &rc);
      if (rc != 0) qWarning("%s\n%s", cmd.c_str(), out.c_str());
      return rc == 0;
    };
    QVERIFY(sh("openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 2 -subj /CN=TributaryTestCA"));
    QVERIFY(sh("printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\\n' > san.ext"));
    for (const std::string who : {"server", "client"}) {
      QVERIFY(sh("openssl req -newkey rsa:2048 -nodes -keyout " + who + ".key -out " + who + ".csr -subj /CN=" +
                 (who == "server" ? std::string("localhost") : std::string("tributary-client"))));
      QVERIFY(sh("openssl x509 -req -in " + who + ".csr -CA ca.crt -CAkey ca.key -CAcreateserial -out " + who +
                 ".crt -days 2 -extfile san.ext"));
    }
    // A second CA the broker does not trust, for the refusal.
    QVERIFY(sh("openssl req -x509 -newkey rsa:2048 -nodes -keyout other.key -out other.crt -days 2 -subj /CN=Other"));
    MosquittoBroker broker("cafile " + dir + "/ca.crt\ncertfile " + dir + "/server.crt\nkeyfile " + dir +
                           "/server.key\nrequire_certificate true\n");
    QVERIFY2(broker.start(), broker.log().c_str());
    nlohmann::json config = {{"brokers", {"ssl://localhost:" + std::to_string(broker.port())}},
                             {"topics", {"secure/#"}},
                             {"tls_ca", dir + "/ca.crt"},
                             {"tls_cert", dir + "/client.crt"},
                             {"tls_key", dir + "/client.key"}};
    metrics::Registry registry;
    SourceHarness h("source.mqtt", config, &registry);
    QVERIFY2(h.source, h.createError.c_str());
    QVERIFY(h.open().ok());
    QVERIFY2(h.pollUntil([&] { return gaugeValue(registry, "tributary_source_connected") == 1; },
                         std::chrono::seconds(10)),
             broker.log().c_str());
    h.pollFor(std::chrono::milliseconds(300));
    int rc = -1;
    runCapture("/usr/bin/mosquitto_pub -h localhost -p " + std::to_string(broker.port()) + " --cafile " + dir +
                   "/ca.crt --cert " + dir + "/client.crt --key " + dir +
                   "/client.key -q 1 -t secure/x -m '{\"secret\":42}' 2>&1",
               &rc);
    QCOMPARE(rc, 0);
    QVERIFY(h.pollUntil([&] { return !h.records.empty(); }, std::chrono::seconds(10)));
    QCOMPARE(record::toJson(h.records[0].value), std::string("{\"secret\":42}"));

    // Trusting the wrong CA: never connected.
    config["tls_ca"] = dir + "/other.crt";
    metrics::Registry registry2;
    SourceHarness wrong("source.mqtt", config, &registry2, "wrong");
    QVERIFY(wrong.open().ok());
    wrong.pollFor(std::chrono::milliseconds(1500));
    QCOMPARE(gaugeValue(registry2, "tributary_source_connected"), 0.0);
    // ... unless told to accept any certificate.
    config["tls_insecure"] = true;
    metrics::Registry registry3;
    SourceHarness insecure("source.mqtt", config, &registry3, "insecure");
    QVERIFY(insecure.open().ok());
    QVERIFY(insecure.pollUntil([&] { return gaugeValue(registry3, "tributary_source_connected") == 1; },
                               std::chrono::seconds(10)));
    std::filesystem::remove_all(dir);
  }
};

QTEST_APPLESS_MAIN(TestMqttSource)
#include "test_mqtt_source.moc"
