// Whole pipelines with expressions: the exact output of a seeded datagen run
// through filter and map (computed here independently, and pinned by a
// golden file so that seeded data stays the same across versions), seed 004's
// transform from its template, and unwrapping Debezium change events.
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <cctype>

#include "core/connectors/builtin.h"
#include "core/connectors/datagen_source.h"
#include "core/model/pipeline_file.h"
#include "core/record/json.h"
#include "runtime_test_util.h"

using namespace tributary;
using namespace tributary::testing;
using record::Value;

namespace {

std::unique_ptr<runtime::Engine> makeEngine(const model::Pipeline& p, const QTemporaryDir& dir) {
  auto diagnostics = model::validate(p, connectors::builtinSpecs(), connectors::defaultValidationOptions(false));
  for (const auto& d : diagnostics)
    if (d.severity == model::Severity::Error) qFatal("invalid test pipeline: %s", model::format(d).c_str());
  runtime::EngineOptions o;
  o.workDir = dir.path().toStdString();
  o.stateDir = dir.filePath(QStringLiteral("state")).toStdString();
  auto e = runtime::Engine::create(p, connectors::builtinFactories(), o);
  if (!e) qFatal("%s", e.error().toString().c_str());
  return std::move(e).value();
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string file(const QTemporaryDir& dir, const char* name) {
  return dir.filePath(QString::fromLatin1(name)).toStdString();
}

}  // namespace

class TestRuntimePipelines final : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void seededDatagenThroughFilterAndMapIsExact() {
    QTemporaryDir dir;
    auto p = makePipeline(
        "exact",
        {node("gen", "source.datagen", {{"template", "orders"}, {"seed", 42}, {"rate", 0}, {"count", 5000}}),
         node("keep", "transform.filter", {{"condition", "amount >= 100 AND status <> 'cancelled'"}}),
         node("shape", "transform.map",
              {{"select",
                "order_id, upper(product) AS product, amount, amount * 2 AS doubled, CASE WHEN amount >= 500 "
                "THEN 'large' ELSE 'regular' END AS size"},
               {"rename", {{"order_id", "id"}}}}),
         node("out", "sink.file", {{"path", "out.jsonl"}})},
        {edge("gen", "keep"), edge("keep", "shape"), edge("shape", "out")});
    auto engine = makeEngine(p, dir);
    QCOMPARE(stateName(runToEnd(*engine)), stateName(runtime::State::Stopped));

    std::vector<std::string> expected;
    for (std::uint64_t i = 0; i < 5000; ++i) {
      auto r = connectors::generateRecord(connectors::DatagenTemplate::Orders, 42, i);
      double amount = r.value.find("amount")->asDouble();
      if (!(amount >= 100) || r.value.find("status")->asString() == "cancelled") continue;
      Value v;
      v.set("id", *r.value.find("order_id"));
      v.set("product", Value(upper(r.value.find("product")->asString())));
      v.set("amount", Value(amount));
      v.set("doubled", Value(amount * 2));
      v.set("size", Value(amount >= 500 ? "large" : "regular"));
      expected.push_back(record::toJson(v));
    }
    auto actual = readLines(file(dir, "out.jsonl"));
    QVERIFY(expected.size() > 1000 && expected.size() < 4000);  // the filter does filter
    QCOMPARE(actual.size(), expected.size());
    for (std::size_t i = 0; i < actual.size(); ++i) QCOMPARE(actual[i], expected[i]);
    auto snap = engine->snapshot();
    QCOMPARE(findNode(snap, "keep")->recordsIn, 5000u);
    QCOMPARE(findNode(snap, "keep")->recordsOut, static_cast<std::uint64_t>(expected.size()));
    QCOMPARE(findNode(snap, "out")->recordsOut, static_cast<std::uint64_t>(expected.size()));

