// TEMPLATE.sandbox.json: the shipped ones load; malformed ones are refused with
// the file and the field named; a template without one has no sandbox.
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>
#include <map>

#include <nlohmann/json.hpp>

#include "core/sandbox/sandbox_template.h"

using namespace tributary;

namespace {

std::string write(const QTemporaryDir& dir, const std::string& name, const std::string& text) {
  std::string path = dir.filePath(QString::fromStdString(name)).toStdString();
  std::ofstream(path) << text;
  return path;
}

}  // namespace

class TestSandboxSpec final : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void sandboxFileSitsNextToTheTemplate() {
    QCOMPARE(sandbox::sandboxFileFor("/t/seed001-users.tributary.json").string(),
             std::string("/t/seed001-users.sandbox.json"));
    QCOMPARE(sandbox::sandboxFileFor("/t/other.json").string(), std::string("/t/other.sandbox.json"));
  }

  void shippedSandboxesLoad() {
    const std::string dir = std::string(TRIBUTARY_SOURCE_DIR) + "/resources/templates/";
    for (const char* name : {"seed000-maf-ods", "seed001-users", "seed002-orders-cdc", "seed002-daily-report",
                             "seed003-ingest", "seed004-products"}) {
      auto loaded = sandbox::loadTemplateSandbox(dir + name + ".tributary.json");
      QVERIFY2(loaded.ok(), loaded.ok() ? name : loaded.error().toString().c_str());
      QVERIFY2(loaded->has_value(), name);
      QVERIFY(!(*loaded)->servers.empty());
      QVERIFY(!(*loaded)->schema.empty());
    }
    auto seed001 = sandbox::loadTemplateSandbox(dir + "seed001-users.tributary.json");
    QVERIFY((*seed001)->servers == (std::vector<sandbox::Kind>{sandbox::Kind::Postgres, sandbox::Kind::MariaDb}));
    QCOMPARE((*seed001)->trafficRate, 5.0);
    QCOMPARE((*seed001)->trafficScript.filename().string(), std::string("users_traffic.py"));
    auto demo = sandbox::loadTemplateSandbox(dir + "demo.tributary.json");
    QVERIFY(demo.ok());
    QVERIFY(!demo->has_value());
  }

  void malformedFilesNameTheField_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    QTest::newRow("not json") << "{servers" << "not a JSON object";
    QTest::newRow("no servers") << "{}" << "\"servers\" must list";
    QTest::newRow("unknown server") << R"({"servers": ["oracle"]})" << "servers[0]";
    QTest::newRow("schema missing") << R"({"servers": ["postgres"], "schema": {"postgres": "nope.sql"}})"
                                    << "schema.postgres";
    QTest::newRow("schema for another server") << R"({"servers": ["postgres"], "schema": {"mariadb": "s.sql"}})"
                                               << "mariadb is not in \"servers\"";
    QTest::newRow("bad rate") << R"({"servers": ["mariadb"], "traffic": {"script": "t.py", "rate": -1}})"
                              << "traffic.rate";
    QTest::newRow("no script") << R"({"servers": ["mariadb"], "traffic": {"rate": 3}})" << "needs a \"script\"";
  }
  void malformedFilesNameTheField() {
    QFETCH(QString, text);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    write(dir, "s.sql", "SELECT 1;");
    write(dir, "t.py", "");
    std::string pipeline = write(dir, "x.tributary.json", "{}");
    write(dir, "x.sandbox.json", text.toStdString());
    auto loaded = sandbox::loadTemplateSandbox(pipeline);
    QVERIFY(!loaded.ok());
    std::string message = loaded.error().toString();
    QVERIFY2(message.find("x.sandbox.json") != std::string::npos, message.c_str());
    QVERIFY2(message.find(expected.toStdString()) != std::string::npos, message.c_str());
  }

  // {dir} is the sandbox file's folder; {free_port.NAME} one free loopback
  // port per NAME, the same in every variable and every call of a session.
  void templatePlaceholders() {
    QTemporaryDir dir;
    std::string pipeline = write(dir, "x.tributary.json", "{}");
    // (built with nlohmann: moc misreads raw strings with unbalanced braces)
    nlohmann::json file = {{"servers", {"mosquitto"}},
                           {"env",
                            {{"FILES", "{dir}/data/*.parquet"},
                             {"PORT", "{free_port.api}"},
                             {"URL", "http://127.0.0.1:{free_port.api}/v1"},
                             {"OTHER", "{free_port.other}"},
                             {"BROKEN", "{free_port.open"}}}};
    write(dir, "x.sandbox.json", file.dump());
    auto loaded = sandbox::loadTemplateSandbox(pipeline);
    QVERIFY2(loaded.ok(), loaded.ok() ? "" : loaded.error().toString().c_str());
    sandbox::Sandbox box(dir.filePath(QStringLiteral("state")).toStdString());
    sandbox::SandboxSession session(box, **loaded);
    std::map<std::string, std::string> env;
    for (const auto& [name, value] : session.environment()) env[name] = value;
    QCOMPARE(env["FILES"], dir.path().toStdString() + "/data/*.parquet");
    const int port = std::atoi(env["PORT"].c_str());
    QVERIFY2(port > 0 && port < 65536, env["PORT"].c_str());
    QCOMPARE(env["URL"], "http://127.0.0.1:" + env["PORT"] + "/v1");
    QVERIFY(std::atoi(env["OTHER"].c_str()) > 0);
    QCOMPARE(env["BROKEN"], std::string("{free_port.open"));
    for (const auto& [name, value] : session.environment())
      if (name == "PORT") QCOMPARE(value, env["PORT"]);
  }

  void kindsParse() {
    QVERIFY(sandbox::parseKind("mysql") == sandbox::Kind::MariaDb);
    QVERIFY(sandbox::parseKind("postgresql") == sandbox::Kind::Postgres);
    QVERIFY(sandbox::parseKind("mqtt") == sandbox::Kind::Mosquitto);
    QVERIFY(!sandbox::parseKind("oracle"));
    // A sandbox that was never started is absent, not running.
    QTemporaryDir dir;
    sandbox::Sandbox box(dir.path().toStdString());
    QVERIFY(box.status(sandbox::Kind::Postgres).state == sandbox::ServerState::Absent);
    QVERIFY(box.stop(sandbox::Kind::MariaDb).ok());
  }
};

QTEST_GUILESS_MAIN(TestSandboxSpec)
#include "test_sandbox_spec.moc"
