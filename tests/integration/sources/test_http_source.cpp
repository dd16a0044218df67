// source.http against a local HTTP server (http_stand_in.py, Python's
// http.server) started by the test on a free loopback port: a weather-like
// API with a secret header, pagination by token / page number / next URL, an
// API answering 429 with Retry-After then 500 before recovering, statuses
// that stop the source, and a cursor-paginated API that grows while
// tributary-runner polls it and is killed with SIGKILL: every item must be in
// the output in the end (duplicates allowed), and each restart resumes from
// the checkpointed cursor.
#include <QtTest>

#include <set>

#include "tests/support/process.h"
#include "core/model/secrets.h"
#include "core/record/json.h"
#include "source_harness.h"

using namespace tributary;
using namespace tributary::testing;

namespace {

class StandIn {
 public:
  // With `cert` and `key` it serves HTTPS.
  explicit StandIn(int items = 500, double interval = 0.01, const std::string& cert = {}, const std::string& key = {}) {
    m_dir = makeTempDir("tributary-http");
    m_port = freeLoopbackPort();
    m_tls = !cert.empty();
    std::vector<std::string> argv = {"/usr/bin/python3",
                                     std::string(TRIBUTARY_SOURCE_DIR) + "/tests/integration/sources/http_stand_in.py",
                                     std::to_string(m_port), std::to_string(items), std::to_string(interval)};
    if (m_tls) {
      argv.push_back(cert);
      argv.push_back(key);
    }
    m_server.start(argv, m_dir + "/server.log");
    for (int i = 0; i < 200 && !ready(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  ~StandIn() {
    m_server.kill(SIGKILL);
    std::filesystem::remove_all(m_dir);
  }
  bool ready() const {
    int rc = -1;
    runCapture("curl -skf -o /dev/null " + url("/stats"), &rc);
    return rc == 0;
  }
  std::string url(const std::string& path) const {
    return std::string(m_tls ? "https" : "http") + "://localhost:" + std::to_string(m_port) + path;
  }
  nlohmann::json stats() const { return nlohmann::json::parse(runCapture("curl -sk " + url("/stats")), nullptr, false); }
  // The requests the server saw for `path` (the readiness probes left out).
  nlohmann::json requests(const std::string& path) const {
    nlohmann::json out = nlohmann::json::array();
    const nlohmann::json all = stats();
    for (const auto& r : all["log"])
      if (r["path"] == path) out.push_back(r);
    return out;
  }

 private:
  std::string m_dir;
  int m_port = 0;
  bool m_tls = false;
  ServerProcess m_server;
};

}  // namespace

class TestHttpSource final : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() { ::setenv("TRIBUTARY_TEST_WEATHER_TOKEN", "test-token-123", 1); }

  void badConfigIsRefused() {
    SourceHarness noScheme("source.http", {{"url", "ftp://x"}});
    QVERIFY(noScheme.createError.find("http:// or https://") != std::string::npos);
    SourceHarness badVar("source.http", {{"url", "http://x/${cursor}"}});
    QVERIFY2(badVar.createError.find("unknown template variable") != std::string::npos, badVar.createError.c_str());
    SourceHarness badStatus("source.http", {{"url", "http://x/"}, {"drop_statuses", {"4yy"}}});
    QVERIFY(badStatus.createError.find("not a status code") != std::string::npos);
    SourceHarness noToken("source.http", {{"url", "http://x/"}, {"pagination", "token"}, {"next_pointer", "/n"}});
    QVERIFY(noToken.createError.find("${page.token}") != std::string::npos);
  }

  // The whole body is one record; the header comes from a secret; the city from the cursor.
  void weatherApi() {
    StandIn api;
    QVERIFY(api.ready());
    // As the engine would after resolving secrets: the ${env:...} text is resolved before the node sees it.
    SourceHarness h("source.http", {{"url", api.url("/weather?city=${cursor.city}")},
                                    {"headers", {{"Authorization", "Bearer test-token-123"}}},
                                    {"cursor_initial", {{"city", "São Paulo"}}},
                                    {"key_pointer", "/city"},
                                    {"interval", "200ms"}});
    QVERIFY2(h.source, h.createError.c_str());
    QVERIFY(h.open().ok());
    QVERIFY2(h.pollUntil([&] { return h.records.size() >= 3; }, std::chrono::seconds(10)), h.lastError.c_str());
    QCOMPARE(std::string(h.records[0].key.asString()), std::string("São Paulo"));  // URL-encoded and back
    QCOMPARE(h.records[0].value.find("temp_c")->asDouble(), 21.5);
    QCOMPARE(header(h.records[0], "http.status"), std::string("200"));
    // Polled at the interval, not faster.
    auto log = api.requests("/weather");
    double first = log[1]["t"].get<double>(), last = log.back()["t"].get<double>();
    QVERIFY2((last - first) / static_cast<double>(log.size() - 2) >= 0.18, log.dump().c_str());

    // Without the token the API answers 401: the source stops and says why.
    SourceHarness noAuth("source.http", {{"url", api.url("/weather")}});
    QVERIFY(noAuth.open().ok());
    QVERIFY(!noAuth.pollUntil([] { return false; }, std::chrono::seconds(5)));
    QVERIFY2(noAuth.lastError.find("HTTP 401") != std::string::npos, noAuth.lastError.c_str());
    QVERIFY(noAuth.lastError.find("missing or wrong token") != std::string::npos);
  }

  void secretHeaderFromEnvironment() {
    // The secret reference survives into the config and is resolved by the pipeline loader;
    // ${cursor.*} next to it is left for the source.
    auto resolved = model::resolveSecretsIn("Bearer ${env:TRIBUTARY_TEST_WEATHER_TOKEN} ${cursor.x}",
                                            model::SecretSource::system());
    QVERIFY(resolved.ok());
    QCOMPARE(*resolved, std::string("Bearer test-token-123 ${cursor.x}"));
  }

  void retryAfterThen500ThenRecovers() {
    StandIn api;
    SourceHarness h("source.http", {{"url", api.url("/flaky")}, {"records_pointer", "/data"}, {"backoff", "300ms"},
                                    {"interval", "1h"}});
    QVERIFY(h.open().ok());
    QVERIFY2(h.pollUntil([&] { return h.records.size() >= 2; }, std::chrono::seconds(15)), h.lastError.c_str());
    auto log = api.requests("/flaky");
    QCOMPARE(log.size(), std::size_t{3});
    double gap1 = log[1]["t"].get<double>() - log[0]["t"].get<double>();
    double gap2 = log[2]["t"].get<double>() - log[1]["t"].get<double>();
    QVERIFY2(gap1 >= 0.95, qPrintable(QString::number(gap1)));  // Retry-After: 1
    QVERIFY2(gap2 >= 0.25 && gap2 < 0.9, qPrintable(QString::number(gap2)));  // our own back-off
    QCOMPARE(h.records[1].value.find("n")->asInt(), std::int64_t{2});
  }

  // https with a CA made here by openssl: trusted with tls_ca, refused (with the reason) without.
  void httpsWithTestCa() {
    std::string dir = makeTempDir("tributary-http-tls");
    auto sh = [&](const std::string& cmd) {
      int rc = -1;
      std::string out = runCapture("cd " + shellQuote(dir) + " && " + cmd + " 2>&1", &rc);
      if (rc != 0) qWarning("%s\n%s", cmd.c_str(), out.c_str());
      return rc == 0;
    };
    QVERIFY(sh("openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 2 -subj /CN=TributaryTestCA"));
    QVERIFY(sh("printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\\n' > san.ext"));
    QVERIFY(sh("openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj /CN=localhost"));
    QVERIFY(sh("openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out server.crt -days 2 "
               "-extfile san.ext"));
    StandIn api(10, 0.001, dir + "/server.crt", dir + "/server.key");
    QVERIFY(api.ready());
    SourceHarness h("source.http", {{"url", api.url("/pages?page=1")}, {"records_pointer", "/results"},
                                    {"tls_ca", dir + "/ca.crt"}, {"interval", "1h"}});
    QVERIFY(h.open().ok());
    QVERIFY2(h.pollUntil([&] { return h.records.size() >= 2; }, std::chrono::seconds(10)), h.lastError.c_str());
    SourceHarness untrusted("source.http", {{"url", api.url("/pages?page=1")}, {"interval", "1h"}});
    QVERIFY(untrusted.open().ok());
    QVERIFY(!untrusted.pollUntil([] { return false; }, std::chrono::seconds(5)));
    QVERIFY2(untrusted.lastError.find("tls_ca") != std::string::npos, untrusted.lastError.c_str());
    SourceHarness insecure("source.http", {{"url", api.url("/pages?page=1")}, {"records_pointer", "/results"},
                                           {"tls_insecure", true}, {"interval", "1h"}});
    QVERIFY(insecure.open().ok());
    QVERIFY(insecure.pollUntil([&] { return insecure.records.size() >= 2; }, std::chrono::seconds(10)));
    std::filesystem::remove_all(dir);
  }

  void statusGroups() {
    StandIn api;
    SourceHarness fail("source.http", {{"url", api.url("/forbidden")}});
    QVERIFY(fail.open().ok());
    QVERIFY(!fail.pollUntil([] { return false; }, std::chrono::seconds(5)));
    QVERIFY2(fail.lastError.find("HTTP 403") != std::string::npos &&
                 fail.lastError.find("may not read /forbidden") != std::string::npos,
             fail.lastError.c_str());
    SourceHarness drop("source.http", {{"url", api.url("/forbidden")}, {"drop_statuses", {"403"}}, {"interval", "100ms"}});
    QVERIFY(drop.open().ok());
    drop.pollFor(std::chrono::milliseconds(800));
    QVERIFY(drop.lastError.empty());
    QVERIFY(drop.records.empty());
    SourceHarness ok("source.http", {{"url", api.url("/forbidden")}, {"success_statuses", {"2xx", "403"}}});
    QVERIFY(ok.open().ok());
    QVERIFY(ok.pollUntil([&] { return !ok.records.empty(); }, std::chrono::seconds(5)));
  }

  void pagination() {
    StandIn api;
    SourceHarness pages("source.http", {{"url", api.url("/pages?page=${page.number}")}, {"pagination", "page"},
                                        {"records_pointer", "/results"}, {"interval", "1h"}});
    QVERIFY2(pages.source, pages.createError.c_str());
    QVERIFY(pages.open().ok());
    QVERIFY(pages.pollUntil([&] { return pages.records.size() >= 6; }, std::chrono::seconds(5)));
    pages.pollFor(std::chrono::milliseconds(300));
    QCOMPARE(pages.records.size(), std::size_t{6});
    QCOMPARE(pages.records[5].value.find("page")->asInt(), std::int64_t{3});

    SourceHarness next("source.http", {{"url", api.url("/next")}, {"pagination", "next_url"},
                                       {"next_pointer", "/links/next"}, {"records_pointer", "/rows"},
                                       {"interval", "1h"}});
    QVERIFY(next.open().ok());
    QVERIFY(next.pollUntil([&] { return next.records.size() >= 3; }, std::chrono::seconds(5)));
    QCOMPARE(next.records[2].value.find("p")->asInt(), std::int64_t{3});

    // A page limit of 2 stops the cycle after two pages.
    SourceHarness limited("source.http", {{"url", api.url("/pages?page=${page.number}")}, {"pagination", "page"},
                                          {"records_pointer", "/results"}, {"page_limit", 2}, {"interval", "1h"}});
    QVERIFY(limited.open().ok());
    limited.pollFor(std::chrono::milliseconds(800));
    QCOMPARE(limited.records.size(), std::size_t{4});
  }

  // The cursor is checkpointed only behind acknowledged records.
  void cursorWaitsForAcknowledgement() {
    StandIn api(30, 0.001);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    SourceHarness h("source.http",
                    {{"url", api.url("/items?after=${cursor.offset}&page_token=${page.token}&limit=10")},
                     {"pagination", "token"},
                     {"next_pointer", "/next_cursor"},
                     {"records_pointer", "/items"},
                     {"offset_pointer", "/id"},
                     {"cursor_initial", {{"offset", 0}}},
                     {"interval", "1h"}});
    QVERIFY(h.open().ok());
    QVERIFY(h.pollUntil([&] { return h.records.size() >= 30; }, std::chrono::seconds(5)));
    // Nothing acknowledged: the start cursor. Records up to position 12 acknowledged: the cursor after id 12.
    QCOMPARE(h.source->checkpointState({})["cursor"]["offset"].get<int>(), 0);
    auto state = h.source->checkpointState({{0, 12}});
    QVERIFY2(state["cursor"]["offset"].get<int>() <= 12, state.dump().c_str());
    state = h.source->checkpointState({{0, 30}});
    QCOMPARE(state["cursor"]["offset"].get<int>(), 30);
    QCOMPARE(state["next"].get<int>(), 30);
  }

  // kill -9 of tributary-runner while it polls a growing cursor-paginated API:
  // in the end every item is in the output, and restarts resumed from the
  // checkpointed cursor instead of the beginning.
  void restartResumesFromCheckpointedCursor() {
    constexpr int kItems = 400;
    StandIn api(kItems, 0.015);
    std::string dir = makeTempDir("tributary-http-run");
    std::string pipeline = dir + "/http.tributary.json";
    {
      nlohmann::json p = {
          {"tributary", 1},
          {"name", "http-cursor"},
          {"nodes",
           {{{"id", "in"},
             {"type", "source.http"},
             {"config",
              {{"url", api.url("/items?after=${cursor.offset}&page_token=${page.token}&limit=7")},
               {"pagination", "token"},
               {"next_pointer", "/next_cursor"},
               {"page_limit", 5},
               {"records_pointer", "/items"},
               {"offset_pointer", "/id"},
               {"key_pointer", "/id"},
               {"cursor_initial", {{"offset", 0}}},
               {"interval", "100ms"}}}},
            {{"id", "out"}, {"type", "sink.file"}, {"config", {{"path", dir + "/out.jsonl"}, {"fsync", "always"}}}}}},
          {"edges", {{{"from", "in"}, {"to", "out"}}}}};
      std::ofstream(pipeline) << p.dump(2);
    }
    std::vector<std::string> argv = {TRIBUTARY_RUNNER,          "run", pipeline, "--workdir", dir, "--state",
                                     dir + "/state", "--checkpoint-interval", "50ms", "--quiet"};
    auto ids = [&] {
      std::multiset<int> out;
      std::ifstream in(dir + "/out.jsonl");
      for (std::string line; std::getline(in, line);)
        if (auto j = nlohmann::json::parse(line, nullptr, false); j.is_object() && j.contains("id"))
          out.insert(j["id"].get<int>());
      return out;
    };
    auto distinct = [&] { auto all = ids(); return std::set<int>(all.begin(), all.end()).size(); };
    int kills = 0;
    double firstKillS = 0;
    for (int round = 0; round < 4; ++round) {
      std::size_t before = distinct();
      ChildProcess run(argv, dir + "/stderr.txt");
      auto end = std::chrono::steady_clock::now() + std::chrono::seconds(20);
      while (distinct() < before + 40 && std::chrono::steady_clock::now() < end && run.running())
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      QVERIFY(run.running());
      run.signal(SIGKILL);
      QVERIFY(run.wait(std::chrono::seconds(10)).has_value());
      if (kills++ == 0)
        firstKillS = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
    }
    {
      ChildProcess run(argv, dir + "/stderr.txt");
      auto end = std::chrono::steady_clock::now() + std::chrono::seconds(60);
      while (distinct() < static_cast<std::size_t>(kItems) && std::chrono::steady_clock::now() < end)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      run.signal(SIGTERM);
      run.wait(std::chrono::seconds(20));
    }
    auto all = ids();
    std::set<int> unique(all.begin(), all.end());
    std::ifstream err(dir + "/stderr.txt");
    std::string log((std::istreambuf_iterator<char>(err)), {});
    std::size_t missing = 0;
    for (int i = 1; i <= kItems; ++i) missing += unique.count(i) == 0;
    qInfo("%d kills; %zu output records for %d items: %zu duplicates, %zu missing", kills, all.size(), kItems,
          all.size() - unique.size(), missing);
    QVERIFY2(missing == 0, log.c_str());
    // Resumed, not restarted: after the first kill no request asks for the
    // items after the initial cursor 0.
    int restartsFromZero = 0, requestsAfterFirstKill = 0;
    auto requests = api.stats()["log"];
    for (const auto& r : requests) {
      if (r["path"] != "/items" || r["t"].get<double>() < firstKillS) continue;
      ++requestsAfterFirstKill;
      if (r["query"].value("after", "0") == "0") ++restartsFromZero;
    }
    QVERIFY(requestsAfterFirstKill > 0);
    QCOMPARE(restartsFromZero, 0);
    QVERIFY(all.size() - unique.size() < static_cast<std::size_t>(kItems));
    std::filesystem::remove_all(dir);
  }
};

QTEST_APPLESS_MAIN(TestHttpSource)
#include "test_http_source.moc"
