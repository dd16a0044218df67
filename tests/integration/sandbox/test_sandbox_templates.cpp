// Templates run the way a user runs them headless:
//   tributary-runner run resources/templates/TEMPLATE.tributary.json --sandbox
// starts the template's local servers, loads its schema, runs its traffic
// script and the pipeline. The outputs are then checked with clients that are
// not ours: psql, mariadb, and the files the pipeline wrote.
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <csignal>
#include <unistd.h>
#include <sstream>
#include <cstdio>
#include <ctime>

#include <nlohmann/json.hpp>

#include "tests/integration/broker/client_processes.h"
#include "tests/integration/sandbox/sandbox_cli.h"
#include "tests/support/s3rver.h"

using namespace tributary::testing;

namespace {

std::string templateFile(const std::string& name) {
  return std::string(TRIBUTARY_SOURCE_DIR) + "/resources/templates/" + name + ".tributary.json";
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream s(text);
  for (std::string line; std::getline(s, line);)
    if (!line.empty()) out.push_back(line);
  return out;
}

std::vector<nlohmann::json> jsonLines(const std::string& path) {
  std::vector<nlohmann::json> out;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(nlohmann::json::parse(line, nullptr, false));
  return out;
}

// Milliseconds since 1970 of "2024-05-01T08:00:00.123Z" (the file sink's timestamps).
std::int64_t isoMillis(const std::string& text) {
  std::tm tm{};
  int millis = 0;
  if (std::sscanf(text.c_str(), "%d-%d-%dT%d:%d:%d.%dZ", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
                  &tm.tm_min, &tm.tm_sec, &millis) < 6)
    return -1;
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  return static_cast<std::int64_t>(timegm(&tm)) * 1000 + millis;
}

int portOf(const std::string& url) {
  auto colon = url.rfind(':');
  return std::atoi(url.c_str() + colon + 1);
}

}  // namespace

class TestSandboxTemplates final : public QObject {
  Q_OBJECT

 private:
  // The report in PostgreSQL against the totals MariaDB computes from its own rows.
  void checkSeed002Report() {
    const std::string joined =
        " FROM order_demo.order_demo o"
        " JOIN wms_demo.wms_demo w ON w.order_id = o.order_id"
        "  AND ABS(TIMESTAMPDIFF(MICROSECOND, o.created_at, w.created_at)) <= 300000000"
        " JOIN logistics_demo.logistics_demo l ON l.id = CAST(w.shipment_id AS UNSIGNED)"
        "  AND ABS(TIMESTAMPDIFF(MICROSECOND, w.created_at, l.created_at)) <= 300000000";
    // Both sides as "group|day" -> value.
    auto table = [](const std::vector<std::string>& rows, char sep) {
      std::map<std::string, double> out;
      for (std::string row : rows) {
        std::replace(row.begin(), row.end(), sep, '|');
        auto last = row.rfind('|');
        out[row.substr(0, last)] = std::stod(row.substr(last + 1));
      }
      return out;
    };
    auto compare = [](const std::map<std::string, double>& expected, const std::map<std::string, double>& report,
                      const char* what) {
      QVERIFY2(!expected.empty(), what);
      std::string diff;
      for (const auto& [group, value] : expected) {
        auto it = report.find(group);
        if (it == report.end() || std::abs(it->second - value) > 1e-6)
          diff += group + ": expected " + std::to_string(value) + ", report " +
                  (it == report.end() ? std::string("none") : std::to_string(it->second)) + "\n";
      }
      for (const auto& [group, value] : report)
        if (!expected.count(group)) diff += group + ": not expected, report " + std::to_string(value) + "\n";
      QVERIFY2(diff.empty(), (std::string(what) + "\n" + diff).c_str());
    };
    auto shippedOrders = lines(mariadb("SELECT COUNT(DISTINCT o.order_id)" + joined));
    QVERIFY2(!shippedOrders.empty() && std::stoi(shippedOrders[0]) >= 40, "fewer than 40 shipped orders");  // 5/s for about 12 s
    compare(table(lines(mariadb("SELECT w.item_type, w.item_localtion, DATE(l.created_at), SUM(w.item_qty)" + joined +
                                " GROUP BY 1, 2, 3")),
                  '\t'),
            table(lines(psql("SELECT item_type, warehouse, to_char(window_start AT TIME ZONE 'UTC', 'YYYY-MM-DD'), "
                             "units FROM units_shipped")),
                  '|'),
            "units shipped per day per item type per warehouse");
    if (QTest::currentTestFailed()) return;
    compare(table(lines(mariadb("SELECT l.courier, DATE(l.created_at), COUNT(DISTINCT o.order_id)" + joined +
                                " GROUP BY 1, 2")),
                  '\t'),
            table(lines(psql("SELECT courier, to_char(window_start AT TIME ZONE 'UTC', 'YYYY-MM-DD'), orders "
                             "FROM orders_shipped")),
                  '|'),
            "orders shipped per day per courier");
    if (QTest::currentTestFailed()) return;
    compare(table(lines(mariadb("SELECT w.item_localtion, DATE(l.created_at), SUM(l.shipment_cost)" + joined +
                                " GROUP BY 1, 2")),
                  '\t'),
            table(lines(psql("SELECT warehouse, to_char(window_start AT TIME ZONE 'UTC', 'YYYY-MM-DD'), total_cost "
                             "FROM cost_shipped")),
                  '|'),
            "cost shipped per day per warehouse");
    // Some rows were written out of order (event time minutes before rows written earlier).
    auto late = lines(mariadb("SELECT COUNT(*) FROM order_demo.order_demo a JOIN order_demo.order_demo b "
                              "ON b.id > a.id AND b.created_at < a.created_at - INTERVAL 20 SECOND"));
    QVERIFY2(!late.empty() && std::stoi(late[0]) > 0, "the traffic wrote no out-of-order orders");
  }

