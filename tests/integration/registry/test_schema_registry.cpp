// The schema registry served by `tributary-runner broker --schema-registry`:
// driven by independent clients (npm @kafkajs/confluent-schema-registry +
// avsc, Debian python3-confluent-kafka's SchemaRegistryClient + python3-avro),
// Confluent's error codes over plain HTTP, kill -9 of the broker with every
// schema and id checked after the restart, and basic auth.
#include <QtTest>

#include <cstdlib>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "core/record/json.h"
#include "core/kafka/browser.h"
#include "core/kafka/cluster.h"
#include "core/registry/message_decoder.h"
#include "core/registry/registry_client.h"
#include "tests/integration/broker/client_processes.h"

using namespace tributary::testing;
using json = nlohmann::json;

namespace {

const char* kNodeClient = TRIBUTARY_SOURCE_DIR "/tests/integration/registry/registry_node_client.js";
const char* kPythonClient = TRIBUTARY_SOURCE_DIR "/tests/integration/registry/registry_python_client.py";
const char* kNodeDecode = TRIBUTARY_SOURCE_DIR "/tests/integration/registry/registry_node_decode.js";
const char* kPythonDecode = TRIBUTARY_SOURCE_DIR "/tests/integration/registry/registry_python_decode.py";
const char* kPythonProduce = TRIBUTARY_SOURCE_DIR "/tests/integration/registry/registry_python_produce.py";
const char* kPythonConsume = TRIBUTARY_SOURCE_DIR "/tests/integration/registry/registry_python_consume.py";
// The Order schema of the client scripts, in our own layout.
const char* kOrderSchema =
    "{\"type\":\"record\",\"name\":\"Order\",\"namespace\":\"shop\",\"fields\":["
    "{\"name\":\"id\",\"type\":\"long\"},{\"name\":\"amount\",\"type\":\"double\"},"
    "{\"name\":\"note\",\"type\":[\"null\",\"string\"],\"default\":null},"
    "{\"name\":\"status\",\"type\":{\"type\":\"enum\",\"name\":\"Status\",\"symbols\":[\"NEW\",\"PAID\"]}}]}";

// The Order schema with a required field more.
std::string narrowerOrder() {
  json schema = json::parse(kOrderSchema);
  schema["fields"].push_back({{"name", "customer"}, {"type", "string"}});
  return schema.dump();
}

std::string toHex(const std::string& bytes) {
  return QByteArray(bytes.data(), static_cast<qsizetype>(bytes.size())).toHex().toStdString();
}

QString qs(const std::string& s) {
  return QString::fromStdString(s);
}

struct Reply {
  int status = -1;
  json body;
  std::string contentType;
};

Reply call(int port, const std::string& method, const std::string& path, const std::string& body = {},
           const std::string& contentType = "application/vnd.schemaregistry.v1+json") {
  httplib::Client client("127.0.0.1", port);
  client.set_read_timeout(30, 0);
  httplib::Result r = method == "GET"      ? client.Get(path.c_str())
                      : method == "POST"   ? client.Post(path.c_str(), body, contentType.c_str())
                      : method == "PUT"    ? client.Put(path.c_str(), body, contentType.c_str())
                                           : client.Delete(path.c_str());
  Reply reply;
  if (!r) return reply;
  reply.status = r->status;
  reply.body = json::parse(r->body, nullptr, false);
  reply.contentType = r->get_header_value("Content-Type");
  return reply;
}

std::string schemaBody(const std::string& schema) {
  return json{{"schema", schema}}.dump();
}

// A record schema with `fields` long fields f0..fN-1 (all but the first with defaults).
std::string recordSchema(const std::string& name, int fields) {
  json s = {{"type", "record"}, {"name", name}, {"fields", json::array()}};
  for (int i = 0; i < fields; ++i) {
    json f = {{"name", "f" + std::to_string(i)}, {"type", "long"}};
    if (i > 0) f["default"] = i;
    s["fields"].push_back(f);
  }
  return s.dump();
}

json runJson(const QString& program, const QStringList& args, QString* failure) {
  Run r = runProcess(program, args, 120000, {}, Channels::Separate);
  if (r.exitCode != 0) {
    *failure = program + QStringLiteral(" failed (") + QString::number(r.exitCode) + QStringLiteral("): ") + r.err +
               r.out;
    return {};
  }
  json out = json::parse(r.out.toStdString(), nullptr, false);
  if (!out.is_object()) *failure = QStringLiteral("not JSON: ") + r.out + r.err;
  return out;
}

}  // namespace

