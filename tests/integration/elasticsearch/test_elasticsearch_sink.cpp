// sink.elasticsearch against the strict Elasticsearch test double
// (es_double.py, run with /usr/bin/python3): no real Elasticsearch can run
// here (docs/elasticsearch.md). The double refuses and records anything a
// real server would refuse (NDJSON framing, action/source pairing, content
// type, _id/version fields, data-stream rules) and can be scripted to answer
// per item 400/409/429/5xx and per request 429/503.
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>
#include <fstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "core/connectors/builtin.h"
#include "core/connectors/elasticsearch_sink.h"
#include "core/record/json.h"
#include "tests/support/es_double.h"

using namespace tributary;
using record::Record;
using record::Value;

namespace {
class Double final : public testing::EsDouble {
 public:
  explicit Double(const QString& dir, const QString& flavor = QStringLiteral("elasticsearch"))
      : EsDouble(QStringLiteral(TRIBUTARY_SOURCE_DIR), dir, flavor) {}
};

class Errors final : public runtime::ErrorReporter {
 public:
  void report(const Record&, const Error& e) override { messages.push_back(e.toString()); }
  void reportRaw(std::string_view, const Error& e, record::SourcePosition) override { messages.push_back(e.message); }
  bool failed() const override { return false; }
  std::vector<std::string> messages;
};

Result<std::unique_ptr<runtime::Sink>> makeSink(nlohmann::json config) {
  const runtime::NodeFactory* f = connectors::builtinFactories().find("sink.elasticsearch");
  runtime::NodeContext ctx;
  ctx.pipeline = "p";
  ctx.nodeId = "es";
  ctx.type = "sink.elasticsearch";
  ctx.config = f->spec.withDefaults(config);
  ctx.config["retry_backoff_ms"] = 10;
  return f->sink(ctx);
}

Record doc(std::int64_t id, std::int64_t offset, std::string name = "x") {
  Record r;
  r.key = Value(std::to_string(id));
  r.value.set("id", Value(id));
  r.value.set("name", Value(std::move(name)));
  r.position = {0, offset};
  r.timestampMs = 1709247599999;
  return r;
}

record::Batch docs(std::int64_t n, std::int64_t offset0 = 0) {
  record::Batch b;
  for (std::int64_t i = 0; i < n; ++i) b.push_back(doc(i, offset0 + i));
  return b;
}

}  // namespace

