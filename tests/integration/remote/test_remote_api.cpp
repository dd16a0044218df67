// tributary-runner serve: the API's security (token, body limit, validation,
// TLS), the lifecycle of a local pipeline through it, and a restart that
// resumes what was deployed. Real processes on loopback; curl (not our
// client) cross-checks the token check and the Prometheus endpoint.
#include <QTemporaryDir>
#include <QtTest>

#include <set>

#include <nlohmann/json.hpp>

#include "remote_fixture.h"

using namespace tributary;
using namespace tributary::testing;
using namespace std::chrono_literals;

namespace {

// datagen (users, ids 1, 2, 3, ...) -> file, on this runner alone.
std::string localPipeline(const std::string& name, int rate) {
  nlohmann::json p = {
      {"tributary", 1},
      {"name", name},
      {"nodes",
       {{{"id", "gen"}, {"type", "source.datagen"}, {"config", {{"template", "users"}, {"rate", rate}, {"seed", 3}}}},
        {{"id", "out"}, {"type", "sink.file"}, {"config", {{"path", name + ".jsonl"}}}}}},
      {"edges", {{{"from", "gen"}, {"to", "out"}}}}};
  return p.dump(2);
}

// datagen -> file into `file` (names may hold characters a path should not).
std::string namedPipeline(const std::string& name, const std::string& file) {
  nlohmann::json p = nlohmann::json::parse(localPipeline("x", 200));
  p["name"] = name;
  p["nodes"][1]["config"]["path"] = file;
  return p.dump(2);
}

std::vector<std::int64_t> idsIn(const std::string& path) {
  std::vector<std::int64_t> ids;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) {
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_object() && j.contains("id")) ids.push_back(j["id"].get<std::int64_t>());
  }
  return ids;
}

}  // namespace

