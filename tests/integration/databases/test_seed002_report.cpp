// resources/templates/seed002-daily-report.tributary.json — seed 002 end to
// end against real MariaDB and PostgreSQL: three CDC sources, unwrap, orders
// joined to warehouse picks within 5 minutes, picks joined to their shipments
// within 5 minutes (a varchar shipment_id against a bigint id), and three daily
// reports upserted into PostgreSQL and indexed into Elasticsearch (the strict
// test double, es_double.py: no real Elasticsearch runs here). The test
// generates the rows itself (including picks and shipments outside the 5
// minutes, which must not count, over two days) and compares what psql reads,
// and the documents the double holds, with totals it computes from those rows
// on its own.
#include <QTemporaryDir>
#include <QtTest>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <thread>

#include "core/connectors/builtin.h"
#include "core/kafka/embedded.h"
#include "core/model/pipeline_file.h"
#include "core/model/secrets.h"
#include "core/model/validate.h"
#include "core/runtime/engine.h"
#include "tests/integration/databases/db_servers.h"
#include "tests/support/es_double.h"

using namespace tributary;

namespace {

std::string templatePath() {
  return std::string(TRIBUTARY_SOURCE_DIR) + "/resources/templates/seed002-daily-report.tributary.json";
}

std::string readFile(const std::string& path) {
  std::ifstream in(path);
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

// "2024-05-01 08:07:00" for day 1 or 2, `minutes` after 08:00.
std::string at(int day, int minutes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "2024-05-%02d %02d:%02d:00", day, 8 + minutes / 60, minutes % 60);
  return buf;
}

// The documents of one index of the double, one line per live document in the
// report's text form ("<group columns>|<day>|<value>"), sorted; and whether
// every _id is the document's group key (its columns and window_start) as JSON.
std::string documents(const nlohmann::json& state, const std::string& index, const std::vector<std::string>& group,
                      const std::string& value, bool* idsAreKeys) {
  std::set<std::string> lines;
  if (!state.contains("docs") || !state["docs"].contains(index)) return {};
  for (const auto& [id, doc] : state["docs"][index].items()) {
    if (doc.value("deleted", false)) continue;
    const nlohmann::json& source = doc["source"];
    nlohmann::json key = nlohmann::json::object();
    std::string line;
    for (const auto& g : group) {
      line += source.value(g, std::string("?")) + "|";
      key[g] = source[g];
    }
    key["window_start"] = source["window_start"];
    if (nlohmann::json::parse(id, nullptr, false) != key) *idsAreKeys = false;
    line += source.value("window_start", std::string("?")).substr(0, 10) + "|";
    const nlohmann::json& v = source[value];
    if (v.is_number_float()) {
      char buf[64];
      std::snprintf(buf, sizeof buf, "%.2f", v.get<double>());
      line += buf;
    } else {
      line += v.dump();
    }
    lines.insert(line + "\n");
  }
  std::string out;
  for (const auto& l : lines) out += l;
  return out;
}

struct Expected {
  std::map<std::string, long long> units;  // "item|warehouse|day" -> units
  std::map<std::string, std::set<std::string>> orders;  // "courier|day" -> order ids
  std::map<std::string, double> cost;  // "warehouse|day" -> cost
};

}  // namespace

class TestSeed002Report final : public QObject {
  Q_OBJECT

 private:
  std::unique_ptr<testing::MariaDbServer> m_db;
  std::unique_ptr<testing::PostgresServer> m_pg;

 private Q_SLOTS:
  void initTestCase() {
    m_db = std::make_unique<testing::MariaDbServer>();
    QVERIFY2(m_db->ok(), "MariaDB did not start");
    m_pg = std::make_unique<testing::PostgresServer>("replica");
    QVERIFY2(m_pg->ok(), "PostgreSQL did not start");
    int rc = 0;
    m_db->client(readFile(std::string(TRIBUTARY_SOURCE_DIR) + "/resources/templates/seed002/seed002-mysql.sql"), "",
                 &rc);
    QCOMPARE(rc, 0);
    m_pg->query(readFile(std::string(TRIBUTARY_SOURCE_DIR) + "/resources/templates/seed002/seed002-report.sql"),
                "postgres", &rc);
    QCOMPARE(rc, 0);
  }
  void cleanupTestCase() {
    m_db.reset();
    m_pg.reset();
  }