  QTemporaryDir m_home;
  std::string home() const { return m_home.path().toStdString(); }

  std::map<std::string, int> ports() {
    CliRun env = runner(home(), "sandbox env");
    std::map<std::string, int> out;
    if (auto pg = envValue(env.out, "PG_URL"); !pg.empty()) out["postgres"] = portOf(pg.substr(0, pg.rfind('/')));
    if (auto my = envValue(env.out, "MYSQL_URL"); !my.empty()) out["mariadb"] = portOf(my.substr(0, my.rfind('/')));
    return out;
  }

  // Runs the template as a user does: --sandbox (servers, schema, traffic) for
  // `duration`, then again without the sandbox's traffic (its variables from
  // `sandbox env`) so the pipeline catches up with the last changes, resuming
  // from its checkpoint. After that the outputs must match the databases.
  // `status`: the runs print their status lines (every `status` period)
  // instead of only the summary; their output goes to *output.
  // `during`: a shell command run in the background next to the first run
  // (it ends with " & "); `options`: more options of the first run.
  void runTemplate(const std::string& name, const std::string& work, const std::string& duration, int rate,
                   const std::string& status = {}, std::string* output = nullptr, const std::string& during = {},
                   const std::string& options = {}) {
    std::string file = shellQuote(templateFile(name));
    std::string statusOption = status.empty() ? " --quiet" : " --status-interval " + status;
    // The braces keep `during`'s " & " from sending the cd to the background
    // (the run would then use the test's own folder and an older run's state).
    CliRun r = runIn(home(), "cd " + shellQuote(work) + " && { " + during + TRIBUTARY_RUNNER + " run " + file +
                                 " --sandbox --traffic-rate " + std::to_string(rate) + " --for " + duration +
                                 " --state state" + statusOption + options + "; code=$?; wait; (exit $code); }");
    if (output) *output = r.out;
    // QtTest cuts long messages: the end of the output says why.
    QVERIFY2(r.code == 0, r.out.substr(r.out.size() > 900 ? r.out.size() - 900 : 0).c_str());
    QVERIFY2(r.out.find("sandbox traffic") != std::string::npos, r.out.c_str());
    r = runIn(home(), "cd " + shellQuote(work) + " && env $(" + TRIBUTARY_RUNNER + " sandbox env) " + TRIBUTARY_RUNNER +
                          " run " + file + " --for 6s --state state" + statusOption);
    if (output) *output += r.out;
    QVERIFY2(r.code == 0, r.out.substr(r.out.size() > 900 ? r.out.size() - 900 : 0).c_str());
  }

  // See seed000OperationalDataStore: the scrapes metrics-NN.txt in `work`.
  void checkDashboardSeries(const std::string& work) {
    // "metric" + "node" -> value, per scrape that answered, in time order.
    std::vector<std::map<std::string, double>> scrapes;
    const std::regex sample("(tributary_\\w+)\\{([^}]*)\\} (\\S+)");
    const std::regex nodeLabel("node=\"([^\"]*)\"");
    for (int i = 1; i <= 16; ++i) {
      char name[32];
      std::snprintf(name, sizeof name, "/metrics-%02d.txt", i);
      std::ifstream in(work + name);
      std::map<std::string, double> values;
      for (std::string line; std::getline(in, line);) {
        std::smatch m, node;
        if (!std::regex_match(line, m, sample)) continue;
        const std::string labels = m[2].str();
        if (labels.find("pipeline=\"seed000-maf-ods\"") == std::string::npos) continue;
        std::string key = m[1].str();
        if (std::regex_search(labels, node, nodeLabel)) key += "|" + node[1].str();
        values[key] += std::stod(m[3].str());
      }
      if (!values.empty()) scrapes.push_back(std::move(values));
    }
    QVERIFY2(scrapes.size() >= 4, std::to_string(scrapes.size()).c_str());
    std::ifstream in(templateFile("seed000-maf-ods"));
    nlohmann::json pipeline = nlohmann::json::parse(in, nullptr, false);
    std::vector<std::string> series;
    for (const auto& panel : pipeline["dashboard"]["panels"])
      for (const auto& query : panel["queries"]) series.push_back(query["series"].get<std::string>());
    for (const auto& rule : pipeline["dashboard"]["alerts"]) series.push_back(rule["series"].get<std::string>());
    QVERIFY2(series.size() >= 13, std::to_string(series.size()).c_str());
    const std::map<std::string, double>& last = scrapes.back();
    for (const std::string& s : series) {
      std::string metric = s.substr(0, s.find_first_of(":{"));
      std::smatch node;
      bool found = false;
      if (std::regex_search(s, node, nodeLabel))
        found = last.count(metric + "|" + node[1].str()) > 0;
      else
        for (const auto& [key, value] : last) found = found || key.rfind(metric + "|", 0) == 0;
      QVERIFY2(found, ("no series in /metrics for " + s).c_str());
    }
    // The stall rule's series: MySQL changes were captured while the traffic ran.
    const std::string mysql = "tributary_node_records_out_total|mysql-cdc";
    auto captured = [&](const std::map<std::string, double>& scrape) {
      auto it = scrape.find(mysql);
      return it == scrape.end() ? 0.0 : it->second;
    };
    QVERIFY2(captured(last) > captured(scrapes.front()),
             (std::to_string(captured(scrapes.front())) + " -> " + std::to_string(captured(last))).c_str());
  }

