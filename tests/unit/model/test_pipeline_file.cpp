#include <QTemporaryDir>
#include <QTest>

#include <filesystem>
#include <fstream>

#include "core/model/pipeline_file.h"

using namespace tributary;
using namespace tributary::model;

class TestPipelineFile final : public QObject {
  Q_OBJECT

 private:
  static std::string sample() {
    return R"({
      "tributary": 1,
      "name": "products-to-logs",
      "cluster": {"bootstrap": "embedded", "properties": {"sasl.password": "${env:PW}"}},
      "nodes": [
        {"id": "gen", "type": "source.datagen", "label": "Products",
         "config": {"template": "products", "seed": 42, "rate": 1000}, "ui": {"x": 40, "y": 120.5}},
        {"id": "clean", "type": "transform.map", "config": {"select": "*, upper(category) AS category"}},
        {"id": "logs", "type": "sink.file", "config": {"path": "out/products.jsonl"}}
      ],
      "edges": [
        {"from": "gen", "to": "clean"},
        {"from": "clean", "fromPort": "out", "to": "logs", "toPort": "in"}
      ]
    })";
  }

  static Error parseError(const std::string& text) {
    auto result = parsePipeline(text);
    if (result.ok()) return Error{ErrorCode::Internal, "unexpectedly parsed", ""};
    return result.error();
  }

 private Q_SLOTS:
  void parsesEveryPart() {
    auto p = parsePipeline(sample());
    QVERIFY2(p.ok(), p.ok() ? "" : p.error().toString().c_str());
    QCOMPARE(p->name, std::string("products-to-logs"));
    QCOMPARE(p->cluster.bootstrap, std::string("embedded"));
    QCOMPARE(p->cluster.properties.at("sasl.password"), std::string("${env:PW}"));
    QCOMPARE(p->nodes.size(), std::size_t(3));
    QCOMPARE(p->nodes[0].label, std::string("Products"));
    QCOMPARE(p->nodes[0].config["seed"].get<int>(), 42);
    QVERIFY(p->nodes[0].position.has_value());
    QCOMPARE(p->nodes[0].position->y, 120.5);
    QVERIFY(!p->nodes[1].position.has_value());
    QCOMPARE(p->edges.size(), std::size_t(2));
    QCOMPARE(p->edges[1].fromPort, std::string("out"));
    QCOMPARE(p->edges[1].toPort, std::string("in"));
  }

  void saveLoadSaveIsByteIdentical() {
    auto first = parsePipeline(sample());
    QVERIFY(first.ok());
    std::string saved = serializePipeline(*first);
    auto second = parsePipeline(saved);
    QVERIFY(second.ok());
    QVERIFY(*first == *second);
    QCOMPARE(serializePipeline(*second), saved);
    // Canonical order: version first, config keys sorted, whole positions without fraction.
    QVERIFY(saved.rfind("{\n  \"tributary\": 1,\n  \"name\"", 0) == 0);
    QVERIFY(saved.find("\"rate\": 1000,\n        \"seed\": 42,\n        \"template\"") != std::string::npos);
    QVERIFY(saved.find("\"x\": 40,") != std::string::npos);
    QVERIFY(saved.find("\"y\": 120.5") != std::string::npos);
  }

  void savesAtomicallyAndLoadsFromDisk() {
    QTemporaryDir dir;
    auto p = parsePipeline(sample());
    QVERIFY(p.ok());
    std::filesystem::path path = dir.filePath(QStringLiteral("a.tributary.json")).toStdString();
    QVERIFY(savePipeline(*p, path).ok());
    auto loaded = loadPipeline(path);
    QVERIFY(loaded.ok());
    QVERIFY(*loaded == *p);
    // No temporary file is left behind.
    int files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(path.parent_path())) ++files, (void)entry;
    QCOMPARE(files, 1);
  }

  void copiesAreIndependentValues() {
    auto p = parsePipeline(sample());
    QVERIFY(p.ok());
    Pipeline copy = *p;
    copy.findNode("gen")->config["rate"] = 5;
    QVERIFY(!(copy == *p));
    QCOMPARE(p->findNode("gen")->config["rate"].get<int>(), 1000);
  }

  void reportsSyntaxErrorsWithLineAndColumn() {
    Error e = parseError("{\n  \"tributary\": 1,\n  \"name\": \"x\"\n  \"nodes\": []\n}");
    QCOMPARE(e.code, ErrorCode::Invalid);
    QCOMPARE(e.where, std::string("line 4, column 9"));  // nlohmann points at the end of the offending token
    QVERIFY2(e.message.find("not valid JSON") != std::string::npos, e.message.c_str());
  }

  void reportsTruncatedFiles() {
    std::string text = sample();
    Error e = parseError(text.substr(0, text.size() / 2));
    QVERIFY(e.where.rfind("line ", 0) == 0);
    QVERIFY2(e.message.find("unexpected end of input") != std::string::npos, e.message.c_str());
  }

  void reportsStructureErrorsWithJsonPath() {
    QCOMPARE(parseError(R"({"tributary":1,"name":"x","nodes":{}})").where, std::string("$.nodes"));
    QCOMPARE(parseError(R"({"tributary":1,"name":"x","nodes":[{"id":"a"}]})").where, std::string("$.nodes[0]"));
    QCOMPARE(parseError(R"({"tributary":1,"name":"x","nodes":[{"id":"a","type":7}]})").where,
             std::string("$.nodes[0].type"));
    QCOMPARE(parseError(R"({"tributary":1,"name":"x","nodes":[{"id":"a","type":"t","config":[]}]})").where,
             std::string("$.nodes[0].config"));
    QCOMPARE(parseError(R"({"tributary":1,"name":"x","edges":[{"from":"a"}]})").where, std::string("$.edges[0]"));
    QCOMPARE(parseError(R"({"tributary":1,"name":"x","nodes":[{"id":"a","type":"t","ui":{"x":"1","y":2}}]})").where,
             std::string("$.nodes[0].ui.x"));
    Error typo = parseError(R"({"tributary":1,"name":"x","nodse":[]})");
    QVERIFY2(typo.message.find("unknown key \"nodse\"") != std::string::npos, typo.message.c_str());
    QCOMPARE(parseError("[1,2]").message, std::string("a pipeline file must hold a JSON object, not an array"));
  }

  // The cluster's schema registry: a URL (or "embedded") or {url, user, password}; both round-trip.
  void readsTheClusterSchemaRegistry() {
    auto plain = parsePipeline("{\"tributary\":1,\"name\":\"x\",\"cluster\":{\"bootstrap\":\"embedded\",\"schema_registry\":\"embedded\"}}");
    QVERIFY(plain.ok());
    QCOMPARE(plain->cluster.schemaRegistry, std::string("embedded"));
    QVERIFY(plain->cluster.schemaRegistryUser.empty());
    auto again = parsePipeline(serializePipeline(*plain));
    QVERIFY(again.ok() && *again == *plain);
    auto full = parsePipeline(
        "{\"tributary\":1,\"name\":\"x\",\"cluster\":{\"bootstrap\":\"k:9092\",\"schema_registry\":{\"url\":\"http://r:8081\",\"user\":\"u\",\"password\":\"${secret:reg}\"}}}");
    QVERIFY(full.ok());
    QCOMPARE(full->cluster.schemaRegistry, std::string("http://r:8081"));
    QCOMPARE(full->cluster.schemaRegistryUser, std::string("u"));
    QCOMPARE(full->cluster.schemaRegistryPassword, std::string("${secret:reg}"));
    auto fullAgain = parsePipeline(serializePipeline(*full));
    QVERIFY(fullAgain.ok() && *fullAgain == *full);
    QCOMPARE(parseError("{\"tributary\":1,\"name\":\"x\",\"cluster\":{\"bootstrap\":\"e\",\"schema_registry\":7}}").where,
             std::string("$.cluster.schema_registry"));
    QCOMPARE(parseError("{\"tributary\":1,\"name\":\"x\",\"cluster\":{\"bootstrap\":\"e\",\"schema_registry\":\"\"}}").where,
             std::string("$.cluster.schema_registry"));
    Error typo = parseError("{\"tributary\":1,\"name\":\"x\",\"cluster\":{\"bootstrap\":\"e\",\"schema_registry\":{\"url\":\"u\",\"usr\":\"x\"}}}");
    QVERIFY2(typo.message.find("usr") != std::string::npos, typo.message.c_str());
  }

  // The GUI's dashboard (panels, alert rules) is kept as plain JSON, round trip included.
  void keepsTheDashboardAsPlainJson() {
    auto parsed = parsePipeline(
        R"({"tributary":1,"name":"x","dashboard":{"alerts":[{"id":"a","series":"m","threshold":1}]}})");
    QVERIFY(parsed);
    QVERIFY(parsed->dashboard["alerts"][0]["id"] == "a");
    auto again = parsePipeline(serializePipeline(*parsed));
    QVERIFY(again);
    QVERIFY(*again == *parsed);
    QVERIFY(serializePipeline(*parsePipeline(R"({"tributary":1,"name":"x"})")).find("dashboard") == std::string::npos);
    QCOMPARE(parseError(R"({"tributary":1,"name":"x","dashboard":[]})").where, std::string("$.dashboard"));
  }

  void refusesOtherFormatVersions() {
    Error e = parseError(R"({"tributary": 2, "name": "x"})");
    QCOMPARE(e.code, ErrorCode::Unsupported);
    QVERIFY2(e.message.find("newer Tributary") != std::string::npos, e.message.c_str());
    QVERIFY(parseError(R"({"name": "x"})").message.find("missing \"tributary\"") != std::string::npos);
    QCOMPARE(parseError(R"({"tributary": "1", "name": "x"})").where, std::string("$.tributary"));
  }

  void refusesBinaryInvalidUtf8AndDeepNesting() {
    std::string binary("{\"tributary\":1,\x00\x01\x02", 18);
    QVERIFY(parseError(binary).message.find("not a text file") != std::string::npos);
    Error utf8 = parseError("{\"tributary\":1,\"name\":\"\xff\xfe\"}");
    QVERIFY2(utf8.message.find("UTF-8") != std::string::npos, utf8.message.c_str());
    std::string deep = R"({"tributary":1,"name":"x","nodes":[{"id":"a","type":"t","config":{"v":)" +
                       std::string(100, '[') + std::string(100, ']') + "}}]}";
    QVERIFY(parseError(deep).message.find("nested more than") != std::string::npos);
  }

  void refusesNumbersBeyondDoubleRange() {
    // Found by fuzz_pipeline_file: nlohmann reports this as out_of_range, not as a parse error.
    Error e = parseError("{\"tributary\":1,\"name\":\"x\",\"description\":" + std::string(400, '8') + "}");
    QVERIFY2(e.message.find("number overflow") != std::string::npos, e.message.c_str());
  }

  void refusesHugeFilesBeforeReadingThem() {
    QTemporaryDir dir;
    std::filesystem::path path = dir.filePath(QStringLiteral("big.json")).toStdString();
    {
      std::ofstream out(path);
      out << "{\"tributary\":1,\"name\":\"big\",\"description\":\"";
      std::string chunk(1024 * 1024, 'x');
      for (int i = 0; i < 50; ++i) out << chunk;
      out << "\"}";
    }
    auto result = loadPipeline(path);
    QVERIFY(!result.ok());
    QVERIFY2(result.error().message.find("16 MiB") != std::string::npos, result.error().message.c_str());
  }

  void reportsMissingFilesAndFolders() {
    auto missing = loadPipeline("/nonexistent/x.tributary.json");
    QCOMPARE(missing.error().code, ErrorCode::NotFound);
    QTemporaryDir dir;
    auto folder = loadPipeline(dir.path().toStdString());
    QCOMPARE(folder.error().code, ErrorCode::Io);
  }
};

QTEST_APPLESS_MAIN(TestPipelineFile)
#include "test_pipeline_file.moc"