class TestSchemaRegistry final : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir m_dir;

  bool startBroker(RunnerBroker& broker, const QString& data, const QStringList& extra = {}) {
    QStringList args{QStringLiteral("--schema-registry"), QStringLiteral("127.0.0.1:0")};
    if (!broker.start(m_dir.filePath(data), 0, args + extra)) {
      qWarning("broker did not start: %s", qPrintable(broker.startOutput()));
      return false;
    }
    return true;
  }

 private Q_SLOTS:
  void initTestCase() { QVERIFY(m_dir.isValid()); }

  void independentClients() {
    QVERIFY2(QFile::exists(QStringLiteral(TRIBUTARY_SOURCE_DIR "/tests/tools/node_modules/avsc/package.json")),
             "npm test tools missing: run scripts/test-tools.sh");
    RunnerBroker broker;
    QVERIFY(startBroker(broker, QStringLiteral("clients")));
    const QString url = qs(broker.registryUrl());
    QString failure;

    // npm @kafkajs/confluent-schema-registry + avsc.
    json node = runJson(QStringLiteral("node"), {QString::fromLatin1(kNodeClient), url, QStringLiteral("orders-value")},
                        &failure);
    QVERIFY2(failure.isEmpty(), qPrintable(failure));
    const int id = node["id"].get<int>();
    QVERIFY(id > 0);
    QCOMPARE(node["again"].get<int>(), id);  // registering again is idempotent
    QCOMPARE(node["latest"].get<int>(), id);
    QCOMPARE(node["byVersion"].get<int>(), id);
    QCOMPARE(qs(node["fetchedName"].get<std::string>()), QStringLiteral("shop.Order"));
    // Confluent framing with our id: magic 0, big-endian id, then the Avro binary of
    // {id: 42 (zigzag 84 = 0x54), amount: 12.5 (LE double), note: union branch 1 "rush", status: PAID (1)}.
    char idHex[9];
    std::snprintf(idHex, sizeof idHex, "%08x", static_cast<unsigned>(id));
    QCOMPARE(qs(node["hex"].get<std::string>()),
             QStringLiteral("00") + QString::fromLatin1(idHex) + QStringLiteral("54000000000000294002087275736802"));
    QCOMPARE(node["framedId"].get<int>(), id);
    const json message = {{"id", 42}, {"amount", 12.5}, {"note", "rush"}, {"status", "PAID"}};
    QCOMPARE(qs(node["decoded"].dump()), qs(message.dump()));
    QCOMPARE(qs(node["direct"].dump()), qs(message.dump()));
    const std::string refused = node["incompatible"].get<std::string>();
    QVERIFY2(refused.find("incompatible") != std::string::npos &&
                 refused.find("READER_FIELD_MISSING_DEFAULT_VALUE") != std::string::npos,
             refused.c_str());

    // Debian python3-confluent-kafka + python3-avro: the same schema in another layout, another subject.
    json py = runJson(QString::fromLatin1(kDebianPython), {QString::fromLatin1(kPythonClient), url,
                                                           QStringLiteral("payments-value")},
                      &failure);
    QVERIFY2(failure.isEmpty(), qPrintable(failure));
    QCOMPARE(py["id"].get<int>(), id);  // the same schema under another subject gets the same id
    QCOMPARE(qs(py["lookup"].dump()), qs(json{{"id", id}, {"version", 1}, {"subject", "payments-value"}}.dump()));
    QCOMPARE(qs(py["fetched"].get<std::string>()), QStringLiteral("Order"));
    QCOMPARE(qs(py["latest"].dump()), qs(json{{"id", id}, {"version", 1}}.dump()));
    QCOMPARE(qs(py["subjects"].dump()), QStringLiteral(R"(["orders-value","payments-value"])"));
    QCOMPARE(qs(py["versions"].dump()), QStringLiteral("[1]"));
    QCOMPARE(py["compatibleWider"].get<bool>(), true);
    QCOMPARE(py["compatibleNarrower"].get<bool>(), false);
    QCOMPARE(qs(py["level"].get<std::string>()), QStringLiteral("FULL"));
    QCOMPARE(qs(py["narrower"].dump()), QStringLiteral(R"({"code":409,"status":409})"));
    QVERIFY(py["widerId"].get<int>() > id);
    QCOMPARE(qs(py["hex"].get<std::string>()),
             QStringLiteral("00") + QString::fromLatin1(idHex) + QStringLiteral("0e000000000000d03f0000"));
    QCOMPARE(py["scratchId"].get<int>(), id);
    QCOMPARE(qs(py["deleted"].dump()), QStringLiteral("[1]"));
    QCOMPARE(py["afterDelete"].get<int>(), 40401);
    // The schema is still there for the subjects that use it.
    Reply byId = call(broker.registryPort(), "GET", "/schemas/ids/" + std::to_string(id) + "/subjects");
    QCOMPARE(qs(byId.body.dump()), QStringLiteral(R"(["orders-value","payments-value"])"));
  }

  // Our codec and registry client against the independent clients, both ways.
  void codecInterop() {
    RunnerBroker broker;
    QVERIFY(startBroker(broker, QStringLiteral("codec")));
    const QString url = qs(broker.registryUrl());
    QString failure;
    json node = runJson(QStringLiteral("node"), {QString::fromLatin1(kNodeClient), url, QStringLiteral("orders-value")},
                        &failure);
    QVERIFY2(failure.isEmpty(), qPrintable(failure));
    json py = runJson(QString::fromLatin1(kDebianPython),
                      {QString::fromLatin1(kPythonClient), url, QStringLiteral("payments-value")}, &failure);
    QVERIFY2(failure.isEmpty(), qPrintable(failure));

    auto client = std::make_shared<tributary::registry::RegistryClient>(
        tributary::registry::RegistryClientConfig{broker.registryUrl(), {}, {}, std::chrono::seconds(10)});
    tributary::registry::AvroSerde serde(client);
    // Theirs -> ours: the messages avsc and python3-avro wrote, decoded field for field.
    for (const auto& [hexText, expected] :
         std::vector<std::pair<std::string, std::string>>{
             {node["hex"].get<std::string>(), R"({"id":42,"amount":12.5,"note":"rush","status":"PAID"})"},
             {py["hex"].get<std::string>(), R"({"id":7,"amount":0.25,"note":null,"status":"NEW"})"}}) {
      QByteArray raw = QByteArray::fromHex(QByteArray::fromStdString(hexText));
      auto decoded = serde.decode(std::string_view(raw.constData(), static_cast<std::size_t>(raw.size())));
      QVERIFY2(decoded.ok(), decoded.ok() ? "" : decoded.error().toString().c_str());
      QCOMPARE(decoded->schemaId, node["id"].get<int>());
      QCOMPARE(qs(tributary::record::toJson(decoded->value)), qs(expected));
    }
    QCOMPARE(client->requestCount(), 1);  // the schema was fetched once, then cached

    // Ours -> theirs: our encoding, registered by our client, decoded by both.
    auto value = tributary::record::parseJson(R"({"id":99,"amount":1.75,"note":"gift","status":"NEW"})");
    std::string message;
    auto encoded = serde.encode("tributary-value", kOrderSchema, *value, message);
    QVERIFY2(encoded.ok(), encoded.ok() ? "" : encoded.error().toString().c_str());
    QCOMPARE(static_cast<int>(message[4]), node["id"].get<int>());  // the same schema, the same id
    json theirs = runJson(QStringLiteral("node"), {QString::fromLatin1(kNodeDecode), url, qs(toHex(message))},
                          &failure);
    QVERIFY2(failure.isEmpty(), qPrintable(failure));
    QCOMPARE(qs(theirs.dump()), QStringLiteral(R"({"amount":1.75,"id":99,"note":"gift","status":"NEW"})"));
    json pyDecoded = runJson(QString::fromLatin1(kDebianPython),
                             {QString::fromLatin1(kPythonDecode), url, qs(toHex(message))}, &failure);
    QVERIFY2(failure.isEmpty(), qPrintable(failure));
    QCOMPARE(qs(pyDecoded["value"].dump()), QStringLiteral(R"({"amount":1.75,"id":99,"note":"gift","status":"NEW"})"));
    // An incompatible shape is refused with the registry's reason.
    std::string refused;
    auto narrower = serde.encode("orders-value",
                                 "{\"type\":\"record\",\"name\":\"Order\",\"namespace\":\"shop\",\"fields\":["
                                 "{\"name\":\"id\",\"type\":\"long\"},{\"name\":\"extra\",\"type\":\"string\"}]}",
                                 *value, refused);
    QVERIFY(!narrower.ok());
    QVERIFY2(narrower.error().message.find("409") != std::string::npos &&
                 narrower.error().message.find("incompatible") != std::string::npos,
             narrower.error().toString().c_str());
  }

  // `tributary-runner kafka consume --schema-registry` decodes the Avro messages python wrote.
  void runnerConsumeDecodes() {
    RunnerBroker broker;
    QVERIFY(startBroker(broker, QStringLiteral("consume")));
    const QString url = qs(broker.registryUrl());
    QString failure;
    json produced = runJson(QString::fromLatin1(kDebianPython),
                            {QString::fromLatin1(kPythonProduce), qs(broker.bootstrap()), url,
                             QStringLiteral("orders"), QStringLiteral("6")},
                            &failure);
    QVERIFY2(failure.isEmpty(), qPrintable(failure));
    Run r = runProcess(QStringLiteral(TRIBUTARY_RUNNER),
                       {QStringLiteral("kafka"), QStringLiteral("consume"), QStringLiteral("orders"),
                        QStringLiteral("--from"), QStringLiteral("earliest"), QStringLiteral("--limit"),
                        QStringLiteral("10"), QStringLiteral("--json"), QStringLiteral("--bootstrap"),
                        qs(broker.bootstrap()), QStringLiteral("--schema-registry"), url},
                       60000, {}, Channels::Separate);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QStringList lines = r.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 6);
    for (int i = 0; i < 6; ++i) {
      json m = json::parse(lines[i].toStdString());
      QCOMPARE(m["value_schema_id"].get<int>(), produced["id"].get<int>());
      json expected = {{"id", i}, {"amount", i * 1.5}, {"note", i % 2 == 0 ? json() : json("n" + std::to_string(i))},
                       {"status", i % 3 == 0 ? "PAID" : "NEW"}};
      QCOMPARE(qs(m["value"].dump()), qs(expected.dump()));
      QCOMPARE(qs(m["key"].dump()), qs(json(i).dump()));  // the key "0" shows as JSON (format auto)
    }
  }

  // A pipeline with topic nodes in format avro: it writes Avro that python3-avro decodes, and reads the
  // Avro python wrote, field for field.
  void pipelineTopicsInAvro() {
    RunnerBroker broker;
    QVERIFY(startBroker(broker, QStringLiteral("pipeline")));
    const std::string url = broker.registryUrl();
    QString failure;
    json produced = runJson(QString::fromLatin1(kDebianPython),
                            {QString::fromLatin1(kPythonProduce), qs(broker.bootstrap()), qs(url),
                             QStringLiteral("py-orders"), QStringLiteral("5")},
                            &failure);
    QVERIFY2(failure.isEmpty(), qPrintable(failure));
    // Input of the producing half: five orders as JSON lines (one without its optional note).
    QFile input(m_dir.filePath(QStringLiteral("orders.jsonl")));
    QVERIFY(input.open(QIODevice::WriteOnly));
    for (int i = 0; i < 5; ++i) {
      json order = {{"id", 100 + i}, {"amount", 2.5 * i}, {"status", i % 2 ? "PAID" : "NEW"}};
      if (i != 2) order["note"] = "note " + std::to_string(i);
      input.write(QByteArray::fromStdString(order.dump() + "\n"));
    }
    input.close();
    json pipeline = {
        {"tributary", 1},
        {"name", "avro-topics"},
        {"cluster", {{"bootstrap", broker.bootstrap()}}},
        {"nodes",
         {{{"id", "in"}, {"type", "source.file"}, {"config", {{"path", input.fileName().toStdString()}}}},
          {{"id", "ours"},
           {"type", "topic"},
           {"config", {{"name", "ours"}, {"format", "avro"}, {"schema_registry", url}, {"schema", kOrderSchema}}}},
          // Registers under py-orders-value a schema with a new field without a default: refused (409) by
          // BACKWARD compatibility, so every record goes to the dead letters with the registry's reason.
          {{"id", "refused"},
           {"type", "topic"},
           {"config",
            {{"name", "refused"},
             {"format", "avro"},
             {"schema_registry", url},
             {"subject", "py-orders-value"},
             {"schema", narrowerOrder()},
             {"on_error", "dead-letter"},
             {"dead_letter_path", m_dir.filePath(QStringLiteral("refused.jsonl")).toStdString()}}}},
          {{"id", "theirs"},
           {"type", "topic"},
           {"config", {{"name", "py-orders"}, {"format", "avro"}, {"schema_registry", url}}}},
          {{"id", "out"},
           {"type", "sink.file"},
           {"config", {{"path", m_dir.filePath(QStringLiteral("theirs.jsonl")).toStdString()}}}}}},
        {"edges", {{{"from", "in"}, {"to", "ours"}}, {{"from", "in"}, {"to", "refused"}}, {{"from", "theirs"}, {"to", "out"}}}}};
    QFile file(m_dir.filePath(QStringLiteral("avro.tributary.json")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QByteArray::fromStdString(pipeline.dump(2)));
    file.close();
    Run run = runProcess(QStringLiteral(TRIBUTARY_RUNNER),
                         {QStringLiteral("run"), file.fileName(), QStringLiteral("--for"), QStringLiteral("8s"),
                          QStringLiteral("--quiet"), QStringLiteral("--state"), m_dir.filePath(QStringLiteral("state"))},
                         90000);
    QVERIFY2(run.exitCode == 0, qPrintable(run.out));

    // Ours, decoded by python3-avro with the registry's schema.
    Run consumed = runProcess(QString::fromLatin1(kDebianPython),
                              {QString::fromLatin1(kPythonConsume), qs(broker.bootstrap()), qs(url),
                               QStringLiteral("ours"), QStringLiteral("5")},
                              90000, {}, Channels::Separate);
    QVERIFY2(consumed.exitCode == 0, qPrintable(consumed.err));
    const QStringList lines = consumed.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 5);
    for (int i = 0; i < 5; ++i) {
      json m = json::parse(lines[i].toStdString());
      QCOMPARE(m["id"].get<int>(), produced["id"].get<int>());  // the same Order schema, the same id
      json expected = {{"id", 100 + i}, {"amount", 2.5 * i}, {"status", i % 2 ? "PAID" : "NEW"},
                       {"note", i == 2 ? json() : json("note " + std::to_string(i))}};
      QCOMPARE(qs(m["value"].dump()), qs(expected.dump()));
    }

    // The refused records, with the registry's reason.
    QFile refused(m_dir.filePath(QStringLiteral("refused.jsonl")));
    QVERIFY(refused.open(QIODevice::ReadOnly));
    const QList<QByteArray> dead = refused.readAll().trimmed().split('\n');
    QCOMPARE(dead.size(), 5);
    QVERIFY2(dead[0].contains("409") && dead[0].contains("incompatible"), dead[0].constData());

    // Theirs, decoded by the pipeline and written as JSON lines.
    QFile written(m_dir.filePath(QStringLiteral("theirs.jsonl")));
    QVERIFY(written.open(QIODevice::ReadOnly));
    const QList<QByteArray> rows = written.readAll().split('\n');
    QCOMPARE(rows.size(), 6);  // five lines and the empty rest after the last newline
    for (int i = 0; i < 5; ++i) {
      json row = json::parse(rows[i].toStdString());
      json expected = {{"id", i}, {"amount", i * 1.5}, {"note", i % 2 == 0 ? json() : json("n" + std::to_string(i))},
                       {"status", i % 3 == 0 ? "PAID" : "NEW"}};
      QCOMPARE(qs(row.dump()), qs(expected.dump()));
    }
  }

  // A pipeline on the embedded cluster whose cluster names the "embedded" schema registry: `run` starts
  // the broker and its registry in-process, the topic node (no registry of its own) writes Avro and
  // reads it back. Afterwards the same broker data served by `broker --schema-registry` gives python3-avro
  // the schema the run registered, and it decodes the messages field for field.
  void pipelineOnEmbeddedRegistry() {
    QFile input(m_dir.filePath(QStringLiteral("embedded-orders.jsonl")));
    QVERIFY(input.open(QIODevice::WriteOnly));
    for (int i = 0; i < 5; ++i) {
      json order = {{"id", 200 + i}, {"amount", 1.25 * i}, {"status", i % 2 ? "PAID" : "NEW"}, {"note", "e" + std::to_string(i)}};
      input.write(QByteArray::fromStdString(order.dump() + "\n"));
    }
    input.close();
    const QString state = m_dir.filePath(QStringLiteral("embedded-state"));
    const QString out = m_dir.filePath(QStringLiteral("embedded-out.jsonl"));
    json pipeline = {
        {"tributary", 1},
        {"name", "avro-embedded"},
        {"cluster", {{"bootstrap", "embedded"}, {"schema_registry", "embedded"}}},
        {"nodes",
         {{{"id", "in"}, {"type", "source.file"}, {"config", {{"path", input.fileName().toStdString()}}}},
          {{"id", "t"}, {"type", "topic"}, {"config", {{"name", "emb-orders"}, {"format", "avro"}, {"schema", kOrderSchema}}}},
          {{"id", "out"}, {"type", "sink.file"}, {"config", {{"path", out.toStdString()}}}}}},
        {"edges", {{{"from", "in"}, {"to", "t"}}, {{"from", "t"}, {"to", "out"}}}}};
    QFile file(m_dir.filePath(QStringLiteral("embedded.tributary.json")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QByteArray::fromStdString(pipeline.dump(2)));
    file.close();
    Run run = runProcess(QStringLiteral(TRIBUTARY_RUNNER),
                         {QStringLiteral("run"), file.fileName(), QStringLiteral("--for"), QStringLiteral("8s"),
                          QStringLiteral("--state"), state},
                         90000);
    QVERIFY2(run.exitCode == 0, qPrintable(run.out));
    QVERIFY2(run.out.contains(QStringLiteral("embedded schema registry on http://127.0.0.1:")), qPrintable(run.out));

    // Read back by the pipeline itself.
    QFile written(out);
    QVERIFY(written.open(QIODevice::ReadOnly));
    const QList<QByteArray> rows = written.readAll().trimmed().split('\n');
    QCOMPARE(rows.size(), 5);
    for (int i = 0; i < 5; ++i) {
      json row = json::parse(rows[i].toStdString());
      QCOMPARE(row["id"].get<int>(), 200 + i);
      QCOMPARE(qs(row["note"].dump()), qs(json("e" + std::to_string(i)).dump()));
    }

    // The embedded broker's data, served again with its registry: python3-avro decodes the messages.
    RunnerBroker broker;
    QVERIFY(startBroker(broker, QStringLiteral("embedded-state/broker")));
    Run consumed = runProcess(QString::fromLatin1(kDebianPython),
                              {QString::fromLatin1(kPythonConsume), qs(broker.bootstrap()), qs(broker.registryUrl()),
                               QStringLiteral("emb-orders"), QStringLiteral("5")},
                              90000, {}, Channels::Separate);
    QVERIFY2(consumed.exitCode == 0, qPrintable(consumed.err));
    const QStringList lines = consumed.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 5);
    for (int i = 0; i < 5; ++i) {
      json m = json::parse(lines[i].toStdString());
      json expected = {{"id", 200 + i}, {"amount", 1.25 * i}, {"status", i % 2 ? "PAID" : "NEW"},
                       {"note", "e" + std::to_string(i)}};
      QCOMPARE(qs(m["value"].dump()), qs(expected.dump()));
    }
    QCOMPARE(qs(call(broker.registryPort(), "GET", "/subjects").body.dump()), QStringLiteral("[\"emb-orders-value\"]"));
  }

  // Producing topic nodes without a schema infer one and register it: TopicNameStrategy for values and
  // (key_format avro) keys, RecordNameStrategy on a second node. A record that needs a wider schema
  // registers a new version when the subject's compatibility allows it; under FORWARD a long that becomes
  // a double is refused (409) and the record goes to the dead letters with the registry's reason; a
  // record no Avro schema can hold goes there with the field's path. python3-avro decodes what was
  // written, and the consuming side decodes the Avro keys.
  void inferredSchemasKeysAndStrategies() {
    RunnerBroker broker;
    QVERIFY(startBroker(broker, QStringLiteral("inferred")));
    const std::string url = broker.registryUrl();
    QCOMPARE(call(broker.registryPort(), "PUT", "/config/inferred-value", R"({"compatibility":"FORWARD"})").status,
             200);
    const std::vector<json> orders = {
        {{"id", 1}, {"amount", 3}, {"status", "NEW"}},
        {{"id", 2}, {"amount", 4}, {"status", "PAID"}, {"note", "n2"}},  // widens: note, nullable (allowed)
        {{"id", 3}, {"amount", 2.5}, {"status", "NEW"}},                 // long -> double: refused by FORWARD
        {{"id", 4}, {"amount", 5}, {"status", "PAID"}},                  // fits version 2
        {{"id", 5}, {"amount", 6}, {"status", true}},                    // string and boolean: no schema
    };
    QFile input(m_dir.filePath(QStringLiteral("inferred.jsonl")));
    QVERIFY(input.open(QIODevice::WriteOnly));
    for (const json& o : orders) input.write(QByteArray::fromStdString(o.dump() + "\n"));
    input.close();
    const std::string dead = m_dir.filePath(QStringLiteral("inferred-dead.jsonl")).toStdString();
    const std::string deadByRecord = m_dir.filePath(QStringLiteral("by-record-dead.jsonl")).toStdString();
    const std::string out = m_dir.filePath(QStringLiteral("inferred-out.jsonl")).toStdString();
    json pipeline = {
        {"tributary", 1},
        {"name", "avro-inferred"},
        {"cluster", {{"bootstrap", broker.bootstrap()}, {"schema_registry", url}}},
        {"nodes",
         {{{"id", "in"}, {"type", "source.file"}, {"config", {{"path", input.fileName().toStdString()}}}},
          {{"id", "inferred"},
           {"type", "topic"},
           {"config",
            {{"name", "inferred"}, {"format", "avro"}, {"key", "id"}, {"key_format", "avro"},
             {"on_error", "dead-letter"}, {"dead_letter_path", dead}}}},
          {{"id", "by-record"},
           {"type", "topic"},
           {"config",
            {{"name", "by-record.v1"}, {"format", "avro"}, {"subject_strategy", "record_name"},
             {"on_error", "dead-letter"}, {"dead_letter_path", deadByRecord}}}},
          {{"id", "keys"}, {"type", "transform.map"}, {"config", {{"select", "id, _key AS k"}}}},
          {{"id", "out"}, {"type", "sink.file"}, {"config", {{"path", out}}}}}},
        {"edges",
         {{{"from", "in"}, {"to", "inferred"}},
          {{"from", "in"}, {"to", "by-record"}},
          {{"from", "inferred"}, {"to", "keys"}},
          {{"from", "keys"}, {"to", "out"}}}}};
    QFile file(m_dir.filePath(QStringLiteral("inferred.tributary.json")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QByteArray::fromStdString(pipeline.dump(2)));
    file.close();
    Run run = runProcess(QStringLiteral(TRIBUTARY_RUNNER),
                         {QStringLiteral("run"), file.fileName(), QStringLiteral("--for"), QStringLiteral("8s"),
                          QStringLiteral("--quiet"), QStringLiteral("--state"),
                          m_dir.filePath(QStringLiteral("inferred-state"))},
                         90000);
    QVERIFY2(run.exitCode == 0, qPrintable(run.out));

    // The registry: the key subject holds "long"; the value subject two versions, the second with the
    // nullable note; RecordNameStrategy named the subject after the inferred record.
    QCOMPARE(qs(call(broker.registryPort(), "GET", "/subjects").body.dump()),
             QStringLiteral(R"(["by_record_v1","inferred-key","inferred-value"])"));
    QCOMPARE(qs(call(broker.registryPort(), "GET", "/subjects/inferred-key/versions/latest").body["schema"]
                    .get<std::string>()),
             QStringLiteral("\"long\""));
    QCOMPARE(qs(call(broker.registryPort(), "GET", "/subjects/inferred-value/versions").body.dump()),
             QStringLiteral("[1,2]"));
    QCOMPARE(qs(call(broker.registryPort(), "GET", "/subjects/inferred-value/versions/2").body["schema"]
                    .get<std::string>()),
             // fields in first-seen order: the input lines have their keys sorted (nlohmann::json)
             QStringLiteral(R"({"type":"record","name":"inferred","fields":[{"name":"amount","type":"long"},)"
                            R"({"name":"id","type":"long"},{"name":"status","type":"string"},)"
                            R"({"name":"note","type":["null","string"],"default":null}]})"));
    // Under BACKWARD the same widening to double is allowed: a third version.
    QCOMPARE(qs(call(broker.registryPort(), "GET", "/subjects/by_record_v1/versions").body.dump()),
             QStringLiteral("[1,2,3]"));

    // The refused records, with the reasons.
    QFile refused(QString::fromStdString(dead));
    QVERIFY(refused.open(QIODevice::ReadOnly));
    const QList<QByteArray> letters = refused.readAll().trimmed().split('\n');
    QCOMPARE(letters.size(), 2);
    QVERIFY2(letters[0].contains("\"id\":3") && letters[0].contains("409") &&
                 letters[0].contains("registry refused it"),
             letters[0].constData());
    QVERIFY2(letters[1].contains("\"id\":5") && letters[1].contains("/status") &&
                 letters[1].contains("string in earlier records, boolean here"),
             letters[1].constData());
    QFile refusedByRecord(QString::fromStdString(deadByRecord));
    QVERIFY(refusedByRecord.open(QIODevice::ReadOnly));
    QCOMPARE(refusedByRecord.readAll().trimmed().split('\n').size(), 1);  // only the boolean status

    // python3-avro decodes the three records written, each with the schema id it carries.
    Run consumed = runProcess(QString::fromLatin1(kDebianPython),
                              {QString::fromLatin1(kPythonConsume), qs(broker.bootstrap()), qs(url),
                               QStringLiteral("inferred"), QStringLiteral("3")},
                              90000, {}, Channels::Separate);
    QVERIFY2(consumed.exitCode == 0, qPrintable(consumed.err));
    const QStringList lines = consumed.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 3);
    const int v1 = call(broker.registryPort(), "GET", "/subjects/inferred-value/versions/1").body["id"].get<int>();
    const int v2 = call(broker.registryPort(), "GET", "/subjects/inferred-value/versions/2").body["id"].get<int>();
    const json expected[] = {
        {{"id", v1}, {"value", {{"amount", 3}, {"id", 1}, {"status", "NEW"}}}},
        {{"id", v2}, {"value", {{"amount", 4}, {"id", 2}, {"note", "n2"}, {"status", "PAID"}}}},
        {{"id", v2}, {"value", {{"amount", 5}, {"id", 4}, {"note", nullptr}, {"status", "PAID"}}}},
    };
    for (int i = 0; i < 3; ++i) QCOMPARE(qs(json::parse(lines[i].toStdString()).dump()), qs(expected[i].dump()));

    // The consuming side decoded the Avro keys: k is the id as a number.
    QFile written(QString::fromStdString(out));
    QVERIFY(written.open(QIODevice::ReadOnly));
    const QList<QByteArray> rows = written.readAll().trimmed().split('\n');
    QCOMPARE(rows.size(), 3);
    for (const QByteArray& row : rows) {
      json r = json::parse(row.toStdString());
      QVERIFY2(r["k"].is_number_integer() && r["k"] == r["id"], row.constData());
    }
  }

  // validate refuses topic settings that contradict each other, naming the field.
  void validateRefusesInconsistentAvroSettings() {
    json pipeline = {
        {"tributary", 1},
        {"name", "avro-inconsistent"},
        {"cluster", {{"bootstrap", "embedded"}}},
        {"nodes",
         {{{"id", "t"},
           {"type", "topic"},
           {"config", {{"name", "x"}, {"schema", kOrderSchema}, {"key_subject", "x-key"}, {"subject_strategy", "record_name"}}}},
          {{"id", "u"}, {"type", "topic"}, {"config", {{"name", "y"}, {"format", "avro"}, {"schema", "{\"type\":\"recrd\"}"}}}}}},
        {"edges", json::array()}};
    QFile file(m_dir.filePath(QStringLiteral("inconsistent.tributary.json")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QByteArray::fromStdString(pipeline.dump(2)));
    file.close();
    Run run = runProcess(QStringLiteral(TRIBUTARY_RUNNER), {QStringLiteral("validate"), file.fileName()}, 30000);
    QCOMPARE(run.exitCode, 1);
    for (const char* expected :
         {"config.schema (node t): \"schema\" applies only with format \"avro\" (format is \"json\")",
          "config.key_subject (node t): \"key_subject\" applies only with key_format \"avro\"",
          "config.subject_strategy (node t): subject_strategy applies only with format or key_format \"avro\"",
          "config.schema (node u): not a valid Avro schema"})
      QVERIFY2(run.out.contains(QString::fromUtf8(expected)), qPrintable(run.out));
  }

  // Without any registry, format avro says where to set one.
  void avroWithoutRegistry() {
    json pipeline = {
        {"tributary", 1},
        {"name", "avro-none"},
        {"cluster", {{"bootstrap", "embedded"}}},
        {"nodes",
         {{{"id", "t"}, {"type", "topic"}, {"config", {{"name", "x"}, {"format", "avro"}}}},
          {{"id", "out"}, {"type", "sink.file"}, {"config", {{"path", m_dir.filePath(QStringLiteral("none.jsonl")).toStdString()}}}}}},
        {"edges", {{{"from", "t"}, {"to", "out"}}}}};
    QFile file(m_dir.filePath(QStringLiteral("none.tributary.json")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QByteArray::fromStdString(pipeline.dump(2)));
    file.close();
    Run run = runProcess(QStringLiteral(TRIBUTARY_RUNNER),
                         {QStringLiteral("run"), file.fileName(), QStringLiteral("--for"), QStringLiteral("3s"),
                          QStringLiteral("--state"), m_dir.filePath(QStringLiteral("none-state"))},
                         60000);
    QVERIFY(run.exitCode != 0);
    QVERIFY2(run.out.contains(QStringLiteral("needs a schema registry")), qPrintable(run.out));
  }

  // The topic browser's decoding: messages python3-confluent-kafka wrote in Confluent framing, browsed
  // with kafka::MessageBrowser, come out as JSON with their schema id and subject.
  void browserDecodesAvro() {
    RunnerBroker broker;
    QVERIFY(startBroker(broker, QStringLiteral("browse")));
    QString failure;
    json produced = runJson(QString::fromLatin1(kDebianPython),
                            {QString::fromLatin1(kPythonProduce), qs(broker.bootstrap()), qs(broker.registryUrl()),
                             QStringLiteral("browse-orders"), QStringLiteral("4")},
                            &failure);
    QVERIFY2(failure.isEmpty(), qPrintable(failure));
    tributary::kafka::ClusterConfig cluster;
    cluster.bootstrap = broker.bootstrap();
    auto client = tributary::kafka::ClusterClient::connect(cluster);
    QVERIFY2(client, client ? "" : client.error().toString().c_str());
    tributary::kafka::MessageBrowser browser(**client);
    tributary::kafka::BrowseRequest request;
    request.topic = "browse-orders";
    request.from = tributary::kafka::StartAt::Earliest;
    auto messages = browser.browse(request);
    QVERIFY2(messages, messages ? "" : messages.error().toString().c_str());
    QCOMPARE(messages->size(), std::size_t(4));
    tributary::registry::AvroMessageDecoder decoder(std::make_shared<tributary::registry::RegistryClient>(
        tributary::registry::RegistryClientConfig{broker.registryUrl(), {}, {}, std::chrono::seconds(10)}));
    for (int i = 0; i < 4; ++i) {
      const auto& m = (*messages)[static_cast<std::size_t>(i)];
      QVERIFY(m.value);
      auto decoded = decoder.decode(*m.value, m.valueTruncated());
      QVERIFY(decoded);
      QVERIFY2(decoded->error.empty(), decoded->error.c_str());
      QCOMPARE(decoded->schemaId, produced["id"].get<int>());
      QCOMPARE(qs(decoded->subjects), QStringLiteral("browse-orders-value v1"));
      json expected = {{"id", i}, {"amount", i * 1.5}, {"note", i % 2 == 0 ? json() : json("n" + std::to_string(i))},
                       {"status", i % 3 == 0 ? "PAID" : "NEW"}};
      QCOMPARE(qs(json::parse(decoded->json).dump()), qs(expected.dump()));
      QVERIFY(!decoder.decode(*m.key));  // the keys are plain strings
    }
    // Not framed, an unknown id, a value cut for the preview.
    QVERIFY(!decoder.decode("{\"id\": 1}"));
    auto unknown = decoder.decode(std::string("\0\0\0\x27\x0f\x02", 6));
    QVERIFY(unknown);
    QCOMPARE(unknown->schemaId, 9999);
    QVERIFY(unknown->json.empty() && !unknown->error.empty());
    auto cut = decoder.decode(*(*messages)[0].value, true);
    QVERIFY(cut && cut->json.empty() && cut->error.find("cut") != std::string::npos);
  }

  void errorCodes() {
    RunnerBroker broker;
    QVERIFY(startBroker(broker, QStringLiteral("errors")));
    const int port = broker.registryPort();
    auto expectError = [&](const Reply& r, int status, int code) {
      QCOMPARE(r.status, status);
      QVERIFY2(r.body.is_object() && r.body.contains("message"), r.body.dump().c_str());
      QCOMPARE(r.body.value("error_code", 0), code);
      QCOMPARE(qs(r.contentType), QStringLiteral("application/vnd.schemaregistry.v1+json"));
    };
    Reply first = call(port, "POST", "/subjects/s/versions", schemaBody(recordSchema("R", 1)));
    QCOMPARE(first.status, 200);
    const int id = first.body["id"].get<int>();
    // Plain JSON is accepted too.
    Reply second =
        call(port, "POST", "/subjects/s/versions", schemaBody(recordSchema("R", 2)), "application/json");
    QCOMPARE(second.status, 200);

    expectError(call(port, "GET", "/subjects/nope/versions"), 404, 40401);
    expectError(call(port, "GET", "/subjects/nope/versions/1"), 404, 40401);
    expectError(call(port, "GET", "/subjects/s/versions/99"), 404, 40402);
    expectError(call(port, "GET", "/schemas/ids/9999"), 404, 40403);
    expectError(call(port, "POST", "/subjects/s", schemaBody(recordSchema("Other", 1))), 404, 40403);
    expectError(call(port, "POST", "/subjects/s/versions", schemaBody("{\"type\":\"recrd\"}")), 422, 42201);
    expectError(call(port, "POST", "/subjects/s/versions", schemaBody("not json")), 422, 42201);
    expectError(call(port, "GET", "/subjects/s/versions/abc"), 422, 42202);
    expectError(call(port, "GET", "/subjects/s/versions/0"), 422, 42202);
    // A field without a default: refused under BACKWARD, with the reason.
    json narrower = json::parse(recordSchema("R", 1));
    narrower["fields"].push_back({{"name", "x"}, {"type", "string"}});
    Reply refused = call(port, "POST", "/subjects/s/versions", schemaBody(narrower.dump()));
    expectError(refused, 409, 409);
    QVERIFY(refused.body["message"].get<std::string>().find("'x'") != std::string::npos);
    expectError(call(port, "PUT", "/config/s", R"({"compatibility":"SIDEWAYS"})"), 422, 42203);
    expectError(call(port, "GET", "/config/s"), 404, 40408);
    // Deletes: soft twice (40406), permanent before soft (40407), subject likewise (40404, 40405).
    expectError(call(port, "DELETE", "/subjects/s/versions/1?permanent=true"), 404, 40407);
    QCOMPARE(call(port, "DELETE", "/subjects/s/versions/1").body.dump(), std::string("1"));
    expectError(call(port, "DELETE", "/subjects/s/versions/1"), 404, 40406);
    QCOMPARE(call(port, "GET", "/subjects/s/versions").body.dump(), std::string("[2]"));
    QCOMPARE(call(port, "GET", "/subjects/s/versions?deleted=true").body.dump(), std::string("[1,2]"));
    expectError(call(port, "DELETE", "/subjects/s?permanent=true"), 404, 40405);
    QCOMPARE(call(port, "DELETE", "/subjects/s").body.dump(), std::string("[2]"));
    expectError(call(port, "DELETE", "/subjects/s"), 404, 40404);
    expectError(call(port, "GET", "/subjects/s/versions/latest"), 404, 40401);
    QCOMPARE(call(port, "DELETE", "/subjects/s?permanent=true").body.dump(), std::string("[1,2]"));
    expectError(call(port, "GET", "/schemas/ids/" + std::to_string(id)), 404, 40403);
    // Everything else of the API answers.
    QCOMPARE(call(port, "GET", "/schemas/types").body.dump(), std::string(R"(["AVRO"])"));
    QCOMPARE(call(port, "GET", "/config").body.dump(), std::string(R"({"compatibilityLevel":"BACKWARD"})"));
    QCOMPARE(call(port, "GET", "/mode").body.dump(), std::string(R"({"mode":"READWRITE"})"));
    QCOMPARE(call(port, "PUT", "/config", R"({"compatibility":"none"})").body.dump(),
             std::string(R"({"compatibility":"NONE"})"));
    Reply compat = call(port, "POST", "/compatibility/subjects/t/versions/latest", schemaBody(R"("string")"));
    expectError(compat, 404, 40401);
    QCOMPARE(call(port, "POST", "/subjects/t/versions", schemaBody(R"("int")")).status, 200);
    QCOMPARE(call(port, "PUT", "/config/t", R"({"compatibility":"BACKWARD"})").status, 200);
    QCOMPARE(call(port, "POST", "/compatibility/subjects/t/versions/latest", schemaBody(R"("long")")).body.dump(),
             std::string(R"({"is_compatible":true})"));
    Reply verbose =
        call(port, "POST", "/compatibility/subjects/t/versions/1?verbose=true", schemaBody(R"("string")"));
    QCOMPARE(verbose.body["is_compatible"].get<bool>(), false);
    QVERIFY(verbose.body["messages"].dump().find("TYPE_MISMATCH") != std::string::npos);
    expectError(call(port, "GET", "/nothing/here"), 404, 404);
    // Fuzz finding: a subject that is not UTF-8 is refused (it made the JSON writer throw).
    expectError(call(port, "GET", "/subjects/%FF%FE/versions"), 400, 400);
  }

  void survivesKill9() {
    RunnerBroker broker;
    QVERIFY(startBroker(broker, QStringLiteral("kill9")));
    int port = broker.registryPort();
    // 4 subjects x 6 versions, each version one more defaulted field; subject 3 shares subject 0's schemas.
    std::map<std::pair<std::string, int>, std::pair<int, std::string>> registered;  // (subject, version) -> (id, text)
    for (int s = 0; s < 4; ++s) {
      std::string subject = "subject-" + std::to_string(s);
      for (int v = 1; v <= 6; ++v) {
        std::string schema = recordSchema(s == 3 ? "R0" : "R" + std::to_string(s), v);
        Reply r = call(port, "POST", "/subjects/" + subject + "/versions", schemaBody(schema));
        QCOMPARE(r.status, 200);
        registered[{subject, v}] = {r.body["id"].get<int>(), schema};
      }
    }
    QCOMPARE(registered.at({"subject-3", 4}).first, registered.at({"subject-0", 4}).first);
    QCOMPARE(call(port, "PUT", "/config/subject-1", R"({"compatibility":"FULL_TRANSITIVE"})").status, 200);
    QCOMPARE(call(port, "DELETE", "/subjects/subject-2/versions/6").status, 200);
    int maxId = 0;
    for (const auto& [key, value] : registered) maxId = std::max(maxId, value.first);
    QCOMPARE(maxId, 18);

    broker.kill9();
    RunnerBroker again;
    QVERIFY(startBroker(again, QStringLiteral("kill9")));
    port = again.registryPort();
    for (const auto& [key, value] : registered) {
      const auto& [subject, version] = key;
      Reply r = call(port, "GET", "/subjects/" + subject + "/versions/" + std::to_string(version));
      if (subject == "subject-2" && version == 6) {
        QCOMPARE(r.body.value("error_code", 0), 40402);  // soft-deleted before the kill, still deleted
        r = call(port, "GET", "/subjects/" + subject + "/versions/6?deleted=true");
      }
      QCOMPARE(r.status, 200);
      QCOMPARE(r.body["id"].get<int>(), value.first);
      QCOMPARE(qs(r.body["schema"].get<std::string>()), qs(value.second));
      Reply byId = call(port, "GET", "/schemas/ids/" + std::to_string(value.first));
      QCOMPARE(qs(byId.body["schema"].get<std::string>()), qs(value.second));
    }
    QCOMPARE(call(port, "GET", "/config/subject-1").body.dump(),
             std::string(R"({"compatibilityLevel":"FULL_TRANSITIVE"})"));
    QCOMPARE(call(port, "GET", "/subjects").body.dump(),
             std::string(R"(["subject-0","subject-1","subject-2","subject-3"])"));
    // A new schema gets a new id, never one given out before the kill.
    Reply fresh = call(port, "POST", "/subjects/subject-0/versions", schemaBody(recordSchema("R0", 7)));
    QCOMPARE(fresh.status, 200);
    QCOMPARE(fresh.body["id"].get<int>(), maxId + 1);
    QCOMPARE(call(port, "GET", "/subjects/subject-0/versions/latest").body["version"].get<int>(), 7);
  }

  void basicAuth() {
    ::setenv("TRIBUTARY_SCHEMA_REGISTRY_PASSWORD", "s3cret-pass", 1);
    RunnerBroker broker;
    bool started = startBroker(broker, QStringLiteral("auth"), {QStringLiteral("--schema-registry-user"),
                                                                 QStringLiteral("alice")});
    ::unsetenv("TRIBUTARY_SCHEMA_REGISTRY_PASSWORD");
    QVERIFY(started);
    const int port = broker.registryPort();
    QCOMPARE(call(port, "GET", "/subjects").status, 401);
    httplib::Client wrong("127.0.0.1", port);
    wrong.set_basic_auth("alice", "guess");
    QCOMPARE(wrong.Get("/subjects")->status, 401);
    QString failure;
    json py = runJson(QString::fromLatin1(kDebianPython),
                      {QString::fromLatin1(kPythonClient), qs(broker.registryUrl()), QStringLiteral("auth-value"),
                       QStringLiteral("alice:s3cret-pass")},
                      &failure);
    QVERIFY2(failure.isEmpty(), qPrintable(failure));
    QCOMPARE(py["id"].get<int>(), 1);
    httplib::Client right("127.0.0.1", port);
    right.set_basic_auth("alice", "s3cret-pass");
    auto r = right.Get("/subjects");
    QCOMPARE(r->status, 200);
    QCOMPARE(qs(r->body), QStringLiteral(R"(["auth-value"])"));
  }
};

QTEST_GUILESS_MAIN(TestSchemaRegistry)
#include "test_schema_registry.moc"
