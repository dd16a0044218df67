// Kafka Connect configs in and out: the exact connector JSON printed in the
// seeds imports into the expected pipeline, validates against the real specs,
// and exports back to configs equal to the input apart from the differences
// the import listed.
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <fstream>
#include <sstream>

#include "core/connectors/builtin.h"
#include "core/model/kafka_connect.h"
#include "core/model/pipeline_file.h"
#include "core/model/validate.h"

using namespace tributary;
using namespace tributary::model;
using nlohmann::json;

namespace {

const std::string kData = std::string(TRIBUTARY_SOURCE_DIR) + "/tests/data/connect/";

std::vector<connect::ConnectorConfig> load(const std::string& file, const std::string& name) {
  std::ifstream in(kData + file);
  std::stringstream text;
  text << in.rdbuf();
  auto parsed = connect::parseConnectorJson(text.str(), name);
  if (!parsed) qFatal("%s: %s", file.c_str(), parsed.error().toString().c_str());
  return *parsed;
}

// QCOMPARE cannot take nlohmann::json (its conversions make QTest's overloads ambiguous).
#define JSON_EQ(actual, expected)                                                                              \
  QVERIFY2((actual) == (expected), qPrintable(QString::fromStdString(json(actual).dump() + " != " + json(expected).dump())))

std::string asText(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  return v.dump();
}

bool noted(const std::vector<connect::Note>& notes, const std::string& connector, const std::string& key) {
  for (const auto& n : notes)
    if (n.connector == connector && n.key == key) return true;
  return false;
}

bool mentioned(const std::vector<connect::Note>& notes, const std::string& connector, const std::string& text) {
  for (const auto& n : notes)
    if (n.connector == connector && n.message.find(text) != std::string::npos) return true;
  return false;
}

const Edge* findEdge(const Pipeline& p, const std::string& from, const std::string& to) {
  for (const auto& e : p.edges)
    if (e.from == from && e.to == to) return &e;
  return nullptr;
}

// Every input setting comes back unchanged, or the import said why not; every
// exported setting the input lacked is named by one of the import's notes.
void checkRoundTrip(const connect::ConnectorConfig& input, const connect::ConnectorConfig& exported,
                    const std::vector<connect::Note>& notes) {
  for (const auto& [k, v] : input.config.items()) {
    if (k == "name") continue;
    auto it = exported.config.find(k);
    if (it != exported.config.end() && asText(*it) == asText(v)) continue;
    if (!noted(notes, input.name, k))
      QFAIL(qPrintable(QString::fromStdString(input.name + ": " + k + " = " + asText(v) + " changed on export to " +
                                              (it == exported.config.end() ? "(absent)" : asText(*it)) +
                                              " without an import note")));
  }
  for (const auto& [k, v] : exported.config.items()) {
    if (input.config.contains(k)) continue;
    if (!mentioned(notes, input.name, k))
      QFAIL(qPrintable(QString::fromStdString(input.name + ": export added " + k + " = " + asText(v) +
                                              " that no import note mentions")));
  }
}

}  // namespace

class TestKafkaConnect final : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void seed001ImportsAsThePipeline() {
    std::vector<connect::ConnectorConfig> all;
    for (const char* name : {"SOURCE_POSTGRES", "SINK_MYSQL", "SINK_S3"})
      for (auto& c : load(std::string(name) + ".json", name)) all.push_back(c);
    auto result = connect::importConnectors(all, "seed001");
    QVERIFY2(result.ok(), result.ok() ? "" : result.error().toString().c_str());
    const Pipeline& p = result->pipeline;
    QCOMPARE(p.nodes.size(), std::size_t{4});

    const Node* source = p.findNode("SOURCE_POSTGRES");
    QVERIFY(source);
    QCOMPARE(source->type, std::string("source.postgres.query"));
    JSON_EQ(source->config["url"], json("postgresql://postgres:5432/TEST"));
    JSON_EQ(source->config["user"], json("TEST"));
    JSON_EQ(source->config["password"], json("${env:SOURCE_POSTGRES_PASSWORD}"));
    JSON_EQ(source->config["table"], json("USERS"));
    JSON_EQ(source->config["mode"], json("incrementing"));
    JSON_EQ(source->config["incrementing_column"], json("index"));
    JSON_EQ(source->config["poll_interval"], json("1s"));
    JSON_EQ(source->config["on_error"], json("fail"));  // Connect's errors.tolerance=none