class TestElasticsearchSink final : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void indexesWithExternalVersionsAndReplaysAreNoOps() {
    QTemporaryDir dir;
    Double es(dir.path());
    auto sink = makeSink({{"url", es.url()}, {"index", "users"}, {"max_actions", 3}, {"concurrency", 2}});
    QVERIFY(sink.ok());
    Errors e;
    QVERIFY((*sink)->open(e).ok());
    es.script({{"delay_ms", 100}});
    auto written = (*sink)->write(docs(10), e);
    QVERIFY2(written.ok(), written ? "" : written.error().toString().c_str());
    auto st = es.state();
    QCOMPARE(st["violations"].size(), std::size_t{0});
    QCOMPARE(st["bulk_requests"].get<int>(), 4);  // 3 + 3 + 3 + 1 actions
    QCOMPARE(st["max_in_flight"].get<int>(), 2);
    QCOMPARE(st["docs"]["users"].size(), std::size_t{10});
    QCOMPARE(st["docs"]["users"]["7"]["version"].get<int>(), 7);
    QCOMPARE(st["docs"]["users"]["7"]["source"]["name"].get<std::string>(), std::string("x"));
    // A replay of the same offsets: 409s from the external versions, ignored.
    es.script({{"delay_ms", 0}});
    record::Batch again = docs(10);
    again[7].value.set("name", Value("changed"));
    QVERIFY((*sink)->write(again, e).ok());
    st = es.state();
    QCOMPARE(st["docs"]["users"]["7"]["source"]["name"].get<std::string>(), std::string("x"));
    QVERIFY(e.messages.empty());
  }

  void perItemErrorsAndWholeRequestRetries() {
    QTemporaryDir dir;
    Double es(dir.path());
    auto sink = makeSink({{"url", es.url()}, {"index", "users"}});
    Errors e;
    QVERIFY((*sink)->open(e).ok());
    // Two whole-request failures, then items: id 2 malformed, id 4 rejected twice (429) then accepted.
    es.script({{"requests", {503, 429}}, {"items", {{"2", {400}}, {"4", {429, 429}}}}});
    auto written = (*sink)->write(docs(6), e);
    QVERIFY2(written.ok(), written ? "" : written.error().toString().c_str());
    auto st = es.state();
    QCOMPARE(st["violations"].size(), std::size_t{0});
    QCOMPARE(st["docs"]["users"].size(), std::size_t{5});  // all but the malformed one
    QVERIFY(st["docs"]["users"].contains("4"));
    QCOMPARE(e.messages.size(), std::size_t{1});
    QVERIFY2(e.messages[0].find("mapper_parsing_exception: failed to parse field [amount]") != std::string::npos,
             e.messages[0].c_str());
    // Any other item failure fails the batch (the engine retries it).
    es.script({{"items", {{"1", {500}}}}});
    auto failed = (*sink)->write(docs(3, 100), e);
    QVERIFY(!failed.ok());
    QVERIFY2(failed.error().message.find("500 scripted_failure") != std::string::npos, failed.error().message.c_str());
    // Whole requests failing beyond the retries fail the batch too.
    es.script({{"requests", {503, 503, 503, 503, 503, 503, 503}}});
    failed = (*sink)->write(docs(1, 200), e);
    QVERIFY(!failed.ok());
    QVERIFY2(failed.error().message.find("after 5 retries") != std::string::npos, failed.error().message.c_str());
  }

  void deletesUpdatesAndDataStreams() {
    QTemporaryDir dir;
    Double es(dir.path());
    Errors e;
    auto sink = makeSink({{"url", es.url()}, {"index", "users"}});
    QVERIFY((*sink)->open(e).ok());
    QVERIFY((*sink)->write(docs(3), e).ok());
    record::Batch deletes;
    Record tombstone;
    tombstone.key = Value("0");
    tombstone.position = {0, 10};
    deletes.push_back(tombstone);
    Record change = doc(1, 11);
    Value envelope = Value::makeObject();
    envelope.set("before", change.value);
    envelope.set("after", Value());
    envelope.set("op", Value("d"));
    change.value = envelope;
    deletes.push_back(change);
    QVERIFY((*sink)->write(deletes, e).ok());
    auto st = es.state();
    QVERIFY(st["docs"]["users"]["0"]["deleted"].get<bool>());
    QVERIFY(st["docs"]["users"]["1"]["deleted"].get<bool>());
    QVERIFY(!st["docs"]["users"]["2"].contains("deleted"));

    auto update = makeSink({{"url", es.url()}, {"index", "users"}, {"mode", "update"}});
    QVERIFY((*update)->open(e).ok());
    Record partial;
    partial.key = Value("2");
    partial.value.set("email", Value("two@example.com"));
    partial.position = {0, 12};
    QVERIFY((*update)->write({partial}, e).ok());
    st = es.state();
    QCOMPARE(st["docs"]["users"]["2"]["source"]["email"].get<std::string>(), std::string("two@example.com"));
    QCOMPARE(st["docs"]["users"]["2"]["source"]["name"].get<std::string>(), std::string("x"));

    auto stream = makeSink({{"url", es.url()}, {"index", "logs-orders"}, {"data_stream", true}, {"id", "none"}});
    QVERIFY((*stream)->open(e).ok());
    QVERIFY((*stream)->write(docs(2), e).ok());
    st = es.state();
    QCOMPARE(st["violations"].size(), std::size_t{0});
    QCOMPARE(st["docs"]["logs-orders"].size(), std::size_t{2});
    for (auto& [id, d] : st["docs"]["logs-orders"].items())
      QCOMPARE(d["source"]["@timestamp"].get<std::string>(), std::string("2024-02-29T22:59:59.999Z"));
  }

  void indexNamesAndIdsFromExpressions() {
    QTemporaryDir dir;
    Double es(dir.path());
    Errors e;
    auto bad = makeSink({{"url", es.url()}, {"index", "Users"}});
    QVERIFY(!bad.ok());
    QCOMPARE(bad.error().where, std::string("config.index"));
    QVERIFY2(bad.error().message.find("lower case") != std::string::npos, bad.error().message.c_str());
    QVERIFY(connectors::invalidIndexName("a b").has_value());
    QVERIFY(connectors::invalidIndexName("_x").has_value());
    QVERIFY(!connectors::invalidIndexName("orders-2024.03").has_value());
    auto sink = makeSink({{"url", es.url()},
                          {"index_expression", "'users-' || name"},
                          {"id", "expression"},
                          {"id_expression", "'u' || cast(id AS string)"}});
    QVERIFY2(sink.ok(), sink ? "" : sink.error().toString().c_str());
    QVERIFY((*sink)->open(e).ok());
    record::Batch b = {doc(1, 1, "nl"), doc(2, 2, "NL"), doc(3, 3, "de")};
    QVERIFY((*sink)->write(b, e).ok());
    auto st = es.state();
    QCOMPARE(st["violations"].size(), std::size_t{0});
    QVERIFY(st["docs"]["users-nl"].contains("u1"));
    QVERIFY(st["docs"]["users-de"].contains("u3"));
    QCOMPARE(e.messages.size(), std::size_t{1});  // users-NL: refused with the reason, the rest written
    QVERIFY2(e.messages[0].find("lower case") != std::string::npos, e.messages[0].c_str());
    auto position = makeSink({{"url", es.url()}, {"index", "events"}, {"id", "position"}, {"topic", "P_USERS"}});
    QVERIFY((*position)->open(e).ok());
    QVERIFY((*position)->write(docs(1, 42), e).ok());
    QVERIFY(es.state()["docs"]["events"].contains("P_USERS+0+42"));
  }

  void openChecksTheServerAndSendsCredentials() {
    QTemporaryDir dir;
    Errors e;
    {
      Double other(dir.path(), QStringLiteral("other"));
      auto sink = makeSink({{"url", other.url()}, {"index", "x"}});
      auto opened = (*sink)->open(e);
      QVERIFY(!opened.ok());
      QVERIFY2(opened.error().message.find("is not Elasticsearch or OpenSearch") != std::string::npos,
               opened.error().message.c_str());
    }
    Double es(dir.path(), QStringLiteral("opensearch"));
    auto basic = makeSink({{"url", es.url()}, {"index", "x"}, {"username", "elastic"}, {"password", "s3cret"}});
    QVERIFY((*basic)->open(e).ok());
    auto key = makeSink({{"url", es.url()}, {"index", "x"}, {"api_key", "aWQ6a2V5"}});
    QVERIFY((*key)->open(e).ok());
    auto auth = es.state()["auth"];
    QCOMPARE(auth[0].get<std::string>(), std::string("Basic ZWxhc3RpYzpzM2NyZXQ="));
    QCOMPARE(auth[1].get<std::string>(), std::string("ApiKey aWQ6a2V5"));
    auto down = makeSink({{"url", "http://127.0.0.1:1"}, {"index", "x"}});
    auto refused = (*down)->open(e);
    QVERIFY(!refused.ok());
    QVERIFY2(refused.error().message.find("cannot reach Elasticsearch") != std::string::npos,
             refused.error().message.c_str());
  }
};

QTEST_GUILESS_MAIN(TestElasticsearchSink)
#include "test_elasticsearch_sink.moc"