class TestRemoteApi final : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir m_dir;
  std::string path(const std::string& name) const { return m_dir.filePath(QString::fromStdString(name)).toStdString(); }

  std::size_t deployedCount(Runner& r) {
    auto list = r.client->pipelines();
    return list ? (*list)["pipelines"].size() : 999;
  }

 private Q_SLOTS:
  void namesWithUrlSpecialCharacters() {
    Runner r{path("names-state"), path("names.err"), {}, {}, {}, {}, {}};
    QVERIFY2(r.start(), r.log().c_str());
    // "/" and the characters that end or split a URL path, one that looks like an endpoint, non-ASCII.
    const std::vector<std::string> names = {"team/orders", "a b?c#d%e&f+g", "x/metrics", "x/start", "\xc3\xbc" "ber/\xc3\xb1"};
    int i = 0;
    for (const std::string& name : names) {
      const std::string file = "special-" + std::to_string(i++) + ".jsonl";
      auto deployed = r.client->deploy(namedPipeline(name, file), true);
      QVERIFY2(deployed, deployed ? "" : deployed.error().toString().c_str());
      QVERIFY2(waitUntil([&] { auto p = r.client->pipeline(name); return p && (*p)["state"] == "running"; }, 20s),
               r.log().c_str());
      auto described = r.client->pipeline(name);
      QCOMPARE((*described)["name"].get<std::string>(), name);
      QVERIFY(waitUntil([&] { return idsIn(r.stateDir + "/work/" + file).size() > 20; }, 20s));
      auto m = r.client->metrics(name, 0);
      QVERIFY2(m && (*m)["name"] == name, m ? m->dump().c_str() : m.error().toString().c_str());
      auto stopped = r.client->stop(name);
      QVERIFY2(stopped && (*stopped)["state"] == "stopped", stopped ? stopped->dump().c_str() : "");
      auto started = r.client->start(name);
      QVERIFY2(started, started ? "" : started.error().toString().c_str());
    }
    QCOMPARE(deployedCount(r), names.size());
    // Not our client: curl with the name encoded by hand.
    const std::string auth = "-H 'Authorization: Bearer " + r.token + "' ";
    auto curl = shell("curl -s -o /dev/null -w '%{http_code}' " + auth + r.url + "/api/v1/pipelines/team%2Forders");
    QCOMPARE(QString::fromStdString(curl.out), QStringLiteral("200"));
    // "x/metrics" is a pipeline, not the metrics of "x"; its metrics are one segment further.
    auto looksLike = shell("curl -s " + auth + r.url + "/api/v1/pipelines/x%2Fmetrics");
    QVERIFY2(looksLike.out.find("\"name\":\"x/metrics\"") != std::string::npos, looksLike.out.c_str());
    QVERIFY2(looksLike.out.find("\"samples\"") == std::string::npos, looksLike.out.c_str());
    auto itsMetrics = shell("curl -s " + auth + r.url + "/api/v1/pipelines/x%2Fmetrics/metrics?since=0");
    QVERIFY2(itsMetrics.out.find("\"samples\"") != std::string::npos, itsMetrics.out.c_str());
    // A "/" left unencoded is another path (404); a broken escape is refused (400); neither touches anything.
    curl = shell("curl -s -o /dev/null -w '%{http_code}' -X POST -d '' " + auth + r.url + "/api/v1/pipelines/team/orders/stop");
    QCOMPARE(QString::fromStdString(curl.out), QStringLiteral("404"));
    curl = shell("curl -s -o /dev/null -w '%{http_code}' " + auth + r.url + "/api/v1/pipelines/team%G1");
    QCOMPARE(QString::fromStdString(curl.out), QStringLiteral("400"));
    QCOMPARE((*r.client->pipeline("team/orders"))["state"].get<std::string>(), std::string("running"));
    for (const std::string& name : names) {
      auto removed = r.client->remove(name);
      QVERIFY2(removed, removed ? "" : removed.error().toString().c_str());
    }
    QCOMPARE(deployedCount(r), std::size_t(0));
    // Round trip of the encoding itself.
    for (const std::string& name : names) {
      std::string back;
      QVERIFY(remote::decodePathSegment(remote::encodePathSegment(name), back));
      QCOMPARE(back, name);
      QVERIFY(remote::encodePathSegment(name).find('/') == std::string::npos);
    }
    std::string ignored;
    QVERIFY(!remote::decodePathSegment("%", ignored));
    QVERIFY(!remote::decodePathSegment("a%2", ignored));
    QVERIFY(!remote::decodePathSegment("%00", ignored));
  }

  void refusesWhatItMustAndDeploysNothing() {
    Runner r{path("sec-state"), path("sec.err"), {}, {}, {}, {}, {}};
    QVERIFY2(r.start({"--max-body", "65536"}), r.log().c_str());
    // The generated token file is the owner's alone.
    struct stat st {};
    QVERIFY(::stat((r.stateDir + "/api-token").c_str(), &st) == 0);
    QVERIFY2((st.st_mode & 0777) == 0600, qPrintable(QString::number(st.st_mode & 0777, 8)));
    QCOMPARE(r.token.size(), std::size_t(64));

    // Health needs no token; everything else does.
    const std::string noToken;
    auto health = r.client->request("GET", "/health", {}, &noToken);
    QVERIFY(health && health->status == 200 && health->json["status"] == "ok");
    QVERIFY(waitUntil([&] { auto ready = r.client->request("GET", "/ready"); return ready && ready->status == 200; }, 20s));

    std::string wrong = r.token;
    wrong.back() = wrong.back() == 'a' ? 'b' : 'a';  // differs in one character
    std::string shorter = r.token.substr(0, r.token.size() - 1);
    std::string none;
    const std::string body = localPipeline("sec", 10);
    for (const std::string* token : {&none, &wrong, &shorter}) {
      for (auto [method, target] : {std::pair{"GET", "/api/v1/pipelines"}, std::pair{"GET", "/metrics"},
                                    std::pair{"POST", "/api/v1/pipelines?start=true"}, std::pair{"GET", "/api/v1/logs"}}) {
        auto reply = r.client->request(method, target, body, token);
        QVERIFY(reply);
        QVERIFY2(reply->status == 401, qPrintable(QString::number(reply->status) + " " + target));
        QVERIFY2(reply->json.is_object() && reply->json["error"].is_string(), reply->body.c_str());
      }
    }
    // The same check through curl: no token, and the right token sent without "Bearer".
    auto curl = shell("curl -s -o /dev/null -w '%{http_code}' " + r.url + "/api/v1/info");
    QCOMPARE(curl.out, std::string("401"));
    curl = shell("curl -s -o /dev/null -w '%{http_code}' -H 'Authorization: " + r.token + "' " + r.url + "/api/v1/info");
    QCOMPARE(curl.out, std::string("401"));
    curl = shell("curl -s -o /dev/null -w '%{http_code}' -H 'Authorization: Bearer " + r.token + "' " + r.url +
                 "/api/v1/info");
    QCOMPARE(curl.out, std::string("200"));

    // An oversized body is refused before it is read.
    std::string big = localPipeline("big", 10);
    big.insert(big.find("\"nodes\""), "\"description\": \"" + std::string(100000, 'x') + "\", ");
    auto tooBig = r.client->request("POST", "/api/v1/pipelines?start=true", big);
    QVERIFY(tooBig);
    QVERIFY2(tooBig->status == 413, qPrintable(QString::number(tooBig->status)));
    QVERIFY2(tooBig->json.is_object() && tooBig->json["error"].is_string(), tooBig->body.c_str());

    // Malformed JSON, and a pipeline that parses but is invalid: 400 with the problems.
    auto malformed = r.client->request("POST", "/api/v1/pipelines?start=true", "{\"tributary\": 1, \"name\": ");
    QVERIFY(malformed && malformed->status == 400);
    QVERIFY2(malformed->json["problems"].size() == 1, malformed->body.c_str());
    nlohmann::json invalid = nlohmann::json::parse(localPipeline("bad", 10));
    invalid["nodes"].push_back({{"id", "keep"}, {"type", "transform.filter"}, {"config", {{"condition", "amount >"}}}});
    invalid["nodes"].push_back({{"id", "x"}, {"type", "source.nope"}});
    invalid["edges"] = {{{"from", "gen"}, {"to", "keep"}}, {{"from", "keep"}, {"to", "out"}}};
    auto bad = r.client->request("POST", "/api/v1/pipelines?start=true", invalid.dump());
    QVERIFY(bad);
    QVERIFY2(bad->status == 400, bad->body.c_str());
    QVERIFY2(bad->json["problems"].size() >= 2, bad->body.c_str());
    QVERIFY2(bad->body.find("$.nodes[2].config.condition") != std::string::npos, bad->body.c_str());
    QVERIFY2(bad->body.find("source.nope") != std::string::npos, bad->body.c_str());
    // Our client turns the problems into its error message.
    auto viaClient = r.client->deploy(invalid.dump(), true);
    QVERIFY(!viaClient && viaClient.error().message.find("$.nodes[2].config.condition") != std::string::npos);

    // A join whose input topic node has parallelism 2 (its inputs are read by
    // one group member): refused at deploy with the sentence `validate` gives.
    nlohmann::json topicJoin = {
        {"tributary", 1},
        {"name", "parjoin"},
        {"cluster", {{"bootstrap", "127.0.0.1:1"}}},
        {"nodes",
         {{{"id", "orders"}, {"type", "topic"}, {"config", {{"name", "orders"}, {"key", "id"}, {"parallelism", 2}}}},
          {{"id", "ships"}, {"type", "topic"}, {"config", {{"name", "ships"}, {"key", "id"}}}},
          {{"id", "j"},
           {"type", "transform.join"},
           {"config",
            {{"left_key", "id"}, {"right_key", "id"}, {"mode", "window"}, {"before", "1m"}, {"after", "1m"}}}},
          {{"id", "out"}, {"type", "sink.stdout"}}}},
        {"edges",
         {{{"from", "orders"}, {"to", "j"}, {"toPort", "left"}},
          {{"from", "ships"}, {"to", "j"}, {"toPort", "right"}},
          {{"from", "j"}, {"to", "out"}}}}};
    auto parallelJoin = r.client->request("POST", "/api/v1/pipelines?start=true", topicJoin.dump());
    QVERIFY(parallelJoin);
    QVERIFY2(parallelJoin->status == 400, parallelJoin->body.c_str());
    QVERIFY2(parallelJoin->body.find("topic node `orders` has parallelism 2, but it feeds join `j`, whose input topics "
                                     "are read by one consumer-group member") != std::string::npos,
             parallelJoin->body.c_str());

    QCOMPARE(deployedCount(r), std::size_t(0));
    QVERIFY(!QFileInfo::exists(QString::fromStdString(r.stateDir + "/work/sec.jsonl")));
    QVERIFY(QDir(QString::fromStdString(r.stateDir + "/pipelines")).isEmpty());
    // Unknown endpoints and pipelines answer JSON too.
    auto unknown = r.client->request("GET", "/api/v1/nothing-here");
    QVERIFY(unknown && unknown->status == 404 && unknown->json["error"].is_string());
    auto missing = r.client->start("nope");
    QVERIFY(!missing && missing.error().code == ErrorCode::NotFound);
  }

  void deployRunPauseStopAndResumeAfterRestart() {
    // A given token file that does not exist yet is created and used.
    Runner r{path("life-state"), path("life.err"), {}, {}, path("given-token"), {}, {}};
    QVERIFY2(r.start(), r.log().c_str());
    QVERIFY(QFileInfo::exists(QString::fromStdString(path("given-token"))));
    QVERIFY(!QFileInfo::exists(QString::fromStdString(r.stateDir + "/api-token")));
    const std::string fileToken = r.token;
    QCOMPARE(fileToken.size(), std::size_t(64));
    // Without --name the runner names itself after its first address and keeps
    // that name in the state folder (its static group members' instance ids hold it).
    auto firstInfo = r.client->info();
    QVERIFY(firstInfo);
    const std::string firstName = (*firstInfo)["runner"];
    QCOMPARE(firstName, "tributary-runner@" + r.url.substr(std::string("http://").size()));
    QCOMPARE(slurp(r.stateDir + "/runner-name"), firstName + "\n");

    auto deployed = r.client->deploy(localPipeline("life", 400), true);
    QVERIFY2(deployed, deployed ? "" : deployed.error().toString().c_str());
    const std::string out = r.stateDir + "/work/life.jsonl";
    QVERIFY2(waitUntil([&] { return idsIn(out).size() > 300; }, 20s), r.log().c_str());
    auto list = r.client->pipelines();
    QVERIFY(list);
    QCOMPARE((*list)["pipelines"].size(), std::size_t(1));
    QCOMPARE((*list)["pipelines"][0]["state"].get<std::string>(), std::string("running"));
    QCOMPARE((*list)["pipelines"][0]["mode"].get<std::string>(), std::string("local"));

    // Metrics: JSON samples since a time, and Prometheus text (read with curl).
    QVERIFY(waitUntil([&] { auto m = r.client->metrics("life", 0); return m && (*m)["samples"].size() >= 2; }, 10s));
    auto m = r.client->metrics("life", 0);
    std::int64_t last = (*m)["samples"].back()["time_ms"];
    QVERIFY((*m)["samples"].back()["nodes"]["out"]["records_in"].get<std::uint64_t>() > 0);
    auto later = r.client->metrics("life", last);
    QVERIFY(later);
    for (const auto& s : (*later)["samples"]) QVERIFY(s["time_ms"].get<std::int64_t>() > last);
    auto prom = shell("curl -s -H 'Authorization: Bearer " + fileToken + "' " + r.url + "/metrics");
    QVERIFY2(prom.out.find("tributary_node_records_out_total{node=\"gen\",pipeline=\"life\",type=\"source.datagen\"}") !=
                 std::string::npos,
             prom.out.c_str());
    QVERIFY(prom.out.find("tributary_runner_pipeline_running{pipeline=\"life\"} 1") != std::string::npos);
    auto logs = r.client->logs(0, 100);
    QVERIFY(logs && !(*logs)["lines"].empty());
    QVERIFY2(logs->dump().find("pipeline life deployed") != std::string::npos, logs->dump().c_str());

    // Pause stops the flow; start resumes it.
    auto paused = r.client->pause("life");
    QVERIFY2(paused, paused ? "" : paused.error().toString().c_str());
    QVERIFY(waitUntil([&] { auto p = r.client->pipeline("life"); return p && (*p)["state"] == "paused"; }, 10s));
    std::this_thread::sleep_for(300ms);  // let a batch in flight land
    auto atPause = idsIn(out).size();
    std::this_thread::sleep_for(700ms);
    QCOMPARE(idsIn(out).size(), atPause);
    QVERIFY(r.client->start("life"));
    QVERIFY(waitUntil([&] { return idsIn(out).size() > atPause + 100; }, 10s));

    // SIGTERM: a graceful stop that keeps the deployment; a new process resumes it from its checkpoint.
    r.process->signal(SIGTERM);
    auto code = r.process->wait(30s);
    QVERIFY2(code && *code == 0, r.log().c_str());
    auto before = idsIn(out);
    std::int64_t maxBefore = *std::max_element(before.begin(), before.end());
    Runner again{r.stateDir, path("life2.err"), {}, {}, path("given-token"), {}, {}};
    QVERIFY2(again.start(), again.log().c_str());
    QCOMPARE(again.token, fileToken);
    // A new port (--listen 127.0.0.1:0), the same name: the one of the first start.
    QVERIFY2(again.url != r.url, again.url.c_str());
    auto againInfo = again.client->info();
    QVERIFY(againInfo);
    QCOMPARE((*againInfo)["runner"].get<std::string>(), firstName);
    // The "ready" line follows the resumption of stored pipelines, which the API can answer before.
    QVERIFY2(waitUntil([&] { return again.log().find("runner " + firstName + " ready") != std::string::npos; }, 20s),
             again.log().c_str());
    QVERIFY2(waitUntil([&] { auto p = again.client->pipeline("life"); return p && (*p)["state"] == "running"; }, 20s),
             again.log().c_str());
    QVERIFY(waitUntil([&] { return idsIn(out).size() > before.size() + 100; }, 20s));
    // Resumed, not restarted: ids go on from where the checkpoint was, with none missing.
    auto after = idsIn(out);
    std::set<std::int64_t> distinct(after.begin(), after.end());
    QCOMPARE(*distinct.begin(), std::int64_t(1));
    QCOMPARE(static_cast<std::int64_t>(distinct.size()), *distinct.rbegin());
    QVERIFY(*distinct.rbegin() > maxBefore);
    QVERIFY2(after.size() - distinct.size() < 50, qPrintable(QString::number(after.size() - distinct.size())));

    // Stop and remove through the API.
    auto stopped = again.client->stop("life");
    QVERIFY2(stopped && (*stopped)["state"] == "stopped", stopped ? stopped->dump().c_str() : "");
    auto removed = again.client->remove("life");
    QVERIFY(removed);
    QCOMPARE(deployedCount(again), std::size_t(0));
  }

  void servesHttpsWithAGivenCertificate() {
    std::string cert = path("cert.pem"), key = path("key.pem");
    auto made = shell("openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 -addext "
                      "subjectAltName=IP:127.0.0.1 -keyout " + key + " -out " + cert + " 2>&1");
    QVERIFY2(made.code == 0, made.out.c_str());
    Runner r{path("tls-state"), path("tls.err"), {}, {}, {}, {}, {}};
    r.start({"--tls-cert", cert, "--tls-key", key});  // its plain-text client is not used
    QVERIFY2(r.url.rfind("https://127.0.0.1:", 0) == 0, r.log().c_str());
    auto client = remote::RunnerClient::create(r.url, {r.readToken(), cert, true, 30s});
    QVERIFY(client);
    auto info = (*client)->info();
    QVERIFY2(info, info ? "" : info.error().toString().c_str());
    QVERIFY((*info)["runner"].get<std::string>().find("tributary-runner@127.0.0.1:") == 0);
    // Without trusting the certificate the client refuses the connection.
    auto untrusted = remote::RunnerClient::create(r.url, {r.readToken(), {}, true, 10s});
    QVERIFY(untrusted && !(*untrusted)->info());
    // curl with the CA: 401 without the token.
    auto curl = shell("curl -s --cacert " + cert + " -o /dev/null -w '%{http_code}' " + r.url + "/api/v1/info");
    QCOMPARE(curl.out, std::string("401"));
  }
};

QTEST_GUILESS_MAIN(TestRemoteApi)
#include "test_remote_api.moc"