    // Seeded data must not change between versions: users rely on reproducible runs.
    auto golden = readLines(std::string(TRIBUTARY_SOURCE_DIR) + "/tests/data/runtime/orders-seed42-filter-map.jsonl");
    QCOMPARE(golden.size(), 5u);
    for (std::size_t i = 0; i < golden.size(); ++i) QCOMPARE(actual[i], golden[i]);
  }

  void seed004TemplateTransformsProducts() {
    QTemporaryDir dir;
    auto loaded =
        model::loadPipeline(std::string(TRIBUTARY_SOURCE_DIR) + "/resources/templates/seed004-products.tributary.json");
    QVERIFY2(loaded.ok(), loaded.ok() ? "" : loaded.error().toString().c_str());
    model::Pipeline p = *loaded;
    // The transform is under test here, not MySQL or Kafka (tests/integration/sandbox/test_sandbox_templates
    // runs the whole template; tests/integration/kafka/test_topic_pipeline covers topic nodes): generated
    // products go straight to it, keeping the records in order, into one log.
    auto* gen = p.findNode("producer");
    QVERIFY(gen);
    gen->type = "source.datagen";
    gen->config = {{"count", 3000}, {"rate", 0}, {"seed", 4}, {"template", "products"}};
    auto* log = p.findNode("consumer-log");
    QVERIFY(log);
    log->config["path"] = "consumer_logs/products.jsonl";
    std::erase_if(p.nodes, [](const model::Node& n) { return n.type == "topic"; });
    p.edges = {{"producer", "", "transform", ""}, {"transform", "", "consumer-log", ""}};
    auto engine = makeEngine(p, dir);
    QCOMPARE(stateName(runToEnd(*engine)), stateName(runtime::State::Stopped));
    auto lines = readLines(file(dir, "consumer_logs/products.jsonl"));
    QCOMPARE(lines.size(), 3000u);
    std::uint64_t seed = gen->config["seed"].get<std::uint64_t>();
    int discounted = 0;
    for (std::uint64_t i = 0; i < lines.size(); ++i) {
      auto in = connectors::generateRecord(connectors::DatagenTemplate::Products, seed, i).value;
      std::string category = upper(in.find("category")->asString());
      double price = in.find("price")->asDouble();
      Value expected = in;
      expected.set("category", Value(category));
      expected.set("discount_price", Value(category == "CAT_5" ? price * 0.8 : price));
      discounted += category == "CAT_5";
      QCOMPARE(lines[i], record::toJson(expected));
    }
    QVERIFY(discounted > 200);  // about one in nine
  }

  void unwrapTurnsChangeEventsIntoRows() {
    QTemporaryDir dir;
    writeText(file(dir, "changes.jsonl"),
              "{\"before\":null,\"after\":{\"id\":1,\"name\":\"lamp\"},\"source\":{\"table\":\"products\"},\"op\":"
              "\"c\",\"ts_ms\":1}\n"
              "{\"before\":{\"id\":1,\"name\":\"lamp\"},\"after\":{\"id\":1,\"name\":\"desk "
              "lamp\"},\"source\":{\"table\":\"products\"},\"op\":\"u\",\"ts_ms\":2}\n"
              "{\"id\":7}\n"
              "{\"before\":{\"id\":1,\"name\":\"desk "
              "lamp\"},\"after\":null,\"source\":{\"table\":\"products\"},\"op\":\"d\",\"ts_ms\":3}\n");
    auto p = makePipeline("unwrap",
                          {node("in", "source.file", {{"path", "changes.jsonl"}}),
                           node("rows", "transform.unwrap", {{"add_fields", {"op", "table"}}}),
                           node("out", "sink.file", {{"path", "rows.jsonl"}})},
                          {edge("in", "rows"), edge("rows", "out")});
    auto engine = makeEngine(p, dir);
    QCOMPARE(stateName(runToEnd(*engine)), stateName(runtime::State::Stopped));
    auto rows = readLines(file(dir, "rows.jsonl"));
    QCOMPARE(rows.size(), 2u);
    QCOMPARE(rows[0], std::string("{\"id\":1,\"name\":\"lamp\",\"__op\":\"c\",\"__table\":\"products\"}"));
    QCOMPARE(rows[1], std::string("{\"id\":1,\"name\":\"desk lamp\",\"__op\":\"u\",\"__table\":\"products\"}"));
    QCOMPARE(findNode(engine->snapshot(), "rows")->deadLettered, 1u);  // {"id":7} is not a change event
    QCOMPARE(readLines(file(dir, "dead-letter/rows.jsonl")).size(), 1u);
  }