  std::string psql(const std::string& sql) {
    int code = 0;
    std::string out = runCapture("PGPASSWORD=tributary psql -X -q -At -F '|' -v ON_ERROR_STOP=1 -h 127.0.0.1 -p " +
                                     std::to_string(ports()["postgres"]) + " -U tributary -d sandbox -c " +
                                     shellQuote(sql) + " 2>&1",
                                 &code);
    if (code != 0) qWarning("psql: %s", out.c_str());
    return out;
  }
  std::string mariadb(const std::string& sql) {
    int code = 0;
    std::string out = runCapture("mariadb --no-defaults -N -B -h 127.0.0.1 -P " + std::to_string(ports()["mariadb"]) +
                                     " -u tributary -ptributary sandbox -e " + shellQuote(sql) + " 2>&1",
                                 &code);
    if (code != 0) qWarning("mariadb: %s", out.c_str());
    return out;
  }

 private Q_SLOTS:
  void initTestCase() { QVERIFY(m_home.isValid()); }
  void cleanupTestCase() { runner(home(), "sandbox reset"); }

  // Seed 001: Faker-style users inserted into PostgreSQL reach MariaDB (the
  // e-mail service) and the lake file, row for row.
  void seed001Users() {
    QTemporaryDir work;
    std::string w = work.path().toStdString();
    runTemplate("seed001-users", w, "10s", 20);
    if (QTest::currentTestFailed()) return;
    // The servers keep running after the pipeline: read both sides.
    auto pg = lines(psql("SELECT \"index\", name, email, job, birthdate FROM \"USERS\" ORDER BY \"index\""));
    auto maria = lines(mariadb("SELECT `index`, name, email, job, birthdate FROM USERS ORDER BY `index`"));
    QVERIFY2(pg.size() >= 100, std::to_string(pg.size()).c_str());  // 20/s for about 10 s
    QCOMPARE(maria.size(), pg.size());
    for (std::size_t i = 0; i < maria.size(); ++i) {
      std::string m = maria[i];
      std::replace(m.begin(), m.end(), '\t', '|');
      QCOMPARE(m, pg[i]);
    }
    // The lake (Confluent's layout: lake/topics/P_USERS/partition=0/P_USERS+0+<offset>.json)
    // has the same users, one JSON line each.
    std::set<std::int64_t> lakeIds;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(w + "/lake")) {
      const std::string name = entry.path().filename().string();
      if (!entry.is_regular_file() || name.front() == '.' || entry.path().extension() != ".json") continue;
      // Confluent's names, and flush_size 5 as in the seed's S3 sink (fewer when the 6 s schedule closed it).
      std::string relative = std::filesystem::relative(entry.path(), w + "/lake").string();
      QVERIFY2(std::regex_match(relative, std::regex("topics/P_USERS/partition=0/P_USERS\\+0\\+[0-9]{10}\\.json")),
               relative.c_str());
      auto rows = jsonLines(entry.path().string());
      QVERIFY2(!rows.empty() && rows.size() <= 5, relative.c_str());
      for (const auto& u : rows) {
        QVERIFY2(u.is_object() && u.contains("email"), u.dump().c_str());
        lakeIds.insert(u["index"].get<std::int64_t>());
      }
    }
    QCOMPARE(lakeIds.size(), pg.size());
    QCOMPARE(*lakeIds.rbegin(), static_cast<std::int64_t>(pg.size()));
    // The traffic script stopped with the first run: no more rows arrive.
    std::string before = psql("SELECT count(*) FROM \"USERS\"");
    QTest::qWait(1200);
    QCOMPARE(psql("SELECT count(*) FROM \"USERS\""), before);
  }

  // Seed 000: MySQL and PostgreSQL changes, cleansed, upserted into the ODS.
  // The dashboard's panels and alert rules query series of the run's
  // /metrics (scraped with curl every second of the first run): each series
  // a panel or rule names exists there with the pipeline and node labels, and
  // the series of the rule mysql-capture-stalled grows while the traffic runs.
  // (Alert rules are evaluated by the designer's dashboard only; a headless
  // run serves the series, not the alert states.)
  void seed000OperationalDataStore() {
    QTemporaryDir work;
    const std::string w = work.path().toStdString();
    const std::string port = std::to_string(freeLoopbackPort());
    runTemplate("seed000-maf-ods", w, "12s", 10, {}, nullptr,
                "( for i in 01 02 03 04 05 06 07 08 09 10 11 12 13 14 15 16; do sleep 1; curl -s --max-time 1 "
                "http://127.0.0.1:" + port + "/metrics > metrics-$i.txt; done ) >/dev/null 2>&1 & ",
                " --metrics-listen 127.0.0.1:" + port);
    if (QTest::currentTestFailed()) return;
    checkDashboardSeries(w);
    if (QTest::currentTestFailed()) return;
    // What the cleanse should leave of each source: popularity > 0, not adult,
    // title trimmed, popularity to one decimal; the ODS has one row per id.
    auto expectedMovies = lines(mariadb("SELECT id, TRIM(original_title), popularity FROM maf.movie_ids "
                                        "WHERE popularity > 0 AND adult = 0 ORDER BY id"));
    auto expectedSeries = lines(psql("SELECT id, trim(original_name), popularity FROM maf.tv_series_ids "
                                     "WHERE popularity > 0 ORDER BY id"));
    auto odsMovies = lines(psql("SELECT id, title, popularity, origin FROM ods.movies ORDER BY id"));
    auto odsSeries = lines(psql("SELECT id, title, popularity, origin FROM ods.tv_series ORDER BY id"));
    QVERIFY2(expectedMovies.size() > 10 && expectedSeries.size() > 10,
             (std::to_string(expectedMovies.size()) + " " + std::to_string(expectedSeries.size())).c_str());
    auto compare = [](const std::vector<std::string>& expected, const std::vector<std::string>& ods, char sep,
                      const std::string& origin) {
      QCOMPARE(ods.size(), expected.size());
      for (std::size_t i = 0; i < ods.size(); ++i) {
        std::vector<std::string> e, o;
        std::stringstream es(expected[i]), os(ods[i]);
        for (std::string f; std::getline(es, f, sep);) e.push_back(f);
        for (std::string f; std::getline(os, f, '|');) o.push_back(f);
        QCOMPARE(o.size(), std::size_t(4));
        QCOMPARE(o[0], e[0]);
        QCOMPARE(o[1], e[1]);
        QVERIFY2(std::abs(std::stod(o[2]) - std::stod(e[2])) <= 0.0501, (ods[i] + " vs " + expected[i]).c_str());
        QCOMPARE(o[3], origin);
      }
    };
    compare(expectedMovies, odsMovies, '\t', "mysql.maf.movie_ids");
    if (QTest::currentTestFailed()) return;
    compare(expectedSeries, odsSeries, '|', "postgres.maf.tv_series_ids");
    // The seed's untidy title arrived trimmed; the zero-popularity movie stayed out.
    QCOMPARE(psql("SELECT title FROM ods.movies WHERE id = 3924"), std::string("Blondie\n"));
    QCOMPARE(psql("SELECT count(*) FROM ods.movies WHERE id = 31975"), std::string("0\n"));
  }

  // Seed 004 as the seed describes it: the product updater's changes polled
  // from MariaDB's products table by last_updated, written as Avro with the
  // seed's product schema to product_updates (10 partitions), read by five
  // consumers of one group (two partitions each) into one log each, transformed.
  void seed004ProductUpdates() {
    QTemporaryDir work;
    std::string w = work.path().toStdString();
    std::string output;
    runTemplate("seed004-products", w, "12s", 20, "1s", &output);
    if (QTest::currentTestFailed()) return;

    // The status lines show the consumer stage's five members with two partitions each.
    bool sawFiveByTwo = false;
    for (const std::string& line : lines(output)) {
      auto at = line.find("members 5:");
      if (at == std::string::npos) continue;
      std::set<int> partitions;
      int members = 0, withTwo = 0;
      for (auto open = line.find('[', at); open != std::string::npos; open = line.find('[', open + 1)) {
        std::string list = line.substr(open + 1, line.find(']', open) - open - 1);
        ++members;
        int count = 0;
        std::stringstream s(list);
        for (std::string p; std::getline(s, p, ',');) {
          partitions.insert(std::stoi(p));
          ++count;
        }
        withTwo += count == 2;
      }
      if (members == 5 && withTwo == 5 && partitions.size() == 10 && *partitions.rbegin() == 9) sawFiveByTwo = true;
    }
    QVERIFY2(sawFiveByTwo, output.c_str());

    // The topic, read with python3-confluent-kafka and decoded with the registry's
    // schemas by python3-avro, from the run's broker data served again with its registry.
    RunnerBroker broker;
    QVERIFY2(broker.start(QString::fromStdString(w + "/state/broker"), 0,
                          {QStringLiteral("--schema-registry"), QStringLiteral("127.0.0.1:0")}),
             qPrintable(broker.startOutput()));
    Run decoded = runProcess(QStringLiteral("/usr/bin/python3"),
                             {QStringLiteral(TRIBUTARY_SOURCE_DIR "/tests/integration/sandbox/seed004_topic.py"),
                              QString::fromStdString(broker.bootstrap()), QString::fromStdString(broker.registryUrl()),
                              QStringLiteral("product_updates")},
                             120000, {}, Channels::Separate);
    QVERIFY2(decoded.exitCode == 0, qPrintable(decoded.err + decoded.out));
    nlohmann::json topic = nlohmann::json::parse(decoded.out.toStdString(), nullptr, false);
    QVERIFY2(topic.is_object(), qPrintable(decoded.out));
    QCOMPARE(topic["partitions"].get<int>(), 10);
    QVERIFY2(topic["subjects"] == nlohmann::json::array({"product_updates-value"}), topic["subjects"].dump().c_str());
    const auto& messages = topic["messages"];
    QVERIFY2(messages.size() >= 50 + 100, std::to_string(messages.size()).c_str());  // the 50 products, then updates

    // Each message is a version of a row: key = id, one version once; the latest
    // version of each product is MariaDB's row, field for field.
    std::map<std::pair<int, std::int64_t>, nlohmann::json> versions;  // (id, last_updated ms) -> value
    std::map<int, nlohmann::json> latest;
    std::map<int, int> partitionOf;
    for (const auto& m : messages) {
      const auto& v = m["value"];
      QVERIFY2(v.is_object() && v.size() == 5, m.dump().c_str());
      int id = v["id"].get<int>();
      QCOMPARE(m["key"].get<std::string>(), std::to_string(id));
      auto [it, fresh] = partitionOf.emplace(id, m["partition"].get<int>());
      QVERIFY2(it->second == m["partition"].get<int>(), m.dump().c_str());  // one partition per key
      QVERIFY2(versions.emplace(std::make_pair(id, v["last_updated"].get<std::int64_t>()), v).second,
               ("the same version twice: " + m.dump()).c_str());
      if (!latest.count(id) || latest[id]["last_updated"].get<std::int64_t>() < v["last_updated"].get<std::int64_t>())
        latest[id] = v;
    }
    auto rows = lines(mariadb("SELECT id, name, category, price, CAST(UNIX_TIMESTAMP(last_updated) * 1000 AS SIGNED) "
                              "FROM products ORDER BY id"));
    QCOMPARE(rows.size(), std::size_t(50));
    QCOMPARE(latest.size(), std::size_t(50));
    for (const auto& row : rows) {
      std::vector<std::string> f;
      std::stringstream s(row);
      for (std::string field; std::getline(s, field, '\t');) f.push_back(field);
      QCOMPARE(f.size(), std::size_t(5));
      const nlohmann::json& v = latest[std::stoi(f[0])];
      QVERIFY2(v.is_object(), row.c_str());
      QCOMPARE(v["name"].get<std::string>(), f[1]);
      QCOMPARE(v["category"].get<std::string>(), f[2]);
      QCOMPARE(v["price"].get<double>(), std::stod(f[3]));
      QCOMPARE(v["last_updated"].get<std::int64_t>(), std::stoll(f[4]));
    }

    // The five consumers' logs together hold every message once, transformed:
    // category upper-cased, discount_price 20 % off for CAT_5 (else the price).
    std::map<std::pair<int, std::int64_t>, int> logged;  // version -> times logged
    for (int member = 0; member < 5; ++member) {
      std::string path = w + "/consumer_logs/consumer_" + std::to_string(member) + "/consumer_log.json";
      auto log = jsonLines(path);
      QVERIFY2(!log.empty(), path.c_str());
      for (const auto& p : log) {
        QVERIFY2(p.is_object() && p.size() == 6, p.dump().c_str());  // the five fields and discount_price
        auto version = std::make_pair(p["id"].get<int>(), isoMillis(p["last_updated"].get<std::string>()));
        ++logged[version];
        auto it = versions.find(version);
        QVERIFY2(it != versions.end(), ("not a version in the topic: " + p.dump()).c_str());
        const nlohmann::json& v = it->second;
        std::string category = v["category"].get<std::string>();
        for (char& c : category) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        QCOMPARE(p["category"].get<std::string>(), category);
        QCOMPARE(p["name"], v["name"]);
        QCOMPARE(p["price"], v["price"]);
        double price = v["price"].get<double>();
        double expected = category == "CAT_5" ? price * 0.8 : price;
        QVERIFY2(std::abs(p["discount_price"].get<double>() - expected) < 1e-9, p.dump().c_str());
      }
    }
    // Each message is logged once, across the clean stop between the two runs
    // too: a stopping stage commits the offsets of what its sinks wrote before
    // its consumers leave the group (before that fix the catch-up run logged
    // about one checkpoint interval, ~20 updates, again).
    std::string repeated, missing;
    for (const auto& [version, times] : logged)
      if (times > 1) repeated += " " + std::to_string(version.first) + "@" + std::to_string(version.second);
    for (const auto& [version, v] : versions)
      if (!logged.count(version)) missing += " " + std::to_string(version.first) + "@" + std::to_string(version.second);
    QVERIFY2(missing.empty(), ("never logged:" + missing).c_str());
    QVERIFY2(repeated.empty(), ("logged more than once:" + repeated).c_str());
  }

  // Seed 002: orders, warehouse picks and shipments (the traffic script, some
  // out of order) joined within 5 minutes into three daily reports in
  // PostgreSQL. Without SEED002_ES_URL the Elasticsearch branch is left out
  // and the run says so. The expected totals come from MariaDB's own rows,
  // joined and summed by MariaDB.
  void seed002DailyReport() {
    QTemporaryDir work;
    const std::string w = work.path().toStdString();
    // Two runs, as a user makes them: `run --sandbox` in the background; after
    // 12 s the traffic script is ended (its pid is in the run's log), which
    // stops the run at once, with records still on their way through the
    // internal topics and results just emitted. A second run resumes from the
    // first one's checkpoint and state; its traffic is paused (SIGSTOP) at
    // once, the pipeline gets 10 s to settle, then the script is ended. The
    // report must equal MariaDB's totals: nothing the first run read or
    // emitted is lost or counted again.
    for (int round = 0; round < 2; ++round) {
      const std::string logFile = w + "/run" + std::to_string(round) + ".log";
      CliRun started = runIn(home(), "cd " + shellQuote(w) + " && { " + TRIBUTARY_RUNNER + " run " +
                                         shellQuote(templateFile("seed002-daily-report")) +
                                         " --sandbox --traffic-rate 5 --for 90s --state state > " +
                                         shellQuote(logFile) + " 2>&1 & echo $!; }");
      const int runnerPid = std::atoi(started.out.c_str());
      QVERIFY2(runnerPid > 0, started.out.c_str());
      auto log = [&] {
        std::ifstream in(logFile);
        return std::string(std::istreambuf_iterator<char>(in), {});
      };
      std::smatch traffic;
      std::string text;
      QTRY_VERIFY_WITH_TIMEOUT(
          (text = log(), std::regex_search(text, traffic, std::regex("sandbox traffic \\S+ started \\(pid ([0-9]+)\\)"))),
          30000);
      const pid_t trafficPid = std::stoi(traffic[1].str());
      if (round == 0) {
        QTest::qWait(12000);
      } else {
        QCOMPARE(::kill(trafficPid, SIGSTOP), 0);
        QTest::qWait(10000);
      }
      ::kill(trafficPid, SIGTERM);
      ::kill(trafficPid, SIGCONT);
      QTRY_VERIFY_WITH_TIMEOUT(::kill(runnerPid, 0) != 0, 40000);
      const std::string out = log();
      QVERIFY2(out.find("pipeline seed002-daily-report stopped") != std::string::npos, out.c_str());
      QVERIFY2(out.find("SEED002_ES_URL is not set") != std::string::npos, out.c_str());
    }
    checkSeed002Report();
  }

  // Seed 001's S3 variant: the same users reach an S3 bucket (s3rver on a free
  // loopback port, named by LAKE_S3_ENDPOINT as a MinIO user would) in
  // Confluent's layout. The objects are read from s3rver's own folder, not
  // through our S3 client.
  void seed001UsersS3() {
    QTemporaryDir work, s3data;
    S3rver s3(QStringLiteral(TRIBUTARY_SOURCE_DIR), s3data.path(), "lake");
    QVERIFY2(s3.ready(), s3.log().constData());
    const std::map<const char*, std::string> variables{{"LAKE_S3_ENDPOINT", s3.endpoint()},
                                                       {"LAKE_BUCKET", "lake"},
                                                       {"AWS_ACCESS_KEY_ID", "S3RVER"},
                                                       {"AWS_SECRET_ACCESS_KEY", "S3RVER"}};
    for (const auto& [name, value] : variables) qputenv(name, QByteArray::fromStdString(value));
    runTemplate("seed001-users-s3", work.path().toStdString(), "10s", 20);
    for (const auto& [name, value] : variables) qunsetenv(name);
    if (QTest::currentTestFailed()) return;
    // PostgreSQL's rows, one JSON object each (psql renders them; dates as text).
    std::map<std::int64_t, nlohmann::json> users;
    for (const std::string& line :
         lines(psql("SELECT row_to_json(u) FROM (SELECT \"index\", name, email, address, phone, job, "
                    "to_char(birthdate, 'YYYY-MM-DD') AS birthdate FROM \"USERS\") u"))) {
      auto row = nlohmann::json::parse(line, nullptr, false);
      QVERIFY2(row.is_object(), line.c_str());
      users[row["index"].get<std::int64_t>()] = row;
    }
    QVERIFY2(users.size() >= 100, std::to_string(users.size()).c_str());  // 20/s for about 10 s
    // s3rver keeps each object as BUCKET/KEY._S3rver_object.
    const std::string bucket = s3data.path().toStdString() + "/lake";
    const std::string suffix = "._S3rver_object";
    std::map<std::int64_t, int> stored;
    int objects = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(bucket)) {
      std::string key = std::filesystem::relative(entry.path(), bucket).string();
      if (!entry.is_regular_file() || key.size() <= suffix.size() ||
          key.compare(key.size() - suffix.size(), suffix.size(), suffix) != 0)
        continue;
      key.resize(key.size() - suffix.size());
      ++objects;
      QVERIFY2(std::regex_match(key, std::regex("topics/P_USERS/partition=0/P_USERS\\+0\\+[0-9]{10}\\.json")),
               key.c_str());
      auto rows = jsonLines(entry.path().string());
      QVERIFY2(!rows.empty() && rows.size() <= 5, key.c_str());  // flush_size 5, fewer when the 6 s schedule closed it
      // The object's name carries the offset of its first record (index - 1: one record per row from offset 0).
      QCOMPARE(std::stoll(key.substr(key.size() - 15, 10)), rows.front()["index"].get<std::int64_t>() - 1);
      for (const auto& u : rows) {
        QVERIFY2(u.is_object() && u.contains("index"), u.dump().c_str());
        std::int64_t index = u["index"].get<std::int64_t>();
        ++stored[index];
        auto it = users.find(index);
        QVERIFY2(it != users.end(), ("not in PostgreSQL: " + u.dump()).c_str());
        for (const char* field : {"name", "email", "address", "phone", "job"})
          QVERIFY2(u[field] == it->second[field], (std::string(field) + ": " + u.dump() + " vs " + it->second.dump()).c_str());
        if (u["birthdate"].is_string()) QCOMPARE(u["birthdate"].get<std::string>(), it->second["birthdate"].get<std::string>());
      }
    }
    QVERIFY2(objects >= 20, std::to_string(objects).c_str());
    std::string missing, twice;
    for (const auto& [index, row] : users)
      if (!stored.count(index)) missing += " " + std::to_string(index);
    for (const auto& [index, times] : stored)
      if (times > 1) twice += " " + std::to_string(index);
    QVERIFY2(missing.empty(), ("not in the bucket:" + missing).c_str());
    QVERIFY2(twice.empty(), ("in the bucket more than once:" + twice).c_str());
  }

  // Seed 002's ingestion half: `run --sandbox` captures the three databases
  // into one topic each; changes made with the mariadb client during the run
  // arrive as Debezium envelopes. The topics are read with kcat afterwards
  // (the run's broker data served by `tributary-runner broker`) and folded into
  // tables that must equal MariaDB's.
  void seed002OrdersCdc() {
    QTemporaryDir work;
    const std::string w = work.path().toStdString();
    CliRun started = runIn(home(), "cd " + shellQuote(w) + " && { " + TRIBUTARY_RUNNER + " run " +
                                       shellQuote(templateFile("seed002-orders-cdc")) +
                                       " --sandbox --for 24s --state state > run.log 2>&1 & echo $!; }");
    const int runnerPid = std::atoi(started.out.c_str());
    QVERIFY2(runnerPid > 0, started.out.c_str());
    auto log = [&] {
      std::ifstream in(w + "/run.log");
      return std::string(std::istreambuf_iterator<char>(in), {});
    };
    QTRY_VERIFY_WITH_TIMEOUT(ports().count("mariadb") > 0, 30000);
    QTest::qWait(8000);  // the snapshot, then the binlog
    const std::string tag = "cdc-" + std::to_string(::getpid());
    std::string changes =
        "INSERT INTO order_demo.order_demo (order_id, order_date, order_description, order_value, customer_address, "
        "created_at) VALUES ('" + tag + "-1', NOW(6), 'Kettle', 'Rs 1200', 'Bangalore', NOW(6)), ('" + tag +
        "-2', NOW(6), 'Toaster', 'Rs 2100', 'Mysore', NOW(6)), ('" + tag +
        "-3', NOW(6), 'Lamp', 'Rs 800', 'Chennai', NOW(6));"
        "UPDATE order_demo.order_demo SET order_value = 'Rs 999' WHERE order_id = '" + tag + "-1';"
        "DELETE FROM order_demo.order_demo WHERE order_id = '" + tag + "-2';"
        "INSERT INTO wms_demo.wms_demo (order_id, item_type, courier, item_qty, item_localtion, shipment_id, created_at) "
        "VALUES ('" + tag + "-1', 'kitchen', 'DHL', '1', 'RACK1', '77', NOW(6));"
        "INSERT INTO logistics_demo.logistics_demo (wmsrecord_id, shipment_cost, created_at, courier, order_id) "
        "VALUES ('1', '12.5', NOW(6), 'FETCHR', '" + tag + "-1');"
        "UPDATE logistics_demo.logistics_demo SET courier = 'BLUEDART' WHERE order_id = '" + tag + "-1';";
    mariadb(changes);
    QTRY_VERIFY_WITH_TIMEOUT(::kill(runnerPid, 0) != 0, 60000);  // the run ends by itself after 24 s
    std::string out = log();
    QVERIFY2(out.find("pipeline seed002-orders-cdc stopped") != std::string::npos, out.c_str());

    RunnerBroker broker;
    QVERIFY2(broker.start(QString::fromStdString(w + "/state/broker")), qPrintable(broker.startOutput()));
    struct Table {
      std::string name;
      std::vector<std::string> columns;  // id first
    };
    const std::vector<Table> tables{
        {"order_demo.order_demo", {"id", "order_id", "order_description", "order_value", "customer_address"}},
        {"wms_demo.wms_demo", {"id", "order_id", "item_type", "courier", "item_qty", "item_localtion", "shipment_id"}},
        {"logistics_demo.logistics_demo", {"id", "wmsrecord_id", "shipment_cost", "courier", "order_id"}}};
    std::set<std::string> ops;
    for (const Table& table : tables) {
      int code = 0;
      std::string topic = runCapture("kcat -C -b " + broker.bootstrap() + " -t seed002." + table.name +
                                         " -o beginning -e -q -f '%s\\n' 2>&1",
                                     &code);
      QVERIFY2(code == 0, topic.c_str());
      // Fold the envelopes: r/c/u put `after`, d removes `before`.
      std::map<std::string, std::vector<std::string>> folded;
      auto row = [&](const nlohmann::json& image) {
        std::vector<std::string> values;
        for (const auto& column : table.columns) {
          const auto& v = image[column];
          values.push_back(v.is_string() ? v.get<std::string>() : v.is_null() ? "NULL" : v.dump());
        }
        return values;
      };
      for (const std::string& line : lines(topic)) {
        auto message = nlohmann::json::parse(line, nullptr, false);
        QVERIFY2(message.is_object(), line.c_str());
        const nlohmann::json& e = message.contains("payload") ? message["payload"] : message;
        std::string op = e["op"].get<std::string>();
        QVERIFY2(e["source"]["table"] == table.name.substr(table.name.find('.') + 1), line.c_str());
        if (op == "d") {
          folded.erase(row(e["before"])[0]);
        } else {
          auto values = row(e["after"]);
          folded[values[0]] = values;
        }
        if (line.find(tag) != std::string::npos) ops.insert(table.name + ":" + op);
      }
      std::string columns;
      for (const auto& column : table.columns) columns += (columns.empty() ? "" : ", ") + ("IFNULL(" + column + ", 'NULL')");
      auto expected = lines(mariadb("SELECT " + columns + " FROM " + table.name + " ORDER BY id"));
      QVERIFY2(!expected.empty(), table.name.c_str());
      std::string diff;
      std::set<std::string> seen;
      for (const std::string& r : expected) {
        std::vector<std::string> values;
        std::stringstream s(r);
        for (std::string f; std::getline(s, f, '\t');) values.push_back(f);
        seen.insert(values[0]);
        auto it = folded.find(values[0]);
        if (it == folded.end() || it->second != values) diff += "MariaDB row " + r + " not as in the topic\n";
      }
      for (const auto& [id, values] : folded)
        if (!seen.count(id)) diff += "id " + id + " is in the topic, not in MariaDB\n";
      QVERIFY2(diff.empty(), (table.name + ":\n" + diff).c_str());
    }
    // The changes made during the run came as creates, an update and a delete.
    for (const char* op : {"order_demo.order_demo:c", "order_demo.order_demo:u", "order_demo.order_demo:d",
                           "wms_demo.wms_demo:c", "logistics_demo.logistics_demo:c", "logistics_demo.logistics_demo:u"})
      QVERIFY2(ops.count(op), op);
  }

  // Seed 003 as a user without Elasticsearch runs it: SEED003_ES_URL unset,
  // the two Elasticsearch nodes are left out (the run says so) and the rest
  // runs: the users table reaches its topic (kcat) as MariaDB has it. The
  // whole template, with the Elasticsearch double, is test_seed003_template.
  void seed003WithoutElasticsearch() {
    QTemporaryDir work;
    const std::string w = work.path().toStdString();
    CliRun r = runIn(home(), "cd " + shellQuote(w) + " && env -u SEED003_ES_URL " + TRIBUTARY_RUNNER + " run " +
                                 shellQuote(templateFile("seed003-ingest")) + " --sandbox --for 15s --state state");
    QVERIFY2(r.code == 0, r.out.c_str());
    QVERIFY2(r.out.find("SEED003_ES_URL is not set") != std::string::npos, r.out.c_str());
    QVERIFY2(r.out.find("is left out") != std::string::npos, r.out.c_str());
    QVERIFY2(r.out.find("pipeline seed003-ingest stopped") != std::string::npos, r.out.c_str());
    RunnerBroker broker;
    QVERIFY2(broker.start(QString::fromStdString(w + "/state/broker")), qPrintable(broker.startOutput()));
    int code = 0;
    std::string topic = runCapture("kcat -C -b " + broker.bootstrap() +
                                       " -t seed003.tv.users -o beginning -e -q -f '%s\\n' 2>&1",
                                   &code);
    QVERIFY2(code == 0, topic.c_str());
    std::map<std::string, std::string> fromTopic;
    for (const std::string& line : lines(topic)) {
      auto u = nlohmann::json::parse(line, nullptr, false);
      QVERIFY2(u.is_object() && u.contains("id"), line.c_str());
      fromTopic[u["id"].dump()] = u["show_id"].dump();
    }
    std::map<std::string, std::string> fromMariadb;
    for (const std::string& row : lines(mariadb("SELECT id, show_id FROM tv.users")))
      fromMariadb[row.substr(0, row.find('\t'))] = row.substr(row.find('\t') + 1);
    QVERIFY2(fromMariadb.size() == 40, std::to_string(fromMariadb.size()).c_str());
    QVERIFY2(fromTopic == fromMariadb, topic.c_str());
  }

  void withoutSandboxFileTheRunSaysSo() {
    CliRun r = runner(home(), "run " + shellQuote(templateFile("demo")) + " --sandbox --for 1s");
    QCOMPARE(r.code, 2);
    QVERIFY2(r.out.find("demo.sandbox.json") != std::string::npos, r.out.c_str());
  }
};

QTEST_GUILESS_MAIN(TestSandboxTemplates)
#include "test_sandbox_templates.moc"
