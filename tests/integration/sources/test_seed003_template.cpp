// Seed 003's template run the way a user runs it headless:
//   tributary-runner run resources/templates/seed003-ingest.tributary.json --sandbox
// starts MariaDB, Mosquitto and PostgreSQL with the template's schema, and its
// traffic script (IoT readings over MQTT, users and shows changing in MariaDB,
// the weather stand-in on a free port). Elasticsearch is the strict test
// double (tests/integration/elasticsearch/es_double.py), named by
// SEED003_ES_URL as the template says.
//
// The test reads the topics with kcat (after the run, from the embedded
// broker's data served by `tributary-runner broker`), and computes the
// results itself: the users' shows from MariaDB
// (the mariadb client), the schedules from the Parquet files with hyparquet,
// views per show per minute from the clickstream topic, the average reading
// per device per minute from the readings topic. The aggregates in PostgreSQL
// (psql) and in the Elasticsearch double must equal them for every minute the
// run saw whole.
#include <QtTest>

#include <cmath>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "tests/integration/sandbox/sandbox_cli.h"
#include "tests/support/process.h"

using namespace tributary::testing;

namespace {

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream s(text);
  for (std::string line; std::getline(s, line);)
    if (!line.empty()) out.push_back(line);
  return out;
}

std::string readFile(const std::string& path) {
  std::ifstream in(path);
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

// "2026-12-06T07:01:02.345Z" (or "+00:00") -> epoch seconds; -1 when not such a text.
std::int64_t isoSeconds(const std::string& text) {
  std::tm tm{};
  if (text.size() < 19 || !strptime(text.c_str(), "%Y-%m-%dT%H:%M:%S", &tm)) return -1;
  return static_cast<std::int64_t>(timegm(&tm));
}

std::int64_t minuteOf(std::int64_t seconds) {
  return seconds - (seconds % 60 + 60) % 60;
}

int portOf(const std::string& url) {
  auto colon = url.rfind(':');
  return std::atoi(url.c_str() + colon + 1);
}

}  // namespace