    const Node* topic = p.findNode("P_USERS");
    QVERIFY(topic);
    QCOMPARE(topic->type, std::string("topic"));
    JSON_EQ(topic->config["name"], json("P_USERS"));

    const Node* mysql = p.findNode("SINK_MYSQL");
    QVERIFY(mysql);
    QCOMPARE(mysql->type, std::string("sink.mysql"));
    JSON_EQ(mysql->config["url"], json("tcp://mysql:3306/TEST"));
    JSON_EQ(mysql->config["table"], json("P_USERS"));  // table.name.format defaults to ${topic}
    JSON_EQ(mysql->config["mode"], json("insert"));
    JSON_EQ(mysql->config["auto_create"], json(true));
    JSON_EQ(mysql->config["password"], json("${env:SINK_MYSQL_PASSWORD}"));

    const Node* s3 = p.findNode("SINK_S3");
    QVERIFY(s3);
    QCOMPARE(s3->type, std::string("sink.s3"));
    JSON_EQ(s3->config["bucket"], json("bucket-name"));
    JSON_EQ(s3->config["region"], json("ap-southeast-1"));
    JSON_EQ(s3->config["flush_size"], json(5));
    JSON_EQ(s3->config["rotate_schedule_interval"], json("6s"));
    JSON_EQ(s3->config["partitioner"], json("default"));
    JSON_EQ(s3->config["format"], json("json"));

    QVERIFY(findEdge(p, "SOURCE_POSTGRES", "P_USERS"));
    QVERIFY(findEdge(p, "P_USERS", "SINK_MYSQL"));
    QVERIFY(findEdge(p, "P_USERS", "SINK_S3"));
    QCOMPARE(p.edges.size(), std::size_t{3});
    for (const auto& n : p.nodes) QVERIFY(n.position.has_value());

    // Nothing silently dropped: each setting without an equivalent is listed.
    const auto& notes = result->notes;
    QVERIFY(noted(notes, "SOURCE_POSTGRES", "validate.non.null"));
    QVERIFY(noted(notes, "SOURCE_POSTGRES", "connection.password"));
    QVERIFY(noted(notes, "SINK_MYSQL", "tasks.max"));
    QVERIFY(noted(notes, "SINK_S3", "locale"));
    QVERIFY(noted(notes, "SINK_S3", "internal.value.converter"));
    QVERIFY(noted(notes, "SINK_S3", "value.converter.value.subject.name.strategy"));

    // The result is a pipeline the product accepts as it is.
    auto diagnostics = validate(p, connectors::builtinSpecs(), connectors::defaultValidationOptions(false));
    for (const auto& d : diagnostics) qWarning("%s", format(d).c_str());
    QVERIFY(!hasErrors(diagnostics));