  void expressionErrorsGoThroughThePolicy() {
    QTemporaryDir dir;
    writeText(file(dir, "in.jsonl"), "{\"qty\":2}\n{\"qty\":\"two\"}\n{\"qty\":3}\n");
    auto p = makePipeline("exprerr",
                          {node("in", "source.file", {{"path", "in.jsonl"}}),
                           node("calc", "transform.map", {{"select", "qty + 1 AS next"}}),
                           node("out", "sink.file", {{"path", "out.jsonl"}})},
                          {edge("in", "calc"), edge("calc", "out")});
    auto engine = makeEngine(p, dir);
    QCOMPARE(stateName(runToEnd(*engine)), stateName(runtime::State::Stopped));
    QCOMPARE(readLines(file(dir, "out.jsonl")), (std::vector<std::string>{"{\"next\":3}", "{\"next\":4}"}));
    auto dead = readLines(file(dir, "dead-letter/calc.jsonl"));
    QCOMPARE(dead.size(), 1u);
    auto letter = nlohmann::json::parse(dead[0]);
    QCOMPARE(letter["record"]["value"]["qty"].get<std::string>(), std::string("two"));  // the input, intact
    QVERIFY(!letter["error"].get<std::string>().empty());
  }

  // The checkpoint names a file that is gone (a temporary input, a rotated log):
  // the source goes on with the files that exist instead of failing.
  void checkpointedFileThatVanishedIsSkipped() {
    QTemporaryDir dir;
    writeText(file(dir, "old.jsonl"), "{\"n\":1}\n");
    auto first = makePipeline("vanish", {node("in", "source.file", {{"path", "*.jsonl"}}),
                                         node("out", "sink.file", {{"path", "out/out.jsonl"}})},
                              {edge("in", "out")});
    {
      auto engine = makeEngine(first, dir);
      QCOMPARE(stateName(runToEnd(*engine)), stateName(runtime::State::Stopped));
    }
    QVERIFY(QFile::remove(dir.filePath(QStringLiteral("old.jsonl"))));
    writeText(file(dir, "new.jsonl"), "{\"n\":2}\n");
    auto engine = makeEngine(first, dir);
    QCOMPARE(stateName(runToEnd(*engine)), stateName(runtime::State::Stopped));
    QCOMPARE(readLines(file(dir, "out/out.jsonl")), (std::vector<std::string>{"{\"n\":1}", "{\"n\":2}"}));
  }

  // A broken select list is found while editing, not when the pipeline starts.
  void mapSelectListsAreValidated() {
    auto p = makePipeline("badselect",
                          {node("in", "source.file", {{"path", "in.jsonl"}}),
                           node("calc", "transform.map", {{"select", "qty +, upper(name) AS"}}),
                           node("out", "sink.file", {{"path", "out.jsonl"}})},
                          {edge("in", "calc"), edge("calc", "out")});
    auto diagnostics = model::validate(p, connectors::builtinSpecs(), connectors::defaultValidationOptions(false));
    bool found = false;
    for (const auto& d : diagnostics)
      if (d.severity == model::Severity::Error && d.nodeId == "calc" && d.field == "select") found = true;
    QVERIFY2(found, diagnostics.empty() ? "no diagnostics" : model::format(diagnostics.front()).c_str());
  }
};

QTEST_APPLESS_MAIN(TestRuntimePipelines)
#include "test_runtime_pipelines.moc"