  void templateValidates() {
    auto loaded = model::loadPipeline(templatePath());
    QVERIFY2(loaded.ok(), loaded.ok() ? "" : loaded.error().toString().c_str());
    auto diagnostics = model::validate(*loaded, connectors::builtinSpecs(), connectors::defaultValidationOptions(false));
    for (const auto& d : diagnostics) QVERIFY2(d.severity != model::Severity::Error, model::format(d).c_str());
  }

  void dailyReportsMatchIndependentTotals() {
    // The rows, and what the report must say about them.
    const char* itemTypes[] = {"electronics", "fashion", "home"};
    const char* warehouses[] = {"north", "south"};
    const char* couriers[] = {"DHL", "FETCHR", "BLUEDART"};
    std::string sql;
    Expected expected;
    for (int i = 1; i <= 40; ++i) {
      int day = i % 2 ? 2 : 1;
      int orderAt = i * 7;
      std::string orderId = std::to_string(1000 + i);
      sql += "INSERT INTO order_demo.order_demo (order_id, order_value, created_at) VALUES ('" + orderId + "', 'Rs " +
             std::to_string(100 * i) + "', '" + at(day, orderAt) + "');\n";
      if (i % 10 == 0) continue;  // never picked
      int pickAt = orderAt + (i % 7 == 0 ? 8 : i % 4);  // 8 minutes: outside the join window
      std::string item = itemTypes[i % 3], warehouse = warehouses[(i / 3) % 2];
      int qty = i % 4 + 1;
      int shipmentId = 5000 + i;
      sql += "INSERT INTO wms_demo.wms_demo (order_id, item_type, courier, item_qty, item_localtion, shipment_id, "
             "created_at) VALUES ('" + orderId + "', '" + item + "', 'X', '" + std::to_string(qty) + "', '" +
             warehouse + "', '" + std::to_string(shipmentId) + "', '" + at(day, pickAt) + "');\n";
      int shipAt = pickAt + (i % 11 == 0 ? 7 : 2);  // 7 minutes: outside the join window
      std::string courier = couriers[(i / 2) % 3];
      double cost = 10 + i * 0.5;
      char costText[32];
      std::snprintf(costText, sizeof costText, "%.1f", cost);
      sql += "INSERT INTO logistics_demo.logistics_demo (id, wmsrecord_id, shipment_cost, created_at, courier, "
             "order_id) VALUES (" + std::to_string(shipmentId) + ", '" + std::to_string(i) + "', '" + costText +
             "', '" + at(day, shipAt) + "', '" + courier + "', '" + orderId + "');\n";
      if (i % 7 == 0 || i % 11 == 0) continue;  // a join misses it
      std::string d = "2024-05-0" + std::to_string(day);
      expected.units[item + "|" + warehouse + "|" + d] += qty;
      expected.orders[courier + "|" + d].insert(orderId);
      expected.cost[warehouse + "|" + d] += cost;
    }
    int rc = 0;
    m_db->client(sql, "", &rc);
    QCOMPARE(rc, 0);
    std::string wantUnits, wantOrders, wantCost;
    for (const auto& [k, v] : expected.units) wantUnits += k + "|" + std::to_string(v) + "\n";
    for (const auto& [k, v] : expected.orders) wantOrders += k + "|" + std::to_string(v.size()) + "\n";
    for (const auto& [k, v] : expected.cost) {
      char buf[64];
      std::snprintf(buf, sizeof buf, "|%.2f\n", v);
      wantCost += k + buf;
    }
    QVERIFY(expected.units.size() >= 6);
    QTemporaryDir dir;
    testing::EsDouble es(QStringLiteral(TRIBUTARY_SOURCE_DIR), dir.path());
    QVERIFY(es.ready());

    // The template, with its settings pointing at the test servers.
    auto loaded = model::loadPipeline(templatePath());
    QVERIFY(loaded.ok());
    std::map<std::string, std::string> env = {{"SEED002_MYSQL_URL", "tcp://127.0.0.1:" + std::to_string(m_db->port())},
                                              {"SEED002_MYSQL_USER", "tributary"},
                                              {"SEED002_MYSQL_PASSWORD", "secret"},
                                              {"SEED002_PG_URL", m_pg->url()},
                                              {"SEED002_ES_URL", es.url()}};
    model::SecretSource secrets = model::SecretSource::system();
    secrets.env = [env](const std::string& name) -> std::optional<std::string> {
      auto it = env.find(name);
      return it == env.end() ? std::nullopt : std::optional<std::string>(it->second);
    };
    auto resolved = model::resolveSecrets(*loaded, secrets);
    QVERIFY2(resolved.ok(), resolved.ok() ? "" : resolved.error().toString().c_str());
    runtime::EngineOptions o;
    o.workDir = dir.path().toStdString();
    o.stateDir = dir.filePath(QStringLiteral("state")).toStdString();
    // The joined rows pass through topics on the embedded broker (as `run` starts it).
    QVERIFY(kafka::needsEmbeddedBroker(*resolved));
    auto broker = kafka::ensureEmbeddedBroker(dir.filePath(QStringLiteral("state/broker")).toStdString());
    QVERIFY2(broker.ok(), broker.ok() ? "" : broker.error().toString().c_str());
    struct BrokerStopper {
      ~BrokerStopper() { kafka::stopEmbeddedBroker(); }
    } brokerStopper;
    auto engine = runtime::Engine::create(*resolved, connectors::builtinFactories(), o);
    QVERIFY2(engine.ok(), engine.ok() ? "" : engine.error().toString().c_str());
    (*engine)->start();

    auto units = [&] {
      return m_pg->query(
          "SELECT item_type, warehouse, to_char(window_start AT TIME ZONE 'UTC', 'YYYY-MM-DD'), units FROM "
          "units_shipped ORDER BY 1, 2, 3;");
    };
    auto orders = [&] {
      return m_pg->query(
          "SELECT courier, to_char(window_start AT TIME ZONE 'UTC', 'YYYY-MM-DD'), orders FROM orders_shipped "
          "ORDER BY 1, 2;");
    };
    auto cost = [&] {
      return m_pg->query(
          "SELECT warehouse, to_char(window_start AT TIME ZONE 'UTC', 'YYYY-MM-DD'), round(total_cost::numeric, 2) "
          "FROM cost_shipped ORDER BY 1, 2;");
    };
    bool idsAreKeys = true;
    auto esUnits = [&] { return documents(es.state(), "units_shipped", {"item_type", "warehouse"}, "units", &idsAreKeys); };
    auto esOrders = [&] { return documents(es.state(), "orders_shipped", {"courier"}, "orders", &idsAreKeys); };
    auto esCost = [&] { return documents(es.state(), "cost_shipped", {"warehouse"}, "total_cost", &idsAreKeys); };
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (std::chrono::steady_clock::now() < deadline &&
           (units() != wantUnits || orders() != wantOrders || cost() != wantCost || esUnits() != wantUnits ||
            esOrders() != wantOrders || esCost() != wantCost)) {
      if (!(*engine)->reason().empty() && (*engine)->state() == runtime::State::Failed) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(250));
    }
    std::string reason = (*engine)->reason();
    (*engine)->stop();
    (*engine)->wait();
    QVERIFY2(reason.empty(), reason.c_str());
    QCOMPARE(QString::fromStdString(units()), QString::fromStdString(wantUnits));
    QCOMPARE(QString::fromStdString(orders()), QString::fromStdString(wantOrders));
    QCOMPARE(QString::fromStdString(cost()), QString::fromStdString(wantCost));
    // Elasticsearch: one document per report row, replaced as the row changed, its _id the group key.
    QCOMPARE(QString::fromStdString(esUnits()), QString::fromStdString(wantUnits));
    QCOMPARE(QString::fromStdString(esOrders()), QString::fromStdString(wantOrders));
    QCOMPARE(QString::fromStdString(esCost()), QString::fromStdString(wantCost));
    idsAreKeys = true;
    esUnits();
    esOrders();
    esCost();
    QVERIFY(idsAreKeys);
    nlohmann::json state = es.state();
    QVERIFY2(state["violations"].empty(), state["violations"].dump().c_str());
    QVERIFY(state["bulk_requests"].get<int>() > 0);
  }
};

QTEST_GUILESS_MAIN(TestSeed002Report)
#include "test_seed002_report.moc"