class TestSeed003Template final : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir m_home;
  std::string home() const { return m_home.path().toStdString(); }
  int m_pgPort = 0, m_myPort = 0;

  std::string psql(const std::string& sql) {
    int code = 0;
    std::string out =
        runCapture("PGPASSWORD=tributary psql -X -q -At -F '|' -v ON_ERROR_STOP=1 -h 127.0.0.1 -p " +
                       std::to_string(m_pgPort) + " -U tributary -d sandbox -c " + shellQuote(sql) + " 2>&1",
                   &code);
    if (code != 0) qWarning("psql: %s", out.c_str());
    return out;
  }
  std::string mariadb(const std::string& sql) {
    int code = 0;
    std::string out = runCapture("mariadb --no-defaults -N -B -h 127.0.0.1 -P " + std::to_string(m_myPort) +
                                     " -u tributary -ptributary -e " + shellQuote(sql) + " 2>&1",
                                 &code);
    if (code != 0) qWarning("mariadb: %s", out.c_str());
    return out;
  }
  // The topic's values (JSON objects), read with kcat; anything else is kept in m_unreadable.
  std::vector<nlohmann::json> topic(const std::string& bootstrap, const std::string& name) {
    int code = 0;
    std::string out = runCapture("kcat -C -b " + bootstrap + " -t " + name + " -o beginning -e -q -f '%s\\n' 2>" +
                                     shellQuote(m_work + "/kcat.err"),
                                 &code);
    std::vector<nlohmann::json> records;
    for (const auto& line : lines(out)) {
      auto value = nlohmann::json::parse(line, nullptr, false);
      if (value.is_object())
        records.push_back(std::move(value));
      else
        m_unreadable += name + ": " + line + "\n";
    }
    if (code != 0) m_unreadable += name + ": kcat exit code " + std::to_string(code) + "\n";
    return records;
  }
  std::string m_work, m_unreadable;

 private Q_SLOTS:
  void initTestCase() { QVERIFY(m_home.isValid()); }
  void cleanupTestCase() { runner(home(), "sandbox reset"); }

  void fiveSourcesAndTwoAggregations() {
    QTemporaryDir work;
    const std::string w = work.path().toStdString();
    m_work = w;
    ServerProcess es;
    QVERIFY(es.start(
        {"/usr/bin/python3", std::string(TRIBUTARY_SOURCE_DIR) + "/tests/integration/elasticsearch/es_double.py",
         "--port-file", w + "/es.port"},
        w + "/es.log"));
    for (int i = 0; i < 100 && !std::filesystem::exists(w + "/es.port"); ++i) QTest::qWait(50);
    const std::string esUrl = "http://127.0.0.1:" + trimmed(readFile(w + "/es.port"));

    const std::string file = std::string(TRIBUTARY_SOURCE_DIR) + "/resources/templates/seed003-ingest.tributary.json";
    ChildProcess run({"/bin/sh", "-c",
                      "export XDG_STATE_HOME=" + shellQuote(home()) + " SEED003_ES_URL=" + esUrl + "; cd " +
                          shellQuote(w) + " && exec " + TRIBUTARY_RUNNER + " run " + shellQuote(file) +
                          " --sandbox --for 420s --state state --quiet"},
                     w + "/run.log");
    // The sandbox is up and the pipeline started once the broker's address is printed.
    std::string bootstrap;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(90);
    while (bootstrap.empty() && run.running() && std::chrono::steady_clock::now() < deadline) {
      QTest::qWait(200);
      std::string log = readFile(w + "/run.log");
      const std::string marker = "embedded Kafka broker on ";
      if (auto at = log.find(marker); at != std::string::npos && log.find('\n', at) != std::string::npos)
        bootstrap = log.substr(at + marker.size(), log.find('\n', at) - at - marker.size());
    }
    QVERIFY2(!bootstrap.empty(), readFile(w + "/run.log").c_str());
    CliRun env = runner(home(), "sandbox env");
    m_pgPort = portOf(envValue(env.out, "PG_URL").substr(0, envValue(env.out, "PG_URL").rfind('/')));
    m_myPort = portOf(envValue(env.out, "MYSQL_URL").substr(0, envValue(env.out, "MYSQL_URL").rfind('/')));
    QVERIFY2(m_pgPort > 0 && m_myPort > 0, env.out.c_str());

    // Minutes that began after the pipeline had started (the users table was
    // read by then) and that the run saw to their end: wait until both
    // aggregates have a row two minutes on, so the minute before it is whole.
    const std::int64_t firstWhole = minuteOf(std::time(nullptr) + 5) + 60;
    auto latest = [&](const std::string& table) {
      std::string out =
          trimmed(psql("SELECT coalesce(max(extract(epoch FROM window_start))::bigint, 0) FROM " + table));
      return std::atoll(out.c_str());
    };
    deadline = std::chrono::steady_clock::now() + std::chrono::seconds(260);
    while (run.running() && std::chrono::steady_clock::now() < deadline &&
           (latest("show_views") < firstWhole + 60 || latest("device_readings") < firstWhole + 60))
      QTest::qWait(2000);
    QVERIFY2(run.running(), readFile(w + "/run.log").c_str());
    const std::int64_t lastWhole = std::min(latest("show_views"), latest("device_readings"));  // exclusive
    QVERIFY2(lastWhole >= firstWhole + 60, readFile(w + "/run.log").c_str());

    // Stop the run (as Ctrl-C does), then read what reached the topics: the
    // embedded broker's log stays in the state folder, served again by
    // `tributary-runner broker` (a live topic that keeps growing never lets
    // kcat -e reach its end).
    const std::string esState = runCapture("curl -s " + esUrl + "/_double/state");
    run.signal(SIGTERM);
    QVERIFY(run.wait(std::chrono::seconds(60)));
    const std::string log = readFile(w + "/run.log");
    ChildProcess broker(
        {TRIBUTARY_RUNNER, "broker", "--listen", "127.0.0.1:0", "--data", w + "/state/broker", "--no-auto-create"},
        w + "/broker.log");
    bootstrap.clear();
    for (int i = 0; i < 100 && bootstrap.empty(); ++i) {
      QTest::qWait(100);
      std::string brokerLog = readFile(w + "/broker.log");
      const std::string marker = "listening on ";
      if (auto at = brokerLog.find(marker); at != std::string::npos)
        bootstrap = brokerLog.substr(at + marker.size(), brokerLog.find(' ', at + marker.size()) - at - marker.size());
    }
    QVERIFY2(!bootstrap.empty(), readFile(w + "/broker.log").c_str());
    auto clicks = topic(bootstrap, "seed003.clickstream");
    auto readings = topic(bootstrap, "seed003.iot.readings");
    auto users = topic(bootstrap, "seed003.tv.users");
    auto shows = topic(bootstrap, "seed003.tv.shows");
    auto schedules = topic(bootstrap, "seed003.schedules");
    auto weather = topic(bootstrap, "seed003.weather");
    broker.signal(SIGTERM);
    broker.wait(std::chrono::seconds(10));
    QVERIFY2(m_unreadable.empty(), (m_unreadable + readFile(w + "/kcat.err")).c_str());

    // MySQL CDC: every user and show, as MariaDB has them.
    std::map<std::int64_t, std::int64_t> showOfUser;
    for (const auto& row : lines(mariadb("SELECT id, show_id FROM tv.users"))) {
      auto tab = row.find('\t');
      showOfUser[std::atoll(row.c_str())] = std::atoll(row.c_str() + tab + 1);
    }
    QCOMPARE(showOfUser.size(), std::size_t{40});
    std::map<std::int64_t, std::int64_t> usersTopic;
    for (const auto& u : users) usersTopic[u.at("id").get<std::int64_t>()] = u.at("show_id").get<std::int64_t>();
    QVERIFY2(usersTopic == showOfUser, log.c_str());
    std::map<std::int64_t, std::string> titles;
    for (const auto& row : lines(mariadb("SELECT id, title FROM tv.shows")))
      titles[std::atoll(row.c_str())] = row.substr(row.find('\t') + 1);
    std::map<std::int64_t, std::string> showsTopic;
    for (const auto& s : shows) showsTopic[s.at("id").get<std::int64_t>()] = s.at("title").get<std::string>();
    QVERIFY(showsTopic == titles);
    QCOMPARE(titles.size(), std::size_t{8});

    // Parquet: the schedule rows as hyparquet reads the shipped files.
    std::multiset<std::string> expectedSlots, gotSlots;
    for (const auto& entry : std::filesystem::directory_iterator(std::string(TRIBUTARY_SOURCE_DIR) +
                                                                 "/resources/templates/seed003/schedules")) {
      int code = 0;
      std::string out = runCapture(
          "node " + shellQuote(std::string(TRIBUTARY_SOURCE_DIR) + "/tests/integration/parquet/parquet_tool.mjs") +
              " read " + shellQuote(entry.path().string()) + " 2>&1",
          &code);
      QVERIFY2(code == 0, out.c_str());
      for (const auto& line : lines(out)) {
        auto r = nlohmann::json::parse(line);
        std::int64_t micros = std::stoll(r["starts_at"]["$ts"].get<std::string>());
        expectedSlots.insert(std::to_string(r["channel_id"].get<int>()) + "|" +
                             std::to_string(r["show_id"].get<int>()) + "|" + r["title"].get<std::string>() + "|" +
                             std::to_string(micros / 1000000));
      }
    }
    for (const auto& s : schedules)
      gotSlots.insert(std::to_string(s.at("channel_id").get<int>()) + "|" + std::to_string(s.at("show_id").get<int>()) +
                      "|" + s.at("title").get<std::string>() + "|" +
                      std::to_string(isoSeconds(s.at("starts_at").get<std::string>())));
    QCOMPARE(expectedSlots.size(), std::size_t{48});
    QVERIFY2(gotSlots == expectedSlots, log.c_str());

    // REST: the stand-in's weather, polled at start.
    QVERIFY2(!weather.empty(), log.c_str());
    QCOMPARE(weather[0].value("city", ""), std::string("Berlin"));
    QVERIFY(weather[0]["main"].contains("temp"));

    // Views per show per minute, from the clickstream and MariaDB's users.
    std::map<std::pair<std::int64_t, std::int64_t>, std::int64_t> views;  // (show, minute) -> clicks
    for (const auto& c : clicks) {
      std::int64_t at = isoSeconds(c.at("time").get<std::string>());
      QVERIFY2(at > 0, c.dump().c_str());
      std::int64_t minute = minuteOf(at);
      if (minute >= firstWhole && minute < lastWhole)
        ++views[{showOfUser.at(c.at("userid").get<std::int64_t>()), minute}];
    }
    std::map<std::pair<std::int64_t, std::int64_t>, std::int64_t> pgViews;
    for (const auto& row :
         lines(psql("SELECT show_id, extract(epoch FROM window_start)::bigint, views FROM show_views"))) {
      auto parts = QString::fromStdString(row).split(QLatin1Char('|'));
      std::int64_t minute = parts[1].toLongLong();
      if (minute >= firstWhole && minute < lastWhole) pgViews[{parts[0].toLongLong(), minute}] = parts[2].toLongLong();
    }
    QVERIFY(!views.empty());
    QVERIFY2(pgViews == views, log.c_str());

    // Average temperature per device per minute, from the readings topic.
    struct Sum {
      double total = 0;
      std::int64_t count = 0;
    };
    std::map<std::pair<std::string, std::int64_t>, Sum> perDevice;
    for (const auto& r : readings) {
      std::int64_t minute = minuteOf(r.at("ts").get<std::int64_t>() / 1000);
      if (minute < firstWhole || minute >= lastWhole) continue;
      Sum& s = perDevice[{r.at("device_id").get<std::string>(), minute}];
      s.total += r.at("temperature").get<double>();
      ++s.count;
    }
    QVERIFY(perDevice.size() >= 6);  // six devices, at least one whole minute
    std::size_t pgRows = 0;
    for (const auto& row : lines(psql("SELECT device_id, extract(epoch FROM window_start)::bigint, avg_temperature, "
                                      "readings FROM device_readings"))) {
      auto parts = QString::fromStdString(row).split(QLatin1Char('|'));
      std::int64_t minute = parts[1].toLongLong();
      if (minute < firstWhole || minute >= lastWhole) continue;
      ++pgRows;
      auto it = perDevice.find({parts[0].toStdString(), minute});
      QVERIFY2(it != perDevice.end(), row.c_str());
      QCOMPARE(parts[3].toLongLong(), static_cast<qlonglong>(it->second.count));
      QVERIFY2(std::abs(parts[2].toDouble() - it->second.total / static_cast<double>(it->second.count)) < 1e-9,
               row.c_str());
    }
    QCOMPARE(pgRows, perDevice.size());

    // Elasticsearch: the same rows, one document per key, no request the double refused.
    auto state = nlohmann::json::parse(esState, nullptr, false);
    QVERIFY2(state.is_object(), esState.c_str());
    QVERIFY2(state["violations"].empty(), state["violations"].dump().c_str());
    std::map<std::pair<std::int64_t, std::int64_t>, std::int64_t> esViews;
    for (const auto& [id, doc] : state["docs"]["seed003-show-views"].items()) {
      std::int64_t minute = isoSeconds(doc["source"]["window_start"].get<std::string>());
      if (minute >= firstWhole && minute < lastWhole)
        esViews[{doc["source"]["show_id"].get<std::int64_t>(), minute}] = doc["source"]["views"].get<std::int64_t>();
    }
    QVERIFY2(esViews == views, state["docs"]["seed003-show-views"].dump().c_str());
    std::size_t esDevices = 0;
    for (const auto& [id, doc] : state["docs"]["seed003-device-readings"].items()) {
      std::int64_t minute = isoSeconds(doc["source"]["window_start"].get<std::string>());
      if (minute < firstWhole || minute >= lastWhole) continue;
      ++esDevices;
      const Sum& s = perDevice.at({doc["source"]["device_id"].get<std::string>(), minute});
      QCOMPARE(doc["source"]["readings"].get<std::int64_t>(), s.count);
      QVERIFY(std::abs(doc["source"]["avg_temperature"].get<double>() - s.total / static_cast<double>(s.count)) < 1e-9);
    }
    QCOMPARE(esDevices, perDevice.size());
    qInfo("compared %zu show-minutes and %zu device-minutes (%lld..%lld), %zu clicks, %zu readings", views.size(),
          perDevice.size(), static_cast<long long>(firstWhole), static_cast<long long>(lastWhole), clicks.size(),
          readings.size());
    es.kill(SIGKILL);
  }
};

// The run spans whole minutes of wall-clock time (about four of them with the
// sandbox's first start): more than QtTest's default 300 s per function.
int main(int argc, char** argv) {
  if (qEnvironmentVariableIsEmpty("QTEST_FUNCTION_TIMEOUT")) qputenv("QTEST_FUNCTION_TIMEOUT", "570000");
  TestSeed003Template test;
  return QTest::qExec(&test, argc, argv);
}
#include "test_seed003_template.moc"