    // Export gives the input back, apart from what the notes list.
    auto exported = connect::exportConnectors(p);
    QCOMPARE(exported.connectors.size(), std::size_t{3});
    for (const auto& in : all) {
      auto it = std::find_if(exported.connectors.begin(), exported.connectors.end(),
                             [&](const connect::ConnectorConfig& c) { return c.name == in.name; });
      QVERIFY2(it != exported.connectors.end(), in.name.c_str());
      checkRoundTrip(in, *it, notes);
    }
  }

  void seed002DebeziumImports() {
    auto connectors = load("seed002-test-order-connector.json", "unused");
    QCOMPARE(connectors.size(), std::size_t{1});
    QCOMPARE(connectors[0].name, std::string("test-order-connector"));
    auto result = connect::importConnectors(connectors, "seed002");
    QVERIFY(result.ok());
    const Pipeline& p = result->pipeline;
    const Node* cdc = p.findNode("test-order-connector");
    QVERIFY(cdc);
    QCOMPARE(cdc->type, std::string("source.mysql.cdc"));
    JSON_EQ(cdc->config["url"], json("tcp://localhost:3306"));
    JSON_EQ(cdc->config["user"], json("root"));
    JSON_EQ(cdc->config["server_id"], json(1));
    JSON_EQ(cdc->config["server_name"], json("test"));
    JSON_EQ(cdc->config["tables"], json::array({"wms.*"}));
    const Node* topic = p.findNode("test.wms");
    QVERIFY(topic);
    QVERIFY(findEdge(p, "test-order-connector", "test.wms"));
    const auto& notes = result->notes;
    QVERIFY(noted(notes, "test-order-connector", "database.history.kafka.bootstrap.servers"));
    QVERIFY(noted(notes, "test-order-connector", "database.history.kafka.topic"));
    QVERIFY(noted(notes, "test-order-connector", "database.server.name"));  // renamed topic.prefix in Debezium 2
    QVERIFY(noted(notes, "test-order-connector", "database.whitelist"));
    QVERIFY(noted(notes, "test-order-connector", "database.include.list"));  // one topic for the whole database
    auto diagnostics = validate(p, connectors::builtinSpecs(), connectors::defaultValidationOptions(false));
    for (const auto& d : diagnostics) qWarning("%s", format(d).c_str());
    QVERIFY(!hasErrors(diagnostics));

    auto exported = connect::exportConnectors(p);
    QCOMPARE(exported.connectors.size(), std::size_t{1});
    checkRoundTrip(connectors[0], exported.connectors[0], notes);
  }

  void transformsBecomeNodes() {
    json config = {{"connector.class", "io.debezium.connector.mysql.MySqlConnector"},
                   {"database.hostname", "db"},
                   {"topic.prefix", "shop"},
                   {"table.include.list", "inventory.orders"},
                   {"transforms", "unwrap,rename,big,odd"},
                   {"transforms.unwrap.type", "io.debezium.transforms.ExtractNewRecordState"},
                   {"transforms.unwrap.drop.tombstones", "false"},
                   {"transforms.rename.type", "org.apache.kafka.connect.transforms.ReplaceField$Value"},
                   {"transforms.rename.renames", "cust_id:customer_id"},
                   {"transforms.rename.exclude", "secret"},
                   {"transforms.big.type", "io.confluent.connect.transforms.Filter$Value"},
                   {"transforms.big.filter.condition", "$[?(@.amount > 100 && @.status == \"paid\")]"},
                   {"transforms.big.filter.type", "include"},
                   {"transforms.odd.type", "com.example.Custom"},
                   {"transforms.odd.setting", "1"}};
    auto result = connect::importConnectors({{"orders", config}}, "t");
    QVERIFY(result.ok());
    const Pipeline& p = result->pipeline;
    const Node* unwrap = p.findNode("orders-unwrap");
    QVERIFY(unwrap);
    QCOMPARE(unwrap->type, std::string("transform.unwrap"));
    JSON_EQ(unwrap->config["drop_tombstones"], json(false));
    const Node* rename = p.findNode("orders-rename");
    QVERIFY(rename);
    JSON_EQ(rename->config["rename"], json({{"cust_id", "customer_id"}}));
    JSON_EQ(rename->config["drop"], json::array({"secret"}));
    const Node* filter = p.findNode("orders-big");
    QVERIFY(filter);
    JSON_EQ(filter->config["condition"], json("amount > 100 AND status = 'paid'"));
    QVERIFY(!p.findNode("orders-odd"));
    QVERIFY(noted(result->notes, "orders", "transforms.odd.type"));
    QVERIFY(findEdge(p, "orders", "orders-unwrap"));
    QVERIFY(findEdge(p, "orders-unwrap", "orders-rename"));
    QVERIFY(findEdge(p, "orders-rename", "orders-big"));
    QVERIFY(findEdge(p, "orders-big", "shop.inventory.orders"));
    auto diagnostics = validate(p, connectors::builtinSpecs(), connectors::defaultValidationOptions(false));
    for (const auto& d : diagnostics) qWarning("%s", format(d).c_str());
    QVERIFY(!hasErrors(diagnostics));
  }

  // Confluent's ParquetFormat becomes format: parquet with its codec, and back.
  void s3ParquetFormatImportsAndExports() {
    auto configs = load("SINK_S3.json", "SINK_S3");
    configs[0].config["format.class"] = "io.confluent.connect.s3.format.parquet.ParquetFormat";
    configs[0].config["parquet.codec"] = "zstd";
    std::vector<connect::ConnectorConfig> all;
    for (const char* name : {"SOURCE_POSTGRES"})
      for (auto& c : load(std::string(name) + ".json", name)) all.push_back(c);
    all.push_back(configs[0]);
    auto result = connect::importConnectors(all, "lake");
    QVERIFY2(result.ok(), result.ok() ? "" : result.error().toString().c_str());
    const Node* s3 = result->pipeline.findNode("SINK_S3");
    QVERIFY(s3);
    JSON_EQ(s3->config["format"], json("parquet"));
    JSON_EQ(s3->config["compression"], json("zstd"));
    auto exported = connect::exportConnectors(result->pipeline);
    bool found = false;
    for (const auto& c : exported.connectors) {
      if (c.name != "SINK_S3") continue;
      found = true;
      JSON_EQ(c.config["format.class"], json("io.confluent.connect.s3.format.parquet.ParquetFormat"));
      JSON_EQ(c.config["parquet.codec"], json("zstd"));
    }
    QVERIFY(found);
  }

  // Confluent's AvroFormat becomes format: avro with its avro.codec; the schema comes from the
  // value converter's registry (the sink reads the subject's latest schema), and back.
  void s3AvroFormatImportsAndExports() {
    auto configs = load("SINK_S3.json", "SINK_S3");
    configs[0].config["format.class"] = "io.confluent.connect.s3.format.avro.AvroFormat";
    configs[0].config["avro.codec"] = "snappy";
    configs[0].config["value.converter"] = "io.confluent.connect.avro.AvroConverter";
    configs[0].config["value.converter.schema.registry.url"] = "http://registry:8081";
    configs[0].config["s3.part.size"] = "52428800";
    std::vector<connect::ConnectorConfig> all;
    for (auto& c : load("SOURCE_POSTGRES.json", "SOURCE_POSTGRES")) all.push_back(c);
    all.push_back(configs[0]);
    auto result = connect::importConnectors(all, "lake");
    QVERIFY2(result.ok(), result.ok() ? "" : result.error().toString().c_str());
    const Node* s3 = result->pipeline.findNode("SINK_S3");
    QVERIFY(s3);
    JSON_EQ(s3->config["format"], json("avro"));
    JSON_EQ(s3->config["compression"], json("snappy"));
    JSON_EQ(s3->config["schema_registry"], json("http://registry:8081"));
    JSON_EQ(s3->config["part_size"], json(52428800));
    auto exported = connect::exportConnectors(result->pipeline);
    bool found = false;
    for (const auto& c : exported.connectors) {
      if (c.name != "SINK_S3") continue;
      found = true;
      JSON_EQ(c.config["format.class"], json("io.confluent.connect.s3.format.avro.AvroFormat"));
      JSON_EQ(c.config["avro.codec"], json("snappy"));
      JSON_EQ(c.config["value.converter.schema.registry.url"], json("http://registry:8081"));
      JSON_EQ(c.config["s3.part.size"], json("52428800"));
    }
    QVERIFY(found);
    // Without a registry the import says where the schema must come from; an unknown codec is noted.
    configs[0].config.erase("value.converter.schema.registry.url");
    configs[0].config["avro.codec"] = "bzip2";
    configs[0].config["s3.part.size"] = "1024";  // below S3's smallest part
    all.back() = configs[0];
    auto plain = connect::importConnectors(all, "lake");
    QVERIFY(plain.ok());
    JSON_EQ(plain->pipeline.findNode("SINK_S3")->config["compression"], json("none"));
    QVERIFY(noted(plain->notes, "SINK_S3", "avro.codec"));
    QVERIFY(noted(plain->notes, "SINK_S3", "s3.part.size"));
    QVERIFY(!plain->pipeline.findNode("SINK_S3")->config.contains("part_size"));
    QVERIFY(noted(plain->notes, "SINK_S3", "format.class"));
  }

  // Confluent's AvroConverter on the topic side: the topic node reads and writes Avro with the
  // converter's Schema Registry (its credentials as a secret reference, its subject strategy), and back.
  void avroConverterImportsAsAvroTopics() {
    connect::ConnectorConfig gen{"ORDERS_GEN",
                                 {{"connector.class", "io.confluent.kafka.connect.datagen.DatagenConnector"},
                                  {"kafka.topic", "orders"},
                                  {"quickstart", "orders"},
                                  {"value.converter", "io.confluent.connect.avro.AvroConverter"},
                                  {"value.converter.schema.registry.url", "http://registry-1:8081,http://registry-2:8081"},
                                  {"value.converter.basic.auth.credentials.source", "USER_INFO"},
                                  {"value.converter.basic.auth.user.info", "reader:s3cret"},
                                  {"value.converter.value.subject.name.strategy",
                                   "io.confluent.kafka.serializers.subject.TopicRecordNameStrategy"},
                                  {"key.converter", "io.confluent.connect.avro.AvroConverter"},
                                  {"key.converter.schema.registry.url", "http://registry-1:8081"}}};
    auto result = connect::importConnectors({gen}, "avro");
    QVERIFY2(result.ok(), result.ok() ? "" : result.error().toString().c_str());
    const Node* topic = result->pipeline.findNode("orders");
    QVERIFY(topic);
    QCOMPARE(topic->type, std::string("topic"));
    JSON_EQ(topic->config["format"], json("avro"));
    JSON_EQ(topic->config["key_format"], json("avro"));
    JSON_EQ(topic->config["schema_registry"], json("http://registry-1:8081"));
    JSON_EQ(topic->config["schema_registry_user"], json("reader"));
    QVERIFY(topic->config["schema_registry_password"].get<std::string>().rfind("${env:", 0) == 0);  // never the password
    QVERIFY(topic->config.dump().find("s3cret") == std::string::npos);
    JSON_EQ(topic->config["subject_strategy"], json("topic_record_name"));
    QVERIFY(!mentioned(result->notes, "ORDERS_GEN", "JSON is used"));
    QVERIFY(noted(result->notes, "ORDERS_GEN", "value.converter.schema.registry.url"));  // the second URL is dropped
    // The pipeline is valid as imported (the topic node's spec accepts every setting).
    auto diagnostics = validate(result->pipeline, connectors::builtinSpecs(), connectors::defaultValidationOptions(false));
    for (const auto& d : diagnostics) QVERIFY2(d.severity != model::Severity::Error, model::format(d).c_str());
    auto exported = connect::exportConnectors(result->pipeline);
    QCOMPARE(exported.connectors.size(), std::size_t{1});
    JSON_EQ(exported.connectors[0].config["value.converter"], json("io.confluent.connect.avro.AvroConverter"));
    JSON_EQ(exported.connectors[0].config["value.converter.schema.registry.url"], json("http://registry-1:8081"));
    // Without a URL: the cluster's registry, said in a note. A converter we lack stays JSON, noted.
    gen.config.erase("value.converter.schema.registry.url");
    auto noUrl = connect::importConnectors({gen}, "avro");
    QVERIFY(noUrl.ok());
    JSON_EQ(noUrl->pipeline.findNode("orders")->config["format"], json("avro"));
    QVERIFY(!noUrl->pipeline.findNode("orders")->config.contains("schema_registry") ||
            noUrl->pipeline.findNode("orders")->config["schema_registry"] == json("http://registry-1:8081"));
    QVERIFY(mentioned(noUrl->notes, "ORDERS_GEN", "cluster's schema_registry"));
    gen.config["value.converter"] = "io.confluent.connect.protobuf.ProtobufConverter";
    auto proto = connect::importConnectors({gen}, "avro");
    QVERIFY(proto.ok());
    QVERIFY(!proto->pipeline.findNode("orders")->config.contains("format"));
    QVERIFY(mentioned(proto->notes, "ORDERS_GEN", "JSON is used"));
  }

  void exportListsNodesWithoutEquivalent() {
    auto p = parsePipeline(R"({"tributary": 1, "name": "x", "cluster": {"bootstrap": "embedded"},
      "nodes": [
        {"id": "gen", "type": "source.datagen", "config": {"template": "orders", "rate": 10}},
        {"id": "raw", "type": "topic", "config": {"name": "raw"}},
        {"id": "big", "type": "transform.filter", "config": {"condition": "amount > 10"}},
        {"id": "clean", "type": "topic", "config": {"name": "clean"}},
        {"id": "file", "type": "sink.file", "config": {"path": "out.jsonl"}}],
      "edges": [{"from": "gen", "to": "raw"}, {"from": "raw", "to": "big"}, {"from": "big", "to": "clean"},
                {"from": "clean", "to": "file"}]})");
    QVERIFY(p.ok());
    auto exported = connect::exportConnectors(*p);
    QCOMPARE(exported.connectors.size(), std::size_t{1});
    JSON_EQ(exported.connectors[0].config["connector.class"], json("io.confluent.kafka.connect.datagen.DatagenConnector"));
    JSON_EQ(exported.connectors[0].config["kafka.topic"], json("raw"));
    JSON_EQ(exported.connectors[0].config["max.interval"], json("100"));
    QVERIFY(mentioned(exported.notes, "big", "ksqlDB"));
    QVERIFY(mentioned(exported.notes, "file", "no Kafka Connect equivalent"));
  }

  void badInputIsRefusedWithWhere() {
    auto bad = connect::parseConnectorJson("{\"connector.class\": ", "x");
    QVERIFY(!bad.ok());
    QVERIFY(bad.error().message.find("not valid JSON") != std::string::npos);
    auto noClass = connect::parseConnectorJson(R"({"name": "a", "config": {"topics": "t"}})", "x");
    QVERIFY(!noClass.ok());
    QCOMPARE(noClass.error().where, std::string("$.config"));
    auto nested = connect::parseConnectorJson(R"([{"connector.class": "c", "bad": {"x": 1}}])", "x");
    QVERIFY(!nested.ok());
    QCOMPARE(nested.error().where, std::string("$[0].bad"));
    auto unknown = connect::importConnectors({{"mongo", {{"connector.class", "com.mongodb.kafka.connect.MongoSinkConnector"}}}}, "x");
    QVERIFY(!unknown.ok());
    QVERIFY(unknown.error().message.find("MongoSinkConnector") != std::string::npos);
    auto badUrl = connect::importConnectors(
        {{"ora", {{"connector.class", "io.confluent.connect.jdbc.JdbcSourceConnector"},
                  {"connection.url", "jdbc:oracle:thin:@db:1521/X"}, {"table.whitelist", "T"}}}},
        "x");
    QVERIFY(!badUrl.ok());
    QVERIFY(badUrl.error().message.find("jdbc:oracle") != std::string::npos);
  }

  void runnerCommandImportsSeedFiles() {
    QTemporaryDir dir;
    const QString out = dir.filePath(QStringLiteral("seed001.tributary.json"));
    QProcess proc;
    proc.start(QStringLiteral(TRIBUTARY_RUNNER),
               {QStringLiteral("import-connect"), QString::fromStdString(kData + "SOURCE_POSTGRES.json"),
                QString::fromStdString(kData + "SINK_MYSQL.json"), QString::fromStdString(kData + "SINK_S3.json"),
                QStringLiteral("--name"), QStringLiteral("seed001"), QStringLiteral("--out"), out});
    QVERIFY(proc.waitForFinished(30000));
    const QString err = QString::fromUtf8(proc.readAllStandardError());
    QVERIFY2(proc.exitCode() == 0, qPrintable(err));
    QVERIFY2(err.contains(QStringLiteral("SOURCE_POSTGRES: validate.non.null:")), qPrintable(err));
    auto loaded = loadPipeline(out.toStdString());
    QVERIFY(loaded.ok());
    QCOMPARE(loaded->nodes.size(), std::size_t{4});
    QVERIFY(loaded->findNode("P_USERS"));

    QProcess back;
    back.start(QStringLiteral(TRIBUTARY_RUNNER), {QStringLiteral("export-connect"), out, QStringLiteral("--out-dir"),
                                                  dir.filePath(QStringLiteral("connect"))});
    QVERIFY(back.waitForFinished(30000));
    QVERIFY2(back.exitCode() == 0, back.readAllStandardError().constData());
    std::ifstream in(dir.filePath(QStringLiteral("connect/SINK_MYSQL.json")).toStdString());
    json body = json::parse(in);
    JSON_EQ(body["name"], json("SINK_MYSQL"));
    JSON_EQ(body["config"]["connection.url"], json("jdbc:mysql://mysql:3306/TEST"));
    JSON_EQ(body["config"]["connection.password"], json("${env:SINK_MYSQL_PASSWORD}"));

    QProcess broken;
    broken.start(QStringLiteral(TRIBUTARY_RUNNER), {QStringLiteral("import-connect"), out});  // a pipeline, not a connector
    QVERIFY(broken.waitForFinished(30000));
    QCOMPARE(broken.exitCode(), 2);
    QVERIFY(QString::fromUtf8(broken.readAllStandardError()).contains(QStringLiteral("connector.class")));
  }
};

QTEST_APPLESS_MAIN(TestKafkaConnect)
#include "test_kafka_connect.moc"
